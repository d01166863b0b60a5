// fused_kernels.cpp — which fused kernel runs a node (the list is in fused_kernels.h).
#include "runtime/fused_kernels.h"

#include "compiler/ir/ops.h"
#include "runtime/attention.h"
#include "runtime/lstm.h"
#include "runtime/vecmath.h"

namespace sinter {

SINTER_CLONES void columnSums(const float* __restrict m, int64_t rows, int64_t cols, float* __restrict out) {
  std::fill(out, out + cols, 0.0f);
  for (int64_t r = 0; r < rows; ++r)
#pragma GCC ivdep
    for (int64_t k = 0; k < cols; ++k) out[k] += m[r * cols + k];
}

std::unique_ptr<FusedKernel> makeFusedKernel(const Node& n, uint32_t unusedResults, FusedKernelContext& ctx) {
  const std::string& op = n.op->name;
  if (op == "adam_update" || op == "sgd_update") return makeOptimizerKernel(n);
  if (op == "conv2d_grad_weight_pooled") return makePooledGradKernel(n);
  if (op == "lstm" || op == "lstm_grad") return makeLstmKernel(n, unusedResults, ctx);
  if (op == "attention" || op == "mha" || op == "attention_grad" || op == "mha_grad") return makeAttentionKernel(n, !(unusedResults & 2), ctx);
  throw InternalError("no fused kernel for " + op);
}

}  // namespace sinter
