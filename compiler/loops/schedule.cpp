// schedule.cpp — which steps of a program may run at the same time, and on which lane each runs.
//
// The executor (runtime/executor.cpp) runs a small program's steps on several threads ("lanes")
// when that is measured to pay: a training step's weight gradients and optimiser updates beside
// the backward pass through the activations, a query projection beside the key projection.
// Correctness rests on stepDependencies(): two steps whose memory overlaps (the arena is reused,
// so this includes different values that share bytes at different times) keep their program
// order; everything else is free. planRespects() checks a plan against it.
#include <algorithm>
#include <functional>
#include <limits>

#include "compiler/loops/loop_ir.h"
#include "compiler/support/diag.h"

namespace sinter::loops {

namespace {

int64_t elementBytes(Type t) { return t == Type::f32 ? 4 : t == Type::i1 ? 1 : 8; }

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

std::vector<std::vector<int>> stepDependencies(const Program& p, const std::vector<std::pair<int, int>>& alsoOrdered, bool separate) {
  const size_t ns = p.steps.size();
  auto regionOf = [&](int b) {
    const int m = p.memoryOf(b);
    const Buffer& buf = p.buffers[m];
    if (!separate && buf.offset >= 0 && !buf.external) return Region{-1, buf.offset, buf.offset + std::max<int64_t>(1, buf.elements) * elementBytes(buf.type)};
    return Region{m, 0, 1};
  };
  std::vector<StepRegions> regions(ns);
  for (size_t s = 0; s < ns; ++s) {
    std::vector<Access> loads, stores;
    stepAccesses(p, s, loads, stores);
    for (const Access& a : loads)
      if (!p.buffers[a.buffer].fused) add(regions[s].reads, regionOf(a.buffer));
    for (const Access& a : stores)
      if (!p.buffers[a.buffer].fused) add(regions[s].writes, regionOf(a.buffer));
  }
  std::vector<std::vector<int>> deps(ns);
  for (size_t j = 0; j < ns; ++j)
    for (size_t i = 0; i < j; ++i)
      if (anyOverlap(regions[i].writes, regions[j].reads) || anyOverlap(regions[i].writes, regions[j].writes) ||
          anyOverlap(regions[i].reads, regions[j].writes))
        deps[j].push_back(static_cast<int>(i));
  for (const auto& [i, j] : alsoOrdered) {
    if (i < 0 || j <= i || static_cast<size_t>(j) >= ns) throw InternalError("stepDependencies: bad ordering pair");
    if (std::find(deps[j].begin(), deps[j].end(), i) == deps[j].end()) deps[j].push_back(i);
  }
  for (auto& d : deps) std::sort(d.begin(), d.end());
  return deps;
}

LanePlan planLanes(const std::vector<std::vector<int>>& deps, const std::vector<double>& costUs, int lanes, double handoverUs) {
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
      for (int i : deps[j]) start = std::max(start, finish[i] + (laneOf[i] == l ? 0.0 : handoverUs));
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
