// interpreter.cpp — reference kernels, one function per op, written for clarity (see
// interpreter.h). Every kernel is templated on the float type T (float or double); integer
// tensors are int64. Shapes were checked by the op table's shape rules; kernels only check data.
#include "runtime/interpreter.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include "compiler/ir/ops.h"
#include "runtime/kernels.h"
#include "runtime/rng.h"

namespace sinter {

namespace kernels {

// --- elementwise ------------------------------------------------------------------------------

template <typename T>
void unaryKernel(Ctx<T>& c, const std::function<T(T)>& f) {
  const T* x = c.x(0);
  T* y = c.y();
  for (int64_t i = 0; i < c.out[0].numel(); ++i) y[i] = f(x[i]);
}

template <typename T>
void binaryKernel(Ctx<T>& c, const std::function<T(T, T)>& f) {
  const T *a = c.x(0), *b = c.x(1);
  T* y = c.y();
  const Shape& out = c.out[0].shape();
  forEachIndex(out, broadcastStrides(c.shape(0), out), broadcastStrides(c.shape(1), out),
               [&](int64_t i, int64_t ia, int64_t ib) { y[i] = f(a[ia], b[ib]); });
}

template <typename T>
T applyActivation(const std::string& act, T v) {
  if (act == "relu") return v > 0 ? v : T(0);
  if (act == "gelu") return gelu(v);
  if (act == "sigmoid") return sigmoidT(v);
  if (act == "tanh") return std::tanh(v);
  return v;
}

template <typename T>
void dropoutKernel(Ctx<T>& c) {
  const T* x = c.x(0);
  T* y = c.y();
  double p = c.node.f("p");
  int64_t n = c.out[0].numel();
  if (!c.opts.training || p == 0) {
    std::copy(x, x + n, y);
    return;
  }
  T keepScale = T(1.0 / (1.0 - p));
  // The mask stream, fixed when the node was created (a dropout's gradient names its forward's).
  const uint64_t key = counterKey(c.opts.seed, c.opts.step, static_cast<uint64_t>(c.node.i("mask")));
  auto element = [&](int64_t i, int64_t counter) {
    y[i] = unitFromBits(counterBits(key, static_cast<uint64_t>(counter))) < p ? T(0) : x[i] * keepScale;
  };
  if (!c.node.has("mask_shape")) {
    for (int64_t i = 0; i < n; ++i) element(i, i);
    return;
  }
  // Narrowed (compiler/passes/narrow.cpp): x is a block of the tensor the mask was drawn over,
  // and each element's counter is its index there, so the kept elements see the same mask.
  const Shape strides = stridesOf(c.node.ints("mask_shape")), &at = c.node.ints("mask_offset");
  int64_t base = 0;
  for (size_t k = 0; k < at.size(); ++k) base += at[k] * strides[k];
  const Shape& shape = c.out[0].shape();
  forEachIndex(shape, strides, Shape(shape.size(), 0), [&](int64_t i, int64_t im, int64_t) { element(i, base + im); });
}

// --- layout -----------------------------------------------------------------------------------

// Generic copy: out[idx] = in[sum(idx[k] * inStrides[k]) + base].
template <typename E>
void stridedCopy(const E* in, E* out, const Shape& outShape, const Shape& inStrides, int64_t base) {
  Shape zero(outShape.size(), 0);
  forEachIndex(outShape, inStrides, zero, [&](int64_t i, int64_t ia, int64_t) { out[i] = in[base + ia]; });
}

// Layout kernels work on any element type; dispatch on the tensor's dtype.
template <typename Fn>
void byElementType(DType t, Fn fn) {
  switch (t) {
    case DType::f32: fn(float{}); break;
    case DType::f64: fn(double{}); break;
    case DType::i32: fn(int32_t{}); break;
    case DType::i64: fn(int64_t{}); break;
  }
}

void permuteCopy(const Tensor& in, Tensor& out, const std::vector<int>& perm) {
  Shape st = stridesOf(in.shape()), inStrides(perm.size());
  for (size_t k = 0; k < perm.size(); ++k) inStrides[k] = st[perm[k]];
  byElementType(in.dtype(), [&](auto e) {
    using E = decltype(e);
    stridedCopy(in.data<E>(), out.data<E>(), out.shape(), inStrides, 0);
  });
}

void layoutKernel(const Node& n, const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
  const std::string& name = n.op->name;
  const Tensor& x = *in[0];
  Tensor& y = out[0];
  int rank = x.rank();
  if (name == "reshape") {
    std::memcpy(y.raw(), x.raw(), x.bytes());
  } else if (name == "transpose") {
    std::vector<int> perm(rank);
    for (int k = 0; k < rank; ++k) perm[k] = k;
    std::swap(perm[normAxis(n.i("dim0"), rank)], perm[normAxis(n.i("dim1"), rank)]);
    permuteCopy(x, y, perm);
  } else if (name == "permute") {
    std::vector<int> perm;
    for (int64_t p : n.ints("perm")) perm.push_back(normAxis(p, rank));
    permuteCopy(x, y, perm);
  } else if (name == "concat") {
    int axis = normAxis(n.i("axis"), rank);
    AxisSplit o = splitAt(y.shape(), axis);
    size_t es = dtypeSize(y.dtype());
    int64_t offset = 0;
    for (const Tensor* t : in) {
      AxisSplit s = splitAt(t->shape(), axis);
      for (int64_t a = 0; a < s.outer; ++a)
        std::memcpy(static_cast<char*>(y.raw()) + ((a * o.size + offset) * o.inner) * es,
                    static_cast<const char*>(t->raw()) + a * s.size * s.inner * es, s.size * s.inner * es);
      offset += s.size;
    }
  } else if (name == "slice" || name == "index") {
    int axis = normAxis(n.i("axis"), rank);
    int64_t size = x.shape()[axis];
    int64_t start = name == "slice" ? n.i("start") : n.i("index");
    if (start < 0) start += size;
    int64_t step = name == "slice" ? n.i("step") : 1;
    Shape st = stridesOf(x.shape()), inStrides;
    for (int k = 0; k < rank; ++k) {
      if (k == axis && name == "index") continue;
      inStrides.push_back(k == axis ? st[k] * step : st[k]);
    }
    byElementType(x.dtype(), [&](auto e) {
      using E = decltype(e);
      stridedCopy(x.data<E>(), y.data<E>(), y.shape(), inStrides, start * st[axis]);
    });
  } else if (name == "expand") {
    byElementType(x.dtype(), [&](auto e) {
      using E = decltype(e);
      stridedCopy(x.data<E>(), y.data<E>(), y.shape(), broadcastStrides(x.shape(), y.shape()), 0);
    });
  } else if (name == "gather") {
    int axis = normAxis(n.i("axis"), rank);
    const Tensor& idx = *in[1];
    Shape xs = stridesOf(x.shape()), is = stridesOf(idx.shape());
    int64_t size = x.shape()[axis];
    byElementType(x.dtype(), [&](auto e) {
      using E = decltype(e);
      const E* src = x.data<E>();
      E* dst = y.data<E>();
      const int64_t* ip = idx.data<int64_t>();
      for (int64_t i = 0; i < idx.numel(); ++i) {
        int64_t rem = i, off = 0;
        for (int k = 0; k < rank; ++k) {
          int64_t coord = rem / is[k];
          rem %= is[k];
          if (k == axis) {
            coord = ip[i];
            if (coord < 0 || coord >= size)
              fail(n.loc, "gather '" + n.name + "': index " + std::to_string(coord) + " is out of range 0.." + std::to_string(size - 1));
          }
          off += coord * xs[k];
        }
        dst[i] = src[off];
      }
    });
  } else {
    throw InternalError("no layout kernel for " + name);
  }
}

// x [A..., N, R...], index [A...] -> out [A..., R...] = x[a, index[a] + offset, r].
template <typename T>
void pickKernel(Ctx<T>& c) {
  AxisSplit s = splitAt(c.shape(0), static_cast<int>(c.node.i("axis")));
  int64_t offset = c.node.i("offset");
  for (int64_t a = 0; a < s.outer; ++a) {
    int64_t at = c.ix(1)[a] + offset;
    if (at < 0 || at >= s.size)
      c.dataError("index " + std::to_string(c.ix(1)[a]) + " + offset " + std::to_string(offset) + " at row " + std::to_string(a) +
                  " is out of range 0.." + std::to_string(s.size - 1));
    std::copy(c.x(0) + (a * s.size + at) * s.inner, c.x(0) + (a * s.size + at + 1) * s.inner, c.y() + a * s.inner);
  }
}

// --- contractions -----------------------------------------------------------------------------

template <typename T>
void embeddingKernel(Ctx<T>& c) {
  const int64_t* idx = c.ix(0);
  const T* w = c.x(1);
  T* y = c.y();
  int64_t num = c.node.i("num"), dim = c.node.i("dim");
  for (int64_t i = 0; i < c.in[0]->numel(); ++i) {
    if (idx[i] < 0 || idx[i] >= num)
      c.dataError("index " + std::to_string(idx[i]) + " at position " + std::to_string(i) + " is out of range 0.." + std::to_string(num - 1));
    std::copy(w + idx[i] * dim, w + (idx[i] + 1) * dim, y + i * dim);
  }
}

template <typename T>
void linearKernel(Ctx<T>& c) {
  int64_t inF = c.shape(0).back(), outF = c.node.i("out"), rows = c.in[0]->numel() / inF;
  CMapM<T> x(c.x(0), rows, inF), w(c.x(1), outF, inF);
  MapM<T> y(c.y(), rows, outF);
  y.noalias() = x * w.transpose();
  if (c.opt(2)) y.rowwise() += Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(c.x(2), outF);
  const std::string& act = c.node.s("activation");
  if (act != "none")
    for (int64_t i = 0; i < rows * outF; ++i) c.y()[i] = applyActivation(act, c.y()[i]);
}

template <typename T>
void matmulKernel(Ctx<T>& c) {
  Shape a = c.shape(0), b = c.shape(1);
  const Shape& out = c.out[0].shape();
  bool ta = c.node.b("transpose_a"), tb = c.node.b("transpose_b");
  int64_t ar = a[a.size() - 2], ac = a.back(), br = b[b.size() - 2], bc = b.back();
  int64_t m = out[out.size() - 2], nn = out.back();
  Shape batch(out.begin(), out.end() - 2);
  Shape aBatch(a.begin(), a.end() - 2), bBatch(b.begin(), b.end() - 2);
  Shape sa = broadcastStrides(aBatch, batch), sb = broadcastStrides(bBatch, batch);
  forEachIndex(batch, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) {
    CMapM<T> A(c.x(0) + ia * ar * ac, ar, ac), B(c.x(1) + ib * br * bc, br, bc);
    MapM<T> Y(c.y() + i * m * nn, m, nn);
    if (ta && tb) Y.noalias() = A.transpose() * B.transpose();
    else if (ta) Y.noalias() = A.transpose() * B;
    else if (tb) Y.noalias() = A * B.transpose();
    else Y.noalias() = A * B;
  });
}

// im2col + one matrix product per sample.
template <typename T>
void conv2dKernel(Ctx<T>& c) {
  const Shape& x = c.shape(0);
  int64_t n = x[0], ch = x[1], h = x[2], w = x[3];
  int64_t k = c.node.i("kernel"), s = c.node.i("stride"), p = c.node.i("padding"), o = c.node.i("out");
  const Shape& ys = c.out[0].shape();
  int64_t oh = ys[2], ow = ys[3];
  CMapM<T> wm(c.x(1), o, ch * k * k);
  for (int64_t b = 0; b < n; ++b) {
    Mat<T> cols = im2col(c.x(0) + b * ch * h * w, ch, h, w, k, s, p, oh, ow);
    MapM<T> yb(c.y() + b * o * oh * ow, o, oh * ow);
    yb.noalias() = wm * cols;
    if (c.opt(2)) yb.colwise() += Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(c.x(2), o);
  }
}

template <typename T>
void maxpoolKernel(Ctx<T>& c) {
  const Shape& x = c.shape(0);
  const Shape& ys = c.out[0].shape();
  int64_t k = c.node.i("kernel"), s = c.node.i("stride") ? c.node.i("stride") : k;
  int64_t h = x[2], w = x[3], oh = ys[2], ow = ys[3];
  for (int64_t nc = 0; nc < x[0] * x[1]; ++nc)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        T best = -std::numeric_limits<T>::infinity();
        for (int64_t a = 0; a < k; ++a)
          for (int64_t b = 0; b < k; ++b) best = std::max(best, c.x(0)[(nc * h + i * s + a) * w + j * s + b]);
        c.y()[(nc * oh + i) * ow + j] = best;
      }
}

template <typename T>
void adaptiveAvgKernel(Ctx<T>& c) {
  const Shape& x = c.shape(0);
  const Shape& ys = c.out[0].shape();
  int64_t h = x[2], w = x[3], oh = ys[2], ow = ys[3];
  for (int64_t nc = 0; nc < x[0] * x[1]; ++nc)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        auto [r0, r1] = adaptiveWindow(i, h, oh);
        auto [c0, c1] = adaptiveWindow(j, w, ow);
        T sum = 0;
        for (int64_t r = r0; r < r1; ++r)
          for (int64_t q = c0; q < c1; ++q) sum += c.x(0)[(nc * h + r) * w + q];
        c.y()[(nc * oh + i) * ow + j] = sum / static_cast<T>((r1 - r0) * (c1 - c0));
      }
}

// --- reductions -------------------------------------------------------------------------------

template <typename T>
void reduceKernel(Ctx<T>& c, bool mean) {
  const Shape& xs = c.shape(0);
  int rank = static_cast<int>(xs.size());
  std::vector<bool> reduce(rank, c.node.ints("axes").empty());
  for (int64_t a : c.node.ints("axes")) reduce[normAxis(a, rank)] = true;
  // Strides into the output for each input axis (0 on reduced axes).
  Shape keptShape, outStr(rank, 0);
  for (int k = 0; k < rank; ++k)
    if (!reduce[k]) keptShape.push_back(xs[k]);
  Shape ks = stridesOf(keptShape);
  for (int k = 0, j = 0; k < rank; ++k)
    if (!reduce[k]) outStr[k] = ks[j++];
  T* y = c.y();
  std::fill(y, y + c.out[0].numel(), T(0));
  const T* x = c.x(0);
  forEachIndex(xs, outStr, Shape(rank, 0), [&](int64_t i, int64_t io, int64_t) { y[io] += x[i]; });
  if (mean) {
    int64_t count = c.in[0]->numel() / std::max<int64_t>(1, c.out[0].numel());
    for (int64_t i = 0; i < c.out[0].numel(); ++i) y[i] /= static_cast<T>(count);
  }
}

template <typename T>
void softmaxKernel(Ctx<T>& c, bool logOut) {
  AxisSplit s = splitAt(c.shape(0), normAxis(c.node.i("axis"), c.in[0]->rank()));
  const T* x = c.x(0);
  T* y = c.y();
  for (int64_t a = 0; a < s.outer; ++a)
    for (int64_t b = 0; b < s.inner; ++b) {
      auto at = [&](int64_t k) { return (a * s.size + k) * s.inner + b; };
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t k = 0; k < s.size; ++k) m = std::max(m, x[at(k)]);
      T sum = 0;
      for (int64_t k = 0; k < s.size; ++k) sum += std::exp(x[at(k)] - m);
      for (int64_t k = 0; k < s.size; ++k)
        y[at(k)] = logOut ? x[at(k)] - m - std::log(sum) : std::exp(x[at(k)] - m) / sum;
    }
}

template <typename T>
void layernormKernel(Ctx<T>& c) {
  int64_t d = c.shape(0).back(), rows = c.in[0]->numel() / d;
  T eps = static_cast<T>(c.node.f("eps"));
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = c.x(0) + r * d;
    T* y = c.y() + r * d;
    T mean = 0, var = 0;
    for (int64_t k = 0; k < d; ++k) mean += x[k];
    mean /= static_cast<T>(d);
    for (int64_t k = 0; k < d; ++k) var += (x[k] - mean) * (x[k] - mean);
    var /= static_cast<T>(d);
    T inv = T(1) / std::sqrt(var + eps);
    for (int64_t k = 0; k < d; ++k) {
      y[k] = (x[k] - mean) * inv;
      if (c.opt(1)) y[k] = y[k] * c.x(1)[k] + c.x(2)[k];
    }
  }
}

// --- attention ----------------------------------------------------------------------------------

// One attention head: q [lq, d], k [lk, d], v [lk, dv] -> out [lq, dv], weights [lq, lk].
// Keys j >= validKeys are masked; with `causal`, keys j > i too. Masked weights are exactly 0; a
// row with every key masked gets all-zero weights (and a zero output).
template <typename T>
void attendOne(const T* q, const T* k, const T* v, T* out, T* weights, int64_t lq, int64_t lk, int64_t d, int64_t dv,
               T scale, bool causal, int64_t validKeys) {
  for (int64_t i = 0; i < lq; ++i) {
    T* w = weights + i * lk;
    T m = -std::numeric_limits<T>::infinity();
    for (int64_t j = 0; j < lk; ++j) {
      bool masked = j >= validKeys || (causal && j > i);
      if (masked) continue;
      T s = 0;
      for (int64_t t = 0; t < d; ++t) s += q[i * d + t] * k[j * d + t];
      w[j] = s * scale;
      m = std::max(m, w[j]);
    }
    T sum = 0;
    for (int64_t j = 0; j < lk; ++j) {
      bool masked = j >= validKeys || (causal && j > i);
      w[j] = masked ? T(0) : std::exp(w[j] - m);
      sum += w[j];
    }
    for (int64_t j = 0; j < lk; ++j) w[j] = sum > 0 ? w[j] / sum : T(0);
    for (int64_t t = 0; t < dv; ++t) {
      T acc = 0;
      for (int64_t j = 0; j < lk; ++j) acc += w[j] * v[j * dv + t];
      out[i * dv + t] = acc;
    }
  }
}

template <typename T>
void attentionKernel(Ctx<T>& c) {
  const Shape &qs = c.shape(0), &ks = c.shape(1), &vs = c.shape(2);
  int64_t lq = qs[qs.size() - 2], d = qs.back(), lk = ks[ks.size() - 2], dv = vs.back();
  T scale = c.node.has("scale") ? static_cast<T>(c.node.f("scale")) : T(1) / std::sqrt(static_cast<T>(d));
  const Shape& os = c.out[0].shape();
  Shape batch(os.begin(), os.end() - 2);
  Shape sq = broadcastStrides(Shape(qs.begin(), qs.end() - 2), batch), sk = broadcastStrides(Shape(ks.begin(), ks.end() - 2), batch),
        sv = broadcastStrides(Shape(vs.begin(), vs.end() - 2), batch);
  int64_t perFirst = batch.empty() ? 1 : numel(batch) / batch[0];
  int64_t nb = numel(batch);
  // Walk the batch with per-operand offsets (three operands: do q/k with forEachIndex, v by hand).
  std::vector<int64_t> offV(nb);
  forEachIndex(batch, sv, Shape(batch.size(), 0), [&](int64_t i, int64_t iv, int64_t) { offV[i] = iv; });
  forEachIndex(batch, sq, sk, [&](int64_t i, int64_t iq, int64_t ik) {
    int64_t valid = lk;
    if (c.in[3]) {
      valid = c.ix(3)[i / perFirst];
      if (valid < 0 || valid > lk) c.dataError("length " + std::to_string(valid) + " is out of range 0.." + std::to_string(lk));
    }
    attendOne(c.x(0) + iq * lq * d, c.x(1) + ik * lk * d, c.x(2) + offV[i] * lk * dv, c.y(0) + i * lq * dv, c.y(1) + i * lq * lk, lq, lk,
              d, dv, scale, c.node.b("causal"), valid);
  });
}

template <typename T>
void mhaKernel(Ctx<T>& c) {
  const Shape& xs = c.shape(0);
  int64_t b = xs[0], l = xs[1], e = xs[2], h = c.node.i("heads"), hd = e / h;
  // Operands: x, lengths?, in_proj_weight [3E, E], in_proj_bias [3E], out_proj.weight [E, E], out_proj.bias [E].
  CMapM<T> x(c.x(0), b * l, e), win(c.x(2), 3 * e, e), wout(c.x(4), e, e);
  Mat<T> qkv = x * win.transpose();
  qkv.rowwise() += Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(c.x(3), 3 * e);
  Mat<T> attended(b * l, e);
  std::fill(c.y(1), c.y(1) + b * l * l, T(0));
  std::vector<T> q(l * hd), k(l * hd), v(l * hd), o(l * hd), w(l * l);
  for (int64_t bi = 0; bi < b; ++bi) {
    int64_t valid = l;
    if (c.in[1]) {
      valid = c.ix(1)[bi];
      if (valid < 0 || valid > l) c.dataError("length " + std::to_string(valid) + " is out of range 0.." + std::to_string(l));
    }
    for (int64_t hi = 0; hi < h; ++hi) {
      for (int64_t t = 0; t < l; ++t)
        for (int64_t j = 0; j < hd; ++j) {
          q[t * hd + j] = qkv(bi * l + t, hi * hd + j);
          k[t * hd + j] = qkv(bi * l + t, e + hi * hd + j);
          v[t * hd + j] = qkv(bi * l + t, 2 * e + hi * hd + j);
        }
      attendOne(q.data(), k.data(), v.data(), o.data(), w.data(), l, l, hd, hd, T(1) / std::sqrt(static_cast<T>(hd)),
                c.node.b("causal"), valid);
      for (int64_t t = 0; t < l; ++t)
        for (int64_t j = 0; j < hd; ++j) attended(bi * l + t, hi * hd + j) = o[t * hd + j];
      for (int64_t i = 0; i < l * l; ++i) c.y(1)[bi * l * l + i] += w[i] / static_cast<T>(h);
    }
  }
  MapM<T> out(c.y(0), b * l, e);
  out.noalias() = attended * wout.transpose();
  out.rowwise() += Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(c.x(5), e);
}

// --- LSTM ---------------------------------------------------------------------------------------

template <typename T>
void lstmKernel(Ctx<T>& c) {
  bool bf = c.node.b("batch_first");
  const Shape& xs = c.shape(0);
  int64_t b = bf ? xs[0] : xs[1], tl = bf ? xs[1] : xs[0], h = c.node.i("hidden"), layers = c.node.i("layers");
  int dirs = c.node.b("bidirectional") ? 2 : 1;
  // Layer input as [T, B, F] for clarity.
  int64_t f = xs[2];
  Mat<T> input(tl * b, f);
  for (int64_t t = 0; t < tl; ++t)
    for (int64_t bi = 0; bi < b; ++bi)
      for (int64_t j = 0; j < f; ++j) input(t * b + bi, j) = c.x(0)[(bf ? bi * tl + t : t * b + bi) * f + j];
  for (int64_t l = 0; l < layers; ++l) {
    Mat<T> output(tl * b, dirs * h);
    for (int d = 0; d < dirs; ++d) {
      int slot = 1 + 4 * static_cast<int>(l * dirs + d);
      int64_t inF = input.cols();
      CMapM<T> wih(c.x(slot), 4 * h, inF), whh(c.x(slot + 1), 4 * h, h);
      Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> bih(c.x(slot + 2), 4 * h), bhh(c.x(slot + 3), 4 * h);
      Mat<T> hs = Mat<T>::Zero(b, h), cs = Mat<T>::Zero(b, h);
      for (int64_t step = 0; step < tl; ++step) {
        int64_t t = d == 0 ? step : tl - 1 - step;
        Mat<T> gates = input.middleRows(t * b, b) * wih.transpose() + hs * whh.transpose();
        gates.rowwise() += bih + bhh;
        for (int64_t bi = 0; bi < b; ++bi)
          for (int64_t j = 0; j < h; ++j) {
            T ig = sigmoidT(gates(bi, j)), fg = sigmoidT(gates(bi, h + j)), gg = std::tanh(gates(bi, 2 * h + j)),
              og = sigmoidT(gates(bi, 3 * h + j));
            cs(bi, j) = fg * cs(bi, j) + ig * gg;
            hs(bi, j) = og * std::tanh(cs(bi, j));
            output(t * b + bi, d * h + j) = hs(bi, j);
          }
      }
      int64_t layerDir = l * dirs + d;
      for (int64_t bi = 0; bi < b; ++bi)
        for (int64_t j = 0; j < h; ++j) {
          c.y(1)[(layerDir * b + bi) * h + j] = hs(bi, j);
          c.y(2)[(layerDir * b + bi) * h + j] = cs(bi, j);
        }
    }
    input = std::move(output);
  }
  for (int64_t t = 0; t < tl; ++t)
    for (int64_t bi = 0; bi < b; ++bi)
      for (int64_t j = 0; j < dirs * h; ++j) c.y(0)[(bf ? bi * tl + t : t * b + bi) * dirs * h + j] = input(t * b + bi, j);
}

// --- losses and metrics -----------------------------------------------------------------------

template <typename T>
void bceKernel(Ctx<T>& c, bool logits) {
  const T *p = c.x(0), *yv = c.x(1);
  int64_t n = c.in[0]->numel();
  T sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (logits) {
      T z = p[i];
      sum += std::max(z, T(0)) - z * yv[i] + std::log1p(std::exp(-std::fabs(z)));
    } else {
      // NaN propagates (the driver reports where it came from); a number outside [0, 1] is bad data.
      if (!std::isnan(p[i]) && !(p[i] >= 0 && p[i] <= 1)) c.dataError("probability " + std::to_string(p[i]) + " at position " + std::to_string(i) + " is outside [0, 1]");
      T lp = std::max(std::log(p[i]), T(-100)), lq = std::max(std::log(T(1) - p[i]), T(-100));
      sum -= yv[i] * lp + (T(1) - yv[i]) * lq;
    }
  }
  c.y()[0] = sum / static_cast<T>(n);
}

// Visits every (position, class-row) of logits with the class axis separated out.
template <typename T, typename Fn>
void forEachClassRow(Ctx<T>& c, Fn fn) {
  AxisSplit s = splitAt(c.shape(0), normAxis(c.node.i("axis"), c.in[0]->rank()));
  for (int64_t a = 0; a < s.outer; ++a)
    for (int64_t b = 0; b < s.inner; ++b) {
      int64_t pos = a * s.inner + b;  // index into target
      int64_t target = c.ix(1)[pos];
      if (target < 0 || target >= s.size)
        c.dataError("target " + std::to_string(target) + " at position " + std::to_string(pos) + " is out of range 0.." + std::to_string(s.size - 1));
      fn(pos, target, [&](int64_t k) { return c.x(0)[(a * s.size + k) * s.inner + b]; }, s.size);
    }
}

template <typename T>
void crossEntropyKernel(Ctx<T>& c) {
  T sum = 0;
  int64_t count = 0;
  forEachClassRow(c, [&](int64_t, int64_t target, auto logit, int64_t classes) {
    T m = -std::numeric_limits<T>::infinity();
    for (int64_t k = 0; k < classes; ++k) m = std::max(m, logit(k));
    T se = 0;
    for (int64_t k = 0; k < classes; ++k) se += std::exp(logit(k) - m);
    sum += m + std::log(se) - logit(target);
    ++count;
  });
  c.y()[0] = sum / static_cast<T>(count);
}

template <typename T>
void argmaxAccuracyKernel(Ctx<T>& c, bool allPositions) {
  std::vector<bool> correct(c.in[1]->numel());
  forEachClassRow(c, [&](int64_t pos, int64_t target, auto logit, int64_t classes) {
    int64_t best = 0;
    for (int64_t k = 1; k < classes; ++k)
      if (logit(k) > logit(best)) best = k;
    correct[pos] = best == target;
  });
  if (!allPositions) {
    c.y()[0] = static_cast<T>(std::count(correct.begin(), correct.end(), true)) / static_cast<T>(correct.size());
    return;
  }
  int64_t samples = c.shape(1)[0], per = static_cast<int64_t>(correct.size()) / samples, good = 0;
  for (int64_t s = 0; s < samples; ++s)
    good += std::all_of(correct.begin() + s * per, correct.begin() + (s + 1) * per, [](bool v) { return v; });
  c.y()[0] = static_cast<T>(good) / static_cast<T>(samples);
}

template <typename T>
void binaryAccuracyKernel(Ctx<T>& c) {
  int64_t n = c.in[0]->numel(), good = 0;
  T thr = static_cast<T>(c.node.f("threshold"));
  for (int64_t i = 0; i < n; ++i) good += (c.x(0)[i] > thr) == (c.x(1)[i] > T(0.5));
  c.y()[0] = static_cast<T>(good) / static_cast<T>(n);
}

// --- dispatch -----------------------------------------------------------------------------------

template <typename T>
void runNode(Ctx<T>& c) {
  const std::string& op = c.node.op->name;
  using F = std::function<T(T)>;
  if (op == "relu") return unaryKernel<T>(c, F([](T x) { return x > 0 ? x : T(0); }));
  if (op == "gelu") return unaryKernel<T>(c, F([](T x) { return gelu(x); }));
  if (op == "sigmoid") return unaryKernel<T>(c, F([](T x) { return sigmoidT(x); }));
  if (op == "tanh") return unaryKernel<T>(c, F([](T x) { return std::tanh(x); }));
  if (op == "exp") return unaryKernel<T>(c, F([](T x) { return std::exp(x); }));
  if (op == "log") return unaryKernel<T>(c, F([](T x) { return std::log(x); }));
  if (op == "neg") return unaryKernel<T>(c, F([](T x) { return -x; }));
  if (op == "sqrt") return unaryKernel<T>(c, F([](T x) { return std::sqrt(x); }));
  if (op == "scale") {
    T f = static_cast<T>(c.node.f("factor"));
    return unaryKernel<T>(c, F([f](T x) { return x * f; }));
  }
  using G = std::function<T(T, T)>;
  if (op == "add") return binaryKernel<T>(c, G([](T a, T b) { return a + b; }));
  if (op == "sub") return binaryKernel<T>(c, G([](T a, T b) { return a - b; }));
  if (op == "mul") return binaryKernel<T>(c, G([](T a, T b) { return a * b; }));
  if (op == "div") return binaryKernel<T>(c, G([](T a, T b) { return a / b; }));
  if (op == "dropout") return dropoutKernel(c);
  if (op == "embedding") return embeddingKernel(c);
  if (op == "pick") return pickKernel(c);
  if (op == "linear") return linearKernel(c);
  if (op == "matmul") return matmulKernel(c);
  if (op == "conv2d") return conv2dKernel(c);
  if (op == "maxpool2d") return maxpoolKernel(c);
  if (op == "adaptive_avgpool2d") return adaptiveAvgKernel(c);
  if (op == "sum") return reduceKernel(c, false);
  if (op == "mean") return reduceKernel(c, true);
  if (op == "softmax") return softmaxKernel(c, false);
  if (op == "log_softmax") return softmaxKernel(c, true);
  if (op == "layernorm") return layernormKernel(c);
  if (op == "attention") return attentionKernel(c);
  if (op == "mha") return mhaKernel(c);
  if (op == "lstm") return lstmKernel(c);
  if (op == "bce") return bceKernel(c, false);
  if (op == "bce_logits") return bceKernel(c, true);
  if (op == "cross_entropy") return crossEntropyKernel(c);
  if (op == "binary_accuracy") return binaryAccuracyKernel(c);
  if (op == "argmax_accuracy") return argmaxAccuracyKernel(c, false);
  if (op == "all_correct_accuracy") return argmaxAccuracyKernel(c, true);
  if (runGradKernel(c)) return;
  throw InternalError("the interpreter has no kernel for op '" + op + "'");
}

// The dtype a value has inside the interpreter.
DType internalType(DType declared, DType precision) { return isFloat(declared) ? precision : DType::i64; }

bool isLayoutKernel(const std::string& op) {
  static const std::set<std::string> names = {"reshape", "transpose", "permute", "concat", "slice", "index", "expand", "gather"};
  return names.count(op) != 0;
}

template void attendOne<float>(const float*, const float*, const float*, float*, float*, int64_t, int64_t, int64_t, int64_t, float,
                               bool, int64_t);
template void attendOne<double>(const double*, const double*, const double*, double*, double*, int64_t, int64_t, int64_t, int64_t,
                                double, bool, int64_t);

}  // namespace kernels

using namespace kernels;

void runNodeKernel(const Node& n, const std::vector<const Tensor*>& operands, std::vector<Tensor>& results, const EvalOptions& opts) {
  if (isLayoutKernel(n.op->name)) {
    layoutKernel(n, operands, results);
  } else if (opts.precision == DType::f32) {
    Ctx<float> c{n, operands, results, opts};
    runNode(c);
  } else {
    Ctx<double> c{n, operands, results, opts};
    runNode(c);
  }
}

Values evaluate(const Graph& g, const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) {
  if (!isFloat(opts.precision)) throw InternalError("interpreter precision must be f32 or f64");
  std::set<std::string> known;
  Values vals(g.nodes().size());
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    std::vector<Tensor>& out = vals[n.id];
    if (n.op->cls == OpClass::Source) {
      known.insert(n.name);
      auto it = feeds.find(n.name);
      std::string what = n.op->name == "input" ? "input" : "parameter";
      if (it == feeds.end()) fail(n.loc, "no value given for " + what + " '" + n.name + "' (" + n.results[0].str() + ")");
      const Tensor& t = it->second;
      if (t.shape() != n.results[0].shape)
        fail(n.loc, what + " '" + n.name + "' must be " + n.results[0].str() + ", got " + t.type().str());
      if (isFloat(t.dtype()) != isFloat(n.results[0].dtype))
        fail(n.loc, what + " '" + n.name + "' must be " + n.results[0].str() + ", got " + t.type().str());
      out.push_back(t.cast(internalType(n.results[0].dtype, opts.precision)));
      continue;
    }
    for (const TensorType& r : n.results) out.emplace_back(internalType(r.dtype, opts.precision), r.shape);
    std::vector<const Tensor*> in;
    for (const Value& v : n.operands) in.push_back(v ? &vals[v.node->id][v.index] : nullptr);
    runNodeKernel(n, in, out, opts);
  }
  for (const auto& [name, t] : feeds)
    if (!known.count(name)) {
      std::vector<std::string> names(known.begin(), known.end());
      fail(SourceLoc{}, "'" + name + "' is not an input or parameter of " + g.name + didYouMean(name, names));
    }
  return vals;
}

std::map<std::string, Tensor> initParams(const Graph& g, uint64_t seed, DType precision) {
  std::map<std::string, Tensor> out;
  for (Node* p : g.params()) {
    Tensor t(precision, p->results[0].shape);
    Rng rng(seed, p->name);
    const std::string& kind = p->s("init");
    for (int64_t i = 0; i < t.numel(); ++i) {
      double v = 0;
      if (kind == "normal") v = p->f("mean") + p->f("std") * rng.normal();
      else if (kind == "uniform") v = rng.uniform(p->f("low"), p->f("high"));
      else if (kind == "ones") v = 1;
      else if (kind == "constant") v = p->f("value");
      t.set(i, v);
    }
    if (p->has("zero_row") && t.rank() >= 1) {
      int64_t row = p->i("zero_row"), width = t.numel() / t.shape()[0];
      for (int64_t j = 0; j < width; ++j) t.set(row * width + j, 0);
    }
    out[p->name] = std::move(t);
  }
  return out;
}

std::map<std::string, Tensor> randomInputs(const Graph& g, uint64_t seed) {
  std::map<std::string, Tensor> out;
  for (Node* in : g.inputs()) {
    const TensorType& t = in->results[0];
    Tensor x(t.dtype, t.shape);
    Rng rng(seed, in->name);
    if (isInt(t.dtype)) {
      int64_t limit = std::numeric_limits<int64_t>::max();
      for (const auto& np : g.nodes())
        for (size_t k = 0; k < np->operands.size(); ++k) {
          if (np->operands[k].node != in) continue;
          const std::string& op = np->op->name;
          const TensorType& first = np->operands[0].type();
          if (op == "embedding") limit = std::min(limit, np->i("num"));
          else if (op == "pick") limit = std::min(limit, first.shape[np->i("axis")] + std::min<int64_t>(0, np->i("offset")));
          else if (op == "gather") limit = std::min(limit, first.shape[normAxis(np->i("axis"), first.rank())]);
          else if (np->op->cls == OpClass::Loss || np->op->cls == OpClass::Metric)
            limit = std::min(limit, first.shape[normAxis(np->i("axis"), first.rank())]);
          else if (op == "attention" || op == "mha")  // key-padding lengths: 1..Lk
            limit = std::min(limit, (op == "mha" ? first.shape[1] : np->operands[1].type().shape.end()[-2]));
        }
      if (limit == std::numeric_limits<int64_t>::max()) limit = 2;
      bool lengths = false;
      for (const auto& np : g.nodes())
        for (size_t k = 0; k < np->operands.size(); ++k)
          if (np->operands[k].node == in && (np->operandNames[k] == "lengths" || (np->op->name == "pick" && np->i("offset") < 0)))
            lengths = true;
      for (int64_t i = 0; i < x.numel(); ++i) x.set(i, lengths ? 1 + rng.integer(limit) : rng.integer(limit));
    } else {
      bool target = false;  // second operand of a binary loss/metric: a probability target in [0, 1]
      for (const auto& np : g.nodes())
        if ((np->op->cls == OpClass::Loss || np->op->cls == OpClass::Metric) && np->operands.size() > 1 && np->operands[1].node == in)
          target = true;
      for (int64_t i = 0; i < x.numel(); ++i) x.set(i, target ? static_cast<double>(rng.integer(2)) : rng.normal());
    }
    out[in->name] = std::move(x);
  }
  return out;
}

std::map<std::string, Tensor> randomFeeds(const Graph& g, uint64_t seed, double lr) {
  std::map<std::string, Tensor> feeds = initParams(g, seed);
  for (auto& [name, t] : randomInputs(g, seed)) feeds[name] = t;
  for (const auto& n : g.nodes())
    if (n->op->name == "state") feeds[n->name] = Tensor::like(n->results[0]);
  if (g.find("@lr")) {
    Tensor rate(DType::f32, {}), step(DType::f32, {});
    rate.set(0, lr), step.set(0, 1);
    feeds["@lr"] = rate, feeds["@step"] = step;
  }
  return feeds;
}

}  // namespace sinter
