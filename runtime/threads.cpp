#include "runtime/threads.h"

#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <chrono>
#include <thread>
#include <vector>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sinter {

namespace {

int defaultThreads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS")) {
    int v = std::atoi(env);
    if (v >= 1) return v;
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, omp_get_num_procs());
}

int& current() {
  static int n = [] {
    int v = defaultThreads();
    omp_set_num_threads(v);
    return v;
  }();
  return n;
}

}  // namespace

namespace {

thread_local int serialDepth = 0;

// The helper threads of runOnLanes. A job is published in `generation`: a counter above the
// job's lane count (low 8 bits), one word so that a helper that slept through a job never pairs
// one job's count with another's. Helper k runs lane k when k < lanes, then counts itself off in
// `remaining`. Helpers spin on the generation
// for kSpin (longer than a small training step, so that a training loop never wakes them)
// before sleeping on it (a futex: ~10–50 µs to wake in a VM); the caller only issues the wake-up
// system call when some helper sleeps.
class Crew {
 public:
  void run(int lanes, const std::function<void(int)>& work) {
    grow(lanes - 1);
    job_ = &work;
    remaining_.store(lanes - 1, std::memory_order_relaxed);
    const uint64_t next = ((generation_.load(std::memory_order_relaxed) >> 8) + 1) << 8 | static_cast<uint64_t>(lanes);
    generation_.store(next, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) generation_.notify_all();
    work(0);
    spinUntil([&] { return remaining_.load(std::memory_order_acquire) == 0; });  // yields when a helper has no free core
  }

 private:
  static constexpr std::chrono::microseconds kSpin{300};

  void grow(int helpers) {
    while (static_cast<int>(threads_.size()) < helpers) {
      const int lane = static_cast<int>(threads_.size()) + 1;
      threads_.emplace_back([this, lane, seen = generation_.load()]() mutable { loop(lane, seen); });
      threads_.back().detach();  // the crew lives as long as the process
    }
  }

  void loop(int lane, uint64_t seen) {
    for (;;) {
      uint64_t g = generation_.load(std::memory_order_acquire);
      const auto until = std::chrono::steady_clock::now() + kSpin;
      for (int k = 1; g == seen; ++k) {
        spinPause();
        g = generation_.load(std::memory_order_acquire);
        if (k % 256 == 0 && std::chrono::steady_clock::now() > until) break;
      }
      if (g == seen) {
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        if (generation_.load(std::memory_order_seq_cst) == seen) generation_.wait(seen, std::memory_order_seq_cst);
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
        continue;
      }
      seen = g;
      if (lane < static_cast<int>(g & 0xff)) {
        (*job_)(lane);
        remaining_.fetch_sub(1, std::memory_order_release);
      }
    }
  }

  std::vector<std::thread> threads_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> sleepers_{0}, remaining_{0};
  const std::function<void(int)>* job_ = nullptr;
};

}  // namespace

ScopedSerial::ScopedSerial() : saved_(omp_get_max_threads()) {
  ++serialDepth;
  omp_set_num_threads(1);
}

ScopedSerial::~ScopedSerial() {
  --serialDepth;
  omp_set_num_threads(saved_);
}

bool runOnLanes(int lanes, const std::function<void(int)>& work) {
  if (lanes > kMaxLanes) throw std::invalid_argument("runOnLanes: at most " + std::to_string(kMaxLanes) + " lanes");
  if (lanes <= 1) {
    work(0);
    return true;
  }
  static Crew* crew = new Crew;  // never destroyed: detached helpers use it until the process ends
  static std::mutex busy;        // one job at a time: the crew has one job slot
  std::unique_lock<std::mutex> hold(busy, std::try_to_lock);
  if (!hold.owns_lock()) return false;
  crew->run(lanes, work);
  return true;
}

void setThreadCount(int n) {
  current() = n < 1 ? 1 : n;
  omp_set_num_threads(current());
}

int threadCount() { return serialDepth > 0 ? 1 : current(); }

ScopedThreads::ScopedThreads(int n) : changed_(n != threadCount()) {
  if (changed_) omp_set_num_threads(n);
}

ScopedThreads::~ScopedThreads() {
  if (changed_) omp_set_num_threads(threadCount());
}

}  // namespace sinter
