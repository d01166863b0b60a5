// dce.cpp — dead code elimination.
//
// Assumes: a verified graph. Guarantees: every remaining non-source node is used, directly or
// transitively, by an output, the loss, a metric, a gradient or an update; sources (inputs,
// parameters, optimiser state) are kept so the graph's interface does not change.
#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

Readers::Readers(const Graph& g) : count_(g.nodes().size(), 0), named_(g.nodes().size(), false) {
  for (const auto& np : g.nodes())
    for (const Value& v : np->operands)
      if (v) ++count_[v.node->id];
  auto name = [&](const Value& v) {
    if (v) named_[v.node->id] = true;
  };
  for (const auto& [n, v] : g.outputs) name(v);
  for (const auto& [n, v] : g.metrics) name(v);
  name(g.loss);
  for (const auto& [p, v] : g.grads) name(v);
  for (const auto& [p, v] : g.updates) name(v);
}

bool Readers::single(const Node* n) const { return n->results.size() == 1 && count_[n->id] == 1 && !named_[n->id]; }

bool runDeadCodeElimination(Graph& g) {
  std::vector<bool> live(g.nodes().size(), false);
  auto mark = [&](const Value& v) {
    if (v) live[v.node->id] = true;
  };
  for (const auto& [n, v] : g.outputs) mark(v);
  for (const auto& [n, v] : g.metrics) mark(v);
  mark(g.loss);
  for (const auto& [p, v] : g.grads) mark(v);
  for (const auto& [p, v] : g.updates) mark(v);
  for (const auto& n : g.nodes())
    if (n->op->cls == OpClass::Source) live[n->id] = true;
  for (size_t i = g.nodes().size(); i-- > 0;)
    if (live[i])
      for (const Value& v : g.nodes()[i]->operands) mark(v);
  bool changed = false;
  for (bool l : live) changed = changed || !l;
  if (changed) g.erase([&](const Node& n) { return !live[n.id]; });
  return changed;
}

}  // namespace sinter
