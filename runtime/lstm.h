// lstm.h — the fused LSTM backward (lstm_grad) of the compiled backend.
//
// Backpropagation through time for PyTorch's LSTM (gate order i, f, g, o), every layer and
// direction, time-major inside. Per layer and direction:
//   forward   G = X·W_ihᵀ + (b_ih + b_hh)           one GEMM for the whole sequence
//             per step t: G[t] += h_prev·W_hhᵀ      one small GEMM, accumulated in place
//                         gates, c_t, h_t           one fused, vectorised pass (the activations
//                                                   and tanh(c_t) kept for the backward)
//   backward  per step, last first: the gate gradients dA[t] and dc in one fused pass,
//                         dh_prev = dA[t]·W_hh      one small GEMM
//             dW_ih = dAᵀ·X, dW_hh = dA[later]ᵀ·H[earlier], db = Σ dA, dX (+)= dA·W_ih
//                                                   four GEMMs for the whole sequence, written
//                                                   straight into the parameter gradients
// GEMMs are oneDNN matmul primitives built once from the static shapes; the gate passes are
// compiled for AVX-512, AVX2 and baseline x86-64, picked at load time (target_clones). The
// forward `lstm` node itself runs oneDNN's LSTM inference primitive (runtime/onednn.cpp).
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/tensor.h"

namespace sinter {

class FusedLstmGrad {
 public:
  explicit FusedLstmGrad(const Node& lstmGrad);  // float32
  ~FusedLstmGrad();
  // Operands: x, per (layer, direction) weight_ih, weight_hh, bias_ih, bias_hh, then dout?,
  // dh_n?, dc_n? (null when absent). Results: dx, dparams (lstm_grad's).
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& results);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sinter
