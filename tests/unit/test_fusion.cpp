// test_fusion.cpp — the fusion plan and the memory plan: which nodes share a kernel, which
// buffers share memory, and that the compiled numbers equal the reference interpreter's.
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <omp.h>
#include <random>
#include <set>
#include <unistd.h>

#include "codegen/llvm/backend.h"
#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"
#include "compiler/spec/spec.h"
#include "runtime/fused_kernels.h"
#include "runtime/kernels.h"
#include "runtime/lstm.h"
#include "runtime/onednn.h"
#include "runtime/threads.h"
#include "runtime/vecmath.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

static Graph forward(const std::string& yaml) { return compileGraph(readSpecString(yaml, "fusion_test.yaml"), {}, false); }

// The model `yaml` (without a train: section) with a one-step SGD recipe at `batch`, and its
// training step.
static Spec trainingSpec(const std::string& yaml, int batch, const std::string& file) {
  const std::string recipe = "train:\n  data: npz(train=\"train.npz\", test=\"test.npz\")\n  batch: " + std::to_string(batch) +
                             "\n  optimizer: sgd(lr=0.1)\n  steps: 1\n";
  return readSpecString(yaml + recipe, file);
}
static Graph trainingStep(const std::string& yaml, int batch, const std::string& file) {
  return compileGraph(trainingSpec(yaml, batch, file), {}, true);
}

// Runs `g` compiled and interpreted on the same random feeds; checks every output.
static void checkAgainstInterpreter(const Graph& g) {
  auto feeds = feedsFor(g, 3);
  EvalOptions opts{DType::f32, false, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-6);
  }
}

// A compiled training step's results against the interpreter's on the same feeds: every output
// and gradient within `tol` (max relative difference), the loss within `tol` relative — or, for a
// loss that is a sum of terms cancelling each other, within `tol` of `lossScale` (the sum of the
// terms' magnitudes: what bounds the rounding error of the sum).
static void checkStep(const Graph& g, const Values& got, const Values& want, double tol, double lossScale = 0) {
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < tol);
  }
  if (g.loss && lossScale > 0) CHECK(std::abs(valueOf(got, g.loss).get(0) - valueOf(want, g.loss).get(0)) <= tol * lossScale);
  if (g.loss && lossScale == 0) CHECK(valueOf(got, g.loss).get(0) == Approx(valueOf(want, g.loss).get(0)).epsilon(tol));
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < tol);
  }
}

// A training step compiled against the interpreter on `feeds` (training mode, seed 1, step 1).
static void checkCompiledStep(const Graph& g, const std::map<std::string, Tensor>& feeds, double tol = 1e-5) {
  EvalOptions opts{DType::f32, true, 1, 1};
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  checkStep(g, exec->run(feeds, opts), evaluate(g, feeds, opts), tol);
}

static const loops::Buffer& bufferNamed(const loops::Program& p, const std::string& name) {
  for (const loops::Buffer& b : p.buffers)
    if (b.name == name) return b;
  FAIL("no buffer " << name);
  return p.buffers[0];
}

TEST_CASE("fusion: an elementwise chain with a broadcast operand is one kernel", "[fusion]") {
  Graph g = forward(R"(
model: chain
inputs:
  x: f32[4, 8]
  b: f32[8]
nodes:
  a: mul(x, x)
  c: add(a, b)
  d: tanh(c)
  e: scale(d, factor=2.0)
outputs: [e]
)");
  loops::Program p = loops::lower(g);
  REQUIRE(p.kernels.size() == 1);
  CHECK(p.steps.size() == 1);
  CHECK(p.kernels[0].node == "e");
  CHECK(p.kernels[0].fused == std::vector<std::string>{"a", "c", "d"});
  for (const char* v : {"a", "c", "d"}) CHECK(bufferNamed(p, v).fused);
  CHECK(p.arenaBytes == 4 * 8 * 4 + 0);  // only e is stored
  CHECK(loops::printFusion(g, loops::planFusion(g)).find("fuse 4 nodes into one kernel") != std::string::npos);
  checkAgainstInterpreter(g);

  // Unfused: four kernels, the same numbers.
  CHECK(loops::lower(g, {false, true}).kernels.size() == 4);
}

TEST_CASE("fusion: a reduction fuses with the elementwise and layout work feeding it", "[fusion]") {
  Graph g = forward(R"(
model: reduce
inputs:
  x: f32[3, 5, 7]
  m: f32[3, 7, 1]
nodes:
  t: transpose(x, dim0=1, dim1=2)
  s: sub(t, m)
  e: exp(s)
  total: sum(e, axes=[2])
  avg: mean(total)
outputs: [total, avg]
)");
  // m broadcasts against t ([3, 7, 5]) after the transpose: shapes differ, so m is loaded with
  // broadcast strides; t, s and e are computed inside the sum's loop.
  loops::Program p = loops::lower(g);
  REQUIRE(p.kernels.size() == 2);
  CHECK(p.kernels[0].node == "total");
  CHECK(p.kernels[0].fused == std::vector<std::string>{"t", "s", "e"});
  CHECK(p.kernels[1].node == "avg");  // total is an output: stored, not fused
  checkAgainstInterpreter(g);
}

TEST_CASE("fusion: a value with two users is stored once, not recomputed", "[fusion]") {
  Graph g = forward(R"(
model: shared
inputs:
  x: f32[16]
nodes:
  a: exp(x)
  b: neg(a)
  c: add(a, b)
  d: mul(c, a)
outputs: [d]
)");
  loops::Program p = loops::lower(g);
  // a has users b, c and d: its own kernel. b is fused into c; c into d.
  REQUIRE(p.kernels.size() == 2);
  CHECK(p.kernels[0].node == "a");
  CHECK(p.kernels[1].fused == std::vector<std::string>{"b", "c"});
  CHECK(!bufferNamed(p, "a").fused);
  // d reads a only at the index it writes and a dies there: d is written over a.
  CHECK(bufferNamed(p, "d").inPlaceOf == p.bufferOf.at({g.find("a")->id, 0}));
  CHECK(p.arenaBytes == 64);
  CHECK(loops::printProgram(p).find("buffer %d: f32[16] in place of %a kept") != std::string::npos);
  checkAgainstInterpreter(g);
}

TEST_CASE("memory: reshapes are views, dead buffers are reused, live ones never overlap", "[fusion][memory]") {
  for (std::string name : {"count24", "imdb_lstm", "imdb_mha", "mnist_add", "sparse_and_sat", "sparse_and_mlp"})
  for (bool training : {true, false}) {
    DYNAMIC_SECTION(name << (training ? " training step" : " forward")) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      Graph g = compileGraph(spec, {}, training);
      loops::Program p = loops::lower(g);
      loops::ProgramStats st = loops::statsOf(p);
      INFO(loops::printStats(st));
      CHECK(st.arenaBytes < st.unplannedBytes);
      for (const auto& n : g.nodes())
        if (n->op->name == "reshape") CHECK(p.buffers[p.bufferOf.at({n->id, 0})].aliasOf >= 0);
      // Two planned memories overlap in the arena only if their lifetimes are disjoint: check
      // by simulation that no step reads a buffer whose bytes another buffer wrote after it.
      std::vector<int> owner(static_cast<size_t>(p.arenaBytes), -1);  // which memory last wrote each byte
      auto range = [&](int b) {
        int m = p.memoryOf(b);
        int64_t size = p.buffers[m].elements * (p.buffers[m].type == loops::Type::f32 ? 4 : 8);
        return std::make_pair(p.buffers[m].offset, size);
      };
      auto planned = [&](int b) { return !p.buffers[b].fused && !p.buffers[p.memoryOf(b)].external && p.buffers[p.memoryOf(b)].offset >= 0; };
      int bad = 0;
      for (const loops::Step& s : p.steps) {
        std::vector<int> reads, writes;
        for (const Value& v : s.node->operands)
          if (v && planned(p.buffer(v))) reads.push_back(p.memoryOf(p.buffer(v)));
        for (size_t r = 0; r < s.node->results.size(); ++r) {
          int b = p.bufferOf.at({s.node->id, static_cast<int>(r)});
          if (planned(b)) writes.push_back(p.memoryOf(b));
        }
        if (s.residual) {  // a product with a residual epilogue: reads the residual, writes the add
          reads.push_back(p.memoryOf(p.buffer(s.residualOperand())));
          writes = {p.memoryOf(p.bufferOf.at({s.residual->id, 0}))};
        }
        if (s.kernel >= 0) {  // a generated kernel: what its statements load and store
          reads.clear(), writes.clear();
          std::function<void(const loops::ExprP&)> loads = [&](const loops::ExprP& e) {
            if (!e) return;
            if (e->kind == loops::Expr::Kind::Load && planned(e->buffer)) reads.push_back(p.memoryOf(e->buffer));
            loads(e->a), loads(e->b), loads(e->c);
          };
          std::function<void(const loops::StmtP&)> walk = [&](const loops::StmtP& st) {
            for (const auto& b : st->body) walk(b);
            loads(st->index), loads(st->value), loads(st->detail);
            if (st->kind == loops::Stmt::Kind::Store && planned(st->buffer)) writes.push_back(p.memoryOf(st->buffer));
          };
          for (const auto& st : p.kernels[s.kernel].body) walk(st);
          // Its own results it may read back (accumulations): only what it did not write counts.
          reads.erase(std::remove_if(reads.begin(), reads.end(), [&](int m) { return std::count(writes.begin(), writes.end(), m) != 0; }), reads.end());
        }
        for (int m : reads) {
          auto [off, size] = range(m);
          for (int64_t i = off; i < off + size; ++i) bad += owner[i] != m && owner[i] != -1;
        }
        for (int m : writes) {
          auto [off, size] = range(m);
          for (int64_t i = off; i < off + size; ++i) owner[i] = m;
        }
      }
      CHECK(bad == 0);
      // The executor writes the status and options buffers before the first step: no other
      // buffer may ever share their bytes.
      for (int special : {p.status, p.options}) {
        if (special < 0) continue;
        auto [so, ss] = range(special);
        for (size_t b = 0; b < p.buffers.size(); ++b) {
          if (static_cast<int>(b) == special || !planned(static_cast<int>(b))) continue;
          auto [o, size] = range(static_cast<int>(b));
          INFO(p.buffers[b].name << " and " << p.buffers[special].name);
          CHECK((o + size <= so || so + ss <= o));
        }
      }
    }
  }
}

TEST_CASE("stats: a convolution and both its gradients count the same multiply-adds", "[fusion][stats]") {
  Graph g = trainingStep(R"(
model: conv_flops
inputs:
  x: f32[B, 3, 6, 6]
nodes:
  c: conv2d(x, out=6, kernel=3)
  h: conv2d(c, out=2, kernel=3)
outputs: [h]
loss: mean(h)
)", 8, "conv_flops.yaml");
  int seen = 0;
  for (const auto& n : g.nodes()) {
    const std::string& op = n->op->name;
    // c: N·O·OH·OW·C·k·k = 8·6·4·4·3·3·3 multiply-adds; h: 8·2·2·2·6·3·3. Forward, weight
    // gradient and input gradient of one convolution all do that many.
    bool first = (op == "conv2d" && n->operands[0].type().shape[1] == 3) ||
                 (op == "conv2d_grad_weight" && n->results[0].shape == Shape{6, 3, 3, 3});
    bool second = (op == "conv2d" && n->operands[0].type().shape[1] == 6) ||
                  (op == "conv2d_grad_weight" && n->results[0].shape == Shape{2, 6, 3, 3}) || op == "conv2d_grad_input";
    if (first) {
      CHECK(loops::libraryFlops(*n) == 2 * 8 * 6 * 4 * 4 * 3 * 9);
      ++seen;
    }
    if (second) {
      CHECK(loops::libraryFlops(*n) == 2 * 8 * 2 * 2 * 2 * 6 * 9);
      ++seen;
    }
  }
  CHECK(seen == 5);  // x needs no gradient: no conv2d_grad_input for c
}

TEST_CASE("stats: an LSTM counts every layer's and direction's products, the backward twice the forward", "[fusion][stats]") {
  Graph g = trainingStep(R"(
model: lstm_flops
inputs:
  x: f32[B, 5, 4]
nodes:
  r: lstm(x, hidden=6, layers=2, bidirectional=true)
outputs: [r.out]
loss: mean(r.out)
)", 3, "lstm_flops.yaml");
  // 15 tokens; gates 4·6 = 24 per direction; layer 0 multiplies by its 4 inputs and h (6),
  // layer 1 by the 2·6 outputs of layer 0 and h.
  const int64_t forward = 2 * 15 * 24 * (4 + 6) * 2 + 2 * 15 * 24 * (12 + 6) * 2;
  int seen = 0;
  for (const auto& n : g.nodes()) {
    if (n->op->name == "lstm") {
      CHECK(loops::libraryFlops(*n) == forward);
      ++seen;
    }
    if (n->op->name == "lstm_grad") {
      CHECK(loops::libraryFlops(*n) == 2 * forward);
      ++seen;
    }
  }
  CHECK(seen == 2);
}

TEST_CASE("dump: --emit=fused and --stats", "[fusion][cli]") {
  auto [status, out] = shell(std::string(SINTER_BINARY) + " dump " + kSrc + "/graphs/sparse_and_mlp.yaml --emit=fused --stats 2>&1");
  REQUIRE(status == 0);
  CHECK(out.find("fused @sparse_and_mlp {") != std::string::npos);
  CHECK(out.find("kernels:") != std::string::npos);
  CHECK(out.find("peak memory:") != std::string::npos);
  CHECK(out.find("MFLOP") != std::string::npos);

  std::string dir = "/tmp/sinter_test_compile_stats_" + std::to_string(::getpid());
  auto [cstatus, cout] = shell("cd " + kSrc + " && " + SINTER_BINARY + " compile graphs/count24.yaml -o " + dir + " --stats 2>&1");
  REQUIRE(cstatus == 0);
  CHECK(cout.find("step B=500:\nkernels:") != std::string::npos);
  CHECK(cout.find("peak memory:") != std::string::npos);
  shell("rm -rf " + dir);  // the compiled trainer: not needed after the check
}

TEST_CASE("matmul: generated loops, oneDNN and the reference kernel agree on every form", "[matmul]") {
  Graph g = forward(R"(
model: products
inputs:
  a: f32[2, 3, 4, 5]
  b: f32[3, 5, 6]
  v: f32[3, 5, 1]
  u: f32[2, 3, 4, 1]
  w: f32[1, 5]
  s: f32[2, 3, 4, 3]
  r: f32[1, 4]
  g: f32[40, 5]
  h: f32[40, 3]
  ht: f32[3, 40]
nodes:
  wg: matmul(g, h, transpose_a=true)
  wgt: matmul(g, ht, transpose_a=true, transpose_b=true)
  mr: matmul(r, a)
  mrt: matmul(u, a, transpose_a=true)
  mv: matmul(a, v)
  mvt: matmul(a, u, transpose_a=true)
  mvb: matmul(a, w, transpose_b=true)
  l6: linear(a, out=1, activation=relu)
  l7: linear(s, out=6, activation=tanh)
  l8: linear(v, out=1)
  y: matmul(a, b)
  yt: matmul(a, a, transpose_b=true)
  ya: matmul(a, a, transpose_a=true)
  yab: matmul(b, a, transpose_a=true, transpose_b=true)
  l: linear(a, out=7, activation=gelu)
  l2: linear(a, out=3, bias=false, activation=relu)
  l3: linear(a, out=2, activation=sigmoid)
  l4: linear(b, out=9, activation=tanh)
  l5: linear(b, out=4)
outputs: [y, yt, ya, yab, l, l2, l3, l4, l5, mv, mvt, mvb, l6, l7, l8, mr, mrt, wg, wgt]
)");
  // (mv, mvt, mvb, l6, l8: matrix-vector products, each a generated form of its own; l7: a
  // linear with 3 input features, one generated pass; mr, mrt: one output row; y, yt, l, l2,
  // l5: at most 8 inputs and outputs, a pass over the rows; wg, wgt: a few outputs summed in
  // registers over k.)
  auto feeds = feedsFor(g, 8);
  EvalOptions opts{DType::f32, false, 1, 1};
  Values want = evaluate(g, feeds, opts);
  for (loops::MatmulImpl impl : {loops::MatmulImpl::Generated, loops::MatmulImpl::OneDnn, loops::MatmulImpl::Reference}) {
    loops::LowerOptions lo;
    lo.matmul = impl;
    loops::Program p = loops::lower(g, lo);
    int calls = 0;
    for (const loops::Step& s : p.steps) calls += s.kernel < 0;
    CHECK(calls == (impl == loops::MatmulImpl::Generated ? 0 : 19));
    std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, lo)(g);
    Values got = exec->run(feeds, opts);
    for (const auto& [name, v] : g.outputs) {
      INFO(loops::matmulImplName(impl) << ": " << name);
      CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-5);
    }
  }
}

TEST_CASE("convolution: oneDNN and the reference kernels agree forward and backward", "[matmul][conv]") {
  // Strides, padding, odd sizes and a right edge the stride does not reach (9 + 2 - 3 = 8 = 4·2),
  // with and without bias; the second convolution's input gradient exercises backward data.
  // Max pooling whose stride leaves the last row and column out (5 -> 2), and 9 -> 3.
  Graph g = trainingStep(R"(
model: convs
inputs:
  x: f32[2, 3, 9, 9]
  y: f32[2, 4, 5, 5]
nodes:
  c: conv2d(x, out=4, kernel=3, stride=2, padding=1)
  d: conv2d(c, out=2, kernel=2, bias=false)
  e: conv2d(x, out=3, kernel=4, stride=3)
  f: mul(c, y)
  mf: mean(f)
  md: mean(d)
  me: mean(e)
  pl: maxpool2d(c, kernel=2)
  pr: maxpool2d(x, kernel=3)
  mp: mean(pl)
  mr: mean(pr)
  de: add(md, me)
  dp: add(mp, mr)
  dd: add(de, dp)
  total: add(mf, dd)
loss: total
)", 2, "conv_test.yaml");
  int gradInput = 0, gradWeight = 0;
  for (const auto& n : g.nodes()) gradInput += n->op->name == "conv2d_grad_input", gradWeight += n->op->name == "conv2d_grad_weight";
  CHECK(gradInput == 1);
  CHECK(gradWeight == 3);
  auto feeds = feedsFor(g, 4);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  for (loops::MatmulImpl impl : {loops::MatmulImpl::OneDnn, loops::MatmulImpl::Reference}) {
    loops::LowerOptions lo;
    lo.convolution = impl;
    loops::Program p = loops::lower(g, lo);
    int onednn = 0;
    for (const loops::Step& s : p.steps) onednn += s.library == loops::Library::OneDnn && s.node->op->name.rfind("conv2d", 0) == 0;
    CHECK(onednn == (impl == loops::MatmulImpl::OneDnn ? 7 : 0));
    int pools = 0;
    for (const loops::Step& s : p.steps) pools += s.library == loops::Library::OneDnn && s.node->op->name.rfind("maxpool2d", 0) == 0;
    CHECK(pools == (impl == loops::MatmulImpl::OneDnn ? 3 : 0));  // two forwards, the gradient through pl (x needs none)
    std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, lo)(g);
    // Two runs with different feeds: x's and dc's blocked copies are shared by the primitives of
    // one run (OneDnnRunCache), never carried into the next.
    for (int run = 0; run < 2; ++run) {
      auto f = run == 0 ? feeds : feedsFor(g, 11);
      Values expect = run == 0 ? want : evaluate(g, f, opts);
      Values got = exec->run(f, opts);
      INFO(loops::matmulImplName(impl) << " run " << run);
      CHECK(std::fabs(valueOf(got, g.loss).get(0) - valueOf(expect, g.loss).get(0)) < 1e-6);
      for (const auto& [param, v] : g.grads) {
        INFO("grad " << param->name);
        CHECK(maxRelDiff(valueOf(got, v), valueOf(expect, v)) < 1e-5);
      }
    }
  }
}

// Runs the LSTM's gate passes as AVX-512 intrinsics or as the portable multiversioned loops
// (restored when the test ends, however it ends); `skip` where the CPU has no AVX-512.
struct GatePath {
  explicit GatePath(bool avx512) : skip(avx512 && !hasAvx512()) {
    if (skip) WARN("no AVX-512 on this CPU: its gate passes untested");
    lstmAvx512Gates = avx512 && !skip;
  }
  ~GatePath() { lstmAvx512Gates = hasAvx512(); }
  bool skip;
};

TEST_CASE("lstm: the fused forward and backward through time and oneDNN's inference equal the reference kernels", "[lstm]") {
  GatePath path(GENERATE(true, false));  // the gate passes' two implementations
  if (path.skip) return;
  // Two layers, both directions, every result used (dout, dh_n and dc_n all reach lstm_grad);
  // a time-major one-step LSTM whose only used result is h_n (no dout, no dc_n); a two-layer
  // LSTM read only through h_n (its output sequence never written, its top layer without dy).
  Spec spec = trainingSpec(R"(
model: lstms
inputs:
  x: f32[3, 5, 4]
  s: f32[1, 2, 7]
  y: f32[3, 5, 12]
  yh: f32[4, 3, 6]
  yc: f32[4, 3, 6]
nodes:
  a: lstm(x, hidden=6, layers=2, bidirectional=true)
  b: lstm(s, hidden=3, batch_first=false)
  c: lstm(x, hidden=5, layers=2)
  po: mul(a.out, y)
  ph: mul(a.h_n, yh)
  pc: mul(a.c_n, yc)
  mo: mean(po)
  mh: mean(ph)
  mc: mean(pc)
  mb: mean(b.h_n)
  hc: mul(c.h_n, c.h_n)
  mhc: mean(hc)
  l1: add(mo, mh)
  l2: add(mc, mb)
  l3: add(l1, l2)
  total: add(l3, mhc)
outputs: [a.out, a.h_n, a.c_n, b.out]
loss: total
)", 3, "lstm_test.yaml");
  Graph g = compileGraph(spec, {}, true);
  auto feeds = feedsFor(g, 6);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  // In the training step each lstm runs the fused forward that keeps its state for its
  // lstm_grad; in the forward graph (inference) the same forward alone, or oneDNN's LSTM
  // primitive when LowerOptions::recurrent asks for it.
  auto countSteps = [](const loops::Program& p, loops::Library lib, const std::string& op) {
    int c = 0;
    for (const loops::Step& s : p.steps) c += s.library == lib && s.node->op->name == op;
    return c;
  };
  loops::Program p = loops::lower(g);
  CHECK(countSteps(p, loops::Library::Fused, "lstm") == 3);
  CHECK(countSteps(p, loops::Library::Fused, "lstm_grad") == 3);
  for (const loops::Step& s : p.steps)
    if (s.node && s.node->name == "c") CHECK((s.unusedResults & 1) != 0);  // c.out: nothing reads it
  // Inference: the fused forward alone (by default), or oneDNN's LSTM primitive when asked for.
  Graph inference = compileGraph(spec, {}, false);
  loops::LowerOptions onednn;
  onednn.recurrent = loops::MatmulImpl::OneDnn;
  CHECK(countSteps(loops::lower(inference), loops::Library::Fused, "lstm") == 3);
  CHECK(countSteps(loops::lower(inference, onednn), loops::Library::OneDnn, "lstm") == 3);
  for (const loops::LowerOptions& lo : {loops::LowerOptions{}, onednn}) {
    auto f = feedsFor(inference, 6);
    Values want = evaluate(inference, f, EvalOptions{});
    std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, lo)(inference);
    Values got = exec->run(f, EvalOptions{});
    got = exec->run(f, EvalOptions{});  // a second run: the state of the first does not leak in
    for (const auto& [name, v] : inference.outputs) {
      INFO("inference " << name << (lo.recurrent == loops::MatmulImpl::OneDnn ? " (oneDNN)" : " (fused)"));
      CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-5);
    }
  }
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  got = exec->run(feeds, opts);  // a second run starts from the same state
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-5);
  }
  CHECK(std::fabs(valueOf(got, g.loss).get(0) - valueOf(want, g.loss).get(0)) < 1e-6);
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-5);
  }
}

TEST_CASE("lstm: stacked layers run as a wavefront, one thread per layer, with the one-thread numbers", "[lstm]") {
  // 40 steps: chunks of 3 steps and a last chunk of 1 (both chunk products); two and three
  // layers; the output sequence, h_n and c_n all read, so dout and dh_n reach the backward.
  Spec spec = trainingSpec(R"(
model: wave
inputs:
  x: f32[3, 40, 5]
  y: f32[3, 40, 7]
nodes:
  a: lstm(x, hidden=7, layers=2)
  b: lstm(x, hidden=4, layers=3)
  po: mul(a.out, y)
  ph: mul(a.h_n, a.h_n)
  pb: mul(b.out, b.out)
  mo: mean(po)
  mh: mean(ph)
  mb: mean(pb)
  l1: add(mo, mh)
  total: add(l1, mb)
outputs: [a.out, a.h_n, a.c_n, b.out, b.h_n]
loss: total
)", 3, "wave.yaml");
  Graph g = compileGraph(spec, {}, true);
  auto feeds = feedsFor(g, 8);
  EvalOptions opts{DType::f32, true, 1, 1};
  const int before = threadCount();
  std::vector<std::unique_ptr<Executor>> execs;  // own the buffers the results view
  auto runWith = [&](int threads) {
    setThreadCount(threads);
    execs.push_back(llvmgen::executorFactory()(g));
    Values first = execs.back()->run(feeds, opts);
    std::map<int, std::vector<float>> grads;
    for (const auto& [param, gv] : g.grads) grads[param->id].assign(valueOf(first, gv).data<float>(), valueOf(first, gv).data<float>() + valueOf(first, gv).numel());
    Values v = execs.back()->run(feeds, opts);  // a second run: the same numbers
    for (const auto& [param, gv] : g.grads) CHECK(std::memcmp(grads[param->id].data(), valueOf(v, gv).raw(), valueOf(v, gv).bytes()) == 0);
    return v;
  };
  Values one = runWith(1), wave = runWith(3);
  setThreadCount(before);
  Values want = evaluate(g, feeds, opts);
  // Each chunk's products are rows of the whole-sequence products and every gradient is summed
  // in the same order: the same floats.
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(std::memcmp(valueOf(one, v).raw(), valueOf(wave, v).raw(), valueOf(one, v).bytes()) == 0);
    CHECK(maxRelDiff(valueOf(one, v), valueOf(want, v)) < 1e-5);
    CHECK(maxRelDiff(valueOf(wave, v), valueOf(want, v)) < 1e-5);
  }
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(std::memcmp(valueOf(one, v).raw(), valueOf(wave, v).raw(), valueOf(one, v).bytes()) == 0);
    CHECK(maxRelDiff(valueOf(wave, v), valueOf(want, v)) < 1e-5);
  }
}

TEST_CASE("lstm: one layer of 40 steps goes backward by chunks with the reference numbers", "[lstm]") {
  GatePath path(GENERATE(true, false));  // the gate passes' two implementations
  if (path.skip) return;
  // One direction, t >= 32: the backward runs by chunks of 3 steps and a last chunk of 1, each
  // chunk's weight gradients accumulated and its dX rows written after its steps; batch-first
  // with the output sequence and c_n read, and time-major read through h_n only.
  Spec spec = trainingSpec(R"(
model: one
inputs:
  x: f32[3, 40, 5]
  t: f32[40, 3, 5]
  y: f32[3, 40, 6]
nodes:
  a: lstm(x, hidden=6)
  b: lstm(t, hidden=4, batch_first=false)
  po: mul(a.out, y)
  pc: mul(a.c_n, a.c_n)
  pb: mul(b.h_n, b.h_n)
  mo: mean(po)
  mc: mean(pc)
  mb: mean(pb)
  l1: add(mo, mc)
  total: add(l1, mb)
outputs: [a.out, b.h_n]
loss: total
)", 3, "one_layer.yaml");
  Graph g = compileGraph(spec, {}, true);
  auto feeds = feedsFor(g, 9);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  CHECK(std::fabs(valueOf(got, g.loss).get(0) - valueOf(want, g.loss).get(0)) < 1e-6);
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-5);
  }
}

TEST_CASE("lstm: an embedding read only by a batch-first LSTM gathers time-major, with the batch-first step's numbers", "[lstm][passes]") {
  // Two stacked layers over 40 steps (the chunked backward; at two threads the wavefront, which
  // reads the time-major input and writes its gradient in place), the output sequence read (a
  // transpose gives it back batch-first) and h_n read.
  Spec spec = trainingSpec(R"(
model: tm
inputs:
  tok: i64[4, 40]
  y: f32[4, 40, 5]
nodes:
  e: embedding(tok, num=9, dim=6, padding_idx=0)
  r: lstm(e, hidden=5, layers=2)
  p: mul(r.out, y)
  mo: mean(p)
  hh: mul(r.h_n, r.h_n)
  mh: mean(hh)
  total: add(mo, mh)
outputs: [r.out]
loss: total
)", 4, "tm.yaml");
  Graph g = compileGraph(spec, {}, true);
  REQUIRE(g.find("r"));
  CHECK_FALSE(g.find("r")->b("batch_first"));
  CHECK(g.find("e")->operands[0].node->op->name == "transpose");
  CHECK(g.find("e")->results[0].str() == "f32[40, 4, 6]");
  REQUIRE(g.find("r.out_bf"));
  CHECK(g.find("r.out_bf")->results[0].str() == "f32[4, 40, 5]");
  // Against the reference interpreter on the step without passes (batch-first throughout).
  Graph plain = buildTrainingStep(spec, {});
  CHECK(plain.find("r")->b("batch_first"));
  auto feeds = feedsFor(plain, 5);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(plain, feeds, opts);
  auto gradOf = [](const Graph& graph, const Values& vals, const std::string& param) -> const Tensor& {
    for (const auto& [p, v] : graph.grads)
      if (p->name == param) return valueOf(vals, v);
    FAIL("no gradient of " << param);
    throw;
  };
  const int before = threadCount();
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    setThreadCount(threads);
    std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
    Values got = exec->run(feeds, opts);
    CHECK(maxRelDiff(valueOf(got, g.outputs[0].second), valueOf(want, plain.outputs[0].second)) < 1e-5);
    CHECK(valueOf(got, g.loss).get(0) == Approx(valueOf(want, plain.loss).get(0)).epsilon(1e-5));
    for (const auto& [param, v] : plain.grads) {
      INFO("grad " << param->name);
      CHECK(maxRelDiff(gradOf(g, got, param->name), valueOf(want, v)) < 1e-5);
    }
  }
  setThreadCount(before);

  // The forward graph whose last node is the LSTM, its sequence an output: the transpose comes
  // after it, and the values are the batch-first graph's — on one thread and, two layers over
  // 40 steps, as the inference wavefront on two.
  Spec last = readSpecString(R"(
model: tm_last
inputs:
  tok: i64[4, 40]
nodes:
  e: embedding(tok, num=9, dim=6)
  r: lstm(e, hidden=5, layers=2)
outputs: [r.out, r.h_n, r.c_n]
)", "tm_last.yaml");
  Graph fwd = compileGraph(last, {}, false);
  REQUIRE(fwd.find("r.out_bf"));
  CHECK(fwd.nodes().back()->name == "r.out_bf");
  Graph fwdPlain = buildGraph(last, {});
  auto fwdFeeds = feedsFor(fwdPlain, 6);
  Values fwdWant = evaluate(fwdPlain, fwdFeeds, EvalOptions{});
  for (int threads : {1, 2}) {
    setThreadCount(threads);
    std::unique_ptr<Executor> fwdExec = llvmgen::executorFactory()(fwd);
    Values fwdGot = fwdExec->run(fwdFeeds, EvalOptions{});
    for (size_t k = 0; k < fwd.outputs.size(); ++k) {
      INFO(fwd.outputs[k].first << ", " << threads << " threads");
      CHECK(maxRelDiff(valueOf(fwdGot, fwd.outputs[k].second), valueOf(fwdWant, fwdPlain.outputs[k].second)) < 1e-5);
    }
  }
  setThreadCount(before);

  // An embedding something else reads too stays batch-first.
  Graph both = compileGraph(trainingSpec(R"(
model: tm2
inputs:
  tok: i64[4, 40]
nodes:
  e: embedding(tok, num=9, dim=6)
  r: lstm(e, hidden=5)
  me: mean(e)
  mh: mean(r.h_n)
  total: add(me, mh)
loss: total
)", 4, "tm2.yaml"), {}, true);
  CHECK(both.find("r")->b("batch_first"));
  CHECK(both.find("e")->operands[0].node->op->name == "input");
}

TEST_CASE("lstm: the weight-gradient kernel equals a plain triple loop on every block and remainder", "[lstm]") {
  // C [m, n] = Aᵀ·B, A [k, m] and B [k, n] with row strides: register blocks of 8x32, 4x64
  // and 8x16, rows and columns beyond them, k beyond whole chunks of 256, one and two threads
  // (rows of C split between them).
  struct Case { int64_t m, n, k, lda, ldb; };
  const Case cases[] = {{128, 64, 700, 128, 64}, {128, 32, 513, 130, 40}, {19, 16, 3, 19, 16}, {24, 7, 300, 31, 9}, {5, 48, 257, 5, 50}, {256, 256, 96, 256, 256}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1, 1);
  for (const Case& c : cases)
    for (int threads : {1, 2}) {
      std::vector<float> A(c.k * c.lda), B(c.k * c.ldb), C(c.m * c.n, 99.0f);
      for (float& x : A) x = u(rng);
      for (float& x : B) x = u(rng);
      setThreadCount(threads);
      weightGradient(A.data(), c.lda, B.data(), c.ldb, C.data(), c.m, c.n, c.k);
      setThreadCount(1);
      double worst = 0;
      for (int64_t i = 0; i < c.m; ++i)
        for (int64_t j = 0; j < c.n; ++j) {
          double want = 0;
          for (int64_t kk = 0; kk < c.k; ++kk) want += static_cast<double>(A[kk * c.lda + i]) * B[kk * c.ldb + j];
          worst = std::max(worst, std::fabs(want - C[i * c.n + j]) / (1.0 + std::fabs(want)));
        }
      INFO(c.m << "x" << c.n << "x" << c.k << " threads " << threads);
      CHECK(worst < 1e-5);
    }
}

TEST_CASE("attention: the blockwise fused kernels equal the reference kernels, forward and backward", "[attention]") {
  // attention with a query shared by every batch and head (broadcast: its gradient is summed),
  // key padding and a causal mask, 70 keys (a partial second block); one whose weights are read
  // (written by the extra pass; its gradient, with dweights, stays on the reference kernel) and
  // two whose are not; multi-head attention with key padding and causal masking, read in place
  // from the packed projections; small problems (the direct kernel) with a broadcast query, key
  // padding, read weights (dweights) and a causal mask.
  Graph g = trainingStep(R"(
model: attn
inputs:
  k: f32[3, 2, 70, 8]
  v: f32[3, 2, 70, 6]
  lengths: i64[3]
  lm: i64[3]
  x: f32[3, 33, 16]
  y: f32[3, 2, 20, 6]
  ks: f32[3, 2, 5, 4]
  ls: i64[3]
params:
  q: f32[1, 20, 8] ~ normal(std=1.0)
  qs: f32[1, 3, 4] ~ normal(std=1.0)
nodes:
  kk: linear(k, out=8)
  vv: linear(v, out=6)
  ksl: linear(ks, out=4)
  s1: attention(qs, ksl, ksl, lengths=ls)
  s2: attention(ksl, ksl, ksl, causal=true)
  ss1: mean(s1.weights)
  ss2: mean(s2.out)
  ss3: mean(s1.out)
  ss: add(ss1, ss2)
  sss: add(ss, ss3)
  a: attention(q, kk, vv, lengths=lengths)
  c: attention(kk, kk, vv, causal=true, scale=0.3)
  d: attention(q, kk, vv, scale=0.5)
  m: mha(x, lengths=lm, heads=4, causal=true)
  m2: mha(x, heads=2)
  sm2: mean(m2.out)
  pa: mul(a.out, y)
  sa: mean(pa)
  sw: mean(a.weights)
  sc: mean(c.out)
  sd: mean(d.out)
  sm: mean(m.out)
  scd: add(sc, sd)
  t1: add(sa, scd)
  t2: add(sm, sw)
  t12: add(t1, t2)
  t3: add(sss, sm2)
  total: add(t12, t3)
outputs: [a.out, a.weights, c.out, m.out, s1.out, s1.weights, s2.out, m2.out, m2.weights]
loss: total
)", 3, "attention_test.yaml");
  auto feeds = feedsFor(g, 8);
  Tensor lengths(DType::i64, {3});
  lengths.set(0, 70), lengths.set(1, 0), lengths.set(2, 17);  // all keys, none (zero rows), some
  feeds["lengths"] = lengths;
  Tensor lm(DType::i64, {3});
  lm.set(0, 5), lm.set(1, 33), lm.set(2, 32);
  feeds["lm"] = lm;
  Tensor ls(DType::i64, {3});
  ls.set(0, 5), ls.set(1, 0), ls.set(2, 2);
  feeds["ls"] = ls;
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  loops::Program p = loops::lower(g);
  std::map<std::string, int> fused;
  for (const loops::Step& s : p.steps)
    if (s.library == loops::Library::Fused) ++fused[s.node->op->name];
  CHECK(fused["attention"] == 5);
  CHECK(fused["mha"] == 1);  // m2's head-averaged weights are read: its forward is the reference's
  // c's and d's (q broadcast), and the small direct ones (s1 with dweights, q broadcast; s2 causal);
  // a's weights are read, so its blockwise gradient would need dweights: reference.
  CHECK(fused["attention_grad"] == 4);
  CHECK(fused["mha_grad"] == 2);  // m's reuses its forward's state; m2's computes the forward itself
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  // The loss adds nine means of either sign (it comes out near 0.005 while the weights' means are
  // 0.2): its rounding error is relative to their magnitudes.
  double terms = 0;
  for (const char* t : {"ss1", "ss2", "ss3", "sm2", "sa", "sw", "sc", "sd", "sm"}) terms += std::abs(valueOf(want, g.find(t)->result(0)).get(0));
  checkStep(g, got, want, 1e-5, terms);
  // A length outside 0..Lk is a data error naming the node, not a crash.
  lengths.set(2, 71);
  feeds["lengths"] = lengths;
  CHECK_THROWS_WITH(exec->run(feeds, opts), Catch::Contains("attention_test.yaml") && Catch::Contains("out of range 0..70"));
}

TEST_CASE("attention written with plain ops is recognised and runs as the fused kernel", "[attention][fusion]") {
  // matmul(q, kᵀ) → scale → softmax → matmul(·, v) becomes one attention node before autodiff;
  // with the weights also an output it must stay as written (someone reads the matrix).
  auto specText = [](bool weightsOut) {
    return std::string(R"(
model: plain_attention
inputs:
  x: f32[2, 40, 12]
  y: f32[2, 40, 8]
nodes:
  q: linear(x, out=8)
  k: linear(x, out=8)
  v: linear(x, out=8)
  scores: matmul(q, k, transpose_b=true)
  scaled: scale(scores, factor=0.35)
  weights: softmax(scaled, axis=-1)
  mixed: matmul(weights, v)
  prod: mul(mixed, y)
  total: mean(prod)
outputs: [mixed)") + (weightsOut ? ", weights" : "") + R"(]
loss: total
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 2
  optimizer: sgd(lr=0.1)
  steps: 1
)";
  };
  Graph g = compileGraph(readSpecString(specText(false), "plain_attention.yaml"), {}, true);
  Graph plain = compileGraph(readSpecString(specText(true), "plain_attention.yaml"), {}, true);
  auto count = [](const Graph& gr, const std::string& op) {
    int c = 0;
    for (const auto& n : gr.nodes()) c += n->op->name == op;
    return c;
  };
  CHECK(count(g, "attention") == 1);
  CHECK(count(g, "attention_grad") == 1);
  CHECK(count(g, "softmax") == 0);
  CHECK(count(plain, "attention") == 0);
  CHECK(count(plain, "softmax") == 1);
  REQUIRE(g.notes.size() == 1);
  CHECK(g.notes[0].find("matched from plain ops: %scores (matmul q kᵀ), %scaled (scale), %weights (softmax), %mixed") != std::string::npos);
  // --emit=fused shows the match.
  auto [status, out] = shell("cd " + kSrc + " && printf '%s' '" + specText(false) + "' > /tmp/sinter_plain_attention.yaml && " + SINTER_BINARY +
                             " dump /tmp/sinter_plain_attention.yaml --emit=fused");
  REQUIRE(status == 0);
  CHECK(out.find("// attention %mixed.attention matched from plain ops") != std::string::npos);
  // The same numbers as the plain ops, compiled: the loss and every gradient.
  loops::Program p = loops::lower(g);
  int fused = 0;
  for (const loops::Step& s : p.steps) fused += s.library == loops::Library::Fused && s.node->op->name.rfind("attention", 0) == 0;
  CHECK(fused == 2);
  auto feeds = feedsFor(g, 12);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(plain, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);  // owns the results' memory
  Values got = exec->run(feeds, opts);
  CHECK(valueOf(got, g.loss).get(0) == Approx(valueOf(want, plain.loss).get(0)).epsilon(1e-5));
  for (size_t k = 0; k < g.grads.size(); ++k) {
    INFO("grad " << g.grads[k].first->name);
    REQUIRE(plain.grads[k].first->name == g.grads[k].first->name);
    CHECK(maxRelDiff(valueOf(got, g.grads[k].second), valueOf(want, plain.grads[k].second)) < 1e-5);
  }
}

TEST_CASE("maxpool: windows that tile the input are generated kernels equal to the reference, ties to the first maximum", "[conv]") {
  // Windows with ties: the gradient must go to the first maximum in scan order, as the reference
  // kernel and PyTorch route it. 7 rows and 7 columns: the last of each is in no window (its
  // gradient is 0; the arena starts as NaNs, so an element left unwritten shows). A stride-1
  // pooling (overlapping windows) stays a library call.
  EnvVar poison("SINTER_POISON_ARENA", "1");
  Graph g = trainingStep(R"(
model: pools
inputs:
  x: f32[2, 3, 7, 7]
  y: f32[2, 3, 3, 3]
  z: f32[2, 3, 6, 6]
params:
  shift: f32[1, 3, 7, 7] ~ zeros()
nodes:
  c: conv2d(x, out=3, kernel=1)
  r: relu(c)
  p: maxpool2d(r, kernel=2)
  q: maxpool2d(c, kernel=2, stride=1)
  t: add(x, shift)
  u: maxpool2d(t, kernel=2)
  pp: mul(p, y)
  qq: mul(q, z)
  uu: mul(u, y)
  a: mean(pp)
  b: mean(qq)
  e: mean(uu)
  ab: add(a, b)
  total: add(ab, e)
outputs: [p, q, u]
loss: total
)", 2, "pool_test.yaml");
  loops::Program prog = loops::lower(g);
  int generated = 0, library = 0;
  for (const loops::Step& s : prog.steps)
    if (s.node->op->name.rfind("maxpool2d", 0) == 0) (s.kernel >= 0 ? generated : library)++;
  CHECK(generated == 3);  // u and the gradients of p and u; p is computed in r's kernel:
  CHECK(library == 2);    // q and its gradient
  // maxpool2d(relu) became relu(maxpool2d) (pool_relu.cpp), and the max fuses into the relu.
  bool pooledRelu = false;
  for (const loops::Kernel& k : prog.kernels) pooledRelu = pooledRelu || (k.node == "p.relu" && k.fused == std::vector<std::string>{"p.max"});
  CHECK(pooledRelu);
  auto feeds = feedsFor(g, 5);
  // x in {-2, ..., 2}: u's windows tie often, and shift's gradient (dx itself) shows which
  // position each window's gradient went to.
  Tensor& x = feeds["x"];
  for (int64_t i = 0; i < x.numel(); ++i) x.set(i, std::round(x.get(i)));
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  checkStep(g, got, want, 1e-6);  // not bitwise: the convolution rounds differently on oneDNN
}

// Runs conv2d_grad_weight_pooled's AVX-512 or AVX2 code or its portable loop (restored when the
// test ends); `skip` where the CPU cannot run it.
struct PooledPath {
  explicit PooledPath(PooledGradPath path)
      : skip((path == PooledGradPath::Avx512 && !hasAvx512()) || (path == PooledGradPath::Avx2 && !hasAvx2Fma())), saved(pooledGradPath) {
    if (skip) WARN("this CPU cannot run one of the pooled weight gradient's code paths: untested");
    else pooledGradPath = path;
  }
  ~PooledPath() { pooledGradPath = saved; }
  bool skip;
  PooledGradPath saved;
};

TEST_CASE("pooled weight gradient: a convolution's weight gradient through a 2x2 max pool, without the unpooled gradient", "[conv]") {
  PooledPath path(GENERATE(PooledGradPath::Avx512, PooledGradPath::Avx2, PooledGradPath::Portable));
  if (path.skip) return;
  // a: two input channels, k = 2, 39 columns (19 pooled: a block of 16 and one of 3; the last
  // column in no window); b: one channel, k = 3 (mnist_add's first layer), 11 rows (the last in
  // no window); c: 16 channels, k = 1 (16 weights per output channel, the most the kernel
  // holds). d: 2 channels with k = 3 (18 weights) keeps conv2d_grad_weight; e: padding (k = 2,
  // 8 weights) keeps it too.
  Graph g = trainingStep(R"(
model: pooled
inputs:
  xa: f32[3, 2, 9, 40]
  xb: f32[3, 1, 13, 12]
  xc: f32[3, 16, 6, 6]
  xd: f32[3, 2, 8, 8]
nodes:
  a: conv2d(xa, out=4, kernel=2)
  b: conv2d(xb, out=5, kernel=3)
  c: conv2d(xc, out=3, kernel=1)
  d: conv2d(xd, out=3, kernel=3)
  e: conv2d(xd, out=2, kernel=2, padding=1)
  ra: relu(a)
  pa: maxpool2d(ra, kernel=2)
  pb: maxpool2d(b, kernel=2)
  pc: maxpool2d(c, kernel=2)
  pd: maxpool2d(d, kernel=2)
  pe: maxpool2d(e, kernel=2)
  sa: mul(pa, pa)
  sb: mul(pb, pb)
  sc: mul(pc, pc)
  sd: mul(pd, pd)
  se: mul(pe, pe)
  ma: sum(sa)
  mb: sum(sb)
  mc: sum(sc)
  md: sum(sd)
  me: sum(se)
  l1: add(ma, mb)
  l2: add(mc, md)
  l3: add(l1, l2)
  total: add(l3, me)
outputs: [pa, pb, pc, pd, pe]
loss: total
)", 3, "pooled_test.yaml");
  std::map<std::string, std::string> weightGrads;
  for (const auto& [param, v] : g.grads) weightGrads[param->name] = v.node->op->name;
  for (const char* conv : {"a", "b", "c"}) CHECK(weightGrads.at(std::string(conv) + ".weight") == "conv2d_grad_weight_pooled");
  for (const char* conv : {"d", "e"}) CHECK(weightGrads.at(std::string(conv) + ".weight") == "conv2d_grad_weight");
  // The unpooled gradients of a, b and c are read by nothing once their weight gradients read dy
  // (the bias gradients sum dy): not computed. d's and e's are.
  loops::Program prog = loops::lower(g);
  std::set<std::string> computed;
  int fused = 0;
  for (const loops::Step& st : prog.steps) {
    if (st.node->op->name == "maxpool2d_grad") computed.insert(st.node->operands[0].node->name);
    if (st.node->op->name == "conv2d_grad_weight_pooled") fused += st.library == loops::Library::Fused;
  }
  CHECK(computed == std::set<std::string>{"d", "e"});
  CHECK(fused == 3);  // the fused kernel runs them, not the reference composition

  // Integer inputs and weights: every window of the convolutions' integer results ties often,
  // and every sum (of integers: the loss is a plain sum of squares) is exact in float, whatever
  // its order — the compiled step must give the interpreter's bits.
  auto feeds = feedsFor(g, 5);
  for (auto& [name, t] : feeds)
    if (t.dtype() == DType::f32)
      for (int64_t i = 0; i < t.numel(); ++i) t.set(i, name.find("bias") != std::string::npos ? 0.0 : std::round(2 * t.get(i)));
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  size_t ties = 0;
  const Tensor& conv = valueOf(want, g.find("b")->result(0));
  for (int64_t i = 0; i + 1 < conv.numel(); i += 2) ties += conv.get(i) == conv.get(i + 1);
  CHECK(ties > 10);
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) == 0);
  }
  // Random values: the same within rounding.
  auto random = feedsFor(g, 6);
  checkStep(g, exec->run(random, opts), evaluate(g, random, opts), 1e-5);
}

TEST_CASE("pooled weight gradient: mnist_add's first layer on two threads gives the one-thread bits", "[conv][threads]") {
  // 192 images (a batch of 32): 18.7 MFLOP, enough for every thread. The images are cut into
  // a fixed number of chunks whose sums are added in order, whatever the thread count.
  PooledPath path(GENERATE(PooledGradPath::Avx512, PooledGradPath::Avx2, PooledGradPath::Portable));
  if (path.skip) return;
  Spec spec = readSpec(kSrc + "/graphs/mnist_add.yaml");
  Graph g = compileGraph(spec, {{"B", 32}}, true, {}, SpecOutputs::Dropped);
  const Node* pooled = nullptr;
  for (const auto& np : g.nodes())
    if (np->op->name == "conv2d_grad_weight_pooled") pooled = np.get();
  REQUIRE(pooled != nullptr);
  CHECK(loops::libraryFlops(*pooled) >= kParallelFlops);
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  std::vector<Tensor> operands;
  for (const Value& v : pooled->operands) {
    Tensor& t = operands.emplace_back(DType::f32, v.type().shape);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = normal(rng);
  }
  std::vector<const Tensor*> in{&operands[0], &operands[1], &operands[2]};
  std::unique_ptr<FusedKernel> kernel = makePooledGradKernel(*pooled);
  std::vector<Tensor> one{Tensor(DType::f32, pooled->results[0].shape)}, two{Tensor(DType::f32, pooled->results[0].shape)};
  const int saved = threadCount();
  setThreadCount(1);
  kernel->run(in, one);
  setThreadCount(2);
  kernel->run(in, two);
  setThreadCount(saved);
  CHECK(std::memcmp(one[0].raw(), two[0].raw(), one[0].bytes()) == 0);
  // And the reference kernel (the unpooled gradient, then the weight gradient) within rounding.
  std::vector<Tensor> reference{Tensor(DType::f32, pooled->results[0].shape)};
  EvalOptions opts;
  kernels::Ctx<float> ctx{*pooled, in, reference, opts};
  REQUIRE(kernels::runGradKernel(ctx));
  CHECK(maxRelDiff(one[0], reference[0]) < 1e-4);
}

TEST_CASE("row kernels: softmax, log_softmax and layernorm are generated loops equal to the reference, forward and backward", "[fusion][norm]") {
  // Rows of 37 (a partial vector), softmax over scores with -inf entries (exactly 0 weight),
  // layernorm with and without its affine transform.
  Graph g = trainingStep(R"(
model: norms
inputs:
  x: f32[3, 5, 37]
  m: f32[3, 5, 37]
  y: f32[3, 5, 37]
nodes:
  h: linear(x, out=37)
  hm: add(h, m)
  s: softmax(hm, axis=-1)
  ls: log_softmax(h, axis=2)
  n1: layernorm(h, eps=1e-6)
  n2: layernorm(h, affine=false)
  a: mul(s, y)
  b: mul(ls, y)
  c: mul(n1, y)
  sa: mean(a)
  sb: mean(b)
  sc: mean(c)
  sd: mean(n2)
  t1: add(sa, sb)
  t2: add(sc, sd)
  total: add(t1, t2)
outputs: [s, ls, n1]
loss: total
)", 3, "norm_test.yaml");
  loops::Program p = loops::lower(g);
  // No library call for any of them; hm = h + m (read only by s) is computed inside the softmax's
  // passes (s itself is an output: stored).
  int rowKernels = 0;
  for (const loops::Step& s : p.steps) {
    bool row = s.node->op->name.find("norm") != std::string::npos || s.node->op->name.find("softmax") != std::string::npos;
    if (row) CHECK(s.kernel >= 0);
    rowKernels += row;
  }
  CHECK(rowKernels >= 4);  // s, ls, n1, n2 (and the gradients not fused into an epilogue)
  const loops::Kernel* sk = nullptr;
  for (const loops::Kernel& k : p.kernels)
    if (k.node == "s") sk = &k;
  REQUIRE(sk);
  CHECK(sk->fused == std::vector<std::string>{"hm"});
  auto feeds = feedsFor(g, 9);
  Tensor& m = feeds["m"];
  for (int64_t i = 0; i < m.numel(); ++i) m.set(i, i % 5 == 0 ? -std::numeric_limits<double>::infinity() : 0.0);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  checkStep(g, got, want, 1e-5);
  const Tensor& s = valueOf(got, g.outputs[0].second);
  for (int64_t i = 0; i < s.numel(); i += 5) CHECK(s.get(i) == 0.0);  // masked: exactly 0
}

TEST_CASE("row kernels fuse with the elementwise work around them: producers, epilogues and the losses", "[fusion][norm]") {
  // Forward (evaluation) graphs, where nothing else reads the intermediates.
  Graph g = forward(R"(
model: rows
inputs:
  x: f32[6, 40]
  m: f32[6, 40]
  y: f32[6, 40]
  t: i64[6]
nodes:
  h: linear(x, out=40)
  a: add(h, m)
  s: softmax(a)
  e: mul(s, y)
  z: scale(h, factor=2.0)
  n: layernorm(z)
  r: relu(n)
  zz: scale(h, factor=0.5)
  cl: sub(h, m)
  ls: log_softmax(cl, axis=0)
  q: exp(ls)
  bl: bce_logits(zz, y)
  ce: cross_entropy(h, t)
  total: add(bl, ce)
outputs: [e, r, q]
loss: total
)");
  loops::Program p = loops::lower(g);
  std::map<std::string, std::vector<std::string>> kernels;  // root -> fused nodes
  for (const loops::Kernel& k : p.kernels) kernels[k.node] = k.fused;
  // linear (oneDNN) + 6 generated kernels: {a, s, e}, {z, n, r}, {cl, ls, q} (a row kernel over
  // the first axis: strided rows), {zz, bl}, {ce}, {total}.
  CHECK(p.kernels.size() == 6);
  CHECK(kernels["e"] == std::vector<std::string>{"a", "s"});
  CHECK(kernels["r"] == std::vector<std::string>{"z", "n"});
  CHECK(kernels["q"] == std::vector<std::string>{"cl", "ls"});
  CHECK(kernels["bl"] == std::vector<std::string>{"zz"});
  CHECK(kernels.count("ce"));
  for (const char* v : {"a", "s", "z", "n", "zz", "cl", "ls"}) CHECK(bufferNamed(p, v).fused);
  CHECK(loops::printFusion(g, loops::planFusion(g)).find("fuse 3 nodes into one kernel") != std::string::npos);

  // The same numbers as the interpreter (including the loss), and as the unfused program.
  auto feeds = feedsFor(g, 5);
  for (int64_t i = 0; i < 6; ++i) feeds["t"].set(i, static_cast<double>((7 * i) % 40));
  EvalOptions opts{DType::f32, false, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> fusedExec = llvmgen::executorFactory()(g), plainExec = llvmgen::executorFactory({}, {false, true})(g);
  Values fused = fusedExec->run(feeds, opts), plain = plainExec->run(feeds, opts);
  CHECK(loops::lower(g, {false, true}).kernels.size() == 13);
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(maxRelDiff(valueOf(fused, v), valueOf(want, v)) < 1e-5);
    CHECK(maxRelDiff(valueOf(fused, v), valueOf(plain, v)) < 1e-6);
  }
  CHECK(valueOf(fused, g.loss).get(0) == Approx(valueOf(want, g.loss).get(0)).epsilon(1e-5));
  CHECK(valueOf(fused, g.loss).get(0) == Approx(valueOf(plain, g.loss).get(0)).epsilon(1e-6));
}

TEST_CASE("row kernels: a class index out of range is reported like the interpreter, never read", "[fusion][norm]") {
  Graph g = forward(R"(
model: targets
inputs:
  x: f32[4, 3, 5]
  t: i64[4, 3]
nodes:
  h: scale(x, factor=2.0)
  ce: cross_entropy(h, t, axis=-1)
outputs: [h]
loss: ce
)");
  auto feeds = feedsFor(g, 2);
  for (int64_t i = 0; i < 12; ++i) feeds["t"].set(i, static_cast<double>(i % 5));
  EvalOptions opts{DType::f32, false, 1, 1};
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  CHECK(valueOf(exec->run(feeds, opts), g.loss).get(0) == Approx(valueOf(evaluate(g, feeds, opts), g.loss).get(0)).epsilon(1e-6));
  for (int64_t bad : {5, -1, 1000000000}) {
    feeds["t"].set(7, static_cast<double>(bad));
    feeds["t"].set(9, 6.0);  // a later bad position: the first one is reported
    const std::string want = errorOf([&] { evaluate(g, feeds, opts); }), got = errorOf([&] { exec->run(feeds, opts); });
    INFO(got);
    CHECK(!want.empty());
    CHECK(got == want);
    CHECK(got.find("fusion_test.yaml:") != std::string::npos);
    CHECK(got.find("target " + std::to_string(bad) + " at position 7 is out of range 0..4") != std::string::npos);
    feeds["t"].set(9, 4.0);
  }
  // After a failure the next good run is not affected (the status is reset).
  feeds["t"].set(7, 2.0);
  CHECK(valueOf(exec->run(feeds, opts), g.loss).get(0) == Approx(valueOf(evaluate(g, feeds, opts), g.loss).get(0)).epsilon(1e-6));
}

TEST_CASE("embedding: generated gather and scatter-add equal the reference, and a bad index is reported like the interpreter", "[fusion]") {
  Graph g = trainingStep(R"(
model: lookup
inputs:
  tokens: i64[4, 6]
  y: f32[4, 6, 8]
nodes:
  e: embedding(tokens, num=7, dim=8, padding_idx=0)
  p: mul(e, y)
  total: mean(p)
outputs: [e]
loss: total
)", 4, "embedding_test.yaml");
  loops::Program p = loops::lower(g);
  for (const loops::Step& s : p.steps)
    if (s.node->op->name.find("embedding") != std::string::npos) CHECK(s.kernel >= 0);
  auto feeds = feedsFor(g, 4);
  for (int64_t i = 0; i < 24; ++i) feeds["tokens"].set(i, static_cast<double>((5 * i) % 7));  // repeats, and the padding row
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  checkStep(g, got, want, 1e-6);
  const Value dw = g.grads.begin()->second;
  for (int64_t j = 0; j < 8; ++j) CHECK(valueOf(got, dw).get(j) == 0.0);  // the padding row gets nothing

  for (int64_t bad : {7, -2}) {
    feeds["tokens"].set(13, static_cast<double>(bad));
    const std::string want = errorOf([&] { evaluate(g, feeds, opts); }), got = errorOf([&] { exec->run(feeds, opts); });
    CHECK(!want.empty());
    CHECK(got == want);
    CHECK(got.find("index " + std::to_string(bad) + " at position 13 is out of range 0..6") != std::string::npos);
  }
}

TEST_CASE("threads: work of 16 MFLOP or more gets every thread, smaller work one, with the same numbers", "[threads]") {
  const int saved = threadCount();
  setThreadCount(2);
  CHECK(threadsFor(1e3) == 1);
  CHECK(threadsFor(15.9e6) == 1);
  CHECK(threadsFor(16e6) == 2);
  CHECK(threadsFor(1e9) == 2);
  {
    ScopedThreads one(1);
    CHECK(omp_get_max_threads() == 1);
  }
  CHECK(omp_get_max_threads() == 2);  // restored

  // A large product (2 threads) and a small one (1) in one step: equal at 1 and 2 threads.
  Graph g = trainingStep(R"(
model: mixed
inputs:
  x: f32[256, 512]
nodes:
  big: linear(x, out=512, activation=relu)
  small: linear(big, out=4)
  total: mean(small)
outputs: [small]
loss: total
)", 256, "threads_test.yaml");
  auto feeds = feedsFor(g, 6);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> two = llvmgen::executorFactory()(g);
  Values gotTwo = two->run(feeds, opts);
  checkStep(g, gotTwo, want, 1e-5);
  setThreadCount(1);
  std::unique_ptr<Executor> one = llvmgen::executorFactory()(g);
  Values gotOne = one->run(feeds, opts);
  checkStep(g, gotOne, gotTwo, 1e-5);
  setThreadCount(saved);
}

TEST_CASE("fusion: concat and slice_grad are read at computed indices inside their users' kernels", "[fusion]") {
  // The backward of q, k, v (and a strided slice) of one projection: the slice_grads summed in
  // one kernel; a concat computed inside the elementwise kernel that reads it.
  Graph g = trainingStep(R"(
model: slices
inputs:
  x: f32[3, 5, 4]
  c: f32[3, 2, 4]
  y: f32[3, 7, 2]
  w: f32[3, 7, 4]
nodes:
  xc: concat(c, x, axis=1)
  qkv: linear(xc, out=6)
  q: slice(qkv, axis=2, start=0, end=2)
  k: slice(qkv, axis=2, start=2, end=4)
  v: slice(qkv, axis=2, start=4, end=6)
  odd: slice(qkv, axis=2, start=1, end=4, step=2)
  a: mul(q, k)
  b: mul(a, v)
  o: mul(odd, y)
  p: add(b, o)
  z: concat(x, c, axis=1)
  zw: mul(z, w)
  s1: mean(p)
  s2: mean(zw)
  total: add(s1, s2)
outputs: [p]
loss: total
)", 3, "slices_test.yaml");
  loops::Program p = loops::lower(g);
  int sliceGrads = 0;
  bool concatFused = false;
  for (const loops::Kernel& k : p.kernels)
    for (const std::string& f : k.fused) {
      sliceGrads += g.find(f)->op->name == "slice_grad";
      concatFused = concatFused || f == "z";
    }
  for (const loops::Step& s : p.steps) CHECK((s.kernel >= 0 || (s.node->op->name != "slice_grad" && s.node->op->name != "concat")));
  CHECK(sliceGrads == 4);  // summed into d.qkv inside one kernel
  CHECK(concatFused);      // z is read only by zw (xc feeds the linear: its own kernel)
  auto feeds = feedsFor(g, 8);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  checkStep(g, exec->run(feeds, opts), want, 1e-5);
}

TEST_CASE("losses are computed inside their gradient's kernel: sigmoid + BCE, BCE with logits, softmax + cross-entropy", "[fusion][norm]") {
  for (const char* loss : {"bce(prob, y)", "bce_logits(logit, y)", "cross_entropy(scores, t)"}) {
    DYNAMIC_SECTION(loss) {
      Spec spec = readSpecString(std::string(R"(
model: losses
inputs:
  x: f32[8, 6]
  y: f32[8, 1]
  t: i64[8]
nodes:
  logit: linear(x, out=1)
  prob: sigmoid(logit)
  scores: linear(x, out=5)
outputs: [prob, scores]
loss: )") + loss + R"(
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 8
  optimizer: sgd(lr=0.1)
  steps: 1
)",
                                 "losses_test.yaml");
      Graph g = compileGraph(spec, {}, true);
      loops::Program p = loops::lower(g);
      const std::string lossName = g.loss.node->name;
      bool merged = false;
      for (const loops::Step& s : p.steps) CHECK(s.node->name != lossName);  // no step of its own
      for (const loops::Kernel& k : p.kernels)
        if (std::count(k.fused.begin(), k.fused.end(), lossName)) merged = g.find(k.node)->id > g.loss.node->id;
      CHECK(merged);
      CHECK(loops::lower(g, {false, true}).kernels.size() > p.kernels.size());
      auto feeds = feedsFor(g, 12);
      for (int64_t i = 0; i < 8; ++i) feeds["t"].set(i, static_cast<double>(i % 5)), feeds["y"].set(i, static_cast<double>(i % 2));
      EvalOptions opts{DType::f32, true, 1, 1};
      Values want = evaluate(g, feeds, opts);
      std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
      checkStep(g, exec->run(feeds, opts), want, 1e-5);
    }
  }
}

TEST_CASE("matmul epilogues: a residual add runs inside the product's oneDNN call", "[fusion][matmul]") {
  // Training: the products' only user is the add (linear's backward reads x, not h). Forward:
  // with an activation (its backward would read h), the residual comes after bias and relu.
  for (bool train : {true, false}) {
    DYNAMIC_SECTION((train ? "training step" : "forward with an activation")) {
      Spec spec = readSpecString(std::string(R"(
model: residual
inputs:
  x: f32[64, 96]
  z: f32[64, 32]
params:
  w: f32[96, 32] ~ normal(std=0.1)
nodes:
  h: linear(x, out=96)") + (train ? "" : ", activation=relu") + R"()
  r: add(x, h)
  m: matmul(r, w)
  s: add(m, z)
  total: mean(s)
outputs: [s]
loss: total
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 64
  optimizer: sgd(lr=0.1)
  steps: 1
)",
                                     "residual_test.yaml");
      Graph g = compileGraph(spec, {}, train);
      loops::Program p = loops::lower(g);
      std::map<std::string, std::string> residual;  // product -> add
      for (const loops::Step& s : p.steps) {
        CHECK(s.node->name != "r");  // the adds have no step of their own
        CHECK(s.node->name != "s");
        if (s.residual) residual[s.node->name] = s.residual->name;
      }
      CHECK(residual["h"] == "r");
      CHECK(residual["m"] == "s");
      CHECK(bufferNamed(p, "h").fused);
      CHECK(bufferNamed(p, "m").fused);
      CHECK(loops::printProgram(p).find("call linear for %h + %x as %r  // oneDNN") != std::string::npos);
      auto feeds = feedsFor(g, 10);
      EvalOptions opts{DType::f32, true, 1, 1};
      Values want = evaluate(g, feeds, opts);
      std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g), plain = llvmgen::executorFactory({}, {false, true})(g);
      Values got = exec->run(feeds, opts);
      checkStep(g, got, want, 1e-5);
      checkStep(g, got, plain->run(feeds, opts), 1e-6);
      for (const loops::Step& s : loops::lower(g, {false, true}).steps) CHECK(!s.residual);
    }
  }
}

TEST_CASE("activation split: a training step computes linear's product once when gelu's backward needs it", "[fusion]") {
  Spec spec = readSpecString(R"(
model: mlp
inputs:
  x: f32[16, 12]
nodes:
  h: linear(x, out=24, activation=gelu)
  r: linear(h, out=8, activation=relu)
  total: mean(r)
outputs: [h]
loss: total
train:
  data: npz(train="train.npz", test="test.npz")
  batch: 16
  optimizer: sgd(lr=0.1)
  steps: 1
)",
                             "split_test.yaml");
  Graph step = compileGraph(spec, {}, true), forward = compileGraph(spec, {}, false);
  auto count = [](const Graph& g, const std::string& op) {
    int n = 0;
    for (const auto& np : g.nodes()) n += np->op->name == op;
    return n;
  };
  CHECK(count(step, "linear") == 2);  // h.pre and r: no recomputed product in the backward
  CHECK(step.find("h.pre") != nullptr);
  CHECK(step.find("h.act")->op->name == "gelu");
  CHECK(step.find("r")->s("activation") == "relu");  // relu's backward reads y: stays fused
  CHECK(std::any_of(step.notes.begin(), step.notes.end(), [](const std::string& s) { return s.find("%h split into %h.pre and %h.act") != std::string::npos; }));
  CHECK(forward.find("h")->s("activation") == "gelu");  // inference keeps the fused activation
  checkCompiledStep(step, feedsFor(step, 3));
}

TEST_CASE("derivative saving: gelu's derivative is stored by the forward's kernel and the backward multiplies", "[fusion]") {
  const std::string model = R"(
model: mlp
inputs:
  x: f32[16, 12]
nodes:
  h: linear(x, out=24, activation=gelu)
  d: dropout(h, p=0.25)
  r: linear(d, out=8)
  total: mean(r)
outputs: [r]
loss: total
)";
  Spec spec = trainingSpec(model, 16, "saving_test.yaml");
  Graph step = compileGraph(spec, {}, true);
  // The graph: gelu's backward is dropout(dy) times unary_grad(x, x) without dy.
  const Node* factor = step.find("h.pre.dgelu");
  REQUIRE(factor != nullptr);
  CHECK(factor->op->name == "unary_grad");
  CHECK(!factor->operands[2]);
  CHECK(factor->operands[0].node->name == "h.pre");
  const Node* grad = step.find("d.h.act");
  REQUIRE(grad != nullptr);
  CHECK(grad->op->name == "mul");
  CHECK(grad->operands[1].node == factor);
  // Bitwise the interpreter's step without the rewrite (the factor is the derivative the
  // backward multiplied by, rounded as before).
  Graph plain = buildGraph(spec, {});
  appendTrainingStep(plain, spec);
  auto feeds = feedsFor(step, 3);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(plain, feeds, opts), got = evaluate(step, feeds, opts);
  for (const auto& [param, v] : plain.grads) {
    INFO("grad " << param->name);
    Value mine;
    for (const auto& [q, w] : step.grads)
      if (q->name == param->name) mine = w;
    REQUIRE(mine);
    const Tensor &a = valueOf(want, v), &b = valueOf(got, mine);
    CHECK(std::memcmp(a.raw(), b.raw(), a.bytes()) == 0);
  }
  // The plan: a sibling of the forward's gelu + dropout kernel, no kernel of its own.
  loops::FusionPlan plan = loops::planFusion(step);
  CHECK(plan.with[factor->id] == step.find("d")->id);
  CHECK(loops::printFusion(step, plan).find("// also stores %h.pre.dgelu, in the same loop:") != std::string::npos);
  // The loops: the forward kernel stores both in one loop; the backward's has no erf or exp.
  loops::Program p = loops::lower(step);
  const std::string text = loops::printProgram(p);
  INFO(text);
  int forwardKernels = 0;
  for (const loops::Kernel& k : p.kernels) {
    if (k.node == "d") {
      ++forwardKernels;
      CHECK(k.also == std::vector<std::string>{"h.pre.dgelu"});
      const loops::Stmt& loop = *k.body.back();
      REQUIRE(loop.kind == loops::Stmt::Kind::For);
      CHECK(loop.body.size() == 2);
    }
    if (k.node == "d.h.act") {
      const size_t at = text.find("kernel @" + k.name), end = text.find("kernel @", at + 1);
      const std::string body = text.substr(at, end - at);
      CHECK(body.find("ncdf(") == std::string::npos);
      CHECK(body.find("exp(") == std::string::npos);
    }
  }
  CHECK(forwardKernels == 1);
  checkCompiledStep(step, feeds);  // compiled, against the interpreter
}

TEST_CASE("derivative saving: a factor no forward kernel can hold is computed in its reader", "[fusion]") {
  // gelu fused into softmax's row kernel: that kernel takes no sibling, so the factor fuses into
  // the backward's multiply, as unary_grad computed it before — no kernel stores it.
  const std::string model = R"(
model: rows
inputs:
  x: f32[6, 10]
nodes:
  h: linear(x, out=10, activation=gelu)
  s: softmax(h)
  total: mean(s)
outputs: [s]
loss: total
)";
  Graph step = trainingStep(model, 6, "saving_rows.yaml");
  const Node* factor = step.find("h.pre.dgelu");
  REQUIRE(factor != nullptr);
  loops::FusionPlan plan = loops::planFusion(step);
  CHECK(plan.with[factor->id] == -1);
  CHECK(plan.fused(factor->id));
  CHECK(step.nodes()[plan.into[factor->id]]->name == "d.h.act");
  loops::Program p = loops::lower(step);
  CHECK(std::none_of(p.kernels.begin(), p.kernels.end(), [](const loops::Kernel& k) { return k.node == "h.pre.dgelu"; }));
  checkCompiledStep(step, feedsFor(step, 5));
}

TEST_CASE("siblings: a loss gradient stored by an earlier kernel still computes its loss", "[fusion]") {
  // err = prob - y reads what bce's gradient reads, at its shape: the gradient's kernel becomes
  // err's sibling, so the loss cannot be computed inside it (mergeLosses) and gets its own.
  const std::string model = R"(
model: lossy
inputs:
  x: f32[8, 5]
  y: f32[8, 1]
nodes:
  logit: linear(x, out=1)
  prob: sigmoid(logit)
  err: sub(prob, y)
outputs: [err]
loss: bce(prob, y)
)";
  Graph step = trainingStep(model, 8, "sibling_loss.yaml");
  loops::FusionPlan plan = loops::planFusion(step);
  bool gradientIsSibling = false;
  for (const auto& np : step.nodes()) gradientIsSibling = gradientIsSibling || (plan.with[np->id] == step.find("err")->id);
  CHECK(gradientIsSibling);
  auto feeds = feedsFor(step, 7);
  for (int64_t i = 0; i < feeds["y"].numel(); ++i) feeds["y"].set(i, i % 2);
  checkCompiledStep(step, feeds);
}

TEST_CASE("pool before relu: maxpool2d(relu(x)) becomes relu(maxpool2d(x)) with the same values and gradients", "[fusion]") {
  // x in {-1, 0, 1} and a 1x1 convolution without bias: windows with ties, with exact zeros and
  // with no positive element — the cases where the two forms could route a gradient differently.
  // Tiling windows (stride 0 = kernel) and overlapping ones (stride 1).
  for (const char* stride : {"0", "1"}) {
    INFO("stride " << stride);
    auto spec = [&](bool reluIsOutput) {
      return trainingSpec(std::string(R"(
model: pool_relu
inputs:
  x: f32[B, 2, 6, 6]
nodes:
  c: conv2d(x, out=3, kernel=1)
  r: relu(c)
  p: maxpool2d(r, kernel=2, stride=)") + stride + R"()
  s: mul(p, p)
  total: mean(s)
outputs: [p)" + (reluIsOutput ? ", r]" : "]") + "\nloss: total\n",
                          4, "pool_relu.yaml");
    };
    Graph step = compileGraph(spec(false), {}, true), kept = compileGraph(spec(true), {}, true);
    Graph forwardGraph = compileGraph(spec(false), {}, false);
    for (const Graph* g : {&step, &forwardGraph}) {
      REQUIRE(g->find("p.max") != nullptr);
      CHECK(g->find("p.max")->operands[0].node->name == "c");
      CHECK(g->find("p.relu")->op->name == "relu");
      CHECK(g->find("r") == nullptr);
      CHECK(std::any_of(g->notes.begin(), g->notes.end(), [](const std::string& n) { return n.find("maxpool2d %p of relu %r reordered") != std::string::npos; }));
    }
    CHECK(kept.find("r") != nullptr);  // r is read by an output: left alone
    CHECK(kept.find("p.max") == nullptr);

    auto feeds = feedsFor(step, 5);
    Tensor& x = feeds.at("x");
    for (int64_t k = 0; k < x.numel(); ++k) x.set(k, static_cast<double>(static_cast<int64_t>(k * 7919 % 3) - 1));
    for (int64_t k = 0; k < feeds.at("c.bias").numel(); ++k) feeds.at("c.bias").set(k, 0.0);
    EvalOptions opts{DType::f32, true, 1, 1};
    Values a = evaluate(step, feeds, opts), b = evaluate(kept, feeds, opts);
    auto same = [](const Tensor& u, const Tensor& v) { return u.bytes() == v.bytes() && std::memcmp(u.raw(), v.raw(), u.bytes()) == 0; };
    CHECK(same(valueOf(a, step.outputs[0].second), valueOf(b, kept.outputs[0].second)));
    CHECK(valueOf(a, step.loss).get(0) == valueOf(b, kept.loss).get(0));
    for (size_t k = 0; k < step.grads.size(); ++k) {
      INFO("grad " << step.grads[k].first->name);
      REQUIRE(step.grads[k].first->name == kept.grads[k].first->name);
      CHECK(same(valueOf(a, step.grads[k].second), valueOf(b, kept.grads[k].second)));
    }
    const Tensor& dw = valueOf(a, step.grads[0].second);
    double norm = 0;
    for (int64_t k = 0; k < dw.numel(); ++k) norm += std::abs(dw.get(k));
    CHECK(norm > 0);

    // Compiled: the bias gradient, sum(maxpool2d_grad(c, dy)) over N, H, W, is computed as the sum
    // of dy — the pooled gradient — and agrees with the interpreter.
    std::string program = loops::printProgram(loops::lower(step));
    const Node* biasGrad = nullptr;
    for (const auto& [param, v] : step.grads)
      if (param->name == "c.bias") biasGrad = v.node;
    REQUIRE(biasGrad != nullptr);
    REQUIRE(biasGrad->operands[0].node->op->name == "maxpool2d_grad");
    const std::string dx = biasGrad->operands[0].node->name, dy = biasGrad->operands[0].node->operands[1].node->name;
    // The kernel's text: from its header to the next step.
    size_t at = program.find("_d_c_1  //");
    REQUIRE(at != std::string::npos);
    size_t end = std::min(program.find("\n  kernel", at), program.find("\n  call", at));
    std::string kernel = program.substr(at, end - at);
    INFO(kernel);
    // dy is read at the pooled shape, stored (overlapping windows: a library pool gradient reads
    // it; tiling ones: the weight gradient, conv2d_grad_weight_pooled, does, and the unpooled
    // gradient, read by nothing, is not computed) — never the full-size dx.
    CHECK(kernel.find("%" + dx + "[") == std::string::npos);
    CHECK(kernel.find("%" + dy + "[") != std::string::npos);
    const std::string weightGrad = step.grads[0].second.node->op->name;
    CHECK(weightGrad == (stride[0] == '0' ? "conv2d_grad_weight_pooled" : "conv2d_grad_weight"));
    const bool unpooled = program.find("_d_p_max  //") != std::string::npos || program.find("for %" + dx + "  //") != std::string::npos;
    CHECK(unpooled == (stride[0] != '0'));  // a generated kernel or a library call computing dx
    CHECK(kernel.find("in 0.." + std::string(stride[0] == '0' ? "9" : "25") + ":\n") != std::string::npos);  // a pooled plane, one row
    std::unique_ptr<Executor> exec = llvmgen::executorFactory()(step);
    checkStep(step, exec->run(feeds, opts), a, 1e-5);
  }
}

TEST_CASE("dropout: generated masks equal the reference kernel's bit for bit, and evaluation is the identity", "[fusion]") {
  Graph g = forward(R"(
model: drop
inputs:
  x: f32[64, 33]
nodes:
  t: tanh(x)
  d: dropout(t, p=0.3)
  s: scale(d, factor=2.0)
outputs: [s]
)");
  loops::Program p = loops::lower(g);
  REQUIRE(p.kernels.size() == 1);  // tanh, dropout and scale: one kernel
  CHECK(p.kernels[0].fused == std::vector<std::string>{"t", "d"});
  auto feeds = feedsFor(g, 4);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  for (uint64_t step : {1u, 2u, 1000u}) {
    EvalOptions opts{DType::f32, true, 77, step};
    Values want = evaluate(g, feeds, opts);
    Values got = exec->run(feeds, opts);
    const Tensor &w = valueOf(want, g.outputs[0].second), &h = valueOf(got, g.outputs[0].second);
    int zeros = 0, same = 0;
    for (int64_t i = 0; i < w.numel(); ++i) {
      zeros += w.get(i) == 0;
      same += (w.get(i) == 0) == (h.get(i) == 0);
    }
    CHECK(same == w.numel());                       // the same elements dropped
    CHECK(maxRelDiff(h, w) < 1e-6);                 // the kept ones scaled by 1 / (1 - p)
    CHECK(std::abs(zeros / 2112.0 - 0.3) < 0.05);  // about p of them
  }
  EvalOptions eval{DType::f32, false, 77, 1};
  CHECK(maxRelDiff(valueOf(exec->run(feeds, eval), g.outputs[0].second), valueOf(evaluate(g, feeds, eval), g.outputs[0].second)) < 1e-6);
}

TEST_CASE("convolution: few input channels run as a generated direct loop nest equal to the reference", "[matmul][conv]") {
  // C k² <= 16 without padding: generated (stride 1 and 2, with and without bias); padded or
  // wider ones and every gradient: oneDNN.
  Graph g = trainingStep(R"(
model: smallconv
inputs:
  x: f32[3, 1, 13, 12]
  y: f32[3, 4, 11, 10]
nodes:
  a: conv2d(x, out=4, kernel=3)
  b: conv2d(x, out=2, kernel=3, stride=2, bias=false)
  c: conv2d(x, out=2, kernel=3, padding=1)
  d: conv2d(a, out=3, kernel=3)
  fa: mul(a, y)
  ma: mean(fa)
  mb: mean(b)
  mc: mean(c)
  md: mean(d)
  s1: add(ma, mb)
  s2: add(mc, md)
  total: add(s1, s2)
outputs: [a, b]
loss: total
)", 3, "smallconv_test.yaml");
  loops::Program p = loops::lower(g);
  std::set<std::string> generated, onednn;
  for (const loops::Step& s : p.steps) {
    if (s.node->op->name != "conv2d") continue;
    (s.kernel >= 0 ? generated : onednn).insert(s.node->name);
  }
  CHECK(generated == std::set<std::string>{"a", "b"});
  CHECK(onednn == std::set<std::string>{"c", "d"});  // padded; 4 input channels: 36 taps
  auto feeds = feedsFor(g, 7);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  // The loss adds four means of either sign: its rounding error is relative to their sizes.
  double terms = 0;
  for (const char* t : {"ma", "mb", "mc", "md"}) terms += std::abs(valueOf(want, g.find(t)->result(0)).get(0));
  checkStep(g, exec->run(feeds, opts), want, 1e-5, terms);
}

TEST_CASE("convolution: Winograd's algorithm where the rule says it wins, equal to the reference and to the direct algorithm", "[matmul][conv]") {
  // 32 channels in and out, 3x3, stride 1: the forward and the weight gradient by Winograd; the
  // input gradient only where the convolution pads by 1 (d's, not b's); 16 output channels (e):
  // the direct algorithm throughout.
  Graph g = trainingStep(R"(
model: wino
inputs:
  x: f32[2, 32, 12, 12]
  y: f32[2, 32, 8, 8]
nodes:
  a: conv2d(x, out=32, kernel=3)
  b: conv2d(a, out=32, kernel=3)
  d: conv2d(b, out=32, kernel=3, padding=1)
  e: conv2d(x, out=16, kernel=3)
  fd: mul(d, y)
  md: mean(fd)
  me: mean(e)
  total: add(md, me)
outputs: [d, e]
loss: total
)", 2, "wino_test.yaml");
  loops::Program p = loops::lower(g);
  std::map<std::string, std::pair<int, int>> decided;  // op -> (Winograd, direct)
  std::vector<const Node*> winograd;
  for (const loops::Step& s : p.steps) {
    if (s.library != loops::Library::OneDnn || s.node->op->name.rfind("conv2d", 0) != 0) continue;
    CHECK(s.winograd == loops::winogradConvolution(*s.node));
    (s.winograd ? decided[s.node->op->name].first : decided[s.node->op->name].second)++;
    if (s.winograd) winograd.push_back(s.node);
    if (s.node->op->name == "conv2d_grad_input") CHECK(s.winograd == (s.node->i("padding") == 1));
  }
  CHECK(decided["conv2d"] == std::pair<int, int>{3, 1});
  CHECK(decided["conv2d_grad_weight"] == std::pair<int, int>{3, 1});
  CHECK(decided["conv2d_grad_input"] == std::pair<int, int>{1, 1});
  CHECK(loops::printProgram(p).find("// oneDNN, Winograd, wino_test.yaml:") != std::string::npos);
  // oneDNN has Winograd kernels for AVX-512 CPUs: there they run (else the direct ones do).
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
    for (const Node* n : winograd) {
      INFO(n->op->name << " %" << n->name);
      CHECK(OneDnnKernel(*n, false, std::nullopt, {true}).implementation().find("wino") != std::string::npos);
      CHECK(OneDnnKernel(*n).implementation().find("wino") == std::string::npos);
    }
  // Where oneDNN has no Winograd kernel (at most AVX2), the direct one runs: the dump shows the
  // plan, `sinter bench --profile` what ran.
  {
    const std::string spec = "/tmp/sinter_test_wino_" + std::to_string(getpid()) + ".yaml";
    {
      std::ofstream f(spec);
      f << "model: wino\ninputs:\n  x: f32[B, 32, 12, 12]\nnodes:\n  a: conv2d(x, out=32, kernel=3)\n  m: mean(a)\n"
           "outputs: [a]\nloss: m\ntrain:\n  data: npz(train=\"train.npz\", test=\"test.npz\")\n  batch: 2\n"
           "  optimizer: sgd(lr=0.1)\n  steps: 1\n";
    }
    auto [dumped, loopsText] = shell(std::string(SINTER_BINARY) + " dump " + spec + " --emit=loops");
    auto [ran, profile] = shell("ONEDNN_MAX_CPU_ISA=AVX2 " + std::string(SINTER_BINARY) + " bench " + spec + " --steps 2 --profile 2>&1");
    std::remove(spec.c_str());
    CHECK(dumped == 0);
    CHECK(loopsText.find("call conv2d for %a  // oneDNN, Winograd") != std::string::npos);
    CHECK(ran == 0);
    INFO(profile);
    CHECK(profile.find("conv2d %a (oneDNN)") != std::string::npos);
    CHECK(profile.find("Winograd") == std::string::npos);
  }
  auto feeds = feedsFor(g, 5);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run(feeds, opts);
  loops::LowerOptions directOnly;
  directOnly.winograd = false;
  std::unique_ptr<Executor> directExec = llvmgen::executorFactory({}, directOnly)(g);
  Values direct = directExec->run(feeds, opts);
  double terms = std::abs(valueOf(want, g.find("md")->result(0)).get(0)) + std::abs(valueOf(want, g.find("me")->result(0)).get(0));
  {
    INFO("winograd vs interpreter");
    checkStep(g, got, want, 1e-5, terms);
  }
  {
    INFO("direct vs interpreter");
    checkStep(g, direct, want, 1e-5, terms);
  }
  // Against the direct algorithm, relative to each result's largest element: Winograd rounds
  // differently (a few units in the last place), nothing more.
  auto relative = [](const Tensor& a, const Tensor& b) {
    double worst = 0, scale = 0;
    for (int64_t i = 0; i < b.numel(); ++i) worst = std::max(worst, std::fabs(a.get(i) - b.get(i))), scale = std::max(scale, std::fabs(b.get(i)));
    return worst / scale;
  };
  for (const auto& [name, v] : g.outputs) {
    INFO(name);
    CHECK(relative(valueOf(got, v), valueOf(direct, v)) < 1e-5);
  }
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(relative(valueOf(got, v), valueOf(direct, v)) < 1e-5);
  }
}

TEST_CASE("layout: values between convolutions and generated kernels are stored channel-blocked, with the plain layout's results", "[conv][fusion]") {
  // a's and b's outputs go to generated kernels (the dropout, the pool after the relu), d's to a
  // convolution; the gradients likewise. The dropout draws its mask by each element's plain index
  // (its kernel addresses the blocked values by division and remainder); the pool's and relu's
  // kernels run 16 channels a vector. b is 9x9: the pool's gradient zeroes its last row and
  // column, in blocks of 16 channels (the arena starts as NaNs: an element left unwritten shows).
  EnvVar poison("SINTER_POISON_ARENA", "1");
  Graph g = trainingStep(R"(
model: blocked
inputs:
  x: f32[2, 3, 13, 13]
  y: f32[2, 32, 4, 4]
nodes:
  a: conv2d(x, out=32, kernel=3)
  d: dropout(a, p=0.25)
  b: conv2d(d, out=32, kernel=3)
  r: relu(b)
  p: maxpool2d(r, kernel=2)
  f: mul(p, y)
  m: mean(f)
outputs: [p]
loss: m
)", 2, "blocked_test.yaml");
  loops::LowerOptions blockedOnly;
  blockedOnly.blockLayouts = true;  // (the default only where oneDNN computes in 16-channel blocks)
  loops::Program p = loops::lower(g, blockedOnly);
  std::set<std::string> blocked;
  for (const loops::Buffer& b : p.buffers)
    if (b.blockedChannels) blocked.insert(b.name);
  CHECK(blocked == std::set<std::string>{"a", "d", "b", "d.p.max", "d.b", "d.d"});
  int boundBlocked = 0;
  for (const loops::Step& s : p.steps) boundBlocked += s.library == loops::Library::OneDnn && s.blocked != 0;
  CHECK(boundBlocked == 5);  // both forwards, both weight gradients (a's reads x plain, d.a blocked), b's input gradient
  CHECK(loops::printProgram(p).find("nChw16c") != std::string::npos);
  loops::LowerOptions plainOnly;
  plainOnly.blockLayouts = false;
  for (const loops::Buffer& b : loops::lower(g, plainOnly).buffers) CHECK_FALSE(b.blockedChannels);

  auto feeds = feedsFor(g, 3);
  EvalOptions opts{DType::f32, true, 1, 1};
  Values want = evaluate(g, feeds, opts);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, blockedOnly)(g), plainExec = llvmgen::executorFactory({}, plainOnly)(g);
  Values got = exec->run(feeds, opts), plain = plainExec->run(feeds, opts);
  checkStep(g, got, want, 1e-5);
  // The same arithmetic per element: the forward's bits; the gradients' sums over positions may
  // vectorise differently along the blocked layout's strides (rounding only).
  const Tensor &gp = valueOf(got, g.outputs[0].second), &pp = valueOf(plain, g.outputs[0].second);
  CHECK(std::memcmp(gp.raw(), pp.raw(), gp.bytes()) == 0);
  CHECK(valueOf(got, g.loss).get(0) == valueOf(plain, g.loss).get(0));
  for (const auto& [param, v] : g.grads) {
    INFO("grad " << param->name);
    CHECK(maxRelDiff(valueOf(got, v), valueOf(plain, v)) < 1e-6);
  }
}

TEST_CASE("layout: an elementwise kernel between two blocked values stays one flat loop over them", "[conv][fusion]") {
  // a and r (and their gradients) are blocked; the relu and its gradient visit every element once
  // whatever the order, so their flat loops keep their plain indices: no division, no remainder.
  EnvVar poison("SINTER_POISON_ARENA", "1");
  Graph g = trainingStep(R"(
model: flatrelu
inputs:
  x: f32[2, 3, 10, 10]
nodes:
  a: conv2d(x, out=32, kernel=3)
  r: relu(a)
  b: conv2d(r, out=16, kernel=3)
  m: mean(b)
outputs: [b]
loss: m
)", 2, "flatrelu_test.yaml");
  loops::LowerOptions blockedOnly, plainOnly;
  blockedOnly.blockLayouts = true;
  plainOnly.blockLayouts = false;
  loops::Program p = loops::lower(g, blockedOnly);
  std::set<std::string> blocked;
  for (const loops::Buffer& b : p.buffers)
    if (b.blockedChannels) blocked.insert(b.name);
  CHECK(blocked.count("a"));
  CHECK(blocked.count("r"));
  CHECK(blocked.count("d.r"));
  const std::string text = loops::printProgram(p);
  CHECK(text.find("parallel for i0 in 0..4096:\n      %r[i0] = max(%a[i0], 0.0)") != std::string::npos);
  CHECK(text.find("rem(") == std::string::npos);
  auto feeds = feedsFor(g, 4);
  EvalOptions opts{DType::f32, true, 1, 1};
  std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, blockedOnly)(g), plainExec = llvmgen::executorFactory({}, plainOnly)(g);
  Values got = exec->run(feeds, opts), plain = plainExec->run(feeds, opts);
  checkStep(g, got, evaluate(g, feeds, opts), 1e-5);
  const Tensor &gb = valueOf(got, g.outputs[0].second), &pb = valueOf(plain, g.outputs[0].second);
  CHECK(std::memcmp(gb.raw(), pb.raw(), gb.bytes()) == 0);
}

TEST_CASE("loops: nests that walk memory as one run collapse into one loop, the others stay", "[fusion][loops]") {
  using namespace sinter::loops;
  auto forLoop = [](int v, int64_t extent, std::vector<StmtP> body) {
    auto s = std::make_shared<Stmt>(Stmt{Stmt::Kind::For, v, extent});
    s->body = std::move(body);
    return s;
  };
  auto store = [](int buffer, ExprP index, ExprP value) {
    auto s = std::make_shared<Stmt>(Stmt{Stmt::Kind::Store});
    s->buffer = buffer;
    s->index = std::move(index);
    s->value = std::move(value);
    return s;
  };
  auto affine = [](std::vector<std::pair<int, int64_t>> terms, int64_t base) {
    ExprP e = intConst(base);
    for (auto [v, stride] : terms) e = binary("add", e, binary("mul", var(v), intConst(stride)));
    return e;
  };
  Program p;
  p.buffers = {{"x", Type::f32, 1000, true}, {"y", Type::f32, 1000, true}};
  Kernel k;
  k.name = "k0";
  k.numVars = 9;
  // y[7 + 169 i0 + 13 i1 + i2] = x[2 + 338 i0 + 26 i1 + 2 i2]: all three collapse (stride 2 in x).
  k.body.push_back(forLoop(0, 3, {forLoop(1, 13, {forLoop(2, 13, {store(1, affine({{0, 169}, {1, 13}, {2, 1}}, 7),
                                                                           load(0, Type::f32, affine({{0, 338}, {1, 26}, {2, 2}}, 0)))})})}));
  // A pool window row: stride 52 for rows of 13 windows of stride 2 — not one run.
  k.body.push_back(forLoop(3, 13, {forLoop(4, 13, {store(1, affine({{3, 52}, {4, 2}}, 0), floatConst(0, Type::f32))})}));
  // The variable used as a value (a broadcast of i5 < 2) keeps the nest; extent 1 loops go.
  k.body.push_back(forLoop(5, 4, {forLoop(6, 5, {store(1, affine({{5, 5}, {6, 1}}, 0),
                                                      select(binary("lt", var(5), intConst(2)), floatConst(1, Type::f32), floatConst(0, Type::f32)))})}));
  k.body.push_back(forLoop(7, 1, {forLoop(8, 6, {store(1, affine({{7, 100}, {8, 1}}, 0), floatConst(2, Type::f32))})}));
  p.kernels.push_back(k);
  p.steps.push_back(Step{0});
  collapseLoops(p);
  const std::string text = printProgram(p);
  INFO(text);
  CHECK(text.find("for i2 in 0..507:\n      %y[(7 + (i2 * 1))] = %x[(i2 * 2)]") != std::string::npos);
  CHECK(text.find("for i3 in 0..13:\n      for i4 in 0..13:") != std::string::npos);
  CHECK(text.find("for i5 in 0..4:\n      for i6 in 0..5:") != std::string::npos);
  CHECK(text.find("for i7") == std::string::npos);
  CHECK(text.find("for i8 in 0..6:\n      %y[(i8 * 1)] = 2.0") != std::string::npos);
}

