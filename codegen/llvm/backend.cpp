#include "codegen/llvm/backend.h"

namespace sinter::llvmgen {

ExecutorFactory executorFactory(const CodegenOptions& opts, const loops::LowerOptions& lower) {
  return [opts, lower](const Graph& g) -> std::unique_ptr<Executor> {
    loops::Program program = loops::lower(g, lower);
    std::shared_ptr<JitProgram> jit = JitProgram::compile(program, opts);
    std::vector<ProgramExecutor::KernelFn> kernels;
    for (size_t k = 0; k < program.kernels.size(); ++k) kernels.push_back(jit->kernel(static_cast<int>(k)));
    return std::make_unique<ProgramExecutor>(g, std::move(program), std::move(kernels), jit);
  };
}

}  // namespace sinter::llvmgen
