// onednn.h — matrix products through oneDNN, for the shapes where it beats generated code.
//
// Lowering (compiler/loops) decides per node whether a `matmul` or `linear` is a generated loop
// nest or a oneDNN call (docs/ARCHITECTURE.md, "Matrix products"). A OneDnnMatmul is built once
// per node from its static shapes — the primitive is created up front, so a run only binds
// pointers and executes — and computes exactly the op's semantics: batched products with
// broadcast batch dimensions and transposes (matmul), x·Wᵀ + bias followed by the activation as a
// fused post-op (linear). float32 only. Threads: oneDNN's OpenMP (OMP_NUM_THREADS).
// The only file that includes oneDNN's headers is onednn.cpp (oneDNN 2.6 API: matmul::desc).
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/tensor.h"

namespace sinter {

class OneDnnMatmul {
 public:
  // `n` is a matmul or linear node with float32 operands.
  explicit OneDnnMatmul(const Node& n);
  ~OneDnnMatmul();
  OneDnnMatmul(OneDnnMatmul&&) noexcept;
  // in: the node's operands (absent optional ones null); out: its result.
  void run(const std::vector<const Tensor*>& in, Tensor& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sinter
