// aot.h — running kernels compiled ahead of time (`sinter compile`), without LLVM.
//
// `sinter compile` lowers every graph a run needs, compiles all their kernels into one object
// and links it into a standalone trainer. That object defines `sinter_aot_registry` (the layout
// below, emitted by codegen/llvm/codegen.cpp's emitObject): the spec it was compiled from, and
// per graph its fingerprint, a label and a table of kernel pointers. At startup the trainer
// rebuilds its graphs from the embedded spec with the same compiler code, and the executor
// factory here finds each graph's kernels by fingerprint: a graph the object was not compiled
// for (other --bind values, another sinter version) is a clear error, never wrong code.
#pragma once

#include <cstdint>
#include <string>

#include "compiler/loops/loop_ir.h"
#include "compiler/spec/spec.h"
#include "runtime/executor.h"

extern "C" {
typedef void (*sinter_kernel_fn)(void** buffers, int64_t begin, int64_t end);

struct sinter_aot_program_t {
  const char* fingerprint;          // graphFingerprint(), 16 hex digits
  const char* label;                // "step B=500", "forward B=500"
  int64_t num_kernels;
  const sinter_kernel_fn* kernels;  // in the order of loops::Program::kernels
};

struct sinter_aot_registry_t {
  int64_t abi;                      // kAotAbi of the compiler that wrote it
  const char* model;
  const char* spec_path;            // the path given to sinter compile (messages, summary.json)
  const char* spec_dir;             // its absolute directory (relative data paths)
  const char* spec_text;            // the spec itself
  const char* bindings;             // --bind of sinter compile, "B=8,T=4" or ""
  const char* cpu;                  // --cpu of sinter compile, "" = the compiling host
  int64_t num_programs;
  const sinter_aot_program_t* programs;
};
}

namespace sinter {

// Bumped whenever the registry layout or the kernel calling convention changes.
constexpr int64_t kAotAbi = 2;  // 2: kernels take the split loop's range

// A stable 64-bit FNV-1a hash (16 hex digits) of the graph's text and its lowered program's
// text: equal exactly when the kernels compiled for one fit the other.
std::string graphFingerprint(const Graph& g, const loops::Program& p);

// Executors whose kernels come from `registry`; UserError when a graph has none there.
ExecutorFactory aotExecutorFactory(const sinter_aot_registry_t& registry);

// "B=8,T=4" <-> bindings.
std::string formatBindings(const Bindings& b);
Bindings parseBindings(const std::string& text);

}  // namespace sinter
