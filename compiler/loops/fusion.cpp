// fusion.cpp — which nodes the loop lowering computes inside another node's kernel.
//
// Assumes: a verified graph (topological order). Guarantees: a node is fused into (computed
// inside the kernel of) its user only when
//   - it is elementwise (unary ops, add/sub/mul/div with broadcasting, unary_grad, the BCE
//     gradients), a constant (`fill`) or a layout op read at computed indices (transpose,
//     permute, expand, slice, index, concat, slice_grad), with one result;
//   - that user is its only user and is itself elementwise, a reduction (sum, mean, reduce_to)
//     or a row kernel (softmax, log_softmax, layernorm(_grad), the losses and cross_entropy_grad:
//     isRowKernel) reading it as a whole operand (rowOperand: x, dy, logits, p, y — not weights
//     or targets);
//   - it has the exact shape at which the user evaluates it (the user's result shape, or for a
//     reduction or row kernel its operand's shape) — so the fused expression is evaluated at the
//     same index — or it is a constant. Elementwise users and reductions evaluate it once per
//     element; a row kernel once per pass over the row (two or three: max or mean, sum or
//     variance, then the result), trading that arithmetic for the stored intermediate's traffic;
//   - the caller does not read it (it is not an output, the loss, a metric, a gradient or an
//     update).
// Max pooling with tiling windows (isTilingPool) takes part too: the forward fuses into its only
// user when that user is elementwise (evaluated at the pooled shape: a max of k² loads of its
// stored input), and the gradient absorbs an elementwise producer of its dy (evaluated at dy's
// shape, once per window).
// A row kernel's per-element result may also fuse into its only elementwise user (an epilogue:
// the row kernel's last pass computes the user's expression), when the user's kernel is
// elementwise and holds no other row kernel.
// Fusion is transitive: a chain or tree of such nodes becomes one kernel, rooted at the last
// node, placed at the root's position.
// A derivative factor (unary_grad without dy) fuses into no reader: it is computed beside its
// input's other reader, as a sibling — or, where no kernel takes it, in its reader after all.
// Siblings: an elementwise kernel whose every stored input an earlier elementwise kernel of the
// same shape also reads (and which holds no row kernel or pool) is computed in that kernel's
// loop as a second stored result — at the earlier position, sharing the loads and, where the
// expressions agree, the arithmetic (gelu's derivative beside gelu: save_derivative.cpp). Of
// several such kernels the latest is chosen, so the result lives no longer than it must.
// Reshapes keep the flat layout, so they become views of their operand's memory and cost no
// kernel. The plan is printed as the `fused` stage.
#include <map>
#include <set>
#include <sstream>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

namespace {

bool isElementwiseKernel(const Node& n) {
  static const std::set<std::string> ops = {"relu", "gelu", "sigmoid", "tanh",       "exp",     "log",           "neg", "sqrt",
                                            "scale", "add", "sub",     "mul",        "div",     "unary_grad", "bce_grad", "bce_logits_grad", "dropout"};
  return ops.count(n.op->name) != 0;
}

bool isReductionKernel(const Node& n) { return n.op->name == "sum" || n.op->name == "mean" || n.op->name == "reduce_to"; }

bool isStridedLayout(const Node& n) {
  static const std::set<std::string> ops = {"transpose", "permute", "expand", "slice", "index", "concat", "slice_grad"};
  return ops.count(n.op->name) != 0;
}

// A derivative factor (save_derivative.cpp): unary_grad without dy. It is meant for the kernel
// that computes its x (a sibling), so it does not fuse into its reader.
bool derivativeFactor(const Node& n) { return n.op->name == "unary_grad" && !n.operands[2]; }

// Can `n` be computed inside a user's kernel at all?
bool fusible(const Node& n) {
  return n.results.size() == 1 && (isElementwiseKernel(n) || isStridedLayout(n) || n.op->name == "fill");
}

// The values the kernel rooted at each node reads from memory (its members' operands computed
// elsewhere), for the elementwise kernels siblings may join (every member elementwise or a
// constant); absent for the others.
std::map<int, std::set<std::pair<int, int>>> elementwiseInputs(const Graph& g, const FusionPlan& plan, const std::vector<bool>& hasRow) {
  std::map<int, std::set<std::pair<int, int>>> inputs;
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    if (!plan.fused(n.id) && !plan.view[n.id] && n.op->cls != OpClass::Source && isElementwiseKernel(n) && !hasRow[n.id]) inputs[n.id];
  }
  std::set<int> spoiled;
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    const int root = plan.fused(n.id) ? plan.into[n.id] : n.id;
    auto it = inputs.find(root);
    if (it == inputs.end()) continue;
    if (!isElementwiseKernel(n) && n.op->name != "fill") spoiled.insert(root);
    for (const Value& v : n.operands)
      if (v && plan.into[v.node->id] != root) it->second.insert({v.node->id, v.index});
  }
  for (int r : spoiled) inputs.erase(r);
  return inputs;
}

void planSiblings(const Graph& g, FusionPlan& plan, const std::vector<bool>& hasRow) {
  const auto inputs = elementwiseInputs(g, plan, hasRow);
  for (auto s = inputs.begin(); s != inputs.end(); ++s) {
    const Node& sib = *g.nodes()[s->first];
    if (s->second.empty() || sib.results.size() != 1) continue;
    for (auto r = std::make_reverse_iterator(s); r != inputs.rend(); ++r) {  // earlier roots, latest first
      const Node& root = *g.nodes()[r->first];
      if (plan.with[root.id] >= 0 || root.results[0].shape != sib.results[0].shape) continue;
      bool reads = true;
      for (const auto& v : s->second) reads = reads && r->second.count(v);
      if (!reads) continue;
      plan.with[sib.id] = root.id;
      break;
    }
  }
}

}  // namespace

bool isTilingPool(const Node& n) {
  if (n.op->name != "maxpool2d" && n.op->name != "maxpool2d_grad") return false;
  return n.i("stride") == 0 || n.i("stride") == n.i("kernel");
}

bool rowOperand(const Node& n, size_t k) {
  if (!isRowKernel(n)) return false;
  const std::string& op = n.op->name;
  if (op == "layernorm_grad" || op == "bce" || op == "bce_logits") return k <= 1;  // x and dy; p (z) and y
  return k == 0;  // x, logits (not weights, biases or targets: read once per row element, not per row)
}

namespace {

// The plan, with the derivative factors in `inlined` fusing into their readers like any node.
FusionPlan planOnce(const Graph& g, bool enabled, bool generatedPools, const std::set<int>& inlined) {
  size_t count = g.nodes().size();
  FusionPlan plan;
  plan.into.assign(count, -1);
  plan.view.assign(count, false);
  plan.kept.assign(count, false);

  std::set<std::pair<int, int>> keptValues;
  auto keep = [&](const Value& v) {
    if (!v) return;
    plan.kept[v.node->id] = true;
    keptValues.insert({v.node->id, v.index});
  };
  for (const auto& [name, v] : g.outputs) keep(v);
  keep(g.loss);
  for (const auto& [name, v] : g.metrics) keep(v);
  for (const auto& [p, v] : g.grads) keep(v);
  for (const auto& [p, v] : g.updates) keep(v);

  // Users per node and per value (distinct user nodes).
  std::vector<std::set<int>> users(count);
  std::map<std::pair<int, int>, std::set<int>> valueUsers;
  for (const auto& np : g.nodes())
    for (const Value& v : np->operands)
      if (v) {
        users[v.node->id].insert(np->id);
        valueUsers[{v.node->id, v.index}].insert(np->id);
      }
  std::vector<bool> hasRow(count, false);  // the kernel rooted here already holds a row kernel

  // A row kernel whose per-element result (0) only `user` reads, at the same shape, computed in
  // the elementwise kernel rooted at `root`: its last pass over each row evaluates the root's
  // expression instead of storing the result (an epilogue). Its other results (layernorm_grad's
  // dweight, dbias) are still stored, so every reader of them must come after the root.
  auto epilogue = [&](const Node& r, const Value& v, const Node& user, int root) {
    static const std::set<std::string> perElement = {"softmax", "log_softmax", "layernorm", "layernorm_grad", "cross_entropy_grad"};
    if (!isRowKernel(r) || !perElement.count(r.op->name) || v.index != 0 || plan.into[r.id] >= 0 || hasRow[root]) return false;
    if (!isElementwiseKernel(*g.nodes()[root]) || keptValues.count({r.id, 0}) || valueUsers[{r.id, 0}] != std::set<int>{user.id}) return false;
    if (r.results[0].shape != user.results[0].shape) return false;
    for (size_t k = 1; k < r.results.size(); ++k)
      for (int reader : valueUsers[{r.id, static_cast<int>(k)}])
        if (reader <= root) return false;
    return true;
  };

  plan.with.assign(count, -1);
  for (const auto& np : g.nodes()) plan.view[np->id] = np->op->name == "reshape";
  if (!enabled) return plan;

  // Consumers from last to first, so a producer is decided after its (only) user.
  for (size_t c = count; c-- > 0;) {
    const Node& user = *g.nodes()[c];
    bool reduction = isReductionKernel(user), rows = isRowKernel(user), elementwise = isElementwiseKernel(user);
    bool poolGrad = generatedPools && user.op->name == "maxpool2d_grad" && isTilingPool(user);
    if (!elementwise && !reduction && !rows && !poolGrad) continue;
    int root = plan.into[user.id] >= 0 ? plan.into[user.id] : user.id;
    const Shape& at = poolGrad ? user.operands[1].type().shape : reduction || rows ? user.operands[0].type().shape : user.results[0].shape;
    for (size_t k = 0; k < user.operands.size(); ++k) {
      const Value& v = user.operands[k];
      if (!v || (rows && !rowOperand(user, k)) || (poolGrad && k != 1)) continue;
      const Node& p = *v.node;
      if (elementwise && epilogue(p, v, user, root)) {
        plan.into[p.id] = root;
        hasRow[root] = true;
        continue;
      }
      const bool pool = generatedPools && p.op->name == "maxpool2d" && isTilingPool(p) && elementwise;  // a window max in the user's nest
      if (!(fusible(p) && (!poolGrad || !isStridedLayout(p))) && !pool) continue;
      if (plan.kept[p.id] || users[p.id].size() != 1 || plan.into[p.id] >= 0) continue;
      if (derivativeFactor(p) && !inlined.count(p.id)) continue;
      if (p.op->name != "fill" && p.results[0].shape != at) continue;
      plan.into[p.id] = root;
    }
  }
  planSiblings(g, plan, hasRow);
  return plan;
}

}  // namespace

FusionPlan planFusion(const Graph& g, bool enabled, bool generatedPools) {
  FusionPlan plan = planOnce(g, enabled, generatedPools, {});
  // A derivative factor no earlier kernel took as its sibling is computed in its reader, as
  // unary_grad computed it before save_derivative.cpp: a kernel of its own would store it.
  std::set<int> inlined;
  for (const auto& np : g.nodes())
    if (derivativeFactor(*np) && !plan.fused(np->id) && plan.with[np->id] < 0) inlined.insert(np->id);
  return inlined.empty() ? plan : planOnce(g, enabled, generatedPools, inlined);
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
  std::vector<std::vector<int>> siblings(count);
  for (const auto& np : g.nodes())
    if (plan.with[np->id] >= 0) siblings[plan.with[np->id]].push_back(np->id);
  int kernels = 0;
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    const std::string& line = lines[1 + n.id];
    if (plan.fused(n.id) || plan.with[n.id] >= 0) continue;
    if (n.op->cls == OpClass::Source) {
      out += line + "\n";
      continue;
    }
    if (plan.view[n.id]) {
      out += line + "  // view of " + n.operands[0].ref() + "\n";
      continue;
    }
    ++kernels;
    if (members[n.id].empty() && siblings[n.id].empty()) {
      out += line + "\n";
      continue;
    }
    size_t nodes = members[n.id].size() + 1;
    for (int sib : siblings[n.id]) nodes += members[sib].size() + 1;
    out += "  fuse " + std::to_string(nodes) + " nodes into one kernel {\n";
    for (int m : members[n.id]) out += "  " + lines[1 + m] + "\n";
    out += "  " + line + "\n";
    for (int sib : siblings[n.id]) {
      out += "    // also stores %" + g.nodes()[sib]->name + ", in the same loop:\n";
      for (int m : members[sib]) out += "  " + lines[1 + m] + "\n";
      out += "  " + lines[1 + sib] + "\n";
    }
    out += "  }\n";
  }
  for (size_t k = 1 + count; k + 1 < lines.size(); ++k) out += lines[k] + "\n";
  out += "  // " + std::to_string(kernels) + " kernels\n}\n";
  return out;
}

}  // namespace sinter::loops
