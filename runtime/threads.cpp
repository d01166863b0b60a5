#include "runtime/threads.h"

#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <cstdlib>

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

void setThreadCount(int n) {
  current() = n < 1 ? 1 : n;
  omp_set_num_threads(current());
}

int threadCount() { return current(); }

ScopedThreads::ScopedThreads(int n) : changed_(n != threadCount()) {
  if (changed_) omp_set_num_threads(n);
}

ScopedThreads::~ScopedThreads() {
  if (changed_) omp_set_num_threads(threadCount());
}

}  // namespace sinter
