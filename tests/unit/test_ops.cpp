// test_ops.cpp — every op of the op table, run by the reference interpreter, against PyTorch.
//
// Each case is a small spec below plus tests/fixtures/ops/<case>.npz, written by
// tools/gen_op_fixtures.py: the inputs and parameters (named like the spec's), and PyTorch's
// float64 values of the spec's outputs as `expected.<output>`. Dropout in training mode has no
// PyTorch counterpart (the masks differ) and is checked by its statistics instead.
#include <dirent.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <stdexcept>

#include "compiler/spec/spec.h"
#include "runtime/interpreter.h"
#include "runtime/npy.h"

using namespace sinter;

namespace {

struct OpCase {
  const char* name;  // fixture tests/fixtures/ops/<name>.npz
  const char* yaml;
};

// The specs; outputs name what each fixture's `expected.*` arrays hold.
const std::vector<OpCase>& opCases() {
  static const std::vector<OpCase> cases = {
      // --- elementwise ----------------------------------------------------------------------
      {"relu", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: relu(x)}\noutputs: [y]\n"},
      {"gelu", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: gelu(x)}\noutputs: [y]\n"},
      {"sigmoid", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: sigmoid(x)}\noutputs: [y]\n"},
      {"tanh", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: tanh(x)}\noutputs: [y]\n"},
      {"exp", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: exp(x)}\noutputs: [y]\n"},
      {"log", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: log(x)}\noutputs: [y]\n"},
      {"neg", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: neg(x)}\noutputs: [y]\n"},
      {"sqrt", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: sqrt(x)}\noutputs: [y]\n"},
      {"scale", "model: t\ninputs: {x: 'f64[3, 4]'}\nnodes: {y: 'scale(x, factor=-2.5)'}\noutputs: [y]\n"},
      {"dropout_eval", "model: t\ninputs: {x: 'f64[4, 5]'}\nnodes: {y: 'dropout(x, p=0.3)'}\noutputs: [y]\n"},
      {"add", R"(
model: t
inputs:
  a: f64[2, 3, 4]
  b: f64[3, 1]
nodes:
  y: add(a, b)
outputs: [y]
)"},
      {"sub", R"(
model: t
inputs:
  a: f64[3, 1]
  b: f64[2, 1, 4]
nodes:
  y: sub(a, b)
outputs: [y]
)"},
      {"mul", R"(
model: t
inputs:
  a: f64[2, 3, 4]
  b: f64[4]
nodes:
  y: mul(a, b)
outputs: [y]
)"},
      {"div", R"(
model: t
inputs:
  a: f64[2, 3, 4]
  b: f64[2, 3, 4]
  c: f64[2, 1, 1]
nodes:
  y: div(a, b)
  z: div(a, c)
outputs: [y, z]
)"},
      // --- layout -----------------------------------------------------------------------------
      {"reshape", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  y: reshape(x, shape=[4, -1])
  z: reshape(x, shape=[24])
outputs: [y, z]
)"},
      {"transpose", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  y: transpose(x, dim0=0, dim1=-1)
  z: transpose(x)
outputs: [y, z]
)"},
      {"permute", R"(
model: t
inputs:
  x: f64[2, 3, 4, 5]
nodes:
  y: permute(x, perm=[2, 0, 3, 1])
  z: permute(x, perm=[-1, 0, 1, 2])
outputs: [y, z]
)"},
      {"concat", R"(
model: t
inputs:
  a: f64[2, 3]
  b: f64[2, 1]
  c: f64[2, 2]
  d: f64[1, 3]
  i: i64[2, 2]
  j: i64[2, 1]
nodes:
  y: concat(a, b, c, axis=-1)
  z: concat(a, d)
  w: concat(i, j, axis=1)
outputs: [y, z, w]
)"},
      {"slice", R"(
model: t
inputs:
  x: f64[5, 6]
nodes:
  y: slice(x, axis=1, start=1, end=5, step=2)
  z: slice(x, axis=0, start=-3)
  w: slice(x, axis=-1, end=-1, step=3)
outputs: [y, z, w]
)"},
      {"index", R"(
model: t
inputs:
  x: f64[3, 4, 5]
  tok: i64[3, 4]
nodes:
  y: index(x, axis=1, index=-1)
  z: index(x, axis=0, index=2)
  w: index(tok, axis=1, index=0)
outputs: [y, z, w]
)"},
      {"pick", R"(
model: t
inputs:
  x: f64[3, 5, 4]
  x3: f64[2, 3, 6]
  lengths: i64[3]
  at: i64[2, 3]
nodes:
  y: pick(x, lengths, offset=-1)
  z: pick(x3, at, axis=2)
outputs: [y, z]
)"},
      {"gather", R"(
model: t
inputs:
  x: f64[3, 5]
  x3: f64[2, 3, 4]
  i1: i64[3, 2]
  i0: i64[2, 4]
  i3: i64[2, 2, 4]
nodes:
  y: gather(x, i1, axis=1)
  z: gather(x, i0, axis=0)
  w: gather(x3, i3, axis=-2)
outputs: [y, z, w]
)"},
      {"expand", R"(
model: t
inputs:
  x: f64[3, 1]
nodes:
  y: expand(x, shape=[2, 3, 4])
  z: expand(x, shape=[2, -1, 4])
outputs: [y, z]
)"},
      {"embedding", R"(
model: t
inputs:
  idx: i64[2, 5]
nodes:
  emb: embedding(idx, num=7, dim=3, padding_idx=0)
  e2: embedding(idx, num=7, dim=2)
outputs: [emb, e2]
)"},
      // --- contractions -----------------------------------------------------------------------
      {"matmul", R"(
model: t
inputs:
  a: f64[2, 1, 3, 4]
  b: f64[5, 4, 2]
  at: f64[2, 4, 3]
  b2: f64[4, 2]
  a2: f64[3, 4]
  bt: f64[2, 1, 2, 4]
  ta: f64[4, 3]
  tb: f64[2, 4]
nodes:
  y: matmul(a, b)
  z: matmul(at, b2, transpose_a=true)
  w: matmul(a2, bt, transpose_b=true)
  v: matmul(ta, tb, transpose_a=true, transpose_b=true)
outputs: [y, z, w, v]
)"},
      {"linear", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  fc: linear(x, out=5)
  fr: linear(x, out=5, activation=relu)
  fg: linear(x, out=5, activation=gelu)
  fs: linear(x, out=5, activation=sigmoid)
  ft: linear(x, out=5, activation=tanh)
  fn: linear(x, out=3, bias=false)
outputs: [fc, fr, fg, fs, ft, fn]
)"},
      {"conv2d", R"(
model: t
inputs:
  x: f64[2, 3, 7, 6]
nodes:
  c1: conv2d(x, out=4, kernel=3, stride=2, padding=1)
  c2: conv2d(x, out=2, kernel=2, bias=false)
  c3: conv2d(x, out=2, kernel=3, padding=2)
outputs: [c1, c2, c3]
)"},
      // --- pooling ----------------------------------------------------------------------------
      {"maxpool2d", R"(
model: t
inputs:
  x: f64[2, 3, 7, 6]
nodes:
  p1: maxpool2d(x, kernel=2)
  p2: maxpool2d(x, kernel=3, stride=2)
  p3: maxpool2d(x, kernel=2, stride=1)
outputs: [p1, p2, p3]
)"},
      {"adaptive_avgpool2d", R"(
model: t
inputs:
  x: f64[2, 3, 5, 7]
nodes:
  a1: adaptive_avgpool2d(x)
  a2: adaptive_avgpool2d(x, size=[2, 3])
  a3: adaptive_avgpool2d(x, size=[3, 5])
  a4: adaptive_avgpool2d(x, size=[4, 4])
outputs: [a1, a2, a3, a4]
)"},
      // --- reductions and normalisations --------------------------------------------------------
      {"sum", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  r0: sum(x)
  r1: sum(x, axes=[1])
  r2: sum(x, axes=[0, -1], keepdim=true)
  r3: sum(x, axes=[0, 1, 2], keepdim=true)
outputs: [r0, r1, r2, r3]
)"},
      {"mean", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  r0: mean(x)
  r1: mean(x, axes=[1])
  r2: mean(x, axes=[0, -1], keepdim=true)
  r3: mean(x, axes=[0, 1, 2], keepdim=true)
outputs: [r0, r1, r2, r3]
)"},
      {"softmax", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  s0: softmax(x)
  s1: softmax(x, axis=0)
  s2: softmax(x, axis=1)
outputs: [s0, s1, s2]
)"},
      {"log_softmax", R"(
model: t
inputs:
  x: f64[2, 3, 4]
nodes:
  s0: log_softmax(x)
  s1: log_softmax(x, axis=0)
  s2: log_softmax(x, axis=1)
outputs: [s0, s1, s2]
)"},
      {"layernorm", R"(
model: t
inputs:
  x: f64[2, 3, 6]
nodes:
  ln: layernorm(x)
  ln2: layernorm(x, eps=0.001)
  ln3: layernorm(x, affine=false)
outputs: [ln, ln2, ln3]
)"},
      // --- attention --------------------------------------------------------------------------
      {"attention_single", R"(
model: t
inputs:
  q: f64[1, 5]
  k: f64[3, 6, 5]
  v: f64[3, 6, 2]
nodes:
  att: attention(q, k, v)
outputs: [att, att.weights]
)"},
      {"attention_single_lengths", R"(
model: t
inputs:
  q: f64[1, 5]
  k: f64[3, 6, 5]
  v: f64[3, 6, 2]
  lengths: i64[3]
nodes:
  att: attention(q, k, v, lengths)
outputs: [att, att.weights]
)"},
      {"attention_full", R"(
model: t
inputs:
  q: f64[2, 4, 3]
  k: f64[2, 5, 3]
  v: f64[2, 5, 6]
nodes:
  att: attention(q, k, v)
outputs: [att, att.weights]
)"},
      {"attention_causal", R"(
model: t
inputs:
  q: f64[2, 4, 3]
  k: f64[2, 4, 3]
  v: f64[2, 4, 2]
nodes:
  att: attention(q, k, v, causal=true)
outputs: [att, att.weights]
)"},
      {"attention_lengths", R"(
model: t
inputs:
  q: f64[3, 2, 4]
  k: f64[3, 5, 4]
  v: f64[3, 5, 2]
  lengths: i64[3]
nodes:
  att: attention(q, k, v, lengths)
outputs: [att, att.weights]
)"},
      {"attention_causal_lengths", R"(
model: t
inputs:
  q: f64[3, 5, 4]
  k: f64[3, 5, 4]
  v: f64[3, 5, 2]
  lengths: i64[3]
nodes:
  att: attention(q, k, v, lengths=lengths, causal=true)
outputs: [att, att.weights]
)"},
      {"attention_scale", R"(
model: t
inputs:
  q: f64[2, 3, 4, 5]
  k: f64[3, 6, 5]
  v: f64[2, 1, 6, 3]
  lengths: i64[2]
nodes:
  att: attention(q, k, v, lengths, scale=0.7)
outputs: [att, att.weights]
)"},
      {"mha_heads2", R"(
model: t
inputs:
  x: f64[2, 5, 8]
nodes:
  attn: mha(x, heads=2)
outputs: [attn, attn.weights]
)"},
      {"mha_heads4_lengths", R"(
model: t
inputs:
  x: f64[2, 5, 8]
  lengths: i64[2]
nodes:
  attn: mha(x, lengths, heads=4)
outputs: [attn, attn.weights]
)"},
      {"mha_causal", R"(
model: t
inputs:
  x: f64[2, 5, 8]
  lengths: i64[2]
nodes:
  attn: mha(x, lengths, heads=2, causal=true)
outputs: [attn, attn.weights]
)"},
      // --- LSTM -------------------------------------------------------------------------------
      {"lstm_1layer", R"(
model: t
inputs:
  x: f64[2, 4, 3]
nodes:
  rnn: lstm(x, hidden=5)
outputs: [rnn, rnn.h_n, rnn.c_n]
)"},
      {"lstm_2layer_bidir", R"(
model: t
inputs:
  x: f64[2, 4, 2]
nodes:
  rnn: lstm(x, hidden=3, layers=2, bidirectional=true)
outputs: [rnn, rnn.h_n, rnn.c_n]
)"},
      {"lstm_time_major", R"(
model: t
inputs:
  x: f64[4, 2, 3]
nodes:
  rnn: lstm(x, hidden=3, batch_first=false)
outputs: [rnn, rnn.h_n, rnn.c_n]
)"},
      // --- losses and metrics -----------------------------------------------------------------
      {"bce", R"(
model: t
inputs:
  p: f64[4, 3]
  y: f64[4, 3]
  p2: f64[5]
  y2: f64[5]
nodes:
  l1: bce(p, y)
  l2: bce(p2, y2)
outputs: [l1, l2]
)"},
      {"bce_logits", R"(
model: t
inputs:
  z: f64[4, 3]
  y: f64[4, 3]
nodes:
  l: bce_logits(z, y)
outputs: [l]
)"},
      {"cross_entropy", R"(
model: t
inputs:
  logits: f64[4, 5]
  target: i64[4]
  logits3: f64[2, 3, 5]
  target3: i64[2, 3]
  logits1: f64[2, 5, 3]
  target1: i64[2, 3]
  logits0: f64[5]
  target0: i64[]
nodes:
  l: cross_entropy(logits, target)
  l3: cross_entropy(logits3, target3)
  l1: cross_entropy(logits1, target1, axis=1)
  l0: cross_entropy(logits0, target0)
outputs: [l, l3, l1, l0]
)"},
      {"binary_accuracy", R"(
model: t
inputs:
  p: f64[10]
  y: f64[10]
  p2: f64[3, 4]
  y2: f64[3, 4]
nodes:
  a1: binary_accuracy(p, y)
  a2: binary_accuracy(p, y, threshold=0.3)
  a3: binary_accuracy(p2, y2, threshold=0)
outputs: [a1, a2, a3]
)"},
      {"argmax_accuracy", R"(
model: t
inputs:
  logits: f64[6, 4]
  target: i64[6]
  logits3: f64[2, 3, 4]
  target3: i64[2, 3]
  logits1: f64[2, 4, 3]
  target1: i64[2, 3]
nodes:
  a: argmax_accuracy(logits, target)
  a3: argmax_accuracy(logits3, target3)
  a1: argmax_accuracy(logits1, target1, axis=1)
outputs: [a, a3, a1]
)"},
      {"all_correct_accuracy", R"(
model: t
inputs:
  logits: f64[4, 3, 5]
  target: i64[4, 3]
  logits4: f64[3, 2, 2, 4]
  target4: i64[3, 2, 2]
  logits1: f64[3, 4, 2]
  target1: i64[3, 2]
nodes:
  a: all_correct_accuracy(logits, target)
  a4: all_correct_accuracy(logits4, target4)
  a1: all_correct_accuracy(logits1, target1, axis=1)
outputs: [a, a4, a1]
)"},
  };
  return cases;
}

const OpCase& findCase(const std::string& name) {
  for (const OpCase& c : opCases())
    if (name == c.name) return c;
  FAIL("no op case named " << name);
  throw std::logic_error("unreachable");
}

std::string fixturePath(const std::string& name) {
  return std::string(SINTER_SOURCE_DIR) + "/tests/fixtures/ops/" + name + ".npz";
}

// Evaluates the case at `precision` and compares every declared output with PyTorch's value.
void checkCase(const OpCase& c, DType precision, double tol) {
  Graph g = buildGraph(readSpecString(c.yaml, std::string(c.name) + ".yaml"));
  std::map<std::string, Tensor> feeds, expected;
  for (auto& [k, t] : readNpz(fixturePath(c.name))) {
    if (k.rfind("expected.", 0) == 0) expected[k.substr(9)] = t;
    else feeds[k] = t;
  }
  EvalOptions opts;
  opts.precision = precision;
  Values vals = evaluate(g, feeds, opts);
  REQUIRE(!g.outputs.empty());
  std::set<std::string> declared;
  for (const auto& [name, v] : g.outputs) {
    declared.insert(name);
    INFO(c.name << ": output " << name << " " << v.type().str());
    auto it = expected.find(name);
    REQUIRE(it != expected.end());
    const Tensor& got = valueOf(vals, v);
    REQUIRE(got.shape() == it->second.shape());
    REQUIRE(got.shape() == v.type().shape);
    double diff = maxRelDiff(got, it->second);
    CHECK(diff < tol);
  }
  for (const auto& [name, t] : expected) {
    INFO(c.name << ": the fixture has expected." << name << " but the spec does not output it");
    CHECK(declared.count(name));
  }
}

// A spec with one f64 input x [rows, cols] filled with 1 + i / 1000 (no zeros).
Tensor ramp(int64_t rows, int64_t cols) {
  Tensor x(DType::f64, {rows, cols});
  for (int64_t i = 0; i < x.numel(); ++i) x.set(i, 1.0 + static_cast<double>(i) / 1000.0);
  return x;
}

}  // namespace

TEST_CASE("every op matches PyTorch in float64", "[ops]") {
  for (const OpCase& c : opCases()) {
    DYNAMIC_SECTION(c.name) { checkCase(c, DType::f64, 1e-9); }
  }
}

TEST_CASE("ops match PyTorch in float32 within float32 rounding", "[ops]") {
  for (const char* name : {"gelu", "softmax", "matmul", "linear", "conv2d", "adaptive_avgpool2d", "layernorm", "attention_scale",
                           "mha_heads4_lengths", "lstm_2layer_bidir", "bce_logits", "cross_entropy"}) {
    DYNAMIC_SECTION(name) { checkCase(findCase(name), DType::f32, 1e-5); }
  }
}

TEST_CASE("every op of the op table has a case", "[ops]") {
  std::set<std::string> covered;
  for (const OpCase& c : opCases()) {
    Graph g = buildGraph(readSpecString(c.yaml, std::string(c.name) + ".yaml"));
    for (const auto& n : g.nodes()) covered.insert(n->op->name);
  }
  for (const std::string& op : opNames()) {
    INFO("op " << op << " has no case in test_ops.cpp");
    CHECK(covered.count(op));
  }
}

TEST_CASE("every fixture in tests/fixtures/ops belongs to a case", "[ops]") {
  DIR* d = opendir((std::string(SINTER_SOURCE_DIR) + "/tests/fixtures/ops").c_str());
  REQUIRE(d);
  std::set<std::string> names;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".npz") names.insert(n.substr(0, n.size() - 4));
  }
  closedir(d);
  CHECK(names.size() == opCases().size());
  for (const OpCase& c : opCases()) {
    INFO("missing fixture " << fixturePath(c.name) << " (run /usr/bin/python3 tools/gen_op_fixtures.py)");
    CHECK(names.count(c.name));
  }
}

TEST_CASE("masked attention weights are exactly zero", "[ops][attention]") {
  const OpCase& c = findCase("attention_causal_lengths");
  Graph g = buildGraph(readSpecString(c.yaml, "attention_causal_lengths.yaml"));
  std::map<std::string, Tensor> feeds;
  for (auto& [k, t] : readNpz(fixturePath(c.name)))
    if (k.rfind("expected.", 0) != 0) feeds[k] = t;
  EvalOptions opts;
  opts.precision = DType::f64;
  Values vals = evaluate(g, feeds, opts);
  const Tensor& w = valueOf(vals, g.find("att")->result(1));  // [3, 5, 5]
  const Tensor& lengths = feeds.at("lengths");
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t i = 0; i < 5; ++i) {
      double rowSum = 0;
      for (int64_t j = 0; j < 5; ++j) {
        double v = w.get((b * 5 + i) * 5 + j);
        rowSum += v;
        if (j > i || j >= lengths.get(b)) CHECK(v == 0.0);
      }
      CHECK(rowSum == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("dropout in training mode", "[ops][dropout]") {
  Graph g = buildGraph(readSpecString(R"(
model: t
inputs:
  x: f64[100, 100]
nodes:
  d: dropout(x, p=0.3)
  e: dropout(x, p=0.3)
  z: dropout(x, p=0)
outputs: [d, e, z]
)",
                                      "dropout.yaml"));
  Tensor x = ramp(100, 100);
  auto run = [&](bool training, uint64_t seed, uint64_t step) {
    EvalOptions opts;
    opts.precision = DType::f64;
    opts.training = training;
    opts.seed = seed;
    opts.step = step;
    Values vals = evaluate(g, {{"x", x}}, opts);
    std::vector<Tensor> out;
    for (const auto& [name, v] : g.outputs) out.push_back(valueOf(vals, v));
    return out;
  };
  auto zeros = [](const Tensor& t) {
    int64_t n = 0;
    for (int64_t i = 0; i < t.numel(); ++i) n += t.get(i) == 0.0;
    return n;
  };
  auto sameMask = [&](const Tensor& a, const Tensor& b) {
    for (int64_t i = 0; i < a.numel(); ++i)
      if ((a.get(i) == 0.0) != (b.get(i) == 0.0)) return false;
    return true;
  };

  std::vector<Tensor> s1 = run(true, 7, 3);
  const Tensor& d = s1[0];
  SECTION("about p of the elements are zeroed; survivors are scaled by 1/(1-p)") {
    double frac = static_cast<double>(zeros(d)) / static_cast<double>(d.numel());
    CHECK(frac > 0.3 - 0.025);  // 10000 Bernoulli(0.3): sd 0.0046
    CHECK(frac < 0.3 + 0.025);
    for (int64_t i = 0; i < d.numel(); ++i)
      if (d.get(i) != 0.0) REQUIRE(d.get(i) == Approx(x.get(i) / 0.7).epsilon(1e-14));
  }
  SECTION("p = 0 is the identity") { CHECK(maxRelDiff(s1[2], x) == 0.0); }
  SECTION("the same (seed, step) gives the same mask") {
    std::vector<Tensor> again = run(true, 7, 3);
    CHECK(maxRelDiff(again[0], d) == 0.0);
    CHECK(maxRelDiff(again[1], s1[1]) == 0.0);
  }
  SECTION("another step or seed gives another mask") {
    CHECK_FALSE(sameMask(run(true, 7, 4)[0], d));
    CHECK_FALSE(sameMask(run(true, 8, 3)[0], d));
  }
  SECTION("two dropout nodes draw independent masks") { CHECK_FALSE(sameMask(s1[1], d)); }
  SECTION("evaluation mode is the identity") {
    std::vector<Tensor> ev = run(false, 7, 3);
    CHECK(maxRelDiff(ev[0], x) == 0.0);
    CHECK(maxRelDiff(ev[1], x) == 0.0);
  }
}
