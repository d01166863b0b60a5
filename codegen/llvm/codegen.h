// codegen.h — loop IR → LLVM IR → native code (ORC LLJIT, or an object file), for the host CPU.
//
// Each loop-IR kernel becomes `void NAME(void** buffers, int64_t begin, int64_t end)`: buffers[i]
// is the base pointer of buffer i of the program; the kernel's split loop (Kernel::splitVar) runs
// [begin, end) of its range, the executor's lanes running parts of it side by side. Loops become
// LLVM loops with i64 induction variables; exp, log, tanh and Φ (ncdf) are inline polynomials; the
// module is optimised at O3 for the host (AVX-512 where available; `cpu` names a portable target
// instead) before it is JIT compiled or written as a relocatable object. JIT,
// dumps and objects share one module builder and one pipeline. The only translation unit that
// includes LLVM headers is codegen.cpp (they are heavy).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/loops/loop_ir.h"

namespace sinter::llvmgen {

using KernelFn = void (*)(void** buffers, int64_t begin, int64_t end);

struct CodegenOptions {
  std::string cpu;  // "" = the host CPU; e.g. "x86-64-v3" for a portable target
  int optLevel = 3;
};

class JitProgram {
 public:
  ~JitProgram();
  // Generates, optimises and JIT-compiles every kernel of `p`. Throws InternalError on LLVM failures.
  static std::unique_ptr<JitProgram> compile(const loops::Program& p, const CodegenOptions& opts = {});
  KernelFn kernel(int index) const { return kernels_.at(index); }
  double compileMs() const { return compileMs_; }

 private:
  JitProgram() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<KernelFn> kernels_;
  double compileMs_ = 0;
};

// One program of an ahead-of-time object, found at run time by its graph fingerprint
// (runtime/aot.h: graphFingerprint).
struct AotProgram {
  std::string fingerprint;
  std::string label;                       // e.g. "step B=500", for messages
  const loops::Program* program = nullptr;
};

// Everything an AOT trainer embeds: its programs and the spec it rebuilds their graphs from.
struct AotImage {
  int64_t abi = 0;                          // runtime/aot.h: kAotAbi
  std::string model, specPath, specDir, specText, bindings, cpu;
  std::vector<AotProgram> programs;
};

// A relocatable object (PIC) holding every program's kernels (symbols sinter_aot_p<I>_<kernel>)
// and the constant `sinter_aot_registry` laid out as runtime/aot.h's `sinter_aot_registry_t`:
// the spec, and per program its fingerprint, label and kernel table. Returns the file's bytes.
std::string emitObject(const AotImage& image, const CodegenOptions& opts = {});

// The LLVM IR of a program as text: before (`optimised` false) or after the O3 pipeline.
std::string emitLLVM(const loops::Program& p, bool optimised, const CodegenOptions& opts = {});
// The host assembly of the optimised module.
std::string emitAssembly(const loops::Program& p, const CodegenOptions& opts = {});

}  // namespace sinter::llvmgen
