// flash_attention.cpp — FlashAttention-2 style CPU kernels; see flash_attention.h.
//
// The kernels (the second half of this file, after #else) are compiled three times, once per
// instruction set, by including this file into itself under `#pragma GCC target`: AVX-512F
// (16 lanes), AVX2+FMA (8 lanes) and baseline SSE2 (4 lanes). Each copy lives in its own
// namespace (fa::avx512, fa::avx2, fa::baseline); the public functions pick one at run time
// (__builtin_cpu_supports), so the file needs no -march flag. The code is written with GCC vector
// extensions (one vector = V floats) plus the FMA intrinsic; every matrix product is a
// register-blocked sequence of rank-1 updates (broadcast one element of A, multiply a row of B).
#ifndef SINTER_FA_PASS

#include "runtime/flash_attention.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/threads.h"

namespace sinter::fa {

// Query block (forward and backward) and key block sizes; multiples of 16 so that a row of a block
// is a whole number of vectors at every width.
constexpr int64_t kBr = 64, kBc = 64;
constexpr float kLog2e = 1.4426950408889634f, kLn2 = 0.6931471805599453f;

// The padded width of rows of D elements in scratch (a whole number of 16-lane vectors).
inline int64_t padded(int64_t d) { return std::max<int64_t>(16, (d + 15) / 16 * 16); }
inline int64_t validOf(const AttentionProblem& p, int64_t b) { return p.validKeys ? p.validKeys[b] : p.lk; }

struct FwdArgs {
  const AttentionProblem* p;
  const float *q, *k, *v;
  float *out, *lse;
};

struct BwdArgs {
  const AttentionProblem* p;
  const float *q, *k, *v, *out, *dout, *lse;
  float *dq, *dk, *dv;
  int64_t chunks;  // key blocks kb with kb % chunks == chunk belong to a task
};

// Scratch floats per thread (every part starts at a multiple of 16 floats).
inline int64_t fwdScratch(const AttentionProblem& p) { return kBr * (padded(p.d) + kBc + padded(p.dv) + 2); }
inline int64_t bwdScratch(const AttentionProblem& p) {
  int64_t d = padded(p.d), dv = padded(p.dv), lq = padded(p.lq);
  return kBc * (2 * d + 2 * dv) + kBc * d + 2 * kBr * kBc + lq * d + 2 * lq;
}

// 64-byte aligned float scratch.
struct Scratch {
  float* ptr = nullptr;
  explicit Scratch(int64_t n)
      : ptr(static_cast<float*>(::operator new[](static_cast<size_t>(std::max<int64_t>(n, 16)) * sizeof(float), std::align_val_t(64)))) {}
  ~Scratch() { ::operator delete[](ptr, std::align_val_t(64)); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

}  // namespace sinter::fa

// --- the kernels, once per instruction set -----------------------------------------------------
#define SINTER_FA_PASS 1

#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#define SINTER_FA_NS avx512
#define SINTER_FA_V 16
#include "flash_attention.cpp"
#undef SINTER_FA_NS
#undef SINTER_FA_V
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define SINTER_FA_NS avx2
#define SINTER_FA_V 8
#include "flash_attention.cpp"
#undef SINTER_FA_NS
#undef SINTER_FA_V
#pragma GCC pop_options

#define SINTER_FA_NS baseline
#define SINTER_FA_V 4
#include "flash_attention.cpp"
#undef SINTER_FA_NS
#undef SINTER_FA_V

// --- dispatch and the public functions ---------------------------------------------------------
namespace sinter {

namespace fa {
namespace {

struct Kernels {
  const char* name;
  void (*fwd)(const FwdArgs&, int64_t problem, int64_t qblock, float* scratch);
  void (*bwd)(const BwdArgs&, int64_t problem, int64_t chunk, float* scratch, float* partialDq);
};

constexpr Kernels kAvx512{"avx512", avx512::forwardTask, avx512::backwardTask};
constexpr Kernels kAvx2{"avx2", avx2::forwardTask, avx2::backwardTask};
constexpr Kernels kBaseline{"baseline", baseline::forwardTask, baseline::backwardTask};

FlashIsa& forced() {
  static FlashIsa isa = FlashIsa::Auto;
  return isa;
}

bool hostHas(FlashIsa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case FlashIsa::Avx512: return __builtin_cpu_supports("avx512f");
    case FlashIsa::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default: return true;
  }
}

const Kernels& kernels() {
  FlashIsa want = forced();
  if (want == FlashIsa::Auto || want == FlashIsa::Avx512) {
    if (hostHas(FlashIsa::Avx512)) return kAvx512;
    want = FlashIsa::Avx2;
  }
  if (want == FlashIsa::Avx2 && hostHas(FlashIsa::Avx2)) return kAvx2;
  return kBaseline;
}

void check(const AttentionProblem& p) {
  if (p.batch < 0 || p.heads < 0 || p.lq < 0 || p.lk < 0 || p.d < 0 || p.dv < 0)
    throw std::invalid_argument("flash attention: negative size");
  if (p.validKeys)
    for (int64_t b = 0; b < p.batch; ++b)
      if (p.validKeys[b] < 0 || p.validKeys[b] > p.lk)
        throw std::invalid_argument("flash attention: valid key count " + std::to_string(p.validKeys[b]) + " is out of range 0.." +
                                    std::to_string(p.lk));
}

// FLOPs of the two forward products (the backward's five are 2.5 times these).
double forwardFlops(const AttentionProblem& p) {
  double f = 2.0 * static_cast<double>(p.batch * p.heads) * static_cast<double>(p.lq) * static_cast<double>(p.lk) *
             static_cast<double>(p.d + p.dv);
  return p.causal ? f / 2 : f;
}


}  // namespace
}  // namespace fa

AttentionProblem AttentionProblem::dense(int64_t batch, int64_t heads, int64_t lq, int64_t lk, int64_t d, int64_t dv, float scale,
                                         bool causal, const int64_t* validKeys) {
  AttentionProblem p;
  p.batch = batch, p.heads = heads, p.lq = lq, p.lk = lk, p.d = d, p.dv = dv, p.scale = scale, p.causal = causal;
  p.validKeys = validKeys;
  p.qrow = d, p.qh = lq * d, p.qb = heads * lq * d;
  p.krow = d, p.kh = lk * d, p.kb = heads * lk * d;
  p.vrow = dv, p.vh = lk * dv, p.vb = heads * lk * dv;
  p.orow = dv, p.oh = lq * dv, p.ob = heads * lq * dv;
  return p;
}

void forceFlashAttentionIsa(FlashIsa isa) { fa::forced() = isa; }
const char* flashAttentionIsa() { return fa::kernels().name; }
bool flashAttentionIsaSupported(FlashIsa isa) { return fa::hostHas(isa); }

void flashAttentionForward(const AttentionProblem& p, const float* q, const float* k, const float* v, float* out, float* lse) {
  using namespace fa;
  check(p);
  const int64_t problems = p.batch * p.heads, nqb = (p.lq + kBr - 1) / kBr, tasks = problems * nqb;
  if (tasks == 0) return;
  const Kernels& kern = kernels();
  const FwdArgs args{&p, q, k, v, out, lse};
  const int n = threadCount();
  const bool par = n > 1 && tasks > 1 && forwardFlops(p) > kParallelFlops;
  const int64_t scratchFloats = fwdScratch(p);
#pragma omp parallel num_threads(n) if (par)
  {
    ScopedFlushDenormals ftz;
    Scratch s(scratchFloats);
#pragma omp for schedule(dynamic)
    for (int64_t t = 0; t < tasks; ++t) {
      // Last query blocks first: under a causal mask they are the heaviest.
      int64_t problem = t / nqb, qblock = nqb - 1 - t % nqb;
      kern.fwd(args, problem, qblock, s.ptr);
    }
  }
}

void flashAttentionBackward(const AttentionProblem& p, const float* q, const float* k, const float* v, const float* out,
                            const float* dout, const float* lse, float* dq, float* dk, float* dv) {
  using namespace fa;
  check(p);
  if ((p.batch > 1 && (p.qb == 0 || p.kb == 0 || p.vb == 0)) || (p.heads > 1 && (p.qh == 0 || p.kh == 0 || p.vh == 0)))
    throw std::invalid_argument("flash attention backward: problems must not share q, k or v (a zero batch or head stride)");
  const int64_t problems = p.batch * p.heads;
  if (problems == 0 || p.lq + p.lk == 0) return;
  const Kernels& kern = kernels();
  const int n = threadCount();
  const bool par = n > 1 && 2.5 * forwardFlops(p) > kParallelFlops;  // five products to the forward's two
  // Few problems for the threads: split each problem's key blocks into interleaved chunks, each
  // with its own partial dq, summed below.
  const int64_t nkb = (p.lk + kBc - 1) / kBc;
  int64_t chunks = 1;
  if (par && problems < 4 * n) chunks = std::max<int64_t>(1, std::min<int64_t>(nkb, (4 * n + problems - 1) / problems));
  const int64_t tasks = problems * chunks;
  std::vector<float> partial(chunks > 1 ? static_cast<size_t>(tasks * p.lq * p.d) : 0);
  const BwdArgs args{&p, q, k, v, out, dout, lse, dq, dk, dv, chunks};
  const int64_t scratchFloats = bwdScratch(p);
  const int64_t rowBlocks = (p.lq + kBr - 1) / kBr;
#pragma omp parallel num_threads(n) if (par && tasks > 1)
  {
    ScopedFlushDenormals ftz;
    Scratch s(scratchFloats);
#pragma omp for schedule(dynamic)
    for (int64_t t = 0; t < tasks; ++t)
      kern.bwd(args, t / chunks, t % chunks, s.ptr, chunks > 1 ? partial.data() + t * p.lq * p.d : nullptr);
    if (chunks > 1) {
#pragma omp for schedule(static)
      for (int64_t r = 0; r < problems * rowBlocks; ++r) {
        int64_t problem = r / rowBlocks, i0 = r % rowBlocks * kBr, i1 = std::min(p.lq, i0 + kBr);
        float* dqp = dq + problem / p.heads * p.qb + problem % p.heads * p.qh;
        const float* part = partial.data() + problem * chunks * p.lq * p.d;
        for (int64_t i = i0; i < i1; ++i) {
          float* row = dqp + i * p.qrow;
          std::copy(part + i * p.d, part + (i + 1) * p.d, row);
          for (int64_t c = 1; c < chunks; ++c)
            for (int64_t t = 0; t < p.d; ++t) row[t] += part[(c * p.lq + i) * p.d + t];
        }
      }
    }
  }
}

}  // namespace sinter

#else  // SINTER_FA_PASS: the kernels for one instruction set ---------------------------------

namespace sinter::fa::SINTER_FA_NS {
namespace {

constexpr int V = SINTER_FA_V;  // floats per vector
typedef float vf __attribute__((vector_size(V * 4)));
typedef int32_t vi __attribute__((vector_size(V * 4)));
typedef float vfu __attribute__((vector_size(V * 4), __may_alias__, __aligned__(4)));  // unaligned access

// Column vectors per register block and the rows that fill the vector registers (32 with AVX-512,
// 16 otherwise), leaving room for the B row and the broadcast.
constexpr int kMaxC = V == 16 ? 4 : 2;
constexpr int rowsFor(int c) {
  if (V == 16) return c == 4 ? 6 : c == 3 ? 8 : c == 2 ? 12 : 16;
  return c == 2 ? 6 : 12;
}

inline vf ld(const float* p) { return *reinterpret_cast<const vfu*>(p); }
inline void st(float* p, vf x) { *reinterpret_cast<vfu*>(p) = x; }
inline vf splat(float x) {
#if SINTER_FA_V == 16
  return _mm512_set1_ps(x);
#elif SINTER_FA_V == 8
  return _mm256_set1_ps(x);
#else
  return _mm_set1_ps(x);
#endif
}
inline vf fmadd(vf a, vf b, vf c) {
#if SINTER_FA_V == 16
  return _mm512_fmadd_ps(a, b, c);
#elif SINTER_FA_V == 8
  return _mm256_fmadd_ps(a, b, c);
#else
  return a * b + c;
#endif
}
inline vf vmax(vf a, vf b) {
#if SINTER_FA_V == 16
  return _mm512_mask_max_ps(a, 0xffff, a, b);  // (_mm512_max_ps trips GCC 12's -Wmaybe-uninitialized)
#elif SINTER_FA_V == 8
  return _mm256_max_ps(a, b);
#else
  return _mm_max_ps(a, b);
#endif
}
inline vi iota() {
  vi r{};
  for (int i = 0; i < V; ++i) r[i] = i;
  return r;
}

// 2^x for x <= 127 (larger x give garbage: callers pass x <= 0 or mask the lane), relative error
// ~2e-7 (Cephes' exp2f polynomial on [-0.5, 0.5]); exactly 0 for x <= -127 and -inf: clamped to
// -127, the exponent field comes out 0.
inline vf exp2v(vf x) {
  x = vmax(x, splat(-127.f));
  // 1.5 * 2^23 + 127: x + magic rounds x to an integer n whose bits, plus the exponent bias 127,
  // are the low bits of the sum.
  const vf magic = splat(12583039.f);
  vf t = x + magic;
  vf n = t - magic;
  vf f = x - n;
  vf p = splat(1.535336188319500e-4f);
  p = fmadd(p, f, splat(1.339887440266574e-3f));
  p = fmadd(p, f, splat(9.618437357674640e-3f));
  p = fmadd(p, f, splat(5.550332471162809e-2f));
  p = fmadd(p, f, splat(2.402264791363012e-1f));
  p = fmadd(p, f, splat(6.931472028550421e-1f));
  p = fmadd(p, f, splat(1.f));
  vi e = (vi)t << 23;  // 2^n: n + 127 in the exponent field
  return p * (vf)e;
}

// C[r][c] (+)= sum_kk A(r, kk) B[kk][c] for R rows and Cv vectors of columns, in registers.
// RowA: A(r, kk) = a[r * as + kk] (rows of A contiguous); else A(r, kk) = a[kk * as + r].
template <int R, int Cv, bool RowA, bool Acc>
__attribute__((always_inline)) inline void micro(const float* __restrict a, int64_t as, const float* __restrict b, int64_t ldb,
                                                 int64_t nk, float* __restrict c, int64_t ldc) {
  vf acc[R][Cv];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int j = 0; j < Cv; ++j) acc[r][j] = Acc ? ld(c + r * ldc + j * V) : vf{};
  for (int64_t kk = 0; kk < nk; ++kk) {
    vf bv[Cv];
#pragma GCC unroll 4
    for (int j = 0; j < Cv; ++j) bv[j] = ld(b + kk * ldb + j * V);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      vf av = splat(RowA ? a[r * as + kk] : a[kk * as + r]);
#pragma GCC unroll 4
      for (int j = 0; j < Cv; ++j) acc[r][j] = fmadd(av, bv[j], acc[r][j]);
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int j = 0; j < Cv; ++j) st(c + r * ldc + j * V, acc[r][j]);
}

template <int Cv, bool RowA, bool Acc>
void gemmCols(int64_t nr, const float* a, int64_t as, const float* b, int64_t ldb, int64_t nk, float* c, int64_t ldc) {
  constexpr int RM = rowsFor(Cv);
  auto at = [&](int64_t r) { return RowA ? a + r * as : a + r; };
  int64_t r = 0;
  for (; r + RM <= nr; r += RM) micro<RM, Cv, RowA, Acc>(at(r), as, b, ldb, nk, c + r * ldc, ldc);
  if constexpr (RM > 8)
    if (nr - r >= 8) micro<8, Cv, RowA, Acc>(at(r), as, b, ldb, nk, c + r * ldc, ldc), r += 8;
  if constexpr (RM > 4)
    if (nr - r >= 4) micro<4, Cv, RowA, Acc>(at(r), as, b, ldb, nk, c + r * ldc, ldc), r += 4;
  if (nr - r >= 2) micro<2, Cv, RowA, Acc>(at(r), as, b, ldb, nk, c + r * ldc, ldc), r += 2;
  if (nr - r >= 1) micro<1, Cv, RowA, Acc>(at(r), as, b, ldb, nk, c + r * ldc, ldc);
}

// C [nr, ncv vectors] (+)= A B with B [nk, ncv vectors] (row stride ldb) and A as in micro.
template <bool RowA, bool Acc>
void gemm(int64_t nr, int64_t ncv, const float* a, int64_t as, const float* b, int64_t ldb, int64_t nk, float* c, int64_t ldc) {
  for (int64_t j = 0; j < ncv; j += kMaxC) {
    const float* bj = b + j * V;
    float* cj = c + j * V;
    switch (std::min<int64_t>(kMaxC, ncv - j)) {
      case 4:
        if constexpr (kMaxC >= 4) gemmCols<4, RowA, Acc>(nr, a, as, bj, ldb, nk, cj, ldc);
        break;
      case 3:
        if constexpr (kMaxC >= 3) gemmCols<3, RowA, Acc>(nr, a, as, bj, ldb, nk, cj, ldc);
        break;
      case 2: gemmCols<2, RowA, Acc>(nr, a, as, bj, ldb, nk, cj, ldc); break;
      default: gemmCols<1, RowA, Acc>(nr, a, as, bj, ldb, nk, cj, ldc); break;
    }
  }
}

}  // namespace

// One block of kBr queries of one problem.
void forwardTask(const FwdArgs& f, int64_t problem, int64_t qblock, float* scratch) {
  const AttentionProblem& p = *f.p;
  const int64_t b = problem / p.heads, h = problem % p.heads, D = p.d, Dv = p.dv;
  const float* q = f.q + b * p.qb + h * p.qh;
  const float* k = f.k + b * p.kb + h * p.kh;
  const float* v = f.v + b * p.vb + h * p.vh;
  float* out = f.out + b * p.ob + h * p.oh;
  float* lse = f.lse + problem * p.lq;
  const int64_t i0 = qblock * kBr, ni = std::min(kBr, p.lq - i0);
  constexpr int64_t CV = kBr / V;  // vectors per row of a [*, kBr] block
  float* qt = scratch;                  // [D, kBr]: q block transposed, times scale * log2(e)
  float* st_ = qt + padded(D) * kBr;    // [kBc, kBr]: S^T, then P^T
  float* ot = st_ + kBc * kBr;          // [Dv, kBr]: the output accumulator, transposed
  float* mrow = ot + padded(Dv) * kBr;  // [kBr]: running max (log2 units)
  float* lrow = mrow + kBr;             // [kBr]: running sum
  const float c2 = p.scale * kLog2e;
  std::fill(qt, qt + D * kBr, 0.f);
  for (int64_t il = 0; il < ni; ++il)
    for (int64_t t = 0; t < D; ++t) qt[t * kBr + il] = q[(i0 + il) * p.qrow + t] * c2;
  std::fill(ot, ot + Dv * kBr, 0.f);
  std::fill(mrow, mrow + kBr, -std::numeric_limits<float>::infinity());
  std::fill(lrow, lrow + kBr, 0.f);

  int64_t kend = validOf(p, b);
  if (p.causal) kend = std::min(kend, i0 + ni);  // keys after the block's last query are masked for all of it
  const vf ninf = splat(-std::numeric_limits<float>::infinity());
  for (int64_t j0 = 0; j0 < kend; j0 += kBc) {
    const int64_t jn = std::min(kBc, kend - j0);
    gemm<true, false>(jn, CV, k + j0 * p.krow, p.krow, qt, kBr, D, st_, kBr);
    if (p.causal && j0 + jn - 1 > i0)  // the diagonal: key j is masked for queries i < j
      for (int64_t jl = std::max<int64_t>(0, i0 + 1 - j0); jl < jn; ++jl)
        std::fill(st_ + jl * kBr, st_ + jl * kBr + (j0 + jl - i0), -std::numeric_limits<float>::infinity());
    vf m[CV], msafe[CV], alpha[CV], sum[CV];
    for (int c = 0; c < CV; ++c) m[c] = ld(mrow + c * V);
    for (int64_t jl = 0; jl < jn; ++jl)
#pragma GCC unroll 16
      for (int c = 0; c < CV; ++c) m[c] = vmax(m[c], ld(st_ + jl * kBr + c * V));
    for (int c = 0; c < CV; ++c) {
      msafe[c] = m[c] == ninf ? vf{} : m[c];  // no unmasked key yet: keep exp2(-inf - -inf) out
      alpha[c] = exp2v(ld(mrow + c * V) - msafe[c]);
      st(mrow + c * V, m[c]);
      sum[c] = vf{};
    }
    for (int64_t jl = 0; jl < jn; ++jl)
#pragma GCC unroll 16
      for (int c = 0; c < CV; ++c) {
        vf e = exp2v(ld(st_ + jl * kBr + c * V) - msafe[c]);
        st(st_ + jl * kBr + c * V, e);
        sum[c] += e;
      }
    for (int c = 0; c < CV; ++c) st(lrow + c * V, ld(lrow + c * V) * alpha[c] + sum[c]);
    if (j0 > 0)
      for (int64_t t = 0; t < Dv; ++t)
#pragma GCC unroll 16
        for (int c = 0; c < CV; ++c) st(ot + t * kBr + c * V, ld(ot + t * kBr + c * V) * alpha[c]);
    gemm<false, true>(Dv, CV, v + j0 * p.vrow, p.vrow, st_, kBr, jn, ot, kBr);
  }
  for (int64_t il = 0; il < ni; ++il) {
    float l = lrow[il], inv = l > 0 ? 1.f / l : 0.f;
    lse[i0 + il] = l > 0 ? mrow[il] * kLn2 + std::log(l) : -std::numeric_limits<float>::infinity();
    float* o = out + (i0 + il) * p.orow;
    for (int64_t t = 0; t < Dv; ++t) o[t] = ot[t * kBr + il] * inv;
  }
}

// The key blocks kb = chunk, chunk + chunks, ... of one problem: writes their dk and dv rows, and
// dq (partialDq null: the task is the whole problem) or its share of dq in partialDq [lq, d].
void backwardTask(const BwdArgs& g, int64_t problem, int64_t chunk, float* scratch, float* partialDq) {
  const AttentionProblem& p = *g.p;
  const int64_t b = problem / p.heads, h = problem % p.heads, D = p.d, Dv = p.dv, lq = p.lq, Dp = padded(D);
  const float* q = g.q + b * p.qb + h * p.qh;
  const float* k = g.k + b * p.kb + h * p.kh;
  const float* v = g.v + b * p.vb + h * p.vh;
  const float* out = g.out + b * p.ob + h * p.oh;
  const float* dout = g.dout + b * p.ob + h * p.oh;
  const float* lse = g.lse + problem * lq;
  float* dq = g.dq + b * p.qb + h * p.qh;
  float* dk = g.dk + b * p.kb + h * p.kh;
  float* dv = g.dv + b * p.vb + h * p.vh;
  constexpr int64_t CK = kBc / V;
  float* kt = scratch;                  // [D, kBc]: k block transposed, times scale * log2(e)
  float* vt = kt + Dp * kBc;            // [Dv, kBc]: v block transposed
  float* dkt = vt + padded(Dv) * kBc;   // [D, kBc]: dk block transposed (without the scale)
  float* dvt = dkt + Dp * kBc;          // [Dv, kBc]
  float* kr = dvt + padded(Dv) * kBc;   // [kBc, Dp]: k block times scale, rows padded to Dp
  float* pb = kr + kBc * Dp;            // [kBr, kBc]: S, then P
  float* dpb = pb + kBr * kBc;          // [kBr, kBc]: dP, then dS
  float* dqs = dpb + kBr * kBc;         // [lq, Dp]: this task's dq
  float* lse2 = dqs + padded(lq) * Dp;  // [lq]: lse in log2 units
  float* drow = lse2 + padded(lq);      // [lq]: rowsum(dout * out)
  const float c2 = p.scale * kLog2e;
  for (int64_t i = 0; i < lq; ++i) {
    lse2[i] = lse[i] * kLog2e;
    float s = 0;
    for (int64_t t = 0; t < Dv; ++t) s += dout[i * p.orow + t] * out[i * p.orow + t];
    drow[i] = s;
  }
  std::fill(dqs, dqs + lq * Dp, 0.f);
  std::fill(kr, kr + kBc * Dp, 0.f);
  const vi lanes = iota();
  int64_t klimit = validOf(p, b);
  if (p.causal) klimit = std::min(klimit, lq);  // key j is seen by queries i >= j only
  const int64_t nkb = (p.lk + kBc - 1) / kBc;
  for (int64_t kb = chunk; kb < nkb; kb += g.chunks) {
    const int64_t j0 = kb * kBc, bn = std::min(kBc, p.lk - j0), jn = std::clamp<int64_t>(klimit - j0, 0, bn);
    if (jn > 0) {
      std::fill(kt, kt + D * kBc, 0.f);
      std::fill(vt, vt + Dv * kBc, 0.f);
      for (int64_t jl = 0; jl < jn; ++jl) {
        const float *kj = k + (j0 + jl) * p.krow, *vj = v + (j0 + jl) * p.vrow;
        for (int64_t t = 0; t < D; ++t) kt[t * kBc + jl] = kj[t] * c2, kr[jl * Dp + t] = kj[t] * p.scale;
        for (int64_t t = 0; t < Dv; ++t) vt[t * kBc + jl] = vj[t];
      }
      std::fill(dkt, dkt + D * kBc, 0.f);
      std::fill(dvt, dvt + Dv * kBc, 0.f);
      for (int64_t i0 = p.causal ? j0 : 0; i0 < lq; i0 += kBr) {
        const int64_t ni = std::min(kBr, lq - i0);
        gemm<true, false>(ni, CK, q + i0 * p.qrow, p.qrow, kt, kBc, D, pb, kBc);
        gemm<true, false>(ni, CK, dout + i0 * p.orow, p.orow, vt, kBc, Dv, dpb, kBc);
        for (int64_t il = 0; il < ni; ++il) {
          const int64_t i = i0 + il, lim = p.causal ? std::min(jn, i - j0 + 1) : jn;  // unmasked lanes: [0, lim)
          const vf l2 = splat(lse2[i]), dd = splat(drow[i]);
          float *prow = pb + il * kBc, *dprow = dpb + il * kBc;
#pragma GCC unroll 16
          for (int c = 0; c < CK; ++c) {
            vf pv = exp2v(ld(prow + c * V) - l2);
            if (lim < kBc) pv = lanes + c * V < static_cast<int32_t>(lim) ? pv : vf{};
            st(prow + c * V, pv);
            st(dprow + c * V, pv * (ld(dprow + c * V) - dd));
          }
        }
        gemm<false, true>(Dv, CK, dout + i0 * p.orow, p.orow, pb, kBc, ni, dvt, kBc);
        gemm<false, true>(D, CK, q + i0 * p.qrow, p.qrow, dpb, kBc, ni, dkt, kBc);
        gemm<true, true>(ni, Dp / V, dpb, kBc, kr, Dp, jn, dqs + i0 * Dp, Dp);
      }
    }
    for (int64_t jl = 0; jl < bn; ++jl) {
      float *dkj = dk + (j0 + jl) * p.krow, *dvj = dv + (j0 + jl) * p.vrow;
      for (int64_t t = 0; t < D; ++t) dkj[t] = jl < jn ? dkt[t * kBc + jl] * p.scale : 0.f;
      for (int64_t t = 0; t < Dv; ++t) dvj[t] = jl < jn ? dvt[t * kBc + jl] : 0.f;
    }
  }
  for (int64_t i = 0; i < lq; ++i) {
    float* dst = partialDq ? partialDq + i * D : dq + i * p.qrow;
    std::copy(dqs + i * Dp, dqs + i * Dp + D, dst);
  }
}

}  // namespace sinter::fa::SINTER_FA_NS

#endif  // SINTER_FA_PASS
