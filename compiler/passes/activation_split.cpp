// activation_split.cpp — before autodiff in a training step: a linear whose fused activation's
// derivative needs the pre-activation (gelu: its derivative is a function of x, not of y) becomes
// linear(activation=none) followed by the activation.
//
// Why: the backward of linear(activation=gelu) needs x = xW^T + b, which the fused node never
// stores; autodiff would recompute it — a second matrix product per layer per step
// (sparse_and_mlp: three). Split, the product is computed once and kept for the backward; the
// activation becomes an elementwise node (a generated kernel) instead of a oneDNN post-op.
// Activations whose derivative reads y (relu, sigmoid, tanh) stay fused. The forward (inference)
// graph is not split: there is no backward to feed.
//
// Assumes: a verified graph. Guarantees: the same values (the activation's output replaces the
// linear's everywhere: outputs, loss, metrics); the product is named NAME.pre and the
// activation NAME.act; a note in Graph::notes per split.
#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool runActivationSplit(Graph& g) {
  std::vector<Node*> fused;
  for (const auto& np : g.nodes())
    if (np->op->name == "linear" && np->s("activation") == "gelu") fused.push_back(np.get());
  for (Node* n : fused) {
    AttrMap attrs = n->attrs;
    attrs["activation"].value = std::string("none");
    Node* pre = g.insertBefore(n, n->name + ".pre", *n->op, n->operands, n->operandNames, attrs, n->loc);
    Node* act = g.insertBefore(n, n->name + ".act", op(n->s("activation")), {pre->result(0)}, {"x"}, {}, n->loc);
    g.replaceAllUses(n->result(0), act->result(0));
    g.notes.push_back("linear %" + n->name + " split into %" + pre->name + " and %" + act->name + " (" + n->s("activation") +
                      "): its backward reads the pre-activation, not recomputed");
  }
  if (fused.empty()) return false;
  runDeadCodeElimination(g);
  return true;
}

}  // namespace sinter
