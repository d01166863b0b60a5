// simplify.cpp — algebraic simplification and constant folding.
//
// Assumes: a verified graph. Guarantees: the rewrites below, each exact in floating point, are
// applied where they match; a node that becomes an identity has its uses redirected to its
// operand (dead code elimination then removes it). Constants (`fill`) are folded through shape
// ops and scaling by rewriting the user in place into a `fill`, which keeps execution order.
//   reshape/expand/reduce_to to the operand's own shape   -> the operand
//   reshape(reshape(x))                                   -> reshape(x)
//   transpose(transpose(x, a, b), a, b), neg(neg(x))       -> x
//   permute with the identity order, slice of everything  -> the operand
//   adaptive_avgpool2d(_grad) to the operand's own size     -> the operand
//   scale(x, 1), add(x, 0-fill), mul(x, 1-fill)           -> x    (when shapes already agree)
//   reshape/expand/neg/scale of a fill                    -> a fill
//   slice_grad to the operand's own shape                 -> the operand
//   add(slice_grad(a), slice_grad(b)), a and b adjacent   -> slice_grad(concat(a, b))
//   concat(.., concat(a, b), ..) along one axis           -> concat(.., a, b, ..)
//   matmul whose contraction has size 1                   -> mul of [.., M, 1] by [.., 1, N]
//     (an outer product: one product per element, no sum — exact; as an elementwise op it fuses
//     with its neighbours instead of being a library call, e.g. a gradient through Linear(·, 1))
#include <cmath>

#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

namespace {

bool isFill(const Value& v, double value) {
  return v && v.node->op->name == "fill" && v.node->f("value") == value;
}

// The value this node is an identity of, or a null Value.
Value identityOf(const Node& n) {
  const std::string& op = n.op->name;
  if (n.op->cls == OpClass::Source || n.results.size() != 1) return {};
  auto sameType = [&](const Value& v) { return v && v.type() == n.results[0]; };
  Value x = n.operands.empty() ? Value{} : n.operands[0];
  if ((op == "reshape" || op == "expand" || op == "reduce_to") && sameType(x)) return x;
  if (op == "scale" && n.f("factor") == 1.0) return x;
  if (op == "permute") {
    const auto& perm = n.ints("perm");
    bool identity = true;
    for (size_t k = 0; k < perm.size(); ++k) identity = identity && (perm[k] == static_cast<int64_t>(k) || perm[k] == static_cast<int64_t>(k) - static_cast<int64_t>(perm.size()));
    if (identity) return x;
  }
  if ((op == "slice" || op == "slice_grad") && n.i("step") == 1 && sameType(x)) return x;
  // An adaptive average pool to the input's own size averages windows of one element (mnist_add's
  // global pool of a 1x1 map), and so does its gradient.
  if ((op == "adaptive_avgpool2d" || op == "adaptive_avgpool2d_grad") && sameType(x)) return x;
  if (op == "transpose" && x && x.node->op->name == "transpose" && x.node->i("dim0") == n.i("dim0") && x.node->i("dim1") == n.i("dim1"))
    return x.node->operands[0];
  if (op == "neg" && x && x.node->op->name == "neg") return x.node->operands[0];
  if (op == "add" || op == "mul") {
    double unit = op == "add" ? 0.0 : 1.0;
    if (isFill(n.operands[1], unit) && sameType(n.operands[0])) return n.operands[0];
    if (isFill(n.operands[0], unit) && sameType(n.operands[1])) return n.operands[1];
  }
  return {};
}

// Rewrites `n` in place into fill(value) of its own type.
void becomeFill(Node& n, double value) {
  const TensorType t = n.results[0];
  n.op = &op("fill");
  n.operands.clear();
  n.operandNames.clear();
  n.attrs = {{"shape", Attr{t.shape, n.loc}}, {"value", Attr{value, n.loc}}, {"dtype", Attr{std::string(dtypeName(t.dtype)), n.loc}}};
}

// matmul(a, b) with a contraction of size 1 becomes mul(a as [.., M, 1], b as [.., 1, N]) in
// place (transposed operands are reshaped: with a size-1 axis, the transpose is a reshape).
bool outerProduct(Graph& g, Node& n) {
  const Shape &a = n.operands[0].type().shape, &b = n.operands[1].type().shape;
  const bool ta = n.b("transpose_a"), tb = n.b("transpose_b");
  if (a.size() < 2 || b.size() < 2 || (ta ? a[a.size() - 2] : a.back()) != 1) return false;
  auto shaped = [&](const Value& v, bool transposed, const char* side) {
    if (!transposed) return v;
    Shape s = v.type().shape;
    std::swap(s[s.size() - 1], s[s.size() - 2]);
    Node* r = g.insertBefore(&n, n.name + "." + side, op("reshape"), {v}, {"x"}, {{"shape", Attr{s, n.loc}}}, n.loc);
    return r->result(0);
  };
  Value lhs = shaped(n.operands[0], ta, "lhs"), rhs = shaped(n.operands[1], tb, "rhs");
  n.op = &op("mul");
  n.operands = {lhs, rhs};
  n.operandNames = {"a", "b"};
  n.attrs.clear();
  return true;
}

// add(slice_grad(a), slice_grad(b)) of one shape, where a and b sit side by side along one axis,
// becomes slice_grad(concat(a, b)) in place (each element is one of them plus zero): gradients of
// adjacent slices (q, k and v of one projection) are assembled by copies, not a sum of padded
// tensors.
bool adjacentSliceGradients(Graph& g, Node& n) {
  if (n.op->name != "add") return false;
  const Value &x = n.operands[0], &y = n.operands[1];
  auto sliceGrad = [&](const Value& v) { return v.node->op->name == "slice_grad" && v.node->i("step") == 1 && v.type() == n.results[0]; };
  if (!sliceGrad(x) || !sliceGrad(y) || x.node->i("axis") != y.node->i("axis")) return false;
  const int64_t axis = x.node->i("axis");
  const Node *lo = x.node, *hi = y.node;
  if (lo->i("start") > hi->i("start")) std::swap(lo, hi);
  if (lo->i("start") + lo->operands[0].type().shape[axis] != hi->i("start")) return false;
  Node* joined = g.insertBefore(&n, g.freshName(n.name + ".joined"), op("concat"), {lo->operands[0], hi->operands[0]}, {"xs", "xs"},
                                {{"axis", Attr{axis, n.loc}}}, n.loc);
  const AttrMap attrs = lo->attrs;
  n.op = &op("slice_grad");
  n.operands = {joined->result(0)};
  n.operandNames = {"dy"};
  n.attrs = attrs;
  return true;
}

// concat(.., concat(a, b), ..) along one axis -> concat(.., a, b, ..)
bool flattenConcat(Node& n) {
  if (n.op->name != "concat") return false;
  std::vector<Value> flat;
  bool nested = false;
  for (const Value& v : n.operands) {
    if (v.node->op->name == "concat" && v.node->i("axis") == n.i("axis")) {
      flat.insert(flat.end(), v.node->operands.begin(), v.node->operands.end());
      nested = true;
    } else {
      flat.push_back(v);
    }
  }
  if (!nested) return false;
  n.operandNames.assign(flat.size(), n.operandNames.front());
  n.operands = std::move(flat);
  return true;
}

}  // namespace

bool runAlgebraicSimplification(Graph& g) {
  bool changed = false;
  for (size_t i = 0; i < g.nodes().size(); ++i) {  // by index: rewrites insert nodes
    Node& n = *g.nodes()[i];
    if (Value x = identityOf(n)) {
      g.replaceAllUses(n.result(0), x);
      changed = true;
      continue;
    }
    const std::string& op = n.op->name;
    if (op == "reshape" && n.operands[0].node->op->name == "reshape") {  // reshape(reshape(x)) -> reshape(x)
      n.operands[0] = n.operands[0].node->operands[0];
      changed = true;
    }
    if (adjacentSliceGradients(g, n) || flattenConcat(n)) {
      changed = true;
      continue;
    }
    if (op == "matmul" && outerProduct(g, n)) {
      changed = true;
      continue;
    }
    Value x = n.operands.empty() ? Value{} : n.operands[0];
    if (x && x.node->op->name == "fill" && (op == "reshape" || op == "expand" || op == "neg" || op == "scale")) {
      double v = x.node->f("value");
      becomeFill(n, op == "neg" ? -v : op == "scale" ? v * n.f("factor") : v);
      changed = true;
    }
  }
  return changed;
}

}  // namespace sinter
