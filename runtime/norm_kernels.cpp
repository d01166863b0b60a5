// norm_kernels.cpp — softmax, log_softmax, layernorm and layernorm_grad as fused kernels: one
// vectorised pass per row (max, sum of exponentials, normalise; mean, variance, normalise with
// the affine transform; the gradient's two row sums), the reference kernels' formulas in their
// order, exp from runtime/vecmath.h. The reference kernels (runtime/interpreter.cpp) are scalar.
#include <cmath>
#include <limits>

#include "compiler/ir/ops.h"
#include "runtime/fused_kernels.h"
#include "runtime/vecmath.h"

namespace sinter {

namespace {

// Softmax (or log-softmax) of `rows` rows of `size` contiguous elements (the class axis last).
SINTER_CLONES void softmaxRows(const float* __restrict x, float* __restrict y, int64_t rows, int64_t size, bool logOut) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * size;
    float* yr = y + r * size;
    float m = -INFINITY;
    for (int64_t k = 0; k < size; ++k) m = std::max(m, xr[k]);
    float sum = 0;
    for (int64_t k = 0; k < size; ++k) {
      const float e = expf_(xr[k] - m);
      yr[k] = e;
      sum += e;
    }
    if (logOut) {
      const float shift = m + std::log(sum);
      for (int64_t k = 0; k < size; ++k) yr[k] = xr[k] - shift;
    } else {
      const float inv = 1.0f / sum;
      for (int64_t k = 0; k < size; ++k) yr[k] *= inv;
    }
  }
}

// The row's mean and 1 / sqrt(variance + eps) (the population variance, as the reference).
inline void rowMoments(const float* __restrict xr, int64_t d, float eps, float& mean, float& inv) {
  float sum = 0, var = 0;
  for (int64_t k = 0; k < d; ++k) sum += xr[k];
  mean = sum / static_cast<float>(d);
  for (int64_t k = 0; k < d; ++k) var += (xr[k] - mean) * (xr[k] - mean);
  var /= static_cast<float>(d);
  inv = 1.0f / std::sqrt(var + eps);
}

SINTER_CLONES void layernormRows(const float* __restrict x, const float* __restrict w, const float* __restrict b, float* __restrict y,
                                 int64_t rows, int64_t d, float eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    float* yr = y + r * d;
    float mean, inv;
    rowMoments(xr, d, eps, mean, inv);
    if (w)
      for (int64_t k = 0; k < d; ++k) yr[k] = (xr[k] - mean) * inv * w[k] + b[k];
    else
      for (int64_t k = 0; k < d; ++k) yr[k] = (xr[k] - mean) * inv;
  }
}

// dx = inv/d (d g - Σg - x̂ Σ g x̂) with g = dy w; dw += dy x̂, db += dy (over rows).
SINTER_CLONES void layernormGradRows(const float* __restrict x, const float* __restrict dy, const float* __restrict w, float* __restrict dx,
                                     float* __restrict dw, float* __restrict db, float* __restrict xhat, float* __restrict g, int64_t rows,
                                     int64_t d, float eps) {
  for (int64_t k = 0; k < d; ++k) dw[k] = db[k] = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float *xr = x + r * d, *dyr = dy + r * d;
    float mean, inv;
    rowMoments(xr, d, eps, mean, inv);
    float sumG = 0, sumGX = 0;
    for (int64_t k = 0; k < d; ++k) {
      xhat[k] = (xr[k] - mean) * inv;
      g[k] = w ? dyr[k] * w[k] : dyr[k];
      sumG += g[k];
      sumGX += g[k] * xhat[k];
      dw[k] += dyr[k] * xhat[k];
      db[k] += dyr[k];
    }
    const float scale = inv / static_cast<float>(d);
    for (int64_t k = 0; k < d; ++k) dx[r * d + k] = scale * (static_cast<float>(d) * g[k] - sumG - xhat[k] * sumGX);
  }
}

class Softmax : public FusedKernel {
 public:
  explicit Softmax(const Node& n) : log_(n.op->name == "log_softmax") {
    const Shape& s = n.operands[0].type().shape;
    size_ = s.back(), rows_ = numel(s) / size_;
  }
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    softmaxRows(in[0]->data<float>(), out[0].data<float>(), rows_, size_, log_);
  }

 private:
  bool log_;
  int64_t rows_, size_;
};

class LayerNorm : public FusedKernel {
 public:
  explicit LayerNorm(const Node& n) : grad_(n.op->name == "layernorm_grad"), eps_(static_cast<float>(n.f("eps"))) {
    const Shape& s = n.operands[0].type().shape;
    d_ = s.back(), rows_ = numel(s) / d_;
    xhat_.resize(d_), g_.resize(d_);
  }
  // layernorm: x, weight?, bias? -> y. layernorm_grad: x, dy, weight? -> dx, dweight, dbias.
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    if (!grad_) {
      const Tensor *w = operandAt(in, 1), *b = operandAt(in, 2);
      layernormRows(in[0]->data<float>(), w ? w->data<float>() : nullptr, b ? b->data<float>() : nullptr, out[0].data<float>(), rows_, d_, eps_);
      return;
    }
    const Tensor* w = operandAt(in, 2);
    layernormGradRows(in[0]->data<float>(), in[1]->data<float>(), w ? w->data<float>() : nullptr, out[0].data<float>(),
                      out[1].data<float>(), out[2].data<float>(), xhat_.data(), g_.data(), rows_, d_, eps_);
  }

 private:
  bool grad_;
  float eps_;
  int64_t rows_, d_;
  std::vector<float> xhat_, g_;
};

}  // namespace

std::unique_ptr<FusedKernel> makeNormKernel(const Node& n) {
  if (n.op->name == "softmax" || n.op->name == "log_softmax") return std::make_unique<Softmax>(n);
  return std::make_unique<LayerNorm>(n);
}

}  // namespace sinter
