// cse.cpp — common subexpression elimination.
//
// Assumes: a verified graph; every op is a pure function of its operands and attributes (true
// for all ops: dropout's mask stream is an attribute). Guarantees: no two non-source nodes apply
// the same op with the same attributes to the same operands; the first in execution order stays,
// later copies are erased and their uses redirected.
#include <map>

#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

static std::string keyOf(const Node& n) {
  std::string key = n.op->name + "(";
  for (size_t k = 0; k < n.operands.size(); ++k) {
    const Value& v = n.operands[k];
    key += n.operandNames[k] + "=" + (v ? std::to_string(v.node->id) + ":" + std::to_string(v.index) : "-") + ",";
  }
  key += "){";
  for (const auto& [name, a] : n.attrs) key += name + "=" + attrValueStr(a.value) + ",";
  return key + "}";
}

bool runCommonSubexpressionElimination(Graph& g) {
  std::map<std::string, Node*> first;
  std::vector<bool> dead(g.nodes().size(), false);
  bool changed = false;
  for (const auto& np : g.nodes()) {
    Node& n = *np;
    if (n.op->cls == OpClass::Source) continue;
    auto [it, inserted] = first.emplace(keyOf(n), &n);
    if (inserted) continue;
    for (int r = 0; r < static_cast<int>(n.results.size()); ++r) g.replaceAllUses(n.result(r), it->second->result(r));
    dead[n.id] = changed = true;
  }
  if (changed) g.erase([&](const Node& n) { return dead[n.id]; });
  return changed;
}

}  // namespace sinter
