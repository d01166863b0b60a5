// lstm.h — the fused LSTM kernels of a compiled graph: a training step's lstm with its lstm_grad,
// and an inference graph's lstm alone.
//
// Backpropagation through time for PyTorch's LSTM (gate order i, f, g, o), every layer and
// direction, time-major inside. Per layer and direction:
//   forward   G = X·W_ihᵀ + (b_ih + b_hh)           one GEMM for the whole sequence
//             per step t: G[t] += h_prev·W_hhᵀ      one small product (register-blocked loop)
//                         gates, c_t, h_t           one fused, vectorised pass (the activations
//                                                   and tanh(c_t) kept for the backward)
//   backward  per step, last first: the gate gradients dA[t] and dc in one fused pass,
//                         dh_prev = dA[t]·W_hh      one small product
//             dW_ih = dAᵀ·X, dW_hh = dA[later]ᵀ·H[earlier], db = Σ dA, dX (+)= dA·W_ih
//                                                   four GEMMs for the whole sequence, written
//                                                   straight into the parameter gradients
// Whole-sequence GEMMs are oneDNN matmul primitives built once from the static shapes; the
// per-step products are blockedProduct (a oneDNN call per step cost twice its arithmetic); the gate passes are
// AVX-512 intrinsics where the CPU has them, else compiled for AVX2 and baseline x86-64 (target_clones). In a
// training step the `lstm` node runs this forward and lstm_grad reuses its state (no second
// forward); in inference the same forward runs alone (its state unused; oneDNN's LSTM inference
// primitive, onednn.cpp, where fused kernels are off or LowerOptions::recurrent asks for it).
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/fused_kernels.h"

namespace sinter {

// lstm (the forward above, keeping its state: in a training step for its paired lstm_grad, in
// inference unused) or lstm_grad (the backward from that state; without a paired forward it runs
// the forward itself).
// The pair shares one state through `ctx` (both are built by one executor, the forward first).
// The forward leaves its output sequence (result 0) unwritten when `unusedResults` has bit 0.
std::unique_ptr<FusedKernel> makeLstmKernel(const Node& n, uint32_t unusedResults, FusedKernelContext& ctx);

// The gate passes run the AVX-512 code where the CPU has it (initially hasAvx512()); tests set
// false to run the portable, multiversioned passes.
extern bool lstmAvx512Gates;

// C [m, n] = Aᵀ·B (or, with `accumulate`, C += Aᵀ·B) for A [k, m] (row stride lda) and B [k, n]
// (row stride ldb), C packed: the LSTM's weight gradients over a sequence or a chunk of it (k =
// time × batch). Threads over rows of C from kParallelFlops of work (runtime/threads.h).
void weightGradient(const float* A, int64_t lda, const float* B, int64_t ldb, float* C, int64_t m, int64_t n, int64_t k, bool accumulate = false);

}  // namespace sinter
