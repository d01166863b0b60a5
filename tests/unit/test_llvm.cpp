// test_llvm.cpp — the LLVM CPU backend against the reference interpreter: every spec's forward
// results, gradients and updates, and whole training runs.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <unistd.h>

#include "codegen/llvm/backend.h"
#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;


// Every result the caller reads: outputs, loss, metrics, gradients, updates.
static std::vector<std::pair<std::string, Value>> readResults(const Graph& g) {
  std::vector<std::pair<std::string, Value>> out;
  for (const auto& [n, v] : g.outputs) out.push_back({"output " + n, v});
  if (g.loss) out.push_back({"loss", g.loss});
  for (const auto& [n, v] : g.metrics) out.push_back({"metric " + n, v});
  for (const auto& [p, v] : g.grads) out.push_back({"grad " + p->name, v});
  for (const auto& [p, v] : g.updates) out.push_back({"update " + p->name, v});
  return out;
}

// Feeds with the optimiser state of a run already under way (step 10, second moments about
// 1e-4). From zero state, Adam's first step divides each gradient by its own magnitude, so a
// gradient that is zero in exact arithmetic (count24's key bias: softmax ignores a shift common
// to every score) becomes ±lr from rounding noise alone, and no two summation orders agree.
static std::map<std::string, Tensor> warmFeeds(const Graph& g, uint64_t seed) {
  std::map<std::string, Tensor> feeds = feedsFor(g, seed);
  for (auto& [name, t] : feeds) {
    bool second = name.size() > 11 && name.substr(name.size() - 11) == "@exp_avg_sq";
    bool first = !second && name.size() > 8 && name.substr(name.size() - 8) == "@exp_avg";
    if (!first && !second) continue;
    for (int64_t i = 0; i < t.numel(); ++i) {
      double u = static_cast<double>((i * 2654435761u + seed) % 1000) / 1000.0;
      t.set(i, second ? 1e-4 * (0.5 + u) : 1e-3 * (u - 0.5));
    }
  }
  if (feeds.count("@step")) feeds["@step"].set(0, 10);
  return feeds;
}

static const char* kSpecs[] = {"count24",       "attention_basics", "attention_masked", "attention_worked", "imdb_lstm",   "imdb_lstm_last",
                               "imdb_mha",      "imdb_mha_masked",  "mnist_add",        "sparse_and_mlp",   "sparse_and_sat"};

TEST_CASE("llvm: every spec's compiled results equal the interpreter's", "[llvm]") {
  // Training steps both ways: as the trainer compiles them (outputs dropped) and with the outputs.
  for (const char* name : kSpecs)
  for (SpecOutputs outputs : {SpecOutputs::Dropped, SpecOutputs::Kept}) {
    DYNAMIC_SECTION(name << (outputs == SpecOutputs::Kept ? ", outputs kept" : "")) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      if (!spec.train && outputs == SpecOutputs::Kept) continue;
      Graph g = compileGraph(spec, {{"B", 2}}, spec.train.has_value(), {}, outputs);
      auto feeds = warmFeeds(g, 5);
      EvalOptions opts{DType::f32, true, 9, 1};
      Values want = evaluate(g, feeds, opts);
      std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
      Values got = exec->run(feeds, opts);
      got = exec->run(feeds, opts);  // a second run reuses the buffers and gives the same results
      for (const auto& [what, v] : readResults(g)) {
        INFO(name << ": " << what << " = " << v.ref());
        CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-4);
      }
    }
  }
}

TEST_CASE("llvm: fusion and memory planning change no number", "[llvm][fusion]") {
  // The same graph lowered four ways: fused or not, planned or not — bitwise the same results.
  for (const char* name : kSpecs) {
    DYNAMIC_SECTION(name) {
      Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
      Graph g = compileGraph(spec, {{"B", 3}}, spec.train.has_value(), {}, SpecOutputs::Dropped);
      auto feeds = feedsFor(g, 11);
      EvalOptions opts{DType::f32, true, 9, 1};
      std::unique_ptr<Executor> plain = llvmgen::executorFactory({}, {false, false})(g);
      Values want = plain->run(feeds, opts);
      for (loops::LowerOptions lo : {loops::LowerOptions{true, false}, loops::LowerOptions{false, true}, loops::LowerOptions{true, true}}) {
        std::unique_ptr<Executor> exec = llvmgen::executorFactory({}, lo)(g);
        Values got = exec->run(feeds, opts);
        for (const auto& [what, v] : readResults(g)) {
          INFO(name << " fuse=" << lo.fuse << " plan=" << lo.planMemory << ": " << what);
          CHECK(maxRelDiff(valueOf(got, v), valueOf(want, v)) < 1e-6);
        }
      }
    }
  }
}

TEST_CASE("llvm: 20 training steps of every spec give the interpreter's losses", "[llvm]") {
  // Each backend carries its own parameters and optimiser state from step to step on the same
  // random minibatches, so any drift between them accumulates.
  for (const char* name : kSpecs) {
    Spec spec = readSpec(kSrc + "/graphs/" + name + ".yaml");
    if (!spec.train) continue;
    DYNAMIC_SECTION(name) {
      Graph g = compileGraph(spec, {{"B", 4}}, true, {}, SpecOutputs::Dropped);  // as the trainer runs it
      std::unique_ptr<Executor> compiled = llvmgen::executorFactory()(g);
      std::map<std::string, Tensor> mine = warmFeeds(g, 21), theirs = mine;
      mine["@lr"].set(0, spec.train->optimizer.f("lr"));  // the recipe's rate
      theirs["@lr"] = mine["@lr"].clone();
      for (int step = 1; step <= 20; ++step) {
        for (auto& [n, t] : randomInputs(g, 100 + step))
          if (n[0] != '@') mine[n] = theirs[n] = t;
        Tensor stepT(DType::f32, {});
        stepT.set(0, 10 + step);
        mine["@step"] = theirs["@step"] = stepT;
        EvalOptions opts{DType::f32, true, 5, static_cast<uint64_t>(step)};
        Values want = evaluate(g, theirs, opts);
        Values got = compiled->run(mine, opts);
        double a = valueOf(want, g.loss).get(0), b = valueOf(got, g.loss).get(0);
        INFO(name << " step " << step << ": interp " << a << ", llvm " << b);
        CHECK(std::fabs(a - b) <= 1e-4 * std::max(1.0, std::fabs(a)));
        for (const auto& [node, v] : g.updates) {
          theirs[node->name] = valueOf(want, v).clone();
          mine[node->name] = valueOf(got, v).clone();
        }
      }
    }
  }
}

TEST_CASE("llvm: 20 training steps give the interpreter's losses", "[llvm]") {
  for (const char* name : {"count24", "sparse_and_sat", "sparse_and_mlp"}) {
    DYNAMIC_SECTION(name) {
      TrainOptions o;
      o.spec = kSrc + "/graphs/" + name + ".yaml";
      o.steps = 20;
      o.evalEvery = 5;
      o.quiet = true;
      o.outDir = std::string("/tmp/sinter_test_llvm_interp_") + name;
      REQUIRE(train(o) == 0);
      TrainOptions c = o;
      c.outDir = std::string("/tmp/sinter_test_llvm_") + name;
      c.backend = "llvm";
      c.executor = llvmgen::executorFactory();
      REQUIRE(train(c) == 0);
      std::string a = readFile(o.outDir + "/metrics.jsonl"), b = readFile(c.outDir + "/metrics.jsonl");
      std::stringstream sa(a), sb(b);
      std::string la, lb;
      int rows = 0;
      while (std::getline(sa, la) && std::getline(sb, lb)) {
        Json ra = Json::parse(la), rb = Json::parse(lb);
        for (const char* key : {"train_loss", "test_loss"}) {
          double x = ra.find(key)->number(), y = rb.find(key)->number();
          INFO(name << " step " << ra.find("step")->number() << " " << key << ": interp " << x << ", llvm " << y);
          CHECK(std::fabs(x - y) <= 1e-4 * std::max(1.0, std::fabs(x)));
        }
        ++rows;
      }
      CHECK(rows == 5);
    }
  }
}

TEST_CASE("llvm: generated kernels are vectorised for the target", "[llvm]") {
  auto [status, ir] = shell(std::string(SINTER_BINARY) + " dump " + kSrc + "/graphs/sparse_and_mlp.yaml --emit=llvm-opt --cpu=x86-64-v3");
  REQUIRE(status == 0);
  CHECK(ir.find("<8 x float>") != std::string::npos);  // AVX2: 8 floats per vector
  auto [status2, asmText] = shell(std::string(SINTER_BINARY) + " dump " + kSrc + "/graphs/sparse_and_mlp.yaml --emit=asm --cpu=x86-64-v3");
  REQUIRE(status2 == 0);
  CHECK(asmText.find("ymm") != std::string::npos);
}

TEST_CASE("llvm: kernels are vectorised at the host's full vector width", "[llvm]") {
  // The host target by default: AVX-512 gives 16 floats per vector, AVX2 8.
  std::string cpuinfo = readFile("/proc/cpuinfo");
  bool avx512 = cpuinfo.find(" avx512f") != std::string::npos, avx2 = cpuinfo.find(" avx2") != std::string::npos;
  auto [status, ir] = shell(std::string(SINTER_BINARY) + " dump " + kSrc + "/graphs/sparse_and_mlp.yaml --emit=llvm-opt");
  REQUIRE(status == 0);
  if (avx512) CHECK(ir.find("<16 x float>") != std::string::npos);
  else if (avx2) CHECK(ir.find("<8 x float>") != std::string::npos);
  else CHECK(ir.find("<4 x float>") != std::string::npos);  // x86-64's SSE2 baseline
}

TEST_CASE("llvm: stride-2 pool rows vectorise with wide loads and stores, not gathers and scatters", "[llvm]") {
  // 2x2 pools in the plain layout: mnist_add's first pool, rows of 13 windows over 26x26 planes
  // (the forward), and a pool gradient with rows of 5 over 11x11 planes (8 channels: no blocked
  // layout; 2 input channels: no pooled weight gradient) read and write every other element.
  // Masked, such rows became gathers and scatters (the gradient took 6.5 ms of a 41 ms step on
  // AMD); codegen asks for a scalar remainder instead, at the width with the fewest iterations (4
  // for rows of 13 or 5: xmm loads, stores and shuffles). mnist_add's second pool gradient works
  // on channel-blocked values (layout.cpp): 16 contiguous channels a vector, no shuffles needed.
  const std::string plainSpec = "/tmp/sinter_test_plain_pool_" + std::to_string(getpid()) + ".yaml";
  {
    std::ofstream f(plainSpec);
    f << "model: plain_pool\ninputs:\n  x: f32[B, 2, 13, 13]\n  y: f32[B, 8, 5, 5]\nnodes:\n"
         "  c: conv2d(x, out=8, kernel=3)\n  r: relu(c)\n  p: maxpool2d(r, kernel=2)\n  f: mul(p, y)\n  m: mean(f)\n"
         "outputs: [p]\nloss: m\ntrain:\n  data: npz(train=\"train.npz\", test=\"test.npz\")\n  batch: 32\n"
         "  optimizer: sgd(lr=0.1)\n  steps: 1\n";
  }
  struct Case {
    std::string spec, kernel;  // the kernel's name after "k<N>"
    bool blocked;
  };
  const Case cases[] = {{std::string(kSrc) + "/graphs/mnist_add.yaml", "_pool1_relu", false},
                        {std::string(kSrc) + "/graphs/mnist_add.yaml", "_d_pool2_max", true},
                        {plainSpec, "_d_p_max", false}};
  for (const char* cpu : {"skylake-avx512", "x86-64-v3"})
    for (const Case& c : cases) {
      auto [status, text] = shell(std::string(SINTER_BINARY) + " dump " + c.spec + " --emit=asm --cpu=" + cpu);
      REQUIRE(status == 0);
      std::smatch label;
      REQUIRE(std::regex_search(text, label, std::regex("\n(k[0-9]+" + c.kernel + "):\n")));
      size_t begin = label.position(0);
      size_t end = text.find(".Lfunc_end", begin);
      std::string body = text.substr(begin, end - begin);
      INFO(cpu << " " << label[1]);
      CHECK(body.find("gather") == std::string::npos);
      CHECK(body.find("scatter") == std::string::npos);
      CHECK(std::regex_search(body, std::regex("vmovups\t-?[0-9]*\\(")));  // packed loads from memory
      if (c.blocked) {
        // Whole vectors of channels: zmm on AVX-512, ymm on AVX2.
        CHECK(body.find(std::string(cpu) == "skylake-avx512" ? "%zmm" : "%ymm") != std::string::npos);
      } else {
        // The rows split into even and odd elements by shuffles.
        CHECK(std::regex_search(body, std::regex("vshufps|vpermt2ps|vpermps|vunpcklps")));
      }
    }
  std::remove(plainSpec.c_str());
}

TEST_CASE("dump: --dump-dir writes every stage of the pipeline, one file each", "[llvm][cli]") {
  std::string dir = "/tmp/sinter_test_dump_dir";
  auto [status, out] = shell("rm -rf " + dir + " && " + std::string(SINTER_BINARY) + " dump " + kSrc +
                             "/graphs/count24.yaml --bind B=4 --cpu=x86-64-v3 --dump-dir " + dir);
  REQUIRE(status == 0);
  for (const char* f : {"graph.txt", "grad.txt", "simplified.txt", "loops.txt", "llvm.ll", "llvm-opt.ll", "asm.s"}) {
    INFO(f);
    CHECK(!readFile(dir + "/" + f).empty());
  }
  CHECK(readFile(dir + "/grad.txt").find("adam_update") != std::string::npos);
  CHECK(readFile(dir + "/loops.txt").find("kernel @") != std::string::npos);
  CHECK(readFile(dir + "/llvm.ll").find("define void @k0_") != std::string::npos);
}

TEST_CASE("run: --backend llvm writes the interpreter's numbers", "[llvm][cli]") {
  for (const char* backend : {"interp", "llvm"}) {
    auto [status, out] = shell(std::string(SINTER_BINARY) + " run " + kSrc + "/graphs/attention_worked.yaml --data worked_example --backend " +
                               backend + " --output /tmp/sinter_test_run_" + backend);
    REQUIRE(status == 0);
  }
  for (const char* name : {"Q", "att", "att.weights"}) {
    INFO(name);
    Tensor a = readNpy(std::string("/tmp/sinter_test_run_interp/") + name + ".npy");
    Tensor b = readNpy(std::string("/tmp/sinter_test_run_llvm/") + name + ".npy");
    CHECK(maxRelDiff(b, a) < 1e-6);
  }
}

TEST_CASE("llvm: float log is an inline polynomial accurate to a few ulps, with IEEE special values", "[llvm]") {
  Spec spec = readSpecString(R"(
model: logs
inputs:
  x: f32[6010]
nodes:
  l: log(x)
outputs: [l]
)",
                             "logs.yaml");
  Graph g = compileGraph(spec, {}, false);
  Tensor x(DType::f32, {6010});
  // Every binade from 2^-126 to 2^127 (several points in each, both sides of sqrt(1/2) and 1),
  // then special values.
  int i = 0;
  for (int e = -126; e <= 127 && i < 6000; ++e)
    for (double m : {1.0, 1.1, 1.3, 1.41, 1.4143, 1.5, 1.75, 1.999, 0.99999 * 2, 1.0000001, 1.2, 1.6, 1.9, 1.45, 1.05, 1.35, 1.8, 1.25, 1.7, 1.15, 1.55, 1.85, 1.33})
      if (i < 6000) x.set(i++, std::ldexp(m, e));
  while (i < 6000) x.set(i, 0.5 + 0.001 * i), ++i;
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> special = {0.0, -0.0, -1.0, inf, -inf, std::numeric_limits<double>::quiet_NaN(), 1.0, 1e-45, 2.0, 0.5};
  for (size_t k = 0; k < special.size(); ++k) x.set(6000 + static_cast<int64_t>(k), special[k]);
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run({{"x", x}}, EvalOptions{});
  const Tensor& y = valueOf(got, g.outputs[0].second);
  for (int k = 0; k < 6000; ++k) {
    double xi = x.get(k), want = std::log(static_cast<double>(static_cast<float>(xi))), have = y.get(k);
    INFO("log(" << xi << ") = " << have << ", want " << want);
    CHECK(std::fabs(have - want) <= 2.5e-7 * std::fabs(want) + 1.2e-7);  // a few ulps of the result, or of 1 near x = 1
  }
  CHECK(y.get(6000) == -inf);
  CHECK(y.get(6001) == -inf);            // log(-0) = -inf, as libm
  CHECK(std::isnan(y.get(6002)));        // negative
  CHECK(y.get(6003) == inf);
  CHECK(std::isnan(y.get(6004)));        // -inf
  CHECK(std::isnan(y.get(6005)));        // NaN propagates
  CHECK(y.get(6006) == 0.0);
  CHECK(y.get(6007) == -inf);            // a denormal: flushed to 0, as compiled steps run
  CHECK(y.get(6008) == Approx(std::log(2.0)).epsilon(1e-7));
  CHECK(y.get(6009) == Approx(std::log(0.5)).epsilon(1e-7));
}

TEST_CASE("llvm: float exp, tanh and the normal CDF are inline polynomials accurate to a few ulps, with IEEE special values", "[llvm]") {
  // The compiled kernels evaluate exp, tanh and Φ (gelu) as straight-line IR so that loops
  // vectorise; each element is compared with libm in double, relative to the value itself.
  Spec spec = readSpecString(R"(
model: math
inputs:
  x: f32[4003]
nodes:
  e: exp(x)
  t: tanh(x)
  g: gelu(x)
  s: sigmoid(x)
outputs: [e, t, g, s]
)",
                             "math.yaml");
  Graph g = compileGraph(spec, {}, false);
  Tensor x(DType::f32, {4003});
  for (int i = 0; i < 4000; ++i) x.set(i, -95.0 + 190.0 * i / 3999.0 + (i % 7) * 1e-3);
  x.set(4000, std::numeric_limits<double>::infinity());
  x.set(4001, -std::numeric_limits<double>::infinity());
  x.set(4002, std::numeric_limits<double>::quiet_NaN());
  std::unique_ptr<Executor> exec = llvmgen::executorFactory()(g);
  Values got = exec->run({{"x", x}}, EvalOptions{});
  // tol: relative to the value; square: relative, times x² (Φ's exp(-x²/2) in float: x² rounds
  // to 2^-24 relative, which the exponent multiplies by x²/2).
  auto check = [&](const char* name, double (*fn)(double), double tol, double square = 0) {
    const Tensor& y = valueOf(got, g.outputs[name == std::string("e") ? 0 : name == std::string("t") ? 1 : name == std::string("g") ? 2 : 3].second);
    for (int i = 0; i < 4002; ++i) {
      double xi = static_cast<float>(x.get(i)), want = static_cast<float>(fn(xi)), have = y.get(i);  // float: overflow is inf
      INFO(name << "(" << xi << ") = " << have << ", want " << want);
      if (std::isnan(want)) CHECK(std::isnan(have));  // gelu(-inf) = -inf · 0
      else if (std::isinf(want) || want == 0 || std::isinf(xi)) CHECK(have == want);
      else if (std::fabs(want) < 1e-37) CHECK(std::fabs(have) < 1e-37);  // float's denormal range: flushed
      else CHECK(std::fabs(have - want) <= (tol + square * xi * xi) * std::fabs(want));
    }
    CHECK(std::isnan(y.get(4002)));
  };
  check("e", [](double v) { return std::exp(v); }, 5e-7);
  check("t", [](double v) { return std::tanh(v); }, 5e-7);
  // Φ(v) as erfc(-v/√2)/2: 1 + erf(v/√2) cancels in the lower tail even in double (0 below
  // v ≈ -8.3, where gelu is still a normal float down to v ≈ -13).
  check("g", [](double v) { return v * 0.5 * std::erfc(-v / std::sqrt(2.0)); }, 2e-6, 6e-8);
  check("s", [](double v) { return 1 / (1 + std::exp(-v)); }, 5e-7);
}
