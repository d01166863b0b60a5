// matmul_dispatch.cpp — measures the three ways a matrix product can run (generated loop nest,
// oneDNN, the reference Eigen kernel) on the shapes sinter's specs use and on a grid around them,
// to derive chooseMatmul's rule (compiler/loops/lower.cpp; docs/benchmarks.md).
//
//   build/bench/sinter_bench_matmul [--reps N]
//
// Prints one JSON line per (form, M, K, N): the median time per call in microseconds of each
// implementation over N timed repetitions (default 7), each repetition as many calls as fit in
// ~20 ms, and the ratio generated/oneDNN. Only the product is timed (ProgramExecutor::rerun).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "codegen/llvm/backend.h"
#include "compiler/passes/passes.h"
#include "runtime/interpreter.h"

using namespace sinter;

static double medianMicros(ProgramExecutor& exec, int reps) {
  EvalOptions opts{DType::f32, false, 1, 1};
  auto once = [&] { exec.rerun(opts); };
  // Calibrate: calls per ~20 ms.
  auto t0 = std::chrono::steady_clock::now();
  int64_t calls = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 0.02) once(), ++calls;
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    auto a = std::chrono::steady_clock::now();
    for (int64_t c = 0; c < calls; ++c) once();
    times.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count() / static_cast<double>(calls));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int main(int argc, char** argv) {
  int reps = 7;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--reps") reps = std::stoi(argv[i + 1]);
  struct Case {
    const char* form;  // matmul: [M,K]x[K,N]; linear: x [M,K], W [N,K], bias, no activation
    int64_t m, k, n;
  };
  std::vector<Case> cases = {
      // shapes from graphs/: count24, sparse_and, imdb_mha, mnist_add (batch rows x features)
      {"linear", 5000, 5, 5},  {"linear", 500, 1, 200},  {"linear", 500, 200, 1}, {"matmul", 5, 5000, 5},
      {"linear", 1500, 64, 64}, {"linear", 50, 1920, 64}, {"linear", 2048, 64, 64}, {"linear", 32, 800, 128},
  };
  for (int64_t m : {16, 256, 4096})
    for (int64_t k : {1, 8, 32, 128, 512})
      for (int64_t n : {1, 8, 32, 128, 512}) cases.push_back({"linear", m, k, n}), cases.push_back({"matmul", m, k, n});

  for (const Case& c : cases) {
    std::string yaml = "model: mm\ninputs:\n  x: f32[" + std::to_string(c.m) + ", " + std::to_string(c.k) + "]\n";
    if (std::string(c.form) == "matmul")
      yaml += "  w: f32[" + std::to_string(c.k) + ", " + std::to_string(c.n) + "]\nnodes:\n  y: matmul(x, w)\n";
    else
      yaml += "nodes:\n  y: linear(x, out=" + std::to_string(c.n) + ")\n";
    yaml += "outputs: [y]\n";
    Graph g = compileGraph(readSpecString(yaml, "bench.yaml"), {}, false);
    std::map<std::string, Tensor> feeds = initParams(g, 1);
    for (auto& [name, t] : randomInputs(g, 1)) feeds[name] = t;
    double us[3];
    loops::MatmulImpl impls[3] = {loops::MatmulImpl::Generated, loops::MatmulImpl::OneDnn, loops::MatmulImpl::Reference};
    for (int i = 0; i < 3; ++i) {
      loops::LowerOptions lo;
      lo.matmul = impls[i];
      std::unique_ptr<Executor> e = llvmgen::executorFactory({}, lo)(g);
      auto& exec = dynamic_cast<ProgramExecutor&>(*e);
      exec.run(feeds, EvalOptions{DType::f32, false, 1, 1});
      us[i] = medianMicros(exec, reps);
    }
    double flops = 2.0 * static_cast<double>(c.m * c.k * c.n);
    std::printf("{\"form\": \"%s\", \"m\": %lld, \"k\": %lld, \"n\": %lld, \"generated_us\": %.3f, \"onednn_us\": %.3f, \"reference_us\": %.3f, "
                "\"generated_over_onednn\": %.3f, \"onednn_gflops\": %.2f, \"generated_gflops\": %.2f}\n",
                c.form, static_cast<long long>(c.m), static_cast<long long>(c.k), static_cast<long long>(c.n), us[0], us[1], us[2], us[0] / us[1],
                flops / us[1] / 1e3, flops / us[0] / 1e3);
    std::fflush(stdout);
  }
  return 0;
}
