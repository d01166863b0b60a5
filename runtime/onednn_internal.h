// onednn_internal.h — what runtime files that call oneDNN share (not part of the runtime's API):
// the CPU engine, and a matrix product with strided operands as one primitive.
#pragma once

#include <cstdint>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

namespace sinter {

// The CPU engine; its first use sets OpenMP's thread count (runtime/threads.h).
dnnl::engine& oneDnnEngine();

// Primitives are made with their own scratchpad (onednn.cpp says why): pass the attributes
// through ownScratchpad, then bind scratchpadOf(the primitive descriptor) as DNNL_ARG_SCRATCHPAD.
dnnl::primitive_attr ownScratchpad(dnnl::primitive_attr attr = {});
dnnl::memory scratchpadOf(const dnnl::primitive_desc_base& pd);

// C [M, N] (+)= A [M, K] · B [K, N] (+ bias [N]) on float32 row-major operands with leading
// dimensions; A or B may be read transposed (stored as [K, M] / [N, K]). Built once.
class Gemm {
 public:
  struct Shape {
    int64_t m, n, k;
    bool transA = false, transB = false;
    int64_t lda = 0, ldb = 0, ldc = 0;  // 0: packed (k or m for A, n or k for B, n for C)
    bool accumulate = false;            // C += A·B instead of C = A·B
    bool bias = false;
  };
  Gemm() = default;
  explicit Gemm(const Shape& s);
  void operator()(const float* a, const float* b, float* c, const float* bias = nullptr);

 private:
  dnnl::matmul prim_;
  dnnl::memory a_, b_, c_, bias_;
  std::unordered_map<int, dnnl::memory> args_;
  bool hasBias_ = false;
  int threads_ = 1;  // threadsFor(2 m n k): at creation and every call
};

}  // namespace sinter
