// stats.cpp — what a compiled program costs: kernels, arithmetic, traffic, memory (`--stats`).
//
// Generated kernels are counted exactly from the loop IR: every arithmetic operation of a stored
// value and every load and store, times the trip count of the loops around it (no cache reuse
// assumed, so bytes moved is an upper bound on memory traffic). Library calls are estimated from
// their shapes: matrix products and convolutions at 2 FLOPs per multiply-add (their gradients
// twice that), attention at its two products, the LSTM at its gate products, anything else at
// one operation per result element; traffic as operands read once plus results written once.
#include <cstdio>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

namespace {


int64_t arithmetic(const ExprP& e, bool inIndex) {
  if (!e) return 0;
  int64_t own = !inIndex && (e->kind == Expr::Kind::Unary || e->kind == Expr::Kind::Binary || e->kind == Expr::Kind::Select) ? 1 : 0;
  if (e->kind == Expr::Kind::Load) return arithmetic(e->a, true);
  return own + arithmetic(e->a, inIndex) + arithmetic(e->b, inIndex) + arithmetic(e->c, inIndex);
}

int64_t loadBytes(const ExprP& e, const Program& p) {
  if (!e) return 0;
  int64_t own = e->kind == Expr::Kind::Load ? elementBytes(p.buffers[e->buffer].type) : 0;
  return own + loadBytes(e->a, p) + loadBytes(e->b, p) + loadBytes(e->c, p);
}

void countStmt(const StmtP& s, int64_t trips, const Program& p, ProgramStats& st) {
  if (s->kind == Stmt::Kind::For) {
    for (const auto& b : s->body) countStmt(b, trips * s->extent, p, st);
    return;
  }
  st.flops += trips * arithmetic(s->value, false);
  st.bytesMoved += trips * (loadBytes(s->value, p) + loadBytes(s->index, p));
  if (s->kind == Stmt::Kind::Store) st.bytesMoved += trips * elementBytes(p.buffers[s->buffer].type);
}

int64_t numel(const Value& v) { return v ? v.type().numel() : 0; }
int64_t dim(const Value& v, int k) {
  const Shape& s = v.type().shape;
  return s[k < 0 ? k + static_cast<int>(s.size()) : k];
}

}  // namespace

int64_t libraryFlops(const Node& n) {
  const std::string& op = n.op->name;
  const Value& x = n.operands.empty() ? Value{} : n.operands[0];
  if (op == "matmul") {
    int64_t k = dim(x, n.b("transpose_a") ? -2 : -1);
    return 2 * n.results[0].numel() * k;
  }
  if (op == "linear") return 2 * n.results[0].numel() * dim(x, -1);
  if (op == "conv2d") return 2 * n.results[0].numel() * numel(n.operands[1]) / dim(n.operands[1], 0);
  // grad_input (dy, weight): every dy element meets C·k·k weights; grad_weight (x, dy): every dy
  // element meets the C·k·k inputs under its window (the result is the weight's shape).
  if (op == "conv2d_grad_input") return 2 * numel(n.operands[0]) * numel(n.operands[1]) / std::max<int64_t>(1, dim(n.operands[1], 0));
  if (op == "conv2d_grad_weight") return 2 * numel(n.operands[1]) * n.results[0].numel() / std::max<int64_t>(1, n.results[0].shape[0]);
  // pooled: every pooled dy element meets the C·k·k inputs under the window at its maximum.
  if (op == "conv2d_grad_weight_pooled") return 2 * numel(n.operands[2]) * n.results[0].numel() / std::max<int64_t>(1, n.results[0].shape[0]);
  if (op == "attention" || op == "attention_grad") {
    int64_t nq = dim(n.operands[0], -2), d = dim(n.operands[0], -1), nk = dim(n.operands[1], -2);
    int64_t batch = numel(n.operands[1]) / (nk * d);
    return (op == "attention" ? 4 : 8) * batch * nq * nk * d;
  }
  if (op == "mha" || op == "mha_grad") {
    int64_t b = dim(x, 0), t = dim(x, 1), e = dim(x, 2);
    int64_t f = 2 * b * t * e * e * 4 + 4 * b * t * t * e;
    return op == "mha" ? f : 2 * f;
  }
  if (op == "lstm" || op == "lstm_grad") {
    // Per layer and direction, every token: the gates' products with the layer's input and h,
    // 4h × (in + h) multiply-adds (layer 0's input is x's features, later layers' the layer
    // below's dirs × h outputs). The backward does twice that: the weight gradients and the
    // gradients of the input and of h.
    const int64_t h = n.i("hidden"), layers = n.i("layers"), dirs = n.b("bidirectional") ? 2 : 1;
    const int64_t tokens = numel(x) / std::max<int64_t>(1, dim(x, -1));
    int64_t f = 0;
    for (int64_t l = 0; l < layers; ++l) f += 2 * tokens * 4 * h * ((l == 0 ? dim(x, -1) : dirs * h) + h) * dirs;
    return op == "lstm" ? f : 2 * f;
  }
  int64_t out = 0;
  for (const TensorType& r : n.results) out += r.numel();
  return std::max(out, numel(x));
}

ProgramStats statsOf(const Program& p) {
  ProgramStats st;
  for (const Step& s : p.steps) {
    if (s.kernel >= 0) {
      ++st.kernels;
      for (const auto& stmt : p.kernels[s.kernel].body) countStmt(stmt, 1, p, st);
      continue;
    }
    ++st.libraryCalls;
    const Node& n = *s.node;
    st.flops += libraryFlops(n);
    for (const Value& v : n.operands)
      if (v) st.bytesMoved += v.type().numel() * static_cast<int64_t>(dtypeSize(v.type().dtype == DType::f32 ? DType::f32 : DType::i64));
    for (const TensorType& r : n.results) st.bytesMoved += r.numel() * static_cast<int64_t>(dtypeSize(r.dtype == DType::f32 ? DType::f32 : DType::i64));
    if (s.residual) st.flops += n.results[0].numel(), st.bytesMoved += 4 * n.results[0].numel();  // the residual read and added
  }
  for (const Buffer& b : p.buffers) {
    int64_t bytes = b.elements * elementBytes(b.type);
    if (b.external) st.externalBytes += bytes;
    else st.unplannedBytes += bytes;
  }
  st.arenaBytes = p.arenaBytes;
  return st;
}

std::string printStats(const ProgramStats& s) {
  auto mib = [](int64_t b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f MiB", static_cast<double>(b) / (1024.0 * 1024.0));
    return std::string(buf);
  };
  char flops[48];
  std::snprintf(flops, sizeof flops, "%.4g MFLOP", static_cast<double>(s.flops) / 1e6);
  std::string out;
  out += "kernels:        " + std::to_string(s.kernels) + " generated, " + std::to_string(s.libraryCalls) + " library calls\n";
  out += "arithmetic:     " + std::string(flops) + " per run\n";
  out += "bytes moved:    " + mib(s.bytesMoved) + " per run (upper bound: no cache reuse)\n";
  out += "peak memory:    " + mib(s.arenaBytes + s.externalBytes) + " = arena " + mib(s.arenaBytes) + " + inputs, parameters and state " +
         mib(s.externalBytes) + "\n";
  out += "without planning: " + mib(s.unplannedBytes + s.externalBytes) + " (one buffer per value)\n";
  return out;
}

}  // namespace sinter::loops
