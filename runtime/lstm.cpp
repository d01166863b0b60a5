// lstm.cpp — the fused LSTM forward and backward through time (see lstm.h).
#include "runtime/lstm.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <immintrin.h>
#include <omp.h>

#include "compiler/ir/ops.h"
#include "runtime/onednn_internal.h"
#include "runtime/threads.h"
#include "runtime/vecmath.h"

namespace sinter {

bool lstmAvx512Gates = hasAvx512();

namespace {

// One time step's gates, in place: g [n, 4h] holds the pre-activations (i, f, g, o) and becomes
// the activations; c = f c_prev + i g; tc = tanh(c); h = o tc (h with row stride ldh).
SINTER_CLONES void gatesForward(float* __restrict g, const float* __restrict cPrev, float* __restrict c, float* __restrict tc, float* __restrict h,
                                int64_t ldh, int64_t n, int64_t hid) {
  for (int64_t r = 0; r < n; ++r) {
    float* __restrict gr = g + r * 4 * hid;
#pragma GCC ivdep
    for (int64_t j = 0; j < hid; ++j) {
      float i = sigmoid_(gr[j]), f = sigmoid_(gr[hid + j]), gg = tanh_(gr[2 * hid + j]), o = sigmoid_(gr[3 * hid + j]);
      float cv = f * cPrev[r * hid + j] + i * gg;
      float t = tanh_(cv);
      gr[j] = i, gr[hid + j] = f, gr[2 * hid + j] = gg, gr[3 * hid + j] = o;
      c[r * hid + j] = cv, tc[r * hid + j] = t, h[r * ldh + j] = o * t;
    }
  }
}

// One time step's gradients: from dh (dy + dh_next, row stride ldy for dy; HasDy false: the
// output sequence gets no gradient, dh = dh_next) and dc_next (updated in place to dc_prev), the
// gate activations a [n, 4h] and tanh(c), overwrites a with the gate gradients dA (each
// element's four gates are read before its four gradients are written, and no other element's
// are) and adds their column sums to db [4h] (the bias gradient, summed while dA is in registers
// instead of in a pass over all steps).
template <bool HasDy>
SINTER_CLONES void gatesBackward(float* __restrict a, const float* __restrict cPrev, const float* __restrict tc, const float* __restrict dy,
                                 int64_t ldy, const float* __restrict dhNext, float* __restrict dc, float* __restrict db, int64_t n, int64_t hid) {
  for (int64_t r = 0; r < n; ++r) {
    float* __restrict ar = a + r * 4 * hid;
#pragma GCC ivdep
    for (int64_t j = 0; j < hid; ++j) {
      float i = ar[j], f = ar[hid + j], g = ar[2 * hid + j], o = ar[3 * hid + j], t = tc[r * hid + j];
      float dh = HasDy ? dy[r * ldy + j] + dhNext[r * hid + j] : dhNext[r * hid + j];
      float dcv = dh * o * (1.0f - t * t) + dc[r * hid + j];
      float cp = cPrev[r * hid + j];
      const float di = dcv * g * i * (1.0f - i), df = dcv * cp * f * (1.0f - f), dg = dcv * i * (1.0f - g * g), dO = dh * t * o * (1.0f - o);
      ar[j] = di, ar[hid + j] = df, ar[2 * hid + j] = dg, ar[3 * hid + j] = dO;
      db[j] += di, db[hid + j] += df, db[2 * hid + j] += dg, db[3 * hid + j] += dO;
      dc[r * hid + j] = dcv * f;
    }
  }
}

// The same two passes with AVX-512 intrinsics (GCC's vectorisation of the portable ones above
// mixed 256- and 512-bit code and summed db through memory row by row): 16 columns j at a time,
// the last ones masked. One step of imdb_lstm (32 × 32), measured alone over 250 steps: forward
// 500 → 365 µs, backward 545 → 254 µs. The backward runs down the rows per 16 columns so the
// bias gradient's four sums stay in registers.
SINTER_AVX512 void gatesForward512(float* __restrict g, const float* __restrict cPrev, float* __restrict c, float* __restrict tc, float* __restrict h,
                                   int64_t ldh, int64_t n, int64_t hid) {
  for (int64_t r = 0; r < n; ++r) {
    float* __restrict gr = g + r * 4 * hid;
    for (int64_t j = 0; j < hid; j += 16) {
      const __mmask16 k = avx512::tailMask(j, hid);
      const __m512 i = avx512::sigmoid(avx512::load(k, gr + j)), f = avx512::sigmoid(avx512::load(k, gr + hid + j)), gg = avx512::tanh(avx512::load(k, gr + 2 * hid + j)),
                   o = avx512::sigmoid(avx512::load(k, gr + 3 * hid + j));
      const __m512 cv = _mm512_fmadd_ps(f, avx512::load(k, cPrev + r * hid + j), _mm512_mul_ps(i, gg)), t = avx512::tanh(cv);
      avx512::store(k, gr + j, i), avx512::store(k, gr + hid + j, f), avx512::store(k, gr + 2 * hid + j, gg), avx512::store(k, gr + 3 * hid + j, o);
      avx512::store(k, c + r * hid + j, cv), avx512::store(k, tc + r * hid + j, t), avx512::store(k, h + r * ldh + j, _mm512_mul_ps(o, t));
    }
  }
}

template <bool HasDy>
SINTER_AVX512 void gatesBackward512(float* __restrict a, const float* __restrict cPrev, const float* __restrict tc, const float* __restrict dy,
                                    int64_t ldy, const float* __restrict dhNext, float* __restrict dc, float* __restrict db, int64_t n, int64_t hid) {
  const __m512 one = _mm512_set1_ps(1.0f);
  for (int64_t j = 0; j < hid; j += 16) {
    const __mmask16 k = avx512::tailMask(j, hid);
    __m512 sumI = _mm512_setzero_ps(), sumF = sumI, sumG = sumI, sumO = sumI;
    for (int64_t r = 0; r < n; ++r) {
      float* ar = a + r * 4 * hid;
      const __m512 i = avx512::load(k, ar + j), f = avx512::load(k, ar + hid + j), g = avx512::load(k, ar + 2 * hid + j), o = avx512::load(k, ar + 3 * hid + j), t = avx512::load(k, tc + r * hid + j);
      const __m512 dh = HasDy ? _mm512_add_ps(avx512::load(k, dy + r * ldy + j), avx512::load(k, dhNext + r * hid + j)) : avx512::load(k, dhNext + r * hid + j);
      const __m512 dcv = _mm512_fmadd_ps(_mm512_mul_ps(dh, o), _mm512_fnmadd_ps(t, t, one), avx512::load(k, dc + r * hid + j));
      const __m512 di = _mm512_mul_ps(_mm512_mul_ps(dcv, g), _mm512_mul_ps(i, _mm512_sub_ps(one, i)));
      const __m512 df = _mm512_mul_ps(_mm512_mul_ps(dcv, avx512::load(k, cPrev + r * hid + j)), _mm512_mul_ps(f, _mm512_sub_ps(one, f)));
      const __m512 dg = _mm512_mul_ps(_mm512_mul_ps(dcv, i), _mm512_fnmadd_ps(g, g, one));
      const __m512 dO = _mm512_mul_ps(_mm512_mul_ps(dh, t), _mm512_mul_ps(o, _mm512_sub_ps(one, o)));
      avx512::store(k, ar + j, di), avx512::store(k, ar + hid + j, df), avx512::store(k, ar + 2 * hid + j, dg), avx512::store(k, ar + 3 * hid + j, dO);
      sumI = _mm512_add_ps(sumI, di), sumF = _mm512_add_ps(sumF, df), sumG = _mm512_add_ps(sumG, dg), sumO = _mm512_add_ps(sumO, dO);
      avx512::store(k, dc + r * hid + j, _mm512_mul_ps(dcv, f));
    }
    avx512::store(k, db + j, _mm512_add_ps(avx512::load(k, db + j), sumI)), avx512::store(k, db + hid + j, _mm512_add_ps(avx512::load(k, db + hid + j), sumF));
    avx512::store(k, db + 2 * hid + j, _mm512_add_ps(avx512::load(k, db + 2 * hid + j), sumG)), avx512::store(k, db + 3 * hid + j, _mm512_add_ps(avx512::load(k, db + 3 * hid + j), sumO));
  }
}

void runGatesForward(float* g, const float* cPrev, float* c, float* tc, float* h, int64_t ldh, int64_t n, int64_t hid) {
  (lstmAvx512Gates ? gatesForward512 : gatesForward)(g, cPrev, c, tc, h, ldh, n, hid);
}

void runGatesBackward(bool hasDy, float* a, const float* cPrev, const float* tc, const float* dy, int64_t ldy, const float* dhNext, float* dc, float* db,
                      int64_t n, int64_t hid) {
  auto pass = lstmAvx512Gates ? (hasDy ? gatesBackward512<true> : gatesBackward512<false>) : (hasDy ? gatesBackward<true> : gatesBackward<false>);
  pass(a, cPrev, tc, dy, ldy, dhNext, dc, db, n, hid);
}

// The time loop's products, C [n, m] (+)= A [n, k] (row stride lda) · B [k, m] (packed): per step
// only 32·128·32 multiply-adds in imdb_lstm, where a library call's fixed cost (~4 µs measured
// against ~2 µs of arithmetic) dominated. Blocks of R rows × J columns accumulate in registers
// (16 AVX-512 vectors for R·J = 256) over the whole k; rows and columns beyond the blocks take
// the plain loop.
template <int R, int J>
SINTER_CLONES void blockedProduct(const float* __restrict A, int64_t lda, const float* __restrict B, float* __restrict C, int64_t n, int64_t k,
                                  int64_t m, bool accumulate) {
  int64_t r = 0;
  for (; r + R <= n; r += R) {
    int64_t j = 0;
    for (; j + J <= m; j += J) {
      float acc[R][J];
      for (int a = 0; a < R; ++a)
        for (int b = 0; b < J; ++b) acc[a][b] = accumulate ? C[(r + a) * m + j + b] : 0.0f;
      for (int64_t kk = 0; kk < k; ++kk) {
        const float* __restrict row = B + kk * m + j;
        for (int a = 0; a < R; ++a) {
          const float x = A[(r + a) * lda + kk];
          for (int b = 0; b < J; ++b) acc[a][b] += x * row[b];
        }
      }
      for (int a = 0; a < R; ++a)
        for (int b = 0; b < J; ++b) C[(r + a) * m + j + b] = acc[a][b];
    }
    for (int a = 0; a < R; ++a)
      for (int64_t jj = j; jj < m; ++jj) {
        float sum = accumulate ? C[(r + a) * m + jj] : 0.0f;
        for (int64_t kk = 0; kk < k; ++kk) sum += A[(r + a) * lda + kk] * B[kk * m + jj];
        C[(r + a) * m + jj] = sum;
      }
  }
  for (; r < n; ++r)
    for (int64_t jj = 0; jj < m; ++jj) {
      float sum = accumulate ? C[r * m + jj] : 0.0f;
      for (int64_t kk = 0; kk < k; ++kk) sum += A[r * lda + kk] * B[kk * m + jj];
      C[r * m + jj] = sum;
    }
}
void smallProduct(const float* A, int64_t lda, const float* B, float* C, int64_t n, int64_t k, int64_t m, bool accumulate) {
  if (m >= 64) return blockedProduct<4, 64>(A, lda, B, C, n, k, m, accumulate);
  if (m >= 32) return blockedProduct<8, 32>(A, lda, B, C, n, k, m, accumulate);
  blockedProduct<8, 16>(A, lda, B, C, n, k, m, accumulate);
}

// A weight gradient over a whole sequence, C [m, n] = Aᵀ·B for A [k, m] (row stride lda) and
// B [k, n] (row stride ldb): rows m0..m1 of C. k is long (time × batch, 8000 in imdb_lstm) and
// C small (4h × in): oneDNN ran these at 80-115 GFLOP/s. Here k goes in chunks that stay in L2
// (A's and B's rows of a chunk of 256: 192 KB at most for imdb_lstm), and blocks of R rows × J columns
// of C accumulate in registers (16 AVX-512 vectors) over each chunk: per k, R broadcasts of A
// and J/16 loads of B feed R·J/16 fused multiply-adds.
template <int R, int J>
SINTER_CLONES void transposedProduct(const float* __restrict A, int64_t lda, const float* __restrict B, int64_t ldb, float* __restrict C, int64_t n,
                                     int64_t k, int64_t m0, int64_t m1, bool accumulate) {
  constexpr int64_t chunk = 256;
  if (!accumulate)
    for (int64_t r = m0; r < m1; ++r)
      for (int64_t j = 0; j < n; ++j) C[r * n + j] = 0.0f;
  for (int64_t k0 = 0; k0 < k; k0 += chunk) {
    const int64_t k1 = std::min(k, k0 + chunk);
    int64_t r = m0;
    for (; r + R <= m1; r += R) {
      int64_t j = 0;
      for (; j + J <= n; j += J) {
        float acc[R][J];
        for (int a = 0; a < R; ++a)
          for (int b = 0; b < J; ++b) acc[a][b] = C[(r + a) * n + j + b];
        for (int64_t kk = k0; kk < k1; ++kk) {
          const float* __restrict x = A + kk * lda + r;
          const float* __restrict y = B + kk * ldb + j;
          for (int a = 0; a < R; ++a)
            for (int b = 0; b < J; ++b) acc[a][b] += x[a] * y[b];
        }
        for (int a = 0; a < R; ++a)
          for (int b = 0; b < J; ++b) C[(r + a) * n + j + b] = acc[a][b];
      }
      for (int64_t kk = k0; kk < k1; ++kk)  // columns beyond the blocks
        for (int a = 0; a < R; ++a)
          for (int64_t jj = j; jj < n; ++jj) C[(r + a) * n + jj] += A[kk * lda + r + a] * B[kk * ldb + jj];
    }
    for (int64_t kk = k0; kk < k1; ++kk)  // rows beyond the blocks
      for (int64_t rr = r; rr < m1; ++rr)
        for (int64_t jj = 0; jj < n; ++jj) C[rr * n + jj] += A[kk * lda + rr] * B[kk * ldb + jj];
  }
}

}  // namespace

void weightGradient(const float* A, int64_t lda, const float* B, int64_t ldb, float* C, int64_t m, int64_t n, int64_t k, bool accumulate) {
  const int threads = threadsFor(2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k));
  constexpr int64_t rowBlock = 8;  // every template's R divides it
  const int64_t blocks = (m + rowBlock - 1) / rowBlock;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    ScopedFlushDenormals ftz;
    const int64_t parts = omp_get_num_threads(), me = omp_get_thread_num();
    const int64_t m0 = std::min(m, blocks * me / parts * rowBlock), m1 = std::min(m, blocks * (me + 1) / parts * rowBlock);
    if (n % 64 == 0) transposedProduct<4, 64>(A, lda, B, ldb, C, n, k, m0, m1, accumulate);
    else if (n % 32 == 0) transposedProduct<8, 32>(A, lda, B, ldb, C, n, k, m0, m1, accumulate);
    else transposedProduct<8, 16>(A, lda, B, ldb, C, n, k, m0, m1, accumulate);
  }
}

namespace {

// Asks for `count` floats from p into the cache ahead of use: the next time step's rows of a
// whole-sequence array (its gates: 16 KB a step in imdb_lstm, long out of L2 since the projection
// wrote them), which the step's register-blocked product would otherwise wait for row by row.
void prefetch(const float* p, int64_t count) {
  for (int64_t i = 0; i < count; i += 16) __builtin_prefetch(p + i, 0, 3);
}

// [a, b, w] -> [b, a, w]: batch-first and time-major sequences.
void swapLeading(const float* src, float* dst, int64_t a, int64_t b, int64_t w) {
  for (int64_t i = 0; i < a; ++i)
    for (int64_t j = 0; j < b; ++j) std::memcpy(dst + (j * a + i) * w, src + (i * b + j) * w, static_cast<size_t>(w) * sizeof(float));
}

}  // namespace

struct LstmState {
  bool batchFirst;
  int64_t t, n, f, h, layers;
  int dirs;
  struct Dir {
    Gemm project, dX;
    // bias [4h], W_hhᵀ [h, 4h]; per step [t, n, 4h] / [t, n, h]. The backward writes the gate
    // gradients over the gate activations (step t's are read only by its own backward pass), so
    // `gates` is dA after it: 4 MB less working set per layer in imdb_lstm.
    std::vector<float> bias, whhT, gates, c, tc;
  };
  struct Layer {
    int64_t in;
    std::vector<float> x, y, dy;  // input [t, n, in] (layer 0, batch-first only), output [t, n, dirs h] and its gradient
    std::vector<Dir> dir;
    Gemm chunkProject, lastChunkProject;  // one direction, layers above 0: a chunk of steps' X·W_ihᵀ + b
    Gemm chunkDX, lastChunkDX;            // ... and a chunk's dX = dA·W_ih
  };
  std::vector<Layer> L;
  std::vector<float> dhNext, dc, zeros, dx0;  // [n, h] (zeros: the state before the first step), [t, n, f] (batch-first only)
  // Layer 0's input and input gradient, time-major: a batch-first model's copies (x, dx0), or a
  // time-major model's own tensors, read and written in place (the executor keeps x alive and
  // unchanged until lstm_grad, which reads it).
  const float* x0 = nullptr;
  float* dx0Out = nullptr;
  bool outputUsed = true;                     // someone reads the output sequence (result 0)
  int64_t chunk = 0;                          // steps per chunk of the layer wavefront (0: none)
  bool backwardReady = false;                 // prepareBackward() has run

  // Layer l's input sequence [t, n, in]: the model's input, or the layer below's output.
  const float* input(int64_t l) const { return l == 0 ? x0 : L[l - 1].y.data(); }

  explicit LstmState(const Node& lstmOrGrad);
  void forward(const std::vector<const Tensor*>& in);
  void prepareLayer(int64_t l, int d, const std::vector<const Tensor*>& in);
  void forwardSteps(int64_t l, int d, int64_t from, int64_t to);
  void forwardWavefront(const std::vector<const Tensor*>& in);
  void backwardSteps(int64_t l, int d, int64_t from, int64_t to, bool hasDy, float* dhNext, float* dc, float* dbih, const float* whh);
  void backwardWavefront(const std::vector<const Tensor*>& in, std::vector<Tensor>& out, const Tensor* dout, const Tensor* dhn, const Tensor* dcn);
  float* gradientsOf(Tensor& flat, int64_t l, int d) const;  // (l, d)'s dW_ih, dW_hh, db_ih, db_hh
  void weightGradients(int64_t l, int d, float* grads);
  void carryIn(int64_t ld, float* dhNext, float* dc, const Tensor* dhn, const Tensor* dcn) const;
  template <typename Wait, typename Done>
  void backwardByChunks(int64_t l, bool hasDy, float* dhNext, float* dc, Tensor& flat, const std::vector<const Tensor*>& in, Wait wait, Done done);
  void backwardChunk(int64_t l, int64_t from, bool hasDy, float* dhNext, float* dc, float* grads, const std::vector<const Tensor*>& in);
  void finishGradients(float* grads, int64_t l) const;
  void writeInputGradient(Tensor& dx) const;
  void results(std::vector<Tensor>& out) const;  // out, h_n, c_n from the forward's state
  void prepareBackward();
  void backward(const std::vector<const Tensor*>& in, std::vector<Tensor>& out);
};

LstmState::LstmState(const Node& node) {
  LstmState& m = *this;
  m.batchFirst = node.b("batch_first");
  const Shape& xs = node.operands[0].type().shape;
  m.n = m.batchFirst ? xs[0] : xs[1], m.t = m.batchFirst ? xs[1] : xs[0], m.f = xs[2];
  m.h = node.i("hidden"), m.layers = node.i("layers"), m.dirs = node.b("bidirectional") ? 2 : 1;
  const int64_t t = m.t, n = m.n, h = m.h, g = 4 * h, width = m.dirs * h;
  m.L.resize(m.layers);
  for (int64_t l = 0; l < m.layers; ++l) {
    LstmState::Layer& y = m.L[l];
    y.in = l == 0 ? m.f : width;
    if (l == 0 && m.batchFirst) y.x.resize(t * n * y.in);
    y.y.resize(t * n * width);
    y.dir.resize(m.dirs);
    for (int d = 0; d < m.dirs; ++d) {
      LstmState::Dir& D = y.dir[d];
      D.bias.resize(g), D.whhT.resize(h * g), D.gates.resize(t * g * n), D.c.resize(t * n * h), D.tc.resize(t * n * h);
      D.project = Gemm({t * n, g, y.in, false, true, 0, 0, 0, false, true});          // X·W_ihᵀ + b
    }
  }
  m.zeros.assign(n * h, 0.0f);
  // Stacked one-direction layers can run as a wavefront, one thread per layer: layer l works on
  // a chunk of steps while layer l - 1 computes the next (forwardWavefront). About 16 chunks keep
  // the pipeline's fill short and each chunk's input projection a proper product.
  // The backward of a one-direction layer goes by the same chunks, each chunk's weight-gradient
  // and input-gradient products right after its steps, while its gate gradients (256 KB in
  // imdb_lstm) are still in L2 (backwardChunk).
  if (m.dirs == 1 && t >= 32) {
    m.chunk = (t + 15) / 16;
    for (int64_t l = 1; l < m.layers; ++l) {
      m.L[l].chunkProject = Gemm({m.chunk * n, g, width, false, true, 0, 0, 0, false, true});
      if (t % m.chunk) m.L[l].lastChunkProject = Gemm({(t % m.chunk) * n, g, width, false, true, 0, 0, 0, false, true});
    }
  }
}

// What only the backward uses, made by its first run (an inference graph's forward never needs
// it: 2 MB of output gradients and up to six oneDNN primitives for imdb_lstm).
void LstmState::prepareBackward() {
  if (backwardReady) return;
  LstmState& m = *this;
  const int64_t t = m.t, n = m.n, h = m.h, g = 4 * h, width = m.dirs * h;
  for (int64_t l = 0; l < m.layers; ++l) {
    LstmState::Layer& y = m.L[l];
    y.dy.resize(t * n * width);
    for (int d = 0; d < m.dirs; ++d) y.dir[d].dX = Gemm({t * n, y.in, g, false, false, 0, 0, 0, d > 0, false});  // dX (+)= dA·W_ih
    if (m.chunk > 0) {
      y.chunkDX = Gemm({m.chunk * n, y.in, g, false, false, 0, 0, 0, false, false});
      if (t % m.chunk) y.lastChunkDX = Gemm({(t % m.chunk) * n, y.in, g, false, false, 0, 0, 0, false, false});
    }
  }
  m.dhNext.resize(n * h), m.dc.resize(n * h);
  if (m.batchFirst) m.dx0.resize(t * n * m.f);
  backwardReady = true;
}

// Layer l, direction d: the summed biases and W_hhᵀ the time loop reads.
void LstmState::prepareLayer(int64_t l, int d, const std::vector<const Tensor*>& in) {
  LstmState::Dir& D = L[l].dir[d];
  const int64_t g = 4 * h;
  auto param = [&](int k) { return in[1 + 4 * (l * dirs + d) + k]->data<float>(); };
  const float *bih = param(2), *bhh = param(3), *whh = param(1);  // W_hh [4h, h]
  for (int64_t k = 0; k < g; ++k) D.bias[k] = bih[k] + bhh[k];
  for (int64_t k = 0; k < g; ++k)
    for (int64_t j = 0; j < h; ++j) D.whhT[j * g + k] = whh[k * h + j];
}

// Steps from..to (in processing order) of layer l, direction d, whose gates hold the input
// projection: the recurrent product and the gate arithmetic.
void LstmState::forwardSteps(int64_t l, int d, int64_t from, int64_t to) {
  LstmState::Layer& y = L[l];
  LstmState::Dir& D = y.dir[d];
  const int64_t g = 4 * h, width = dirs * h, step = n * h;
  for (int64_t s = from; s < to; ++s) {
    const int64_t tt = d == 0 ? s : t - 1 - s, prev = d == 0 ? tt - 1 : tt + 1;
    if (s + 1 < t) prefetch(D.gates.data() + (d == 0 ? tt + 1 : tt - 1) * n * g, n * g);
    if (s > 0) smallProduct(y.y.data() + prev * n * width + d * h, width, D.whhT.data(), D.gates.data() + tt * n * g, n, h, g, true);  // G[t] += h_prev·W_hhᵀ
    runGatesForward(D.gates.data() + tt * n * g, s > 0 ? D.c.data() + prev * step : zeros.data(), D.c.data() + tt * step, D.tc.data() + tt * step,
                 y.y.data() + tt * n * width + d * h, width, n, h);
  }
}

// Forward, keeping what the backward needs: every step's gate activations, c and tanh(c), and
// every layer's input and output sequence.
void LstmState::forward(const std::vector<const Tensor*>& in) {
  LstmState& m = *this;
  if (m.batchFirst) swapLeading(in[0]->data<float>(), m.L[0].x.data(), m.n, m.t, m.f);
  m.x0 = m.batchFirst ? m.L[0].x.data() : in[0]->data<float>();
  if (m.chunk > 0 && m.layers > 1 && threadCount() >= m.layers) return forwardWavefront(in);
  for (int64_t l = 0; l < m.layers; ++l)
    for (int d = 0; d < m.dirs; ++d) {
      prepareLayer(l, d, in);
      LstmState::Dir& D = m.L[l].dir[d];
      D.project(m.input(l), in[1 + 4 * (l * m.dirs + d)]->data<float>(), D.gates.data(), D.bias.data());
      forwardSteps(l, d, 0, m.t);
    }
}

// The layers as a wavefront, one thread each: layer l projects and runs chunk k of the steps as
// soon as layer l - 1 has published that chunk's outputs (a release/acquire counter of finished
// steps per layer), while layer l - 1 goes on with chunk k + 1. Layer 0's projection is one
// product over the whole sequence first (all threads). The same arithmetic as forward(): each
// chunk's projection is the rows of the whole-sequence product.
void LstmState::forwardWavefront(const std::vector<const Tensor*>& in) {
  LstmState& m = *this;
  const int64_t t = m.t, n = m.n, g = 4 * m.h, width = m.dirs * m.h;
  for (int64_t l = 0; l < m.layers; ++l) prepareLayer(l, 0, in);
  LstmState::Dir& D0 = m.L[0].dir[0];
  D0.project(m.x0, in[1]->data<float>(), D0.gates.data(), D0.bias.data());
  std::unique_ptr<std::atomic<int64_t>[]> done(new std::atomic<int64_t>[m.layers]);
  for (int64_t l = 0; l < m.layers; ++l) done[l].store(0, std::memory_order_relaxed);
#pragma omp parallel num_threads(static_cast<int>(m.layers))
  {
    ScopedFlushDenormals ftz;
    // Thread k runs layers k, k + threads, ... in order (OpenMP may give fewer threads than
    // asked): a layer waits only on the one below, which another thread or this one's earlier
    // pass completes.
    for (int64_t l = omp_get_thread_num(); l < m.layers; l += omp_get_num_threads()) {
      LstmState::Layer& y = m.L[l];
      LstmState::Dir& D = y.dir[0];
      for (int64_t from = 0; from < t; from += m.chunk) {
        const int64_t to = std::min(t, from + m.chunk);
        if (l > 0) {
          spinUntil([&] { return done[l - 1].load(std::memory_order_acquire) >= to; });
          Gemm& project = to - from == m.chunk ? y.chunkProject : y.lastChunkProject;
          project(m.L[l - 1].y.data() + from * n * width, in[1 + 4 * l]->data<float>(), D.gates.data() + from * n * g, D.bias.data());
        }
        m.forwardSteps(l, 0, from, to);
        done[l].store(to, std::memory_order_release);
      }
    }
  }
}

void LstmState::results(std::vector<Tensor>& out) const {
  const LstmState& m = *this;
  const int64_t t = m.t, n = m.n, h = m.h, width = m.dirs * h, step = n * h;
  const LstmState::Layer& top = m.L[m.layers - 1];
  if (!m.outputUsed) {
  } else if (m.batchFirst) {
    swapLeading(top.y.data(), out[0].data<float>(), t, n, width);
  } else {
    std::memcpy(out[0].data<float>(), top.y.data(), top.y.size() * sizeof(float));
  }
  // h_n, c_n [layers * dirs, n, h]: the last step each direction processed (t - 1, or 0 reversed).
  for (int64_t l = 0; l < m.layers; ++l)
    for (int d = 0; d < m.dirs; ++d) {
      const int64_t last = d == 0 ? t - 1 : 0, ld = l * m.dirs + d;
      for (int64_t r = 0; r < n; ++r)
        std::memcpy(out[1].data<float>() + ld * step + r * h, m.L[l].y.data() + (last * n + r) * width + d * h, h * sizeof(float));
      std::memcpy(out[2].data<float>() + ld * step, m.L[l].dir[d].c.data() + last * step, step * sizeof(float));
    }
}

// Steps to-1 down to from (in processing order) of layer l, direction d, backward: the gate
// gradients dA (and the bias gradient summed into dbih) from the output gradient (hasDy: dy of
// the layer's output sequence, else dh_next alone) and dh_next / dc carried from the step after.
void LstmState::backwardSteps(int64_t l, int d, int64_t from, int64_t to, bool hasDy, float* dhNext, float* dc, float* dbih, const float* whh) {
  LstmState::Layer& y = L[l];
  LstmState::Dir& D = y.dir[d];
  const int64_t g = 4 * h, width = dirs * h, step = n * h;
  for (int64_t s = to; s-- > from;) {
    const int64_t tt = d == 0 ? s : t - 1 - s, prev = d == 0 ? tt - 1 : tt + 1;
    if (s > 0) {  // the step after this one: tt's predecessor in processing order
      prefetch(D.gates.data() + prev * n * g, n * g);
      prefetch(D.tc.data() + prev * step, step);
      if (s > 1) prefetch(D.c.data() + (d == 0 ? prev - 1 : prev + 1) * step, step);
    }
    runGatesBackward(hasDy, D.gates.data() + tt * n * g, s > 0 ? D.c.data() + prev * step : zeros.data(), D.tc.data() + tt * step, y.dy.data() + tt * n * width + d * h, width, dhNext, dc, dbih, n, h);
    if (s > 0) smallProduct(D.gates.data() + tt * n * g, g, whh, dhNext, n, g, h, false);  // dh_prev = dA[t]·W_hh
  }
}

// Backward through time from the forward's state, top layer first.
void LstmState::backward(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
  LstmState& m = *this;
  const int64_t t = m.t, n = m.n, h = m.h, g = 4 * h, width = m.dirs * h;
  auto param = [&](int64_t l, int d, int k) { return in[1 + 4 * (l * m.dirs + d) + k]->data<float>(); };
  const int first = 1 + 4 * static_cast<int>(m.layers * m.dirs);
  const Tensor *dout = operandAt(in, first), *dhn = operandAt(in, first + 1), *dcn = operandAt(in, first + 2);
  m.prepareBackward();
  LstmState::Layer& top = m.L[m.layers - 1];
  if (!m.batchFirst) m.x0 = in[0]->data<float>();
  m.dx0Out = m.batchFirst ? m.dx0.data() : out[0].data<float>();
  if (!dout) {
    // No gradient into the output sequence (only h_n or c_n are read): the top layer's steps
    // take dh from dh_next alone.
  } else if (m.batchFirst) {
    swapLeading(dout->data<float>(), top.dy.data(), n, t, width);
  } else {
    std::memcpy(top.dy.data(), dout->data<float>(), top.dy.size() * sizeof(float));
  }
  if (m.chunk > 0 && m.layers > 1 && threadCount() >= m.layers) return backwardWavefront(in, out, dout, dhn, dcn);
  for (int64_t l = m.layers; l-- > 0;) {
    if (m.chunk > 0) {  // one direction: by chunks, from the last
      carryIn(l, m.dhNext.data(), m.dc.data(), dhn, dcn);
      backwardByChunks(l, dout || l + 1 < m.layers, m.dhNext.data(), m.dc.data(), out[1], in, [](int64_t) {}, [](int64_t) {});
      continue;
    }
    LstmState::Layer& y = m.L[l];
    float* dX = l > 0 ? m.L[l - 1].dy.data() : m.dx0Out;
    for (int d = 0; d < m.dirs; ++d) {
      LstmState::Dir& D = y.dir[d];
      carryIn(l * m.dirs + d, m.dhNext.data(), m.dc.data(), dhn, dcn);
      float* grads = gradientsOf(out[1], l, d);
      float* dbih = grads + g * (y.in + h);
      std::fill(dbih, dbih + g, 0.0f);
      backwardSteps(l, d, 0, t, dout || l + 1 < m.layers, m.dhNext.data(), m.dc.data(), dbih, param(l, d, 1));
      weightGradients(l, d, grads);
      D.dX(D.gates.data(), param(l, d, 0), dX);
    }
  }
  writeInputGradient(out[0]);
}

// Where (layer l, direction d)'s gradients start in the flat parameter gradient: per (layer,
// direction) in order, dW_ih [4h, in], dW_hh [4h, h], db_ih [4h], db_hh [4h].
float* LstmState::gradientsOf(Tensor& flat, int64_t l, int d) const {
  float* p = flat.data<float>();
  for (int64_t k = 0; k < l; ++k) p += dirs * 4 * h * (L[k].in + h + 2);
  return p + d * 4 * h * (L[l].in + h + 2);
}

// The whole-sequence products of (l, d)'s backward, straight into its gradients `grads`
// (gradientsOf); db_ih, summed by the steps, is copied to db_hh.
void LstmState::weightGradients(int64_t l, int d, float* grads) {
  LstmState::Layer& y = L[l];
  LstmState::Dir& D = y.dir[d];
  const int64_t g = 4 * h, width = dirs * h;
  float *dWih = grads, *dWhh = dWih + g * y.in;
  weightGradient(D.gates.data(), g, input(l), y.in, dWih, g, y.in, t * n);  // dAᵀ·X
  if (t > 1) {
    // dA[later]ᵀ·H[earlier]. Forward direction: steps 1.. pair with h of steps ..t-2;
    // reverse: steps ..t-2 with 1..
    const float* daLater = D.gates.data() + (d == 0 ? n * g : 0);
    const float* hEarlier = y.y.data() + (d == 0 ? 0 : n * width) + d * h;
    weightGradient(daLater, g, hEarlier, width, dWhh, g, h, (t - 1) * n);
  } else {
    std::fill(dWhh, dWhh + g * h, 0.0f);
  }
  finishGradients(grads, l);
}

// dh_next and dc before the last step (layer and direction ld): dh_n's and c_n's gradients where
// the graph gives them, else zeros.
void LstmState::carryIn(int64_t ld, float* dhNext, float* dc, const Tensor* dhn, const Tensor* dcn) const {
  const int64_t step = n * h;
  if (dhn) std::memcpy(dhNext, dhn->data<float>() + ld * step, step * sizeof(float));
  else std::fill(dhNext, dhNext + step, 0.0f);
  if (dcn) std::memcpy(dc, dcn->data<float>() + ld * step, step * sizeof(float));
  else std::fill(dc, dc + step, 0.0f);
}

// Layer l (one direction) backward by chunks from the last, its gradients in `flat` zeroed first
// for the chunks to add into; wait(from) before each chunk, done(from) after it (the wavefront's
// hand-over; nothing on one thread).
template <typename Wait, typename Done>
void LstmState::backwardByChunks(int64_t l, bool hasDy, float* dhNext, float* dc, Tensor& flat, const std::vector<const Tensor*>& in, Wait wait, Done done) {
  float* grads = gradientsOf(flat, l, 0);
  std::fill(grads, grads + 4 * h * (L[l].in + h + 1), 0.0f);  // dW_ih, dW_hh, db_ih
  for (int64_t from = (t - 1) / chunk * chunk; from >= 0; from -= chunk) {
    wait(from);
    backwardChunk(l, from, hasDy, dhNext, dc, grads, in);
    done(from);
  }
  finishGradients(grads, l);
}

// The chunk of steps from `from` of layer l (one direction), backward: its steps (gate
// gradients, db_ih), then while its gate gradients are in cache its share of dW_ih = Σ dAᵀ·X and
// dW_hh = Σ dA[s]ᵀ·h[s - 1], and its rows of dX = dA·W_ih (the layer below's output gradient,
// or dx0). The serial backward and the wavefront run the same chunks in the same order per
// layer: the same floats.
void LstmState::backwardChunk(int64_t l, int64_t from, bool hasDy, float* dhNext, float* dc, float* grads, const std::vector<const Tensor*>& in) {
  LstmState::Layer& y = L[l];
  LstmState::Dir& D = y.dir[0];
  const int64_t g = 4 * h, to = std::min(t, from + chunk), width = h;
  float *dWih = grads, *dWhh = dWih + g * y.in, *dbih = dWhh + g * h;
  backwardSteps(l, 0, from, to, hasDy, dhNext, dc, dbih, in[1 + 4 * l + 1]->data<float>());
  weightGradient(D.gates.data() + from * n * g, g, input(l) + from * n * y.in, y.in, dWih, g, y.in, (to - from) * n, true);
  const int64_t later = std::max<int64_t>(from, 1);  // steps with a predecessor
  if (to > later) weightGradient(D.gates.data() + later * n * g, g, y.y.data() + (later - 1) * n * width, width, dWhh, g, h, (to - later) * n, true);
  Gemm& dX = to - from == chunk ? y.chunkDX : y.lastChunkDX;
  dX(D.gates.data() + from * n * g, in[1 + 4 * l]->data<float>(), (l > 0 ? L[l - 1].dy.data() : dx0Out) + from * n * y.in);
}

// db_hh = db_ih (one sum serves both biases).
void LstmState::finishGradients(float* grads, int64_t l) const {
  const int64_t g = 4 * h;
  float* dbih = grads + g * (L[l].in + h);
  std::copy(dbih, dbih + g, dbih + g);
}

// dx0, layer 0's input gradient, in the input's layout (time-major: already there).
void LstmState::writeInputGradient(Tensor& dx) const {
  if (batchFirst) swapLeading(dx0.data(), dx.data<float>(), t, n, f);
}

// The backward as a wavefront, one thread per layer, top layer first: layer l runs a chunk of
// steps (from the end) and writes that chunk's dX = dA·W_ih — layer l - 1's output gradient —
// then publishes it; layer l - 1 runs the chunk as soon as it is there, while layer l goes on.
// Each chunk's weight-gradient products and layer 0's dX go with it (backwardChunk). The same
// arithmetic as the serial backward.
void LstmState::backwardWavefront(const std::vector<const Tensor*>& in, std::vector<Tensor>& out, const Tensor* dout, const Tensor* dhn, const Tensor* dcn) {
  LstmState& m = *this;
  const int64_t t = m.t, n = m.n, h = m.h, step = n * h, top = m.layers - 1;
  std::unique_ptr<std::atomic<int64_t>[]> ready(new std::atomic<int64_t>[m.layers]);  // steps from here on have dy
  for (int64_t l = 0; l < m.layers; ++l) ready[l].store(l == top ? 0 : t, std::memory_order_relaxed);
#pragma omp parallel num_threads(static_cast<int>(m.layers))
  {
    ScopedFlushDenormals ftz;
    // Thread k runs layers top - k, top - k - threads, ... in order (as in forwardWavefront).
    for (int64_t k = omp_get_thread_num(); k < m.layers; k += omp_get_num_threads()) {
      const int64_t l = top - k;
      std::vector<float> dhNext(step), dc(step);
      m.carryIn(l, dhNext.data(), dc.data(), dhn, dcn);
      m.backwardByChunks(
          l, dout || l < top, dhNext.data(), dc.data(), out[1], in,
          [&](int64_t from) {
            if (l < top) spinUntil([&] { return ready[l].load(std::memory_order_acquire) <= from; });
          },
          [&](int64_t from) {
            if (l > 0) ready[l - 1].store(from, std::memory_order_release);
          });
    }
  }
  m.writeInputGradient(out[0]);
}

namespace {

// The key under which an lstm node and its lstm_grad share one state: the operands they have in
// common (x and every parameter), which autodiff gives both.
std::string stateKey(const Node& n) {
  std::string key = n.b("batch_first") ? "lstm:bf" : "lstm:tm";  // the only attribute the parameters' shapes leave open
  const size_t shared = 1 + 4 * static_cast<size_t>(n.i("layers") * (n.b("bidirectional") ? 2 : 1));
  for (size_t k = 0; k < shared; ++k) key += ":" + std::to_string(n.operands[k].node->id) + "." + std::to_string(n.operands[k].index);
  return key;
}

std::shared_ptr<LstmState> stateFor(const Node& n, FusedKernelContext& ctx) {
  std::shared_ptr<void>& slot = ctx.slot(stateKey(n));
  if (!slot) slot = std::make_shared<LstmState>(n);
  return std::static_pointer_cast<LstmState>(slot);
}

class LstmForward : public FusedKernel {
 public:
  LstmForward(const Node& n, FusedKernelContext& ctx, bool outputUsed) : state_(stateFor(n, ctx)) { state_->outputUsed = outputUsed; }
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    state_->forward(in);
    state_->results(out);
  }

 private:
  std::shared_ptr<LstmState> state_;
};

class LstmBackward : public FusedKernel {
 public:
  // `forwardRuns`: the step's lstm node runs LstmForward on the same state first (lowering
  // pairs them), so the forward is not computed twice.
  LstmBackward(const Node& n, FusedKernelContext& ctx, bool forwardRuns) : state_(stateFor(n, ctx)), forwardRuns_(forwardRuns) {}
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    if (!forwardRuns_) state_->forward(in);
    state_->backward(in, out);
  }

 private:
  std::shared_ptr<LstmState> state_;
  bool forwardRuns_;
};

}  // namespace

std::unique_ptr<FusedKernel> makeLstmKernel(const Node& n, uint32_t unusedResults, FusedKernelContext& ctx) {
  if (n.op->name == "lstm") return std::make_unique<LstmForward>(n, ctx, !(unusedResults & 1));
  return std::make_unique<LstmBackward>(n, ctx, ctx.has(stateKey(n)));
}

}  // namespace sinter
