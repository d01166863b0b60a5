// autodiff.h — reverse-mode automatic differentiation as a graph transformation, and the
// optimiser update, so that one training step is one static graph.
//
// appendBackward() walks the forward graph in reverse topological order from the loss and, for
// every node on a path from a parameter to the loss, applies that op's gradient rule (rules.cpp:
// one rule per op, composed from ops of the op table). Gradients flowing into one value from
// several users are summed. It records each parameter's gradient in Graph::grads.
//
// appendOptimizer() adds the optimiser's state (`state` nodes, zero at the start), the scalar
// inputs `@lr` and `@step` (the driver feeds the scheduled learning rate and the 1-based step),
// optional clipping by global norm, and one update op per parameter; Graph::updates says which
// value each parameter and state tensor takes for the next step.
#pragma once

#include <functional>
#include <vector>

#include "compiler/ir/builder.h"
#include "compiler/ir/graph.h"
#include "compiler/spec/spec.h"

namespace sinter {

// What a gradient rule sees.
struct GradContext {
  Builder& b;
  const Node& node;         // the forward node
  std::vector<Value> dout;  // upstream gradient of each result; null where none flows
  std::vector<bool> wants;  // per operand slot: whether its gradient is needed

  Value in(int slot) const { return node.operands.at(slot); }
  Value out(int r = 0) const { return Value{const_cast<Node*>(&node), r}; }
  const TensorType& inType(int slot) const { return node.operands.at(slot).type(); }
};

// Returns one gradient per operand slot (null for none / not wanted).
using GradRule = std::function<std::vector<Value>(GradContext&)>;

// The rule of an op, or nullptr when it has none (sources, metrics, gradient ops).
const GradRule* gradRule(const std::string& op);

// Appends the backward graph of g.loss. Throws InternalError if an op on the path has no rule.
void appendBackward(Graph& g);

// Appends the optimiser update for every parameter (after appendBackward).
void appendOptimizer(Graph& g, const CallSpec& optimizer, double clipGradNorm);

// Appends backward and the recipe's optimiser update to the spec's forward graph `g`, verified
// (UserError when the spec has no train: section).
void appendTrainingStep(Graph& g, const Spec& spec);

// The whole training step: forward graph + backward + update (the spec must have train:).
Graph buildTrainingStep(const Spec& spec, const Bindings& overrides = {});

}  // namespace sinter
