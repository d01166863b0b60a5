// test_narrow.cpp — narrowing (compiler/passes/narrow.cpp): which values it narrows, through which
// ops, and that the narrowed graph computes the unnarrowed graph's numbers — dropout masks
// included — interpreted and compiled.
#include <catch2/catch.hpp>

#include "codegen/llvm/backend.h"
#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

// Whether some note of g says that node `name` was narrowed (or had a part split off).
static bool narrowedNote(const Graph& g, const std::string& name) {
  for (const std::string& n : g.notes)
    if (n.rfind("%" + name + " computed only where", 0) == 0 || n.rfind("%" + name + "'s part read by", 0) == 0) return true;
  return false;
}

// The loss, every gradient and every output of `g` against `ref` (the same spec, not narrowed), in
// training mode (dropout active): within `tol` relative.
static void checkSame(const Graph& g, const Values& got, const Graph& ref, const Values& want, double tol) {
  CHECK(valueOf(got, g.loss).get(0) == Approx(valueOf(want, ref.loss).get(0)).epsilon(tol));
  REQUIRE(g.grads.size() == ref.grads.size());
  for (size_t k = 0; k < g.grads.size(); ++k) {
    INFO("grad " << g.grads[k].first->name);
    CHECK(maxRelDiff(valueOf(got, g.grads[k].second), valueOf(want, ref.grads[k].second)) < tol);
  }
  REQUIRE(g.outputs.size() == ref.outputs.size());
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    INFO("output " << g.outputs[k].first);
    CHECK(maxRelDiff(valueOf(got, g.outputs[k].second), valueOf(want, ref.outputs[k].second)) < tol);
  }
}

TEST_CASE("narrowing: cuts move through every op that passes them, with the same numbers and dropout masks", "[passes][narrow]") {
  // Each output reads part of a chain whose values nothing else reads.
  Spec spec = readSpecString(R"(model: narrowing
inputs:
  x: f32[B, 6, 8]
  z: f32[B, 2, 8]
  tok: i64[B, 6]
params:
  pos: f32[6, 8] ~ normal(std=0.5)
nodes:
  # rows through a broadcast add, layernorm, linear and dropout; index drops the axis
  a: add(x, pos)
  n: layernorm(a)
  h: linear(n, out=12, activation=tanh)
  d: dropout(h, p=0.3)
  o1: index(d, axis=1, index=2)
  # output features of a linear (weight rows) through a softmax over another axis
  t: linear(x, out=5)
  w: softmax(t, axis=1)
  o2: slice(w, axis=2, start=1, end=3)
  # attention rows: q is split off the shared projection and narrowed, k and v are not
  proj: linear(x, out=24)
  q: slice(proj, axis=-1, start=0, end=8)
  k: slice(proj, axis=-1, start=8, end=16)
  v: slice(proj, axis=-1, start=16, end=24)
  sc: matmul(q, k, transpose_b=true)
  p: softmax(sc, axis=-1)
  dr: dropout(p, p=0.2)
  m: matmul(dr, v)
  o3: slice(m, axis=1, start=4, end=6)
  # a batch cut, then a row cut of a transposed product, through an elementwise op
  e: tanh(x)
  mt: matmul(e, x, transpose_a=true)
  mb: slice(mt, axis=0, start=1, end=2)
  o4: slice(mb, axis=1, start=2, end=5)
  # a cut inside one operand of a concat along the cut axis, and a concat along another axis
  cc: concat(x, z, axis=1)
  g: relu(cc)
  o5: index(g, axis=1, index=7)
  cd: concat(x, pos2, axis=2)
  pos2: expand(pos, shape=[B, 6, 8])
  r: sigmoid(cd)
  o6: slice(r, axis=1, start=0, end=2)
  # two cuts of one value: computed on the hull of both
  u: exp(x)
  u1: slice(u, axis=1, start=0, end=2)
  u2: index(u, axis=1, index=3)
  q1: mul(o1, o1)
  q2: mul(o2, o2)
  q3: mul(o3, o3)
  q4: mul(o4, o4)
  q5: mul(o5, o5)
  q6: mul(o6, o6)
  q7: mul(u1, u1)
  s1: mean(q1)
  s2: mean(q2)
  s3: mean(q3)
  s4: mean(q4)
  s5: mean(q5)
  s6: mean(q6)
  s7: mean(q7)
  s8: mean(u2)
  # a cut of a slice moves above it when the value sliced is then read by cuts along one axis
  ty: tanh(x)
  sa: slice(ty, axis=2, start=0, end=4)
  sb: slice(ty, axis=1, start=0, end=2)
  o7: slice(sa, axis=1, start=1, end=2)
  s9: mean(o7)
  s10: mean(sb)
  l7: add(s9, s10)
  # heads: a reshape that keeps the axis, a permute and a transpose
  pr: linear(x, out=8)
  rs: reshape(pr, shape=[-1, 6, 2, 4])
  pm: permute(rs, perm=[0, 2, 1, 3])
  tt: transpose(pm, dim0=-1, dim1=-2)
  o8: slice(tt, axis=3, start=5, end=6)
  # an embedding's rows at cut positions of its indices
  em: embedding(tok, num=5, dim=3)
  o9: index(em, axis=1, index=4)
  # expand: a repeated axis reads the operand whole, a kept one cuts it
  ex: expand(pos, shape=[B, 6, 8])
  ey: sigmoid(ex)
  o10: slice(ey, axis=0, start=1, end=2)
  ex2: expand(pos, shape=[B, 6, 8])
  ez: tanh(ex2)
  o11: slice(ez, axis=1, start=2, end=4)
  s11: mean(o8)
  s12: mean(o9)
  s13: mean(o10)
  s14: mean(o11)
  l9: add(s11, s12)
  l10: add(s13, s14)
  l11: add(l9, l10)
  l12: add(l7, l11)
  l1: add(s1, s2)
  l2: add(s3, s4)
  l3: add(s5, s6)
  l4: add(s7, s8)
  l5: add(l1, l2)
  l6: add(l3, l4)
  l8: add(l5, l6)
  total: add(l12, l8)
outputs: [o1, o2, o3, o4, o5, o6, u1, u2, o7, sb, o8, o9, o10, o11]
loss: total
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 3
  optimizer: sgd(lr=0.1)
  steps: 1
)",
                             "narrowing.yaml");
  Graph g = compileGraph(spec, {}, true);  // outputs kept: each is a cut, computed from narrowed values
  Graph ref = buildTrainingStep(spec, {});
  for (const char* name : {"a", "n", "h", "d", "t", "w", "proj", "sc", "p", "dr", "m", "e", "mt", "mt.narrow", "cc", "g", "cd", "r", "u", "sa", "ty", "tt", "pm", "rs", "pr", "em", "ex", "ey", "ex2", "ez"}) {
    INFO(name);
    CHECK(narrowedNote(g, name));
  }
  // What the narrowed values are: one row of d, two columns of t, two query rows, the hull of u.
  auto shapeOf = [&](const std::string& n) { return g.find(n) ? g.find(n)->results[0].shape : Shape{}; };
  CHECK(shapeOf("d.narrow") == Shape{3, 1, 12});
  CHECK(g.find("d.narrow")->ints("mask_shape") == Shape{3, 6, 12});
  CHECK(g.find("d.narrow")->ints("mask_offset") == Shape{0, 2, 0});
  CHECK(shapeOf("t.narrow") == Shape{3, 6, 2});
  CHECK(shapeOf("sc.narrow") == Shape{3, 2, 6});
  CHECK(shapeOf("proj.q.narrow") == Shape{3, 2, 8});  // q's rows only
  CHECK(shapeOf("proj.narrow") == Shape{3, 6, 16});   // k and v
  CHECK(shapeOf("u.narrow") == Shape{3, 4, 8});
  CHECK(shapeOf("ty.narrow") == Shape{3, 2, 8});
  CHECK(shapeOf("pr.narrow") == Shape{3, 1, 8});  // the one position o8 reads, through the heads
  CHECK(shapeOf("em.narrow") == Shape{3, 1, 3});
  CHECK(shapeOf("ex.narrow") == Shape{1, 6, 8});
  CHECK(shapeOf("ex2.narrow") == Shape{3, 2, 8});
  CHECK(g.find("cc") == nullptr);  // o5 reads z only

  auto feeds = feedsFor(ref, 5);
  for (uint64_t step : {1, 2}) {
    INFO("step " << step);
    EvalOptions opts{DType::f32, true, 11, step};
    Values want = evaluate(ref, feeds, opts);
    checkSame(g, evaluate(g, feeds, opts), ref, want, 1e-5);
    std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
    checkSame(g, exec->run(feeds, opts), ref, want, 1e-5);
  }
}

TEST_CASE("narrowing: sparse_and_sat's training step computes the block at the cls position only", "[passes][narrow]") {
  // The head reads x3[:, -1]: with the step's outputs dropped (as the trainer compiles it), the
  // MLP, the layernorms, the projection and the attention run on one query row per sequence,
  // and the query projection on that row; keys and values stay whole.
  Spec spec = readSpec(kSrc + "/graphs/sparse_and_sat.yaml");
  const Bindings b = {{"B", 4}};
  Graph g = compileGraph(spec, b, true, {}, SpecOutputs::Dropped);
  Graph ref = buildGraph(spec, b);
  ref.outputs.clear();
  appendTrainingStep(ref, spec);
  auto shapeOf = [&](const std::string& n) { return g.find(n) ? g.find(n)->results[0].shape : Shape{}; };
  CHECK(shapeOf("mlp1.narrow") == Shape{4, 1, 64});
  CHECK(shapeOf("weights.narrow") == Shape{4, 1, 31});
  CHECK(shapeOf("qkv.q.narrow") == Shape{4, 1, 32});
  CHECK(shapeOf("qkv.narrow") == Shape{4, 31, 64});
  CHECK(g.find("weights") == nullptr);
  // With the outputs kept (the attention weights are one), the scores stay whole.
  Graph kept = compileGraph(spec, b, true);
  CHECK(kept.find("weights") != nullptr);
  CHECK(kept.find("mlp1.narrow") != nullptr);

  auto feeds = feedsFor(ref, 9);
  EvalOptions opts{DType::f32, true, 3, 4};
  Values want = evaluate(ref, feeds, opts);
  checkSame(g, evaluate(g, feeds, opts), ref, want, 1e-5);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  checkSame(g, exec->run(feeds, opts), ref, want, 1e-5);
}

TEST_CASE("narrowing: values read whole, or read by anything but cuts, are left alone", "[passes][narrow]") {
  Spec spec = readSpecString(R"(model: untouched
inputs:
  x: f32[2, 5, 4]
nodes:
  s: softmax(x, axis=1)
  o1: slice(s, axis=1, start=0, end=2)
  h: tanh(x)
  o2: index(h, axis=1, index=0)
  o3: mean(h)
  c: relu(x)
  o4: slice(c, axis=2, start=0, end=4)
  y: exp(x)
  a: slice(y, axis=0, start=0, end=1)
  o5: slice(a, axis=1, start=0, end=2)
outputs: [o1, o2, o3, o4, y, o5]
)",
                             "untouched.yaml");
  Graph g = compileGraph(spec, {}, false);  // settles: y is an output, so the two slices above it stay as written
  CHECK(g.find("s") != nullptr);  // the cut is along the normalised axis
  CHECK(g.find("h") != nullptr);  // mean reads all of h
  CHECK(g.find("c") != nullptr);  // the whole axis: nothing to narrow
  CHECK(g.find("a") != nullptr);
  CHECK(g.find("o5")->operands[0].node->name == "a");
  CHECK(g.notes.empty());
}

TEST_CASE("narrowing: the trainer's evaluation graphs leave out the outputs, its forward graph keeps them", "[passes][narrow]") {
  // Evaluation reads the loss and the metrics only: sparse_and_sat's attention weights (an
  // output, for the plots) need not be computed, so its block narrows to the cls row there too;
  // the graph for the saved tensors computes them.
  TrainOptions o;
  o.spec = kSrc + "/graphs/sparse_and_sat.yaml";
  int evals = 0, forwards = 0;
  for (const TrainerGraph& tg : trainerGraphs(o)) {
    INFO(tg.variant.label());
    if (tg.variant.kind == GraphVariant::Kind::Eval) {
      ++evals;
      CHECK(tg.graph.outputs.empty());
      CHECK(tg.graph.find("weights") == nullptr);
      CHECK(tg.graph.find("weights.narrow") != nullptr);
    }
    if (tg.variant.kind == GraphVariant::Kind::Forward) {
      ++forwards;
      CHECK(tg.graph.outputs.size() == 2);
      CHECK(tg.graph.find("weights") != nullptr);
    }
  }
  CHECK(evals >= 1);
  CHECK(forwards == 1);
}
