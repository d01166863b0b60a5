// executor.h — running a graph: the reference interpreter or a compiled program.
//
// The training driver and `sinter run` talk to an Executor, made for one graph by a factory the
// CLI picks (`--backend interp|llvm`). ProgramExecutor runs a lowered loop-IR program whose
// kernels some backend compiled (the LLVM JIT today; an AOT object later): it owns every
// buffer, binds the feeds to the external ones, calls the generated kernels and, for library
// steps, the reference kernel of the node over views of the buffers. It does not link LLVM.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/loops/loop_ir.h"
#include "runtime/interpreter.h"

namespace sinter {

class Executor {
 public:
  virtual ~Executor() = default;
  // Every node's results, like evaluate(). The tensors may alias the executor's buffers and stay
  // valid until the next run or the executor's destruction: copy what must outlive either.
  virtual Values run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) = 0;
};

using ExecutorFactory = std::function<std::unique_ptr<Executor>(const Graph&)>;

// The reference interpreter behind the Executor interface.
std::unique_ptr<Executor> makeInterpreterExecutor(const Graph& g);

class ProgramExecutor : public Executor {
 public:
  using KernelFn = void (*)(void** buffers);
  // `keepAlive` owns whatever the kernel pointers live in (a JIT session).
  ProgramExecutor(const Graph& g, loops::Program program, std::vector<KernelFn> kernels, std::shared_ptr<void> keepAlive);
  Values run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) override;
  const loops::Program& program() const { return program_; }

 private:
  const Graph& g_;
  loops::Program program_;
  std::vector<KernelFn> kernels_;
  std::shared_ptr<void> keepAlive_;
  std::vector<Tensor> buffers_;  // one per program buffer, allocated once
  std::vector<void*> pointers_;  // buffers_[i].raw(), what kernels receive
};

}  // namespace sinter
