#include "runtime/threads.h"

#include <omp.h>

#include <cstdlib>

namespace sinter {

namespace {
int& current() {
  static int n = [] {
    const char* env = std::getenv("OMP_NUM_THREADS");
    int v = env ? std::atoi(env) : 1;
    return v >= 1 ? v : 1;
  }();
  return n;
}
}  // namespace

void setThreadCount(int n) {
  current() = n < 1 ? 1 : n;
  omp_set_num_threads(current());
}

int threadCount() { return current(); }

}  // namespace sinter
