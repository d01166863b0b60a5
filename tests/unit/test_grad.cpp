// test_grad.cpp — every gradient rule against central finite differences, in float64.
//
// Each case is a tiny graph whose float operands are parameters. The harness adds a random
// probe per checked result, loss = sum_k sum(result_k * probe_k), differentiates with
// appendBackward, and compares every parameter element's gradient with
// (L(p + h) - L(p - h)) / 2h with h = 1e-5 (near the optimal step eps^(1/3) for central
// differences in float64): relative error below 1e-6, relative to max(|analytic|, |numeric|, 1e-3)
// so that exactly-zero gradients are compared against the rounding noise of the differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <sstream>

#include "compiler/autodiff/autodiff.h"
#include "compiler/ir/ops.h"
#include "runtime/interpreter.h"
#include "runtime/rng.h"

using namespace sinter;

namespace {

struct Case {
  std::string name;
  std::string inputs;  // YAML lines under inputs: (may be empty)
  std::string params;  // YAML lines under params:
  std::string nodes;   // YAML lines under nodes:
  std::vector<std::string> probes;  // results the loss reads
  bool training = false;            // dropout active (fixed seed => fixed mask)
  // Elements whose gradient is fixed by definition rather than by the forward (e.g. the padding
  // row of an embedding): returns the exact expected gradient, or NAN to check numerically.
  std::function<double(const std::string& param, int64_t index)> exact;
};

std::string yamlOf(const Case& c, const std::vector<TensorType>& probeTypes) {
  std::ostringstream y;
  y << "model: " << c.name << "\ninputs:\n" << c.inputs;
  for (size_t k = 0; k < probeTypes.size(); ++k) {
    std::string shape = shapeStr(probeTypes[k].shape);
    y << "  probe" << k << ": " << dtypeName(probeTypes[k].dtype) << shape << "\n";
  }
  if (!c.params.empty()) y << "params:\n" << c.params;
  y << "nodes:\n" << c.nodes;
  std::string total;
  for (size_t k = 0; k < probeTypes.size(); ++k) {
    y << "  weighted" << k << ": mul(" << c.probes[k] << ", probe" << k << ")\n";
    y << "  summed" << k << ": sum(weighted" << k << ")\n";
    if (k == 0) total = "summed0";
    else {
      y << "  total" << k << ": add(" << total << ", summed" << k << ")\n";
      total = "total" + std::to_string(k);
    }
  }
  y << "loss: " << total << "\n";
  return y.str();
}

void checkGradients(const Case& c) {
  // Learn the probes' types from the graph without a loss.
  std::string base = "model: " + c.name + "\ninputs:\n" + (c.inputs.empty() ? "  unused_: f64[1]\n" : c.inputs) +
                     (c.params.empty() ? "" : "params:\n" + c.params) + "nodes:\n" + c.nodes;
  Graph probeGraph = buildGraph(readSpecString(base, c.name + ".yaml"));
  std::vector<TensorType> probeTypes;
  for (const std::string& p : c.probes) probeTypes.push_back(resolveValue(probeGraph, Expr{Expr::Kind::Name, p}).type());

  Graph g = buildGraph(readSpecString(yamlOf(c, probeTypes), c.name + ".yaml"));
  appendBackward(g);
  g.verify();

  std::map<std::string, Tensor> feeds = randomInputs(g, 11);
  Rng rng(3, c.name);
  for (Node* p : g.params()) {
    Tensor t(DType::f64, p->results[0].shape);
    for (int64_t i = 0; i < t.numel(); ++i) t.set(i, rng.normal());
    feeds[p->name] = t;
  }
  for (auto& [name, t] : feeds)
    if (name.rfind("probe", 0) == 0)
      for (int64_t i = 0; i < t.numel(); ++i) t.set(i, rng.normal());

  EvalOptions opts{DType::f64, c.training, 5, 0};
  Values vals = evaluate(g, feeds, opts);
  auto lossAt = [&](const std::map<std::string, Tensor>& f) { return valueOf(evaluate(g, f, opts), g.loss).get(0); };

  REQUIRE(!g.grads.empty());
  const double h = 1e-5;
  for (auto& [param, gradValue] : g.grads) {
    Tensor analytic = valueOf(vals, gradValue);
    REQUIRE(analytic.shape() == param->results[0].shape);
    Tensor& x = feeds[param->name];
    for (int64_t i = 0; i < x.numel(); ++i) {
      double a = analytic.get(i);
      double exact = c.exact ? c.exact(param->name, i) : NAN;
      if (!std::isnan(exact)) {
        CHECK(a == exact);
        continue;
      }
      double keep = x.get(i);
      x.set(i, keep + h);
      double up = lossAt(feeds);
      x.set(i, keep - h);
      double down = lossAt(feeds);
      x.set(i, keep);
      double numeric = (up - down) / (2 * h);
      double rel = std::fabs(a - numeric) / std::max({std::fabs(a), std::fabs(numeric), 1e-3});
      INFO(c.name << ": d" << param->name << "[" << i << "] analytic " << a << " numeric " << numeric);
      CHECK(rel < 1e-6);
    }
  }
}

}  // namespace

TEST_CASE("gradients: elementwise ops", "[grad]") {
  const std::string x = "  x: f64[3, 4] ~ normal()\n";
  for (const char* op : {"relu", "gelu", "sigmoid", "tanh", "exp", "neg"})
    DYNAMIC_SECTION(op) { checkGradients({op, "", x, std::string("  y: ") + op + "(x)\n", {"y"}}); }
  SECTION("log and sqrt of a positive tensor") {
    checkGradients({"logsqrt", "", x, "  e: exp(x)\n  l: log(e)\n  s: sqrt(e)\n", {"l", "s"}});
  }
  SECTION("scale") { checkGradients({"scale", "", x, "  y: scale(x, factor=-2.5)\n", {"y"}}); }
  SECTION("broadcasting add, sub, mul, div") {
    checkGradients({"binary", "", x + "  row: f64[4] ~ normal()\n  col: f64[3, 1] ~ normal()\n",
                    "  a: add(x, row)\n  s: sub(col, x)\n  m: mul(x, col)\n  pos: exp(row)\n  d: div(x, pos)\n  d2: div(col, pos)\n",
                    {"a", "s", "m", "d", "d2"}});
  }
  SECTION("dropout with a fixed mask") {
    checkGradients({"dropout", "", "  x: f64[6, 7] ~ normal()\n", "  y: dropout(x, p=0.3)\n", {"y"}, true});
  }
}

TEST_CASE("gradients: layout ops", "[grad]") {
  const std::string x = "  x: f64[2, 3, 4] ~ normal()\n";
  SECTION("reshape, transpose, permute, expand") {
    checkGradients({"layout", "", x + "  s: f64[3, 1] ~ normal()\n",
                    "  r: reshape(x, shape=[4, -1])\n  t: transpose(x, dim0=0, dim1=2)\n  p: permute(x, perm=[1, 2, 0])\n"
                    "  e: expand(s, shape=[2, 3, 5])\n",
                    {"r", "t", "p", "e"}});
  }
  SECTION("concat, slice, index") {
    checkGradients({"concat", "", x + "  z: f64[2, 1, 4] ~ normal()\n",
                    "  c: concat(x, z, x, axis=1)\n  s: slice(x, axis=2, start=-3, step=2)\n  i: index(x, axis=1, index=-1)\n",
                    {"c", "s", "i"}});
  }
  SECTION("pick: one position per row (the last real step of a sequence)") {
    checkGradients({"pick", "  len: i64[2]\n  at: i64[2, 3]\n", x,
                    "  last: pick(x, len, offset=-1)\n  deep: pick(x, at, axis=2)\n", {"last", "deep"}});
  }
    SECTION("gather") {
    checkGradients({"gather", "  idx: i64[2, 5, 4]\n", x, "  g: gather(x, idx, axis=1)\n", {"g"}});
  }
  SECTION("embedding with a padding index: the padding row gets exactly zero") {
    Case c{"embedding", "  tokens: i64[3, 5]\n", "", "  e: embedding(tokens, num=4, dim=3, padding_idx=0)\n", {"e"}};
    c.exact = [](const std::string& p, int64_t i) { return p == "e.weight" && i < 3 ? 0.0 : NAN; };
    checkGradients(c);
  }
}

TEST_CASE("gradients: contractions", "[grad]") {
  SECTION("matmul with broadcast batch dimensions and every transpose combination") {
    checkGradients({"matmul", "",
                    "  a: f64[2, 3, 4] ~ normal()\n  b: f64[4, 5] ~ normal()\n  at: f64[1, 4, 3] ~ normal()\n  bt: f64[2, 5, 4] ~ normal()\n",
                    "  ab: matmul(a, b)\n  tb: matmul(at, b, transpose_a=true)\n  at2: matmul(a, bt, transpose_b=true)\n"
                    "  tt: matmul(at, bt, transpose_a=true, transpose_b=true)\n",
                    {"ab", "tb", "at2", "tt"}});
  }
  for (const char* act : {"none", "relu", "gelu", "sigmoid", "tanh"})
    DYNAMIC_SECTION("linear with activation " << act) {
      checkGradients({std::string("linear_") + act, "", "  x: f64[2, 3, 4] ~ normal()\n",
                      std::string("  y: linear(x, out=5, activation=") + act + ")\n  n: linear(x, out=2, bias=false)\n", {"y", "n"}});
    }
  SECTION("conv2d with stride and padding") {
    checkGradients({"conv2d", "", "  x: f64[2, 2, 6, 5] ~ normal()\n",
                    "  c: conv2d(x, out=3, kernel=3, stride=2, padding=1)\n  d: conv2d(x, out=2, kernel=2, bias=false)\n", {"c", "d"}});
  }
  SECTION("maxpool2d and adaptive average pooling") {
    checkGradients({"pool", "", "  x: f64[2, 2, 6, 7] ~ normal()\n",
                    "  m: maxpool2d(x, kernel=2)\n  s: maxpool2d(x, kernel=3, stride=1)\n  a: adaptive_avgpool2d(x, size=[4, 3])\n"
                    "  g: adaptive_avgpool2d(x)\n",
                    {"m", "s", "a", "g"}});
  }
}

TEST_CASE("gradients: reductions and normalisations", "[grad]") {
  const std::string x = "  x: f64[2, 3, 4] ~ normal()\n";
  SECTION("sum and mean") {
    checkGradients({"reduce", "", x, "  s: sum(x, axes=[0, 2])\n  m: mean(x, axes=[1], keepdim=true)\n  a: mean(x)\n", {"s", "m", "a"}});
  }
  SECTION("softmax and log_softmax on any axis") {
    checkGradients({"softmax", "", x, "  s: softmax(x, axis=1)\n  l: log_softmax(x)\n  f: softmax(x, axis=0)\n", {"s", "l", "f"}});
  }
  SECTION("layernorm with and without affine parameters") {
    checkGradients({"layernorm", "", x, "  n: layernorm(x, eps=1e-6)\n  p: layernorm(x, affine=false)\n", {"n", "p"}});
  }
}

TEST_CASE("gradients: attention", "[grad]") {
  SECTION("single query broadcast over a batch, weights also used") {
    checkGradients({"att_single", "", "  q: f64[1, 5] ~ normal()\n  k: f64[2, 6, 5] ~ normal()\n  v: f64[2, 6, 3] ~ normal()\n",
                    "  a: attention(q, k, v)\n", {"a", "a.weights"}});
  }
  SECTION("causal, explicit scale, multi-head batch dims") {
    checkGradients({"att_causal", "", "  q: f64[2, 2, 4, 3] ~ normal()\n  k: f64[2, 2, 4, 3] ~ normal()\n  v: f64[2, 2, 4, 2] ~ normal()\n",
                    "  a: attention(q, k, v, causal=true, scale=0.7)\n", {"a", "a.weights"}});
  }
  SECTION("key-padding mask") {
    checkGradients({"att_lengths", "  len: i64[2]\n", "  q: f64[2, 4, 3] ~ normal()\n  k: f64[2, 5, 3] ~ normal()\n  v: f64[2, 5, 2] ~ normal()\n",
                    "  a: attention(q, k, v, lengths=len)\n", {"a"}});
  }
  SECTION("multi-head self-attention with a key-padding mask") {
    checkGradients({"mha", "  len: i64[2]\n", "  x: f64[2, 4, 6] ~ normal()\n", "  m: mha(x, heads=2, lengths=len)\n  c: mha(x, heads=3, causal=true)\n",
                    {"m", "m.weights", "c"}});
  }
}

TEST_CASE("gradients: LSTM", "[grad]") {
  SECTION("two layers, bidirectional, batch first: out, h_n and c_n") {
    checkGradients({"lstm", "", "  x: f64[2, 3, 4] ~ normal()\n", "  r: lstm(x, hidden=3, layers=2, bidirectional=true)\n",
                    {"r", "r.h_n", "r.c_n"}});
  }
  SECTION("time-major, one direction, only the final state") {
    checkGradients({"lstm_tm", "", "  x: f64[4, 2, 3] ~ normal()\n", "  r: lstm(x, hidden=2, batch_first=false)\n", {"r.h_n"}});
  }
}

TEST_CASE("gradients: losses", "[grad]") {
  SECTION("bce of sigmoid probabilities, bce with logits") {
    checkGradients({"bce", "  y: f64[4, 1]\n", "  z: f64[4, 1] ~ normal()\n", "  p: sigmoid(z)\n  b: bce(p, y)\n  l: bce_logits(z, y)\n",
                    {"b", "l"}});
  }
  SECTION("cross-entropy over the last axis and over axis 1") {
    checkGradients({"ce", "  t: i64[2, 3]\n  u: i64[2, 4]\n", "  z: f64[2, 3, 5] ~ normal()\n  w: f64[2, 5, 4] ~ normal()\n",
                    "  c: cross_entropy(z, t)\n  d: cross_entropy(w, u, axis=1)\n", {"c", "d"}});
  }
}

TEST_CASE("gradients: every op a spec may use has a gradient rule, except metrics", "[grad]") {
  for (const std::string& name : opNames()) {
    const OpDef& d = op(name);
    INFO(name);
    if (d.cls == OpClass::Metric) CHECK(gradRule(name) == nullptr);
    else CHECK(gradRule(name) != nullptr);
  }
}
