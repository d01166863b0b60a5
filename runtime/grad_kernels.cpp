// grad_kernels.cpp — reference kernels of the ops autodiff and the optimiser emit (the internal
// ops of the op table). Like interpreter.cpp: plain loops and Eigen, written to be obviously
// right. Each is checked against central finite differences of its forward op
// (tests/unit/test_grad.cpp).
#include <algorithm>
#include <cmath>

#include "runtime/kernels.h"

namespace sinter::kernels {

namespace {

template <typename T>
using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;

template <typename T>
void fillKernel(Ctx<T>& c) {
  std::fill(c.y(), c.y() + c.out[0].numel(), static_cast<T>(c.node.f("value")));
}

template <typename T>
void unaryGradKernel(Ctx<T>& c) {
  const std::string& fn = c.node.s("fn");
  const T *x = c.x(0), *y = c.x(1), *dy = c.opt(2) ? c.x(2) : nullptr;  // no dy: fn'(x) itself
  T* dx = c.y();
  const T invSqrt2Pi = T(0.3989422804014327);
  for (int64_t i = 0; i < c.out[0].numel(); ++i) {
    T d;
    if (fn == "relu") d = x[i] > 0 ? T(1) : T(0);
    else if (fn == "gelu") d = T(0.5) * (T(1) + std::erf(x[i] / std::sqrt(T(2)))) + x[i] * invSqrt2Pi * std::exp(-x[i] * x[i] / 2);
    else if (fn == "sigmoid") d = y[i] * (T(1) - y[i]);
    else if (fn == "tanh") d = T(1) - y[i] * y[i];
    else if (fn == "exp") d = y[i];
    else if (fn == "log") d = T(1) / x[i];
    else d = T(0.5) / y[i];  // sqrt
    dx[i] = dy ? dy[i] * d : d;
  }
}

template <typename T>
void reduceToKernel(Ctx<T>& c) {
  const Shape& xs = c.shape(0);
  T* y = c.y();
  std::fill(y, y + c.out[0].numel(), T(0));
  const T* x = c.x(0);
  forEachIndex(xs, broadcastStrides(c.out[0].shape(), xs), Shape(xs.size(), 0), [&](int64_t i, int64_t io, int64_t) { y[io] += x[i]; });
}

template <typename T>
void sliceGradKernel(Ctx<T>& c) {
  const Shape& full = c.out[0].shape();
  int axis = static_cast<int>(c.node.i("axis"));
  Shape st = stridesOf(full), outStrides = st;
  outStrides[axis] *= c.node.i("step");
  T* dx = c.y();
  std::fill(dx, dx + c.out[0].numel(), T(0));
  const T* dy = c.x(0);
  int64_t base = c.node.i("start") * st[axis];
  forEachIndex(c.shape(0), outStrides, Shape(full.size(), 0), [&](int64_t i, int64_t io, int64_t) { dx[base + io] += dy[i]; });
}

template <typename T>
void scatterAddKernel(Ctx<T>& c) {
  const Shape& full = c.out[0].shape();
  int axis = static_cast<int>(c.node.i("axis"));
  Shape xs = stridesOf(full), is = stridesOf(c.shape(0));
  T* dx = c.y();
  std::fill(dx, dx + c.out[0].numel(), T(0));
  for (int64_t i = 0; i < c.in[0]->numel(); ++i) {
    int64_t rem = i, off = 0;
    for (size_t k = 0; k < full.size(); ++k) {
      int64_t coord = rem / is[k];
      rem %= is[k];
      off += (static_cast<int>(k) == axis ? c.ix(0)[i] : coord) * xs[k];
    }
    dx[off] += c.x(1)[i];
  }
}

template <typename T>
void pickGradKernel(Ctx<T>& c) {
  AxisSplit s = splitAt(c.out[0].shape(), static_cast<int>(c.node.i("axis")));
  T* dx = c.y();
  std::fill(dx, dx + c.out[0].numel(), T(0));
  for (int64_t a = 0; a < s.outer; ++a) {
    int64_t at = c.ix(0)[a] + c.node.i("offset");
    std::copy(c.x(1) + a * s.inner, c.x(1) + (a + 1) * s.inner, dx + (a * s.size + at) * s.inner);
  }
}

template <typename T>
void embeddingGradKernel(Ctx<T>& c) {
  int64_t dim = c.node.i("dim"), pad = c.node.has("padding_idx") ? c.node.i("padding_idx") : -1;
  T* dw = c.y();
  std::fill(dw, dw + c.out[0].numel(), T(0));
  for (int64_t i = 0; i < c.in[0]->numel(); ++i) {
    int64_t row = c.ix(0)[i];
    if (row == pad) continue;
    for (int64_t j = 0; j < dim; ++j) dw[row * dim + j] += c.x(1)[i * dim + j];
  }
}

struct ConvGeometry {
  int64_t n, ch, h, w, o, oh, ow, k, s, p;
};

template <typename T>
ConvGeometry convGeometry(const Ctx<T>& c, const Shape& x, const Shape& dy) {
  return {x[0], x[1], x[2], x[3], dy[1], dy[2], dy[3], c.node.i("kernel"), c.node.i("stride"), c.node.i("padding")};
}

template <typename T>
void conv2dGradInputKernel(Ctx<T>& c) {
  ConvGeometry g = convGeometry(c, c.out[0].shape(), c.shape(0));
  CMapM<T> wm(c.x(1), g.o, g.ch * g.k * g.k);
  T* dx = c.y();
  std::fill(dx, dx + c.out[0].numel(), T(0));
  for (int64_t b = 0; b < g.n; ++b) {
    CMapM<T> dyb(c.x(0) + b * g.o * g.oh * g.ow, g.o, g.oh * g.ow);
    Mat<T> dcols = wm.transpose() * dyb;  // [C*k*k, OH*OW]
    T* dxb = dx + b * g.ch * g.h * g.w;
    for (int64_t ci = 0; ci < g.ch; ++ci)  // col2im: the adjoint of im2col
      for (int64_t ki = 0; ki < g.k; ++ki)
        for (int64_t kj = 0; kj < g.k; ++kj)
          for (int64_t i = 0; i < g.oh; ++i)
            for (int64_t j = 0; j < g.ow; ++j) {
              int64_t r = i * g.s + ki - g.p, q = j * g.s + kj - g.p;
              if (r >= 0 && r < g.h && q >= 0 && q < g.w) dxb[(ci * g.h + r) * g.w + q] += dcols((ci * g.k + ki) * g.k + kj, i * g.ow + j);
            }
  }
}

template <typename T>
void conv2dGradWeight(const T* x, const Shape& xs, const T* dy, const Shape& dys, int64_t k, int64_t s, int64_t p, T* out) {
  ConvGeometry g{xs[0], xs[1], xs[2], xs[3], dys[1], dys[2], dys[3], k, s, p};
  MapM<T> dw(out, g.o, g.ch * g.k * g.k);
  dw.setZero();
  for (int64_t b = 0; b < g.n; ++b) {
    Mat<T> cols = im2col(x + b * g.ch * g.h * g.w, g.ch, g.h, g.w, g.k, g.s, g.p, g.oh, g.ow);
    CMapM<T> dyb(dy + b * g.o * g.oh * g.ow, g.o, g.oh * g.ow);
    dw.noalias() += dyb * cols.transpose();
  }
}

template <typename T>
void conv2dGradWeightKernel(Ctx<T>& c) {
  conv2dGradWeight(c.x(0), c.shape(0), c.x(1), c.shape(1), c.node.i("kernel"), c.node.i("stride"), c.node.i("padding"), c.y());
}

// dx = maxpool2d_grad(x, dy): each window's gradient goes to its first maximum in scan order.
template <typename T>
void maxpoolGrad(const T* x, const Shape& xs, const T* dy, const Shape& ys, int64_t k, int64_t s, T* dx) {
  int64_t h = xs[2], w = xs[3], oh = ys[2], ow = ys[3];
  std::fill(dx, dx + xs[0] * xs[1] * h * w, T(0));
  for (int64_t nc = 0; nc < xs[0] * xs[1]; ++nc)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        int64_t best = (nc * h + i * s) * w + j * s;  // the first maximum in scan order wins
        for (int64_t a = 0; a < k; ++a)
          for (int64_t b = 0; b < k; ++b) {
            int64_t at = (nc * h + i * s + a) * w + j * s + b;
            if (x[at] > x[best]) best = at;
          }
        dx[best] += dy[(nc * oh + i) * ow + j];
      }
}

template <typename T>
void maxpoolGradKernel(Ctx<T>& c) {
  const int64_t k = c.node.i("kernel"), s = c.node.i("stride") ? c.node.i("stride") : k;
  maxpoolGrad(c.x(0), c.shape(0), c.x(1), c.shape(1), k, s, c.y());
}

// Its definition: the unpooled gradient, then the weight gradient from it.
template <typename T>
void conv2dGradWeightPooledKernel(Ctx<T>& c) {
  const int64_t k = c.node.i("pool_kernel"), s = c.node.i("pool_stride") ? c.node.i("pool_stride") : k;
  std::vector<T> unpooled(static_cast<size_t>(c.in[1]->numel()));
  maxpoolGrad(c.x(1), c.shape(1), c.x(2), c.shape(2), k, s, unpooled.data());
  conv2dGradWeight(c.x(0), c.shape(0), unpooled.data(), c.shape(1), c.node.i("kernel"), c.node.i("stride"), c.node.i("padding"), c.y());
}

template <typename T>
void adaptiveAvgGradKernel(Ctx<T>& c) {
  const Shape &x = c.out[0].shape(), &ys = c.shape(0);
  int64_t h = x[2], w = x[3], oh = ys[2], ow = ys[3];
  T* dx = c.y();
  std::fill(dx, dx + c.out[0].numel(), T(0));
  for (int64_t nc = 0; nc < x[0] * x[1]; ++nc)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        auto [r0, r1] = adaptiveWindow(i, h, oh);
        auto [c0, c1] = adaptiveWindow(j, w, ow);
        T share = c.x(0)[(nc * oh + i) * ow + j] / static_cast<T>((r1 - r0) * (c1 - c0));
        for (int64_t r = r0; r < r1; ++r)
          for (int64_t q = c0; q < c1; ++q) dx[(nc * h + r) * w + q] += share;
      }
}

template <typename T>
void layernormGradKernel(Ctx<T>& c) {
  int64_t d = c.shape(0).back(), rows = c.in[0]->numel() / d;
  T eps = static_cast<T>(c.node.f("eps"));
  T *dx = c.y(0), *dw = c.y(1), *db = c.y(2);
  std::fill(dw, dw + d, T(0));
  std::fill(db, db + d, T(0));
  std::vector<T> xhat(d), g(d);
  for (int64_t r = 0; r < rows; ++r) {
    const T *x = c.x(0) + r * d, *dy = c.x(1) + r * d;
    T mean = 0, var = 0;
    for (int64_t k = 0; k < d; ++k) mean += x[k];
    mean /= static_cast<T>(d);
    for (int64_t k = 0; k < d; ++k) var += (x[k] - mean) * (x[k] - mean);
    var /= static_cast<T>(d);
    T inv = T(1) / std::sqrt(var + eps), sumG = 0, sumGX = 0;
    for (int64_t k = 0; k < d; ++k) {
      xhat[k] = (x[k] - mean) * inv;
      g[k] = c.in[2] ? dy[k] * c.x(2)[k] : dy[k];
      sumG += g[k];
      sumGX += g[k] * xhat[k];
      dw[k] += dy[k] * xhat[k];
      db[k] += dy[k];
    }
    for (int64_t k = 0; k < d; ++k) dx[r * d + k] = inv / static_cast<T>(d) * (static_cast<T>(d) * g[k] - sumG - xhat[k] * sumGX);
  }
}

// Backward of one attention head given its weights P [lq, lk]: accumulates into dq, dk, dv.
// dP = dout v^T (+ dweights); dS = P * (dP - rowsum(dP * P)); dq = scale dS k; dk = scale dS^T q.
template <typename T>
void attendOneGrad(const T* q, const T* k, const T* v, const T* p, const T* dout, const T* dweights, T* dq, T* dk, T* dv,
                   int64_t lq, int64_t lk, int64_t d, int64_t dv_, T scale) {
  CMapM<T> Q(q, lq, d), K(k, lk, d), V(v, lk, dv_), P(p, lq, lk);
  MapM<T> dQ(dq, lq, d), dK(dk, lk, d), dV(dv, lk, dv_);
  Mat<T> dP = Mat<T>::Zero(lq, lk);
  if (dout) {
    CMapM<T> dO(dout, lq, dv_);
    dP += dO * V.transpose();
    dV.noalias() += P.transpose() * dO;
  }
  if (dweights) dP += CMapM<T>(dweights, lq, lk);
  Mat<T> dS = P.cwiseProduct(dP);
  Eigen::Matrix<T, Eigen::Dynamic, 1> rowDot = dS.rowwise().sum();
  dS -= P.cwiseProduct(rowDot.replicate(1, lk));
  dQ.noalias() += scale * dS * K;
  dK.noalias() += scale * dS.transpose() * Q;
}

template <typename T>
void attentionGradKernel(Ctx<T>& c) {
  const Shape &qs = c.shape(0), &ks = c.shape(1), &vs = c.shape(2);
  int64_t lq = qs[qs.size() - 2], d = qs.back(), lk = ks[ks.size() - 2], dv = vs.back();
  T scale = c.node.has("scale") ? static_cast<T>(c.node.f("scale")) : T(1) / std::sqrt(static_cast<T>(d));
  // The forward's batch shape: the broadcast of the three operands' batch dimensions.
  Shape batch = *broadcastShapes(*broadcastShapes(Shape(qs.begin(), qs.end() - 2), Shape(ks.begin(), ks.end() - 2)),
                                 Shape(vs.begin(), vs.end() - 2));
  Shape sq = broadcastStrides(Shape(qs.begin(), qs.end() - 2), batch), sk = broadcastStrides(Shape(ks.begin(), ks.end() - 2), batch),
        sv = broadcastStrides(Shape(vs.begin(), vs.end() - 2), batch);
  int64_t nb = numel(batch), perFirst = batch.empty() ? 1 : nb / batch[0];
  for (int r = 0; r < 3; ++r) std::fill(c.y(r), c.y(r) + c.out[r].numel(), T(0));
  std::vector<int64_t> offV(nb);
  forEachIndex(batch, sv, Shape(batch.size(), 0), [&](int64_t i, int64_t iv, int64_t) { offV[i] = iv; });
  std::vector<T> out(lq * dv), p(lq * lk);
  forEachIndex(batch, sq, sk, [&](int64_t i, int64_t iq, int64_t ik) {
    int64_t valid = c.in[3] ? c.ix(3)[i / perFirst] : lk;
    const T *q = c.x(0) + iq * lq * d, *k = c.x(1) + ik * lk * d, *v = c.x(2) + offV[i] * lk * dv;
    attendOne(q, k, v, out.data(), p.data(), lq, lk, d, dv, scale, c.node.b("causal"), valid);
    attendOneGrad(q, k, v, p.data(), c.in[4] ? c.x(4) + i * lq * dv : nullptr, c.in[5] ? c.x(5) + i * lq * lk : nullptr,
                  c.y(0) + iq * lq * d, c.y(1) + ik * lk * d, c.y(2) + offV[i] * lk * dv, lq, lk, d, dv, scale);
  });
}

template <typename T>
void mhaGradKernel(Ctx<T>& c) {
  const Shape& xs = c.shape(0);
  int64_t b = xs[0], l = xs[1], e = xs[2], h = c.node.i("heads"), hd = e / h;
  T scale = T(1) / std::sqrt(static_cast<T>(hd));
  CMapM<T> x(c.x(0), b * l, e), win(c.x(2), 3 * e, e), wout(c.x(4), e, e);
  // Forward again: qkv, per-head attention, the concatenated heads.
  Mat<T> qkv = x * win.transpose();
  qkv.rowwise() += Eigen::Map<const RowVec<T>>(c.x(3), 3 * e);
  Mat<T> attended(b * l, e), dqkv = Mat<T>::Zero(b * l, 3 * e);
  std::vector<Mat<T>> probs(b * h);
  auto headBlock = [&](Mat<T>& m, int64_t bi, int64_t part, int64_t hi) { return m.block(bi * l, part * e + hi * hd, l, hd); };
  for (int64_t bi = 0; bi < b; ++bi) {
    int64_t valid = c.in[1] ? c.ix(1)[bi] : l;
    for (int64_t hi = 0; hi < h; ++hi) {
      Mat<T> q = headBlock(qkv, bi, 0, hi), k = headBlock(qkv, bi, 1, hi), v = headBlock(qkv, bi, 2, hi), o(l, hd);
      probs[bi * h + hi].resize(l, l);
      attendOne(q.data(), k.data(), v.data(), o.data(), probs[bi * h + hi].data(), l, l, hd, hd, scale, c.node.b("causal"), valid);
      attended.block(bi * l, hi * hd, l, hd) = o;
    }
  }
  // Output projection.
  Mat<T> dOut = c.in[6] ? Mat<T>(CMapM<T>(c.x(6), b * l, e)) : Mat<T>::Zero(b * l, e);
  MapM<T>(c.y(3), e, e).noalias() = dOut.transpose() * attended;
  Eigen::Map<RowVec<T>>(c.y(4), e) = dOut.colwise().sum();
  Mat<T> dAttended = dOut * wout;
  // Per-head attention backward; the head-averaged weights pass 1/h of their gradient to each head.
  for (int64_t bi = 0; bi < b; ++bi)
    for (int64_t hi = 0; hi < h; ++hi) {
      Mat<T> q = headBlock(qkv, bi, 0, hi), k = headBlock(qkv, bi, 1, hi), v = headBlock(qkv, bi, 2, hi);
      Mat<T> dO = dAttended.block(bi * l, hi * hd, l, hd), dq = Mat<T>::Zero(l, hd), dk = Mat<T>::Zero(l, hd), dv = Mat<T>::Zero(l, hd);
      Mat<T> dW;
      if (c.in[7]) dW = CMapM<T>(c.x(7) + bi * l * l, l, l) / static_cast<T>(h);
      attendOneGrad(q.data(), k.data(), v.data(), probs[bi * h + hi].data(), dO.data(), c.in[7] ? dW.data() : nullptr, dq.data(), dk.data(),
                    dv.data(), l, l, hd, hd, scale);
      headBlock(dqkv, bi, 0, hi) = dq;
      headBlock(dqkv, bi, 1, hi) = dk;
      headBlock(dqkv, bi, 2, hi) = dv;
    }
  // Input projection.
  MapM<T>(c.y(0), b * l, e).noalias() = dqkv * win;
  MapM<T>(c.y(1), 3 * e, e).noalias() = dqkv.transpose() * x;
  Eigen::Map<RowVec<T>>(c.y(2), 3 * e) = dqkv.colwise().sum();
}

// Backpropagation through time. Operands: x, then 4 parameters per (layer, direction) in
// PyTorch's order (weight_ih, weight_hh, bias_ih, bias_hh), then dout?, dh_n?, dc_n?.
template <typename T>
void lstmGradKernel(Ctx<T>& c) {
  bool bf = c.node.b("batch_first");
  const Shape& xs = c.shape(0);
  int64_t b = bf ? xs[0] : xs[1], tl = bf ? xs[1] : xs[0], f = xs[2], h = c.node.i("hidden"), layers = c.node.i("layers");
  int dirs = c.node.b("bidirectional") ? 2 : 1;
  int firstGrad = 1 + 4 * static_cast<int>(layers * dirs);
  const Tensor *dout = c.in[firstGrad], *dhn = c.in[firstGrad + 1], *dcn = c.in[firstGrad + 2];
  auto sig = [](T v) { return v >= 0 ? T(1) / (T(1) + std::exp(-v)) : std::exp(v) / (T(1) + std::exp(v)); };
  auto row = [&](int64_t t, int64_t bi) { return bf ? bi * tl + t : t * b + bi; };  // position in x / out

  // Forward, keeping every layer's input and every step's gate activations and states.
  struct Trace {
    std::vector<Mat<T>> i, fg, g, o, cs, hs;  // per time index t: [B, H]
  };
  std::vector<Mat<T>> layerIn(layers);  // [T*B, F_l], time-major
  std::vector<Trace> traces(layers * dirs);
  layerIn[0].resize(tl * b, f);
  for (int64_t t = 0; t < tl; ++t)
    for (int64_t bi = 0; bi < b; ++bi)
      for (int64_t j = 0; j < f; ++j) layerIn[0](t * b + bi, j) = c.x(0)[row(t, bi) * f + j];
  for (int64_t l = 0; l < layers; ++l) {
    Mat<T> output(tl * b, dirs * h);
    for (int d = 0; d < dirs; ++d) {
      int slot = 1 + 4 * static_cast<int>(l * dirs + d);
      CMapM<T> wih(c.x(slot), 4 * h, layerIn[l].cols()), whh(c.x(slot + 1), 4 * h, h);
      Eigen::Map<const RowVec<T>> bih(c.x(slot + 2), 4 * h), bhh(c.x(slot + 3), 4 * h);
      Trace& tr = traces[l * dirs + d];
      for (auto* v : {&tr.i, &tr.fg, &tr.g, &tr.o, &tr.cs, &tr.hs}) v->assign(tl, Mat<T>(b, h));
      Mat<T> hs = Mat<T>::Zero(b, h), cs = Mat<T>::Zero(b, h);
      for (int64_t step = 0; step < tl; ++step) {
        int64_t t = d == 0 ? step : tl - 1 - step;
        Mat<T> gates = layerIn[l].middleRows(t * b, b) * wih.transpose() + hs * whh.transpose();
        gates.rowwise() += bih + bhh;
        for (int64_t bi = 0; bi < b; ++bi)
          for (int64_t j = 0; j < h; ++j) {
            tr.i[t](bi, j) = sig(gates(bi, j));
            tr.fg[t](bi, j) = sig(gates(bi, h + j));
            tr.g[t](bi, j) = std::tanh(gates(bi, 2 * h + j));
            tr.o[t](bi, j) = sig(gates(bi, 3 * h + j));
            cs(bi, j) = tr.fg[t](bi, j) * cs(bi, j) + tr.i[t](bi, j) * tr.g[t](bi, j);
            hs(bi, j) = tr.o[t](bi, j) * std::tanh(cs(bi, j));
          }
        tr.cs[t] = cs;
        tr.hs[t] = hs;
        output.block(t * b, d * h, b, h) = hs;
      }
    }
    if (l + 1 < layers) layerIn[l + 1] = output;
  }

  // Backward, top layer first. dLayerOut: gradient of the current layer's output [T*B, D*H].
  Mat<T> dLayerOut = Mat<T>::Zero(tl * b, dirs * h);
  if (dout)
    for (int64_t t = 0; t < tl; ++t)
      for (int64_t bi = 0; bi < b; ++bi)
        for (int64_t j = 0; j < dirs * h; ++j) dLayerOut(t * b + bi, j) = dout->data<T>()[row(t, bi) * dirs * h + j];
  std::vector<Mat<T>> dParams(4 * layers * dirs);
  for (int64_t l = layers; l-- > 0;) {
    Mat<T> dIn = Mat<T>::Zero(tl * b, layerIn[l].cols());
    for (int d = 0; d < dirs; ++d) {
      int64_t ld = l * dirs + d;
      int slot = 1 + 4 * static_cast<int>(ld);
      CMapM<T> wih(c.x(slot), 4 * h, layerIn[l].cols()), whh(c.x(slot + 1), 4 * h, h);
      Mat<T> dWih = Mat<T>::Zero(4 * h, layerIn[l].cols()), dWhh = Mat<T>::Zero(4 * h, h);
      RowVec<T> dB = RowVec<T>::Zero(4 * h);
      Mat<T> dhNext = dhn ? Mat<T>(CMapM<T>(dhn->data<T>() + ld * b * h, b, h)) : Mat<T>::Zero(b, h);
      Mat<T> dcNext = dcn ? Mat<T>(CMapM<T>(dcn->data<T>() + ld * b * h, b, h)) : Mat<T>::Zero(b, h);
      const Trace& tr = traces[ld];
      for (int64_t step = tl; step-- > 0;) {
        int64_t t = d == 0 ? step : tl - 1 - step;
        int64_t prev = d == 0 ? t - 1 : t + 1;  // the time index processed before t
        bool first = step == 0;
        Mat<T> dh = dLayerOut.block(t * b, d * h, b, h) + dhNext;
        Mat<T> da(b, 4 * h), dcPrev(b, h);
        for (int64_t bi = 0; bi < b; ++bi)
          for (int64_t j = 0; j < h; ++j) {
            T ig = tr.i[t](bi, j), fg = tr.fg[t](bi, j), gg = tr.g[t](bi, j), og = tr.o[t](bi, j);
            T tc = std::tanh(tr.cs[t](bi, j)), cPrev = first ? T(0) : tr.cs[prev](bi, j);
            T dc = dh(bi, j) * og * (T(1) - tc * tc) + dcNext(bi, j);
            da(bi, j) = dc * gg * ig * (T(1) - ig);
            da(bi, h + j) = dc * cPrev * fg * (T(1) - fg);
            da(bi, 2 * h + j) = dc * ig * (T(1) - gg * gg);
            da(bi, 3 * h + j) = dh(bi, j) * tc * og * (T(1) - og);
            dcPrev(bi, j) = dc * fg;
          }
        dWih.noalias() += da.transpose() * layerIn[l].middleRows(t * b, b);
        if (!first) dWhh.noalias() += da.transpose() * tr.hs[prev];
        dB += da.colwise().sum();
        dIn.middleRows(t * b, b).noalias() += da * wih;
        dhNext = da * whh;
        dcNext = dcPrev;
      }
      dParams[4 * ld] = dWih;
      dParams[4 * ld + 1] = dWhh;
      dParams[4 * ld + 2] = dB;
      dParams[4 * ld + 3] = dB;
    }
    dLayerOut = dIn;
  }
  for (int64_t t = 0; t < tl; ++t)
    for (int64_t bi = 0; bi < b; ++bi)
      for (int64_t j = 0; j < f; ++j) c.y(0)[row(t, bi) * f + j] = dLayerOut(t * b + bi, j);
  T* flat = c.y(1);
  for (const Mat<T>& m : dParams) flat = std::copy(m.data(), m.data() + m.size(), flat);
}

template <typename T>
void bceGradKernel(Ctx<T>& c, bool logits) {
  int64_t n = c.in[0]->numel();
  T scale = c.x(2)[0] / static_cast<T>(n);
  for (int64_t i = 0; i < n; ++i) {
    T p = c.x(0)[i], y = c.x(1)[i];
    c.y()[i] = logits ? (T(1) / (T(1) + std::exp(-p)) - y) * scale : (p - y) / std::max(p * (T(1) - p), T(1e-12)) * scale;
  }
}

template <typename T>
void crossEntropyGradKernel(Ctx<T>& c) {
  AxisSplit s = splitAt(c.shape(0), static_cast<int>(c.node.i("axis") < 0 ? c.node.i("axis") + c.in[0]->rank() : c.node.i("axis")));
  T scale = c.x(2)[0] / static_cast<T>(s.outer * s.inner);
  for (int64_t a = 0; a < s.outer; ++a)
    for (int64_t bi = 0; bi < s.inner; ++bi) {
      auto at = [&](int64_t k) { return (a * s.size + k) * s.inner + bi; };
      T m = -std::numeric_limits<T>::infinity(), z = 0;
      for (int64_t k = 0; k < s.size; ++k) m = std::max(m, c.x(0)[at(k)]);
      for (int64_t k = 0; k < s.size; ++k) z += std::exp(c.x(0)[at(k)] - m);
      int64_t target = c.ix(1)[a * s.inner + bi];
      for (int64_t k = 0; k < s.size; ++k) c.y()[at(k)] = (std::exp(c.x(0)[at(k)] - m) / z - (k == target ? T(1) : T(0))) * scale;
    }
}

template <typename T>
void sgdUpdateKernel(Ctx<T>& c) {
  T lr = c.x(3)[0], momentum = static_cast<T>(c.node.f("momentum")), damp = static_cast<T>(c.node.f("dampening")),
    wd = static_cast<T>(c.node.f("weight_decay"));
  bool firstStep = c.x(4)[0] <= T(1), nesterov = c.node.b("nesterov");
  for (int64_t i = 0; i < c.out[0].numel(); ++i) {
    T p = c.x(0)[i], g = c.x(1)[i] + wd * p, buf = c.x(2)[i];
    if (momentum != 0) {
      buf = firstStep ? g : momentum * buf + (T(1) - damp) * g;
      g = nesterov ? g + momentum * buf : buf;
    }
    c.y(0)[i] = p - lr * g;
    c.y(1)[i] = buf;
  }
}

template <typename T>
void adamUpdateKernel(Ctx<T>& c) {
  T lr = c.x(4)[0], step = c.x(5)[0];
  T b1 = static_cast<T>(c.node.f("beta1")), b2 = static_cast<T>(c.node.f("beta2")), eps = static_cast<T>(c.node.f("eps")),
    wd = static_cast<T>(c.node.f("weight_decay"));
  bool decoupled = c.node.b("decoupled");
  T bc1 = T(1) - std::pow(b1, step), bc2Sqrt = std::sqrt(T(1) - std::pow(b2, step)), stepSize = lr / bc1;
  for (int64_t i = 0; i < c.out[0].numel(); ++i) {
    T p = c.x(0)[i], g = c.x(1)[i];
    if (decoupled) p *= T(1) - lr * wd;
    else g += wd * p;
    T m = b1 * c.x(2)[i] + (T(1) - b1) * g;
    T v = b2 * c.x(3)[i] + (T(1) - b2) * g * g;
    c.y(0)[i] = p - stepSize * m / (std::sqrt(v) / bc2Sqrt + eps);
    c.y(1)[i] = m;
    c.y(2)[i] = v;
  }
}

template <typename T>
void globalNormKernel(Ctx<T>& c) {
  double sum = 0;
  for (const Tensor* t : c.in)
    for (int64_t i = 0; i < t->numel(); ++i) sum += static_cast<double>(t->data<T>()[i]) * t->data<T>()[i];
  c.y()[0] = static_cast<T>(std::sqrt(sum));
}

}  // namespace

template <typename T>
bool runGradKernel(Ctx<T>& c) {
  const std::string& op = c.node.op->name;
  if (op == "fill") fillKernel(c);
  else if (op == "unary_grad") unaryGradKernel(c);
  else if (op == "reduce_to") reduceToKernel(c);
  else if (op == "slice_grad") sliceGradKernel(c);
  else if (op == "scatter_add") scatterAddKernel(c);
  else if (op == "embedding_grad") embeddingGradKernel(c);
  else if (op == "pick_grad") pickGradKernel(c);
  else if (op == "conv2d_grad_input") conv2dGradInputKernel(c);
  else if (op == "conv2d_grad_weight") conv2dGradWeightKernel(c);
  else if (op == "maxpool2d_grad") maxpoolGradKernel(c);
  else if (op == "conv2d_grad_weight_pooled") conv2dGradWeightPooledKernel(c);
  else if (op == "adaptive_avgpool2d_grad") adaptiveAvgGradKernel(c);
  else if (op == "layernorm_grad") layernormGradKernel(c);
  else if (op == "attention_grad") attentionGradKernel(c);
  else if (op == "mha_grad") mhaGradKernel(c);
  else if (op == "lstm_grad") lstmGradKernel(c);
  else if (op == "bce_grad") bceGradKernel(c, false);
  else if (op == "bce_logits_grad") bceGradKernel(c, true);
  else if (op == "cross_entropy_grad") crossEntropyGradKernel(c);
  else if (op == "sgd_update") sgdUpdateKernel(c);
  else if (op == "adam_update") adamUpdateKernel(c);
  else if (op == "global_norm") globalNormKernel(c);
  else if (op == "clip_factor") c.y()[0] = std::min(T(1), static_cast<T>(c.node.f("max_norm")) / (c.x(0)[0] + T(1e-6)));
  else return false;
  return true;
}

template bool runGradKernel<float>(Ctx<float>&);
template bool runGradKernel<double>(Ctx<double>&);

}  // namespace sinter::kernels
