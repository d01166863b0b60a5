// lanes_handover.cpp — what handing work between two lanes costs on this machine
// (runtime/threads.h's runOnLanes, the executor's lanes; docs/benchmarks.md):
//   - how long after a job is published the helper starts its lane (median, p90, p99);
//   - a round trip of one cache line between the two lanes;
//   - copying data the other lane has just written against data this lane wrote (GB/s), the
//     rate the lanes plan charges for the bytes a step reads from the other lane.
//
//   build/bench/sinter_bench_lanes [--reps N]
//
// One JSON line per measurement. Needs two cores (threads 2).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/threads.h"

using namespace sinter;
using Clock = std::chrono::steady_clock;

namespace {

double us(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::micro>(b - a).count(); }

void busyFor(double micros) {
  const Clock::time_point end = Clock::now() + std::chrono::nanoseconds(static_cast<int64_t>(micros * 1e3));
  while (Clock::now() < end) spinPause();
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 2000;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--reps") reps = std::max(10, std::atoi(argv[i + 1]));
  setThreadCount(2);

  // Helper start: lane 0 publishes a job and works 50 µs; lane 1 notes when it starts. Jobs 20 µs
  // apart, as a small training step's runs are.
  std::vector<double> start;
  for (int r = 0; r < reps; ++r) {
    const Clock::time_point published = Clock::now();
    Clock::time_point begun;
    runOnLanes(2, [&](int lane) {
      if (lane == 1) begun = Clock::now();
      else busyFor(50);
    });
    start.push_back(us(published, begun));
    busyFor(20);
  }
  std::printf("{\"measure\": \"helper start\", \"median_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f}\n", percentile(start, 0.5),
              percentile(start, 0.9), percentile(start, 0.99));

  // Round trip: the lanes take turns incrementing one counter.
  alignas(64) std::atomic<int> turn{0};
  const int trips = 100000;
  Clock::time_point t0 = Clock::now();
  runOnLanes(2, [&](int lane) {
    for (int k = 0; k < trips; ++k) {
      while (turn.load(std::memory_order_acquire) != 2 * k + lane) spinPause();
      turn.store(2 * k + lane + 1, std::memory_order_release);
    }
  });
  std::printf("{\"measure\": \"round trip\", \"us\": %.3f}\n", us(t0, Clock::now()) / trips);

  // Copying what the other lane just wrote, against what this lane wrote.
  for (size_t kb : {64, 256, 1024}) {
    const size_t n = kb * 1024 / sizeof(float);
    std::vector<float> src(n), dst(n);
    std::vector<double> other, own;
    const int copies = std::max(20, reps / 20);
    for (int r = 0; r < copies; ++r) {
      alignas(64) std::atomic<int> written{0};
      double copied = 0;
      runOnLanes(2, [&](int lane) {
        if (lane == 1) {
          for (size_t i = 0; i < n; ++i) src[i] = static_cast<float>(r + i);
          written.store(1, std::memory_order_release);
          return;
        }
        while (!written.load(std::memory_order_acquire)) spinPause();
        const Clock::time_point a = Clock::now();
        std::memcpy(dst.data(), src.data(), n * sizeof(float));
        copied = us(a, Clock::now());
      });
      other.push_back(copied);
      for (size_t i = 0; i < n; ++i) src[i] = static_cast<float>(r + i);
      const Clock::time_point a = Clock::now();
      std::memcpy(dst.data(), src.data(), n * sizeof(float));
      own.push_back(us(a, Clock::now()));
    }
    const double bytes = static_cast<double>(n * sizeof(float));
    std::printf("{\"measure\": \"copy\", \"kib\": %zu, \"other_lane_gb_s\": %.1f, \"own_gb_s\": %.1f}\n", kb, bytes / percentile(other, 0.5) / 1e3,
                bytes / percentile(own, 0.5) / 1e3);
  }
}
