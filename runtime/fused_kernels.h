// fused_kernels.h — the runtime's hand-fused kernels for composite ops (Library::Fused steps).
//
// Lowering (compiler/loops: hasFusedKernel) sends a node here when the runtime has a fused kernel
// for its op that beats the reference kernel; each is built once per node from its static shapes
// and tested against the reference interpreter:
//   lstm, lstm_grad           runtime/lstm.h (the forward keeping its state — inference graphs'
//                             too — and backpropagation through time from it, whole-sequence GEMMs)
//   adam_update, sgd_update   runtime/optimizer_kernels.cpp (one vectorised pass per parameter)
//   conv2d_grad_weight_pooled runtime/pooled_grad.cpp (a weight gradient from a max pool's
//                             gradient, the unpooled one never formed)
//   attention, attention_grad, mha, mha_grad
//                             runtime/attention.h (blockwise online softmax: flash_attention.h)
// (softmax, log_softmax, layernorm and the losses are generated loops: compiler/loops/lower.cpp's
// row kernels, fused with their elementwise producers and consumers.)
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/tensor.h"

namespace sinter {

// Operand k, or null when the node has no such slot (absent optional operands are null; parameter
// slots a node does not have, such as linear's bias without one, are missing).
inline const Tensor* operandAt(const std::vector<const Tensor*>& in, size_t k) { return k < in.size() ? in[k] : nullptr; }

class FusedKernel {
 public:
  virtual ~FusedKernel() = default;
  // in: the node's operands (absent optional ones null); results: its results.
  virtual void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& results) = 0;
  // Whether every element i of every result is computed from elements i of the operands alone,
  // each read before it is written: a result may then be written over an operand of its size
  // (the optimiser updates: ProgramExecutor::updateStateInPlace).
  virtual bool elementwise() const { return false; }
};

// What the fused kernels of one executor share (a forward's saved state for its gradient), and
// which steps share it: those must run in program order even when their buffers would let them
// overlap (runtime/executor.cpp's lanes).
struct FusedKernelContext {
  // The state `key`, created empty by the first kernel that asks; records that the step being
  // built uses it.
  std::shared_ptr<void>& slot(const std::string& key) {
    users[key].push_back(step);
    return shared[key];
  }
  bool has(const std::string& key) const { return shared.count(key) != 0; }
  int step = -1;  // the step whose kernel is being built (set by the executor)
  std::map<std::string, std::shared_ptr<void>> shared;
  std::map<std::string, std::vector<int>> users;  // per state: the steps sharing it, in order
};

// The fused kernel of `n` (loops::hasFusedKernel holds; float32), built in step order. It may
// leave the results of `unusedResults` (bit r: result r) unwritten.
std::unique_ptr<FusedKernel> makeFusedKernel(const Node& n, uint32_t unusedResults, FusedKernelContext& ctx);
std::unique_ptr<FusedKernel> makeOptimizerKernel(const Node& n);  // adam_update, sgd_update
std::unique_ptr<FusedKernel> makePooledGradKernel(const Node& n);  // conv2d_grad_weight_pooled
// Which code conv2d_grad_weight_pooled runs: AVX-512 or AVX2 intrinsics, or the portable loop
// (initially the best the CPU has; tests run each the CPU can).
enum class PooledGradPath { Avx512, Avx2, Portable };
extern PooledGradPath pooledGradPath;

}  // namespace sinter
