// pooled_grad.cpp — the fused kernel of conv2d_grad_weight_pooled (compiler/passes/pooled_grad.cpp):
// a convolution's weight gradient from the gradient of the 2×2 max pool after it, without the
// unpooled gradient.
//
//   dW[o, c, i, j] = Σ_n Σ_{py, px} dy[n, o, py, px] · x[n, c, 2py + a + i, 2px + b + j]
//
// where (a, b) is the first maximum of p[n, o, 2py .. 2py + 1, 2px .. 2px + 1] in scan order
// (maxpool2d_grad's rule). Vectorised over 16 pooled columns: the four candidates of each
// window give four masked copies of dy (one nonzero per column), each multiplied by the input
// seen through a stride-2 window at offset (a + i, b + j) — (k + 1)² subsampled planes per input
// channel, built once per image and shared by every output channel. Each weight accumulates in
// 16-wide registers (two, for even and odd pooled rows, where C·k² ≤ 12) per image chunk; the
// chunks' sums are added in a fixed order, so the result does not depend on the thread count.
// Shapes: stride 1, no padding, C·k² ≤ 16, k ≤ 3 (the pass creates no others).
// Unlike the reference composition, a convolution output that no window covers (the last row or
// column of an odd OH or OW) contributes nothing at all: an inf in x that only it reaches gives
// the reference NaN (inf · 0) and this kernel a finite weight gradient.
#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "compiler/ir/ops.h"
#include "compiler/loops/loop_ir.h"
#include "compiler/passes/passes.h"
#include "runtime/fused_kernels.h"
#include "runtime/threads.h"
#include "runtime/vecmath.h"

namespace sinter {

PooledGradPath pooledGradPath = hasAvx512() ? PooledGradPath::Avx512 : hasAvx2Fma() ? PooledGradPath::Avx2 : PooledGradPath::Portable;

namespace {

constexpr int kLanes = 16;
constexpr int kMaxWeights = static_cast<int>(kPooledGradMaxWeights);  // C·k² per output channel
constexpr int64_t kChunks = 8;   // image chunks, each with its own sums (fixed: the result is too)

struct Geometry {
  int64_t n, c, h, w;   // x
  int64_t o, oh, ow;    // p, the convolution's result
  int64_t ph, pw;       // dy, the pooled gradient
  int64_t k;
};

// One image chunk [n0, n1): adds its contributions to acc [O][C·k²][16].
SINTER_CLONES void pooledChunk(const Geometry& g, const float* x, const float* p, const float* dy, int64_t n0, int64_t n1, float* acc) {
  const int64_t k = g.k, planes = (k + 1) * (k + 1), weights = g.c * k * k;
  // The subsampled input of one image and column block: s[((c·(k+1) + a)·(k+1) + b)·PH + py][l]
  // = x[c, 2py + a, 2(px0 + l) + b].
  std::vector<float> s(static_cast<size_t>(g.c * planes * g.ph * kLanes));
  float r0[2 * kLanes + 2], r1[2 * kLanes + 2];  // two rows of p's window, zero-padded
  for (int64_t n = n0; n < n1; ++n) {
    const float* xn = x + n * g.c * g.h * g.w;
    for (int64_t px0 = 0; px0 < g.pw; px0 += kLanes) {
      const int64_t cols = std::min<int64_t>(kLanes, g.pw - px0);
      for (int64_t c = 0; c < g.c; ++c)
        for (int64_t a = 0; a <= k; ++a)
          for (int64_t b = 0; b <= k; ++b)
            for (int64_t py = 0; py < g.ph; ++py) {
              float* dst = &s[static_cast<size_t>((((c * (k + 1) + a) * (k + 1) + b) * g.ph + py) * kLanes)];
              const float* row = xn + (c * g.h + 2 * py + a) * g.w + 2 * px0 + b;
              for (int64_t l = 0; l < kLanes; ++l) dst[l] = l < cols ? row[2 * l] : 0.0f;
            }
      for (int64_t o = 0; o < g.o; ++o) {
        float sum[kMaxWeights][kLanes];
        float* ao = acc + o * weights * kLanes;
        std::memcpy(sum, ao, sizeof(float) * static_cast<size_t>(weights * kLanes));
        const float* po = p + (n * g.o + o) * g.oh * g.ow;
        const float* dyo = dy + (n * g.o + o) * g.ph * g.pw;
        for (int64_t py = 0; py < g.ph; ++py) {
          const int64_t span = std::min<int64_t>(2 * cols, g.ow - 2 * px0);
          std::fill(r0, r0 + 2 * kLanes, 0.0f);
          std::fill(r1, r1 + 2 * kLanes, 0.0f);
          std::memcpy(r0, po + 2 * py * g.ow + 2 * px0, sizeof(float) * static_cast<size_t>(span));
          std::memcpy(r1, po + (2 * py + 1) * g.ow + 2 * px0, sizeof(float) * static_cast<size_t>(span));
          float gd[4][kLanes];  // dy at the window's first maximum, per candidate (a, b) = (d / 2, d % 2)
          for (int l = 0; l < kLanes; ++l) {
            const float v0 = r0[2 * l], v1 = r0[2 * l + 1], v2 = r1[2 * l], v3 = r1[2 * l + 1];
            const float grad = l < cols ? dyo[py * g.pw + px0 + l] : 0.0f;
            float best = v0;
            int at = 0;
            if (v1 > best) best = v1, at = 1;
            if (v2 > best) best = v2, at = 2;
            if (v3 > best) at = 3;
            for (int d = 0; d < 4; ++d) gd[d][l] = at == d ? grad : 0.0f;
          }
          for (int64_t c = 0; c < g.c; ++c)
            for (int64_t i = 0; i < k; ++i)
              for (int64_t j = 0; j < k; ++j) {
                auto plane = [&](int64_t a, int64_t b) { return &s[static_cast<size_t>((((c * (k + 1) + a) * (k + 1) + b) * g.ph + py) * kLanes)]; };
                const float *s00 = plane(i, j), *s01 = plane(i, j + 1), *s10 = plane(i + 1, j), *s11 = plane(i + 1, j + 1);
                float* to = sum[(c * k + i) * k + j];
                for (int l = 0; l < kLanes; ++l) to[l] += gd[0][l] * s00[l] + gd[1][l] * s01[l] + gd[2][l] * s10[l] + gd[3][l] * s11[l];
              }
        }
        std::memcpy(ao, sum, sizeof(float) * static_cast<size_t>(weights * kLanes));
      }
    }
  }
}

// p and dy are read once, from memory: the planes of (image, channel) plane + 2 are asked for
// while plane `plane` is worked on (the loop's own loads are too few in flight to cover memory's
// latency; measured 2x), up to the chunk's last plane `end`. Always inlined: left to itself, GCC
// dropped the prefetches from the AVX-512 loop (the kernel 1.7 → 4.4 ms in mnist_add's step).
__attribute__((always_inline)) inline void prefetchAhead(const Geometry& g, const float* p, const float* dy, int64_t plane, int64_t end) {
  if (plane + 2 >= end) return;
  const float* later = p + (plane + 2) * g.oh * g.ow;
  for (int64_t e = 0; e < g.oh * g.ow; e += 16) _mm_prefetch(reinterpret_cast<const char*>(later + e), _MM_HINT_T0);
  const float* laterDy = dy + (plane + 2) * g.ph * g.pw;
  for (int64_t e = 0; e < g.ph * g.pw; e += 16) _mm_prefetch(reinterpret_cast<const char*>(laterDy + e), _MM_HINT_T0);
}

// Row elements [0, 32) of `row` (at most `count` of them read), split into the even and the odd
// ones; lanes outside `keep` zero.
SINTER_AVX512 __attribute__((always_inline)) inline void split(const float* row, int64_t count, __mmask16 keep, __m512& even, __m512& odd) {
  const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512 lo = avx512::load(avx512::tailMask(0, std::min<int64_t>(count, 16)), row);
  const __m512 hi = count > 16 ? avx512::load(avx512::tailMask(0, std::min<int64_t>(count - 16, 16)), row + 16) : _mm512_setzero_ps();
  even = _mm512_maskz_permutex2var_ps(keep, lo, evens, hi);
  odd = _mm512_maskz_permutex2var_ps(keep, lo, _mm512_add_epi32(evens, _mm512_set1_epi32(1)), hi);
}

// The AVX-512 code, for C input channels and a k × k kernel (template arguments: the C·k² sums
// stay in registers and every plane's offset is a constant). The subsampled input of one image
// and column block is s[py][c][a][b][l] = x[c, 2py + a, 2(px0 + l) + b], a, b in [0, k].
template <int C, int K>
struct Pooled512 {
  static constexpr int kWeights = C * K * K, kPlanes = C * (K + 1) * (K + 1);
  static constexpr bool kTwoSums = kWeights <= 12;
  static constexpr int plane(int c, int a, int b) { return ((c * (K + 1) + a) * (K + 1) + b) * kLanes; }

  // One pooled row of one channel (po, dyo: its planes of p and dy from the column block, whose
  // `count` elements of a row of p may be read): adds its weights' contributions to `sum`.
  SINTER_AVX512 static inline void row(const Geometry& g, const float* po, const float* dyo, const float* s, __mmask16 cols, int64_t count,
                                       int64_t py, __m512 (&sum)[kWeights]) {
    __m512 v0, v1, v2, v3;
    split(po + 2 * py * g.ow, count, cols, v0, v1);
    split(po + (2 * py + 1) * g.ow, count, cols, v2, v3);
    // The first maximum in scan order: a later candidate wins only when greater.
    const __mmask16 m1 = _mm512_cmp_ps_mask(v1, v0, _CMP_GT_OQ);
    __m512 best = _mm512_mask_blend_ps(m1, v0, v1);
    const __mmask16 m2 = _mm512_cmp_ps_mask(v2, best, _CMP_GT_OQ);
    best = _mm512_mask_blend_ps(m2, best, v2);
    const __mmask16 m3 = _mm512_cmp_ps_mask(v3, best, _CMP_GT_OQ);
    const __m512 grad = avx512::load(cols, dyo + py * g.pw);
    const __mmask16 at3 = m3, at2 = m2 & ~m3, at1 = m1 & ~m2 & ~m3, at0 = ~(m1 | m2 | m3);
    const __m512 g0 = _mm512_maskz_mov_ps(at0, grad), g1 = _mm512_maskz_mov_ps(at1, grad), g2 = _mm512_maskz_mov_ps(at2, grad),
                 g3 = _mm512_maskz_mov_ps(at3, grad);
    const float* r = s + py * kPlanes * kLanes;
    for (int c = 0; c < C; ++c)
      for (int i = 0; i < K; ++i)
        for (int j = 0; j < K; ++j) {
          __m512& to = sum[(c * K + i) * K + j];
          to = _mm512_fmadd_ps(g0, _mm512_loadu_ps(r + plane(c, i, j)), to);
          to = _mm512_fmadd_ps(g1, _mm512_loadu_ps(r + plane(c, i, j + 1)), to);
          to = _mm512_fmadd_ps(g2, _mm512_loadu_ps(r + plane(c, i + 1, j)), to);
          to = _mm512_fmadd_ps(g3, _mm512_loadu_ps(r + plane(c, i + 1, j + 1)), to);
        }
  }

  SINTER_AVX512 static void chunk(const Geometry& g, const float* x, const float* p, const float* dy, int64_t n0, int64_t n1, float* acc) {
    std::vector<float> s(static_cast<size_t>(g.ph * kPlanes * kLanes));
    for (int64_t n = n0; n < n1; ++n) {
      const float* xn = x + n * C * g.h * g.w;
      for (int64_t px0 = 0; px0 < g.pw; px0 += kLanes) {
        const __mmask16 cols = avx512::tailMask(px0, g.pw);
        for (int64_t py = 0; py < g.ph; ++py)
          for (int c = 0; c < C; ++c)
            for (int a = 0; a <= K; ++a)
              for (int b = 0; b <= K; b += 2) {  // columns 2px + b and 2px + b + 1
                const int64_t start = 2 * px0 + b;
                float* r = s.data() + py * kPlanes * kLanes;
                __m512 even, odd;
                split(xn + (c * g.h + 2 * py + a) * g.w + start, g.w - start, cols, even, odd);
                _mm512_storeu_ps(r + plane(c, a, b), even);
                if (b + 1 <= K) _mm512_storeu_ps(r + plane(c, a, b + 1), odd);
              }
        for (int64_t o = 0; o < g.o; ++o) {
          // Two sums per weight (even and odd pooled rows: half the dependent additions in a row)
          // where both sets fit the 32 registers beside the row's temporaries.
          __m512 even[kWeights], odd[kWeights];
          float* ao = acc + o * kWeights * kLanes;
          for (int w = 0; w < kWeights; ++w) even[w] = _mm512_loadu_ps(ao + w * kLanes), odd[w] = _mm512_setzero_ps();
          const float* po = p + (n * g.o + o) * g.oh * g.ow + 2 * px0;
          const float* dyo = dy + (n * g.o + o) * g.ph * g.pw + px0;
          const int64_t count = g.ow - 2 * px0;
          prefetchAhead(g, p, dy, n * g.o + o, n1 * g.o);
          int64_t py = 0;
          for (; py + 1 < g.ph; py += 2) {
            row(g, po, dyo, s.data(), cols, count, py, even);
            if constexpr (kTwoSums) row(g, po, dyo, s.data(), cols, count, py + 1, odd);
            else row(g, po, dyo, s.data(), cols, count, py + 1, even);
          }
          if (py < g.ph) row(g, po, dyo, s.data(), cols, count, py, even);
          for (int w = 0; w < kWeights; ++w) _mm512_storeu_ps(ao + w * kLanes, kTwoSums ? _mm512_add_ps(even[w], odd[w]) : even[w]);
        }
      }
    }
  }
};

using ChunkFn = void (*)(const Geometry&, const float*, const float*, const float*, int64_t, int64_t, float*);

// The same with AVX2 intrinsics, for CPUs without AVX-512: blocks of 8 pooled columns (acc's 16
// lanes hold two blocks' sums side by side: lanes 0–7 the even blocks', 8–15 the odd ones'), one
// set of sums (16 ymm registers: C·k² sums, four copies of dy and a temporary).
constexpr int kLanes8 = 8;

// Row elements [0, 16) of `row` (at most `count` of them read), split into the even and the odd
// ones; lanes outside `keep` zero.
SINTER_AVX2 __attribute__((always_inline)) inline void split8(const float* row, int64_t count, __m256 keep, __m256& even, __m256& odd) {
  const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 lo = _mm256_maskload_ps(row, _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(std::min<int64_t>(count, 8))), iota));
  const __m256 hi = count > 8 ? _mm256_maskload_ps(row + 8, _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(std::min<int64_t>(count - 8, 8))), iota))
                              : _mm256_setzero_ps();
  // In each 128-bit half: [lo0 lo2 hi0 hi2] then the halves' middle pairs swapped into order.
  const __m256 e = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)), o = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
  even = _mm256_and_ps(keep, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e), _MM_SHUFFLE(3, 1, 2, 0))));
  odd = _mm256_and_ps(keep, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(o), _MM_SHUFFLE(3, 1, 2, 0))));
}

template <int C, int K>
struct Pooled256 {
  static constexpr int kWeights = C * K * K, kPlanes = C * (K + 1) * (K + 1);
  static constexpr int plane(int c, int a, int b) { return ((c * (K + 1) + a) * (K + 1) + b) * kLanes8; }

  SINTER_AVX2 static inline void row(const Geometry& g, const float* po, const float* dyo, const float* s, __m256 keep, int64_t count, int64_t py,
                                     __m256 (&sum)[kWeights]) {
    __m256 v0, v1, v2, v3;
    split8(po + 2 * py * g.ow, count, keep, v0, v1);
    split8(po + (2 * py + 1) * g.ow, count, keep, v2, v3);
    // The first maximum in scan order: a later candidate wins only when greater.
    const __m256 m1 = _mm256_cmp_ps(v1, v0, _CMP_GT_OQ);
    __m256 best = _mm256_blendv_ps(v0, v1, m1);
    const __m256 m2 = _mm256_cmp_ps(v2, best, _CMP_GT_OQ);
    best = _mm256_blendv_ps(best, v2, m2);
    const __m256 m3 = _mm256_cmp_ps(v3, best, _CMP_GT_OQ);
    const __m256 grad = _mm256_maskload_ps(dyo + py * g.pw, _mm256_castps_si256(keep));
    const __m256 g3 = _mm256_and_ps(m3, grad), g2 = _mm256_andnot_ps(m3, _mm256_and_ps(m2, grad)),
                 g1 = _mm256_andnot_ps(_mm256_or_ps(m2, m3), _mm256_and_ps(m1, grad)),
                 g0 = _mm256_andnot_ps(_mm256_or_ps(m1, _mm256_or_ps(m2, m3)), grad);
    const float* r = s + py * kPlanes * kLanes8;
    for (int c = 0; c < C; ++c)
      for (int i = 0; i < K; ++i)
        for (int j = 0; j < K; ++j) {
          __m256& to = sum[(c * K + i) * K + j];
          to = _mm256_fmadd_ps(g0, _mm256_loadu_ps(r + plane(c, i, j)), to);
          to = _mm256_fmadd_ps(g1, _mm256_loadu_ps(r + plane(c, i, j + 1)), to);
          to = _mm256_fmadd_ps(g2, _mm256_loadu_ps(r + plane(c, i + 1, j)), to);
          to = _mm256_fmadd_ps(g3, _mm256_loadu_ps(r + plane(c, i + 1, j + 1)), to);
        }
  }

  SINTER_AVX2 static void chunk(const Geometry& g, const float* x, const float* p, const float* dy, int64_t n0, int64_t n1, float* acc) {
    std::vector<float> s(static_cast<size_t>(g.ph * kPlanes * kLanes8));
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int64_t n = n0; n < n1; ++n) {
      const float* xn = x + n * C * g.h * g.w;
      for (int64_t px0 = 0, block = 0; px0 < g.pw; px0 += kLanes8, ++block) {
        const __m256 keep = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(std::min<int64_t>(g.pw - px0, 8))), iota));
        for (int64_t py = 0; py < g.ph; ++py)
          for (int c = 0; c < C; ++c)
            for (int a = 0; a <= K; ++a)
              for (int b = 0; b <= K; b += 2) {  // columns 2px + b and 2px + b + 1
                const int64_t start = 2 * px0 + b;
                float* r = s.data() + py * kPlanes * kLanes8;
                __m256 even, odd;
                split8(xn + (c * g.h + 2 * py + a) * g.w + start, g.w - start, keep, even, odd);
                _mm256_storeu_ps(r + plane(c, a, b), even);
                if (b + 1 <= K) _mm256_storeu_ps(r + plane(c, a, b + 1), odd);
              }
        for (int64_t o = 0; o < g.o; ++o) {
          __m256 sum[kWeights];
          float* ao = acc + o * kWeights * kLanes + (block % 2) * kLanes8;  // this block's half of the 16 lanes
          for (int w = 0; w < kWeights; ++w) sum[w] = _mm256_loadu_ps(ao + w * kLanes);
          const float* po = p + (n * g.o + o) * g.oh * g.ow + 2 * px0;
          const float* dyo = dy + (n * g.o + o) * g.ph * g.pw + px0;
          prefetchAhead(g, p, dy, n * g.o + o, n1 * g.o);
          for (int64_t py = 0; py < g.ph; ++py) row(g, po, dyo, s.data(), keep, g.ow - 2 * px0, py, sum);
          for (int w = 0; w < kWeights; ++w) _mm256_storeu_ps(ao + w * kLanes, sum[w]);
        }
      }
    }
  }
};

template <template <int, int> class Impl, int K, size_t... C>
constexpr std::array<ChunkFn, sizeof...(C)> chunksOf(std::index_sequence<C...>) {
  return {&Impl<static_cast<int>(C) + 1, K>::chunk...};
}

// Impl's chunk (Pooled512 or Pooled256) for c input channels and a k × k kernel (c·k² ≤
// kMaxWeights, k ≤ 3: pooledWeightGradientSupported).
template <template <int, int> class Impl>
ChunkFn chunkFor(int64_t c, int64_t k) {
  static constexpr auto k1 = chunksOf<Impl, 1>(std::make_index_sequence<kMaxWeights>());
  static constexpr auto k2 = chunksOf<Impl, 2>(std::make_index_sequence<kMaxWeights / 4>());
  static constexpr auto k3 = chunksOf<Impl, 3>(std::make_index_sequence<kMaxWeights / 9>());
  if (k == 1) return k1.at(static_cast<size_t>(c - 1));
  if (k == 2) return k2.at(static_cast<size_t>(c - 1));
  return k3.at(static_cast<size_t>(c - 1));
}

class PooledWeightGradient : public FusedKernel {
 public:
  explicit PooledWeightGradient(const Node& n) {
    const Shape &x = n.operands[0].type().shape, &p = n.operands[1].type().shape, &dy = n.operands[2].type().shape;
    g_ = {x[0], x[1], x[2], x[3], p[1], p[2], p[3], dy[2], dy[3], n.i("kernel")};
    if (!pooledWeightGradientSupported(g_.c, g_.k, n.i("stride"), n.i("padding"), n.i("pool_kernel"), n.i("pool_stride")) ||
        g_.oh != g_.h - g_.k + 1 || g_.ow != g_.w - g_.k + 1 || g_.ph != g_.oh / 2 || g_.pw != g_.ow / 2)
      throw InternalError("conv2d_grad_weight_pooled %" + n.name + ": no fused kernel for these shapes (the pass makes none)");
    flops_ = static_cast<double>(loops::libraryFlops(n));
  }
  // Operands: x, p, dy. Result: dweight [O, C, k, k].
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    const int64_t weights = g_.c * g_.k * g_.k, chunks = std::min(kChunks, g_.n);
    acc_.assign(static_cast<size_t>(chunks * g_.o * weights * kLanes), 0.0f);
    const float *x = in[0]->data<float>(), *p = in[1]->data<float>(), *dy = in[2]->data<float>();
    const ChunkFn fn = pooledGradPath == PooledGradPath::Avx512 ? chunkFor<Pooled512>(g_.c, g_.k)
                       : pooledGradPath == PooledGradPath::Avx2  ? chunkFor<Pooled256>(g_.c, g_.k)
                                                                 : pooledChunk;
    const int threads = threadsFor(flops_);
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(dynamic)
    for (int64_t chunk = 0; chunk < chunks; ++chunk) {
      ScopedFlushDenormals ftz;
      fn(g_, x, p, dy, g_.n * chunk / chunks, g_.n * (chunk + 1) / chunks, &acc_[static_cast<size_t>(chunk * g_.o * weights * kLanes)]);
    }
    float* dw = out[0].data<float>();
    for (int64_t w = 0; w < g_.o * weights; ++w) {
      float total = 0;
      for (int64_t chunk = 0; chunk < chunks; ++chunk)
        for (int l = 0; l < kLanes; ++l) total += acc_[static_cast<size_t>((chunk * g_.o * weights + w) * kLanes + l)];
      dw[w] = total;
    }
  }

 private:
  Geometry g_;
  double flops_ = 0;
  std::vector<float> acc_;
};

}  // namespace

std::unique_ptr<FusedKernel> makePooledGradKernel(const Node& n) { return std::make_unique<PooledWeightGradient>(n); }

}  // namespace sinter
