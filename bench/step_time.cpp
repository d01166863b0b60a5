// step_time.cpp — the median time of one compiled training step of a spec, under each way of
// running its convolutions and matrix products, on random feeds (no data loading, no feed
// copies: ProgramExecutor::rerun). Derives and checks chooseConvolution (docs/benchmarks.md).
//
//   OMP_NUM_THREADS=1 build/bench/sinter_bench_step graphs/mnist_add.yaml [--reps N] [--bind B=N]
//
// Prints one JSON line per configuration: {"spec", "config", "step_ms"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "codegen/llvm/backend.h"
#include "compiler/passes/passes.h"
#include "runtime/interpreter.h"

using namespace sinter;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sinter_bench_step SPEC [--reps N] [--bind DIM=N]\n");
    return 2;
  }
  std::string path = argv[1];
  int reps = 7;
  Bindings b;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string o = argv[i], v = argv[i + 1];
    if (o == "--reps") reps = std::stoi(v);
    if (o == "--bind") b[v.substr(0, v.find('='))] = std::stoll(v.substr(v.find('=') + 1));
  }
  Spec spec = readSpec(path);
  Graph g = compileGraph(spec, b, spec.train.has_value());
  std::map<std::string, Tensor> feeds = randomFeeds(g, 1, 1e-3);
  struct Config {
    const char* name;
    loops::MatmulImpl matmul, conv;
  };
  for (Config c : {Config{"auto", loops::MatmulImpl::Auto, loops::MatmulImpl::Auto},
                   Config{"conv=reference", loops::MatmulImpl::Auto, loops::MatmulImpl::Reference},
                   Config{"conv=onednn", loops::MatmulImpl::Auto, loops::MatmulImpl::OneDnn},
                   Config{"all reference", loops::MatmulImpl::Reference, loops::MatmulImpl::Reference}}) {
    loops::LowerOptions lo;
    lo.matmul = c.matmul, lo.convolution = c.conv;
    std::unique_ptr<Executor> e = llvmgen::executorFactory({}, lo)(g);
    auto& exec = dynamic_cast<ProgramExecutor&>(*e);
    EvalOptions opts{DType::f32, true, 1, 1};
    exec.run(feeds, opts);  // warm-up
    std::vector<double> ms;
    for (int r = 0; r < reps; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      exec.rerun(opts);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"spec\": \"%s\", \"config\": \"%s\", \"step_ms\": %.3f}\n", path.c_str(), c.name, ms[ms.size() / 2]);
    std::fflush(stdout);
  }
  return 0;
}
