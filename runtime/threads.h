// threads.h — how many threads the compiled step may use.
//
// One setting for the whole process: oneDNN's primitives (OpenMP) and sinter's own parallel
// kernels (the fused attention and LSTM kernels, runtime/fused_kernels.cpp) read it. The default
// is one thread unless OMP_NUM_THREADS says otherwise: at the sizes of most specs in graphs/,
// fork/join on this shared 2-core machine costs more than a second thread gives (count24's 5000
// steps: 2.3 s at one thread, 8.1 s at two; docs/benchmarks.md). `--threads N` sets it.
#pragma once

namespace sinter {

void setThreadCount(int n);  // n >= 1
int threadCount();

}  // namespace sinter
