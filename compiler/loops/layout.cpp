// layout.cpp — channel-blocked layouts (nChw16c) for the values oneDNN's convolutions read and
// write, so no reorder runs around the call.
//
// oneDNN's convolutions compute in a layout with channels in blocks of 16 innermost
// (`aBcd16b`: element (n, c, h, w) at ((n·C/16 + c/16)·H·W + h·W + w)·16 + c mod 16). A value the
// graph holds in plain NCHW is reordered into it before each call and back after it — mnist_add's
// convolutions spent ~2 ms a step in those reorders. Here a value between convolutions and
// generated kernels is stored blocked instead: every generated kernel that touches it addresses it
// in the blocked layout, and the convolutions bind it as it is.
//
// Which values (blockLayouts): an arena value of shape [N, C, H, W] (f32, C a multiple of 16,
// H·W > 1, no views) that a oneDNN convolution reads or writes as an activation (not as weights),
// whose every other reader and writer is a generated kernel, and whose kernels touch no other
// large value the layout cannot follow (a plain tensor indexed along the channels would be read
// with a stride of H·W per lane; a value with H·W = 1 is the same in both layouts). Values that
// fail drop out until none does.
//
// The kernels: a loop over the channels of a blocked value is split into blocks of 16 and the
// 16-channel loop moved innermost of its perfect nest (pools and elementwise kernels: each
// iteration stores its own elements and reads nothing the nest stores), so the innermost loop runs
// along contiguous memory. Each index of a blocked value is rewritten from the plain layout's to
// the blocked one's: affinely where its terms separate into batch, channel and position parts
// (the channel part a multiple of 16 plus a part below 16), else by division and remainder — right
// for any index. A flat loop of stores over whole blocked values of one element count, its
// variable used only as their index, is a permutation of the same work and stays as it is.
// The arithmetic of every element is unchanged: elementwise results are bitwise those of the
// plain layout; a sum over blocked positions may vectorise differently (rounding only).
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

namespace {

constexpr int64_t kBlock = 16;
// A value below this many elements may be read along the channels in any layout (a bias).
constexpr int64_t kSmallValue = 4096;

struct Dims {
  int64_t n, c, hw;
  int64_t elements() const { return n * c * hw; }
};

// Σ coefficient · variable + constant.
struct Affine {
  std::map<int, int64_t> terms;
  int64_t constant = 0;
};

std::optional<Affine> affineOf(const Expr& e) {
  using K = Expr::Kind;
  if (e.kind == K::Int) return Affine{{}, e.i};
  if (e.kind == K::Var) return Affine{{{e.var, 1}}, 0};
  if (e.kind != K::Binary || e.type != Type::i64) return std::nullopt;
  if (e.op == "mul") {
    const Expr* k = e.b->kind == K::Int ? e.b.get() : e.a->kind == K::Int ? e.a.get() : nullptr;
    if (!k) return std::nullopt;
    auto x = affineOf(k == e.b.get() ? *e.a : *e.b);
    if (!x) return std::nullopt;
    for (auto& [v, c] : x->terms) c *= k->i;
    x->constant *= k->i;
    return x;
  }
  if (e.op != "add" && e.op != "sub") return std::nullopt;
  auto a = affineOf(*e.a), b = affineOf(*e.b);
  if (!a || !b) return std::nullopt;
  const int64_t sign = e.op == "add" ? 1 : -1;
  for (auto [v, c] : b->terms) a->terms[v] += sign * c;
  a->constant += sign * b->constant;
  return a;
}

ExprP exprOf(const Affine& a) {
  ExprP sum = a.constant ? intConst(a.constant) : nullptr;
  for (auto [v, c] : a.terms) {
    if (c == 0) continue;
    ExprP term = c == 1 ? var(v) : binary("mul", var(v), intConst(c));
    sum = sum ? binary("add", sum, term) : term;
  }
  return sum ? sum : intConst(0);
}

// The blocked layout's index of the element the plain layout's `index` names.
ExprP blockedIndex(const ExprP& index, const Dims& d, const std::map<int, int64_t>& extents) {
  const int64_t chw = d.c * d.hw;
  if (auto a = affineOf(*index); a && a->constant >= 0) {
    Affine out;
    int64_t hwMax = a->constant % d.hw, lowMax = (a->constant % chw) / d.hw % kBlock;
    const int64_t c0 = (a->constant % chw) / d.hw;
    out.constant = a->constant / chw * chw + c0 / kBlock * kBlock * d.hw + c0 % kBlock + kBlock * (a->constant % d.hw);
    bool ok = true;
    for (auto [v, c] : a->terms) {
      auto it = extents.find(v);
      if (c < 0 || it == extents.end()) {
        ok = false;
        break;
      }
      const int64_t span = c * (it->second - 1);
      if (c % chw == 0 || (c % d.hw == 0 && (c / d.hw) % kBlock == 0)) {
        out.terms[v] = c;  // batch, or whole blocks of channels: the same offset in both layouts
      } else if (c % d.hw == 0) {
        out.terms[v] = c / d.hw;  // channels within a block
        lowMax += span / d.hw;
      } else {
        out.terms[v] = c * kBlock;  // position within the plane
        hwMax += span;
      }
    }
    if (ok && hwMax < d.hw && lowMax < kBlock) return exprOf(out);
  }
  // n = i / CHW, c = i / HW mod C, p = i mod HW: ((n·C/16 + c/16)·HW + p)·16 + c mod 16.
  ExprP c = binary("rem", binary("div", index, intConst(d.hw)), intConst(d.c));
  ExprP n = binary("div", index, intConst(chw));
  ExprP p = binary("rem", index, intConst(d.hw));
  return binary("add", binary("add", binary("mul", n, intConst(chw)), binary("mul", binary("div", c, intConst(kBlock)), intConst(kBlock * d.hw))),
                binary("add", binary("mul", p, intConst(kBlock)), binary("rem", c, intConst(kBlock))));
}

// Rebuilds e bottom-up, applying f to every rebuilt node.
ExprP rewrite(const ExprP& e, const std::function<ExprP(const ExprP&)>& f) {
  if (!e) return e;
  ExprP a = rewrite(e->a, f), b = rewrite(e->b, f), c = rewrite(e->c, f);
  if (a == e->a && b == e->b && c == e->c) return f(e);
  auto copy = std::make_shared<Expr>(*e);
  copy->a = a, copy->b = b, copy->c = c;
  return f(copy);
}

void forEachExpr(const StmtP& s, const std::function<void(ExprP&)>& f) {
  if (s->kind == Stmt::Kind::For) {
    for (auto& b : s->body) forEachExpr(b, f);
    return;
  }
  for (ExprP* e : {&s->index, &s->value, &s->detail})
    if (*e) f(*e);
}

void collectLoads(const ExprP& e, std::vector<const Expr*>& loads) {
  if (!e) return;
  if (e->kind == Expr::Kind::Load) loads.push_back(e.get());
  collectLoads(e->a, loads), collectLoads(e->b, loads), collectLoads(e->c, loads);
}

class Blocker {
 public:
  Blocker(Kernel& k, const std::map<int, Dims>& blocked) : k_(k), blocked_(blocked) {}

  void run() {
    for (auto& s : k_.body) splitChannels(s);
    std::map<int, int64_t> extents;
    for (auto& s : k_.body) reindex(s, extents, false);
  }

 private:
  // The nest under `s` down to its innermost statements, when it is perfect (each loop's body is
  // one loop, the last one's only stores): the loops, outermost first.
  static std::vector<StmtP> perfectNest(const StmtP& s) {
    std::vector<StmtP> loops;
    StmtP at = s;
    while (at->kind == Stmt::Kind::For) {
      loops.push_back(at);
      if (at->body.size() == 1 && at->body[0]->kind == Stmt::Kind::For) {
        at = at->body[0];
        continue;
      }
      for (const auto& b : at->body)
        if (b->kind != Stmt::Kind::Store) return {};
      return loops;
    }
    return {};
  }

  // A loop whose variable walks the channels of a blocked value (stride H·W, extent C): split
  // into blocks of 16 (split).
  void splitChannels(StmtP& s) {
    if (s->kind != Stmt::Kind::For) return;
    if (walksChannels(*s)) split(s);  // (the outermost such loop; those below stay whole)
    else
      for (auto& b : s->body) splitChannels(b);
  }

  bool walksChannels(const Stmt& loop) const {
    if (loop.extent % kBlock != 0) return false;
    std::vector<Access> loads, stores;
    Kernel one;
    one.body = {std::make_shared<Stmt>(loop)};
    kernelAccesses(one, loads, stores);
    loads.insert(loads.end(), stores.begin(), stores.end());
    for (const Access& a : loads) {
      auto it = blocked_.find(a.buffer);
      if (it == blocked_.end() || !a.index) continue;
      auto stride = strideIn(*a.index, loop.var);
      if (stride && *stride == it->second.hw && loop.extent == it->second.c) return true;
    }
    return false;
  }

  // Splits loop s over channels c into c = 16·block + lane, the lane loop innermost of the
  // perfect nest below s where that keeps every element's arithmetic (movable), else right
  // inside s (the same order of iterations: a reduction's sum is unchanged).
  void split(StmtP& s) {
    const bool move = movable(s);
    std::vector<StmtP> nest = move ? perfectNest(s) : std::vector<StmtP>{s};
    const int c = s->var, block = k_.numVars++, lane = k_.numVars++;
    ExprP channel = binary("add", binary("mul", var(block), intConst(kBlock)), var(lane));
    auto substitute = [&](ExprP& e) {
      e = rewrite(e, [&](const ExprP& x) { return x->kind == Expr::Kind::Var && x->var == c ? channel : x; });
    };
    for (auto& st : s->body) forEachExpr(st, substitute);
    auto lanes = std::make_shared<Stmt>(Stmt{Stmt::Kind::For, lane, kBlock});
    lanes->body = std::move(nest.back()->body);
    nest.back()->body = {lanes};
    s->var = block, s->extent /= kBlock;  // the channel loop walks blocks
  }

  // The nest below s is perfect, each of its stores writes a distinct element in every iteration
  // (its index affine, each of the nest's variables with a stride wider than the span of those
  // with smaller strides) and nothing in it reads what it stores: its iterations are independent.
  // (The stores of one iteration write different elements from each other's too: a pool
  // gradient's window positions; lowering makes no nest where they meet.)
  static bool movable(const StmtP& s) {
    std::vector<StmtP> nest = perfectNest(s);
    if (nest.empty()) return false;
    std::set<int> stored;
    for (const auto& st : nest.back()->body) {
      auto a = affineOf(*st->index);
      if (!a) return false;
      std::vector<std::pair<int64_t, int64_t>> strides;  // (stride, extent) per variable
      for (const StmtP& loop : nest) {
        auto it = a->terms.find(loop->var);
        const int64_t stride = it == a->terms.end() ? 0 : std::abs(it->second);
        if (loop->extent > 1 && stride == 0) return false;  // iterations that write one element
        strides.push_back({stride, loop->extent});
      }
      std::sort(strides.begin(), strides.end());
      int64_t span = 0;
      for (auto [stride, extent] : strides) {
        if (extent > 1 && stride <= span) return false;
        span += stride * (extent - 1);
      }
      stored.insert(st->buffer);
    }
    for (const auto& st : nest.back()->body) {
      std::vector<const Expr*> loads;
      collectLoads(st->index, loads), collectLoads(st->value, loads);
      for (const Expr* l : loads)
        if (stored.count(l->buffer)) return false;
    }
    return true;
  }

  // Rewrites every index of a blocked value. `flatSafe`: inside a flat loop over whole values
  // that needs no rewriting (see flatPermutation).
  void reindex(StmtP& s, std::map<int, int64_t>& extents, bool flatSafe) {
    if (s->kind == Stmt::Kind::For) {
      extents[s->var] = s->extent;
      const bool safe = flatSafe || flatPermutation(*s);
      for (auto& b : s->body) reindex(b, extents, safe);
      extents.erase(s->var);
      return;
    }
    if (flatSafe) return;
    auto loadIndex = [&](ExprP& e) {
      e = rewrite(e, [&](const ExprP& x) {
        if (x->kind != Expr::Kind::Load || !blocked_.count(x->buffer)) return x;
        auto copy = std::make_shared<Expr>(*x);
        copy->a = blockedIndex(x->a, blocked_.at(x->buffer), extents);
        return ExprP(copy);
      });
    };
    for (ExprP* e : {&s->index, &s->value, &s->detail})
      if (*e) loadIndex(*e);
    if (s->kind == Stmt::Kind::Store && blocked_.count(s->buffer)) s->index = blockedIndex(s->index, blocked_.at(s->buffer), extents);
  }

  // A loop over every element of blocked values of one element count holding nothing but stores
  // (no inner loops, no registers), where every access to a blocked value — and every store — is
  // at exactly the loop's variable, which appears nowhere else (a relu between two
  // convolutions, its gradient): any order of the elements is the same work.
  bool flatPermutation(const Stmt& loop) const {
    const int v = loop.var;
    auto atVar = [&](const ExprP& index) { return index->kind == Expr::Kind::Var && index->var == v; };
    bool ok = true;
    std::function<void(const ExprP&)> visit = [&](const ExprP& e) {
      if (!e || !ok) return;
      if (e->kind == Expr::Kind::Load) {
        if (atVar(e->a)) {
          ok = fullBlocked(e->buffer, loop.extent);
          return;
        }
        if (blocked_.count(e->buffer)) ok = false;  // a blocked element other than the loop's
      }
      if (e->kind == Expr::Kind::Var && e->var == v) ok = false;  // the variable used otherwise
      visit(e->a), visit(e->b), visit(e->c);
    };
    for (const auto& s : loop.body) {
      if (s->kind != Stmt::Kind::Store || !atVar(s->index) || !fullBlocked(s->buffer, loop.extent)) return false;
      visit(s->value);
    }
    return ok && !loop.body.empty();
  }
  bool fullBlocked(int buffer, int64_t extent) const {
    auto it = blocked_.find(buffer);
    return it != blocked_.end() && it->second.elements() == extent;
  }

  Kernel& k_;
  const std::map<int, Dims>& blocked_;
};

// A oneDNN convolution's activations (not its weights): operand indices, and -1 for the result.
std::vector<int> activationRoles(const Node& n) {
  const std::string& op = n.op->name;
  if (op == "conv2d" || op == "conv2d_grad_input") return {0, -1};
  if (op == "conv2d_grad_weight") return {0, 1};
  return {};
}

// The buffer of a convolution's activation `role` (an operand index, or -1: the result).
int roleBuffer(const Program& p, const Node& n, int role) { return role < 0 ? p.bufferOf.at({n.id, 0}) : p.buffer(n.operands[role]); }

}  // namespace

bool hostConvolutionsBlock16() {
#if defined(__x86_64__)
  static const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return avx512;
#else
  return false;
#endif
}

void blockLayouts(Program& p, const Graph& g) {
  // Each buffer's shape (values of rank 4 only).
  std::map<int, Shape> shapes;
  for (const auto& [key, b] : p.bufferOf) {
    const Shape& sh = g.nodes()[key.first]->results[key.second].shape;
    if (sh.size() == 4) shapes[b] = sh;
  }
  std::set<int> viewed;
  for (const Buffer& b : p.buffers)
    if (b.aliasOf >= 0) viewed.insert(b.aliasOf);
  // Candidates: a oneDNN convolution's activations held in the arena, in whole channel blocks.
  std::map<int, Dims> blocked;
  for (const Step& s : p.steps) {
    if (s.library != Library::OneDnn) continue;
    for (int role : activationRoles(*s.node)) {
      const int b = roleBuffer(p, *s.node, role);
      const Buffer& buf = p.buffers[b];
      if (buf.external || buf.kept || buf.fused || buf.aliasOf >= 0 || viewed.count(b) || buf.type != Type::f32 || !shapes.count(b)) continue;
      const Shape& sh = shapes.at(b);
      if (sh[1] % kBlock == 0 && sh[2] * sh[3] > 1) blocked[b] = Dims{sh[0], sh[1], sh[2] * sh[3]};
    }
  }
  // Per step: the buffers it touches.
  std::vector<std::set<int>> touched(p.steps.size());
  for (size_t i = 0; i < p.steps.size(); ++i) {
    std::vector<Access> loads, stores;
    stepAccesses(p, i, loads, stores);
    for (const Access& a : loads) touched[i].insert(a.buffer);
    for (const Access& a : stores) touched[i].insert(a.buffer);
  }
  // What a kernel may touch besides blocked values without walking a large plain value along
  // the channels: a small value, or whole channel blocks on a 1×1 plane (the same in both layouts).
  auto neutral = [&](int b) {
    const Buffer& buf = p.buffers[b];
    if (buf.elements < kSmallValue) return true;
    auto it = shapes.find(b);
    return it != shapes.end() && it->second[2] * it->second[3] == 1 && it->second[1] % kBlock == 0;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < p.steps.size(); ++i) {
      const Step& s = p.steps[i];
      std::vector<int> here;
      for (int b : touched[i])
        if (blocked.count(b)) here.push_back(b);
      if (here.empty()) continue;
      bool fits;
      if (s.kernel >= 0) {
        fits = true;  // a generated kernel: unless it also walks a large plain value
        for (int b : touched[i]) fits = fits && (blocked.count(b) || neutral(b));
      } else {
        fits = s.library == Library::OneDnn && !s.residual;
        std::set<int> roles;
        for (int role : activationRoles(*s.node)) roles.insert(roleBuffer(p, *s.node, role));
        for (int b : here) fits = fits && roles.count(b);
      }
      if (fits) continue;
      for (int b : here) blocked.erase(b);
      changed = true;
    }
  }
  if (blocked.empty()) return;
  for (const auto& [b, d] : blocked) p.buffers[b].blockedChannels = true;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    Step& s = p.steps[i];
    if (s.kernel >= 0) {
      bool any = false;
      for (int b : touched[i]) any = any || blocked.count(b);
      if (any) Blocker(p.kernels[s.kernel], blocked).run();
      continue;
    }
    for (int role : activationRoles(*s.node))
      if (blocked.count(roleBuffer(p, *s.node, role))) s.blocked |= role < 0 ? kBlockedResult : 1u << role;
  }
}

}  // namespace sinter::loops
