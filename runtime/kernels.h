// kernels.h — shared pieces of the reference kernels (runtime/interpreter.cpp and
// runtime/grad_kernels.cpp): index arithmetic over row-major shapes and the kernel context.
// Internal to the runtime.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"
#include "runtime/interpreter.h"

namespace sinter::kernels {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MapM = Eigen::Map<Mat<T>>;
template <typename T>
using CMapM = Eigen::Map<const Mat<T>>;

// Adaptive pooling's window along one axis: output cell i of `out` covers input [begin, end) of
// `in` (PyTorch's rule: floor(i * in / out) to ceil((i + 1) * in / out)).
struct Window {
  int64_t begin, end;
};
inline Window adaptiveWindow(int64_t i, int64_t in, int64_t out) { return {i * in / out, ((i + 1) * in + out - 1) / out}; }

// Calls fn(flatOut, offsetA, offsetB) for each element of `out`, with offsets into operands whose
// strides are given (for broadcasting and permutations).
template <typename Fn>
void forEachIndex(const Shape& out, const Shape& sa, const Shape& sb, Fn fn) {
  int64_t n = numel(out);
  int r = static_cast<int>(out.size());
  std::vector<int64_t> idx(r, 0);
  int64_t oa = 0, ob = 0;
  for (int64_t i = 0; i < n; ++i) {
    fn(i, oa, ob);
    for (int k = r - 1; k >= 0; --k) {
      ++idx[k];
      oa += sa[k], ob += sb[k];
      if (idx[k] < out[k]) break;
      oa -= sa[k] * out[k], ob -= sb[k] * out[k];
      idx[k] = 0;
    }
  }
}

// Splits shape around `axis`: outer * size * inner.
struct AxisSplit {
  int64_t outer = 1, size = 1, inner = 1;
};
inline AxisSplit splitAt(const Shape& s, int axis) {
  AxisSplit a;
  for (int k = 0; k < axis; ++k) a.outer *= s[k];
  a.size = s[axis];
  for (size_t k = axis + 1; k < s.size(); ++k) a.inner *= s[k];
  return a;
}

inline int normAxis(int64_t axis, int rank) { return static_cast<int>(axis < 0 ? axis + rank : axis); }

template <typename T>
T sigmoidT(T x) {
  return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x));
}

template <typename T>
struct Ctx {
  const Node& node;
  std::vector<const Tensor*> in;  // operands (nullptr where absent)
  std::vector<Tensor>& out;       // results, pre-allocated to the node's result types
  const EvalOptions& opts;

  // An operand slot that may be absent: an omitted optional operand (null) or a parameter slot the
  // node does not have (linear without bias, layernorm without affine parameters).
  const Tensor* opt(int k) const { return k < static_cast<int>(in.size()) ? in[k] : nullptr; }
  const T* x(int k) const { return in[k]->data<T>(); }
  const int64_t* ix(int k) const { return in[k]->data<int64_t>(); }
  const Shape& shape(int k) const { return in[k]->shape(); }
  T* y(int k = 0) { return out[k].data<T>(); }
  [[noreturn]] void dataError(const std::string& msg) const {
    fail(node.loc, node.op->name + " '" + node.name + "': " + msg);
  }
};

template <typename T>
T gelu(T x) {
  return T(0.5) * x * (T(1) + std::erf(x / std::sqrt(T(2))));
}

// Unfolds one image x [C, H, W] into columns [C*k*k, OH*OW] (zero padding outside).
template <typename T>
Mat<T> im2col(const T* x, int64_t ch, int64_t h, int64_t w, int64_t k, int64_t s, int64_t p, int64_t oh, int64_t ow) {
  Mat<T> cols(ch * k * k, oh * ow);
  for (int64_t ci = 0; ci < ch; ++ci)
    for (int64_t ki = 0; ki < k; ++ki)
      for (int64_t kj = 0; kj < k; ++kj)
        for (int64_t i = 0; i < oh; ++i)
          for (int64_t j = 0; j < ow; ++j) {
            int64_t r = i * s + ki - p, q = j * s + kj - p;
            cols((ci * k + ki) * k + kj, i * ow + j) = (r >= 0 && r < h && q >= 0 && q < w) ? x[(ci * h + r) * w + q] : T(0);
          }
  return cols;
}

// Gradient kernels (grad_kernels.cpp): returns false when `op` is not a gradient or update op.
template <typename T>
bool runGradKernel(Ctx<T>& c);

// One attention head (interpreter.cpp): see the definition.
template <typename T>
void attendOne(const T* q, const T* k, const T* v, T* out, T* weights, int64_t lq, int64_t lk, int64_t d, int64_t dv,
               T scale, bool causal, int64_t validKeys);

}  // namespace sinter::kernels
