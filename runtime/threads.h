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
// rule; generated kernels and the other fused kernels run on the calling thread.
#pragma once

#include <cstdint>

namespace sinter {

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

}  // namespace sinter
