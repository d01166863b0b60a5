// passes.h — graph-to-graph passes and the compile pipeline.
//
// One pass, one file, one entry point `bool runX(Graph&)` that returns whether it changed the
// graph; each file's header states what the pass assumes and guarantees. The pipeline
// (pipeline.cpp) is one readable function listing the stages in order, verifying the graph after
// every pass and handing each stage to a dump callback (`sinter dump --emit=STAGE`,
// `--dump-dir`).
#pragma once

#include <functional>
#include <string>

#include "compiler/ir/graph.h"
#include "compiler/spec/spec.h"

namespace sinter {

// How many operands read each node's results, and which nodes something else reads (outputs,
// metrics, the loss): a pass may only remove or rewrite the intermediate value of a node that
// `single` approves.
class Readers {
 public:
  explicit Readers(const Graph& g);
  bool single(const Node* n) const;  // one result, read by one operand, not named
  bool named(const Node* n) const { return named_[n->id]; }
 private:
  std::vector<int> count_;
  std::vector<bool> named_;
};

// Removes nodes nothing needs (not reachable backwards from the outputs, loss, metrics,
// gradients and updates). Inputs, parameters and optimiser state always stay: they are the
// graph's interface.
bool runDeadCodeElimination(Graph& g);

// Merges nodes that apply the same op with the same attributes to the same operands.
bool runCommonSubexpressionElimination(Graph& g);

// Local rewrites that never change a number: identity reshapes/expands/slices/permutations,
// double transposes and negations, scaling by 1, adding 0 / multiplying by 1, and folding of
// constants (`fill`) through shape and scale ops.
bool runAlgebraicSimplification(Graph& g);

// Replaces attention written as matmul(q, kᵀ) → scale → softmax → matmul(·, v), whose
// intermediate values nothing else reads, by one `attention` node (attention_match.cpp).
bool runAttentionRecognition(Graph& g);

// Training steps only, before autodiff: linear(activation=gelu) becomes linear + gelu, so the
// backward reads the stored pre-activation instead of recomputing the product
// (activation_split.cpp).
bool runActivationSplit(Graph& g);

// Training steps only, after autodiff: gelu's backward as a product with gelu'(x), a factor the
// forward's kernel computes beside gelu — bitwise the same values (save_derivative.cpp).
bool runDerivativeSaving(Graph& g);

// Before autodiff: maxpool2d(relu(x)) becomes relu(maxpool2d(x)) where the relu has no other
// reader — exact for values and gradients; the relu runs on the pooled size (pool_relu.cpp).
bool runPoolBeforeRelu(Graph& g);

// Training steps only, after autodiff: conv2d_grad_weight of a maxpool2d_grad becomes
// conv2d_grad_weight_pooled of the pooled gradient, where its fused kernel holds the shapes — the
// unpooled gradient is not read there (pooled_grad.cpp).
bool runPooledWeightGradient(Graph& g);
// The shapes conv2d_grad_weight_pooled's fused kernel (runtime/pooled_grad.cpp) holds in
// registers, which are the shapes the pass rewrites: convolution stride 1 and no padding, a 2×2
// window with stride 2 (0: the window), C·k² ≤ kPooledGradMaxWeights and k ≤ 3.
constexpr int64_t kPooledGradMaxWeights = 16;
bool pooledWeightGradientSupported(int64_t channels, int64_t kernel, int64_t stride, int64_t padding, int64_t poolKernel, int64_t poolStride);

// Before autodiff: an embedding read only by a batch-first LSTM gathers time-major (by the
// transposed indices) and the LSTM takes batch_first=false — the LSTM's layout copies of its
// input and input gradient disappear (time_major.cpp).
bool runTimeMajorLstmInput(Graph& g);

// Before autodiff: a slice or index of a value nothing else reads moves onto the operands of the
// op that made it, as far as the ops allow, so only the part read is computed (narrow.cpp).
bool runNarrowing(Graph& g);

// The stages so far: "graph" (the spec lowered), "grad" (training step: backward and update),
// "simplified" (the three passes above to a fixed point).
using StageCallback = std::function<void(const std::string& stage, const Graph& g)>;

// Whether a graph with a loss also computes the spec's outputs (and train.plots). The driver's
// training steps (train, bench, compile, dump) and its evaluations read only the loss, the
// metrics and the updates and drop them, so the passes may leave out work only the outputs need
// (narrow.cpp); its graphs for predictions and saved tensors, and tests of forward values in
// training mode, keep them.
enum class SpecOutputs { Kept, Dropped };

// Lowers a spec through the pipeline. With `training`, the result is the whole training step.
Graph compileGraph(const Spec& spec, const Bindings& bindings, bool training, const StageCallback& onStage = {},
                   SpecOutputs outputs = SpecOutputs::Kept);

// The stage names in order, for --emit and --dump-dir.
const std::vector<std::string>& pipelineStages();

}  // namespace sinter
