#include "runtime/executor.h"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "compiler/ir/ops.h"
#include "runtime/threads.h"

namespace sinter {

namespace {

class InterpreterExecutor : public Executor {
 public:
  explicit InterpreterExecutor(const Graph& g) : g_(g) {}
  const Values& run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) override {
    last_.clear();  // the previous run's values go first: never two steps' worth at once
    last_ = evaluate(g_, feeds, opts);
    return last_;
  }

 private:
  const Graph& g_;
  Values last_;
};



// Runs run(i) for i < n in order; with `ns`, adds each one's wall time to (*ns)[i].
template <typename Run>
void timeEach(size_t n, std::vector<double>* ns, Run run) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point last = ns ? Clock::now() : Clock::time_point{};
  for (size_t i = 0; i < n; ++i) {
    run(i);
    if (!ns) continue;
    const Clock::time_point now = Clock::now();
    (*ns)[i] += std::chrono::duration<double, std::nano>(now - last).count();
    last = now;
  }
}

DType bufferDType(loops::Type t) {
  switch (t) {
    case loops::Type::f32: return DType::f32;
    case loops::Type::f64: return DType::f64;
    default: return DType::i64;
  }
}

}  // namespace

std::unique_ptr<Executor> makeInterpreterExecutor(const Graph& g) { return std::make_unique<InterpreterExecutor>(g); }

namespace {

// SINTER_POISON_ARENA=1: a new arena starts as all-ones bytes (NaN floats, -1 integers) instead of
// zeros, so a step that reads arena bytes nothing wrote shows in its results (tests; debugging).
void poisonIfAsked(Tensor& arena) {
  const char* env = std::getenv("SINTER_POISON_ARENA");
  if (env && std::string(env) == "1") std::memset(arena.raw(), 0xff, arena.bytes());
}

}  // namespace

ProgramExecutor::ProgramExecutor(const Graph& g, loops::Program program, std::vector<KernelFn> kernels, std::shared_ptr<void> keepAlive)
    : g_(g), program_(std::move(program)), kernels_(std::move(kernels)), keepAlive_(std::move(keepAlive)) {
  // Memory: the planned arena (64-byte aligned, as every Tensor), plus one allocation per
  // external buffer and per buffer the planner did not place (planning off).
  const auto& bufs = program_.buffers;
  arena_ = Tensor(DType::f32, Shape{(program_.arenaBytes + 3) / 4});
  poisonIfAsked(arena_);
  auto* arena = static_cast<char*>(arena_.raw());
  owned_.resize(bufs.size());
  pointers_.assign(bufs.size(), nullptr);
  for (size_t b = 0; b < bufs.size(); ++b) {
    if (bufs[b].fused || static_cast<int>(b) != program_.memoryOf(static_cast<int>(b))) continue;
    if (bufs[b].offset >= 0) pointers_[b] = arena + bufs[b].offset;
    else pointers_[b] = (owned_[b] = Tensor(bufferDType(bufs[b].type), Shape{bufs[b].elements})).raw();
  }
  for (size_t b = 0; b < bufs.size(); ++b)
    if (!bufs[b].fused) pointers_[b] = pointers_[program_.memoryOf(static_cast<int>(b))];
  plannedOffset_.assign(bufs.size(), -1);  // the arena's memories (lanes may lay them out apart)
  for (size_t b = 0; b < bufs.size(); ++b)
    if (!bufs[b].fused && !bufs[b].external && bufs[b].offset >= 0 && program_.memoryOf(static_cast<int>(b)) == static_cast<int>(b))
      plannedOffset_[b] = bufs[b].offset;

  // Views of the buffers with each value's shape, per node: what library kernels read and write.
  views_.resize(g_.nodes().size());
  for (const auto& np : g_.nodes())
    for (size_t r = 0; r < np->results.size(); ++r) {
      int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      views_[np->id].push_back(bufs[b].fused ? Tensor() : Tensor::view(bufferDType(bufs[b].type), np->results[r].shape, pointers_[b]));
    }
  readable_.resize(g_.nodes().size());
  for (const auto& np : g_.nodes()) {
    if (np->op->cls == OpClass::Source) sources_.push_back({np.get(), program_.bufferOf.at({np->id, 0})});
    for (size_t r = 0; r < np->results.size(); ++r) {
      int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      if (!bufs[b].fused && bufs[program_.memoryOf(b)].external) externalViews_.push_back({np->id, static_cast<int>(r), b});
      readable_[np->id].push_back(bufs[b].external || bufs[b].kept);
    }
  }
  results_.resize(g_.nodes().size());
  for (const auto& np : g_.nodes()) {
    results_[np->id].resize(np->results.size());
    for (size_t r = 0; r < np->results.size(); ++r) publish(np->id, static_cast<int>(r));
  }
  FusedKernelContext fusedContext;
  for (size_t s = 0; s < program_.steps.size(); ++s)
    if (program_.steps[s].library == loops::Library::OneDnn) {
      const loops::Step& st = program_.steps[s];
      onednn_.emplace(s, OneDnnKernel(*st.node, st.residual != nullptr, std::nullopt, {st.winograd, st.blocked}));
    } else if (program_.steps[s].library == loops::Library::Fused) {
      fusedContext.step = static_cast<int>(s);
      fused_.emplace(s, makeFusedKernel(*program_.steps[s].node, program_.steps[s].unusedResults, fusedContext));
    }
  for (const auto& [key, users] : fusedContext.users)
    for (size_t k = 1; k < users.size(); ++k)
      if (users[k - 1] != users[k]) fusedOrder_.push_back({users[k - 1], users[k]});
  // Lanes pay only where no step would spread over the threads itself.
  laneEligible_ = program_.steps.size() >= 2;
  for (const loops::Step& st : program_.steps)
    if (st.kernel < 0 && threadsFor(static_cast<double>(loops::libraryFlops(*st.node))) > 1) laneEligible_ = false;
  if (const char* env = std::getenv("SINTER_LANES")) {
    const std::string mode = env;
    if (mode == "off") lanes_ = Lanes::Off;
    else if (mode == "roundrobin") lanes_ = Lanes::RoundRobin;
    else if (mode != "auto") throw std::invalid_argument("SINTER_LANES must be auto, off or roundrobin, not '" + mode + "'");
  }
  stepInputs_.resize(program_.steps.size());
  onednnAt_.assign(program_.steps.size(), nullptr);
  fusedAt_.assign(program_.steps.size(), nullptr);
  for (size_t i = 0; i < program_.steps.size(); ++i) {
    const loops::Step& st = program_.steps[i];
    if (st.kernel >= 0) continue;
    for (const Value& v : st.node->operands) stepInputs_[i].push_back(v ? &views_[v.node->id][v.index] : nullptr);
    if (st.residual) {
      const Value r = st.residualOperand();
      stepInputs_[i].push_back(&views_[r.node->id][r.index]);
    }
    if (auto it = onednn_.find(i); it != onednn_.end()) onednnAt_[i] = &it->second;
    if (auto it = fused_.find(i); it != fused_.end()) fusedAt_[i] = it->second.get();
  }
}

void ProgramExecutor::updateStateInPlace() {
  const size_t ns = program_.steps.size();
  std::vector<std::vector<loops::Access>> loads(ns), stores(ns);
  for (size_t s = 0; s < ns; ++s) loops::stepAccesses(program_, s, loads[s], stores[s]);
  auto touches = [&](size_t s, int memory, bool reads, bool writes) {
    bool hit = false;
    if (reads)
      for (const loops::Access& a : loads[s]) hit = hit || program_.memoryOf(a.buffer) == memory;
    if (writes)
      for (const loops::Access& a : stores[s]) hit = hit || program_.memoryOf(a.buffer) == memory;
    return hit;
  };
  for (const auto& [source, next] : g_.updates) {
    if (source->op->name != "state") continue;
    const int state = program_.buffer(source->result(0)), update = program_.buffer(next);
    loops::Buffer& u = program_.buffers[update];
    if (u.fused || u.aliasOf >= 0 || u.inPlaceOf >= 0 || u.type != program_.buffers[state].type || u.elements != program_.buffers[state].elements)
      continue;
    size_t writer = ns;  // the step computing the update: an elementwise fused kernel
    for (size_t s = 0; s < ns; ++s)
      if (program_.steps[s].kernel < 0 && program_.steps[s].node == next.node && fusedAt_[s] && fusedAt_[s]->elementwise()) writer = s;
    if (writer == ns) continue;
    bool alone = true;  // no step after it reads the state, no other step touches the update
    for (size_t s = 0; s < ns; ++s)
      if (s != writer) alone = alone && !(s > writer && touches(s, state, true, true)) && !touches(s, update, true, true);
    for (size_t b = 0; b < program_.buffers.size(); ++b)  // a view of the update would keep the old memory
      alone = alone && (static_cast<int>(b) == update || program_.buffers[b].fused || program_.memoryOf(static_cast<int>(b)) != update);
    if (!alone) continue;
    u.inPlaceOf = state, u.offset = -1, plannedOffset_[update] = -1;  // its arena bytes stay unused
    externalViews_.push_back({next.node->id, next.index, update});      // bound to the fed state each run
  }
  setLanes(lanes_);  // a plan made so far assumed the update's own memory
}

const Values& ProgramExecutor::run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) {
  if (opts.precision != DType::f32) throw InternalError("compiled programs run in float32");
  // Bind the feeds (inputs, parameters, optimiser state) to the external buffers.
  size_t bound = 0;
  for (const auto& [node, b] : sources_) {
    const Node& n = *node;
    auto it = feeds.find(n.name);
    auto what = [&] { return std::string(n.op->name == "input" ? "input" : "parameter"); };  // the interpreter's words
    if (it == feeds.end()) fail(n.loc, "no value given for " + what() + " '" + n.name + "' (" + n.results[0].str() + ")");
    const Tensor& t = it->second;
    if (t.shape() != n.results[0].shape || isFloat(t.dtype()) != isFloat(n.results[0].dtype))
      fail(n.loc, what() + " '" + n.name + "' must be " + n.results[0].str() + ", got " + t.type().str());
    // Zero-copy: the kernels read the caller's tensor in place (nothing writes an external
    // buffer — memory planning never places results there — except the state updates the
    // caller lent it: updateStateInPlace). Other dtypes are cast into the executor's own buffer.
    const DType want = bufferDType(program_.buffers[b].type);
    if (t.dtype() == want) {
      pointers_[b] = const_cast<void*>(t.raw());
    } else {
      Tensor c = t.cast(want);
      std::memcpy(owned_[b].raw(), c.raw(), owned_[b].bytes());
      pointers_[b] = owned_[b].raw();
    }
    ++bound;
  }
  for (const auto& [node, r, b] : externalViews_) {  // the sources and views of them (kept while the memory is the same)
    pointers_[b] = pointers_[program_.memoryOf(b)];
    if (views_[node][r].raw() == pointers_[b]) continue;
    const Value v = g_.nodes()[node]->result(r);
    views_[node][r] = Tensor::view(bufferDType(program_.buffers[b].type), v.type().shape, pointers_[b]);
    publish(node, r);
  }
  if (bound != feeds.size())
    for (const auto& [name, t] : feeds)
      if (!g_.find(name) || g_.find(name)->op->cls != OpClass::Source)
        fail(SourceLoc{}, "'" + name + "' is not an input or parameter of " + g_.name);

  rerun(opts);
  // The results callers may read: sources and kept values (results_, kept current by publish()).
  // Others share memory that later steps reused, so they are left empty.
  return results_;
}

std::string ProgramExecutor::partName(size_t k) const {
  const loops::StepPart& part = parts_.at(k);
  return stepName(part.step) + (part.end >= 0 ? " [" + std::to_string(part.begin) + ", " + std::to_string(part.end) + ")" : "");
}

std::string ProgramExecutor::stepName(size_t i) const {
  const loops::Step& s = program_.steps.at(i);
  if (s.kernel >= 0) return program_.kernels[s.kernel].name;
  std::string who = s.library == loops::Library::OneDnn ? "oneDNN" : s.library == loops::Library::Fused ? "fused" : "reference";
  if (auto it = onednn_.find(i); it != onednn_.end() && it->second.implementation().find("wino") != std::string::npos) who += ", Winograd";
  return s.node->op->name + " %" + s.node->name + (s.residual ? " + residual %" + s.residual->name : "") + " (" + who + ")";
}

void ProgramExecutor::setLanes(Lanes mode) {
  lanes_ = mode;
  plan_.reset();
  phase_ = Phase::Warm;
  phaseRuns_ = 0;
  timedNs_.clear();
  trial_[0].clear(), trial_[1].clear();
  setParts({});
  layoutMemories(plannedOffset_);
}

void ProgramExecutor::rerun(const EvalOptions& opts) {
  ScopedFlushDenormals ftz;
  const int lanes = std::min(threadCount(), kMaxLanes);
  if (plan_ && static_cast<int>(plan_->lanes.size()) != lanes) setLanes(lanes_);  // the thread count changed: start over
  if (lanes_ == Lanes::RoundRobin && lanes > 1 && !plan_ && !profiling_) {
    // Every split loop cut into one part per lane, consecutive parts on different lanes.
    std::vector<loops::StepPart> parts = cutSteps(std::vector<double>(program_.steps.size(), 1.0), lanes, 0.0);
    loops::LanePlan plan = loops::roundRobinLanes(loops::partDependencies(program_, parts, fusedOrder_, true), lanes);
    usePlan(std::move(plan), std::move(parts));
  }
  reordered_.clear();
  int64_t* status = program_.status >= 0 ? static_cast<int64_t*>(pointers_[program_.status]) : nullptr;
  if (status) status[0] = 0;
  if (program_.options >= 0) {  // what generated dropout reads: the run's mode, seed and step
    auto* o = static_cast<int64_t*>(pointers_[program_.options]);
    o[0] = opts.training ? 1 : 0, o[1] = static_cast<int64_t>(opts.seed), o[2] = static_cast<int64_t>(opts.step);
  }
  if (profiling_) return runSequential(opts, &stepNs_);
  if (lanes_ != Lanes::Auto || !laneEligible_ || lanes < 2 || phase_ == Phase::Decided) return plan_ ? runLanes(opts) : runSequential(opts, nullptr);
  trialRun(opts, lanes);
}

void ProgramExecutor::trialRun(const EvalOptions& opts, int lanes) {
  // Auto: a run to warm the caches; kTrialRuns on one thread, timed whole and step by step;
  // kCutRuns with the steps that can be cut in parts, timed part by part; a plan from the
  // fastest times, cutting the steps whose parts are short enough; if it promises enough, a run
  // on lanes to warm them, then kTrialRuns on lanes, kept only if their median beats the
  // one-thread runs' by 5%. Measured, not predicted: a step on another core reads its data
  // from the other cache (~0.25 µs a line here), which the plan does not count. (Runs
  // alternating between lanes and one thread would make one thread look slow: its data
  // scattered over both caches by the lanes run.)
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  auto elapsedUs = [&] { return std::chrono::duration<double, std::micro>(Clock::now() - start).count(); };
  if (phase_ == Phase::Warm) {
    runSequential(opts, nullptr);
    phase_ = Phase::Timing;
    return;
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  if (phase_ == Phase::Trying) {
    // The first run on lanes starts the helper threads and touches the new arena: not counted.
    runLanes(opts);
    if (phaseRuns_++ == 0) return;
    trial_[0].push_back(elapsedUs());
    if (trial_[0].size() < kTrialRuns) return;
    if (median(trial_[0]) > keepBelow_ * median(trial_[1])) {
      plan_.reset();
      setParts({});
      layoutMemories(plannedOffset_);  // back to the planned reuse
    }
    phase_ = Phase::Decided;
    return;
  }
  // A hand-over between lanes (one cache line changing cores, seen by a spinning waiter: ~0.25
  // µs here) and starting the helpers each run, counted generously. Steps of kSplitUs or more
  // that can be cut (a split loop, a product's rows) are timed cut into a part per lane too.
  // A byte written on one core and read on the other costs ~1/22000 µs against ~1/100000 from
  // the reader's own cache (bench/lanes_handover.cpp: a memcpy of 64 KB–1 MB the other lane
  // just wrote runs at 21–36 GB/s, of what this lane wrote at 58–115).
  constexpr double kHandoverUs = 0.5, kStartUs = 1.0, kSplitUs = 4.0, kUsPerByte = 1.0 / 22000 - 1.0 / 100000;
  if (phase_ == Phase::Cutting) {
    std::vector<double> ns(parts_.size(), 0.0);
    runParts(opts, &ns);
    if (partNs_.empty()) partNs_ = ns;
    for (size_t k = 0; k < ns.size(); ++k) partNs_[k] = std::min(partNs_[k], ns[k]);
    if (++phaseRuns_ < kCutRuns) return;
    // A step stays cut where its slowest part takes at most 3/4 of the whole step: small
    // products cut by rows take nearly as long as whole ones.
    std::vector<loops::StepPart> parts;
    std::vector<double> us;
    double sequential = 0;
    for (size_t k = 0; k < parts_.size();) {
      const int step = parts_[k].step;
      size_t end = k;
      double slowest = 0;
      for (; end < parts_.size() && parts_[end].step == step; ++end) slowest = std::max(slowest, partNs_[end] / 1e3);
      const double whole = timedNs_[step] / 1e3;
      sequential += whole;
      if (parts_[k].end >= 0 && slowest + kHandoverUs <= 0.75 * whole) {
        for (; k < end; ++k) parts.push_back(parts_[k]), us.push_back(partNs_[k] / 1e3);
      } else {
        parts.push_back({step}), us.push_back(whole);
        k = end;
      }
    }
    std::vector<std::vector<int64_t>> readBytes;
    auto deps = loops::partDependencies(program_, parts, fusedOrder_, true, &readBytes);
    loops::LanePlan plan = loops::planLanes(deps, us, lanes, kHandoverUs, &readBytes, kUsPerByte);
    phaseRuns_ = 0;
    phase_ = Phase::Decided;
    setParts({});
    if (plan.estimatedUs + kStartUs > planBelow_ * sequential) return;
    usePlan(std::move(plan), std::move(parts));
    phase_ = Phase::Trying;
    return;
  }
  std::vector<double> ns(program_.steps.size(), 0.0);
  runSequential(opts, &ns);
  trial_[1].push_back(elapsedUs());
  if (timedNs_.empty()) timedNs_ = ns;
  for (size_t i = 0; i < ns.size(); ++i) timedNs_[i] = std::min(timedNs_[i], ns[i]);
  if (++phaseRuns_ < kTrialRuns) return;
  phaseRuns_ = 0;
  setParts(cutSteps(timedNs_, lanes, kSplitUs * 1e3));
  phase_ = Phase::Cutting;
}

std::vector<loops::StepPart> ProgramExecutor::cutSteps(const std::vector<double>& stepCost, int lanes, double minCost) const {
  std::vector<loops::StepPart> parts;
  for (size_t i = 0; i < program_.steps.size(); ++i) {
    const loops::Step& st = program_.steps[i];
    // A generated kernel's split loop, or a product's result rows.
    const std::optional<loops::RowSplit> rows = loops::rowSplit(st);
    const int64_t extent = st.kernel >= 0 && program_.kernels[st.kernel].splitVar >= 0 ? program_.kernels[st.kernel].splitExtent
                           : rows                                                       ? rows->rows
                                                                                        : 0;
    if (extent < 2 || stepCost[i] < minCost) {
      parts.push_back({static_cast<int>(i)});
      continue;
    }
    // Equal parts, their inner bounds rounded to the nearest 16 iterations (whole vectors of an
    // elementwise loop) where the loop is long enough.
    const int n = static_cast<int>(std::min<int64_t>(lanes, extent));
    std::vector<loops::StepPart> cut;
    int64_t begin = 0;
    for (int k = 1; k <= n; ++k) {
      int64_t end = k == n ? extent : extent * k / n;
      if (k < n && extent >= 32 * n) end = (end + 8) / 16 * 16;
      if (end > begin) cut.push_back({static_cast<int>(i), begin, end});
      begin = end;
    }
    std::vector<OneDnnKernel::Part> products;
    if (rows)
      for (const loops::StepPart& part : cut) products.push_back({part.begin, part.end});
    if (rows && !partsKeepBits(*st.node, st.residual != nullptr, products)) cut = {{static_cast<int>(i)}};
    parts.insert(parts.end(), cut.begin(), cut.end());
  }
  return parts;
}

void ProgramExecutor::setParts(std::vector<loops::StepPart> parts) {
  parts_ = std::move(parts);
  partNs_.clear();
  partKernels_.clear();
  partKernels_.resize(parts_.size());
  for (size_t k = 0; k < parts_.size(); ++k) {
    const loops::StepPart& part = parts_[k];
    const loops::Step& st = program_.steps[part.step];
    if (part.end >= 0 && st.kernel < 0)
      partKernels_[k] = std::make_unique<OneDnnKernel>(*st.node, st.residual != nullptr, OneDnnKernel::Part{part.begin, part.end});
  }
}

void ProgramExecutor::runPart(size_t k, const EvalOptions& opts) {
  const loops::StepPart& part = parts_[k];
  const loops::Step& st = program_.steps[part.step];
  const int kernel = st.kernel;
  if (part.end < 0) runStep(static_cast<size_t>(part.step), opts, nullptr);  // no shared reorders across threads
  else if (partKernels_[k]) partKernels_[k]->run(stepInputs_[part.step], views_[(st.residual ? st.residual : st.node)->id]);  // its rows
  else if (kernel >= 0) kernels_[kernel](pointers_.data(), part.begin, part.end);  // no checks: markSplittable
  else throw InternalError("a part of " + stepName(part.step) + " without its kernel");
}

void ProgramExecutor::runParts(const EvalOptions& opts, std::vector<double>* partNs) {
  timeEach(parts_.size(), partNs, [&](size_t k) { runPart(k, opts); });
}

void ProgramExecutor::usePlan(loops::LanePlan plan, std::vector<loops::StepPart> parts) {
  if (!loops::planRespects(plan, loops::partDependencies(program_, parts, fusedOrder_, true)))
    throw InternalError("a lanes plan for " + program_.name + " breaks a dependency");
  setParts(std::move(parts));  // first: the part kernels may throw
  // Every planned memory its own bytes: steps on different lanes may run at the same time, and
  // the planned reuse assumed one after another. Lanes run small programs only (no step reaches
  // kParallelFlops), so this costs at most what `--stats` shows as "without planning".
  std::vector<int64_t> separate(program_.buffers.size(), -1);
  int64_t bytes = 0;
  for (size_t b = 0; b < program_.buffers.size(); ++b)
    if (plannedOffset_[b] >= 0) {
      separate[b] = bytes;
      bytes += loops::alignedBytes(program_.buffers[b]);
    }
  layoutMemories(separate);
  progress_ = std::make_unique<LaneProgress[]>(plan.lanes.size());
  plan_ = std::move(plan);
}

void ProgramExecutor::layoutMemories(const std::vector<int64_t>& offsets) {
  // The arena's memories move to a new arena; pointers and views follow. What callers may still
  // read of the last run — the kept results — moves with them (kept memories live to the end
  // of a run, so no two share bytes in either layout; other memories hold nothing that outlives
  // a run). Results of earlier runs are views of the old arena: invalid from here on, as after
  // any next run.
  auto& bufs = program_.buffers;
  bool same = true;
  for (size_t b = 0; b < bufs.size(); ++b) same = same && (offsets[b] < 0 || offsets[b] == bufs[b].offset);
  if (same) return;
  std::vector<bool> kept(bufs.size(), false);
  for (size_t b = 0; b < bufs.size(); ++b)
    if (!bufs[b].fused && bufs[b].kept) kept[program_.memoryOf(static_cast<int>(b))] = true;
  int64_t bytes = 0;
  for (size_t b = 0; b < bufs.size(); ++b)
    if (offsets[b] >= 0) bytes = std::max(bytes, offsets[b] + loops::alignedBytes(bufs[b]));
  Tensor arena(DType::f32, Shape{(bytes + 3) / 4});
  poisonIfAsked(arena);
  auto* base = static_cast<char*>(arena.raw());
  for (size_t b = 0; b < bufs.size(); ++b)
    if (offsets[b] >= 0) {
      if (kept[b]) std::memcpy(base + offsets[b], pointers_[b], static_cast<size_t>(loops::bufferBytes(bufs[b])));
      bufs[b].offset = offsets[b];
      pointers_[b] = base + offsets[b];
    }
  for (size_t b = 0; b < bufs.size(); ++b)
    if (!bufs[b].fused && offsets[program_.memoryOf(static_cast<int>(b))] >= 0) pointers_[b] = pointers_[program_.memoryOf(static_cast<int>(b))];
  arena_ = std::move(arena);
  program_.arenaBytes = bytes;
  for (const auto& np : g_.nodes())
    for (size_t r = 0; r < np->results.size(); ++r) {
      const int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      if (!bufs[b].fused && offsets[program_.memoryOf(b)] >= 0) {
        views_[np->id][r] = Tensor::view(bufferDType(bufs[b].type), np->results[r].shape, pointers_[b]);
        publish(np->id, static_cast<int>(r));
      }
    }
}

void ProgramExecutor::runStep(size_t i, const EvalOptions& opts, OneDnnRunCache* reorders) {
  const loops::Step& s = program_.steps[i];
  if (s.kernel >= 0) {
    kernels_[s.kernel](pointers_.data(), 0, program_.kernels[s.kernel].splitExtent);
    const int64_t* status = program_.kernels[s.kernel].checks ? static_cast<const int64_t*>(pointers_[program_.status]) : nullptr;
    if (status && status[0] != 0) {
      // A generated kernel's data check failed: the reference kernel's message and location.
      const loops::DataCheck& c = program_.checks.at(status[0] - 1);
      fail(c.node->loc, c.node->op->name + " '" + c.node->name + "': " + c.prefix + std::to_string(status[2]) + " at position " +
                            std::to_string(status[1]) + c.suffix);
    }
    return;
  }
  const Node& n = *s.node;
  const std::vector<const Tensor*>& in = stepInputs_[i];
  if (s.residual) onednnAt_[i]->run(in, views_[s.residual->id]);  // the product plus the residual, stored as the add's result
  else if (s.library == loops::Library::OneDnn) onednnAt_[i]->run(in, views_[n.id], reorders);
  else if (s.library == loops::Library::Fused) fusedAt_[i]->run(in, views_[n.id]);
  else runNodeKernel(n, in, views_[n.id], opts);
}

void ProgramExecutor::runSequential(const EvalOptions& opts, std::vector<double>* stepNs) {
  timeEach(program_.steps.size(), stepNs, [&](size_t i) { runStep(i, opts, &reordered_); });
}

void ProgramExecutor::runLanes(const EvalOptions& opts) {
  const loops::LanePlan& plan = *plan_;
  const int lanes = static_cast<int>(plan.lanes.size());
  for (int l = 0; l < lanes; ++l) progress_[l].done.store(0, std::memory_order_relaxed);
  // What waiting lanes spin on lives on cache lines of its own (LaneProgress), never beside data
  // the running lanes write (a stack variable would sit beside the kernels' spills).
  std::atomic<bool>& failed = progress_[0].failed;
  failed.store(false, std::memory_order_relaxed);
  std::exception_ptr error;
  std::mutex errorLock;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  if (tracing_) trace_.assign(parts_.size(), LaneEvent{-1, 0, 0});
  auto sinceStart = [&] { return std::chrono::duration<double, std::micro>(Clock::now() - start).count(); };
  const bool ran = runOnLanes(lanes, [&](int lane) {
    ScopedFlushDenormals ftz;  // the floating-point mode is per thread
    ScopedSerial serial;       // each step keeps to its lane's thread
    try {
      int done = 0;
      for (int j : plan.lanes[lane]) {
        for (const auto& [other, count] : plan.waits[j]) {
          auto arrived = [&, other = other, count = count] { return progress_[other].done.load(std::memory_order_acquire) >= count; };
          spinUntil([&] { return arrived() || failed.load(std::memory_order_relaxed); });
          if (!arrived()) return;  // a lane this one waits for failed
        }
        const double begun = tracing_ ? sinceStart() : 0;
        runPart(static_cast<size_t>(j), opts);
        if (tracing_) trace_[j] = {lane, begun, sinceStart()};  // each part written by its lane alone
        progress_[lane].done.store(++done, std::memory_order_release);
      }
    } catch (...) {
      std::lock_guard<std::mutex> hold(errorLock);
      if (!error) error = std::current_exception();
      failed.store(true, std::memory_order_relaxed);
    }
  });
  if (error) std::rethrow_exception(error);
  if (!ran) runParts(opts, nullptr);  // another executor's run holds the helpers: one thread
}

}  // namespace sinter
