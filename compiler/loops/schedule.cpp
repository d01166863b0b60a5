// schedule.cpp — which steps of a program may run at the same time, and on which lane each runs.
//
// The executor (runtime/executor.cpp) runs a small program's steps on several threads ("lanes")
// when that is measured to pay: a training step's weight gradients and optimiser updates beside
// the backward pass through the activations, a query projection beside the key projection.
// Correctness rests on stepDependencies(): two steps whose memory overlaps (the arena is reused,
// so this includes different values that share bytes at different times) keep their program
// order; everything else is free. planRespects() checks a plan against it.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"
#include "compiler/support/diag.h"

namespace sinter::loops {

namespace {

// Bytes of one memory: arena bytes (space -1) or one separately allocated buffer (space = it).
struct Region {
  int space;
  int64_t lo, hi;
  bool overlaps(const Region& o) const { return space == o.space && lo < o.hi && o.lo < hi; }
};

struct StepRegions {
  std::vector<Region> reads, writes;
};

void add(std::vector<Region>& list, const Region& r) {
  for (const Region& x : list)
    if (x.space == r.space && x.lo == r.lo && x.hi == r.hi) return;
  list.push_back(r);
}

bool anyOverlap(const std::vector<Region>& a, const std::vector<Region>& b) {
  for (const Region& x : a)
    for (const Region& y : b)
      if (x.overlaps(y)) return true;
  return false;
}

// Inclusive bounds of an integer expression, given bounds of the loop variables in it: affine
// expressions (and products of bounded terms); registers, loads and other operators unbounded.
using Bounds = std::pair<int64_t, int64_t>;
using VarBounds = std::map<int, Bounds>;

std::optional<Bounds> boundsOf(const ExprP& e, const VarBounds& vars) {
  if (!e) return std::nullopt;  // no index: the whole buffer
  switch (e->kind) {
    case Expr::Kind::Int: return Bounds{e->i, e->i};
    case Expr::Kind::Var: {
      auto it = vars.find(e->var);
      return it == vars.end() ? std::nullopt : std::optional<Bounds>(it->second);
    }
    case Expr::Kind::Binary: {
      if (e->op != "add" && e->op != "sub" && e->op != "mul") return std::nullopt;
      auto a = boundsOf(e->a, vars), b = boundsOf(e->b, vars);
      if (!a || !b) return std::nullopt;
      if (e->op == "add") return Bounds{a->first + b->first, a->second + b->second};
      if (e->op == "sub") return Bounds{a->first - b->second, a->second - b->first};
      const int64_t c[] = {a->first * b->first, a->first * b->second, a->second * b->first, a->second * b->second};
      return Bounds{*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
    }
    default: return std::nullopt;
  }
}

// Every load and store of kernel k with the bounds of the loop variables around it (for a
// part, `outer` instead of the split loop's extent); a Check reads and writes the program's
// status buffer whole.
struct BoundedAccess {
  int buffer;
  ExprP index;
  VarBounds vars;
  bool store;
};

std::vector<BoundedAccess> kernelAccesses(const Program& p, const Kernel& k, std::optional<Bounds> outer) {
  std::vector<Access> loads, stores;
  kernelAccesses(k, loads, stores);
  std::vector<BoundedAccess> out;
  for (const auto* list : {&loads, &stores})
    for (const Access& a : *list) {
      VarBounds vars;
      for (const auto& [v, extent] : a.loops) vars[v] = v == k.splitVar && outer ? *outer : Bounds{0, extent - 1};
      out.push_back({a.buffer, a.index, std::move(vars), list == &stores});
    }
  if (k.checks && p.status >= 0) out.push_back({p.status, nullptr, {}, false}), out.push_back({p.status, nullptr, {}, true});
  return out;
}

// Fills in waits: per step, the other lanes it must wait for and how many of their steps,
// leaving out waits an earlier step of the same lane already made.
void addWaits(LanePlan& plan, const std::vector<std::vector<int>>& deps) {
  const size_t n = deps.size(), lanes = plan.lanes.size();
  std::vector<int> laneOf(n, -1), position(n, -1);
  for (size_t l = 0; l < lanes; ++l)
    for (size_t k = 0; k < plan.lanes[l].size(); ++k) laneOf[plan.lanes[l][k]] = static_cast<int>(l), position[plan.lanes[l][k]] = static_cast<int>(k);
  plan.waits.assign(n, {});
  for (size_t l = 0; l < lanes; ++l) {
    std::vector<int> known(lanes, 0);  // what this lane has already waited for, per lane
    for (int j : plan.lanes[l]) {
      std::vector<int> need(lanes, 0);
      for (int i : deps[j])
        if (laneOf[i] != static_cast<int>(l)) need[laneOf[i]] = std::max(need[laneOf[i]], position[i] + 1);
      for (size_t m = 0; m < lanes; ++m)
        if (need[m] > known[m]) {
          plan.waits[j].push_back({static_cast<int>(m), need[m]});
          known[m] = need[m];
        }
    }
  }
}

}  // namespace

std::vector<std::vector<int>> partDependencies(const Program& p, const std::vector<StepPart>& parts,
                                               const std::vector<std::pair<int, int>>& alsoOrdered, bool separate,
                                               std::vector<std::vector<int64_t>>* readBytes) {
  const size_t np = parts.size();
  // The bytes of buffer b's memory holding its elements [lo, hi] (all of them without bounds).
  auto regionOf = [&](int b, std::optional<Bounds> elements) {
    const int m = p.memoryOf(b);
    const Buffer& buf = p.buffers[m];
    const int64_t eb = elementBytes(p.buffers[b].type), size = bufferBytes(buf);
    int64_t lo = 0, hi = size;
    if (elements) lo = std::max<int64_t>(0, elements->first * eb), hi = std::min(size, (elements->second + 1) * eb);
    if (!separate && buf.offset >= 0 && !buf.external) return Region{-1, buf.offset + lo, buf.offset + hi};
    return Region{m, lo, hi};
  };
  std::vector<StepRegions> regions(np);
  for (size_t k = 0; k < np; ++k) {
    const StepPart& part = parts[k];
    const Step& st = p.steps.at(part.step);
    if (st.kernel >= 0) {
      const Kernel& kernel = p.kernels[st.kernel];
      std::optional<Bounds> outer;
      if (part.end >= 0) {
        if (kernel.splitVar < 0 || part.begin < 0 || part.end > kernel.splitExtent || part.begin >= part.end)
          throw InternalError("partDependencies: a part of " + kernel.name + " outside its split loop");
        outer = Bounds{part.begin, part.end - 1};
      }
      for (const BoundedAccess& a : kernelAccesses(p, kernel, outer)) {
        if (p.buffers[a.buffer].fused) continue;
        add(a.store ? regions[k].writes : regions[k].reads, regionOf(a.buffer, boundsOf(a.index, a.vars)));
      }
      continue;
    }
    // A library call touches its buffers whole; a part of a row-split product, its rows of
    // operand 0, the residual and the result.
    std::optional<RowSplit> rows;
    if (part.end >= 0) {
      rows = rowSplit(st);
      if (!rows || part.begin < 0 || part.end > rows->rows || part.begin >= part.end)
        throw InternalError("partDependencies: a part of " + st.node->name + " that is not rows of a product");
    }
    auto rowsOf = [&](int64_t perRow) { return rows ? std::optional<Bounds>(Bounds{part.begin * perRow, part.end * perRow - 1}) : std::nullopt; };
    const Node& n = *st.node;
    for (size_t o = 0; o < n.operands.size(); ++o)
      if (n.operands[o] && !p.buffers[p.buffer(n.operands[o])].fused)
        add(regions[k].reads, regionOf(p.buffer(n.operands[o]), o == 0 ? rowsOf(rows ? rows->inRow : 0) : std::nullopt));
    if (st.residual) {
      add(regions[k].reads, regionOf(p.buffer(st.residualOperand()), rowsOf(rows ? rows->outRow : 0)));
      add(regions[k].writes, regionOf(p.bufferOf.at({st.residual->id, 0}), rowsOf(rows ? rows->outRow : 0)));
      continue;
    }
    for (size_t r = 0; r < n.results.size(); ++r) {
      const int b = p.bufferOf.at({n.id, static_cast<int>(r)});
      if (!p.buffers[b].fused) add(regions[k].writes, regionOf(b, rowsOf(rows ? rows->outRow : 0)));
    }
  }
  std::vector<std::vector<int>> deps(np);
  for (size_t j = 0; j < np; ++j)
    for (size_t i = 0; i < j; ++i)
      if (anyOverlap(regions[i].writes, regions[j].reads) || anyOverlap(regions[i].writes, regions[j].writes) ||
          anyOverlap(regions[i].reads, regions[j].writes))
        deps[j].push_back(static_cast<int>(i));
  for (const auto& [a, b] : alsoOrdered) {
    if (a < 0 || b <= a || static_cast<size_t>(b) >= p.steps.size()) throw InternalError("partDependencies: bad ordering pair");
    for (size_t j = 0; j < np; ++j)
      if (parts[j].step == b)
        for (size_t i = 0; i < j; ++i)
          if (parts[i].step == a && std::find(deps[j].begin(), deps[j].end(), static_cast<int>(i)) == deps[j].end()) deps[j].push_back(static_cast<int>(i));
  }
  for (auto& d : deps) std::sort(d.begin(), d.end());
  if (readBytes) {
    readBytes->assign(np, {});
    for (size_t j = 0; j < np; ++j)
      for (int i : deps[j]) {
        int64_t bytes = 0;
        for (const Region& w : regions[i].writes)
          for (const Region& r : regions[j].reads)
            if (w.overlaps(r)) bytes += std::min(w.hi, r.hi) - std::max(w.lo, r.lo);
        (*readBytes)[j].push_back(bytes);
      }
  }
  return deps;
}

std::optional<RowSplit> rowSplit(const Step& s) {
  if (s.kernel >= 0 || s.library != Library::OneDnn) return std::nullopt;
  const Node& n = *s.node;
  if (n.op->name == "linear") {
    const Shape& x = n.operands[0].type().shape;
    if (x.size() < 2) return std::nullopt;
    return RowSplit{n.operands[0].type().numel() / x.back(), x.back(), n.results[0].shape.back()};
  }
  if (n.op->name == "matmul" && !n.b("transpose_a") && n.operands[0].type().shape.size() == 2 && n.operands[1].type().shape.size() == 2)
    return RowSplit{n.operands[0].type().shape[0], n.operands[0].type().shape[1], n.results[0].shape[1]};
  return std::nullopt;
}

std::vector<std::vector<int>> stepDependencies(const Program& p, const std::vector<std::pair<int, int>>& alsoOrdered, bool separate) {
  std::vector<StepPart> whole;
  for (size_t s = 0; s < p.steps.size(); ++s) whole.push_back({static_cast<int>(s)});
  return partDependencies(p, whole, alsoOrdered, separate);
}

void markSplittable(Program& p) {
  for (Kernel& k : p.kernels) {
    k.splitVar = -1, k.splitExtent = 0;
    if (k.checks || k.body.empty() || k.body.back()->kind != Stmt::Kind::For) continue;
    const Stmt& loop = *k.body.back();
    bool ok = true;
    std::set<int> outside, inside;  // registers assigned before the loop, in it
    for (size_t i = 0; i + 1 < k.body.size(); ++i)
      if (k.body[i]->kind == Stmt::Kind::Assign) outside.insert(k.body[i]->var);
      else ok = false;
    std::function<void(const Stmt&)> assigned = [&](const Stmt& s) {
      if (s.kind == Stmt::Kind::Assign) inside.insert(s.var);
      for (const auto& b : s.body) assigned(*b);
    };
    assigned(loop);
    for (int r : inside) ok = ok && !outside.count(r);
    // Each register assigned in the loop is assigned before any read of it, every iteration.
    std::set<int> seen;
    std::function<void(const ExprP&)> reads = [&](const ExprP& e) {
      if (!e) return;
      if (e->kind == Expr::Kind::Reg && inside.count(e->var) && !seen.count(e->var)) ok = false;
      reads(e->a), reads(e->b), reads(e->c);
    };
    std::function<void(const Stmt&)> walk = [&](const Stmt& s) {
      reads(s.index), reads(s.value), reads(s.detail);
      if (s.kind == Stmt::Kind::Assign) seen.insert(s.var);
      for (const auto& b : s.body) walk(*b);
    };
    for (const auto& b : loop.body) walk(*b);
    if (!ok) continue;
    // Memory: each iteration stores its own elements, and reads stored memory only there.
    std::vector<BoundedAccess> accesses = kernelAccesses(p, k, std::nullopt);
    std::map<int, ExprP> storedAt;  // memory -> the one index every store to it uses
    for (const BoundedAccess& a : accesses) {
      if (!a.store) continue;
      const int m = p.memoryOf(a.buffer);
      auto [it, fresh] = storedAt.insert({m, a.index});
      if (!fresh && !sameExpr(it->second, a.index)) ok = false;
      if (!a.index) {
        ok = false;
        continue;
      }
      auto stride = strideIn(*a.index, loop.var);
      VarBounds fixed = a.vars;
      fixed[loop.var] = {0, 0};
      auto rest = boundsOf(a.index, fixed);
      if (!stride || *stride == 0 || !rest || rest->second - rest->first >= std::abs(*stride)) ok = false;
    }
    for (const BoundedAccess& a : accesses) {
      if (a.store) continue;
      auto it = storedAt.find(p.memoryOf(a.buffer));
      if (it != storedAt.end() && !sameExpr(it->second, a.index)) ok = false;
    }
    if (!ok || storedAt.empty()) continue;
    k.splitVar = loop.var, k.splitExtent = loop.extent;
  }
}

LanePlan planLanes(const std::vector<std::vector<int>>& deps, const std::vector<double>& costUs, int lanes, double handoverUs,
                   const std::vector<std::vector<int64_t>>* readBytes, double usPerByte) {
  const size_t n = deps.size();
  if (costUs.size() != n || lanes < 1) throw InternalError("planLanes: one cost per step and at least one lane");
  auto cost = [&](size_t i) { return std::max(costUs[i], 1e-3); };
  std::vector<std::vector<int>> users(n);
  for (size_t j = 0; j < n; ++j)
    for (int i : deps[j]) users[i].push_back(static_cast<int>(j));
  // The longest path from each step to the end (its own cost included).
  std::vector<double> rank(n, 0);
  for (size_t k = n; k-- > 0;) {
    double after = 0;
    for (int u : users[k]) after = std::max(after, rank[u]);
    rank[k] = cost(k) + after;
  }
  LanePlan plan;
  plan.lanes.assign(lanes, {});
  std::vector<int> laneOf(n, -1), waiting(n);
  std::vector<double> finish(n, 0), laneFree(lanes, 0);
  std::vector<int> ready;
  for (size_t j = 0; j < n; ++j)
    if ((waiting[j] = static_cast<int>(deps[j].size())) == 0) ready.push_back(static_cast<int>(j));
  for (size_t placed = 0; placed < n; ++placed) {
    // The ready step with the most work after it (ties: the earlier step).
    auto best = std::max_element(ready.begin(), ready.end(), [&](int a, int b) { return rank[a] < rank[b] || (rank[a] == rank[b] && a > b); });
    const int j = *best;
    ready.erase(best);
    int lane = 0;
    double bestFinish = std::numeric_limits<double>::infinity();
    for (int l = 0; l < lanes; ++l) {
      double start = laneFree[l];
      for (size_t d = 0; d < deps[j].size(); ++d) {
        const int i = deps[j][d];
        const double moved = readBytes ? usPerByte * static_cast<double>((*readBytes)[j][d]) : 0.0;
        start = std::max(start, finish[i] + (laneOf[i] == l ? 0.0 : handoverUs + moved));
      }
      if (start + cost(j) < bestFinish) bestFinish = start + cost(j), lane = l;
    }
    laneOf[j] = lane, finish[j] = bestFinish, laneFree[lane] = bestFinish;
    plan.lanes[lane].push_back(j);
    plan.estimatedUs = std::max(plan.estimatedUs, bestFinish);
    for (int u : users[j])
      if (--waiting[u] == 0) ready.push_back(u);
  }
  addWaits(plan, deps);
  return plan;
}

LanePlan roundRobinLanes(const std::vector<std::vector<int>>& deps, int lanes) {
  if (lanes < 1) throw InternalError("roundRobinLanes: at least one lane");
  LanePlan plan;
  plan.lanes.assign(lanes, {});
  for (size_t j = 0; j < deps.size(); ++j) plan.lanes[j % lanes].push_back(static_cast<int>(j));
  addWaits(plan, deps);
  return plan;
}

bool planRespects(const LanePlan& plan, const std::vector<std::vector<int>>& deps) {
  const size_t n = deps.size(), lanes = plan.lanes.size();
  std::vector<int> laneOf(n, -1), position(n, -1);
  size_t count = 0;
  for (size_t l = 0; l < lanes; ++l)
    for (size_t k = 0; k < plan.lanes[l].size(); ++k) {
      const int s = plan.lanes[l][k];
      if (s < 0 || static_cast<size_t>(s) >= n || laneOf[s] >= 0) return false;  // every step exactly once
      laneOf[s] = static_cast<int>(l), position[s] = static_cast<int>(k), ++count;
    }
  if (count != n || plan.waits.size() != n) return false;
  // Every dependency: earlier on the same lane, or waited for by this step or an earlier one of its lane.
  for (size_t l = 0; l < lanes; ++l) {
    std::vector<int> known(lanes, 0);
    for (int j : plan.lanes[l]) {
      for (const auto& [m, c] : plan.waits[j]) known[m] = std::max(known[m], c);
      for (int i : deps[j])
        if (laneOf[i] == static_cast<int>(l) ? position[i] >= position[j] : known[laneOf[i]] <= position[i]) return false;
    }
  }
  // No deadlock: running the lanes (any lane whose next step's waits are met goes on) finishes.
  std::vector<int> done(lanes, 0);
  for (size_t finished = 0; finished < n;) {
    bool moved = false;
    for (size_t l = 0; l < lanes; ++l) {
      if (done[l] == static_cast<int>(plan.lanes[l].size())) continue;
      const int j = plan.lanes[l][done[l]];
      bool met = true;
      for (const auto& [m, c] : plan.waits[j]) met = met && done[m] >= c;
      if (met) ++done[l], ++finished, moved = true;
    }
    if (!moved) return false;
  }
  return true;
}

}  // namespace sinter::loops
