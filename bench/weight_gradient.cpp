// weight_gradient.cpp — the LSTM's whole-sequence weight gradients, C [m, n] = Aᵀ·B with k =
// time × batch: runtime/lstm.cpp's register-blocked kernel against a oneDNN matmul, on the shapes
// of imdb_lstm (m = 4h = 128; n = 64, 32; k = 8000, 7968 with a row stride) and mnist_add.
//
//   build/bench/sinter_bench_weight_gradient [--reps N] [--threads N]
//
// One JSON line per shape: median microseconds per call of each (N repetitions, default 9, of as
// many calls as fit in ~20 ms, the two interleaved), GFLOP/s, and the largest difference.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "runtime/lstm.h"
#include "runtime/onednn_internal.h"
#include "runtime/threads.h"

using namespace sinter;

static double micros(const std::function<void()>& f, int64_t calls) {
  auto a = std::chrono::steady_clock::now();
  for (int64_t c = 0; c < calls; ++c) f();
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count() / static_cast<double>(calls);
}

int main(int argc, char** argv) {
  int reps = 9;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--reps") reps = std::stoi(argv[++i]);
    if (std::string(argv[i]) == "--threads") setThreadCount(std::stoi(argv[++i]));
  }
  struct Case { const char* name; int64_t m, n, k, lda, ldb; };
  const Case cases[] = {
      {"imdb_lstm dW_ih layer 0", 128, 64, 8000, 128, 64},  {"imdb_lstm dW_ih layer 1", 128, 32, 8000, 128, 32},
      {"imdb_lstm dW_hh", 128, 32, 7968, 128, 32},          {"mnist_add dW_ih (bidirectional)", 256, 256, 96, 256, 256},
      {"mnist_add dW_hh", 256, 64, 64, 256, 128},
  };
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> u(-1, 1);
  for (const Case& c : cases) {
    std::vector<float> A(c.k * c.lda), B(c.k * c.ldb), C1(c.m * c.n), C2(c.m * c.n);
    for (float& x : A) x = u(rng);
    for (float& x : B) x = u(rng);
    Gemm gemm({c.m, c.n, c.k, true, false, c.lda, c.ldb, 0, false, false});
    auto ours = [&] { weightGradient(A.data(), c.lda, B.data(), c.ldb, C1.data(), c.m, c.n, c.k); };
    auto onednn = [&] { gemm(A.data(), B.data(), C2.data()); };
    ours(), onednn();
    double diff = 0;
    for (int64_t i = 0; i < c.m * c.n; ++i) diff = std::max(diff, static_cast<double>(std::fabs(C1[i] - C2[i])));
    int64_t calls = std::max<int64_t>(1, static_cast<int64_t>(20000 / std::max(1.0, micros(onednn, 3))));
    std::vector<double> a, b;
    for (int r = 0; r < reps; ++r) a.push_back(micros(ours, calls)), b.push_back(micros(onednn, calls));
    std::sort(a.begin(), a.end()), std::sort(b.begin(), b.end());
    const double flops = 2.0 * static_cast<double>(c.m * c.n * c.k), x = a[a.size() / 2], y = b[b.size() / 2];
    std::printf("{\"shape\": \"%s\", \"m\": %lld, \"n\": %lld, \"k\": %lld, \"threads\": %d, \"ours_us\": %.1f, \"onednn_us\": %.1f, "
                "\"ours_gflops\": %.1f, \"onednn_gflops\": %.1f, \"max_abs_diff\": %.2g}\n",
                c.name, static_cast<long long>(c.m), static_cast<long long>(c.n), static_cast<long long>(c.k), threadCount(), x, y, flops / x / 1e3,
                flops / y / 1e3, diff);
  }
}
