// backend.h — the LLVM CPU backend as an executor factory: lower the graph to loop IR, JIT the
// kernels, run them with runtime/executor.h's ProgramExecutor.
#pragma once

#include "codegen/llvm/codegen.h"
#include "runtime/executor.h"

namespace sinter::llvmgen {

ExecutorFactory executorFactory(const CodegenOptions& opts = {}, const loops::LowerOptions& lower = {});

}  // namespace sinter::llvmgen
