// onednn.h — matrix products and convolutions through oneDNN, where they beat the alternatives.
//
// Lowering (compiler/loops) decides per node whether a `matmul` or `linear` is a generated loop
// nest, a oneDNN call or the reference kernel, and whether a convolution (`conv2d` and its two
// gradients) is a oneDNN call (docs/ARCHITECTURE.md, "Matrix products"). A OneDnnKernel is built
// once per node from its static shapes — the primitive is created up front, so a run only binds
// pointers and executes — and computes exactly the op's semantics: batched products with
// broadcast batch dimensions and transposes (matmul), x·Wᵀ + bias followed by the activation as a
// fused post-op (linear), cross-correlation with bias, stride and zero padding (conv2d:
// forward, backward data, backward weights; plain NCHW / OIHW layouts), and the LSTM forward
// (lstm: oneDNN's LSTM inference primitive, every layer and direction). float32 only. Threads:
// oneDNN's OpenMP, runtime/threads.h (one thread by default).
// The only file that includes oneDNN's headers is onednn.cpp (oneDNN 2.6 API: matmul::desc).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/tensor.h"

namespace sinter {

// The reordered (blocked-layout) copies of operands the convolutions of one run made: two
// primitives that read one value in the same layout (a convolution's forward and its weight
// gradient read x; its two gradients read dy) reorder it once. Valid for one run of one program
// (a value is not written between its producer and its last reader); the executor clears it at
// the start of each run.
class OneDnnRunCache {
 public:
  OneDnnRunCache();
  ~OneDnnRunCache();
  void clear();
  struct Impl;
  std::unique_ptr<Impl> impl;
};

// A convolution's choices (loops::Step): Winograd's algorithm where oneDNN has it for this CPU
// and shape (else the direct one); the activations stored channel-blocked (aBcd16b; bit k for
// operand k, loops::kBlockedResult for the result), bound without a reorder.
struct OneDnnConvolution {
  bool winograd = false;
  uint32_t blocked = 0;
};

class OneDnnKernel {
 public:
  // `n` is a matmul, linear, conv2d, conv2d_grad_input, conv2d_grad_weight or lstm node
  // (float32). With `residual` (matmul, linear), the product is added to one more operand, of
  // the result's shape, passed last to run() (a binary post-op: loops::Step::residual).
  // With `part` (a part of a product loops::rowSplit cuts: a linear, or a 2-D matmul reading
  // its first operand untransposed): the product of result rows [begin, end) only — those rows
  // of operand 0, the residual and the result; run() takes the whole tensors, as for the whole
  // product.
  struct Part {
    int64_t begin, end;
  };
  explicit OneDnnKernel(const Node& n, bool residual = false, std::optional<Part> part = std::nullopt, OneDnnConvolution conv = {});
  ~OneDnnKernel();
  OneDnnKernel(OneDnnKernel&&) noexcept;
  // in: the node's operands (absent optional ones null); results: its results. With `cache`,
  // operand reorders are shared with the run's other kernels.
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& results, OneDnnRunCache* cache = nullptr);
  // oneDNN's name of the implementation it runs ("jit_wino_4x3:avx512_core"; a convolution's
  // or product's primitive), or "" (LSTM).
  std::string implementation() const;

  struct Impl;  // the primitive and its argument bindings (onednn.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

// Whether the parts of a cut product (`n` as for OneDnnKernel), each run on the whole tensors,
// compute the whole product's bits, tried on random operands. oneDNN picks its kernel, and so
// the order of each sum, by the shapes: a product of fewer rows may add in another order (none
// of this project's specs' do with this oneDNN on x86; cut by columns, a [50, 512] × [512, 128]
// product's 64-column halves did). The order does not depend on the values: one try decides.
bool partsKeepBits(const Node& n, bool residual, const std::vector<OneDnnKernel::Part>& parts);

}  // namespace sinter
