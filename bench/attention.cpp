// attention.cpp — sinter's fused attention kernel (runtime/flash_attention.h, what `attention`
// and `mha` nodes run in a compiled step) forward + backward: time, GFLOP/s and peak memory per
// sequence length; the peer of bench/pytorch_attention.py (same shapes, same FLOP count).
//
//   build/bench/sinter_bench_attention [--B 8] [--H 4] [--D 64] [--N 256,1024,4096] [--causal 0|1]
//                                      [--reps 3] [--threads 1]
//
// q, k, v [B, H, N, D] random; forward (out, lse), then backward (dq, dk, dv) from a fixed dout.
// Each N runs in a forked child so peak_rss_bytes (getrusage) is that N's peak alone; baseline_rss_bytes
// is the child's peak before allocating anything. FLOPs: forward 4·B·H·N²·D, backward 2.5× that,
// halved when causal. One JSON line per N:
//   {"impl": "sinter", "N", "B", "H", "D", "causal", "threads", "fwd_bwd_ms", "gflops",
//    "peak_rss_bytes", "baseline_rss_bytes", "tensor_bytes", "nxn_bytes", "isa"}
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/flash_attention.h"
#include "runtime/threads.h"

using namespace sinter;

static int64_t peakRss() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<int64_t>(ru.ru_maxrss) * 1024;
}

static void runOne(int64_t b, int64_t h, int64_t n, int64_t d, bool causal, int reps) {
  const int64_t baseline = peakRss();
  const int64_t elems = b * h * n * d;
  std::vector<float> q(elems), k(elems), v(elems), out(elems), dout(elems), dq(elems), dk(elems), dv(elems), lse(b * h * n);
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  for (auto* t : {&q, &k, &v, &dout})
    for (float& x : *t) x = normal(rng);
  AttentionProblem p = AttentionProblem::dense(b, h, n, n, d, d, 1.0f / std::sqrt(static_cast<float>(d)), causal);
  std::vector<double> ms;
  for (int r = 0; r <= reps; ++r) {  // the first is a warm-up
    auto t0 = std::chrono::steady_clock::now();
    flashAttentionForward(p, q.data(), k.data(), v.data(), out.data(), lse.data());
    flashAttentionBackward(p, q.data(), k.data(), v.data(), out.data(), dout.data(), lse.data(), dq.data(), dk.data(), dv.data());
    double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (r > 0) ms.push_back(t);
  }
  std::sort(ms.begin(), ms.end());
  const double med = ms[ms.size() / 2];
  const double flops = 3.5 * 4.0 * static_cast<double>(b * h) * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(d) * (causal ? 0.5 : 1.0);
  std::printf(
      "{\"impl\": \"sinter\", \"N\": %lld, \"B\": %lld, \"H\": %lld, \"D\": %lld, \"causal\": %d, \"threads\": %d, \"fwd_bwd_ms\": %.3f, "
      "\"gflops\": %.2f, \"peak_rss_bytes\": %lld, \"baseline_rss_bytes\": %lld, \"tensor_bytes\": %lld, \"nxn_bytes\": %lld, \"isa\": \"%s\"}\n",
      static_cast<long long>(n), static_cast<long long>(b), static_cast<long long>(h), static_cast<long long>(d), causal ? 1 : 0, threadCount(),
      med, flops / med / 1e6, static_cast<long long>(peakRss()), static_cast<long long>(baseline), static_cast<long long>((8 * elems + b * h * n) * 4),
      static_cast<long long>(b * h * n * n * 4), flashAttentionIsa());
  std::fflush(stdout);
}

int main(int argc, char** argv) {
  int64_t b = 8, h = 4, d = 64;
  int reps = 3, threads = 1;
  bool causal = false;
  std::vector<int64_t> ns = {256, 1024, 4096};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string o = argv[i], v = argv[i + 1];
    if (o == "--B") b = std::stoll(v);
    else if (o == "--H") h = std::stoll(v);
    else if (o == "--D") d = std::stoll(v);
    else if (o == "--causal") causal = v == "1";
    else if (o == "--reps") reps = std::stoi(v);
    else if (o == "--threads") threads = std::stoi(v);
    else if (o == "--N") {
      ns.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) ns.push_back(std::stoll(x));
    } else {
      std::fprintf(stderr, "unknown option %s\n", o.c_str());
      return 2;
    }
  }
  setThreadCount(threads);
  for (int64_t n : ns) {
    pid_t pid = fork();
    if (pid == 0) {
      runOne(b, h, n, d, causal, reps);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  return 0;
}
