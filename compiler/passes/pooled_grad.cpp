// pooled_grad.cpp — a convolution's weight gradient read through the max pool after it:
//   conv2d_grad_weight(x, maxpool2d_grad(p, dy))  ->  conv2d_grad_weight_pooled(x, p, dy)
// The unpooled gradient has k² times the pooled one's elements, all but one in each window zero:
// mnist_add's first one is 16.6 MB a step, written by the pool's gradient and read again by the
// weight gradient (oneDNN, through its im2col). The fused kernel of conv2d_grad_weight_pooled
// (runtime/pooled_grad.cpp) finds each window's maximum in p and accumulates its dy against the
// input under the convolution's window there. The bias gradient, a sum of the unpooled gradient,
// is left as it is: lowering already computes it from dy without storing the unpooled gradient
// (compiler/loops), in the original order of additions.
//
// The op is defined as the composition (its reference kernel computes exactly that), so the
// interpreter's numbers do not change; the fused kernel adds in another order.
//
// Assumes: a verified training step, after autodiff. Guarantees: applied where the shapes are
// those the fused kernel holds in registers — convolution stride 1 and no padding, a 2×2 window
// with stride 2, C·k² ≤ 16 with k ≤ 3 (C input channels, k the kernel); other readers of the
// pool's gradient keep it; a note in Graph::notes per rewrite. The pass does not see the
// lowering's options: with fused kernels off, the op runs its reference composition (correct,
// single-threaded Eigen, slower than oneDNN's weight gradient).
#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool pooledWeightGradientSupported(int64_t channels, int64_t kernel, int64_t stride, int64_t padding, int64_t poolKernel, int64_t poolStride) {
  return stride == 1 && padding == 0 && poolKernel == 2 && (poolStride == 0 || poolStride == 2) && kernel <= 3 &&
         channels * kernel * kernel <= kPooledGradMaxWeights;
}

bool runPooledWeightGradient(Graph& g) {
  std::vector<Node*> convs;
  for (const auto& np : g.nodes()) {
    Node* conv = np.get();
    if (conv->op->name != "conv2d_grad_weight") continue;
    const Node* pool = conv->operands[1].node;
    if (pool->op->name != "maxpool2d_grad" || conv->operands[0].type().rank() != 4) continue;
    if (pooledWeightGradientSupported(conv->operands[0].type().shape[1], conv->i("kernel"), conv->i("stride"), conv->i("padding"), pool->i("kernel"),
                                      pool->i("stride")))
      convs.push_back(conv);
  }
  for (Node* conv : convs) {
    const Node* pool = conv->operands[1].node;
    AttrMap attrs = conv->attrs;
    attrs["pool_kernel"] = Attr{pool->i("kernel"), pool->loc};
    attrs["pool_stride"] = Attr{pool->i("stride"), pool->loc};
    Node* fused = g.insertBefore(conv, g.freshName(conv->name + ".pooled"), op("conv2d_grad_weight_pooled"),
                                 {conv->operands[0], pool->operands[0], pool->operands[1]}, {"x", "p", "dy"}, attrs, conv->loc);
    g.replaceAllUses(conv->result(0), fused->result(0));
    g.notes.push_back("conv2d_grad_weight %" + conv->name + " of maxpool2d_grad %" + pool->name + " became conv2d_grad_weight_pooled %" +
                      fused->name + " of the pooled gradient (the unpooled one not read)");
  }
  if (convs.empty()) return false;
  runDeadCodeElimination(g);
  return true;
}

}  // namespace sinter
