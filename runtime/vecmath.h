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
#include <immintrin.h>

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

// exp, sigmoid and tanh on 16 floats at once, written with AVX-512 intrinsics for the loops GCC
// vectorises poorly (the LSTM's gate passes: four gates at a stride of h, a bias gradient summed
// across rows). exp as above with its 2^n by vscalefps (no exponent-field arithmetic, over- and
// underflow saturate); sigmoid's division by vrcp14ps and one Newton step (relative error ~2^-28
// before rounding); tanh a rational function (below). NaN propagates through each.
// Call them only from functions compiled for AVX-512 (SINTER_AVX512) on a CPU that has it
// (hasAvx512()).
#define SINTER_AVX512 __attribute__((target("avx512f")))

inline bool hasAvx512() {
  static const bool has = [] {
    __builtin_cpu_init();  // may run in a static initialiser, before libgcc's own
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return has;
}

// AVX2 with FMA (x86-64-v3): the pooled weight gradient's middle path (runtime/pooled_grad.cpp).
#define SINTER_AVX2 __attribute__((target("avx2,fma")))

inline bool hasAvx2Fma() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("fma") != 0;
  }();
  return has;
}

namespace avx512 {

SINTER_AVX512 inline __m512 exp(__m512 x) {
  // Clamped to [-87.3, 88.72] (x second: vmaxps/vminps return their second operand for NaN).
  x = _mm512_min_ps(_mm512_set1_ps(88.72f), _mm512_max_ps(_mm512_set1_ps(-87.3f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(1.9875691500e-4f), r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  const __m512 y = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(y, n);
}

SINTER_AVX512 inline __m512 reciprocal(__m512 d) {
  const __m512 y = _mm512_rcp14_ps(d);
  return _mm512_mul_ps(y, _mm512_fnmadd_ps(d, y, _mm512_set1_ps(2.0f)));
}

SINTER_AVX512 inline __m512 sigmoid(__m512 x) {
  return reciprocal(_mm512_add_ps(_mm512_set1_ps(1.0f), exp(_mm512_sub_ps(_mm512_setzero_ps(), x))));
}

// tanh as Eigen's float tanh (generic_fast_tanh_float): an odd degree-13 over even degree-6
// rational function on x clamped to ±7.9988, x itself below |x| = 0.0004. No exp: measured in
// the LSTM's forward gate pass (two tanh, three sigmoids per element), 36% faster than
// 1 - 2 / (e^2|x| + 1) with a polynomial near 0. Against double tanh over [-20, 20] and down to
// 1e-30: at most 2.9e-7 relative, about 2.4 float epsilons (the exp form 1.7e-7).
SINTER_AVX512 inline __m512 tanh(__m512 a) {
  const __m512 x = _mm512_max_ps(_mm512_set1_ps(-7.99881172180175781f), _mm512_min_ps(_mm512_set1_ps(7.99881172180175781f), a));
  const __m512 x2 = _mm512_mul_ps(x, x);
  __m512 p = _mm512_fmadd_ps(x2, _mm512_set1_ps(-2.76076847742355e-16f), _mm512_set1_ps(2.00018790482477e-13f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-8.60467152213735e-11f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(5.12229709037114e-08f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(1.48572235717979e-05f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(6.37261928875436e-04f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(4.89352455891786e-03f));
  p = _mm512_mul_ps(x, p);
  __m512 q = _mm512_fmadd_ps(x2, _mm512_set1_ps(1.19825839466702e-06f), _mm512_set1_ps(1.18534705686654e-04f));
  q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(2.26843463243900e-03f));
  q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(4.89352518554385e-03f));
  const __mmask16 tiny = _mm512_cmp_ps_mask(_mm512_abs_ps(a), _mm512_set1_ps(0.0004f), _CMP_LT_OQ);
  return _mm512_mask_blend_ps(tiny, _mm512_div_ps(p, q), a);
}

// Lanes j..j+15 of a row of `count`: all 16, or the first count - j.
inline __mmask16 tailMask(int64_t j, int64_t count) {
  return count - j >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (count - j)) - 1);
}

SINTER_AVX512 inline __m512 load(__mmask16 k, const float* p) { return _mm512_maskz_loadu_ps(k, p); }
SINTER_AVX512 inline void store(__mmask16 k, float* p, __m512 v) { _mm512_mask_storeu_ps(p, k, v); }

}  // namespace avx512

// out[k] = Σ_r m[r, k] over `rows` rows of `cols` (the fused kernels' bias gradients; in
// fused_kernels.cpp):
// restrict-qualified and multiversioned, so the row loop vectorises without overlap checks.
void columnSums(const float* m, int64_t rows, int64_t cols, float* out);

}  // namespace sinter
