// threads.h — how many threads the compiled step may use, and which work gets them.
//
// One setting for the whole process, `--threads N` (threadCount(); default: every core the
// process may run on, or OMP_NUM_THREADS). Not every piece of work gets all of them: waking a
// second thread costs ~3–10 µs and below ~50 µs of work one thread wins (issue 6's
// measurements), and between parallel pieces OpenMP's spinning workers slow the serial work
// beside them (on the Zen 5 VM of docs/benchmarks.md a generated kernel ran up to 3× slower;
// sleeping workers cost more to wake), so threadsFor() gives a piece of work all threads only
// from kParallelFlops arithmetic operations (~100 µs of one core) up, one thread below.
// 4 MFLOP, the first threshold, left sparse_and_sat's step 1.27–1.42 ms at two threads against
// 0.92 at one; 16 MFLOP gives it 0.95–1.13 and changes nothing measurable in the large steps. oneDNN's primitives and GEMMs
// (runtime/onednn.cpp: each built and run under ScopedThreads(threadsFor(its FLOPs)), the same
// count both times) and the blockwise attention kernels (runtime/flash_attention.cpp) follow the
// rule; generated kernels and the other fused kernels run on the calling thread. A program none
// of whose steps reaches the threshold may instead run its steps side by side, one thread each
// (runOnLanes below; the executor's lanes, runtime/executor.h).
#pragma once

#include <cstdint>
#include <functional>
#include <thread>
#include <xmmintrin.h>

namespace sinter {

// Denormal floats flushed to zero while a compiled step runs (as TensorFlow's executor does):
// gradients that decay through 250 LSTM steps reach the denormal range, where every
// multiply-add takes ~100 cycles on x86 — imdb_lstm's step went from 281 ms to ~10 ms. The
// caller's floating-point mode is restored afterwards. The mode is per thread: every parallel
// region of the runtime's kernels (the LSTM's wavefront and weight gradients, the blockwise
// attention) sets it on its threads too, so they compute as the calling thread does.
class ScopedFlushDenormals {
 public:
#if defined(__SSE__)
  ScopedFlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }  // FTZ | DAZ
  ~ScopedFlushDenormals() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#endif
};

void setThreadCount(int n);  // n >= 1
int threadCount();

constexpr double kParallelFlops = 16e6;
inline int threadsFor(double flops) { return flops >= kParallelFlops ? threadCount() : 1; }

// OpenMP's thread count for the scope (oneDNN's primitives read it); threadCount() afterwards.
class ScopedThreads {
 public:
  explicit ScopedThreads(int n);
  ~ScopedThreads();
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  bool changed_;
};

// Within the scope, threadCount() is 1 on this thread (and OpenMP's count for it): a step that
// runs on a lane beside others (runOnLanes) keeps to its own thread. Restores both afterwards
// (OpenMP's count to what it was on entry).
class ScopedSerial {
 public:
  ScopedSerial();
  ~ScopedSerial();
  ScopedSerial(const ScopedSerial&) = delete;
  ScopedSerial& operator=(const ScopedSerial&) = delete;

 private:
  int saved_;
};

// Runs work(0) on the calling thread and work(1) ... work(lanes - 1) on helper threads at the
// same time and returns true when all have returned — or returns false at once, running
// nothing, when another thread's call holds the helpers (the caller then does the work its own
// way). The helpers are process-wide and made on first use; between jobs they spin for a while
// (a training loop's next step comes within microseconds), then sleep. `work` must not throw,
// and must not call runOnLanes.
constexpr int kMaxLanes = 255;

// One turn of a spin-wait: a compiler barrier, so the loop reloads what it waits on. Not x86's
// `pause`: on this project's 2-core VM (vCPUs on separate cores), count24's step on two lanes
// took 0.22–0.28 ms with `pause` in the waits and 0.10–0.11 without, alternating in one minute
// (perhaps the hypervisor's pause-loop exits). The host's state moves such numbers too: later
// runs without `pause` also saw 0.22 (the trial in runtime/executor.cpp then keeps one thread).
// On a host whose hyper-threads share a core, a spinner without `pause` slows its sibling.
inline void spinPause() { asm volatile("" ::: "memory"); }

// Waits until done() holds: spinning (hand-overs between threads here take well under a
// microsecond), then yielding the core now and then in case the threads outnumber the cores.
template <typename Done>
void spinUntil(Done done) {
  for (int spins = 0; !done(); ++spins)
    if (spins < 4096) spinPause();
    else std::this_thread::yield();
}
bool runOnLanes(int lanes, const std::function<void(int lane)>& work);

}  // namespace sinter
