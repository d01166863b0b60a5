// test_lanes.cpp — steps side by side on several threads (compiler/loops/schedule.cpp,
// runtime/executor.cpp's lanes): the dependencies, the plans, and bitwise the one-thread results.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <set>

#include "codegen/llvm/backend.h"
#include "compiler/passes/passes.h"
#include "runtime/onednn.h"
#include "runtime/threads.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

namespace {

// threadCount() for the scope.
struct Threads {
  explicit Threads(int n) : saved(threadCount()) { setThreadCount(n); }
  ~Threads() { setThreadCount(saved); }
  int saved;
};

std::unique_ptr<ProgramExecutor> executor(const Graph& g, ProgramExecutor::Lanes mode, const loops::LowerOptions& lower = {}) {
  std::unique_ptr<Executor> e = llvmgen::executorFactory({}, lower)(g);
  auto* p = dynamic_cast<ProgramExecutor*>(e.get());
  REQUIRE(p);
  p->setLanes(mode);
  e.release();
  return std::unique_ptr<ProgramExecutor>(p);
}

bool sameBits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.bytes()) == 0;
}

// A random DAG in topological order: each step depends on a few earlier ones.
std::vector<std::vector<int>> randomDeps(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<int>> deps(n);
  for (int j = 1; j < n; ++j)
    for (int k = 0; k < 3; ++k)
      if (rng() % 2) {
        int i = static_cast<int>(rng() % j);
        if (std::find(deps[j].begin(), deps[j].end(), i) == deps[j].end()) deps[j].push_back(i);
      }
  return deps;
}

}  // namespace

TEST_CASE("lanes: plans keep every dependency and cannot deadlock", "[lanes]") {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const int n = 5 + static_cast<int>(seed * 7 % 60);
    auto deps = randomDeps(n, seed);
    std::vector<double> cost(n);
    for (int i = 0; i < n; ++i) cost[i] = 1 + (i * 37 + seed) % 50;
    for (int lanes : {1, 2, 3, 4}) {
      INFO("seed " << seed << ", " << n << " steps, " << lanes << " lanes");
      loops::LanePlan plan = loops::planLanes(deps, cost, lanes, 0.5);
      CHECK(loops::planRespects(plan, deps));
      double total = 0;
      for (double c : cost) total += c;
      CHECK(plan.estimatedUs <= total + 1e-9);
      CHECK(loops::planRespects(loops::roundRobinLanes(deps, lanes), deps));
    }
  }
  // Independent chains go side by side; a plan missing a wait is caught.
  std::vector<std::vector<int>> deps = {{}, {}, {0}, {1}, {2, 3}};
  loops::LanePlan plan = loops::planLanes(deps, {10, 10, 10, 10, 1}, 2, 0.5);
  CHECK(plan.estimatedUs == Approx(21.5));
  CHECK(loops::planRespects(plan, deps));
  for (auto& w : plan.waits) w.clear();
  CHECK_FALSE(loops::planRespects(plan, deps));
  // A step reading much of what one dependency wrote goes to that dependency's lane when its
  // bytes are counted: C after A and B (one lane each), reading 1 MB of B's and nothing of A's.
  std::vector<std::vector<int>> abc = {{}, {}, {0, 1}};
  auto laneOfC = [](const loops::LanePlan& p) { return std::find(p.lanes[0].begin(), p.lanes[0].end(), 2) != p.lanes[0].end() ? 0 : 1; };
  const std::vector<std::vector<int64_t>> bytes = {{}, {}, {0, 1 << 20}};
  loops::LanePlan blind = loops::planLanes(abc, {10, 10, 1}, 2, 0.5), aware = loops::planLanes(abc, {10, 10, 1}, 2, 0.5, &bytes, 1e-4);
  CHECK(laneOfC(blind) == 0);
  CHECK(laneOfC(aware) == 1);
  CHECK(loops::planRespects(aware, abc));
  // Two lanes each waiting for the other's next step: a deadlock. A lane running a step before
  // one it depends on: wrong.
  CHECK_FALSE(loops::planRespects(loops::LanePlan{{{1, 0}, {2}}, {{}, {{1, 1}}, {{0, 1}}}}, {{}, {}, {}}));
  CHECK_FALSE(loops::planRespects(loops::LanePlan{{{1, 0}}, {{}, {}}}, {{}, {0}}));
}

static const char* kSpecs[] = {"count24",   "attention_basics", "attention_masked", "attention_worked", "imdb_lstm",     "imdb_lstm_last",
                               "imdb_mha", "imdb_mha_masked",  "mnist_add",        "sparse_and_mlp",   "sparse_and_sat"};

// Checks that `deps` orders a library call and any other step of `p` touching one of its
// memories, one of them writing it, and an in-place kernel after every earlier reader of the
// operand it overwrites; returns how many of the latter it checked.
static size_t checkOrdered(const loops::Program& p, const std::vector<std::vector<int>>& deps) {
  std::vector<std::set<int>> reads(p.steps.size()), writes(p.steps.size());
  std::vector<int> overwrites(p.steps.size(), -1);  // the memory an in-place kernel writes over
  for (size_t j = 0; j < p.steps.size(); ++j) {
    std::vector<loops::Access> loads, stores;
    loops::stepAccesses(p, j, loads, stores);
    for (const loops::Access& a : loads)
      if (!p.buffers[a.buffer].fused) reads[j].insert(p.memoryOf(a.buffer));
    for (const loops::Access& a : stores)
      if (!p.buffers[a.buffer].fused) {
        writes[j].insert(p.memoryOf(a.buffer));
        if (p.buffers[a.buffer].inPlaceOf >= 0) overwrites[j] = p.memoryOf(a.buffer);
      }
  }
  auto meet = [](const std::set<int>& a, const std::set<int>& b) {
    for (int m : a)
      if (b.count(m)) return true;
    return false;
  };
  auto ordered = [&](size_t i, size_t j) { return std::find(deps[j].begin(), deps[j].end(), static_cast<int>(i)) != deps[j].end(); };
  size_t checked = 0;
  for (size_t j = 0; j < p.steps.size(); ++j)
    for (size_t i = 0; i < j; ++i) {
      INFO(p.name << ": steps " << i << " and " << j);
      // Two generated kernels may touch disjoint elements of one memory (their indices' bounds
      // tell); a library call touches its buffers whole.
      const bool library = p.steps[i].kernel < 0 || p.steps[j].kernel < 0;
      if (library && (meet(writes[i], reads[j]) || meet(writes[i], writes[j]) || meet(reads[i], writes[j]))) CHECK(ordered(i, j));
      if (overwrites[j] >= 0 && reads[i].count(overwrites[j])) {
        CHECK(ordered(i, j));
        ++checked;
      }
    }
  return checked;
}

TEST_CASE("lanes: parts of a split loop are independent of each other, and ordered with the steps around them", "[lanes]") {
  // sparse_and_mlp's first gelu + dropout kernel (k0_d1, 50 x 512 elements, one loop) cut in
  // three: each part reads its own elements of the product before it and is read by the next.
  Spec spec = readSpec(kSrc + "/graphs/sparse_and_mlp.yaml");
  Graph g = compileGraph(spec, {{"B", 50}}, true, {}, SpecOutputs::Dropped);
  loops::Program p = loops::lower(g);
  int gelu = -1, before = -1, after = -1;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const loops::Step& st = p.steps[i];
    if (st.kernel >= 0 && p.kernels[st.kernel].name == "k0_d1") gelu = static_cast<int>(i);
    if (st.kernel < 0 && st.node->name == "h1.pre") before = static_cast<int>(i);
    if (st.kernel < 0 && st.node->name == "h2.pre") after = static_cast<int>(i);
  }
  REQUIRE(gelu >= 0);
  REQUIRE(before >= 0);
  REQUIRE(after >= 0);
  const loops::Kernel& k = p.kernels[p.steps[gelu].kernel];
  REQUIRE(k.splitVar >= 0);
  CHECK(k.splitExtent == 50 * 512);
  std::vector<loops::StepPart> parts = {{before}, {gelu, 0, 8000}, {gelu, 8000, 16000}, {gelu, 16000, 25600}, {after}};
  std::vector<std::vector<int64_t>> readBytes;
  auto deps = loops::partDependencies(p, parts, {}, true, &readBytes);
  // What each part reads of what its dependencies wrote: its 8000 / 8000 / 9600 elements.
  CHECK(readBytes[1] == std::vector<int64_t>{8000 * 4});
  CHECK(readBytes[3] == std::vector<int64_t>{9600 * 4});
  CHECK(readBytes[4] == (std::vector<int64_t>{8000 * 4, 8000 * 4, 9600 * 4}));
  CHECK(deps[1] == std::vector<int>{0});
  CHECK(deps[2] == std::vector<int>{0});
  CHECK(deps[3] == std::vector<int>{0});
  CHECK(deps[4] == std::vector<int>{1, 2, 3});
  CHECK_THROWS(loops::partDependencies(p, {{gelu, 0, 25601}}));
  // The products around it split by rows: rows 0..24 of h2.pre read rows 0..24 of d1, which
  // the first gelu part (elements 0..12799) writes.
  auto rows = loops::rowSplit(p.steps[after]);
  REQUIRE(rows);
  CHECK(rows->rows == 50);
  CHECK(rows->inRow == 512);
  CHECK(rows->outRow == 128);
  auto byRows = loops::partDependencies(p, {{before, 0, 25}, {before, 25, 50}, {gelu, 0, 12800}, {gelu, 12800, 25600}, {after, 0, 25}, {after, 25, 50}}, {}, true);
  CHECK(byRows[1].empty());
  CHECK(byRows[2] == std::vector<int>{0});
  CHECK(byRows[3] == std::vector<int>{1});
  CHECK(byRows[4] == std::vector<int>{2});
  CHECK(byRows[5] == std::vector<int>{3});
  CHECK_THROWS(loops::partDependencies(p, {{after, 0, 51}}));
  for (size_t i = 0; i < p.steps.size(); ++i)
    if (p.steps[i].kernel < 0 && p.steps[i].library != loops::Library::OneDnn) {
      CHECK_FALSE(loops::rowSplit(p.steps[i]));
      CHECK_THROWS(loops::partDependencies(p, {{static_cast<int>(i), 0, 1}}));
    }
  // Not split: the bias gradient (a sum over the batch into each element, two top-level loops).
  for (const loops::Kernel& other : p.kernels)
    if (other.name.find("d_h1_pre_1") != std::string::npos) CHECK(other.splitVar < 0);
}

TEST_CASE("lanes: steps that share reused arena bytes are ordered, unless every memory gets its own", "[lanes]") {
  // sparse_and_mlp's training step: the planner reuses bytes, so some steps with no value in
  // common touch the same memory; with separate memories only a value's own writers and readers
  // remain ordered.
  Spec spec = readSpec(kSrc + "/graphs/sparse_and_mlp.yaml");
  Graph g = compileGraph(spec, {{"B", 8}}, true, {}, SpecOutputs::Dropped);
  loops::Program p = loops::lower(g);
  auto planned = loops::stepDependencies(p), separate = loops::stepDependencies(p, {}, true);
  size_t extra = 0;
  for (size_t j = 0; j < p.steps.size(); ++j) {
    for (int i : separate[j]) CHECK(std::find(planned[j].begin(), planned[j].end(), i) != planned[j].end());  // a subset
    extra += planned[j].size() - separate[j].size();
  }
  CHECK(extra > 0);
  // In every spec's step, a library call and any other step touching one of its memories, one
  // of them writing it, stay ordered even with separate memories; an in-place kernel, which
  // overwrites every element of its operand, follows every earlier reader of that operand.
  size_t inPlace = 0;
  for (const char* name : kSpecs) {
    Spec s = readSpec(kSrc + "/graphs/" + name + ".yaml");
    Graph sg = compileGraph(s, {{"B", 4}}, s.train.has_value(), {}, SpecOutputs::Dropped);
    loops::Program sp = loops::lower(sg);
    inPlace += checkOrdered(sp, loops::stepDependencies(sp, {}, true));
  }
  CHECK(inPlace > 0);
  // Explicit orderings (fused kernels' shared state) are added.
  auto ordered = loops::stepDependencies(p, {{0, static_cast<int>(p.steps.size()) - 1}}, true);
  CHECK(std::find(ordered.back().begin(), ordered.back().end(), 0) != ordered.back().end());
}

TEST_CASE("lanes: every spec's step on round-robin lanes gives the one-thread bits", "[lanes]") {
  // Round robin puts consecutive steps on different threads: as many hand-overs as there can be,
  // each one a place a missing dependency would show. Three runs each (different dropout steps),
  // every result compared bit for bit with the steps run one after another.
  Threads two(2);
  for (const char* name : kSpecs)
    for (bool train : {true, false}) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      if (train && !spec.train) continue;
      DYNAMIC_SECTION(name << (train ? " step" : " forward")) {
        Graph g = compileGraph(spec, {{"B", 3}}, train, {}, train ? SpecOutputs::Dropped : SpecOutputs::Kept);
        auto one = executor(g, ProgramExecutor::Lanes::Off), lanes = executor(g, ProgramExecutor::Lanes::RoundRobin);
        lanes->setLaneTracing(true);
        auto feeds = feedsFor(g, 7);
        for (uint64_t run = 1; run <= 3; ++run) {
          EvalOptions opts{DType::f32, train, 3, run};
          Values want = one->run(feeds, opts), got = lanes->run(feeds, opts);
          REQUIRE(lanes->lanePlan());
          size_t compared = 0;
          for (size_t id = 0; id < want.size(); ++id)
            for (size_t r = 0; r < want[id].size(); ++r)
              if (want[id][r].numel() > 0) {
                INFO(name << " run " << run << ": " << g.nodes()[id]->name);
                CHECK(sameBits(got[id][r], want[id][r]));
                ++compared;
              }
          CHECK(compared > 0);
        }
        // The last run's timeline: every part ran on its lane, after every part it depends on ended.
        const auto& trace = lanes->laneTrace();
        const auto& plan = *lanes->lanePlan();
        REQUIRE(trace.size() == lanes->lanePlanParts().size());
        for (size_t l = 0; l < plan.lanes.size(); ++l)
          for (int k : plan.lanes[l]) CHECK(trace[k].lane == static_cast<int>(l));
        auto deps = loops::partDependencies(lanes->program(), lanes->lanePlanParts(), {}, true);
        for (size_t j = 0; j < deps.size(); ++j) {
          CHECK(trace[j].startUs <= trace[j].endUs);
          for (int i : deps[j]) CHECK(trace[i].endUs <= trace[j].startUs);
        }
        size_t waits = 0;
        for (const auto& w : lanes->lanePlan()->waits) waits += w.size();
        CHECK((waits > 0 || lanes->program().steps.size() < 2));  // attention_masked's forward is one fused step
        // Every split loop is cut in parts, one per lane.
        size_t split = 0, splittable = 0;
        for (const loops::StepPart& part : lanes->lanePlanParts()) split += part.end >= 0;
        for (const loops::Step& st : lanes->program().steps)
          splittable += (st.kernel >= 0 && lanes->program().kernels[st.kernel].splitVar >= 0) || loops::rowSplit(st).has_value();
        CHECK(split == 2 * splittable);
        if (std::string(name) == "sparse_and_mlp") CHECK(splittable >= 5);
      }
    }
}

TEST_CASE("lanes: a data check failing on a helper lane is reported as on one thread, and the next run is fine", "[lanes]") {
  Threads two(2);
  Spec spec = readSpecString(R"(
model: lookup
inputs:
  tokens: i64[4, 6]
  more: i64[4, 6]
  y: f32[4, 6, 8]
nodes:
  e: embedding(tokens, num=7, dim=8)
  f: embedding(more, num=7, dim=8)
  p: mul(e, y)
  q: mul(f, y)
  s: add(p, q)
  total: mean(s)
loss: total
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 4
  optimizer: sgd(lr=0.1)
  steps: 1
)", "lanes_check.yaml");
  Graph g = compileGraph(spec, {}, true, {}, SpecOutputs::Dropped);
  auto one = executor(g, ProgramExecutor::Lanes::Off), lanes = executor(g, ProgramExecutor::Lanes::RoundRobin);
  auto feeds = feedsFor(g, 4);
  for (int64_t i = 0; i < 24; ++i) feeds["tokens"].set(i, static_cast<double>((5 * i) % 7)), feeds["more"].set(i, static_cast<double>((3 * i) % 7));
  EvalOptions opts{DType::f32, true, 1, 1};
  std::map<std::string, Tensor> good;  // copies: the executors' buffers change with every run
  Values first = one->run(feeds, opts);
  for (const auto& [param, v] : g.updates) good[param->name] = valueOf(first, v).clone();
  lanes->run(feeds, opts);
  feeds["tokens"].set(13, 9.0);
  const std::string want = errorOf([&] { one->run(feeds, opts); }), got = errorOf([&] { lanes->run(feeds, opts); });
  CHECK(got.find("index 9 at position 13 is out of range 0..6") != std::string::npos);
  CHECK(got == want);
  feeds["tokens"].set(13, static_cast<double>((5 * 13) % 7));
  Values again = lanes->run(feeds, opts);
  for (const auto& [param, v] : g.updates) CHECK(sameBits(valueOf(again, v), good.at(param->name)));
}

TEST_CASE("lanes: Auto runs only programs whose steps all keep to one thread, with the one-thread bits", "[lanes]") {
  Threads two(2);
  for (const auto& [name, batch, eligible] : {std::tuple{"sparse_and_mlp", 50, true}, std::tuple{"imdb_mha", 64, false}}) {
    DYNAMIC_SECTION(name) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      Graph g = compileGraph(spec, {{"B", batch}}, true, {}, SpecOutputs::Dropped);
      auto one = executor(g, ProgramExecutor::Lanes::Off), automatic = executor(g, ProgramExecutor::Lanes::Auto);
      auto feeds = feedsFor(g, 2);
      // Enough runs for the trial to decide (19); whether a plan pays is measured on this
      // machine, so only its absence is certain (imdb_mha's products spread over the threads
      // themselves).
      for (uint64_t run = 1; run <= 22; ++run) {
        EvalOptions opts{DType::f32, true, 3, run};
        Values want = one->run(feeds, opts), got = automatic->run(feeds, opts);
        for (const auto& [param, v] : g.updates) CHECK(sameBits(valueOf(got, v), valueOf(want, v)));
      }
      if (!eligible) CHECK(automatic->lanePlan() == nullptr);
    }
  }
}

TEST_CASE("lanes: the trial's outcome, kept or dropped, changes no bit, the deciding run's results included", "[lanes]") {
  // Thresholds that try every plan, then keep it or drop it: dropping it moves the memories
  // back to the planned layout after the deciding run, whose kept results must move along.
  Threads two(2);
  Spec spec = readSpec(kSrc + "/graphs/sparse_and_mlp.yaml");
  Graph g = compileGraph(spec, {{"B", 50}}, true, {}, SpecOutputs::Dropped);
  auto one = executor(g, ProgramExecutor::Lanes::Off);
  auto feeds = feedsFor(g, 6);
  for (bool keep : {true, false}) {
    DYNAMIC_SECTION((keep ? "kept" : "dropped")) {
      auto automatic = executor(g, ProgramExecutor::Lanes::Auto);
      automatic->setTrialThresholds(1e9, keep ? 1e9 : 0.0);
      bool planned = false;
      for (uint64_t run = 1; run <= 24; ++run) {
        EvalOptions opts{DType::f32, true, 3, run};
        Values want = one->run(feeds, opts), got = automatic->run(feeds, opts);
        INFO("run " << run);
        for (const auto& [param, v] : g.updates) CHECK(sameBits(valueOf(got, v), valueOf(want, v)));
        CHECK(sameBits(valueOf(got, g.loss), valueOf(want, g.loss)));
        planned = planned || automatic->lanePlan() != nullptr;
      }
      CHECK(planned);  // the trial ran on lanes
      CHECK((automatic->lanePlan() != nullptr) == keep);
      CHECK((automatic->program().arenaBytes == one->program().arenaBytes) == !keep);  // dropped: the planned layout again
    }
  }
}

TEST_CASE("executor: lent optimiser state is updated in place, with the bits of a step that copies it", "[lanes][executor]") {
  // Three steps as the trainer runs them (each update fed back as the next step's source), by an
  // executor that copies and one the state is lent to, one step after another and on
  // round-robin lanes (the in-place update must wait for every reader of the state).
  const std::string sgd = R"(model: momentum
inputs:
  x: f32[B, 6]
  y: f32[B, 1]
nodes:
  h: linear(x, out=5, activation=tanh)
  p: linear(h, out=1)
loss: bce_logits(p, y)
train:
  data: npz(train="t.npz")
  batch: 4
  optimizer: sgd(lr=0.1, momentum=0.9)
  steps: 3
)";
  for (const char* name : {"sparse_and_mlp", "count24", "sgd"}) {
    DYNAMIC_SECTION(name) {
      Spec spec = std::string(name) == "sgd" ? readSpecString(sgd, "momentum.yaml") : readSpec(kSrc + "/graphs/" + name + ".yaml");
      Graph g = compileGraph(spec, {{"B", 4}}, true, {}, SpecOutputs::Dropped);
      for (auto mode : {ProgramExecutor::Lanes::Off, ProgramExecutor::Lanes::RoundRobin}) {
        Threads two(mode == ProgramExecutor::Lanes::Off ? 1 : 2);
        auto copying = executor(g, mode), lending = executor(g, mode);
        lending->updateStateInPlace();
        size_t inPlace = 0, states = 0;
        for (const auto& [source, next] : g.updates) {
          const loops::Buffer& b = lending->program().buffers[lending->program().buffer(next)];
          states += source->op->name == "state";
          inPlace += b.inPlaceOf == lending->program().buffer(source->result(0));
          CHECK((b.inPlaceOf < 0 || source->op->name == "state"));  // never a parameter
        }
        CHECK(states > 0);
        CHECK(inPlace == states);  // every state update here is the last step to read its state
        std::map<std::string, Tensor> want = feedsFor(g, 5), got;
        for (const auto& [k, t] : want) got[k] = t.clone();
        for (uint64_t step = 1; step <= 3; ++step) {
          EvalOptions opts{DType::f32, true, 1, step};
          const Values& a = copying->run(want, opts);
          std::map<std::string, Tensor> next;
          for (const auto& [source, v] : g.updates) next[source->name] = valueOf(a, v).clone();
          const Values& b = lending->run(got, opts);
          for (const auto& [source, v] : g.updates) {
            INFO(name << " step " << step << ": " << source->name);
            const Tensor& updated = valueOf(b, v);
            CHECK(sameBits(updated, next[source->name]));
            if (source->op->name == "state") CHECK(updated.raw() == got[source->name].raw());  // written over the fed tensor
            else CHECK(updated.raw() != got[source->name].raw());
          }
          for (const auto& [source, v] : g.updates)
            if (source->op->name == "param") got[source->name] = valueOf(b, v).clone();
          for (auto& [k, t] : next) want[k] = t;
        }
      }
    }
  }
}

TEST_CASE("lanes: a product's parts write only their rows, together the product's bits", "[lanes]") {
  // oneDNN's kernel for fewer rows of the result, on the whole tensors: each part writes its
  // rows only, and together they are the product to the bit; partsKeepBits (what lanes ask
  // before cutting a product) agrees, and notices parts that do not make the product.
  Spec spec = readSpecString(R"(
model: products
inputs:
  x: f32[B, 30]
  a: f32[B, 96]
  c: f32[96, 40]
  d: f32[40, 96]
  wide: f32[B, 512]
  res: f32[B, 40]
nodes:
  lin: linear(x, out=72, activation=gelu)
  plain: matmul(a, c)
  tb: matmul(a, d, transpose_b=true)
  deep: linear(wide, out=128)
  more: linear(a, out=40)
  added: add(more, res)
outputs: [lin, plain, tb, deep, added]
)", "products.yaml");
  for (int64_t batch : {3, 50}) {
    Graph g = compileGraph(spec, {{"B", batch}}, false, {}, SpecOutputs::Kept);
    loops::Program p = loops::lower(g);
    std::map<std::string, Tensor> feeds = feedsFor(g, 5);
    int products = 0, residuals = 0;
    for (const loops::Step& st : p.steps) {
      if (st.library != loops::Library::OneDnn) continue;
      ++products;
      residuals += st.residual != nullptr;
      const Node& n = *st.node;
      const bool residual = st.residual != nullptr;  // `added`: the product plus res in one call
      std::vector<const Tensor*> in;
      for (const Value& v : n.operands) in.push_back(v ? &feeds.at(v.node->name) : nullptr);
      if (residual) in.push_back(&feeds.at(st.residualOperand().node->name));
      std::vector<Tensor> whole{Tensor(DType::f32, n.results[0].shape)};
      OneDnnKernel(n, residual).run(in, whole);
      REQUIRE(loops::rowSplit(st));
      const int64_t rows = loops::rowSplit(st)->rows, columns = n.results[0].shape.back();
      CHECK(rows == batch);
      for (int64_t at : {int64_t{1}, rows / 2, rows - 1}) {
        INFO(n.name << " B " << batch << " cut at row " << at);
        std::vector<OneDnnKernel::Part> parts{{0, at}, {at, rows}};
        std::vector<Tensor> cut{Tensor(DType::f32, n.results[0].shape)};
        float* out = cut[0].data<float>();
        std::fill(out, out + cut[0].numel(), NAN);
        for (const OneDnnKernel::Part& part : parts) {
          OneDnnKernel(n, residual, part).run(in, cut);
          int64_t written = 0;
          for (int64_t k = 0; k < cut[0].numel(); ++k) written += !std::isnan(out[k]);
          CHECK(written == part.end * columns);  // rows [0, end): this part's and the earlier one's
        }
        CHECK(sameBits(cut[0], whole[0]));
        CHECK(partsKeepBits(n, residual, parts));
        CHECK_FALSE(partsKeepBits(n, residual, {parts[0]}));  // the first rows alone: not the product
      }
    }
    CHECK(products == 5);
    CHECK(residuals == 1);
  }
}
