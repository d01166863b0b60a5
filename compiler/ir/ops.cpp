// ops.cpp — the op table (see ops.h). One entry per op: operands, attributes, results, the
// parameters a layer op owns (PyTorch's names, shapes and default initialisers), the shape rule
// and a doc line. Semantics follow PyTorch (MODELS.md: "PyTorch conventions are the reference").
#include "compiler/ir/ops.h"

#include <cmath>
#include <sstream>

namespace sinter {

const char* opClassName(OpClass c) {
  switch (c) {
    case OpClass::Source: return "source";
    case OpClass::Elementwise: return "elementwise";
    case OpClass::Layout: return "layout";
    case OpClass::Reduction: return "reduction";
    case OpClass::Contraction: return "contraction";
    case OpClass::Composite: return "composite";
    case OpClass::Loss: return "loss";
    case OpClass::Metric: return "metric";
    case OpClass::Update: return "update";
  }
  return "?";
}

const char* attrKindName(AttrKind k) {
  switch (k) {
    case AttrKind::Int: return "integer";
    case AttrKind::Float: return "number";
    case AttrKind::Bool: return "boolean";
    case AttrKind::Enum: return "name";
    case AttrKind::Ints: return "list of integers";
    case AttrKind::Floats: return "list of numbers";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// InferCtx helpers

const TensorType& InferCtx::type(int slot) const {
  if (!has(slot)) throw InternalError("shape rule of " + node.op->name + " read absent operand " + std::to_string(slot));
  return *types_[slot];
}

void InferCtx::error(const std::string& message) const {
  fail(node.loc, node.op->name + " '" + node.name + "': " + message);
}

void InferCtx::errorAt(const std::string& attr, const std::string& message) const {
  auto it = node.attrs.find(attr);
  SourceLoc loc = it != node.attrs.end() && it->second.loc.known() ? it->second.loc : node.loc;
  fail(loc, node.op->name + " '" + node.name + "': " + message);
}

void InferCtx::mismatch(const std::string& what) const {
  std::string msg = "shape mismatch: " + what + "; operands: ";
  bool first = true;
  for (int k = 0; k < numOperands(); ++k) {
    if (!has(k)) continue;
    msg += (first ? "" : ", ") + node.operandNames.at(k) + " " + type(k).str();
    first = false;
  }
  msg += "; rule: " + node.op->rule;
  error(msg);
}

// "tokens i64[4, 10]": the tensor the spec passed in `slot` (its name when known) and its type.
static std::string operandGot(const InferCtx& c, int slot) {
  std::string name;
  if (slot < static_cast<int>(c.node.operands.size()) && c.node.operands[slot].node) {
    const Value& v = c.node.operands[slot];
    name = v.index == 0 ? v.node->name : v.node->name + "." + v.node->op->results.at(v.index);
  }
  return (name.empty() ? "" : name + " ") + c.type(slot).str();
}

void InferCtx::expectFloat(int slot) const {
  if (!isFloat(type(slot).dtype))
    error("operand '" + node.operandNames.at(slot) + "' must be a float tensor (f32 or f64), got " + operandGot(*this, slot));
}

void InferCtx::expectInt(int slot) const {
  if (!isInt(type(slot).dtype))
    error("operand '" + node.operandNames.at(slot) + "' must be an integer tensor (i32 or i64), got " + operandGot(*this, slot));
}

void InferCtx::expectRank(int slot, int rank) const {
  if (type(slot).rank() != rank)
    mismatch("operand '" + node.operandNames.at(slot) + "' must have rank " + std::to_string(rank) + ", got " +
             type(slot).str());
}

void InferCtx::expectMinRank(int slot, int rank) const {
  if (type(slot).rank() < rank)
    mismatch("operand '" + node.operandNames.at(slot) + "' must have rank >= " + std::to_string(rank) + ", got " +
             type(slot).str());
}

int InferCtx::axis(const std::string& attr, int rank) const {
  int64_t a = node.i(attr);
  auto ax = normalizeAxis(a, rank);
  if (!ax)
    errorAt(attr, attr + "=" + std::to_string(a) + " is out of range for rank " + std::to_string(rank) +
                      " (expected " + std::to_string(-rank) + ".." + std::to_string(rank - 1) + ")");
  return *ax;
}

// ---------------------------------------------------------------------------------------------
// Attribute checking

AttrValue checkAttr(const AttrDef& def, const AttrValue& value, const SourceLoc& loc, const std::string& context) {
  auto what = [&] { return context + ": attribute '" + def.name + "'"; };
  auto inRange = [&](double x) {
    bool lowOk = def.minExclusive ? x > def.min : x >= def.min;
    return lowOk && x <= def.max;
  };
  auto rangeStr = [&] {
    std::ostringstream os;
    auto num = [](double d) {
      std::ostringstream o;
      o << d;
      return o.str();
    };
    if (def.min > -1e299 && def.max < 1e299)
      os << (def.minExclusive ? "(" : "[") << num(def.min) << ", " << num(def.max) << "]";
    else if (def.min > -1e299)
      os << (def.minExclusive ? "> " : ">= ") << num(def.min);
    else if (def.max < 1e299)
      os << "<= " << num(def.max);
    else
      os << "a finite number";
    return os.str();
  };
  auto expected = [&](const std::string& got) {
    std::string kind = attrKindName(def.kind);
    if (def.kind == AttrKind::Bool) kind += " (true or false)";
    if (def.kind == AttrKind::Enum && !def.choices.empty()) {
      kind = "name, one of:";
      for (size_t i = 0; i < def.choices.size(); ++i) kind += (i ? ", " : " ") + def.choices[i];
    }
    fail(loc, what() + " must be " + (kind[0] == 'i' ? "an " : "a ") + kind + ", got " + got);
  };
  switch (def.kind) {
    case AttrKind::Int: {
      auto* p = std::get_if<int64_t>(&value);
      if (!p) expected(attrValueStr(value));
      if (!inRange(static_cast<double>(*p)))
        fail(loc, what() + " = " + std::to_string(*p) + " is out of range (expected " + rangeStr() + ")");
      return value;
    }
    case AttrKind::Float: {
      double x;
      if (auto* p = std::get_if<double>(&value)) x = *p;
      else if (auto* q = std::get_if<int64_t>(&value)) x = static_cast<double>(*q);
      else expected(attrValueStr(value));
      if (!std::isfinite(x) || !inRange(x))
        fail(loc, what() + " = " + attrValueStr(AttrValue(x)) + " is out of range (expected " + rangeStr() + ")");
      return AttrValue(x);
    }
    case AttrKind::Bool:
      if (!std::holds_alternative<bool>(value)) expected(attrValueStr(value));
      return value;
    case AttrKind::Enum: {
      auto* p = std::get_if<std::string>(&value);
      if (!p) expected(attrValueStr(value));
      for (const auto& c : def.choices)
        if (c == *p) return value;
      std::string list;
      for (size_t i = 0; i < def.choices.size(); ++i) list += (i ? ", " : "") + def.choices[i];
      fail(loc, what() + " = " + *p + " is not one of: " + list + didYouMean(*p, def.choices));
    }
    case AttrKind::Ints: {
      std::vector<int64_t> xs;
      if (auto* p = std::get_if<std::vector<int64_t>>(&value)) xs = *p;
      else if (auto* q = std::get_if<int64_t>(&value)) xs = {*q};  // a single integer is a list of one
      else expected(attrValueStr(value));
      for (int64_t x : xs)
        if (!inRange(static_cast<double>(x)))
          fail(loc, what() + " element " + std::to_string(x) + " is out of range (expected " + rangeStr() + ")");
      return AttrValue(xs);
    }
    case AttrKind::Floats: {
      std::vector<double> xs;
      if (auto* p = std::get_if<std::vector<double>>(&value)) xs = *p;
      else if (auto* q = std::get_if<std::vector<int64_t>>(&value)) xs.assign(q->begin(), q->end());
      else if (auto* r = std::get_if<double>(&value)) xs = {*r};
      else if (auto* s = std::get_if<int64_t>(&value)) xs = {static_cast<double>(*s)};
      else expected(attrValueStr(value));
      for (double x : xs)
        if (!inRange(x))
          fail(loc, what() + " element " + attrValueStr(AttrValue(x)) + " is out of range (expected " + rangeStr() + ")");
      return AttrValue(xs);
    }
  }
  return value;
}

const AttrDef* OpDef::attr(const std::string& n) const {
  for (const auto& a : attrs)
    if (a.name == n) return &a;
  return nullptr;
}

int OpDef::resultIndex(const std::string& n) const {
  for (size_t i = 0; i < results.size(); ++i)
    if (results[i] == n) return static_cast<int>(i);
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Builders for table entries

namespace {

constexpr double kInf = 1e300;

AttrDef intAttr(std::string name, std::optional<int64_t> dflt, double min, double max, std::string doc) {
  AttrDef d{std::move(name), AttrKind::Int, std::nullopt, !dflt.has_value(), min, max, false, {}, std::move(doc)};
  if (dflt) d.dflt = AttrValue(*dflt);
  return d;
}
AttrDef optIntAttr(std::string name, double min, double max, std::string doc) {
  return AttrDef{std::move(name), AttrKind::Int, std::nullopt, false, min, max, false, {}, std::move(doc)};
}
AttrDef floatAttr(std::string name, std::optional<double> dflt, double min, double max, std::string doc,
                  bool minExclusive = false) {
  AttrDef d{std::move(name), AttrKind::Float, std::nullopt, !dflt.has_value(), min, max, minExclusive, {}, std::move(doc)};
  if (dflt) d.dflt = AttrValue(*dflt);
  return d;
}
AttrDef optFloatAttr(std::string name, double min, double max, std::string doc, bool minExclusive = false) {
  return AttrDef{std::move(name), AttrKind::Float, std::nullopt, false, min, max, minExclusive, {}, std::move(doc)};
}
AttrDef boolAttr(std::string name, bool dflt, std::string doc) {
  return AttrDef{std::move(name), AttrKind::Bool, AttrValue(dflt), false, -kInf, kInf, false, {}, std::move(doc)};
}
AttrDef enumAttr(std::string name, std::string dflt, std::vector<std::string> choices, std::string doc) {
  AttrDef d{std::move(name), AttrKind::Enum, std::nullopt, dflt.empty(), -kInf, kInf, false, std::move(choices), std::move(doc)};
  if (!dflt.empty()) d.dflt = AttrValue(dflt);
  return d;
}
AttrDef optIntsAttr(std::string name, double min, double max, std::string doc) {
  return AttrDef{std::move(name), AttrKind::Ints, std::nullopt, false, min, max, false, {}, std::move(doc)};
}
AttrDef intsAttr(std::string name, std::optional<std::vector<int64_t>> dflt, double min, double max, std::string doc) {
  AttrDef d{std::move(name), AttrKind::Ints, std::nullopt, !dflt.has_value(), min, max, false, {}, std::move(doc)};
  if (dflt) d.dflt = AttrValue(*dflt);
  return d;
}

OperandDef in(std::string n) { return OperandDef{std::move(n), false, false}; }
OperandDef opt(std::string n) { return OperandDef{std::move(n), true, false}; }

AttrMap initUniform(double bound) {
  return {{"init", {std::string("uniform"), {}}}, {"low", {-bound, {}}}, {"high", {bound, {}}}};
}
AttrMap initNormal(double std) {
  return {{"init", {std::string("normal"), {}}}, {"mean", {0.0, {}}}, {"std", {std, {}}}};
}
AttrMap initConst(const char* kind) { return {{"init", {std::string(kind), {}}}}; }

const std::vector<std::string> kActivations = {"none", "relu", "gelu", "sigmoid", "tanh"};

// Result type helpers.
std::vector<TensorType> one(DType t, Shape s) { return {TensorType{t, std::move(s)}}; }
std::vector<TensorType> scalar(DType t) { return {TensorType{t, {}}}; }

Shape withoutAxis(const Shape& s, int axis) {
  Shape out;
  for (int k = 0; k < static_cast<int>(s.size()); ++k)
    if (k != axis) out.push_back(s[k]);
  return out;
}

// Elementwise unary op on floats.
OpDef unary(std::string name, std::string doc) {
  return OpDef{name, OpClass::Elementwise, {in("x")}, {}, {"out"}, "out has the shape of x", std::move(doc),
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 return std::vector<TensorType>{c.type(0)};
               },
               {}};
}

// Broadcasting binary op on floats.
OpDef binary(std::string name, std::string doc) {
  return OpDef{name, OpClass::Elementwise, {in("a"), in("b")}, {}, {"out"},
               "a and b broadcast (NumPy rules: trailing dimensions equal or 1)", std::move(doc),
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectFloat(1);
                 if (c.type(0).dtype != c.type(1).dtype)
                   c.error("operands must have the same dtype, got " + c.type(0).str() + " and " + c.type(1).str());
                 auto s = broadcastShapes(c.type(0).shape, c.type(1).shape);
                 if (!s) c.mismatch("a and b do not broadcast");
                 return one(c.type(0).dtype, *s);
               },
               {}};
}

// Reductions over `axes` (all when empty) with keepdim.
std::vector<TensorType> reduceRule(const InferCtx& c) {
  c.expectFloat(0);
  const Shape& s = c.type(0).shape;
  std::vector<bool> reduce(s.size(), false);
  const auto& axes = c.node.ints("axes");
  if (axes.empty()) reduce.assign(s.size(), true);
  for (int64_t a : axes) {
    auto ax = normalizeAxis(a, c.type(0).rank());
    if (!ax) c.errorAt("axes", "axis " + std::to_string(a) + " is out of range for " + c.type(0).str());
    if (reduce[*ax] && !axes.empty()) c.errorAt("axes", "axis " + std::to_string(a) + " is listed twice");
    reduce[*ax] = true;
  }
  Shape out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (!reduce[k]) out.push_back(s[k]);
    else if (c.node.b("keepdim")) out.push_back(1);
  }
  return one(c.type(0).dtype, out);
}

// Checks (prediction, target) of a binary loss/metric: same shape, floats.
void binaryTargetRule(const InferCtx& c) {
  c.expectFloat(0);
  c.expectFloat(1);
  if (c.type(0).shape != c.type(1).shape) c.mismatch("prediction and target must have the same shape");
}

// Checks (logits, target) of a class-axis loss/metric; returns the class axis.
int classTargetRule(const InferCtx& c) {
  c.expectFloat(0);
  c.expectInt(1);
  c.expectMinRank(0, 1);
  int axis = c.axis("axis", c.type(0).rank());
  if (withoutAxis(c.type(0).shape, axis) != c.type(1).shape)
    c.mismatch("target must have the shape of logits without the class axis " + std::to_string(axis));
  return axis;
}

// Output size of a convolution/pooling window along one dimension.
int64_t windowOut(int64_t size, int64_t kernel, int64_t stride, int64_t pad) {
  return (size + 2 * pad - kernel) / stride + 1;
}

// q [..., Lq, D], k [..., Lk, D], v [..., Lk, Dv] -> out [..., Lq, Dv], weights [..., Lq, Lk].
std::vector<TensorType> attentionRule(const InferCtx& c) {
  for (int k = 0; k < 3; ++k) {
    c.expectFloat(k);
    c.expectMinRank(k, 2);
  }
  const Shape &q = c.type(0).shape, &k = c.type(1).shape, &v = c.type(2).shape;
  DType t = c.type(0).dtype;
  if (c.type(1).dtype != t || c.type(2).dtype != t) c.error("q, k and v must have the same dtype");
  int64_t lq = q[q.size() - 2], d = q.back(), lk = k[k.size() - 2], dv = v.back();
  if (k.back() != d) c.mismatch("q and k must have the same last dimension");
  if (v[v.size() - 2] != lk) c.mismatch("k and v must have the same number of keys (dimension -2)");
  Shape qb(q.begin(), q.end() - 2), kb(k.begin(), k.end() - 2), vb(v.begin(), v.end() - 2);
  auto b1 = broadcastShapes(qb, kb);
  auto batch = b1 ? broadcastShapes(*b1, vb) : std::nullopt;
  if (!batch) c.mismatch("the batch dimensions of q, k and v do not broadcast");
  if (c.node.b("causal") && lq != lk) c.mismatch("a causal mask needs as many queries as keys");
  if (c.has(3)) {
    c.expectInt(3);
    if (c.type(3).rank() != 1 || batch->empty() || c.type(3).shape[0] != (*batch)[0])
      c.mismatch("lengths must be [B] where B is the first batch dimension");
  }
  Shape out = *batch, w = *batch;
  out.push_back(lq), out.push_back(dv);
  w.push_back(lq), w.push_back(lk);
  return {TensorType{t, out}, TensorType{t, w}};
}

std::vector<ParamDecl> lstmParams(const Node& n, const std::vector<std::optional<TensorType>>& in) {
  int64_t hidden = n.i("hidden"), layers = n.i("layers");
  int dirs = n.b("bidirectional") ? 2 : 1;
  int64_t input = in[0]->shape.back();
  double bound = 1.0 / std::sqrt(static_cast<double>(hidden));
  std::vector<ParamDecl> out;
  for (int64_t l = 0; l < layers; ++l)
    for (int d = 0; d < dirs; ++d) {
      std::string sfx = "_l" + std::to_string(l) + (d ? "_reverse" : "");
      int64_t inSize = l == 0 ? input : hidden * dirs;
      out.push_back({"weight_ih" + sfx, {4 * hidden, inSize}, initUniform(bound)});
      out.push_back({"weight_hh" + sfx, {4 * hidden, hidden}, initUniform(bound)});
      out.push_back({"bias_ih" + sfx, {4 * hidden}, initUniform(bound)});
      out.push_back({"bias_hh" + sfx, {4 * hidden}, initUniform(bound)});
    }
  return out;
}

void addGradientOps(std::vector<OpDef>& t);
void addOptimizerOps(std::vector<OpDef>& t);

std::vector<OpDef> buildTable() {
  std::vector<OpDef> t;

  // --- sources ---------------------------------------------------------------------------------
  t.push_back({"input", OpClass::Source, {}, {}, {"out"}, "declared in inputs:", "A graph input fed by the data source.",
               [](const InferCtx& c) -> std::vector<TensorType> { c.error("input has no shape rule"); }, {}});
  t.push_back({"param",
               OpClass::Source,
               {},
               {enumAttr("init", "", {"normal", "uniform", "zeros", "ones", "constant"}, "initialiser"),
                optFloatAttr("mean", -kInf, kInf, "normal: mean"), optFloatAttr("std", 0, kInf, "normal: standard deviation"),
                optFloatAttr("low", -kInf, kInf, "uniform: lower bound"), optFloatAttr("high", -kInf, kInf, "uniform: upper bound"),
                optFloatAttr("value", -kInf, kInf, "constant: the value"),
                optIntAttr("zero_row", 0, kInf, "row set to zero after initialisation (embedding padding)")},
               {"out"},
               "declared in params:",
               "A trainable parameter.",
               [](const InferCtx& c) -> std::vector<TensorType> { c.error("param has no shape rule"); },
               {}});

  // --- elementwise -------------------------------------------------------------------------------
  t.push_back(unary("relu", "max(x, 0)."));
  t.push_back(unary("gelu", "x * Phi(x), the exact erf form (PyTorch's default GELU)."));
  t.push_back(unary("sigmoid", "1 / (1 + exp(-x))."));
  t.push_back(unary("tanh", "Hyperbolic tangent."));
  t.push_back(unary("exp", "e^x."));
  t.push_back(unary("log", "Natural logarithm."));
  t.push_back(unary("neg", "-x."));
  t.push_back(unary("sqrt", "Square root."));
  t.push_back(binary("add", "a + b with broadcasting."));
  t.push_back(binary("sub", "a - b with broadcasting."));
  t.push_back(binary("mul", "a * b with broadcasting."));
  t.push_back(binary("div", "a / b with broadcasting."));
  {
    OpDef d = unary("scale", "x * factor.");
    d.attrs = {floatAttr("factor", std::nullopt, -kInf, kInf, "the constant factor")};
    t.push_back(d);
  }
  {
    OpDef d = unary("dropout", "Training: zeroes each element with probability p and scales the rest by 1/(1-p); "
                               "evaluation: identity.");
    d.attrs = {floatAttr("p", std::nullopt, 0, 0.999, "drop probability in [0, 1)"),
               optIntAttr("mask", 0, kInf, "mask stream (default: this node's id); its gradient reuses the forward's"),
               optIntsAttr("mask_shape", 1, kInf, "the shape the mask is drawn over (default: x's; set when a pass narrows x)"),
               optIntsAttr("mask_offset", 0, kInf, "where x's first element sits in mask_shape (with mask_shape)")};
    d.rule = "out has the shape of x; with mask_shape, mask_offset has its rank and x fits inside it at that offset";
    d.infer = [](const InferCtx& c) {
      c.expectFloat(0);
      const Shape& x = c.type(0).shape;
      if (c.node.has("mask_shape") != c.node.has("mask_offset"))
        c.error("mask_shape and mask_offset go together");
      if (c.node.has("mask_shape")) {
        const Shape &full = c.node.ints("mask_shape"), &at = c.node.ints("mask_offset");
        if (full.size() != x.size() || at.size() != x.size()) c.mismatch("mask_shape and mask_offset must have x's rank");
        for (size_t k = 0; k < x.size(); ++k)
          if (at[k] + x[k] > full[k]) c.mismatch("x at mask_offset does not fit inside mask_shape");
      }
      return std::vector<TensorType>{c.type(0)};
    };
    t.push_back(d);
  }

  // --- layout --------------------------------------------------------------------------------------
  t.push_back({"reshape", OpClass::Layout, {in("x")},
               {intsAttr("shape", std::nullopt, -1, kInf, "new shape; one entry may be -1 (inferred)")}, {"out"},
               "product of shape equals the number of elements of x", "Same elements, new shape (row-major).",
               [](const InferCtx& c) {
                 Shape s = c.node.ints("shape");
                 int infer = -1;
                 int64_t known = 1;
                 for (size_t k = 0; k < s.size(); ++k) {
                   if (s[k] == -1) {
                     if (infer >= 0) c.errorAt("shape", "only one dimension of shape may be -1");
                     infer = static_cast<int>(k);
                   } else if (s[k] == 0) {
                     c.errorAt("shape", "dimension " + std::to_string(k) + " of shape is 0");
                   } else {
                     known *= s[k];
                   }
                 }
                 int64_t n = c.type(0).numel();
                 if (infer >= 0) {
                   if (n % known) c.mismatch("cannot reshape " + std::to_string(n) + " elements to " + shapeStr(s));
                   s[infer] = n / known;
                 }
                 if (numel(s) != n) c.mismatch("cannot reshape " + std::to_string(n) + " elements to " + shapeStr(s));
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"transpose", OpClass::Layout, {in("x")},
               {intAttr("dim0", -2, -kInf, kInf, "first axis"), intAttr("dim1", -1, -kInf, kInf, "second axis")}, {"out"},
               "swaps axes dim0 and dim1 of x", "Swaps two axes (torch.transpose).",
               [](const InferCtx& c) {
                 c.expectMinRank(0, 2);
                 int a = c.axis("dim0", c.type(0).rank()), b = c.axis("dim1", c.type(0).rank());
                 Shape s = c.type(0).shape;
                 std::swap(s[a], s[b]);
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"permute", OpClass::Layout, {in("x")}, {intsAttr("perm", std::nullopt, -kInf, kInf, "new order of the axes")},
               {"out"}, "out.shape[i] = x.shape[perm[i]]; perm is a permutation of the axes",
               "Reorders axes (torch.permute).",
               [](const InferCtx& c) {
                 const auto& perm = c.node.ints("perm");
                 int r = c.type(0).rank();
                 if (static_cast<int>(perm.size()) != r)
                   c.errorAt("perm", "perm has " + std::to_string(perm.size()) + " entries but x " + c.type(0).str() +
                                         " has rank " + std::to_string(r));
                 std::vector<bool> used(r, false);
                 Shape s;
                 for (int64_t p : perm) {
                   auto ax = normalizeAxis(p, r);
                   if (!ax || used[*ax]) c.errorAt("perm", "perm " + attrValueStr(AttrValue(perm)) + " is not a permutation of 0.." + std::to_string(r - 1));
                   used[*ax] = true;
                   s.push_back(c.type(0).shape[*ax]);
                 }
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"concat", OpClass::Layout, {OperandDef{"xs", false, true}}, {intAttr("axis", 0, -kInf, kInf, "axis to join along")},
               {"out"}, "all operands have the same dtype and rank and equal sizes except along axis",
               "Joins tensors along an axis (torch.cat).",
               [](const InferCtx& c) {
                 Shape s = c.type(0).shape;
                 int axis = c.axis("axis", c.type(0).rank());
                 for (int k = 1; k < c.numOperands(); ++k) {
                   const TensorType& o = c.type(k);
                   if (o.dtype != c.type(0).dtype) c.error("operands must have the same dtype, got " + c.type(0).str() + " and " + o.str());
                   if (o.rank() != c.type(0).rank()) c.mismatch("operands must have the same rank");
                   for (int a = 0; a < o.rank(); ++a)
                     if (a != axis && o.shape[a] != s[a]) c.mismatch("sizes differ outside axis " + std::to_string(axis));
                   s[axis] += o.shape[axis];
                 }
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"slice", OpClass::Layout, {in("x")},
               {intAttr("axis", std::nullopt, -kInf, kInf, "axis to slice"), intAttr("start", 0, -kInf, kInf, "first index (negative counts from the end)"),
                optIntAttr("end", -kInf, kInf, "one past the last index (default: the size)"), intAttr("step", 1, 1, kInf, "stride")},
               {"out"}, "0 <= start < end <= size along axis (after negative indices are resolved)",
               "x[start:end:step] along one axis.",
               [](const InferCtx& c) {
                 int axis = c.axis("axis", c.type(0).rank());
                 int64_t size = c.type(0).shape[axis];
                 int64_t start = c.node.i("start"), end = c.node.has("end") ? c.node.i("end") : size;
                 if (start < 0) start += size;
                 if (end < 0) end += size;
                 if (start < 0 || start >= size || end > size || end <= start)
                   c.mismatch("slice [" + std::to_string(c.node.i("start")) + ":" + (c.node.has("end") ? std::to_string(c.node.i("end")) : std::string()) +
                              "] is empty or outside axis " + std::to_string(axis) + " of size " + std::to_string(size));
                 Shape s = c.type(0).shape;
                 s[axis] = (end - start + c.node.i("step") - 1) / c.node.i("step");
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"index", OpClass::Layout, {in("x")},
               {intAttr("axis", std::nullopt, -kInf, kInf, "axis to index"), intAttr("index", std::nullopt, -kInf, kInf, "position (negative counts from the end)")},
               {"out"}, "-size <= index < size along axis; the axis is removed", "x.select(axis, index): drops one axis.",
               [](const InferCtx& c) {
                 int axis = c.axis("axis", c.type(0).rank());
                 int64_t size = c.type(0).shape[axis], idx = c.node.i("index");
                 if (idx < -size || idx >= size)
                   c.errorAt("index", "index " + std::to_string(idx) + " is out of range for axis " + std::to_string(axis) + " of size " + std::to_string(size));
                 return one(c.type(0).dtype, withoutAxis(c.type(0).shape, axis));
               },
               {}});
  t.push_back({"pick", OpClass::Layout, {in("x"), in("index")},
               {intAttr("axis", 1, 1, kInf, "axis to pick along; index covers the axes before it"),
                intAttr("offset", 0, -kInf, kInf, "added to every index (offset=-1 turns lengths into last positions)")},
               {"out"}, "index (integer) has x's shape before axis; out is x without axis",
               "out[i, ...] = x[i, index[i] + offset, ...]: one position per row, e.g. the last real step of a sequence.",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectInt(1);
                 int axis = static_cast<int>(c.node.i("axis"));
                 if (axis >= c.type(0).rank()) c.errorAt("axis", "axis " + std::to_string(axis) + " is out of range for x " + c.type(0).str());
                 Shape lead(c.type(0).shape.begin(), c.type(0).shape.begin() + axis);
                 if (c.type(1).shape != lead) c.mismatch("index must be " + shapeStr(lead) + " (x's shape before axis " + std::to_string(axis) + ")");
                 return one(c.type(0).dtype, withoutAxis(c.type(0).shape, axis));
               },
               {}});
  t.push_back({"gather", OpClass::Layout, {in("x"), in("index")}, {intAttr("axis", std::nullopt, -kInf, kInf, "axis to gather along")},
               {"out"}, "index has the rank of x and sizes <= x's outside axis; out has index's shape",
               "torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1.",
               [](const InferCtx& c) {
                 c.expectInt(1);
                 if (c.type(1).rank() != c.type(0).rank()) c.mismatch("index must have the rank of x");
                 int axis = c.axis("axis", c.type(0).rank());
                 for (int a = 0; a < c.type(0).rank(); ++a)
                   if (a != axis && c.type(1).shape[a] > c.type(0).shape[a]) c.mismatch("index is larger than x outside axis " + std::to_string(axis));
                 return one(c.type(0).dtype, c.type(1).shape);
               },
               {}});
  t.push_back({"expand", OpClass::Layout, {in("x")}, {intsAttr("shape", std::nullopt, -1, kInf, "target shape; -1 keeps a dimension")},
               {"out"}, "x broadcasts to shape (size-1 dimensions repeat; new leading dimensions allowed)",
               "Broadcasts x to a larger shape (torch.expand).",
               [](const InferCtx& c) {
                 Shape s = c.node.ints("shape");
                 const Shape& x = c.type(0).shape;
                 if (s.size() < x.size()) c.mismatch("target " + shapeStr(s) + " has lower rank than x");
                 size_t off = s.size() - x.size();
                 for (size_t k = 0; k < s.size(); ++k) {
                   if (s[k] == -1) {
                     if (k < off) c.errorAt("shape", "-1 is only allowed for existing dimensions");
                     s[k] = x[k - off];
                   }
                   if (s[k] == 0) c.errorAt("shape", "dimension " + std::to_string(k) + " of shape is 0");
                   if (k >= off && x[k - off] != 1 && x[k - off] != s[k]) c.mismatch("x does not broadcast to " + shapeStr(s));
                 }
                 return one(c.type(0).dtype, s);
               },
               {}});
  t.push_back({"embedding", OpClass::Layout, {in("indices")},
               {intAttr("num", std::nullopt, 1, kInf, "number of embeddings (vocabulary size)"), intAttr("dim", std::nullopt, 1, kInf, "embedding size"),
                optIntAttr("padding_idx", 0, kInf, "row kept at zero and given no gradient")},
               {"out"}, "indices is an integer tensor; out = indices.shape + [dim]",
               "Looks up rows of weight [num, dim] (torch.nn.Embedding; init N(0, 1), padding row zero).",
               [](const InferCtx& c) {
                 c.expectInt(0);
                 if (c.node.has("padding_idx") && c.node.i("padding_idx") >= c.node.i("num"))
                   c.errorAt("padding_idx", "padding_idx " + std::to_string(c.node.i("padding_idx")) + " is out of range (expected 0.." + std::to_string(c.node.i("num") - 1) + ")");
                 if (c.has(1) && c.type(1).shape != Shape{c.node.i("num"), c.node.i("dim")})
                   c.mismatch("weight must be [num, dim] = " + shapeStr({c.node.i("num"), c.node.i("dim")}));
                 Shape s = c.type(0).shape;
                 s.push_back(c.node.i("dim"));
                 return one(c.has(1) ? c.type(1).dtype : DType::f32, s);
               },
               [](const Node& n, const std::vector<std::optional<TensorType>>&) {
                 AttrMap init = initNormal(1.0);
                 if (n.has("padding_idx")) init["zero_row"] = Attr{n.i("padding_idx"), {}};
                 return std::vector<ParamDecl>{{"weight", {n.i("num"), n.i("dim")}, init}};
               }});

  // --- contractions ------------------------------------------------------------------------------
  t.push_back({"matmul", OpClass::Contraction, {in("a"), in("b")},
               {boolAttr("transpose_a", false, "use a^T (last two axes)"), boolAttr("transpose_b", false, "use b^T (last two axes)")},
               {"out"}, "a [..., M, K] @ b [..., K, N] -> [..., M, N]; batch dimensions broadcast",
               "Matrix product with broadcast batch dimensions (torch.matmul for rank >= 2).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectFloat(1);
                 c.expectMinRank(0, 2);
                 c.expectMinRank(1, 2);
                 if (c.type(0).dtype != c.type(1).dtype) c.error("operands must have the same dtype, got " + c.type(0).str() + " and " + c.type(1).str());
                 Shape a = c.type(0).shape, b = c.type(1).shape;
                 if (c.node.b("transpose_a")) std::swap(a[a.size() - 1], a[a.size() - 2]);
                 if (c.node.b("transpose_b")) std::swap(b[b.size() - 1], b[b.size() - 2]);
                 if (a.back() != b[b.size() - 2]) c.mismatch("inner dimensions differ: " + std::to_string(a.back()) + " vs " + std::to_string(b[b.size() - 2]));
                 auto batch = broadcastShapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2));
                 if (!batch) c.mismatch("batch dimensions do not broadcast");
                 batch->push_back(a[a.size() - 2]);
                 batch->push_back(b.back());
                 return one(c.type(0).dtype, *batch);
               },
               {}});
  t.push_back({"linear", OpClass::Contraction, {in("x")},
               {intAttr("out", std::nullopt, 1, kInf, "output features"), boolAttr("bias", true, "add a bias"),
                enumAttr("activation", "none", kActivations, "activation applied to the result")},
               {"out"}, "x [..., in] -> [..., out]; weight [out, in], bias [out]",
               "x W^T + b, then an optional activation (torch.nn.Linear; kaiming-uniform init).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectMinRank(0, 1);
                 int64_t inF = c.type(0).shape.back(), outF = c.node.i("out");
                 if (c.type(1).shape != Shape{outF, inF}) c.mismatch("weight must be [out, in] = " + shapeStr({outF, inF}));
                 if (c.has(2) && c.type(2).shape != Shape{outF}) c.mismatch("bias must be [out] = " + shapeStr({outF}));
                 Shape s = c.type(0).shape;
                 s.back() = outF;
                 return one(c.type(0).dtype, s);
               },
               [](const Node& n, const std::vector<std::optional<TensorType>>& in) {
                 int64_t inF = in[0]->shape.empty() ? 1 : in[0]->shape.back();
                 double bound = 1.0 / std::sqrt(static_cast<double>(inF));
                 std::vector<ParamDecl> p{{"weight", {n.i("out"), inF}, initUniform(bound)}};
                 if (n.b("bias")) p.push_back({"bias", {n.i("out")}, initUniform(bound)});
                 return p;
               }});
  t.push_back({"conv2d", OpClass::Contraction, {in("x")},
               {intAttr("out", std::nullopt, 1, kInf, "output channels"), intAttr("kernel", std::nullopt, 1, kInf, "square kernel size"),
                intAttr("stride", 1, 1, kInf, "stride"), intAttr("padding", 0, 0, kInf, "zero padding on each side"),
                boolAttr("bias", true, "add a bias")},
               {"out"}, "x [N, C, H, W] -> [N, out, (H+2p-k)/s+1, (W+2p-k)/s+1]; weight [out, C, k, k]",
               "2-D cross-correlation (torch.nn.Conv2d; kaiming-uniform init).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectRank(0, 4);
                 const Shape& x = c.type(0).shape;
                 int64_t k = c.node.i("kernel"), s = c.node.i("stride"), p = c.node.i("padding"), o = c.node.i("out");
                 if (c.type(1).shape != Shape{o, x[1], k, k}) c.mismatch("weight must be [out, C, k, k] = " + shapeStr({o, x[1], k, k}));
                 if (c.has(2) && c.type(2).shape != Shape{o}) c.mismatch("bias must be [out]");
                 if (x[2] + 2 * p < k || x[3] + 2 * p < k) c.mismatch("the kernel is larger than the padded input");
                 return one(c.type(0).dtype, {x[0], o, windowOut(x[2], k, s, p), windowOut(x[3], k, s, p)});
               },
               [](const Node& n, const std::vector<std::optional<TensorType>>& in) {
                 int64_t k = n.i("kernel"), cin = in[0]->shape.size() == 4 ? in[0]->shape[1] : 1;
                 double bound = 1.0 / std::sqrt(static_cast<double>(cin * k * k));
                 std::vector<ParamDecl> p{{"weight", {n.i("out"), cin, k, k}, initUniform(bound)}};
                 if (n.b("bias")) p.push_back({"bias", {n.i("out")}, initUniform(bound)});
                 return p;
               }});

  // --- pooling -------------------------------------------------------------------------------------
  t.push_back({"maxpool2d", OpClass::Composite, {in("x")},
               {intAttr("kernel", std::nullopt, 1, kInf, "square window size"), intAttr("stride", 0, 0, kInf, "stride (0: the kernel size)")},
               {"out"}, "x [N, C, H, W] -> [N, C, (H-k)/s+1, (W-k)/s+1]", "Max over square windows (torch.nn.MaxPool2d, no padding).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectRank(0, 4);
                 const Shape& x = c.type(0).shape;
                 int64_t k = c.node.i("kernel"), s = c.node.i("stride") ? c.node.i("stride") : k;
                 if (x[2] < k || x[3] < k) c.mismatch("the window is larger than the input");
                 return one(c.type(0).dtype, {x[0], x[1], windowOut(x[2], k, s, 0), windowOut(x[3], k, s, 0)});
               },
               {}});
  t.push_back({"adaptive_avgpool2d", OpClass::Composite, {in("x")},
               {intsAttr("size", std::vector<int64_t>{1, 1}, 1, kInf, "output [H, W]")},
               {"out"}, "x [N, C, H, W] -> [N, C, size[0], size[1]] with size <= [H, W]",
               "Average over adaptive windows (torch.nn.AdaptiveAvgPool2d).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectRank(0, 4);
                 const auto& size = c.node.ints("size");
                 if (size.size() != 2) c.errorAt("size", "size must have 2 entries [H, W], got " + std::to_string(size.size()));
                 const Shape& x = c.type(0).shape;
                 if (size[0] > x[2] || size[1] > x[3]) c.mismatch("output size is larger than the input");
                 return one(c.type(0).dtype, {x[0], x[1], size[0], size[1]});
               },
               {}});

  // --- reductions and normalisations ----------------------------------------------------------------
  for (const char* name : {"sum", "mean"}) {
    t.push_back({name, OpClass::Reduction, {in("x")},
                 {intsAttr("axes", std::vector<int64_t>{}, -kInf, kInf, "axes to reduce (empty: all)"), boolAttr("keepdim", false, "keep reduced axes as size 1")},
                 {"out"}, "removes the listed axes (or keeps them as 1)",
                 std::string(name == std::string("sum") ? "Sum" : "Mean") + " over axes.", reduceRule, {}});
  }
  for (const char* name : {"softmax", "log_softmax"}) {
    t.push_back({name, OpClass::Reduction, {in("x")}, {intAttr("axis", -1, -kInf, kInf, "axis to normalise")}, {"out"},
                 "out has the shape of x", std::string(name == std::string("softmax") ? "exp(x) / sum(exp(x))" : "x - logsumexp(x)") + " along axis (max-subtracted).",
                 [](const InferCtx& c) {
                   c.expectFloat(0);
                   c.expectMinRank(0, 1);
                   c.axis("axis", c.type(0).rank());
                   return std::vector<TensorType>{c.type(0)};
                 },
                 {}});
  }
  t.push_back({"layernorm", OpClass::Reduction, {in("x")},
               {floatAttr("eps", 1e-5, 0, kInf, "added to the variance", true), boolAttr("affine", true, "learn weight and bias")},
               {"out"}, "out has the shape of x; normalises the last axis; weight and bias [x.shape[-1]]",
               "(x - mean) / sqrt(var + eps) * weight + bias over the last axis (torch.nn.LayerNorm).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectMinRank(0, 1);
                 Shape w{c.type(0).shape.back()};
                 for (int k = 1; k < 3; ++k)
                   if (c.has(k) && c.type(k).shape != w) c.mismatch(c.node.operandNames[k] + " must be " + shapeStr(w));
                 return std::vector<TensorType>{c.type(0)};
               },
               [](const Node& n, const std::vector<std::optional<TensorType>>& in) {
                 if (!n.b("affine")) return std::vector<ParamDecl>{};
                 int64_t d = in[0]->shape.empty() ? 1 : in[0]->shape.back();
                 return std::vector<ParamDecl>{{"weight", {d}, initConst("ones")}, {"bias", {d}, initConst("zeros")}};
               }});

  // --- composites -----------------------------------------------------------------------------------
  t.push_back({"attention", OpClass::Composite, {in("q"), in("k"), in("v"), opt("lengths")},
               {optFloatAttr("scale", 0, kInf, "score scale (default 1/sqrt(D))", true), boolAttr("causal", false, "query i sees keys j <= i only")},
               {"out", "weights"},
               "q [..., Lq, D], k [..., Lk, D], v [..., Lk, Dv] -> out [..., Lq, Dv], weights [..., Lq, Lk]; batch dims broadcast; "
               "lengths [B] (optional key-padding: keys j >= lengths[b] are masked)",
               "softmax(q k^T * scale + mask) v. Masked weights are exactly 0; rows sum to 1.",
               attentionRule, {}});
  t.push_back({"mha", OpClass::Composite, {in("x"), opt("lengths")},
               {intAttr("heads", std::nullopt, 1, kInf, "number of heads (must divide the embedding size)"), boolAttr("causal", false, "causal mask")},
               {"out", "weights"},
               "x [B, L, E] -> out [B, L, E], weights [B, L, L] (averaged over heads); E divisible by heads",
               "Multi-head self-attention, Q = K = V = x, as torch.nn.MultiheadAttention(batch_first=True).",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectRank(0, 3);
                 const Shape& x = c.type(0).shape;
                 int64_t e = x[2], h = c.node.i("heads");
                 if (e % h) c.errorAt("heads", "heads=" + std::to_string(h) + " does not divide the embedding size " + std::to_string(e));
                 if (c.has(1)) {
                   c.expectInt(1);
                   if (c.type(1).shape != Shape{x[0]}) c.mismatch("lengths must be [B]");
                 }
                 const Shape want[4] = {{3 * e, e}, {3 * e}, {e, e}, {e}};
                 for (int k = 0; k < 4; ++k)
                   if (c.type(2 + k).shape != want[k]) c.mismatch(c.node.operandNames[2 + k] + " must be " + shapeStr(want[k]));
                 DType t = c.type(0).dtype;
                 return std::vector<TensorType>{{t, x}, {t, {x[0], x[1], x[1]}}};
               },
               [](const Node&, const std::vector<std::optional<TensorType>>& in) {
                 int64_t e = in[0]->shape.empty() ? 1 : in[0]->shape.back();
                 return std::vector<ParamDecl>{
                     {"in_proj_weight", {3 * e, e}, initUniform(std::sqrt(6.0 / static_cast<double>(e + 3 * e)))},
                     {"in_proj_bias", {3 * e}, initConst("zeros")},
                     {"out_proj.weight", {e, e}, initUniform(1.0 / std::sqrt(static_cast<double>(e)))},
                     {"out_proj.bias", {e}, initConst("zeros")}};
               }});
  t.push_back({"lstm", OpClass::Composite, {in("x")},
               {intAttr("hidden", std::nullopt, 1, kInf, "hidden size H"), intAttr("layers", 1, 1, 64, "stacked layers"),
                boolAttr("bidirectional", false, "also run right-to-left"), boolAttr("batch_first", true, "x is [B, T, F] (else [T, B, F])")},
               {"out", "h_n", "c_n"},
               "x [B, T, F] -> out [B, T, D*H], h_n [L*D, B, H], c_n [L*D, B, H] (D = 2 if bidirectional)",
               "Multi-layer LSTM with PyTorch's gate order (i, f, g, o), weights and U(+-1/sqrt(H)) init.",
               [](const InferCtx& c) {
                 c.expectFloat(0);
                 c.expectRank(0, 3);
                 Shape x = c.type(0).shape;
                 int64_t b = c.node.b("batch_first") ? x[0] : x[1], tl = c.node.b("batch_first") ? x[1] : x[0];
                 int64_t h = c.node.i("hidden"), d = c.node.b("bidirectional") ? 2 : 1, l = c.node.i("layers");
                 for (int k = 1; k < c.numOperands(); ++k) {
                   int64_t inSize = (k - 1) / (4 * d) == 0 ? x[2] : h * d;
                   const Shape want[4] = {{4 * h, inSize}, {4 * h, h}, {4 * h}, {4 * h}};
                   if (c.type(k).shape != want[(k - 1) % 4]) c.mismatch(c.node.operandNames[k] + " must be " + shapeStr(want[(k - 1) % 4]));
                 }
                 if (c.numOperands() != 1 + 4 * d * l) c.error("expected " + std::to_string(4 * d * l) + " parameter operands");
                 Shape out = c.node.b("batch_first") ? Shape{b, tl, d * h} : Shape{tl, b, d * h};
                 DType t = c.type(0).dtype;
                 return std::vector<TensorType>{{t, out}, {t, {l * d, b, h}}, {t, {l * d, b, h}}};
               },
               lstmParams});

  // --- losses ---------------------------------------------------------------------------------------
  t.push_back({"bce", OpClass::Loss, {in("p"), in("y")}, {}, {"out"}, "p and y have the same shape; out is a scalar",
               "Binary cross-entropy of probabilities, mean (torch.nn.BCELoss; logs clamped at -100).",
               [](const InferCtx& c) { binaryTargetRule(c); return scalar(c.type(0).dtype); }, {}});
  t.push_back({"bce_logits", OpClass::Loss, {in("z"), in("y")}, {}, {"out"}, "z and y have the same shape; out is a scalar",
               "Binary cross-entropy of logits, mean (torch.nn.BCEWithLogitsLoss).",
               [](const InferCtx& c) { binaryTargetRule(c); return scalar(c.type(0).dtype); }, {}});
  t.push_back({"cross_entropy", OpClass::Loss, {in("logits"), in("target")}, {intAttr("axis", -1, -kInf, kInf, "class axis")}, {"out"},
               "target (integer) has the shape of logits without the class axis; out is a scalar",
               "Softmax cross-entropy over the class axis, mean over every other position.",
               [](const InferCtx& c) { classTargetRule(c); return scalar(c.type(0).dtype); }, {}});

  // --- metrics --------------------------------------------------------------------------------------
  t.push_back({"binary_accuracy", OpClass::Metric, {in("p"), in("y")}, {floatAttr("threshold", 0.5, -kInf, kInf, "decision threshold on p")},
               {"out"}, "p and y have the same shape; out is a scalar",
               "Fraction of elements with (p > threshold) == (y > 0.5).",
               [](const InferCtx& c) { binaryTargetRule(c); return scalar(c.type(0).dtype); }, {}});
  t.push_back({"argmax_accuracy", OpClass::Metric, {in("logits"), in("target")}, {intAttr("axis", -1, -kInf, kInf, "class axis")}, {"out"},
               "target has the shape of logits without the class axis; out is a scalar",
               "Fraction of positions whose argmax over the class axis equals the target.",
               [](const InferCtx& c) { classTargetRule(c); return scalar(c.type(0).dtype); }, {}});
  t.push_back({"all_correct_accuracy", OpClass::Metric, {in("logits"), in("target")}, {intAttr("axis", -1, -kInf, kInf, "class axis")}, {"out"},
               "target has the shape of logits without the class axis; out is a scalar",
               "Fraction of samples (first axis) whose every position's argmax equals the target.",
               [](const InferCtx& c) {
                 int axis = classTargetRule(c);
                 if (axis == 0) c.errorAt("axis", "the class axis cannot be the sample axis 0");
                 return scalar(c.type(0).dtype);
               },
               {}});
  addGradientOps(t);
  addOptimizerOps(t);
  return t;
}


// ---------------------------------------------------------------------------------------------
// Ops that autodiff emits (never written in specs, though `sinter ops` lists them). Each is the
// backward of a forward op above, or a helper the gradient rules compose (compiler/autodiff).

// Requires operand `slot` to have exactly `want`'s shape.
void expectShape(const InferCtx& c, int slot, const Shape& want) {
  if (c.type(slot).shape != want)
    c.mismatch("operand '" + c.node.operandNames.at(slot) + "' must be " + shapeStr(want) + ", got " + c.type(slot).str());
}

OpDef gradOp(std::string name, OpClass cls, std::vector<OperandDef> operands, std::vector<AttrDef> attrDefs,
             std::vector<std::string> results, std::string rule, std::string doc, InferFn infer) {
  return OpDef{std::move(name), cls, std::move(operands), std::move(attrDefs), std::move(results), std::move(rule),
               std::move(doc), std::move(infer), {}, true};
}

void addGradientOps(std::vector<OpDef>& t) {
  t.push_back(gradOp("fill", OpClass::Elementwise, {},
                     {intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "shape"), floatAttr("value", 0.0, -kInf, kInf, "the value"),
                      enumAttr("dtype", "f32", {"f32", "f64"}, "element type")},
                     {"out"}, "out = dtype[shape]", "A constant tensor (the seed gradient of the loss is fill(value=1)).",
                     [](const InferCtx& c) { return one(*parseDType(c.node.s("dtype")), c.node.ints("shape")); }));
  t.push_back(gradOp("unary_grad", OpClass::Elementwise, {in("x"), in("y"), opt("dy")},
                     {enumAttr("fn", "", {"relu", "gelu", "sigmoid", "tanh", "exp", "log", "sqrt"}, "the forward function")},
                     {"dx"}, "x, y = fn(x) and dy have one shape",
                     "dy * fn'(x), using y = fn(x) where that is cheaper; without dy, fn'(x) (the factor a forward kernel "
                     "stores for its backward: save_derivative.cpp).",
                     [](const InferCtx& c) {
                       expectShape(c, 1, c.type(0).shape);
                       if (c.has(2)) expectShape(c, 2, c.type(0).shape);
                       return std::vector<TensorType>{c.type(0)};
                     }));
  t.push_back(gradOp("reduce_to", OpClass::Reduction, {in("x")}, {intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "target shape")},
                     {"out"}, "shape broadcasts to x's shape", "Sums x over the dimensions a broadcast to x's shape added (the adjoint of broadcasting).",
                     [](const InferCtx& c) {
                       Shape s = c.node.ints("shape");
                       auto b = broadcastShapes(s, c.type(0).shape);
                       if (!b || *b != c.type(0).shape) c.mismatch(shapeStr(s) + " does not broadcast to x");
                       return one(c.type(0).dtype, s);
                     }));
  t.push_back(gradOp("slice_grad", OpClass::Layout, {in("dy")},
                     {intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "shape of the sliced tensor"), intAttr("axis", 0, 0, kInf, "sliced axis"),
                      intAttr("start", 0, 0, kInf, "first index"), intAttr("step", 1, 1, kInf, "stride")},
                     {"dx"}, "dy is the slice of shape along axis", "Zeros of `shape` with dy written at the sliced positions.",
                     [](const InferCtx& c) {
                       Shape s = c.node.ints("shape");
                       if (c.type(0).rank() != static_cast<int>(s.size())) c.mismatch("dy must have the rank of shape");
                       return one(c.type(0).dtype, s);
                     }));
  t.push_back(gradOp("scatter_add", OpClass::Layout, {in("index"), in("dy")},
                     {intAttr("axis", 0, 0, kInf, "gathered axis"), intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "shape of the gathered tensor")},
                     {"dx"}, "index and dy have one shape", "The adjoint of gather: dx[.., index[i], ..] += dy[i].",
                     [](const InferCtx& c) {
                       expectShape(c, 1, c.type(0).shape);
                       return one(c.type(1).dtype, c.node.ints("shape"));
                     }));
  t.push_back(gradOp("pick_grad", OpClass::Layout, {in("index"), in("dy")},
                     {intAttr("axis", 1, 1, kInf, "as the forward"), intAttr("offset", 0, -kInf, kInf, "as the forward"),
                      intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "shape of x")},
                     {"dx"}, "dy has x's shape without axis", "Zeros of x's shape with dy written at the picked positions.",
                     [](const InferCtx& c) { return one(c.type(1).dtype, c.node.ints("shape")); }));
  t.push_back(gradOp("embedding_grad", OpClass::Layout, {in("indices"), in("dy")},
                     {intAttr("num", 1, 1, kInf, "rows"), intAttr("dim", 1, 1, kInf, "row size"), optIntAttr("padding_idx", 0, kInf, "row that gets no gradient")},
                     {"dweight"}, "dy = indices.shape + [dim]", "Scatter-adds dy into the rows named by indices (padding row stays 0).",
                     [](const InferCtx& c) {
                       Shape want = c.type(0).shape;
                       want.push_back(c.node.i("dim"));
                       expectShape(c, 1, want);
                       return one(c.type(1).dtype, {c.node.i("num"), c.node.i("dim")});
                     }));
  t.push_back(gradOp("conv2d_grad_input", OpClass::Contraction, {in("dy"), in("weight")},
                     {intAttr("kernel", 1, 1, kInf, "kernel"), intAttr("stride", 1, 1, kInf, "stride"), intAttr("padding", 0, 0, kInf, "padding"),
                      intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "input shape [N, C, H, W]")},
                     {"dx"}, "dy [N, O, OH, OW], weight [O, C, k, k] -> dx of shape", "Transposed convolution: the gradient of conv2d w.r.t. its input.",
                     [](const InferCtx& c) { return one(c.type(0).dtype, c.node.ints("shape")); }));
  t.push_back(gradOp("conv2d_grad_weight", OpClass::Contraction, {in("x"), in("dy")},
                     {intAttr("kernel", 1, 1, kInf, "kernel"), intAttr("stride", 1, 1, kInf, "stride"), intAttr("padding", 0, 0, kInf, "padding")},
                     {"dweight"}, "x [N, C, H, W], dy [N, O, OH, OW] -> [O, C, k, k]", "The gradient of conv2d w.r.t. its weight.",
                     [](const InferCtx& c) {
                       int64_t k = c.node.i("kernel");
                       return one(c.type(0).dtype, {c.type(1).shape[1], c.type(0).shape[1], k, k});
                     }));
  t.push_back(gradOp("maxpool2d_grad", OpClass::Composite, {in("x"), in("dy")},
                     {intAttr("kernel", 1, 1, kInf, "window"), intAttr("stride", 0, 0, kInf, "stride (0: the window)")},
                     {"dx"}, "dx has x's shape", "Routes dy to the first maximum of each window (PyTorch's tie rule).",
                     [](const InferCtx& c) { return std::vector<TensorType>{c.type(0)}; }));
  t.push_back(gradOp("conv2d_grad_weight_pooled", OpClass::Composite, {in("x"), in("p"), in("dy")},
                     {intAttr("kernel", 1, 1, kInf, "the convolution's kernel"), intAttr("stride", 1, 1, kInf, "the convolution's stride"),
                      intAttr("padding", 0, 0, kInf, "the convolution's padding"), intAttr("pool_kernel", 1, 1, kInf, "the max pool's window"),
                      intAttr("pool_stride", 0, 0, kInf, "the max pool's stride (0: the window)")},
                     {"dweight"}, "x [N, C, H, W], p the convolution's result [N, O, OH, OW], dy the pooled gradient [N, O, PH, PW] -> [O, C, k, k]",
                     "conv2d_grad_weight(x, maxpool2d_grad(p, dy)) without the unpooled gradient (pooled_grad.cpp).",
                     [](const InferCtx& c) {
                       for (int k = 0; k < 3; ++k)
                         if (c.type(k).rank() != 4) c.mismatch("x, p and dy must be [N, C, H, W]");
                       const Shape &x = c.type(0).shape, &p = c.type(1).shape, &dy = c.type(2).shape;
                       if (p[0] != x[0] || dy[0] != x[0] || dy[1] != p[1]) c.mismatch("x, p and dy must have one batch, p and dy one channel count");
                       int64_t k = c.node.i("kernel");
                       return one(c.type(0).dtype, {p[1], x[1], k, k});
                     }));
  t.push_back(gradOp("adaptive_avgpool2d_grad", OpClass::Composite, {in("dy")},
                     {intsAttr("shape", std::vector<int64_t>{}, 1, kInf, "input shape [N, C, H, W]")},
                     {"dx"}, "dx has shape", "Spreads dy evenly over each adaptive window.",
                     [](const InferCtx& c) { return one(c.type(0).dtype, c.node.ints("shape")); }));
  t.push_back(gradOp("layernorm_grad", OpClass::Reduction, {in("x"), in("dy"), opt("weight")},
                     {floatAttr("eps", 1e-5, 0, kInf, "as the forward", true)}, {"dx", "dweight", "dbias"},
                     "dy has x's shape; dweight, dbias [x.shape[-1]]", "The gradient of layernorm (mean and variance recomputed).",
                     [](const InferCtx& c) {
                       expectShape(c, 1, c.type(0).shape);
                       Shape w{c.type(0).shape.back()};
                       DType t = c.type(0).dtype;
                       return std::vector<TensorType>{c.type(0), {t, w}, {t, w}};
                     }));
  t.push_back(gradOp("attention_grad", OpClass::Composite, {in("q"), in("k"), in("v"), opt("lengths"), opt("dout"), opt("dweights")},
                     {optFloatAttr("scale", 0, kInf, "as the forward", true), boolAttr("causal", false, "as the forward")}, {"dq", "dk", "dv"},
                     "as attention; dout and dweights have the forward's result shapes", "The gradient of attention; scores recomputed.",
                     [](const InferCtx& c) {
                       return std::vector<TensorType>{c.type(0), c.type(1), c.type(2)};
                     }));
  t.push_back(gradOp("mha_grad", OpClass::Composite,
                     {in("x"), opt("lengths"), in("in_proj_weight"), in("in_proj_bias"), in("out_proj.weight"), in("out_proj.bias"), opt("dout"), opt("dweights")},
                     {intAttr("heads", 1, 1, kInf, "as the forward"), boolAttr("causal", false, "as the forward")},
                     {"dx", "din_proj_weight", "din_proj_bias", "dout_proj_weight", "dout_proj_bias"},
                     "as mha; dout and dweights have the forward's result shapes", "The gradient of mha; the forward recomputed.",
                     [](const InferCtx& c) {
                       return std::vector<TensorType>{c.type(0), c.type(2), c.type(3), c.type(4), c.type(5)};
                     }));
  t.push_back(gradOp("lstm_grad", OpClass::Composite, {in("x")},
                     {intAttr("hidden", 1, 1, kInf, "as the forward"), intAttr("layers", 1, 1, 64, "as the forward"),
                      boolAttr("bidirectional", false, "as the forward"), boolAttr("batch_first", true, "as the forward")},
                     {"dx", "dparams"},
                     "operands: x, the forward's parameters, then dout?, dh_n?, dc_n?; dparams is every parameter's gradient, flattened and concatenated",
                     "Backpropagation through time for lstm; the forward recomputed.",
                     [](const InferCtx& c) {
                       int64_t total = 0;
                       for (int k = 1; k < c.numOperands(); ++k)
                         if (c.has(k) && c.node.operandNames[k].rfind("d", 0) != 0) total += c.type(k).numel();
                       return std::vector<TensorType>{c.type(0), {c.type(0).dtype, {total}}};
                     }));
  t.push_back(gradOp("bce_grad", OpClass::Elementwise, {in("p"), in("y"), in("dloss")}, {}, {"dp"}, "dp has p's shape",
                     "(p - y) / max(p (1 - p), 1e-12) * dloss / n (torch.nn.BCELoss backward).",
                     [](const InferCtx& c) { return std::vector<TensorType>{c.type(0)}; }));
  t.push_back(gradOp("bce_logits_grad", OpClass::Elementwise, {in("z"), in("y"), in("dloss")}, {}, {"dz"}, "dz has z's shape",
                     "(sigmoid(z) - y) * dloss / n.", [](const InferCtx& c) { return std::vector<TensorType>{c.type(0)}; }));
  t.push_back(gradOp("cross_entropy_grad", OpClass::Reduction, {in("logits"), in("target"), in("dloss")},
                     {intAttr("axis", -1, -kInf, kInf, "class axis")}, {"dlogits"}, "dlogits has logits' shape",
                     "(softmax(logits) - onehot(target)) * dloss / positions.",
                     [](const InferCtx& c) { return std::vector<TensorType>{c.type(0)}; }));
}

void addOptimizerOps(std::vector<OpDef>& t) {
  t.push_back(OpDef{"state", OpClass::Source, {}, {}, {"out"}, "declared by the optimiser",
                    "Optimiser state carried from step to step (moments, momentum buffers); starts at zero.",
                    [](const InferCtx& c) -> std::vector<TensorType> { c.error("state has no shape rule"); }, {}, true});
  auto scalarOperands = [](const InferCtx& c, std::initializer_list<int> slots) {
    for (int k : slots)
      if (c.type(k).numel() != 1) c.mismatch("operand '" + c.node.operandNames[k] + "' must be a scalar");
  };
  t.push_back(gradOp("sgd_update", OpClass::Update, {in("param"), in("grad"), in("buf"), in("lr"), in("step")},
                     {floatAttr("momentum", 0.0, 0, 1, "momentum"), floatAttr("dampening", 0.0, 0, 1, "dampening"),
                      boolAttr("nesterov", false, "Nesterov momentum"), floatAttr("weight_decay", 0.0, 0, kInf, "L2 added to the gradient")},
                     {"param", "buf"}, "param, grad and buf have one shape; lr and step are scalars",
                     "torch.optim.SGD's update: g += wd p; buf = g (step 1) or momentum buf + (1 - dampening) g; p -= lr (g + momentum buf if nesterov else buf).",
                     [scalarOperands](const InferCtx& c) {
                       expectShape(c, 1, c.type(0).shape);
                       expectShape(c, 2, c.type(0).shape);
                       scalarOperands(c, {3, 4});
                       return std::vector<TensorType>{c.type(0), c.type(0)};
                     }));
  t.push_back(gradOp("adam_update", OpClass::Update, {in("param"), in("grad"), in("m"), in("v"), in("lr"), in("step")},
                     {floatAttr("beta1", 0.9, 0, 1, "first-moment decay"), floatAttr("beta2", 0.999, 0, 1, "second-moment decay"),
                      floatAttr("eps", 1e-8, 0, kInf, "denominator term"), floatAttr("weight_decay", 0.0, 0, kInf, "weight decay"),
                      boolAttr("decoupled", false, "AdamW: decay the weights directly instead of adding L2 to the gradient")},
                     {"param", "m", "v"}, "param, grad, m and v have one shape; lr and step (1-based) are scalars",
                     "torch.optim.Adam / AdamW: m, v moments with bias correction; p -= lr m^ / (sqrt(v^) + eps).",
                     [scalarOperands](const InferCtx& c) {
                       for (int k = 1; k < 4; ++k) expectShape(c, k, c.type(0).shape);
                       scalarOperands(c, {4, 5});
                       return std::vector<TensorType>{c.type(0), c.type(0), c.type(0)};
                     }));
  t.push_back(gradOp("global_norm", OpClass::Reduction, {OperandDef{"xs", false, true}}, {}, {"out"}, "any tensors -> a scalar",
                     "sqrt of the sum of squares of every element of every operand (for gradient clipping).",
                     [](const InferCtx& c) { return scalar(c.type(0).dtype); }));
  t.push_back(gradOp("clip_factor", OpClass::Elementwise, {in("norm")}, {floatAttr("max_norm", 1.0, 0, kInf, "largest allowed norm", true)},
                     {"out"}, "norm is a scalar", "min(1, max_norm / (norm + 1e-6)), torch.nn.utils.clip_grad_norm_'s factor.",
                     [](const InferCtx& c) { return std::vector<TensorType>{c.type(0)}; }));
}

}  // namespace

const std::vector<OpDef>& opTable() {
  static const std::vector<OpDef> table = buildTable();
  return table;
}

const OpDef* findOp(const std::string& name) {
  for (const OpDef& d : opTable())
    if (d.name == name) return &d;
  return nullptr;
}

const OpDef& op(const std::string& name) {
  const OpDef* d = findOp(name);
  if (!d) throw InternalError("no op named '" + name + "'");
  return *d;
}

std::vector<std::string> opNames() {
  std::vector<std::string> out;
  for (const OpDef& d : opTable())
    if (d.cls != OpClass::Source && !d.internal) out.push_back(d.name);
  return out;
}

std::string opReference() {
  std::ostringstream os;
  const char* header = "| op | class | operands | attributes | results | shape rule | doc |\n|---|---|---|---|---|---|---|\n";
  os << "## Ops a spec may use\n\n" << header;
  bool internalSection = false;
  for (const OpDef& d : opTable()) {
    if (d.cls == OpClass::Source) continue;
    if (d.internal && !internalSection) {
      os << "\n## Ops the compiler emits (gradients, optimiser updates)\n\n" << header;
      internalSection = true;
    }
    std::string operands, attrs, results;
    for (const auto& o : d.operands) operands += (operands.empty() ? "" : ", ") + o.name + (o.optional ? "?" : "") + (o.variadic ? "..." : "");
    for (const auto& a : d.attrs) {
      attrs += (attrs.empty() ? "" : ", ") + a.name;
      if (a.dflt) attrs += "=" + attrValueStr(*a.dflt);
      else if (!a.required) attrs += "?";
    }
    for (const auto& r : d.results) results += (results.empty() ? "" : ", ") + r;
    os << "| `" << d.name << "` | " << opClassName(d.cls) << " | " << operands << " | " << attrs << " | " << results << " | "
       << d.rule << " | " << d.doc << " |\n";
  }
  return os.str();
}

}  // namespace sinter
