// vecmath.h — float exp, sigmoid and tanh as straight-line code GCC vectorises (Cephes'
// single-precision polynomials, relative error ~1e-7), and the function-multiversioning
// attribute the runtime's fused kernels use: each hot loop is compiled for AVX-512, AVX2 and
// baseline x86-64 and the best the CPU has is picked at load time (no -march flags anywhere).
// Files using them are compiled with -fno-trapping-math -fno-math-errno (CMakeLists.txt), which
// lets GCC if-convert the selects and call no libm.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#define SINTER_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))

namespace sinter {

// e^x: 0 below -87.3 (float's denormal range, flushed), +inf above 88.72, NaN propagates.
inline float expf_(float x) {
  const float c = x < -87.3f ? -87.3f : x > 88.72f ? 88.72f : x;
  float n = std::floor(c * 1.44269504088896341f + 0.5f);
  float r = c - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 126) << 23;  // 2^(n-1): n = 128 stays finite
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const float e = 2.0f * y * scale;
  return x < -87.3f ? 0.0f : x > 88.72f ? INFINITY : e;
}

inline float sigmoid_(float x) { return 1.0f / (1.0f + expf_(-x)); }

inline float tanh_(float x) {
  float a = std::fabs(x);
  float z = x * x;  // small |x|: odd polynomial; otherwise 1 - 2 / (e^2|x| + 1) with x's sign
  float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z - 3.33332819422e-1f) * z * x + x;
  float big = 1.0f - 2.0f / (expf_(2.0f * a) + 1.0f);
  big = x < 0 ? -big : big;
  return a < 0.625f ? small : big;
}

// out[k] = Σ_r m[r, k] over `rows` rows of `cols` (the fused kernels' bias gradients; in
// fused_kernels.cpp):
// restrict-qualified and multiversioned, so the row loop vectorises without overlap checks.
void columnSums(const float* m, int64_t rows, int64_t cols, float* out);

}  // namespace sinter
