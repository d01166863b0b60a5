// pipeline.cpp — the compile pipeline, in order. Every stage is verified and can be dumped.
#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"

namespace sinter {

const std::vector<std::string>& pipelineStages() {
  static const std::vector<std::string> stages = {"graph", "grad", "simplified"};
  return stages;
}

// Runs `pass` and checks the graph afterwards.
static bool runVerified(Graph& g, bool (*pass)(Graph&), const char* name) {
  bool changed = pass(g);
  try {
    g.verify();
  } catch (const InternalError& e) {
    throw InternalError(std::string("after pass ") + name + ": " + e.what());
  }
  return changed;
}

Graph compileGraph(const Spec& spec, const Bindings& bindings, bool training, const StageCallback& onStage, SpecOutputs outputs) {
  auto stage = [&](const char* name, const Graph& g) {
    if (onStage) onStage(name, g);
  };
  // 1. spec -> graph: names resolved, parameters created, shapes inferred.
  Graph g = buildGraph(spec, bindings);
  if (spec.train)  // the recipe's plot tensors are results too, so no pass removes them
    for (const Expr& p : spec.train->plots) {
      bool listed = false;
      for (const auto& [name, v] : g.outputs) listed = listed || name == p.text;
      if (!listed) g.outputs.push_back({p.text, resolveValue(g, p)});
    }
  stage("graph", g);
  // The driver's steps and evaluations compute what it reads: loss, metrics (and the updates).
  if (outputs == SpecOutputs::Dropped && g.loss) g.outputs.clear();
  // Only the part of a value that is read is computed (a head reading one position, say).
  runVerified(g, runNarrowing, "narrowing");
  // Attention written with plain ops becomes one attention node before autodiff, so its
  // backward is attention_grad (the blockwise kernels in a compiled step).
  runVerified(g, runAttentionRecognition, "attention-recognition");
  // relu before a max pool moves after it (exact; the relu then runs on the pooled size).
  runVerified(g, runPoolBeforeRelu, "pool-before-relu");
  // An embedding feeding a batch-first LSTM gathers time-major, the LSTM's own layout.
  runVerified(g, runTimeMajorLstmInput, "time-major-lstm-input");
  // 2. grad: reverse-mode autodiff and the optimiser update — one static training step.
  if (training) {
    runVerified(g, runActivationSplit, "activation-split");
    appendTrainingStep(g, spec);
    stage("grad", g);
    // gelu's derivative becomes a factor of the forward's input, stored by the forward's kernel.
    runVerified(g, runDerivativeSaving, "derivative-saving");
    // A convolution's weight gradient through a max pool reads the pooled gradient.
    runVerified(g, runPooledWeightGradient, "pooled-weight-gradient");
  }
  // 3. simplified: algebraic rewrites, common subexpressions, dead code — to a fixed point.
  for (int round = 0; round < 8; ++round) {
    bool changed = runVerified(g, runAlgebraicSimplification, "algebraic-simplification");
    changed = runVerified(g, runCommonSubexpressionElimination, "cse") || changed;
    changed = runVerified(g, runDeadCodeElimination, "dce") || changed;
    if (!changed) break;
  }
  stage("simplified", g);
  return g;
}

}  // namespace sinter
