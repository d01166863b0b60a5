// lower.cpp — graph → loop IR (see loop_ir.h).
//
// Assumes: a verified graph with static shapes. Guarantees: one buffer per value; a step per
// non-source node in graph order; generated kernels for elementwise ops (with broadcasting),
// their gradients, constants, reductions over axes and data movement (reshape, transpose,
// permute, expand, slice, index); library calls for the rest. Semantics equal the reference
// interpreter's (tests/unit/test_llvm.cpp).
#include <cmath>
#include <functional>
#include <set>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

const char* matmulImplName(MatmulImpl m) {
  switch (m) {
    case MatmulImpl::Auto: return "auto";
    case MatmulImpl::Generated: return "generated";
    case MatmulImpl::OneDnn: return "onednn";
    case MatmulImpl::Reference: return "reference";
  }
  return "?";
}

// Register accumulators a generated aᵀ·b keeps across its pass over k (AVX-512 has 32 vector
// registers; the loads and products need the rest).
constexpr int64_t kNarrowAccumulators = 25;

MatmulImpl chooseMatmul(const Node& n) {
  // Measured with bench/matmul_dispatch.cpp at one thread (docs/benchmarks.md): oneDNN costs
  // about 0.5-1 us per call whatever the size, so the generated loop nest wins up to ~2k
  // multiply-adds; matrix-vector products (one output column) are memory-bound, where the
  // generated register row sums beat oneDNN and Eigen's GEMV at every size measured; oneDNN wins
  // everything else, by 2-100x.
  const Shape& a = n.operands[0].type().shape;
  int64_t k = n.op->name == "linear" || !n.b("transpose_a") ? a.back() : a[a.size() - 2];
  int64_t cols = n.results[0].shape.back();
  int64_t macs = k * n.results[0].numel();
  if (macs <= 2048) return MatmulImpl::Generated;
  // One input feature (count24's Linear(1, 200)): an outer product, one multiply per output and
  // nothing for a library to block (500 x 1 x 200: oneDNN 12.7 us, generated 9.0).
  if (k == 1) return MatmulImpl::Generated;
  // Narrow on both sides (count24's keys: 5000 x 5 x 5, and its gradient through a): one pass
  // over the rows with every output of a row in the body, vectorised along the rows (oneDNN
  // 7.0 us, generated 3.3). Not with a transposed a (a weight gradient: a reduction over the rows).
  const bool transposedA = n.op->name == "matmul" && n.b("transpose_a");
  if (k <= 8 && cols <= 8 && !transposedA) return MatmulImpl::Generated;
  // A few outputs summed over a long k (a weight gradient of a narrow layer: count24's 5 x 5
  // over 5000 rows): register sums in one pass (oneDNN 9.9 us, generated 3.5).
  const int64_t rowsOut = n.results[0].shape[n.results[0].shape.size() - 2];
  if (transposedA && n.results[0].shape.size() == 2 && rowsOut * cols <= kNarrowAccumulators) return MatmulImpl::Generated;
  if (cols == 1) return MatmulImpl::Generated;
  // One output row (a weight gradient through a layer with one output: count24's [1, 500] x
  // [500, 200]): for each k, an axpy along b's contiguous rows into the output (oneDNN 6.6 us,
  // generated 4.1 in count24's step; its [1, 5000] x [5000, 5]: 14.6 against 6.0).
  if (n.op->name == "matmul" && n.results[0].shape[n.results[0].shape.size() - 2] == 1 && !n.b("transpose_b")) return MatmulImpl::Generated;
  return MatmulImpl::OneDnn;
}

MatmulImpl chooseConvolution(const Node& n) {
  // Measured with bench/step_time.cpp on mnist_add's training step (docs/benchmarks.md): oneDNN's
  // direct convolutions (forward, backward data, backward weights) take the step from 221 ms to
  // 104 ms at one thread against the im2col + Eigen reference kernels. With few input channels
  // (C k² <= kGeneratedConvTaps: mnist_add's first layer, 1 × 3 × 3) the generated direct
  // forward (no padding) beats oneDNN's, which has little to vectorise over and reorders the
  // large output: 2.2 against 3.8 ms (sinter bench --profile, docs/benchmarks.md). A generated
  // weight gradient lost there (8.4 against 2.9 ms: one horizontal sum per output row), so
  // gradients stay on oneDNN, as does everything else.
  constexpr int64_t kGeneratedConvTaps = 16;
  if (n.op->name == "conv2d" && n.i("padding") == 0) {
    const int64_t c = n.operands[0].type().shape[1], k = n.i("kernel");
    if (c * k * k <= kGeneratedConvTaps) return MatmulImpl::Generated;
  }
  return MatmulImpl::OneDnn;
}

bool winogradConvolution(const Node& n) {
  // oneDNN's Winograd F(4×4, 3×3) convolutions against its direct ones, one thread and two, on
  // the Zen 5 machine (bench/conv_algorithms.cpp, docs/benchmarks.md): with 32 or more input and
  // output channels, the forward and the weight gradient of a 3×3, stride-1 convolution take
  // 0.5-0.8 of the direct time (mnist_add's conv2: 4.9 -> 2.3 ms forward, 4.9 -> 2.9 weight
  // gradient); with 16 channels they lose (1.1-1.4). The input gradient wins only for a
  // padding-1 convolution (0.6-0.8); without padding its transposed convolution pads by 2 and
  // Winograd's takes 1.3-3.6 times the direct time. The results differ from the direct
  // algorithm's in rounding: 5e-7 relative RMS error against 1.6e-7 (mnist_add's conv2, random
  // data, against a double-precision sum).
  const std::string& op = n.op->name;
  if (op != "conv2d" && op != "conv2d_grad_input" && op != "conv2d_grad_weight") return false;
  if (n.i("kernel") != 3 || n.i("stride") != 1) return false;
  const Shape& w = op == "conv2d_grad_weight" ? n.results[0].shape : n.operands[1].type().shape;  // [O, C, k, k]
  if (w[0] < 32 || w[1] < 32) return false;
  return op != "conv2d_grad_input" || n.i("padding") == 1;
}

MatmulImpl chooseRecurrent(const Node& n) {
  // Without the runtime's fused kernels (LowerOptions::fusedKernels off). Measured with `sinter
  // bench` (docs/benchmarks.md): imdb_lstm's forward takes 3.9 ms on oneDNN's LSTM inference
  // primitive against 48 ms on the reference kernel.
  (void)n;
  return MatmulImpl::OneDnn;
}

bool bceGenerated(const Node& n) {
  // A sigmoid's output is in [0, 1] (or NaN), so the reference kernel's range check of p cannot
  // fail; other producers keep the reference kernel, which reports a probability out of range.
  return n.op->name == "bce_logits" || (n.op->name == "bce" && n.operands[0].node->op->name == "sigmoid");
}

bool isRowKernel(const Node& n) {
  const std::string& op = n.op->name;
  if (op == "bce" || op == "bce_logits") return bceGenerated(n);
  return op == "softmax" || op == "log_softmax" || op == "layernorm" || op == "layernorm_grad" || op == "cross_entropy" ||
         op == "cross_entropy_grad";
}

bool hasFusedKernel(const Node& n, uint32_t unusedResults) {
  if (n.results[0].dtype != DType::f32) return false;
  const std::string& op = n.op->name;
  // The blockwise attention kernels never form the weights of a gradient's dweights, nor mha's
  // head-averaged weights; attention's own weights they write when something reads them.
  // Small problems (Lq·Lk < 256, count24's) run a direct kernel, which also takes dweights.
  if (op == "attention") return true;
  if (op == "mha") return (unusedResults & 2) != 0;
  if (op == "attention_grad") {
    const Shape &q = n.operands[0].type().shape, &k = n.operands[1].type().shape;
    return !n.operands[5] || q[q.size() - 2] * k[k.size() - 2] < 256;
  }
  if (op == "mha_grad") return !n.operands[7];
  return op == "lstm_grad" || op == "adam_update" || op == "sgd_update" || op == "conv2d_grad_weight_pooled";
}

const char* typeName(Type t) {
  switch (t) {
    case Type::f32: return "f32";
    case Type::f64: return "f64";
    case Type::i64: return "i64";
    case Type::i1: return "i1";
  }
  return "?";
}

ExprP intConst(int64_t v) { return std::make_shared<Expr>(Expr{Expr::Kind::Int, Type::i64, v}); }
ExprP floatConst(double v, Type t) {
  Expr e{Expr::Kind::Float, t};
  e.f = v;
  return std::make_shared<Expr>(e);
}
ExprP var(int v) {
  Expr e{Expr::Kind::Var, Type::i64};
  e.var = v;
  return std::make_shared<Expr>(e);
}
ExprP load(int buffer, Type t, ExprP index) {
  Expr e{Expr::Kind::Load, t};
  e.buffer = buffer;
  e.a = std::move(index);
  return std::make_shared<Expr>(e);
}
ExprP unary(const std::string& op, ExprP a) {
  Expr e{Expr::Kind::Unary, a->type};
  e.op = op;
  e.a = std::move(a);
  return std::make_shared<Expr>(e);
}
ExprP binary(const std::string& op, ExprP a, ExprP b) {
  bool cmp = op == "lt" || op == "gt" || op == "le" || op == "ge" || op == "eq" || op == "ne" || op == "and" || op == "or";
  Expr e{Expr::Kind::Binary, cmp ? Type::i1 : a->type};
  e.op = op;
  e.a = std::move(a);
  e.b = std::move(b);
  return std::make_shared<Expr>(e);
}
ExprP select(ExprP cond, ExprP a, ExprP b) {
  Expr e{Expr::Kind::Select, a->type};
  e.a = std::move(cond);
  e.b = std::move(a);
  e.c = std::move(b);
  return std::make_shared<Expr>(e);
}
ExprP reg(int r, Type t) {
  Expr e{Expr::Kind::Reg, t};
  e.var = r;
  return std::make_shared<Expr>(e);
}
ExprP accumulate(const std::string& op, ExprP acc, ExprP x) {
  Expr e = *binary(op, std::move(acc), std::move(x));
  e.reassoc = e.type != Type::i64;
  return std::make_shared<Expr>(e);
}

namespace {

Type typeOf(DType d) {
  switch (d) {
    case DType::f32: return Type::f32;
    case DType::f64: return Type::f64;
    default: return Type::i64;  // integer tensors are held as i64, as in the interpreter
  }
}

// Builds one kernel: loops over a shape, statements from a callback given the loop variables.
class KernelBuilder {
 public:
  explicit KernelBuilder(Kernel& k) : k_(k) {}

  // Σ vars[k] * strides[k] + base
  ExprP index(const std::vector<int>& vars, const Shape& strides, int64_t base = 0) {
    ExprP sum = base ? intConst(base) : nullptr;
    for (size_t k = 0; k < vars.size(); ++k) {
      if (strides[k] == 0) continue;
      ExprP term = strides[k] == 1 ? var(vars[k]) : binary("mul", var(vars[k]), intConst(strides[k]));
      sum = sum ? binary("add", sum, term) : term;
    }
    return sum ? sum : intConst(0);
  }

  // A loop nest over `shape` around the statements `body(vars)` returns.
  void nest(const Shape& shape, const std::function<std::vector<StmtP>(const std::vector<int>&)>& body) {
    std::vector<int> vars;
    for (size_t k = 0; k < shape.size(); ++k) vars.push_back(k_.numVars++);
    std::vector<StmtP> inner = body(vars);
    for (size_t k = shape.size(); k-- > 0;) {
      auto loop = std::make_shared<Stmt>(Stmt{Stmt::Kind::For});
      loop->var = vars[k];
      loop->extent = shape[k];
      loop->body = std::move(inner);
      inner = {loop};
    }
    for (auto& s : inner) k_.body.push_back(s);
  }

  static StmtP store(int buffer, ExprP index, ExprP value) {
    auto s = std::make_shared<Stmt>(Stmt{Stmt::Kind::Store});
    s->buffer = buffer;
    s->index = std::move(index);
    s->value = std::move(value);
    return s;
  }

  // A new register of type t; `assign` writes it, loops::reg reads it.
  int newReg(Type t) {
    k_.regs.push_back(t);
    return static_cast<int>(k_.regs.size()) - 1;
  }
  static StmtP assign(int r, ExprP value) {
    auto s = std::make_shared<Stmt>(Stmt{Stmt::Kind::Assign});
    s->var = r;
    s->value = std::move(value);
    return s;
  }
  void add(StmtP s) { k_.body.push_back(std::move(s)); }

  // `for k in 0..extent` along axis `axis` of a row: the body gets `vars` with vars[axis] = k.
  StmtP along(std::vector<int> vars, int axis, int64_t extent, const std::function<std::vector<StmtP>(const std::vector<int>&)>& body) {
    auto loop = std::make_shared<Stmt>(Stmt{Stmt::Kind::For});
    loop->var = vars[axis] = k_.numVars++;
    loop->extent = extent;
    loop->body = body(vars);
    return loop;
  }

  // Loops over every row of `shape` along `axis` (every index of the other axes); the body gets
  // the full variable list, vars[axis] to be set by `along`.
  void rows(const Shape& shape, int axis, const std::function<std::vector<StmtP>(const std::vector<int>&)>& body) {
    Shape outer = shape;
    outer.erase(outer.begin() + axis);
    nest(outer, [&](const std::vector<int>& ov) {
      std::vector<int> vars = ov;
      vars.insert(vars.begin() + axis, -1);
      return body(vars);
    });
  }

  // Records a data check of node n (see Stmt::Kind::Check).
  StmtP check(Program& p, const Node& n, ExprP ok, ExprP index, ExprP detail, std::string prefix, std::string suffix) {
    if (p.status < 0) {
      p.status = static_cast<int>(p.buffers.size());
      Buffer status{"status", Type::i64, 3, false};
      status.kept = true;  // lives the whole run: the executor reads it after the kernel
      p.buffers.push_back(status);
    }
    p.checks.push_back(DataCheck{&n, std::move(prefix), std::move(suffix)});
    k_.checks = true;
    auto s = std::make_shared<Stmt>(Stmt{Stmt::Kind::Check});
    s->check = static_cast<int>(p.checks.size()) - 1;
    s->value = std::move(ok);
    s->index = std::move(index);
    s->detail = std::move(detail);
    return s;
  }

 private:
  Kernel& k_;
};

ExprP sigmoidOf(ExprP x) {
  Type t = x->type;
  return binary("div", floatConst(1, t), binary("add", floatConst(1, t), unary("exp", unary("neg", x))));
}

ExprP geluOf(ExprP x) {
  return binary("mul", x, unary("ncdf", x));
}

// The elementwise function of a unary op applied to x.
ExprP unaryOp(const Node& n, ExprP x) {
  const std::string& op = n.op->name;
  Type t = x->type;
  if (op == "relu") return binary("max", x, floatConst(0, t));
  if (op == "gelu") return geluOf(x);
  if (op == "sigmoid") return sigmoidOf(x);
  if (op == "tanh" || op == "exp" || op == "log" || op == "neg" || op == "sqrt") return unary(op, x);
  if (op == "scale") return binary("mul", x, floatConst(n.f("factor"), t));
  return nullptr;
}

// linear's activation applied to x.
ExprP activationOf(const std::string& act, ExprP x) {
  if (act == "relu") return binary("max", x, floatConst(0, x->type));
  if (act == "gelu") return geluOf(x);
  if (act == "sigmoid") return sigmoidOf(x);
  if (act == "tanh") return unary("tanh", x);
  return x;
}

// dy * fn'(x) for unary_grad, with y = fn(x); fn'(x) itself without dy.
ExprP unaryGradOf(const std::string& fn, ExprP x, ExprP y, ExprP dy) {
  Type t = x->type;
  ExprP one = floatConst(1, t), d;
  if (fn == "relu") d = select(binary("gt", x, floatConst(0, t)), one, floatConst(0, t));
  else if (fn == "gelu") {
    ExprP cdf = unary("ncdf", x);  // its exp(-x²/2) is pdf's (codegen's phiF32): one exp
    ExprP pdf = binary("mul", floatConst(0.3989422804014327, t), unary("exp", binary("mul", binary("mul", x, x), floatConst(-0.5, t))));
    d = binary("add", cdf, binary("mul", x, pdf));
  } else if (fn == "sigmoid") d = binary("mul", y, binary("sub", one, y));
  else if (fn == "tanh") d = binary("sub", one, binary("mul", y, y));
  else if (fn == "exp") d = y;
  else if (fn == "log") d = binary("div", one, x);
  else d = binary("div", floatConst(0.5, t), y);  // sqrt
  return dy ? binary("mul", dy, d) : d;
}

class Lowering {
 public:
  Lowering(const Graph& g, const LowerOptions& opts) : g_(g), opts_(opts), plan_(planFusion(g, opts.fuse, opts.convolution != MatmulImpl::Reference && opts.convolution != MatmulImpl::OneDnn)) { p_.name = g.name; }

  Program run() {
    std::set<std::pair<int, int>> kept;  // the values the caller reads
    auto keep = [&](const Value& v) {
      if (v) kept.insert({v.node->id, v.index});
    };
    for (const auto& [name, v] : g_.outputs) keep(v);
    keep(g_.loss);
    for (const auto& [name, v] : g_.metrics) keep(v);
    for (const auto& [p, v] : g_.grads) keep(v);
    for (const auto& [p, v] : g_.updates) keep(v);
    read_ = kept;
    users_.assign(g_.nodes().size(), {});
    members_.assign(g_.nodes().size(), {});
    siblings_.assign(g_.nodes().size(), {});
    for (const auto& np : g_.nodes()) {
      for (const Value& v : np->operands)
        if (v) read_.insert({v.node->id, v.index}), users_[v.node->id].insert(np->id);
      if (plan_.fused(np->id)) members_[plan_.into[np->id]].push_back(np->id);
      if (plan_.with[np->id] >= 0) siblings_[plan_.with[np->id]].push_back(np->id);
    }
    residualEpilogues();
    for (const auto& np : g_.nodes()) {
      const Node& n = *np;
      for (size_t r = 0; r < n.results.size(); ++r) {
        std::string name = n.name + (r ? "." + n.op->results[r] : std::string());
        p_.bufferOf[{n.id, static_cast<int>(r)}] = static_cast<int>(p_.buffers.size());
        Buffer b{name, typeOf(n.results[r].dtype), n.results[r].numel(), n.op->cls == OpClass::Source};
        b.kept = kept.count({n.id, static_cast<int>(r)}) != 0;
        b.fused = (plan_.fused(n.id) && (r == 0 || !isRowKernel(n))) ||  // an epilogue row kernel stores its other results
                  residualOf_.count(n.id);                               // a product added in its oneDNN call
        if (plan_.view[n.id]) b.aliasOf = p_.buffer(n.operands[0]);
        p_.buffers.push_back(b);
      }
    }
    mergeLosses();
    for (const auto& np : g_.nodes()) {
      const Node& n = *np;
      if (n.op->cls == OpClass::Source || plan_.fused(n.id) || plan_.view[n.id] || mergedLoss_.count(n.id) || residualOf_.count(n.id) ||
          siblingStored_.count(n.id) || unread(n))
        continue;
      if (productOf_.count(n.id)) {  // the add of a residual epilogue: the product's oneDNN call
        Step st{-1, g_.nodes()[productOf_.at(n.id)].get(), Library::OneDnn};
        st.residual = &n;
        p_.steps.push_back(st);
        continue;
      }
      Kernel k;
      k.name = "k" + std::to_string(p_.kernels.size()) + "_" + sanitize(n.name);
      k.node = n.name;
      k.loc = n.loc;
      for (int m : members_[n.id]) k.fused.push_back(g_.nodes()[m]->name);
      if (lossOf_.count(n.id)) k.fused.push_back(g_.nodes()[lossOf_.at(n.id)]->name);
      if (n.op->name == "matmul" || n.op->name == "linear") {
        MatmulImpl impl = opts_.matmul == MatmulImpl::Auto ? chooseMatmul(n) : opts_.matmul;
        if (n.results[0].dtype != DType::f32 && impl == MatmulImpl::OneDnn) impl = MatmulImpl::Reference;
        if (impl != MatmulImpl::Generated) {
          p_.steps.push_back(Step{-1, &n, impl == MatmulImpl::OneDnn ? Library::OneDnn : Library::Reference});
          continue;
        }
      }
      const bool pool = n.op->name == "maxpool2d" || n.op->name == "maxpool2d_grad";
      if (pool && opts_.convolution != MatmulImpl::Reference && opts_.convolution != MatmulImpl::OneDnn && lowerNode(n, k)) {
        // Windows that tile the input: generated (measured with sinter bench on mnist_add:
        // oneDNN's pooling on plain NCHW took ~20 ms of the step, forward and backward).
        p_.steps.push_back(Step{static_cast<int>(p_.kernels.size()), &n});
        p_.kernels.push_back(std::move(k));
        continue;
      }
      const bool conv = n.op->name == "conv2d" || n.op->name == "conv2d_grad_input" || n.op->name == "conv2d_grad_weight" || pool;
      const bool rnn = n.op->name == "lstm";
      if (rnn && opts_.fusedKernels && n.results[0].dtype == DType::f32 && (hasGradient(n) || opts_.recurrent == MatmulImpl::Auto)) {
        // The fused forward (runtime/lstm.h): in a training step it keeps its state for
        // lstm_grad (no second forward); in inference its layer wavefront and gate passes beat
        // oneDNN's LSTM inference primitive (imdb_lstm's forward graph, `sinter bench`: 2.85 ->
        // 2.55 ms at one thread, 2.85 -> 1.57 at two; mnist_add's unchanged).
        p_.steps.push_back(Step{-1, &n, Library::Fused, unusedResults(n)});
        continue;
      }
      if (conv || rnn) {
        MatmulImpl choice = conv ? opts_.convolution : opts_.recurrent;
        MatmulImpl impl = choice != MatmulImpl::Auto ? choice : conv ? chooseConvolution(n) : chooseRecurrent(n);
        if (impl == MatmulImpl::Generated && lowerNode(n, k)) {
          p_.steps.push_back(Step{static_cast<int>(p_.kernels.size()), &n});
          p_.kernels.push_back(std::move(k));
          continue;
        }
        bool onednn = impl == MatmulImpl::OneDnn && n.results[0].dtype == DType::f32;
        p_.steps.push_back(Step{-1, &n, onednn ? Library::OneDnn : Library::Reference});
        p_.steps.back().winograd = onednn && opts_.winograd && winogradConvolution(n);
        continue;
      }
      if (opts_.fusedKernels && hasFusedKernel(n, unusedResults(n))) {
        p_.steps.push_back(Step{-1, &n, Library::Fused, unusedResults(n)});
        continue;
      }
      if (lowerNode(n, k)) {
        p_.steps.push_back(Step{static_cast<int>(p_.kernels.size()), &n});
        p_.kernels.push_back(std::move(k));
      } else {
        p_.steps.push_back(Step{-1, &n});
      }
    }
    return std::move(p_);
  }

 private:
  static std::string sanitize(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
  }

  int buf(const Value& v) const { return p_.buffer(v); }
  int out(const Node& n, int r = 0) const { return p_.bufferOf.at({n.id, r}); }
  Type type(const Value& v) const { return typeOf(v.type().dtype); }
  bool fusedValue(const Value& v) const { return plan_.fused(v.node->id); }

  static bool isElementwise(const Node& n) {
    const std::string& op = n.op->name;
    return op == "add" || op == "sub" || op == "mul" || op == "div" || op == "unary_grad" || op == "bce_grad" || op == "bce_logits_grad" ||
           op == "dropout" || unaryOp(n, floatConst(0, Type::f32));
  }
  static bool isStrided(const Node& n) {
    const std::string& op = n.op->name;
    return op == "transpose" || op == "permute" || op == "expand" || op == "slice" || op == "index";
  }
  // Layout ops whose element reads an operand at a computed index along one axis (or nothing).
  static bool isIndexed(const Node& n) { return n.op->name == "concat" || n.op->name == "slice_grad"; }

  // Whether the expression tree of `n` (with the nodes fused into it) reads every value at the
  // same flat index it is evaluated at: then one flat loop covers it.
  bool flatTree(const Node& n) const {
    if (n.op->name == "fill") return true;
    if (isRowKernel(n) || isIndexed(n) || n.op->name == "maxpool2d") return false;
    if (isStrided(n) || n.has("mask_shape")) return false;
    for (const Value& v : n.operands) {
      if (!v) continue;
      if (fusedValue(v)) {
        if (!flatTree(*v.node)) return false;
      } else if (v.type().shape != n.results[0].shape && v.type().numel() != 1) {
        return false;  // a broadcast operand (a scalar is read at index 0)
      }
    }
    return true;
  }

  // The value `v` at the loop index `vars` of a nest over `shape` (which `v` broadcasts to); in
  // a flat nest, vars is the one flat index. Fused producers are inlined.
  ExprP valueAt(const Value& v, const std::vector<int>& vars, const Shape& shape, bool flat, KernelBuilder& kb) {
    if (fusedValue(v) && isRowKernel(*v.node)) return rowValue_.at(v.node->id);  // inside its epilogue
    if (fusedValue(v)) return exprOf(*v.node, vars, shape, flat, kb);
    if (flat) return load(buf(v), type(v), v.type().numel() == 1 ? intConst(0) : var(vars[0]));
    return load(buf(v), type(v), kb.index(vars, broadcastStrides(v.type().shape, shape)));
  }

  // The element of node `n` (elementwise, constant or strided layout) at `vars`.
  ExprP exprOf(const Node& n, const std::vector<int>& vars, const Shape& shape, bool flat, KernelBuilder& kb) {
    const std::string& op = n.op->name;
    const Type t = typeOf(n.results[0].dtype);
    auto at = [&](int k) { return valueAt(n.operands[k], vars, shape, flat, kb); };
    if (op == "fill") return floatConst(n.f("value"), t);
    if (op == "add" || op == "sub" || op == "mul" || op == "div") return binary(op, at(0), at(1));
    if (op == "unary_grad") return unaryGradOf(n.s("fn"), at(0), at(1), n.operands[2] ? at(2) : nullptr);
    if (op == "bce_grad" || op == "bce_logits_grad") {
      // (p - y) / max(p (1 - p), 1e-12) · dloss / n; with logits, (sigmoid(z) - y) · dloss / n.
      ExprP p = at(0), y = at(1), scale = binary("div", at(2), floatConst(static_cast<double>(n.operands[0].type().numel()), t));
      if (op == "bce_logits_grad") return binary("mul", binary("sub", sigmoidOf(p), y), scale);
      ExprP denom = binary("max", binary("mul", p, binary("sub", floatConst(1, t), p)), floatConst(1e-12, t));
      return binary("mul", binary("div", binary("sub", p, y), denom), scale);
    }
    if (unaryOp(n, floatConst(0, t))) return unaryOp(n, at(0));
    if (isIndexed(n)) return indexedOf(n, vars);
    if (op == "maxpool2d") return windowMax(n, vars, kb);
    if (op == "dropout") return dropoutOf(n, at(0), maskIndex(n, vars, shape, flat, kb));
    auto [in, base] = stridedSource(n);
    return load(buf(n.operands[0]), type(n.operands[0]), kb.index(vars, in, base));
  }

  // The counter of dropout n's element at `vars`: its flat index, or for a narrowed dropout
  // (mask_shape, mask_offset) its index in the tensor the mask was drawn over.
  ExprP maskIndex(const Node& n, const std::vector<int>& vars, const Shape& shape, bool flat, KernelBuilder& kb) {
    if (!n.has("mask_shape")) return flat ? var(vars[0]) : kb.index(vars, stridesOf(shape));
    const Shape strides = stridesOf(n.ints("mask_shape")), &at = n.ints("mask_offset");
    if (flat || shape != n.results[0].shape) throw InternalError("narrowed dropout %" + n.name + " evaluated in a nest not its own");
    int64_t base = 0;
    for (size_t k = 0; k < at.size(); ++k) base += at[k] * strides[k];
    return kb.index(vars, strides, base);  // never flat: flatTree refuses narrowed dropouts
  }

  // Dropout of x at flat element index i, the reference kernel's mask bit for bit: in training,
  // 0 where the element's counter bits (runtime/rng.h: splitmix64(key ^ i), the key hashed from
  // the step's seed and step and the node's mask stream once per kernel) fall below p, else
  // x / (1 - p); otherwise x. The bits' top 53 as an integer compare with p 2^53 rounded up,
  // which is the reference's double comparison exactly.
  ExprP dropoutOf(const Node& n, ExprP x, ExprP i) {
    const double p = n.f("p");
    if (p == 0) return x;
    const auto [training, key] = dropout_.at(n.id);
    const int64_t threshold = static_cast<int64_t>(std::ceil(p * 9007199254740992.0));  // p 2^53
    ExprP bits = binary("shr", unary("splitmix64", binary("xor", reg(key, Type::i64), i)), intConst(11));
    ExprP kept = select(binary("lt", bits, intConst(threshold)), floatConst(0, x->type), binary("mul", x, floatConst(1.0 / (1.0 - p), x->type)));
    return select(binary("ne", reg(training, Type::i64), intConst(0)), kept, x);
  }

  // The options buffer {training, seed, step} (created on first use).
  int optionsBuffer() {
    if (p_.options < 0) {
      p_.options = static_cast<int>(p_.buffers.size());
      Buffer b{"options", Type::i64, 3, false};
      b.kept = true;  // written by the executor before the first step, read throughout
      p_.buffers.push_back(b);
    }
    return p_.options;
  }

  // For each dropout computed in the kernel rooted at `root`: registers with the training flag
  // and the mask key, assigned once at the kernel's start.
  void prepareDropouts(const Node& root, KernelBuilder& kb) {
    std::vector<int> computed = members_[root.id];
    computed.push_back(root.id);
    for (int s : siblings_[root.id]) {
      computed.insert(computed.end(), members_[s].begin(), members_[s].end());
      computed.push_back(s);
    }
    std::map<int64_t, std::pair<int, int>> byStream;  // one key per mask stream
    for (int id : computed) {
      const Node& d = *g_.nodes()[id];
      if (d.op->name != "dropout" || d.f("p") == 0) continue;
      if (auto it = byStream.find(d.i("mask")); it != byStream.end()) {
        dropout_[d.id] = it->second;
        continue;
      }
      const int options = optionsBuffer(), training = kb.newReg(Type::i64), key = kb.newReg(Type::i64);
      kb.add(KernelBuilder::assign(training, load(options, Type::i64, intConst(0))));
      // counterKey(seed, step, stream) = splitmix64(seed ^ splitmix64(step ^ splitmix64(stream)))
      ExprP k = unary("splitmix64", intConst(d.i("mask")));
      kb.add(KernelBuilder::assign(key, unary("splitmix64", binary("xor", load(options, Type::i64, intConst(2)), k))));
      kb.add(KernelBuilder::assign(key, unary("splitmix64", binary("xor", load(options, Type::i64, intConst(1)), reg(key, Type::i64)))));
      dropout_[d.id] = byStream[d.i("mask")] = {training, key};
    }
  }

  // concat and slice_grad at `vars` (a nest over their own shape): the operand element the
  // position along the axis maps to, or 0 (slice_grad outside the slice). Indices are clamped
  // so no load leaves its operand, whichever branch the select takes.
  ExprP indexedOf(const Node& n, const std::vector<int>& vars) {
    const Shape& shape = n.results[0].shape;
    const Type t = typeOf(n.results[0].dtype);
    const int axis = axisOf(n.i("axis"), shape.size());
    ExprP a = var(vars[axis]);
    auto loadAt = [&](const Value& v, ExprP along) {
      const Shape st = stridesOf(v.type().shape);
      ExprP index = binary("mul", along, intConst(st[axis]));
      for (size_t k = 0; k < vars.size(); ++k)
        if (static_cast<int>(k) != axis && st[k] != 0) index = binary("add", index, binary("mul", var(vars[k]), intConst(st[k])));
      return load(buf(v), type(v), index);
    };
    if (n.op->name == "slice_grad") {
      const Value& dy = n.operands[0];
      const int64_t count = dy.type().shape[axis], step = n.i("step");
      int64_t start = n.i("start");
      if (start < 0) start += shape[axis];
      ExprP rel = binary("sub", a, intConst(start));
      ExprP inside = binary("and", binary("ge", rel, intConst(0)), binary("lt", rel, intConst(count * step)));
      if (step != 1) inside = binary("and", inside, binary("eq", binary("rem", rel, intConst(step)), intConst(0)));
      ExprP along = step == 1 ? rel : binary("div", rel, intConst(step));
      return select(inside, loadAt(dy, select(inside, along, intConst(0))), floatConst(0, t));
    }
    // concat: the last operand whose offset is <= a.
    std::vector<int64_t> offsets;
    int64_t offset = 0;
    for (const Value& v : n.operands) offsets.push_back(offset), offset += v.type().shape[axis];
    ExprP value;
    for (size_t k = n.operands.size(); k-- > 0;) {
      const Value& v = n.operands[k];
      ExprP along = binary("min", binary("max", binary("sub", a, intConst(offsets[k])), intConst(0)), intConst(v.type().shape[axis] - 1));
      ExprP here = loadAt(v, along);
      value = value ? select(binary("lt", a, intConst(offsets[k + 1])), here, value) : here;
    }
    return value;
  }

  // concat and slice_grad (step 1) as one nest per piece of the axis: each operand copied to its
  // place, and zeros around a slice's gradient — plain copies that vectorise, where the nest over
  // the whole result (indexedOf, used when they are fused into a reader) selects per element.
  bool lowerPieces(const Node& n, KernelBuilder& kb) {
    const Shape& shape = n.results[0].shape;
    const Shape strides = stridesOf(shape);
    const int axis = axisOf(n.i("axis"), shape.size());
    auto piece = [&](int64_t from, int64_t size, const Value* v) {
      Shape part = shape;
      part[axis] = size;
      if (size == 0) return;
      kb.nest(part, [&](const std::vector<int>& vars) {
        ExprP value = v ? valueAt(*v, vars, part, false, kb) : floatConst(0, typeOf(n.results[0].dtype));
        return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(vars, strides, from * strides[axis]), value)};
      });
    };
    if (n.op->name == "concat") {
      int64_t offset = 0;
      for (const Value& v : n.operands) {
        piece(offset, v.type().shape[axis], &v);
        offset += v.type().shape[axis];
      }
      return true;
    }
    const Value& dy = n.operands[0];
    const int64_t start = n.i("start") < 0 ? n.i("start") + shape[axis] : n.i("start"), count = dy.type().shape[axis];
    piece(0, start, nullptr);
    piece(start, count, &dy);
    piece(start + count, shape[axis] - start - count, nullptr);
    return true;
  }

  // For a strided layout node: the strides and offset into its operand per output index.
  std::pair<Shape, int64_t> stridedSource(const Node& n) const {
    const std::string& op = n.op->name;
    const Shape& shape = n.results[0].shape;
    if (op == "expand") return {broadcastStrides(n.operands[0].type().shape, shape), 0};
    if (op == "transpose" || op == "permute") {
      int rank = static_cast<int>(shape.size());
      std::vector<int> perm(rank);
      if (op == "permute") {
        for (int k = 0; k < rank; ++k) perm[k] = static_cast<int>(n.ints("perm")[k] < 0 ? n.ints("perm")[k] + rank : n.ints("perm")[k]);
      } else {
        for (int k = 0; k < rank; ++k) perm[k] = k;
        auto norm = [&](int64_t a) { return static_cast<int>(a < 0 ? a + rank : a); };
        std::swap(perm[norm(n.i("dim0"))], perm[norm(n.i("dim1"))]);
      }
      Shape st = stridesOf(n.operands[0].type().shape), in(rank);
      for (int k = 0; k < rank; ++k) in[k] = st[perm[k]];
      return {in, 0};
    }
    // slice, index
    const Shape& xs = n.operands[0].type().shape;
    int rank = static_cast<int>(xs.size());
    int axis = static_cast<int>(n.i("axis") < 0 ? n.i("axis") + rank : n.i("axis"));
    int64_t start = op == "slice" ? n.i("start") : n.i("index");
    if (start < 0) start += xs[axis];
    int64_t step = op == "slice" ? n.i("step") : 1;
    Shape st = stridesOf(xs), in;
    for (int k = 0; k < rank; ++k) {
      if (k == axis && op == "index") continue;
      in.push_back(k == axis ? st[k] * step : st[k]);
    }
    return {in, start * st[axis]};
  }

  // Returns false when the op has no loop lowering (a library call).
  bool lowerNode(const Node& n, Kernel& k) {
    KernelBuilder kb(k);
    prepareDropouts(n, kb);
    const std::string& op = n.op->name;
    const Shape& shape = n.results[0].shape;
    const Type t = typeOf(n.results[0].dtype);
    const Shape flat{n.results[0].numel()};

    const Node* loss = lossOf_.count(n.id) ? g_.nodes()[lossOf_.at(n.id)].get() : nullptr;
    if (const Node* row = rowInTree(n)) return lowerRows(*row, kb, &n, loss);
    if (loss && isRowKernel(n)) return lowerRows(n, kb, nullptr, loss);
    if (loss) return lowerBce(*loss, kb, &n);
    if (op == "concat" || (op == "slice_grad" && n.i("step") == 1)) return lowerPieces(n, kb);
    if (op == "fill" || isElementwise(n) || isStrided(n) || isIndexed(n)) {
      // Siblings (fusion.cpp): other elementwise results of this shape stored in the same loop.
      const std::vector<int>& also = siblings_[n.id];  // only elementwise roots have them
      bool flatNest = flatTree(n);
      for (int s : also) flatNest = flatNest && flatTree(*g_.nodes()[s]);
      const Shape& nest = flatNest ? flat : shape;
      kb.nest(nest, [&](auto v) {
        ExprP at = flatNest ? var(v[0]) : kb.index(v, stridesOf(shape));
        std::vector<StmtP> stores{KernelBuilder::store(out(n), at, exprOf(n, v, nest, flatNest, kb))};
        for (int s : also) stores.push_back(KernelBuilder::store(out(*g_.nodes()[s]), at, exprOf(*g_.nodes()[s], v, nest, flatNest, kb)));
        return stores;
      });
      for (int s : also) {
        siblingStored_.insert(s);
        k.also.push_back(g_.nodes()[s]->name);
      }
      return true;
    }
    if (op == "matmul" || op == "linear") return lowerMatmul(n, kb);
    if (op == "maxpool2d" || op == "maxpool2d_grad") return lowerMaxpool(n, kb);
    if (op == "sum" || op == "mean" || op == "reduce_to") {
      // out = 0; for every element of x: out[reduced index] += x; mean: out *= 1/count. The
      // operand's producers fused into this kernel are evaluated in the accumulation loop.
      const Value x = summedOperand(n);
      const Shape& xs = x.type().shape;
      int rank = static_cast<int>(xs.size());
      Shape toOut(rank, 0);
      if (op == "reduce_to") {
        toOut = broadcastStrides(shape, xs);
      } else {
        std::vector<bool> reduced(rank, n.ints("axes").empty());
        for (int64_t a : n.ints("axes")) reduced[a < 0 ? a + rank : a] = true;
        Shape kept;
        for (int k = 0; k < rank; ++k)
          if (!reduced[k]) kept.push_back(xs[k]);
        Shape ks = stridesOf(kept);
        for (int k = 0, j = 0; k < rank; ++k)
          if (!reduced[k]) toOut[k] = ks[j++];
      }
      kb.nest(flat, [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), var(v[0]), floatConst(0, t))}; });
      // Trailing reduced axes accumulate in a register (vectorised), added to out once per
      // index of the axes before them; the rest accumulate through out.
      int inner = 0;
      while (inner < rank && toOut[rank - 1 - inner] == 0) ++inner;
      if (inner == 0) {
        kb.nest(xs, [&](auto v) {
          ExprP at = kb.index(v, toOut);
          ExprP acc = binary("add", load(out(n), t, at), valueAt(x, v, xs, false, kb));
          return std::vector<StmtP>{KernelBuilder::store(out(n), at, acc)};
        });
      } else {
        const int acc = kb.newReg(t);
        kb.nest(Shape(xs.begin(), xs.end() - inner), [&](const std::vector<int>& ov) {
          std::vector<int> vars = ov;
          vars.resize(rank, -1);
          std::function<StmtP(std::vector<int>, int)> loops = [&](std::vector<int> v, int axis) {
            return kb.along(v, axis, xs[axis], [&](const std::vector<int>& w) {
              if (axis + 1 < rank) return std::vector<StmtP>{loops(w, axis + 1)};
              return std::vector<StmtP>{KernelBuilder::assign(acc, accumulate("add", reg(acc, t), valueAt(x, w, xs, false, kb)))};
            });
          };
          ExprP at = kb.index(ov, Shape(toOut.begin(), toOut.end() - inner));
          return std::vector<StmtP>{KernelBuilder::assign(acc, floatConst(0, t)), loops(vars, rank - inner),
                                    KernelBuilder::store(out(n), at, binary("add", load(out(n), t, at), reg(acc, t)))};
        });
      }
      if (op == "mean") {
        double inv = static_cast<double>(n.results[0].numel()) / static_cast<double>(n.operands[0].type().numel());
        kb.nest(flat, [&](auto v) {
          return std::vector<StmtP>{KernelBuilder::store(out(n), var(v[0]), binary("mul", load(out(n), t, var(v[0])), floatConst(inv, t)))};
        });
      }
      return true;
    }
    if (isRowKernel(n)) return lowerRows(n, kb);
    if (op == "embedding" || op == "embedding_grad") return lowerEmbedding(n, kb);
    if (op == "conv2d") return lowerConvolution(n, kb);
    return false;
  }

  // conv2d without padding as a direct loop nest (chooseConvolution: few input channels): per
  // output element a register sums the C k² taps, out[n, o, y, x] = bias[o] + Σ w[o, c, a, b]
  // x[n, c, y s + a, x s + b]. Returns false for padded convolutions.
  bool lowerConvolution(const Node& n, KernelBuilder& kb) {
    if (n.i("padding") != 0) return false;
    const Value& xv = n.operands[0];
    const Shape& x = xv.type().shape;
    const Shape& y = n.results[0].shape;
    const int64_t k = n.i("kernel"), s = n.i("stride"), N = x[0], C = x[1], H = x[2], W = x[3], O = y[1], OH = y[2], OW = y[3];
    const Type t = typeOf(n.results[0].dtype);
    const int xb = buf(xv);
    // x[n, c, yy s + a, xx s + b] for loop variables (n, c, yy, a, xx, b).
    auto xAt = [&](int vn, int vc, int vy, int va, int vx, int vb) {
      return load(xb, t, kb.index({vn, vc, vy, va, vx, vb}, {C * H * W, H * W, s * W, W, s, 1}));
    };
    // The tap loops are short (LLVM unrolls them), so the x loop around them vectorises and each
    // output is stored once.
    const bool bias = n.operands.size() > 2 && n.operands[2];
    const int wb = buf(n.operands[1]), acc = kb.newReg(t);
    kb.nest({N, O, OH, OW}, [&](auto v) {  // v: n, o, y, x
      ExprP init = bias ? load(buf(n.operands[2]), t, var(v[1])) : floatConst(0, t);
      std::vector<int> taps = {v[0], v[1], v[2], v[3], -1, -1, -1};  // + c, a, b
      StmtP loops = kb.along(taps, 4, C, [&](const std::vector<int>& tc) {
        return std::vector<StmtP>{kb.along(tc, 5, k, [&](const std::vector<int>& ta) {
          return std::vector<StmtP>{kb.along(ta, 6, k, [&](const std::vector<int>& w) {
            ExprP wt = load(wb, t, kb.index({w[1], w[4], w[5], w[6]}, {C * k * k, k * k, k, 1}));
            return std::vector<StmtP>{KernelBuilder::assign(acc, binary("add", reg(acc, t), binary("mul", wt, xAt(w[0], w[4], w[2], w[5], w[3], w[6]))))};
          })};
        })};
      });
      return std::vector<StmtP>{KernelBuilder::assign(acc, init), loops,
                                KernelBuilder::store(out(n), kb.index(v, {O * OH * OW, OH * OW, OW, 1}), reg(acc, t))};
    });
    return true;
  }

  // embedding: each position's row of the table, its index checked (out of range: the reference
  // kernel's message; the row read is then 0, never out of bounds). embedding_grad: zero the
  // table's gradient, then add each position's dy into its row (the padding row gets nothing).
  bool lowerEmbedding(const Node& n, KernelBuilder& kb) {
    const bool grad = n.op->name == "embedding_grad";
    const Value& indices = n.operands[0];
    const Value& rows = n.operands[1];  // the table (forward) or dy (gradient)
    const int64_t num = n.i("num"), dim = n.i("dim"), positions = indices.type().numel();
    const Type t = typeOf(n.results[0].dtype);
    const int row = kb.newReg(Type::i64);
    if (grad)
      kb.nest({n.results[0].numel()}, [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), var(v[0]), floatConst(0, t))}; });
    kb.nest({positions}, [&](auto p) {
      ExprP index = load(buf(indices), Type::i64, var(p[0]));
      ExprP ok = inRange(index, num);
      std::vector<StmtP> body;
      if (!grad) body.push_back(kb.check(p_, n, ok, var(p[0]), index, "index ", " is out of range 0.." + std::to_string(num - 1)));
      if (grad && n.has("padding_idx")) ok = binary("and", ok, binary("ne", index, intConst(n.i("padding_idx"))));
      body.push_back(KernelBuilder::assign(row, select(ok, index, intConst(0))));
      body.push_back(kb.along({-1}, 0, dim, [&](const std::vector<int>& v) {
        ExprP at = binary("add", binary("mul", var(p[0]), intConst(dim)), var(v[0]));
        ExprP tableAt = binary("add", binary("mul", reg(row, Type::i64), intConst(dim)), var(v[0]));
        if (!grad) return std::vector<StmtP>{KernelBuilder::store(out(n), at, load(buf(rows), t, tableAt))};
        ExprP add = select(ok, load(buf(rows), t, at), floatConst(0, t));
        return std::vector<StmtP>{KernelBuilder::store(out(n), tableAt, binary("add", load(out(n), t, tableAt), add))};
      }));
      return body;
    });
    return true;
  }

  // 0 <= i < n, for an i64 index.
  static ExprP inRange(ExprP i, int64_t n) { return binary("and", binary("ge", i, intConst(0)), binary("lt", i, intConst(n))); }

  // Axis `a` of a rank-`rank` shape, negative counted from the end.
  static int axisOf(int64_t a, size_t rank) { return static_cast<int>(a < 0 ? a + static_cast<int64_t>(rank) : a); }

  // Softmax, layernorm and the losses: per row (the class or feature axis), registers hold the
  // running max, sums and moments; the elementwise producers of the operand fused into the kernel
  // (fusion.cpp) are evaluated in each pass that reads it. The reference kernels' formulas, in
  // their order (runtime/interpreter.cpp, grad_kernels.cpp), except that sums over a row may be
  // reassociated (vectorised).
  // With `epilogue` (an elementwise root that reads n's result 0, fusion.cpp), the last pass
  // stores the root's expression, n's value given by rowValue_, instead of n's result.
  // With `withLoss` (n is cross_entropy_grad), the loss node of the same logits and targets is
  // computed in the same passes (mergeLosses).
  bool lowerRows(const Node& n, KernelBuilder& kb, const Node* epilogue = nullptr, const Node* withLoss = nullptr) {
    const std::string& op = n.op->name;
    const Value& x = n.operands[0];
    const Shape& xs = x.type().shape;
    const Type t = typeOf(x.type().dtype);
    const int rank = static_cast<int>(xs.size());
    auto at = [&](const Value& v, const std::vector<int>& vars) { return valueAt(v, vars, xs, false, kb); };
    auto f = [&](double v) { return floatConst(v, t); };
    auto rg = [&](int r) { return reg(r, t); };
    using Stmts = std::vector<StmtP>;
    // The per-element result y at `v`: stored, or handed to the epilogue.
    auto result = [&](const std::vector<int>& v, ExprP y) {
      ExprP index = kb.index(v, stridesOf(xs));
      if (!epilogue) return KernelBuilder::store(out(n), index, y);
      rowValue_[n.id] = y;
      return KernelBuilder::store(out(*epilogue), index, exprOf(*epilogue, v, xs, false, kb));
    };

    if (op == "bce" || op == "bce_logits") return lowerBce(n, kb, nullptr);

    if (op == "layernorm" || op == "layernorm_grad") {
      const int axis = rank - 1;
      const int64_t d = xs.back();
      const bool grad = op == "layernorm_grad";
      const Value w = n.operands.size() > (grad ? 2u : 1u) ? n.operands[grad ? 2 : 1] : Value{};
      const Value b = !grad && n.operands.size() > 2 ? n.operands[2] : Value{};
      const double eps = n.f("eps");
      int mean = kb.newReg(t), variance = kb.newReg(t), inv = kb.newReg(t);
      if (grad)
        for (int r : {1, 2}) kb.nest({d}, [&](auto v) { return Stmts{KernelBuilder::store(out(n, r), var(v[0]), f(0))}; });
      kb.rows(xs, axis, [&](const std::vector<int>& vars) {
        Stmts body{KernelBuilder::assign(mean, f(0))};
        body.push_back(kb.along(vars, axis, d, [&](auto v) { return Stmts{KernelBuilder::assign(mean, accumulate("add", rg(mean), at(x, v)))}; }));
        body.push_back(KernelBuilder::assign(mean, binary("div", rg(mean), f(static_cast<double>(d)))));
        body.push_back(KernelBuilder::assign(variance, f(0)));
        body.push_back(kb.along(vars, axis, d, [&](auto v) {
          ExprP c = binary("sub", at(x, v), rg(mean));
          return Stmts{KernelBuilder::assign(variance, accumulate("add", rg(variance), binary("mul", c, c)))};
        }));
        body.push_back(KernelBuilder::assign(
            inv, binary("div", f(1), unary("sqrt", binary("add", binary("div", rg(variance), f(static_cast<double>(d))), f(eps))))));
        auto xhat = [&](const std::vector<int>& v) { return binary("mul", binary("sub", at(x, v), rg(mean)), rg(inv)); };
        if (!grad) {
          body.push_back(kb.along(vars, axis, d, [&](auto v) {
            ExprP y = xhat(v);
            if (w) y = binary("add", binary("mul", y, at(w, v)), at(b, v));
            return Stmts{result(v, y)};
          }));
          return body;
        }
        // dx = inv/d (d g - Σg - x̂ Σ g x̂) with g = dy w; dweight += dy x̂, dbias += dy.
        const Value& dy = n.operands[1];
        auto g = [&](const std::vector<int>& v) { return w ? binary("mul", at(dy, v), at(w, v)) : at(dy, v); };
        int sumG = kb.newReg(t), sumGX = kb.newReg(t);
        body.push_back(KernelBuilder::assign(sumG, f(0)));
        body.push_back(KernelBuilder::assign(sumGX, f(0)));
        body.push_back(kb.along(vars, axis, d, [&](auto v) {
          ExprP k = var(v[axis]), xh = xhat(v), dyv = at(dy, v);
          return Stmts{KernelBuilder::assign(sumG, accumulate("add", rg(sumG), g(v))),
                       KernelBuilder::assign(sumGX, accumulate("add", rg(sumGX), binary("mul", g(v), xh))),
                       KernelBuilder::store(out(n, 1), k, binary("add", load(out(n, 1), t, k), binary("mul", dyv, xh))),
                       KernelBuilder::store(out(n, 2), k, binary("add", load(out(n, 2), t, k), dyv))};
        }));
        body.push_back(kb.along(vars, axis, d, [&](auto v) {
          ExprP dx = binary("mul", binary("div", rg(inv), f(static_cast<double>(d))),
                            binary("sub", binary("sub", binary("mul", f(static_cast<double>(d)), g(v)), rg(sumG)), binary("mul", xhat(v), rg(sumGX))));
          return Stmts{result(v, dx)};
        }));
        return body;
      });
      return true;
    }

    // softmax, log_softmax, cross_entropy, cross_entropy_grad: along the class axis.
    const int axis = axisOf(n.i("axis"), xs.size());
    const int64_t size = xs[axis];
    // The loss accumulates here when n is cross_entropy, or its gradient with the loss merged in.
    const Node* lossNode = op == "cross_entropy" ? &n : withLoss;
    const bool perElement = op != "cross_entropy", targets = op == "cross_entropy" || op == "cross_entropy_grad";
    int m = kb.newReg(t), sum = kb.newReg(t), total = -1, picked = -1, scale = -1;
    const int64_t positions = x.type().numel() / size;
    if (lossNode) {
      total = kb.newReg(t), picked = kb.newReg(t);
      kb.add(KernelBuilder::assign(total, f(0)));
    }
    if (op == "cross_entropy_grad") {
      scale = kb.newReg(t);
      kb.add(KernelBuilder::assign(scale, binary("div", at(n.operands[2], {}), f(static_cast<double>(positions)))));
    }
    kb.rows(xs, axis, [&](const std::vector<int>& vars) {
      Stmts body;
      ExprP target;
      if (targets) {
        // The target class of this position: checked (as the node the interpreter runs first
        // reports it), then only compared with, never an address.
        std::vector<int> pos = vars;
        pos.erase(pos.begin() + axis);
        const Value& tv = n.operands[1];
        ExprP index = kb.index(pos, stridesOf(tv.type().shape));
        target = load(buf(tv), Type::i64, index);
        ExprP ok = inRange(target, size);
        body.push_back(kb.check(p_, lossNode ? *lossNode : n, ok, index, target, "target ", " is out of range 0.." + std::to_string(size - 1)));
      }
      body.push_back(KernelBuilder::assign(m, f(-INFINITY)));
      body.push_back(kb.along(vars, axis, size, [&](auto v) { return Stmts{KernelBuilder::assign(m, accumulate("max", rg(m), at(x, v)))}; }));
      body.push_back(KernelBuilder::assign(sum, f(0)));
      if (lossNode) body.push_back(KernelBuilder::assign(picked, f(0)));
      body.push_back(kb.along(vars, axis, size, [&](auto v) {
        Stmts s{KernelBuilder::assign(sum, accumulate("add", rg(sum), unary("exp", binary("sub", at(x, v), rg(m)))))};
        if (lossNode) s.push_back(KernelBuilder::assign(picked, accumulate("add", rg(picked), select(binary("eq", var(v[axis]), target), at(x, v), f(0)))));
        return s;
      }));
      if (lossNode) body.push_back(KernelBuilder::assign(total, binary("add", rg(total), binary("sub", binary("add", rg(m), unary("log", rg(sum))), rg(picked)))));
      if (!perElement) return body;
      body.push_back(kb.along(vars, axis, size, [&](auto v) {
        ExprP y, e = binary("sub", at(x, v), rg(m));
        if (op == "log_softmax") y = binary("sub", e, unary("log", rg(sum)));
        else if (op == "softmax") y = binary("div", unary("exp", e), rg(sum));
        else y = binary("mul", binary("sub", binary("div", unary("exp", e), rg(sum)), select(binary("eq", var(v[axis]), target), f(1), f(0))), rg(scale));
        return Stmts{result(v, y)};
      }));
      return body;
    });
    if (lossNode) kb.add(KernelBuilder::store(out(*lossNode), intConst(0), binary("div", rg(total), f(static_cast<double>(positions)))));
    return true;
  }

  // The row kernel fused into the elementwise kernel rooted at `n` as its epilogue, if any.
  const Node* rowInTree(const Node& n) const {
    for (const Value& v : n.operands) {
      if (!v || !fusedValue(v)) continue;
      if (isRowKernel(*v.node)) return v.node;
      if (const Node* r = rowInTree(*v.node)) return r;
    }
    return nullptr;
  }

  // bce / bce_logits: the mean of every element's term (bce's p is a sigmoid's output:
  // bceGenerated, in [0, 1] or NaN). With `gradient` (mergeLosses: the flat elementwise kernel
  // computing its gradient, over the same elements), the same pass also stores that kernel's
  // element.
  bool lowerBce(const Node& loss, KernelBuilder& kb, const Node* gradient) {
    const Value &x = loss.operands[0], &y = loss.operands[1];
    const Type t = typeOf(x.type().dtype);
    const bool flat = gradient || (flatValue(x) && flatValue(y));
    const Shape nest = flat ? Shape{x.type().numel()} : x.type().shape;
    const int total = kb.newReg(t);
    kb.add(KernelBuilder::assign(total, floatConst(0, t)));
    kb.nest(nest, [&](const std::vector<int>& v) {
      ExprP term = lossTerm(loss, valueAt(x, v, nest, flat, kb), valueAt(y, v, nest, flat, kb));
      std::vector<StmtP> body{KernelBuilder::assign(total, accumulate("add", reg(total, t), term))};
      if (gradient) body.push_back(KernelBuilder::store(out(*gradient), var(v[0]), exprOf(*gradient, v, nest, true, kb)));
      return body;
    });
    kb.add(KernelBuilder::store(out(loss), intConst(0), binary("div", reg(total, t), floatConst(static_cast<double>(x.type().numel()), t))));
    return true;
  }

  // One element's term of bce (p a probability) or bce_logits (z a logit), target y.
  static ExprP lossTerm(const Node& n, ExprP p, ExprP yv) {
    const Type t = p->type;
    auto f = [&](double v) { return floatConst(v, t); };
    if (n.op->name == "bce") {
      ExprP lp = binary("max", unary("log", p), f(-100)), lq = binary("max", unary("log", binary("sub", f(1), p)), f(-100));
      return unary("neg", binary("add", binary("mul", yv, lp), binary("mul", binary("sub", f(1), yv), lq)));
    }
    ExprP soft = unary("log", binary("add", f(1), unary("exp", unary("neg", unary("abs", p)))));
    return binary("add", binary("sub", binary("max", p, f(0)), binary("mul", p, yv)), soft);
  }

  // Matrix products whose only user adds a residual to them: the add becomes a post-op of the
  // product's oneDNN call (binary add), the product is never stored. Applies when the product
  // runs on oneDNN (float32), is not kept, the add is a kernel root with nothing fused into it,
  // both have one shape, and the other operand is stored. Fills residualOf_ and productOf_.
  void residualEpilogues() {
    if (!opts_.fuse) return;
    for (const auto& np : g_.nodes()) {
      const Node& e = *np;
      if (e.op->name != "add" || plan_.fused(e.id) || e.results[0].dtype != DType::f32) continue;
      for (int k = 0; k < 2; ++k) {
        const Value& product = e.operands[k];
        const Value& other = e.operands[1 - k];
        const Node& m = *product.node;
        if (m.op->name != "matmul" && m.op->name != "linear") continue;
        MatmulImpl impl = opts_.matmul == MatmulImpl::Auto ? chooseMatmul(m) : opts_.matmul;
        if (impl != MatmulImpl::OneDnn || users_[m.id].size() != 1 || plan_.kept[m.id] || residualOf_.count(m.id)) continue;
        if (product.type().shape != e.results[0].shape || other.type().shape != e.results[0].shape || other.node == &m) continue;
        if (plan_.fused(other.node->id) || plan_.view[other.node->id]) continue;
        residualOf_[m.id] = e.id;
        productOf_[e.id] = m.id;
        break;
      }
    }
  }

  // Losses computed inside their gradient's kernel (softmax + cross-entropy and sigmoid + BCE
  // with their gradients: the row max and sum, or the pass over p, done once). A generated loss
  // L merges into the kernel rooted at R that computes its gradient G (same prediction and
  // targets) when R is G itself or an elementwise root over the same elements, and nothing reads
  // L before R runs (the loss is usually read only by the caller). Fills lossOf_ (R -> L) and
  // mergedLoss_.
  void mergeLosses() {
    static const std::map<std::string, std::string> gradOf = {
        {"cross_entropy", "cross_entropy_grad"}, {"bce", "bce_grad"}, {"bce_logits", "bce_logits_grad"}};
    if (!opts_.fuse) return;
    for (const auto& lp : g_.nodes()) {
      const Node& l = *lp;
      auto it = gradOf.find(l.op->name);
      if (it == gradOf.end() || !isRowKernel(l)) continue;
      for (int user : users_[l.operands[0].node->id]) {
        const Node& gr = *g_.nodes()[user];
        if (gr.op->name != it->second || gr.operands[0] != l.operands[0] || gr.operands[1] != l.operands[1]) continue;
        if (l.op->name == "cross_entropy" && axisOf(l.i("axis"), l.operands[0].type().shape.size()) !=
                                                 axisOf(gr.i("axis"), gr.operands[0].type().shape.size()))
          continue;
        const int root = plan_.fused(gr.id) ? plan_.into[gr.id] : gr.id;
        const Node& r = *g_.nodes()[root];
        bool ok = root > l.id && !lossOf_.count(root) && siblings_[root].empty() && plan_.with[root] < 0;  // a sibling: stored by another kernel
        if (l.op->name == "cross_entropy") ok = ok && (root == gr.id || rowInTree(r) == &gr);
        else ok = ok && isElementwise(r) && flatTree(r) && !rowInTree(r) && r.results[0].numel() == l.operands[0].type().numel();
        if (!users_[l.id].empty() && *users_[l.id].begin() <= root) ok = false;  // read before the merged kernel runs
        if (!ok) continue;
        lossOf_[root] = l.id;
        mergedLoss_.insert(l.id);
        break;
      }
    }
  }

  // What a reduction `n` sums. A sum over H and W of maxpool2d_grad(x, dy) sums dy instead: every
  // dy element lands on exactly one position of its own image and channel and the rest are 0, so
  // both add the same terms (in another order: rounding may differ, as in any vectorised sum).
  // A convolution's bias gradient under a max pool then reads the pooled gradient, k² times
  // smaller (mnist_add's conv1: 4.1 instead of 16.6 MB per step). The memory plan follows the
  // kernel's loads, so it sees the read of dy.
  // (A dy fused into the gradient's kernel is computed again here, unless it draws dropout masks,
  // whose registers belong to the gradient's kernel.)
  Value summedOperand(const Node& n) const {
    const Value& x = n.operands[0];
    if (n.op->name != "sum" || x.node->op->name != "maxpool2d_grad") return x;
    bool h = n.ints("axes").empty(), w = h;
    for (int64_t a : n.ints("axes")) h = h || a == 2 || a == -2, w = w || a == 3 || a == -1;
    const Value& dy = x.node->operands[1];
    if (fusedValue(dy))
      for (int m : members_.at(x.node->id))
        if (g_.nodes()[m]->op->name == "dropout") return x;
    return h && w ? dy : x;
  }

  // A maxpool2d_grad whose every reader sums dy instead (summedOperand; a convolution's weight
  // gradient reads dy too, compiler/passes/pooled_grad.cpp): nothing reads it, so it is not
  // computed (mnist_add's conv1: 16.6 MB a step not written).
  bool unread(const Node& n) const {
    if (n.op->name != "maxpool2d_grad" || users_[n.id].empty() || p_.buffers[out(n)].kept) return false;
    for (int u : users_[n.id]) {
      const Node& user = *g_.nodes()[u];
      if (user.op->name != "sum" || plan_.fused(u) || summedOperand(user).node == &n) return false;
    }
    return true;
  }

  // Whether `v` can be read at a flat index (stored, or a fused tree without broadcasts).
  bool flatValue(const Value& v) const { return !fusedValue(v) || flatTree(*v.node); }

  // Max pooling with windows that tile the input (stride == kernel, mnist_add's), unrolled over
  // the k×k window: the forward is a max of k² loads per output; the gradient writes each
  // window's dy at its first maximum in scan order and 0 elsewhere, zeroing first only the
  // positions no window covers (the reference's and PyTorch's rule: position p wins when every
  // earlier element is < x_p and every later one <= x_p).
  // Overlapping windows stay library calls (false).
  bool lowerMaxpool(const Node& n, KernelBuilder& kb) {
    if (!isTilingPool(n)) return false;
    const Shape& x = n.operands[0].type().shape;
    const bool grad = n.op->name == "maxpool2d_grad";
    const Shape& y = grad ? n.operands[1].type().shape : n.results[0].shape;
    const int64_t k = n.i("kernel"), h = x[2], w = x[3];
    const Type t = typeOf(n.results[0].dtype);
    if (!grad) {
      kb.nest(y, [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(v, stridesOf(y)), windowMax(n, v, kb))}; });
      return true;
    }
    // Positions no window covers (the last rows or columns when k does not divide the size) get
    // 0 — only those: the rows below the last window row, then the columns right of the last
    // window column in the rows above (mnist_add's pool2: 21 of 121 positions a plane, where a
    // fill of the whole 6 MB gradient wrote it twice). Every other element is written once below.
    const int64_t coveredH = y[2] * k, coveredW = y[3] * k;
    const Shape xs = stridesOf(x);
    if (coveredH < h)
      kb.nest(Shape{x[0], x[1], h - coveredH, w},
              [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(v, xs, coveredH * w), floatConst(0, t))}; });
    if (coveredW < w)
      kb.nest(Shape{x[0], x[1], coveredH, w - coveredW},
              [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(v, xs, coveredW), floatConst(0, t))}; });
    kb.nest(y, [&](auto v) {
      std::vector<ExprP> e;
      for (int64_t a = 0; a < k; ++a)
        for (int64_t b = 0; b < k; ++b) e.push_back(windowElement(n, v, a, b, kb));
      ExprP dy = valueAt(n.operands[1], v, y, false, kb);  // a fused elementwise dy is computed here
      std::vector<StmtP> body;
      for (size_t p = 0; p < e.size(); ++p) {
        ExprP value = dy;
        for (size_t q = 0; q < e.size(); ++q)
          if (q != p) value = select(binary(q < p ? "lt" : "le", e[q], e[p]), value, floatConst(0, t));
        body.push_back(KernelBuilder::store(out(n), windowIndex(n, v, static_cast<int64_t>(p) / k, static_cast<int64_t>(p) % k, kb), value));
      }
      return body;
    });
    return true;
  }

  // For a tiling max pool (or its gradient) and loop variables over the pooled shape
  // [N, C, OH, OW]: the flat index of input element (a, b) of the window, the element, and the
  // window's maximum.
  ExprP windowIndex(const Node& n, const std::vector<int>& v, int64_t a, int64_t b, KernelBuilder& kb) {
    const Shape& x = n.operands[0].type().shape;
    const int64_t k = n.i("kernel"), h = x[2], w = x[3];
    return kb.index(v, {x[1] * h * w, h * w, k * w, k}, a * w + b);
  }
  ExprP windowElement(const Node& n, const std::vector<int>& v, int64_t a, int64_t b, KernelBuilder& kb) {
    return load(buf(n.operands[0]), typeOf(n.results[0].dtype), windowIndex(n, v, a, b, kb));
  }
  ExprP windowMax(const Node& n, const std::vector<int>& v, KernelBuilder& kb) {
    const int64_t k = n.i("kernel");
    ExprP m;
    for (int64_t a = 0; a < k; ++a)
      for (int64_t b = 0; b < k; ++b) m = m ? binary("max", m, windowElement(n, v, a, b, kb)) : windowElement(n, v, a, b, kb);
    return m;
  }

  // A matrix product as loop nests: out = 0 (linear: the bias), then out[.., m, n] +=
  // a[.., m, k] * b[.., k, n] over (batch, m, k, n) — the innermost loop runs along n, the
  // contiguous axis of the result — then linear's activation over the result.
  // init + Σ_kk x(kk) w(kk) with the kk loop unrolled, the terms in kk's order: one output of a
  // generated product over a short k (init: its bias, or none).
  static ExprP unrolledDot(int64_t k, ExprP init, const std::function<ExprP(int64_t)>& x, const std::function<ExprP(int64_t)>& w) {
    ExprP sum = std::move(init);
    for (int64_t kk = 0; kk < k; ++kk) {
      ExprP term = binary("mul", x(kk), w(kk));
      sum = sum ? binary("add", sum, term) : term;
    }
    return sum;
  }

  bool lowerMatmul(const Node& n, KernelBuilder& kb) {
    const Shape& rs = n.results[0].shape;
    const Type t = typeOf(n.results[0].dtype);
    int rank = static_cast<int>(rs.size());
    if (n.op->name == "linear") {
      int64_t inF = n.operands[0].type().shape.back(), outF = n.i("out"), rows = n.operands[0].type().numel() / inF;
      Value bias = n.operands.size() > 2 ? n.operands[2] : Value{};
      const std::string& act = n.s("activation");
      if (inF <= 4) {
        // A few input features (count24's one): each output is its whole expression, stored once,
        // act(b[j] + Σ_k x[r, k] w[j, k]) — one vectorised pass instead of three.
        kb.nest({rows, outF}, [&, bias](auto v) {
          ExprP sum = unrolledDot(
              inF, bias ? load(buf(bias), t, var(v[1])) : nullptr, [&](int64_t k) { return load(buf(n.operands[0]), t, kb.index(v, {inF, 0}, k)); },
              [&](int64_t k) { return load(buf(n.operands[1]), t, kb.index(v, {0, inF}, k)); });
          if (act != "none") sum = activationOf(act, sum);
          return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(v, {outF, 1}), sum)};
        });
        return true;
      }
      if (inF <= 8 && outF <= 8) {
        // Narrow on both sides (count24's keys, 5 -> 5): one pass over the rows, each row's
        // outputs in the body, act(b[j] + Σ_k x[r, k] w[j, k]) with the weights loop-invariant.
        kb.nest({rows}, [&, bias](auto v) {
          std::vector<StmtP> body;
          for (int64_t j = 0; j < outF; ++j) {
            ExprP sum = unrolledDot(
                inF, bias ? load(buf(bias), t, intConst(j)) : nullptr, [&](int64_t k) { return load(buf(n.operands[0]), t, kb.index(v, {inF}, k)); },
                [&](int64_t k) { return load(buf(n.operands[1]), t, intConst(j * inF + k)); });
            if (act != "none") sum = activationOf(act, sum);
            body.push_back(KernelBuilder::store(out(n), kb.index(v, {outF}, j), sum));
          }
          return body;
        });
        return true;
      }
      if (outF == 1) {
        // One output feature (a matrix-vector product): a register sum along each row.
        const int acc = kb.newReg(t);
        kb.nest({rows}, [&, bias](auto v) {
          StmtP loop = kb.along({v[0], -1}, 1, inF, [&](const std::vector<int>& w) {
            ExprP prod = binary("mul", load(buf(n.operands[0]), t, kb.index(w, {inF, 1})), load(buf(n.operands[1]), t, var(w[1])));
            return std::vector<StmtP>{KernelBuilder::assign(acc, accumulate("add", reg(acc, t), prod))};
          });
          ExprP result = reg(acc, t);
          if (bias) result = binary("add", load(buf(bias), t, intConst(0)), result);
          if (act != "none") result = activationOf(act, result);
          return std::vector<StmtP>{KernelBuilder::assign(acc, floatConst(0, t)), loop, KernelBuilder::store(out(n), var(v[0]), result)};
        });
        return true;
      }
      kb.nest({rows, outF}, [&, bias](auto v) {
        ExprP init = bias ? load(buf(bias), t, var(v[1])) : floatConst(0, t);
        return std::vector<StmtP>{KernelBuilder::store(out(n), kb.index(v, {outF, 1}), init)};
      });
      kb.nest({rows, inF, outF}, [&](auto v) {
        ExprP at = kb.index(v, {outF, 0, 1});
        ExprP x = load(buf(n.operands[0]), t, kb.index(v, {inF, 1, 0})), w = load(buf(n.operands[1]), t, kb.index(v, {0, 1, inF}));
        return std::vector<StmtP>{KernelBuilder::store(out(n), at, binary("add", load(out(n), t, at), binary("mul", x, w)))};
      });
      if (act != "none")
        kb.nest({rows * outF}, [&](auto v) {
          return std::vector<StmtP>{KernelBuilder::store(out(n), var(v[0]), activationOf(act, load(out(n), t, var(v[0]))))};
        });
      return true;
    }
    const Shape& a = n.operands[0].type().shape;
    const Shape& b = n.operands[1].type().shape;
    bool ta = n.b("transpose_a"), tb = n.b("transpose_b");
    int64_t m = rs[rank - 2], nn = rs[rank - 1], k = ta ? a[a.size() - 2] : a.back();
    Shape batch(rs.begin(), rs.end() - 2);
    Shape aBatch = broadcastStrides(Shape(a.begin(), a.end() - 2), batch), bBatch = broadcastStrides(Shape(b.begin(), b.end() - 2), batch);
    Shape outBatch = stridesOf(batch);
    Shape sa, sb, so, nest = batch;
    for (size_t d = 0; d < batch.size(); ++d) {
      sa.push_back(aBatch[d] * m * k);
      sb.push_back(bBatch[d] * k * nn);
      so.push_back(outBatch[d] * m * nn);
    }
    if (ta && batch.empty() && m * nn <= kNarrowAccumulators) {
      // aᵀ·b with a few outputs and a long k (count24's keys weight gradient: 5 x 5 over 5000
      // rows): every output a register sum in one pass over the rows, vectorised along them.
      std::vector<int> acc;
      for (int64_t e = 0; e < m * nn; ++e) acc.push_back(kb.newReg(t)), kb.add(KernelBuilder::assign(acc.back(), floatConst(0, t)));
      kb.nest({k}, [&](auto v) {
        std::vector<StmtP> body;
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < nn; ++j) {
            ExprP bAt = kb.index(v, {tb ? 1 : nn}, tb ? j * k : j);  // b[r, j], stored [nn, k] when transposed
            ExprP prod = binary("mul", load(buf(n.operands[0]), t, kb.index(v, {m}, i)), load(buf(n.operands[1]), t, bAt));
            body.push_back(KernelBuilder::assign(acc[i * nn + j], accumulate("add", reg(acc[i * nn + j], t), prod)));
          }
        return body;
      });
      for (int64_t e = 0; e < m * nn; ++e) kb.add(KernelBuilder::store(out(n), intConst(e), reg(acc[e], t)));
      return true;
    }
    if (!ta && k <= 8 && nn <= 8) {
      // Narrow on both sides (count24's dkeys · W, 5 x 5): one pass over a's rows, each row's
      // outputs in the body, b's elements loop-invariant.
      Shape outer = batch, sao = sa, sbo = sb, soo = so;
      outer.push_back(m), sao.push_back(k), sbo.push_back(0), soo.push_back(nn);
      kb.nest(outer, [&](auto v) {
        std::vector<StmtP> body;
        for (int64_t j = 0; j < nn; ++j) {
          ExprP sum = unrolledDot(
              k, nullptr, [&](int64_t kk) { return load(buf(n.operands[0]), t, kb.index(v, sao, kk)); },
              [&](int64_t kk) { return load(buf(n.operands[1]), t, kb.index(v, sbo, tb ? j * k + kk : kk * nn + j)); });  // b[kk, j]; [nn, k] when transposed
          body.push_back(KernelBuilder::store(out(n), kb.index(v, soo, j), sum));
        }
        return body;
      });
      return true;
    }
    if (nn == 1 && !ta) {
      // One output column, a's rows contiguous (a matrix-vector product): each output is a
      // register sum over k, which vectorises along the row.
      Shape outer = batch, sao = sa, sbo = sb, soo = so;
      outer.push_back(m), sao.push_back(k), sbo.push_back(0), soo.push_back(1);
      const int acc = kb.newReg(t);
      kb.nest(outer, [&](auto v) {
        std::vector<int> vars = v;
        vars.push_back(-1);
        StmtP loop = kb.along(vars, static_cast<int>(outer.size()), k, [&](const std::vector<int>& w) {
          Shape ak = sao, bk = sbo;
          ak.push_back(1), bk.push_back(1);  // a[.., m, k] along k; b[.., k, 0] along k (b is [k, 1] or [1, k])
          ExprP prod = binary("mul", load(buf(n.operands[0]), t, kb.index(w, ak)), load(buf(n.operands[1]), t, kb.index(w, bk)));
          return std::vector<StmtP>{KernelBuilder::assign(acc, accumulate("add", reg(acc, t), prod))};
        });
        return std::vector<StmtP>{KernelBuilder::assign(acc, floatConst(0, t)), loop, KernelBuilder::store(out(n), kb.index(v, soo), reg(acc, t))};
      });
      return true;
    }
    if (nn == 1) {
      // One output column of a transposed a (stored [k, m]): k outside, m inside, so the inner
      // loop runs along a's contiguous rows and the output.
      nest.insert(nest.end(), {k, m});
      sa.insert(sa.end(), {m, 1});
      sb.insert(sb.end(), {1, 0});
      so.insert(so.end(), {0, 1});
    } else {
      nest.insert(nest.end(), {m, k, nn});
      sa.insert(sa.end(), {ta ? 1 : k, ta ? m : 1, 0});     // a[m, k], stored [k, m] when transposed
      sb.insert(sb.end(), {0, tb ? 1 : nn, tb ? k : 1});    // b[k, n], stored [n, k] when transposed
      so.insert(so.end(), {nn, 0, 1});
    }
    kb.nest({n.results[0].numel()}, [&](auto v) { return std::vector<StmtP>{KernelBuilder::store(out(n), var(v[0]), floatConst(0, t))}; });
    kb.nest(nest, [&](auto v) {
      ExprP at = kb.index(v, so);
      ExprP prod = binary("mul", load(buf(n.operands[0]), t, kb.index(v, sa)), load(buf(n.operands[1]), t, kb.index(v, sb)));
      return std::vector<StmtP>{KernelBuilder::store(out(n), at, binary("add", load(out(n), t, at), prod))};
    });
    return true;
  }

  // Whether an lstm_grad of `n` (same x and parameters) is in the graph.
  bool hasGradient(const Node& n) const {
    for (const auto& np : g_.nodes()) {
      if (np->op->name != "lstm_grad") continue;
      bool same = true;
      for (size_t k = 0; k < n.operands.size() && same; ++k) same = np->operands[k] == n.operands[k];
      if (same) return true;
    }
    return false;
  }

  // Bit r set: nothing reads result r of `n` (no user, not kept).
  uint32_t unusedResults(const Node& n) const {
    uint32_t bits = 0;
    for (size_t r = 0; r < n.results.size() && r < 32; ++r)
      if (!read_.count({n.id, static_cast<int>(r)})) bits |= 1u << r;
    return bits;
  }

  const Graph& g_;
  LowerOptions opts_;
  FusionPlan plan_;
  Program p_;
  std::set<std::pair<int, int>> read_;  // (node id, result) of every value something reads
  std::map<int, ExprP> rowValue_;       // row kernel node id -> its element in the epilogue being built
  std::map<int, int> lossOf_;           // kernel root -> the loss node computed inside it (mergeLosses)
  std::map<int, std::pair<int, int>> dropout_;  // dropout node -> its (training, key) registers
  std::map<int, int> residualOf_, productOf_;  // product -> its add, add -> product (residualEpilogues)
  std::set<int> mergedLoss_;            // loss nodes with no step of their own
  std::vector<std::set<int>> users_;    // node id -> the ids of the nodes reading any of its results
  std::vector<std::vector<int>> members_;  // kernel root id -> the nodes fused into it, in order
  std::vector<std::vector<int>> siblings_;  // kernel root id -> the sibling roots it also stores (FusionPlan::with)
  std::set<int> siblingStored_;             // siblings a root's kernel stored: no kernel of their own
};

std::string exprStr(const ExprP& e, const Program& p) {
  switch (e->kind) {
    case Expr::Kind::Int: return std::to_string(e->i);
    case Expr::Kind::Float: return attrValueStr(AttrValue(e->f));
    case Expr::Kind::Var: return "i" + std::to_string(e->var);
    case Expr::Kind::Reg: return "$r" + std::to_string(e->var);
    case Expr::Kind::Load: return "%" + p.buffers[e->buffer].name + "[" + exprStr(e->a, p) + "]";
    case Expr::Kind::Unary: return e->op + "(" + exprStr(e->a, p) + ")";
    case Expr::Kind::Binary: {
      static const std::map<std::string, std::string> infix = {{"add", " + "}, {"sub", " - "}, {"mul", " * "}, {"div", " / "},
                                                               {"lt", " < "},  {"gt", " > "},  {"le", " <= "}, {"ge", " >= "}, {"eq", " == "},
                                                               {"ne", " != "}, {"and", " && "}, {"or", " || "}};
      auto it = infix.find(e->op);
      if (it != infix.end()) return "(" + exprStr(e->a, p) + it->second + exprStr(e->b, p) + ")";
      return e->op + "(" + exprStr(e->a, p) + ", " + exprStr(e->b, p) + ")";
    }
    case Expr::Kind::Select: return "select(" + exprStr(e->a, p) + ", " + exprStr(e->b, p) + ", " + exprStr(e->c, p) + ")";
  }
  return "?";
}

void stmtStr(const StmtP& s, const Program& p, int depth, std::string& out, int splitVar = -1) {
  std::string pad(2 * depth, ' ');
  if (s->kind == Stmt::Kind::For) {
    // `parallel`: the kernel's split loop (markSplittable), whose iterations are independent.
    out += pad + (s->var == splitVar && depth == 2 ? "parallel for i" : "for i") + std::to_string(s->var) + " in 0.." + std::to_string(s->extent) + ":\n";
    for (const auto& b : s->body) stmtStr(b, p, depth + 1, out);
  } else if (s->kind == Stmt::Kind::Assign) {
    out += pad + "$r" + std::to_string(s->var) + " = " + exprStr(s->value, p) + "\n";
  } else if (s->kind == Stmt::Kind::Check) {
    const DataCheck& c = p.checks[s->check];
    out += pad + "check " + exprStr(s->value, p) + " else \"" + c.prefix + "<" + exprStr(s->detail, p) + "> at position <" +
           exprStr(s->index, p) + ">" + c.suffix + "\"\n";
  } else {
    out += pad + "%" + p.buffers[s->buffer].name + "[" + exprStr(s->index, p) + "] = " + exprStr(s->value, p) + "\n";
  }
}

}  // namespace

Program lower(const Graph& g, const LowerOptions& opts) {
  Program p = Lowering(g, opts).run();
  if (opts.blockLayouts) blockLayouts(p, g);
  collapseLoops(p);
  if (opts.planMemory) planMemory(p);
  markSplittable(p);
  return p;
}

std::string printProgram(const Program& p) {
  std::string out = "program @" + p.name + " {\n";
  out += "  arena " + std::to_string(p.arenaBytes) + " bytes\n";
  for (const Buffer& b : p.buffers) {
    if (b.fused) continue;  // computed inside a kernel, never stored
    out += "  buffer %" + b.name + ": " + typeName(b.type) + "[" + std::to_string(b.elements) + "]";
    if (b.external) out += " external";
    if (b.aliasOf >= 0) out += " view of %" + p.buffers[b.aliasOf].name;
    else if (b.inPlaceOf >= 0) out += " in place of %" + p.buffers[b.inPlaceOf].name;
    else if (b.offset >= 0) out += " at " + std::to_string(b.offset);
    if (b.kept) out += " kept";
    if (b.blockedChannels) out += " nChw16c";
    out += "\n";
  }
  for (const Step& s : p.steps) {
    if (s.kernel < 0) {
      out += "  call " + s.node->op->name + " for %" + s.node->name + (s.residual ? " + %" + s.residualOperand().node->name + " as %" + s.residual->name : "") + "  // " +
             (s.library == Library::OneDnn ? (s.winograd ? "oneDNN, Winograd" : "oneDNN") : s.library == Library::Fused ? "fused kernel" : "library kernel") + ", " + s.node->loc.str() + "\n";
      continue;
    }
    const Kernel& k = p.kernels[s.kernel];
    out += "  kernel @" + k.name + "  // " + k.loc.str();
    if (!k.fused.empty()) {
      out += ", fuses";
      for (const std::string& f : k.fused) out += " %" + f;
    }
    if (!k.also.empty()) {
      out += ", also stores";
      for (const std::string& f : k.also) out += " %" + f;
    }
    out += "\n";
    for (const auto& st : k.body) stmtStr(st, p, 2, out, k.splitVar);
  }
  return out + "}\n";
}

}  // namespace sinter::loops
