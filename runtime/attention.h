// attention.h — attention, attention_grad, mha and mha_grad as fused kernels of the compiled
// backend, on the blockwise online-softmax kernels of runtime/flash_attention.h: the Lq×Lk
// weights exist only when the graph reads them (attention's `weights` result), never in the
// backward (scores are recomputed per block from the saved log-sum-exp).
//   attention       q, k, v (batch dimensions may broadcast) -> out, lse saved for the backward;
//                   weights written by a second pass over the scores only when they are used
//   attention_grad  the forward again (out, lse), then the blockwise backward; broadcast
//                   operands are expanded into scratch and their gradients summed back
//   mha             qkv = x·W_inᵀ + b_in (one GEMM), attention per (batch, head) read in place
//                   from the packed qkv (strides, no copies), out = attended·W_outᵀ + b_out
//   mha_grad        the forward's saved projections and log-sum-exp (or the forward again when
//                   no fused mha node ran it), then the GEMMs of the projections' gradients
//                   and the blockwise backward writing dqkv in place
// Lowering sends a node here only when the gradient has no dweights operand and, for mha, its
// head-averaged weights are unused (hasFusedKernel); the others run the reference kernels.
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/fused_kernels.h"

namespace sinter {

// `writeWeights`: whether the node's weights result is read (attention only). An mha node and
// its mha_grad share the forward's projections and log-sum-exp through `ctx`.
std::unique_ptr<FusedKernel> makeAttentionKernel(const Node& n, bool writeWeights, FusedKernelContext& ctx);

}  // namespace sinter
