// fusion.cpp — which nodes the loop lowering computes inside another node's kernel.
//
// Assumes: a verified graph (topological order). Guarantees: a node is fused into (computed
// inside the kernel of) its user only when
//   - it is elementwise (unary ops, add/sub/mul/div with broadcasting, unary_grad), a constant
//     (`fill`) or a strided layout op (transpose, permute, expand, slice, index), with one result;
//   - that user is its only user and is itself elementwise or a reduction (sum, mean, reduce_to);
//   - it has the exact shape at which the user evaluates it (the user's result shape, or for a
//     reduction its operand's shape) — so the fused expression is evaluated at the same index and
//     nothing is recomputed — or it is a constant;
//   - the caller does not read it (it is not an output, the loss, a metric, a gradient or an
//     update).
// Fusion is transitive: a chain or tree of such nodes becomes one kernel, rooted at the last
// node, placed at the root's position. Reshapes keep the flat layout, so they become views of
// their operand's memory and cost no kernel. The plan is printed as the `fused` stage.
#include <set>
#include <sstream>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

namespace {

bool isElementwiseKernel(const Node& n) {
  static const std::set<std::string> ops = {"relu", "gelu", "sigmoid", "tanh", "exp", "log", "neg", "sqrt", "scale",
                                            "add",  "sub",  "mul",     "div",  "unary_grad"};
  return ops.count(n.op->name) != 0;
}

bool isReductionKernel(const Node& n) { return n.op->name == "sum" || n.op->name == "mean" || n.op->name == "reduce_to"; }

bool isStridedLayout(const Node& n) {
  static const std::set<std::string> ops = {"transpose", "permute", "expand", "slice", "index"};
  return ops.count(n.op->name) != 0;
}

// Can `n` be computed inside a user's kernel at all?
bool fusible(const Node& n) {
  return n.results.size() == 1 && (isElementwiseKernel(n) || isStridedLayout(n) || n.op->name == "fill");
}

}  // namespace

FusionPlan planFusion(const Graph& g, bool enabled) {
  size_t count = g.nodes().size();
  FusionPlan plan;
  plan.into.assign(count, -1);
  plan.view.assign(count, false);
  plan.kept.assign(count, false);

  auto keep = [&](const Value& v) {
    if (v) plan.kept[v.node->id] = true;
  };
  for (const auto& [name, v] : g.outputs) keep(v);
  keep(g.loss);
  for (const auto& [name, v] : g.metrics) keep(v);
  for (const auto& [p, v] : g.grads) keep(v);
  for (const auto& [p, v] : g.updates) keep(v);

  // Users per node (distinct user nodes).
  std::vector<std::set<int>> users(count);
  for (const auto& np : g.nodes())
    for (const Value& v : np->operands)
      if (v) users[v.node->id].insert(np->id);

  for (const auto& np : g.nodes()) plan.view[np->id] = np->op->name == "reshape";
  if (!enabled) return plan;

  // Consumers from last to first, so a producer is decided after its (only) user.
  for (size_t c = count; c-- > 0;) {
    const Node& user = *g.nodes()[c];
    bool reduction = isReductionKernel(user);
    if (!isElementwiseKernel(user) && !reduction) continue;
    int root = plan.into[user.id] >= 0 ? plan.into[user.id] : user.id;
    const Shape& at = reduction ? user.operands[0].type().shape : user.results[0].shape;
    for (const Value& v : user.operands) {
      if (!v) continue;
      const Node& p = *v.node;
      if (!fusible(p) || plan.kept[p.id] || users[p.id].size() != 1 || plan.into[p.id] >= 0) continue;
      if (p.op->name != "fill" && p.results[0].shape != at) continue;
      plan.into[p.id] = root;
    }
  }
  return plan;
}

std::string printFusion(const Graph& g, const FusionPlan& plan) {
  // printGraph writes one line per node after the header, then the result lines.
  std::istringstream in(printGraph(g));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  size_t count = g.nodes().size();
  std::vector<std::vector<int>> members(count);
  for (const auto& np : g.nodes())
    if (plan.fused(np->id)) members[plan.into[np->id]].push_back(np->id);

  std::string out = "fused @" + g.name + " {\n";
  for (const std::string& note : g.notes) out += "  // " + note + "\n";
  int kernels = 0;
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    const std::string& line = lines[1 + n.id];
    if (plan.fused(n.id)) continue;
    if (n.op->cls == OpClass::Source) {
      out += line + "\n";
      continue;
    }
    if (plan.view[n.id]) {
      out += line + "  // view of " + n.operands[0].ref() + "\n";
      continue;
    }
    ++kernels;
    if (members[n.id].empty()) {
      out += line + "\n";
      continue;
    }
    out += "  fuse " + std::to_string(members[n.id].size() + 1) + " nodes into one kernel {\n";
    for (int m : members[n.id]) out += "  " + lines[1 + m] + "\n";
    out += "  " + line + "\n  }\n";
  }
  for (size_t k = 1 + count; k + 1 < lines.size(); ++k) out += lines[k] + "\n";
  out += "  // " + std::to_string(kernels) + " kernels\n}\n";
  return out;
}

}  // namespace sinter::loops
