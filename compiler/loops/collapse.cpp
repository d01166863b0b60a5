// collapse.cpp — merges perfectly nested loops that walk memory as one contiguous run.
//
//   for i in 0..13: for j in 0..13: r += x[base + i*13 + j]   ==>   for j in 0..169: r += x[base + j]
//
// Lowering writes a loop per tensor dimension. When every access in a nest moves through memory
// as if the two loops were one (the outer variable's stride is the inner extent times the inner
// stride, in every index), the pair is one loop of the product extent: the vectoriser then sees
// one long row instead of many short ones (a conv bias gradient summed 13x13 planes with a
// horizontal reduction every 13 elements: 0.9 ms of mnist_add's step, 0.1 ms as rows of 169).
// Loops of extent 1 are dropped. The order of every load, store and accumulation is unchanged,
// so the result is bitwise the same.
#include <optional>

#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

bool mentions(const Expr& e, int v) {
  if (e.kind == Expr::Kind::Var) return e.var == v;
  for (const ExprP& o : {e.a, e.b, e.c})
    if (o && mentions(*o, v)) return true;
  return false;
}

std::optional<int64_t> strideIn(const Expr& e, int v) {
  using K = Expr::Kind;
  if (!mentions(e, v)) return 0;
  if (e.kind == K::Var) return 1;
  if (e.kind != K::Binary) return std::nullopt;
  auto a = strideIn(*e.a, v), b = strideIn(*e.b, v);
  if (!a || !b) return std::nullopt;
  if (e.op == "add") return *a + *b;
  if (e.op == "sub") return *a - *b;
  if (e.op == "mul" && e.b->kind == K::Int) return *a * e.b->i;
  if (e.op == "mul" && e.a->kind == K::Int) return *b * e.a->i;
  return std::nullopt;
}

namespace {

// Outer loop variable v (extent any) around inner loop variable w (extent f).
struct Pair {
  int v, w;
  int64_t f;
  // An index may mention v and w only affinely, with stride(v) == f * stride(w).
  bool index(const Expr& idx) const {
    if (!mentions(idx, v) && !mentions(idx, w)) return expr(idx);
    auto sv = strideIn(idx, v), sw = strideIn(idx, w);
    return sv && sw && *sv == f * *sw;
  }
  // Anywhere else (a value, a comparison with a loop variable) they may not appear at all.
  bool expr(const Expr& e) const {
    if (e.kind == Expr::Kind::Var) return e.var != v && e.var != w;
    if (e.kind == Expr::Kind::Load) return index(*e.a);
    for (const ExprP& o : {e.a, e.b, e.c})
      if (o && !expr(*o)) return false;
    return true;
  }
  bool stmt(const Stmt& s) const {
    switch (s.kind) {
      case Stmt::Kind::Store: return index(*s.index) && expr(*s.value);
      case Stmt::Kind::Assign: return expr(*s.value);
      case Stmt::Kind::Check: return expr(*s.value) && expr(*s.index) && expr(*s.detail);
      case Stmt::Kind::For:
        for (const StmtP& b : s.body)
          if (!stmt(*b)) return false;
        return true;
    }
    return false;
  }
};

// e with loop variable v replaced by 0 (folding the `x * 0` and `x + 0` that leaves).
ExprP zeroVar(const ExprP& e, int v) {
  if (!e || !mentions(*e, v)) return e;
  if (e->kind == Expr::Kind::Var) return intConst(0);
  Expr copy = *e;
  copy.a = zeroVar(e->a, v);
  copy.b = zeroVar(e->b, v);
  copy.c = zeroVar(e->c, v);
  auto zero = [](const ExprP& x) { return x->kind == Expr::Kind::Int && x->i == 0; };
  if (copy.kind == Expr::Kind::Binary && copy.type == Type::i64) {
    if (copy.op == "mul" && (zero(copy.a) || zero(copy.b))) return intConst(0);
    if (copy.op == "add" && zero(copy.a)) return copy.b;
    if ((copy.op == "add" || copy.op == "sub") && zero(copy.b)) return copy.a;
  }
  return std::make_shared<Expr>(copy);
}

// A copy of s with loop variable v set to 0.
StmtP zeroVar(const Stmt& s, int v) {
  auto out = std::make_shared<Stmt>(s);
  out->index = zeroVar(s.index, v);
  out->value = zeroVar(s.value, v);
  out->detail = zeroVar(s.detail, v);
  for (StmtP& b : out->body) b = zeroVar(*b, v);
  return out;
}

void collapse(std::vector<StmtP>& body) {
  std::vector<StmtP> out;
  for (StmtP& s : body) {
    if (s->kind != Stmt::Kind::For) {
      out.push_back(s);
      continue;
    }
    collapse(s->body);
    if (s->extent == 1) {  // the variable is always 0
      for (const StmtP& b : s->body) out.push_back(zeroVar(*b, s->var));
      continue;
    }
    // for v in 0..E: for w in 0..F: body  ==>  for w in 0..E*F: body[v := 0]
    while (s->body.size() == 1 && s->body[0]->kind == Stmt::Kind::For) {
      Pair pair{s->var, s->body[0]->var, s->body[0]->extent};
      if (!pair.stmt(*s->body[0])) break;
      StmtP inner = zeroVar(*s->body[0], s->var);
      inner->extent *= s->extent;
      s = inner;
    }
    out.push_back(s);
  }
  body = std::move(out);
}

}  // namespace

void collapseLoops(Program& p) {
  for (Kernel& k : p.kernels) collapse(k.body);
}

}  // namespace sinter::loops
