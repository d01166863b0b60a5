// save_derivative.cpp — training steps, after autodiff: gelu's backward becomes a product with
// gelu's derivative, a function of the forward's input alone, which the forward's kernel then
// computes and stores beside gelu.
//
// Why: unary_grad(x, x, dy){fn=gelu} evaluates Φ(x) + x φ(x) — Φ's polynomial and an exp per
// element — in the backward, after the forward's kernel evaluated the same Φ(x) for gelu(x) =
// x Φ(x). As mul(dy, unary_grad(x, x){fn=gelu}) the factor reads only x, so the fusion planner
// computes it in the forward's kernel as a second stored result (a sibling, fusion.cpp): Φ (and
// its exp, which is φ's: codegen's phiF32) and the load of x are shared, and the backward's
// kernel is a multiply (sparse_and_mlp: its three backward gelu kernels were a quarter of the
// step). A dropout on dy stays in the backward: moved into the factor, its scaling would round
// at another place. Where no forward kernel can hold the factor (gelu inside a row kernel, say),
// fusion puts it back into its reader, where unary_grad computed it before.
//
// Assumes: a verified training step (autodiff appended). Guarantees: each unary_grad of gelu
// whose x the graph also feeds to gelu (its forward) keeps its name and result, now
// mul(dy, unary_grad(x, x){fn=gelu}) — bitwise the same values: the factor is the derivative the
// node multiplied dy by, rounded as before.
#include <set>

#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool runDerivativeSaving(Graph& g) {
  std::set<std::pair<const Node*, int>> geluInputs;  // values some gelu reads
  for (const auto& np : g.nodes())
    if (np->op->name == "gelu") geluInputs.insert({np->operands[0].node, np->operands[0].index});
  std::vector<Node*> grads;
  for (const auto& np : g.nodes())
    if (np->op->name == "unary_grad" && np->s("fn") == "gelu" && np->operands[2] && geluInputs.count({np->operands[0].node, np->operands[0].index}))
      grads.push_back(np.get());
  for (Node* n : grads) {
    const Value x = n->operands[0], dy = n->operands[2];
    Node* factor = g.insertBefore(n, g.freshName(x.node->name + ".dgelu"), op("unary_grad"), {x, x, Value{}}, {"x", "y", "dy"},
                                  {{"fn", Attr{std::string("gelu"), n->loc}}}, n->loc);
    n->op = &op("mul");
    n->operands = {dy, factor->result(0)};
    n->operandNames = {"a", "b"};
    n->attrs.clear();
  }
  return !grads.empty();
}

}  // namespace sinter
