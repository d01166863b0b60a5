// pool_relu.cpp — maxpool2d(relu(x)) becomes relu(maxpool2d(x)): the relu then runs on the pooled
// tensor (k² times fewer elements for tiling windows) and the full-size relu tensor is never
// stored; in a training step its gradient pass over the full size disappears too.
//
// Exact, values and gradients alike: relu is monotone, so the window maximum of relu(x) is relu
// of its maximum. Gradients: where a window's maximum m is > 0, the first maximum of relu(x) is the
// first maximum of x (positive values are unchanged, the rest become 0 < m), and relu' there is 1,
// so dy reaches the same element either way; where m ≤ 0, relu' is 0 on the element dy reaches in
// the original and relu'(m) = 0 in the rewrite: no gradient either way.
//
// Assumes: a verified graph, before autodiff. Guarantees: applied where the relu's only reader is
// the maxpool and it is not an output, metric or the loss; the new maxpool is named POOL.max and
// the relu POOL.relu; a note in Graph::notes per rewrite.
#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool runPoolBeforeRelu(Graph& g) {
  Readers readers(g);
  std::vector<Node*> pools;
  for (const auto& np : g.nodes()) {
    Node* pool = np.get();
    if (pool->op->name != "maxpool2d") continue;
    const Value& x = pool->operands[0];
    if (x.node->op->name == "relu" && readers.single(x.node)) pools.push_back(pool);
  }
  for (Node* pool : pools) {
    Node* relu = pool->operands[0].node;
    Node* max = g.insertBefore(pool, pool->name + ".max", *pool->op, {relu->operands[0]}, pool->operandNames, pool->attrs, pool->loc);
    Node* act = g.insertBefore(pool, pool->name + ".relu", *relu->op, {max->result(0)}, relu->operandNames, relu->attrs, relu->loc);
    g.replaceAllUses(pool->result(0), act->result(0));
    g.notes.push_back("maxpool2d %" + pool->name + " of relu %" + relu->name + " reordered: relu %" + act->name + " of maxpool2d %" +
                      max->name + " (the same values and gradients, relu on the pooled size)");
  }
  if (pools.empty()) return false;
  runDeadCodeElimination(g);
  return true;
}

}  // namespace sinter
