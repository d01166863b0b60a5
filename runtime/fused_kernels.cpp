// fused_kernels.cpp — which fused kernel runs a node (the list is in fused_kernels.h).
#include "runtime/fused_kernels.h"

#include "compiler/ir/ops.h"
#include "runtime/attention.h"
#include "runtime/lstm.h"

namespace sinter {

std::unique_ptr<FusedKernel> makeFusedKernel(const Node& n, uint32_t unusedResults, FusedKernelContext& ctx) {
  const std::string& op = n.op->name;
  if (op == "adam_update" || op == "sgd_update") return makeOptimizerKernel(n);
  if (op == "lstm" || op == "lstm_grad") return makeLstmKernel(n, ctx);
  if (op == "attention" || op == "mha" || op == "attention_grad" || op == "mha_grad") return makeAttentionKernel(n, !(unusedResults & 2), ctx);
  throw InternalError("no fused kernel for " + op);
}

}  // namespace sinter
