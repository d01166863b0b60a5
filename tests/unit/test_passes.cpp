// test_passes.cpp — the simplification passes: the structure they produce, and that the
// simplified graph computes exactly the same numbers as the unsimplified one.
#include <catch2/catch.hpp>

#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"
#include "runtime/interpreter.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

static int countOps(const Graph& g, const std::string& op) {
  int n = 0;
  for (const auto& node : g.nodes()) n += node->op->name == op;
  return n;
}

// Every named result of `g` (outputs, loss, metrics, gradients, updates) by name.
static std::map<std::string, Tensor> results(const Graph& g, const std::map<std::string, Tensor>& feeds) {
  Values vals = evaluate(g, feeds, {DType::f32, true, 7, 1});
  std::map<std::string, Tensor> out;
  for (const auto& [n, v] : g.outputs) out["output " + n] = valueOf(vals, v);
  for (const auto& [n, v] : g.metrics) out["metric " + n] = valueOf(vals, v);
  if (g.loss) out["loss"] = valueOf(vals, g.loss);
  for (const auto& [p, v] : g.grads) out["grad " + p->name] = valueOf(vals, v);
  for (const auto& [p, v] : g.updates) out["update " + p->name] = valueOf(vals, v);
  return out;
}

TEST_CASE("passes: every spec's simplified graph gives bitwise the same results", "[passes]") {
  // Against the graph with only narrowing applied (it changes which rows a matmul sums over, so
  // rounding; test_narrow.cpp checks it), with the training step's outputs kept and dropped.
  for (const char* name : {"count24", "attention_basics", "attention_masked", "attention_worked", "imdb_lstm", "imdb_mha",
                           "mnist_add", "sparse_and_mlp", "sparse_and_sat"})
  for (SpecOutputs outputs : {SpecOutputs::Kept, SpecOutputs::Dropped}) {
    DYNAMIC_SECTION(name << (outputs == SpecOutputs::Kept ? "" : ", step outputs dropped")) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      bool training = spec.train.has_value();
      Bindings b = {{"B", 2}};
      Graph plain = buildGraph(spec, b);
      if (training && outputs == SpecOutputs::Dropped) plain.outputs.clear();
      runNarrowing(plain);
      if (training) appendTrainingStep(plain, spec);
      Graph simplified = compileGraph(spec, b, training, {}, outputs);
      // Passes that add nodes: derivative saving one per gelu backward (save_derivative.cpp),
      // the time-major LSTM input one transpose of the embedding's indices and, where the
      // output sequence is read, one of it (time_major.cpp).
      size_t added = 0;
      for (const auto& np : simplified.nodes()) {
        added += np->op->name == "unary_grad" && !np->operands[2];
        added += np->op->name == "transpose" && np->operands[0].type().dtype == DType::i64;
        added += np->op->name == "transpose" && np->operands[0].node->op->name == "lstm";
      }
      CHECK(simplified.nodes().size() <= plain.nodes().size() + added);
      auto feeds = feedsFor(plain, 3);
      auto want = results(plain, feeds), got = results(simplified, feeds);
      REQUIRE(got.size() >= want.size());
      for (const auto& [key, t] : want) {
        INFO(key);
        REQUIRE(got.count(key));
        REQUIRE(got.at(key).shape() == t.shape());
        CHECK(std::memcmp(got.at(key).raw(), t.raw(), t.bytes()) == 0);
      }
    }
  }
}

TEST_CASE("passes: CSE merges the reshape that count24's two linear gradients share", "[passes]") {
  Spec spec = readSpec(kSrc + "/graphs/count24.yaml");
  Graph plain = buildTrainingStep(spec, {{"B", 8}});
  Graph simplified = compileGraph(spec, {{"B", 8}}, true);
  CHECK(countOps(plain, "reshape") == countOps(simplified, "reshape") + 1);
  CHECK(plain.nodes().size() == simplified.nodes().size() + 1);
}

TEST_CASE("passes: identities, double transposes and constants are simplified away", "[passes]") {
  const char* yaml = R"(model: ids
inputs:
  x: f32[2, 3, 4]
nodes:
  same:   reshape(x, shape=[2, 3, 4])
  t1:     transpose(same, dim0=0, dim1=2)
  t2:     transpose(t1, dim0=0, dim1=2)
  one:    scale(t2, factor=1.0)
  n1:     neg(one)
  n2:     neg(n1)
  p:      permute(n2, perm=[0, 1, 2])
  r1:     reshape(p, shape=[6, 4])
  r2:     reshape(r1, shape=[24])
  unused: exp(x)
  y:      relu(r2)
outputs: [y]
)";
  Spec spec = readSpecString(yaml, "ids.yaml");
  Graph g = compileGraph(spec, {}, false);
  // What remains: the input, one reshape straight from x, the relu.
  CHECK(g.nodes().size() == 3);
  CHECK(countOps(g, "reshape") == 1);
  CHECK(g.find("r2")->operands[0].node->name == "x");
  CHECK(!g.find("unused"));
  std::map<std::string, Tensor> feeds = randomInputs(g, 1);
  Graph plain = buildGraph(spec);
  CHECK(std::memcmp(valueOf(evaluate(g, feeds), g.outputs[0].second).raw(),
                    valueOf(evaluate(plain, feeds), plain.outputs[0].second).raw(), 24 * 4) == 0);
}

TEST_CASE("passes: constants fold through shape ops and scaling", "[passes]") {
  Graph g;
  g.name = "fold";
  Builder b(g);
  Value f = b.op("fill", {}, attrs({{"shape", ints({2, 3})}, {"value", 2.0}}));
  Value r = b.op("reshape", {f}, attrs({{"shape", ints({3, 2})}}));
  Value s = b.op("scale", {r}, attrs({{"factor", -1.5}}));
  g.outputs.push_back({"s", s});
  CHECK(runAlgebraicSimplification(g));
  runDeadCodeElimination(g);
  g.verify();
  REQUIRE(g.nodes().size() == 1);
  CHECK(g.nodes()[0]->op->name == "fill");
  CHECK(g.nodes()[0]->f("value") == -3.0);
  CHECK(g.nodes()[0]->results[0].str() == "f32[3, 2]");
}

TEST_CASE("passes: an adaptive average pool to its own size is the identity, forward and backward", "[passes]") {
  Spec spec = readSpecString(R"(model: gap
inputs:
  x: f32[B, 3, 4, 4]
nodes:
  c: conv2d(x, out=5, kernel=4)
  g: adaptive_avgpool2d(c, size=[1, 1])
  h: adaptive_avgpool2d(x, size=[2, 2])
  total: mean(g)
  other: mean(h)
  both: add(total, other)
outputs: [g, h]
loss: both
train:
  data: npz(train="unused.npz")
  batch: 2
  optimizer: sgd(lr=0.1)
  steps: 1
)",
                             "gap.yaml");
  Graph plain = buildTrainingStep(spec, {});
  Graph g = compileGraph(spec, {}, true);
  CHECK(countOps(plain, "adaptive_avgpool2d") == 2);
  CHECK(countOps(plain, "adaptive_avgpool2d_grad") == 1);  // x needs no gradient: h has none
  CHECK(countOps(g, "adaptive_avgpool2d") == 1);           // h: 4x4 -> 2x2 is a real pool
  CHECK(countOps(g, "adaptive_avgpool2d_grad") == 0);
  auto feeds = feedsFor(plain, 2);
  auto want = results(plain, feeds), got = results(g, feeds);
  for (const auto& [key, t] : want) {
    INFO(key);
    REQUIRE(got.count(key));
    CHECK(std::memcmp(got.at(key).raw(), t.raw(), t.bytes()) == 0);
  }
}

TEST_CASE("passes: dead code elimination keeps the interface", "[passes]") {
  const char* yaml = R"(model: dce
inputs:
  x: f32[2, 3]
  spare: f32[4]
params:
  w: f32[3] ~ ones()
nodes:
  used: mul(x, w)
  dead: exp(x)
  deader: log(dead)
outputs: [used]
)";
  Graph g = buildGraph(readSpecString(yaml, "dce.yaml"));
  CHECK(runDeadCodeElimination(g));
  g.verify();
  CHECK(g.find("spare"));  // an unused input stays: it is part of the interface
  CHECK(g.find("w"));
  CHECK(!g.find("dead"));
  CHECK(!g.find("deader"));
  CHECK(!runDeadCodeElimination(g));  // a fixed point
}

TEST_CASE("passes: a matmul contracting over one element is an outer product, bitwise", "[passes]") {
  const char* yaml = R"(model: outer
inputs:
  a: f32[5, 1]
  at: f32[1, 5]
  b: f32[1, 7]
  bt: f32[7, 1]
  c: f32[3, 5, 1]
  k: f32[5, 2]
  m: f32[5, 3]
nodes:
  p: matmul(a, b)
  q: matmul(at, bt, transpose_a=true, transpose_b=true)
  r: matmul(c, b)
  s: matmul(k, m, transpose_a=true)
  pq: add(p, q)
  rr: sum(r, axes=[0])
  y: add(pq, rr)
outputs: [y, s]
)";
  Spec spec = readSpecString(yaml, "outer.yaml");
  Graph g = compileGraph(spec, {}, false);
  CHECK(countOps(g, "matmul") == 1);  // s contracts over 5: a real product
  CHECK(g.find("p")->op->name == "mul");
  CHECK(g.find("q")->op->name == "mul");  // its operands reshaped: the transposes of size-1 axes
  CHECK(g.find("q")->operands[0].node->op->name == "reshape");
  CHECK(g.find("r")->op->name == "mul");   // batched: broadcasts like the matmul did
  std::map<std::string, Tensor> feeds = randomInputs(g, 5);
  Graph plain = buildGraph(spec);
  Values gv = evaluate(g, feeds), pv = evaluate(plain, feeds);
  for (const char* name : {"y", "s"}) {
    INFO(name);
    const Tensor &got = valueOf(gv, g.find(name)->result(0)), &want = valueOf(pv, plain.find(name)->result(0));
    REQUIRE(got.numel() == want.numel());
    CHECK(std::memcmp(got.raw(), want.raw(), got.bytes()) == 0);
  }
}
