// rules.cpp — the gradient rule of every differentiable op: one entry per op, each composing ops
// of the op table (ops.cpp). Ops without an entry (sources, metrics, gradient and update ops)
// are not differentiated; autodiff reports an internal error if one lies on a path to the loss.
//
// A rule receives the forward node, the upstream gradient of each of its results and which
// operands need a gradient, and returns one gradient per operand slot. Broadcasting operands get
// their gradients summed back to their own shape (reduce_to).
#include <map>

#include "compiler/autodiff/autodiff.h"

namespace sinter {

namespace {

using Grads = std::vector<Value>;

Value sumTo(Builder& b, Value v, const Shape& shape) {
  if (v.type().shape == shape) return v;
  return b.op("reduce_to", {v}, attrs({{"shape", ints(shape)}}));
}

Value reshapeTo(Builder& b, Value v, const Shape& shape) {
  if (v.type().shape == shape) return v;
  return b.op("reshape", {v}, attrs({{"shape", ints(shape)}}));
}

int axisOf(const Node& n, const std::string& attr, int rank) {
  int64_t a = n.i(attr);
  return static_cast<int>(a < 0 ? a + rank : a);
}

// dy · fn'(x). Where fn' is a function of y = fn(x) alone (relu: y > 0 exactly when x > 0;
// sigmoid, tanh, exp, sqrt), y is passed in x's place too; where it is a function of x alone
// (gelu, log), x in y's place. So the backward keeps one of them alive, and the other may fuse
// into its user's kernel (a max pool under a relu, a gelu under a dropout are never stored).
GradRule unaryRule(const char* fn) {
  const std::string f = fn;
  const bool fromY = f == "relu" || f == "sigmoid" || f == "tanh" || f == "exp" || f == "sqrt";
  return [f, fromY](GradContext& c) {
    Value kept = fromY ? c.out() : c.in(0);
    return Grads{c.b.op("unary_grad", {kept, kept, c.dout[0]}, attrs({{"fn", f}}))};
  };
}

// d(op(A) op(B)) for matmul with transpose flags; see the derivation in docs/ARCHITECTURE.md.
Grads matmulGrads(GradContext& c) {
  bool ta = c.node.b("transpose_a"), tb = c.node.b("transpose_b");
  Value a = c.in(0), bv = c.in(1), dy = c.dout[0];
  Grads g(2);
  auto mm = [&](Value x, Value y, bool tx, bool ty) {
    return c.b.op("matmul", {x, y}, attrs({{"transpose_a", tx}, {"transpose_b", ty}}));
  };
  if (c.wants[0]) g[0] = sumTo(c.b, ta ? mm(bv, dy, tb, true) : mm(dy, bv, false, !tb), a.type().shape);
  if (c.wants[1]) g[1] = sumTo(c.b, tb ? mm(dy, a, true, ta) : mm(a, dy, !ta, false), bv.type().shape);
  return g;
}

// Gradient of the activation fused into linear: dz from dy (and the output y).
Value activationGrad(GradContext& c, Value dy) {
  const std::string& act = c.node.s("activation");
  if (act == "none") return dy;
  Value y = c.out();
  if (act == "gelu") {  // needs the pre-activation: recompute it
    std::vector<Value> ops = c.node.operands;
    AttrMap a = c.node.attrs;
    a["activation"].value = std::string("none");
    Value pre = c.b.node("linear", ops, a, c.node.operandNames)->result(0);
    return c.b.op("unary_grad", {pre, pre, dy}, attrs({{"fn", act}}));  // gelu' reads x only
  }
  return c.b.op("unary_grad", {y, y, dy}, attrs({{"fn", act}}));  // relu, sigmoid, tanh read y
}

Grads linearGrads(GradContext& c) {
  Value x = c.in(0), w = c.in(1);
  int64_t inF = x.type().shape.back(), outF = c.node.i("out"), rows = x.type().numel() / inF;
  Value dz = reshapeTo(c.b, activationGrad(c, c.dout[0]), {rows, outF});
  Grads g(c.node.operands.size());
  if (c.wants[0]) g[0] = reshapeTo(c.b, c.b.op("matmul", {dz, w}), x.type().shape);
  if (c.wants[1]) g[1] = c.b.op("matmul", {dz, reshapeTo(c.b, x, {rows, inF})}, attrs({{"transpose_a", true}}));
  if (g.size() > 2 && c.wants[2]) g[2] = c.b.op("reduce_to", {dz}, attrs({{"shape", ints({outF})}}));
  return g;
}

// sum/mean: broadcast the upstream gradient back over the reduced axes.
Grads reduceGrads(GradContext& c, bool mean) {
  const Shape& xs = c.inType(0).shape;
  int rank = static_cast<int>(xs.size());
  std::vector<bool> reduced(rank, c.node.ints("axes").empty());
  for (int64_t a : c.node.ints("axes")) reduced[a < 0 ? a + rank : a] = true;
  Shape kept;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) {
    kept.push_back(reduced[k] ? 1 : xs[k]);
    if (reduced[k]) count *= xs[k];
  }
  Value d = c.b.op("expand", {reshapeTo(c.b, c.dout[0], kept)}, attrs({{"shape", ints(xs)}}));
  if (mean) d = c.b.op("scale", {d}, attrs({{"factor", 1.0 / static_cast<double>(count)}}));
  return {d};
}

const std::map<std::string, GradRule>& rules() {
  static const std::map<std::string, GradRule> table = {
      // --- elementwise ---
      {"relu", unaryRule("relu")},
      {"gelu", unaryRule("gelu")},
      {"sigmoid", unaryRule("sigmoid")},
      {"tanh", unaryRule("tanh")},
      {"exp", unaryRule("exp")},
      {"log", unaryRule("log")},
      {"sqrt", unaryRule("sqrt")},
      {"neg", [](GradContext& c) { return Grads{c.b.op("neg", {c.dout[0]})}; }},
      {"scale", [](GradContext& c) { return Grads{c.b.op("scale", {c.dout[0]}, attrs({{"factor", c.node.f("factor")}}))}; }},
      {"add", [](GradContext& c) { return Grads{sumTo(c.b, c.dout[0], c.inType(0).shape), sumTo(c.b, c.dout[0], c.inType(1).shape)}; }},
      {"sub", [](GradContext& c) {
         Grads g(2);
         if (c.wants[0]) g[0] = sumTo(c.b, c.dout[0], c.inType(0).shape);
         if (c.wants[1]) g[1] = c.b.op("neg", {sumTo(c.b, c.dout[0], c.inType(1).shape)});
         return g;
       }},
      {"mul", [](GradContext& c) {
         Grads g(2);
         if (c.wants[0]) g[0] = sumTo(c.b, c.b.op("mul", {c.dout[0], c.in(1)}), c.inType(0).shape);
         if (c.wants[1]) g[1] = sumTo(c.b, c.b.op("mul", {c.dout[0], c.in(0)}), c.inType(1).shape);
         return g;
       }},
      {"div", [](GradContext& c) {
         Grads g(2);
         if (c.wants[0]) g[0] = sumTo(c.b, c.b.op("div", {c.dout[0], c.in(1)}), c.inType(0).shape);
         if (c.wants[1]) {  // d(a/b)/db = -(a/b)/b
           Value t = c.b.op("div", {c.b.op("mul", {c.dout[0], c.out()}), c.in(1)});
           g[1] = c.b.op("neg", {sumTo(c.b, t, c.inType(1).shape)});
         }
         return g;
       }},
      {"dropout", [](GradContext& c) {  // the same mask (stream and, if narrowed, place in it), the same scale
         AttrMap a = attrs({{"p", c.node.f("p")}, {"mask", c.node.i("mask")}});
         for (const char* view : {"mask_shape", "mask_offset"})
           if (c.node.has(view)) a[view] = c.node.attrs.at(view);
         return Grads{c.b.op("dropout", {c.dout[0]}, a)};
       }},

      // --- layout ---
      {"reshape", [](GradContext& c) { return Grads{reshapeTo(c.b, c.dout[0], c.inType(0).shape)}; }},
      {"transpose", [](GradContext& c) {
         return Grads{c.b.op("transpose", {c.dout[0]}, attrs({{"dim0", c.node.i("dim0")}, {"dim1", c.node.i("dim1")}}))};
       }},
      {"permute", [](GradContext& c) {
         const auto& perm = c.node.ints("perm");
         int rank = static_cast<int>(perm.size());
         std::vector<int64_t> inverse(rank);
         for (int k = 0; k < rank; ++k) inverse[perm[k] < 0 ? perm[k] + rank : perm[k]] = k;
         return Grads{c.b.op("permute", {c.dout[0]}, attrs({{"perm", ints(inverse)}}))};
       }},
      {"concat", [](GradContext& c) {
         int axis = axisOf(c.node, "axis", c.inType(0).rank());
         Grads g(c.node.operands.size());
         int64_t offset = 0;
         for (size_t k = 0; k < g.size(); ++k) {
           int64_t size = c.inType(static_cast<int>(k)).shape[axis];
           if (c.wants[k])
             g[k] = c.b.op("slice", {c.dout[0]}, attrs({{"axis", int64_t(axis)}, {"start", offset}, {"end", offset + size}}));
           offset += size;
         }
         return g;
       }},
      {"slice", [](GradContext& c) {
         const Shape& xs = c.inType(0).shape;
         int axis = axisOf(c.node, "axis", c.inType(0).rank());
         int64_t start = c.node.i("start");
         if (start < 0) start += xs[axis];
         return Grads{c.b.op("slice_grad", {c.dout[0]},
                             attrs({{"shape", ints(xs)}, {"axis", int64_t(axis)}, {"start", start}, {"step", c.node.i("step")}}))};
       }},
      {"index", [](GradContext& c) {
         const Shape& xs = c.inType(0).shape;
         int axis = axisOf(c.node, "axis", c.inType(0).rank());
         int64_t idx = c.node.i("index");
         if (idx < 0) idx += xs[axis];
         Shape withAxis = xs;
         withAxis[axis] = 1;
         Value d = reshapeTo(c.b, c.dout[0], withAxis);
         return Grads{c.b.op("slice_grad", {d}, attrs({{"shape", ints(xs)}, {"axis", int64_t(axis)}, {"start", idx}}))};
       }},
      {"gather", [](GradContext& c) {
         int axis = axisOf(c.node, "axis", c.inType(0).rank());
         return Grads{c.b.op("scatter_add", {c.in(1), c.dout[0]}, attrs({{"axis", int64_t(axis)}, {"shape", ints(c.inType(0).shape)}})), Value{}};
       }},
      {"pick", [](GradContext& c) {
         AttrMap a = attrs({{"axis", c.node.i("axis")}, {"offset", c.node.i("offset")}, {"shape", ints(c.inType(0).shape)}});
         return Grads{c.b.op("pick_grad", {c.in(1), c.dout[0]}, a), Value{}};
       }},
      {"expand", [](GradContext& c) { return Grads{sumTo(c.b, c.dout[0], c.inType(0).shape)}; }},
      {"embedding", [](GradContext& c) {
         AttrMap a = attrs({{"num", c.node.i("num")}, {"dim", c.node.i("dim")}});
         if (c.node.has("padding_idx")) a["padding_idx"] = Attr{c.node.i("padding_idx"), {}};
         return Grads{Value{}, c.b.op("embedding_grad", {c.in(0), c.dout[0]}, a)};
       }},

      // --- contractions ---
      {"matmul", matmulGrads},
      {"linear", linearGrads},
      {"conv2d", [](GradContext& c) {
         AttrMap window = attrs({{"kernel", c.node.i("kernel")}, {"stride", c.node.i("stride")}, {"padding", c.node.i("padding")}});
         Grads g(c.node.operands.size());
         if (c.wants[0]) {
           AttrMap a = window;
           a["shape"] = Attr{ints(c.inType(0).shape), {}};
           g[0] = c.b.op("conv2d_grad_input", {c.dout[0], c.in(1)}, a);
         }
         if (c.wants[1]) g[1] = c.b.op("conv2d_grad_weight", {c.in(0), c.dout[0]}, window);
         if (g.size() > 2 && c.wants[2]) g[2] = c.b.op("sum", {c.dout[0]}, attrs({{"axes", ints({0, 2, 3})}}));
         return g;
       }},

      // --- pooling ---
      {"maxpool2d", [](GradContext& c) {
         return Grads{c.b.op("maxpool2d_grad", {c.in(0), c.dout[0]}, attrs({{"kernel", c.node.i("kernel")}, {"stride", c.node.i("stride")}}))};
       }},
      {"adaptive_avgpool2d", [](GradContext& c) {
         return Grads{c.b.op("adaptive_avgpool2d_grad", {c.dout[0]}, attrs({{"shape", ints(c.inType(0).shape)}}))};
       }},

      // --- reductions and normalisations ---
      {"sum", [](GradContext& c) { return reduceGrads(c, false); }},
      {"mean", [](GradContext& c) { return reduceGrads(c, true); }},
      {"softmax", [](GradContext& c) {  // y (dy - sum(dy y))
         Value y = c.out(), dy = c.dout[0];
         Value dot = c.b.op("sum", {c.b.op("mul", {dy, y})}, attrs({{"axes", ints({c.node.i("axis")})}, {"keepdim", true}}));
         return Grads{c.b.op("mul", {y, c.b.op("sub", {dy, dot})})};
       }},
      {"log_softmax", [](GradContext& c) {  // dy - exp(y) sum(dy)
         Value dy = c.dout[0];
         Value total = c.b.op("sum", {dy}, attrs({{"axes", ints({c.node.i("axis")})}, {"keepdim", true}}));
         return Grads{c.b.op("sub", {dy, c.b.op("mul", {c.b.op("exp", {c.out()}), total})})};
       }},
      {"layernorm", [](GradContext& c) {
         bool affine = c.node.operands.size() > 1;
         Node* n = c.b.node("layernorm_grad", {c.in(0), c.dout[0], affine ? c.in(1) : Value{}}, attrs({{"eps", c.node.f("eps")}}));
         if (!affine) return Grads{n->result(0)};
         return Grads{n->result(0), n->result(1), n->result(2)};
       }},

      // --- composites ---
      {"attention", [](GradContext& c) {
         AttrMap a = attrs({{"causal", c.node.b("causal")}});
         if (c.node.has("scale")) a["scale"] = Attr{c.node.f("scale"), {}};
         Node* n = c.b.node("attention_grad", {c.in(0), c.in(1), c.in(2), c.in(3), c.dout[0], c.dout[1]}, a);
         return Grads{n->result(0), n->result(1), n->result(2), Value{}};
       }},
      {"mha", [](GradContext& c) {
         Node* n = c.b.node("mha_grad", {c.in(0), c.in(1), c.in(2), c.in(3), c.in(4), c.in(5), c.dout[0], c.dout[1]},
                            attrs({{"heads", c.node.i("heads")}, {"causal", c.node.b("causal")}}));
         return Grads{n->result(0), Value{}, n->result(1), n->result(2), n->result(3), n->result(4)};
       }},
      {"lstm", [](GradContext& c) {
         std::vector<Value> ops = c.node.operands;
         std::vector<std::string> slots = c.node.operandNames;
         for (int r = 0; r < 3; ++r) ops.push_back(c.dout[r]);
         slots.insert(slots.end(), {"dout", "dh_n", "dc_n"});
         AttrMap a = attrs({{"hidden", c.node.i("hidden")}, {"layers", c.node.i("layers")},
                            {"bidirectional", c.node.b("bidirectional")}, {"batch_first", c.node.b("batch_first")}});
         Node* n = c.b.node("lstm_grad", ops, a, slots);
         Grads g{n->result(0)};
         int64_t offset = 0;
         for (size_t k = 1; k < c.node.operands.size(); ++k) {
           const Shape& s = c.inType(static_cast<int>(k)).shape;
           int64_t size = numel(s);
           Value flat = c.b.op("slice", {n->result(1)}, attrs({{"axis", int64_t(0)}, {"start", offset}, {"end", offset + size}}));
           g.push_back(reshapeTo(c.b, flat, s));
           offset += size;
         }
         return g;
       }},

      // --- losses (targets get no gradient) ---
      {"bce", [](GradContext& c) { return Grads{c.b.op("bce_grad", {c.in(0), c.in(1), c.dout[0]}), Value{}}; }},
      {"bce_logits", [](GradContext& c) { return Grads{c.b.op("bce_logits_grad", {c.in(0), c.in(1), c.dout[0]}), Value{}}; }},
      {"cross_entropy", [](GradContext& c) {
         return Grads{c.b.op("cross_entropy_grad", {c.in(0), c.in(1), c.dout[0]}, attrs({{"axis", c.node.i("axis")}})), Value{}};
       }},
  };
  return table;
}

}  // namespace

const GradRule* gradRule(const std::string& op) {
  auto it = rules().find(op);
  return it == rules().end() ? nullptr : &it->second;
}

}  // namespace sinter
