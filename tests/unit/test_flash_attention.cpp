// test_flash_attention.cpp — the flash-attention kernels (runtime/flash_attention.h) against a
// naive attention that materialises the scores in double precision, on every instruction set the
// host supports and at 1 and 2 threads: odd sizes (not multiples of the block sizes), Lq != Lk,
// Dv != D, causal masks, key padding (including no valid key at all), strided multi-head layouts
// (a packed [B, L, 3E] qkv), and memory that must stay untouched. The naive gradient itself is
// checked against central finite differences.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/flash_attention.h"
#include "runtime/threads.h"

using namespace sinter;

namespace {

// Element (b, h, row i, column t) of an operand with the strides (sb, sh, srow).
struct Strides {
  int64_t b, h, row;
  int64_t at(int64_t bi, int64_t hi, int64_t i, int64_t t) const { return bi * b + hi * h + i * row + t; }
};
Strides qs(const AttentionProblem& p) { return {p.qb, p.qh, p.qrow}; }
Strides ks(const AttentionProblem& p) { return {p.kb, p.kh, p.krow}; }
Strides vs(const AttentionProblem& p) { return {p.vb, p.vh, p.vrow}; }
Strides os(const AttentionProblem& p) { return {p.ob, p.oh, p.orow}; }

int64_t validOf(const AttentionProblem& p, int64_t b) { return p.validKeys ? p.validKeys[b] : p.lk; }
bool masked(const AttentionProblem& p, int64_t b, int64_t i, int64_t j) { return j >= validOf(p, b) || (p.causal && j > i); }

// Naive attention in double: probabilities [problem][i][j], out and lse dense [problem][i][*].
// outAbs is out computed with |v|: the size float rounding errors scale with.
struct Naive {
  std::vector<double> prob, out, lse, outAbs;
};

template <typename T>
Naive naiveForward(const AttentionProblem& p, const T* q, const T* k, const T* v) {
  const int64_t np = p.batch * p.heads;
  Naive r;
  r.prob.assign(np * p.lq * p.lk, 0.0);
  r.out.assign(np * p.lq * p.dv, 0.0);
  r.outAbs.assign(np * p.lq * p.dv, 0.0);
  r.lse.assign(np * p.lq, -std::numeric_limits<double>::infinity());
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t h = 0; h < p.heads; ++h) {
      const int64_t pi = b * p.heads + h;
      for (int64_t i = 0; i < p.lq; ++i) {
        std::vector<double> s(p.lk);
        double m = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < p.lk; ++j) {
          if (masked(p, b, i, j)) continue;
          double acc = 0;
          for (int64_t t = 0; t < p.d; ++t) acc += double(q[qs(p).at(b, h, i, t)]) * double(k[ks(p).at(b, h, j, t)]);
          s[j] = acc * double(p.scale);
          m = std::max(m, s[j]);
        }
        double sum = 0;
        for (int64_t j = 0; j < p.lk; ++j) sum += masked(p, b, i, j) ? 0.0 : std::exp(s[j] - m);
        if (sum == 0) continue;
        r.lse[pi * p.lq + i] = m + std::log(sum);
        for (int64_t j = 0; j < p.lk; ++j) {
          double w = masked(p, b, i, j) ? 0.0 : std::exp(s[j] - m) / sum;
          r.prob[(pi * p.lq + i) * p.lk + j] = w;
          for (int64_t t = 0; t < p.dv; ++t) {
            r.out[(pi * p.lq + i) * p.dv + t] += w * double(v[vs(p).at(b, h, j, t)]);
            r.outAbs[(pi * p.lq + i) * p.dv + t] += w * std::abs(double(v[vs(p).at(b, h, j, t)]));
          }
        }
      }
    }
  return r;
}

// Gradients of sum(out * dout), dense [problem][row][*]; the *Abs versions take absolute values
// of every term (dS as P (|dP| + |rowDot|)), the size float rounding errors scale with.
struct NaiveGrad {
  std::vector<double> dq, dk, dv, dqAbs, dkAbs, dvAbs;
};

template <typename T>
NaiveGrad naiveBackward(const AttentionProblem& p, const T* q, const T* k, const T* v, const T* dout, const Naive& f) {
  const int64_t np = p.batch * p.heads;
  NaiveGrad g;
  g.dq.assign(np * p.lq * p.d, 0.0), g.dk.assign(np * p.lk * p.d, 0.0), g.dv.assign(np * p.lk * p.dv, 0.0);
  g.dqAbs = g.dq, g.dkAbs = g.dk, g.dvAbs = g.dv;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t h = 0; h < p.heads; ++h) {
      const int64_t pi = b * p.heads + h;
      for (int64_t i = 0; i < p.lq; ++i) {
        const double* P = &f.prob[(pi * p.lq + i) * p.lk];
        std::vector<double> dP(p.lk, 0.0);
        double rowDot = 0;
        for (int64_t j = 0; j < p.lk; ++j) {
          for (int64_t t = 0; t < p.dv; ++t) dP[j] += double(dout[os(p).at(b, h, i, t)]) * double(v[vs(p).at(b, h, j, t)]);
          rowDot += P[j] * dP[j];
        }
        for (int64_t j = 0; j < p.lk; ++j) {
          double dS = P[j] * (dP[j] - rowDot) * double(p.scale), dSAbs = P[j] * (std::abs(dP[j]) + std::abs(rowDot)) * double(p.scale);
          for (int64_t t = 0; t < p.dv; ++t) {
            double o = double(dout[os(p).at(b, h, i, t)]);
            g.dv[(pi * p.lk + j) * p.dv + t] += P[j] * o;
            g.dvAbs[(pi * p.lk + j) * p.dv + t] += P[j] * std::abs(o);
          }
          for (int64_t t = 0; t < p.d; ++t) {
            double kv = double(k[ks(p).at(b, h, j, t)]), qv = double(q[qs(p).at(b, h, i, t)]);
            g.dq[(pi * p.lq + i) * p.d + t] += dS * kv;
            g.dk[(pi * p.lk + j) * p.d + t] += dS * qv;
            g.dqAbs[(pi * p.lq + i) * p.d + t] += dSAbs * std::abs(kv);
            g.dkAbs[(pi * p.lk + j) * p.d + t] += dSAbs * std::abs(qv);
          }
        }
      }
    }
  return g;
}

// One attention call's memory: q, k, v in one buffer (`in`), dq, dk, dv at the same places in
// `grad`; out and dout in `out`, `dout`. Every buffer has NaN guards around it and NaN in every
// element no operand covers, so writes outside the operands show up.
constexpr int64_t kGuard = 64;

struct Case {
  std::string name;
  AttentionProblem p;
  std::vector<int64_t> valid;
  int64_t qOff = 0, kOff = 0, vOff = 0, inSize = 0, outSize = 0;
  std::vector<float> in, grad, out, dout, lse;
  float* qp() { return in.data() + kGuard + qOff; }
  float* kp() { return in.data() + kGuard + kOff; }
  float* vp() { return in.data() + kGuard + vOff; }
};

enum class Layout { Dense, Padded, Packed };

const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Layouts: Dense [B, H, L, D]; Padded [B, L, H, D + 3] (heads interleaved, rows padded); Packed:
// self-attention on a packed [B, L, 3E + 2] qkv (q, k, v column blocks, heads inside each; two
// spare columns), which needs lq == lk and d == dv.
Case makeCase(int64_t batch, int64_t heads, int64_t lq, int64_t lk, int64_t d, int64_t dv, bool causal, std::vector<int64_t> valid,
              Layout layout, std::mt19937& rng) {
  Case c;
  c.valid = std::move(valid);
  AttentionProblem& p = c.p;
  p.batch = batch, p.heads = heads, p.lq = lq, p.lk = lk, p.d = d, p.dv = dv, p.causal = causal;
  p.scale = 1.f / std::sqrt(static_cast<float>(std::max<int64_t>(d, 1)));
  p.validKeys = c.valid.empty() ? nullptr : c.valid.data();
  if (layout == Layout::Dense) {
    p = AttentionProblem::dense(batch, heads, lq, lk, d, dv, p.scale, causal, p.validKeys);
    c.qOff = 0, c.kOff = batch * heads * lq * d, c.vOff = c.kOff + batch * heads * lk * d;
    c.inSize = c.vOff + batch * heads * lk * dv;
    c.outSize = batch * heads * lq * dv;
  } else if (layout == Layout::Padded) {
    p.qrow = heads * (d + 3), p.qh = d + 3, p.qb = lq * p.qrow;
    p.krow = heads * (d + 3), p.kh = d + 3, p.kb = lk * p.krow;
    p.vrow = heads * (dv + 3), p.vh = dv + 3, p.vb = lk * p.vrow;
    p.orow = heads * (dv + 3), p.oh = dv + 3, p.ob = lq * p.orow;
    c.qOff = 0, c.kOff = batch * p.qb, c.vOff = c.kOff + batch * p.kb;
    c.inSize = c.vOff + batch * p.vb;
    c.outSize = batch * p.ob;
  } else {
    REQUIRE(lq == lk);
    REQUIRE(d == dv);
    const int64_t e = heads * d, row = 3 * e + 2;
    p.qrow = p.krow = p.vrow = row;
    p.qh = p.kh = p.vh = d;
    p.qb = p.kb = p.vb = lq * row;
    p.orow = e, p.oh = d, p.ob = lq * e;  // out [B, L, E]
    c.qOff = 0, c.kOff = e, c.vOff = 2 * e;
    c.inSize = batch * lq * row;
    c.outSize = batch * lq * e;
  }
  std::normal_distribution<float> nd(0.f, 1.f);
  // Larger inputs than N(0, 1) make the softmax peaked, which tests the running maximum.
  c.in.assign(c.inSize + 2 * kGuard, kNaN);
  auto fill = [&](float* base, Strides s, int64_t rows, int64_t cols, float sd) {
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t h = 0; h < heads; ++h)
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t t = 0; t < cols; ++t) base[s.at(b, h, i, t)] = sd * nd(rng);
  };
  fill(c.qp(), qs(p), lq, d, 1.5f);
  fill(c.kp(), ks(p), lk, d, 1.5f);
  fill(c.vp(), vs(p), lk, dv, 1.f);
  c.out.assign(c.outSize + 2 * kGuard, kNaN);
  c.dout.assign(c.outSize + 2 * kGuard, kNaN);
  fill(c.dout.data() + kGuard, os(p), lq, dv, 1.f);
  c.grad.assign(c.inSize + 2 * kGuard, kNaN);
  c.lse.assign(batch * heads * lq + 2 * kGuard, kNaN);
  std::ostringstream n;
  n << "B" << batch << " H" << heads << " Lq" << lq << " Lk" << lk << " D" << d << " Dv" << dv << (causal ? " causal" : "")
    << " layout " << static_cast<int>(layout) << " valid";
  for (int64_t x : c.valid) n << " " << x;
  c.name = n.str();
  return c;
}

// Largest error relative to the reference's scale: |got - ref| / (|ref| + max|refAbs| + tiny), where
// refAbs is the reference computed with absolute values (so that results that cancel to ~0, like
// the gradient of a row with one key, are measured against the size of their terms).
struct Err {
  double worst = 0;
  int64_t bad = 0;  // elements that are not finite
  void add(double got, double ref, double scale) {
    if (!std::isfinite(got)) {
      ++bad;
      return;
    }
    worst = std::max(worst, std::abs(got - ref) / (std::abs(ref) + scale + 1e-30));
  }
};

double maxAbs(const std::vector<double>& x) {
  double m = 0;
  for (double v : x)
    if (std::isfinite(v)) m = std::max(m, std::abs(v));
  return m;
}

// Compares a strided float operand with a dense double reference [problem][row][col].
Err compare(const AttentionProblem& p, const float* got, Strides s, const std::vector<double>& ref, const std::vector<double>& refAbs,
            int64_t rows, int64_t cols) {
  Err e;
  double scale = maxAbs(refAbs);
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t h = 0; h < p.heads; ++h)
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t t = 0; t < cols; ++t)
          e.add(got[s.at(b, h, i, t)], ref[((b * p.heads + h) * rows + i) * cols + t], scale);
  return e;
}

// Elements of `buf` that no operand covers and that are no longer NaN.
int64_t touchedOutside(const std::vector<float>& buf, const std::vector<char>& covered) {
  int64_t n = 0;
  for (size_t i = 0; i < buf.size(); ++i)
    if (!covered[i] && !std::isnan(buf[i])) ++n;
  return n;
}

std::vector<char> coverage(const Case& c, size_t size, std::initializer_list<std::tuple<int64_t, Strides, int64_t, int64_t>> ops) {
  std::vector<char> cov(size, 0);
  for (auto [off, s, rows, cols] : ops)
    for (int64_t b = 0; b < c.p.batch; ++b)
      for (int64_t h = 0; h < c.p.heads; ++h)
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t t = 0; t < cols; ++t) cov[kGuard + off + s.at(b, h, i, t)] = 1;
  return cov;
}

constexpr double kTol = 1e-5;

// Runs forward and backward on `c` and checks everything against the naive version.
void checkCase(Case& c, bool backward = true) {
  const AttentionProblem& p = c.p;
  INFO(c.name << " isa " << flashAttentionIsa() << " threads " << threadCount());
  float* out = c.out.data() + kGuard;
  float* lse = c.lse.data() + kGuard;
  flashAttentionForward(p, c.qp(), c.kp(), c.vp(), out, lse);
  Naive ref = naiveForward(p, c.qp(), c.kp(), c.vp());
  Err eo = compare(p, out, os(p), ref.out, ref.outAbs, p.lq, p.dv);
  CHECK(eo.bad == 0);
  CHECK(eo.worst < kTol);
  // lse: -inf exactly for rows without keys, else close.
  int64_t lseWrong = 0;
  double lseErr = 0;
  for (int64_t i = 0; i < p.batch * p.heads * p.lq; ++i) {
    if (std::isinf(ref.lse[i])) {
      lseWrong += !(std::isinf(lse[i]) && lse[i] < 0);
    } else {
      lseErr = std::max(lseErr, std::abs(lse[i] - ref.lse[i]) / (1 + std::abs(ref.lse[i])));
    }
  }
  CHECK(lseWrong == 0);
  CHECK(lseErr < kTol);
  // Rows without a valid key are exactly 0.
  int64_t nonzero = 0;
  for (int64_t b = 0; b < p.batch; ++b)
    if (validOf(p, b) == 0)
      for (int64_t h = 0; h < p.heads; ++h)
        for (int64_t i = 0; i < p.lq; ++i)
          for (int64_t t = 0; t < p.dv; ++t) nonzero += out[os(p).at(b, h, i, t)] != 0.f;
  CHECK(nonzero == 0);
  // Nothing written outside out and lse.
  CHECK(touchedOutside(c.out, coverage(c, c.out.size(), {{0, os(p), p.lq, p.dv}})) == 0);
  for (int64_t g = 0; g < kGuard; ++g) {
    CHECK(std::isnan(c.lse[g]));
    CHECK(std::isnan(c.lse[c.lse.size() - 1 - g]));
  }
  if (!backward) return;

  float* dq = c.grad.data() + kGuard + c.qOff;
  float* dk = c.grad.data() + kGuard + c.kOff;
  float* dv = c.grad.data() + kGuard + c.vOff;
  flashAttentionBackward(p, c.qp(), c.kp(), c.vp(), out, c.dout.data() + kGuard, lse, dq, dk, dv);
  NaiveGrad g = naiveBackward(p, c.qp(), c.kp(), c.vp(), c.dout.data() + kGuard, ref);
  Err eq = compare(p, dq, qs(p), g.dq, g.dqAbs, p.lq, p.d), ek = compare(p, dk, ks(p), g.dk, g.dkAbs, p.lk, p.d),
      ev = compare(p, dv, vs(p), g.dv, g.dvAbs, p.lk, p.dv);
  CHECK(eq.bad + ek.bad + ev.bad == 0);
  CHECK(eq.worst < kTol);
  CHECK(ek.worst < kTol);
  CHECK(ev.worst < kTol);
  // Problems without a valid key have zero gradients.
  for (int64_t b = 0; b < p.batch; ++b)
    if (validOf(p, b) == 0)
      for (int64_t h = 0; h < p.heads; ++h) {
        int64_t nz = 0;
        for (int64_t i = 0; i < p.lq; ++i)
          for (int64_t t = 0; t < p.d; ++t) nz += dq[qs(p).at(b, h, i, t)] != 0.f;
        for (int64_t j = 0; j < p.lk; ++j) {
          for (int64_t t = 0; t < p.d; ++t) nz += dk[ks(p).at(b, h, j, t)] != 0.f;
          for (int64_t t = 0; t < p.dv; ++t) nz += dv[vs(p).at(b, h, j, t)] != 0.f;
        }
        CHECK(nz == 0);
      }
  // dq, dk, dv write only their own elements (a packed dqkv keeps its spare columns).
  std::vector<char> gradCovered =
      coverage(c, c.grad.size(), {{c.qOff, qs(p), p.lq, p.d}, {c.kOff, ks(p), p.lk, p.d}, {c.vOff, vs(p), p.lk, p.dv}});
  CHECK(touchedOutside(c.grad, gradCovered) == 0);
}

std::vector<FlashIsa> hostIsas() {
  std::vector<FlashIsa> r;
  for (FlashIsa isa : {FlashIsa::Avx512, FlashIsa::Avx2, FlashIsa::Baseline})
    if (flashAttentionIsaSupported(isa)) r.push_back(isa);
  return r;
}

// Restores the automatic ISA and one thread however the test ends.
struct Restore {
  ~Restore() {
    forceFlashAttentionIsa(FlashIsa::Auto);
    setThreadCount(1);
  }
};

}  // namespace

TEST_CASE("flash attention: odd shapes, masks and layouts match the naive attention", "[flash]") {
  Restore restore;
  std::mt19937 rng(1234);
  struct Shape {
    int64_t batch, heads, lq, lk, d, dv;
    bool causal;
    std::vector<int64_t> valid;
    Layout layout;
  };
  const std::vector<Shape> shapes = {
      {1, 1, 1, 1, 1, 1, false, {}, Layout::Dense},
      {1, 1, 1, 1, 1, 1, true, {}, Layout::Dense},
      {2, 1, 3, 5, 5, 3, false, {}, Layout::Dense},
      {1, 2, 31, 65, 16, 5, false, {}, Layout::Dense},
      {2, 2, 65, 31, 5, 16, true, {}, Layout::Dense},
      {1, 1, 130, 130, 64, 64, true, {}, Layout::Dense},
      {3, 1, 130, 65, 64, 17, false, {0, 65, 40}, Layout::Dense},
      {3, 2, 65, 130, 16, 16, true, {1, 0, 129}, Layout::Dense},
      {2, 3, 31, 130, 1, 1, false, {130, 64}, Layout::Padded},
      {2, 2, 130, 3, 64, 5, true, {3, 2}, Layout::Padded},
      {2, 2, 67, 200, 33, 40, false, {150, 65}, Layout::Padded},
      {1, 1, 1, 130, 16, 16, false, {}, Layout::Padded},
      {1, 1, 130, 1, 16, 16, true, {}, Layout::Padded},
      {2, 4, 65, 65, 16, 16, true, {65, 30}, Layout::Packed},
      {2, 2, 130, 130, 64, 64, false, {0, 100}, Layout::Packed},
      {1, 3, 31, 31, 5, 5, false, {}, Layout::Packed},
  };
  for (FlashIsa isa : hostIsas())
    for (int threads : {1, 2}) {
      forceFlashAttentionIsa(isa);
      setThreadCount(threads);
      for (const Shape& s : shapes) {
        Case c = makeCase(s.batch, s.heads, s.lq, s.lk, s.d, s.dv, s.causal, s.valid, s.layout, rng);
        checkCase(c);
      }
    }
}

TEST_CASE("flash attention: random shapes", "[flash]") {
  Restore restore;
  std::mt19937 rng(99);
  const int64_t lens[] = {1, 3, 31, 64, 65, 130}, dims[] = {1, 5, 16, 64};
  std::uniform_int_distribution<int> pick(0, 1 << 20);
  for (int trial = 0; trial < 40; ++trial) {
    int64_t batch = 1 + pick(rng) % 3, heads = 1 + pick(rng) % 3, lq = lens[pick(rng) % 6], lk = lens[pick(rng) % 6];
    int64_t d = dims[pick(rng) % 4], dv = pick(rng) % 2 ? d : dims[pick(rng) % 4];
    bool causal = pick(rng) % 2;
    std::vector<int64_t> valid;
    if (pick(rng) % 2)
      for (int64_t b = 0; b < batch; ++b) valid.push_back(pick(rng) % 4 == 0 ? 0 : pick(rng) % (lk + 1));
    Layout layout = lq == lk && d == dv && pick(rng) % 2 ? Layout::Packed : pick(rng) % 2 ? Layout::Padded : Layout::Dense;
    for (FlashIsa isa : hostIsas()) {
      forceFlashAttentionIsa(isa);
      setThreadCount(1 + trial % 2);
      Case c = makeCase(batch, heads, lq, lk, d, dv, causal, valid, layout, rng);
      checkCase(c);
    }
  }
}

TEST_CASE("flash attention: two threads split few long problems into key-block chunks", "[flash]") {
  Restore restore;
  std::mt19937 rng(7);
  // One or two problems with enough work to go parallel: the backward splits each problem's key
  // blocks over tasks and sums partial dq. The result must not depend on the thread count.
  for (bool causal : {false, true})
    for (int64_t batch : {1, 2}) {
      std::vector<int64_t> valid = batch == 2 ? std::vector<int64_t>{290, 200} : std::vector<int64_t>{};
      Case c = makeCase(batch, 1, 300, 290, 64, 48, causal, valid, Layout::Dense, rng);
      setThreadCount(2);
      checkCase(c);
      std::vector<float> out2 = c.out, grad2 = c.grad, lse2 = c.lse;
      setThreadCount(1);
      checkCase(c);
      CHECK(std::memcmp(out2.data(), c.out.data(), out2.size() * 4) == 0);
      CHECK(std::memcmp(lse2.data(), c.lse.data(), lse2.size() * 4) == 0);
      // The partial dq sums add in another order than one task's accumulation: close, not equal.
      double worst = 0;
      for (size_t i = 0; i < grad2.size(); ++i)
        if (!std::isnan(grad2[i])) worst = std::max(worst, double(std::abs(grad2[i] - c.grad[i])));
      CHECK(worst < 1e-5);
    }
}

TEST_CASE("flash attention: the naive gradient agrees with finite differences", "[flash]") {
  // Tiny problem in double: L = sum(out * dout) with the naive forward; central differences.
  AttentionProblem p = AttentionProblem::dense(2, 1, 3, 4, 2, 3, 0.7f, true);
  std::vector<int64_t> valid = {4, 2};
  p.validKeys = valid.data();
  std::mt19937 rng(5);
  std::normal_distribution<double> nd(0, 1);
  std::vector<double> q(2 * 3 * 2), k(2 * 4 * 2), v(2 * 4 * 3), dout(2 * 3 * 3);
  for (auto* x : {&q, &k, &v, &dout})
    for (double& e : *x) e = nd(rng);
  auto loss = [&] {
    Naive f = naiveForward(p, q.data(), k.data(), v.data());
    double l = 0;
    for (size_t i = 0; i < f.out.size(); ++i) l += f.out[i] * dout[i];
    return l;
  };
  Naive f = naiveForward(p, q.data(), k.data(), v.data());
  NaiveGrad g = naiveBackward(p, q.data(), k.data(), v.data(), dout.data(), f);
  const double h = 1e-6;
  double worst = 0;
  for (auto [x, gx] : {std::pair{&q, &g.dq}, std::pair{&k, &g.dk}, std::pair{&v, &g.dv}})
    for (size_t i = 0; i < x->size(); ++i) {
      double keep = (*x)[i];
      (*x)[i] = keep + h;
      double lp = loss();
      (*x)[i] = keep - h;
      double lm = loss();
      (*x)[i] = keep;
      double num = (lp - lm) / (2 * h), ana = (*gx)[i];
      worst = std::max(worst, std::abs(num - ana) / std::max({std::abs(num), std::abs(ana), 1e-3}));
    }
  CHECK(worst < 1e-6);
  // Masked keys (batch 1: keys 2, 3 padded) get exactly zero gradient.
  for (int64_t j = 2; j < 4; ++j)
    for (int64_t t = 0; t < 2; ++t) CHECK(g.dk[(4 + j) * 2 + t] == 0.0);
}

TEST_CASE("flash attention: rejects bad arguments", "[flash]") {
  std::vector<float> x(64, 0.f), lse(8);
  std::vector<int64_t> valid = {5};
  AttentionProblem p = AttentionProblem::dense(1, 1, 2, 4, 2, 2, 1.f, false, valid.data());
  CHECK_THROWS_AS(flashAttentionForward(p, x.data(), x.data(), x.data(), x.data(), lse.data()), std::invalid_argument);
  AttentionProblem b = AttentionProblem::dense(2, 1, 2, 4, 2, 2, 1.f);
  b.kb = 0;  // both batch entries share k: their dk would have to be summed
  CHECK_NOTHROW(flashAttentionForward(b, x.data(), x.data(), x.data(), x.data(), lse.data()));
  CHECK_THROWS_AS(flashAttentionBackward(b, x.data(), x.data(), x.data(), x.data(), x.data(), lse.data(), x.data(), x.data(), x.data()),
                  std::invalid_argument);
}
