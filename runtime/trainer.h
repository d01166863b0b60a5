// trainer.h — the training driver behind `sinter train`.
//
// One training step is one static graph (forward + backward + optimiser update, built by
// compiler/autodiff); the driver feeds it minibatches, the scheduled learning rate and the step
// number, and carries parameters and optimiser state from step to step. It evaluates on the test
// split at step 0 and then every `eval_every` steps (default: once per epoch), writes
//   OUT/metrics.jsonl           one JSON object per evaluation: epoch, step, train_loss,
//                               test_loss, test_<metric>..., seconds
//   OUT/summary.json            {"spec", "seed", "steps", "wall_seconds", "final", "best", "data"}
//                               (with --val-split: rows hold val_* instead of test_*, and
//                               "test" is the test split evaluated once with best.safetensors)
//   OUT/best.safetensors        --val-split: the parameters of the best validation evaluation
//   OUT/checkpoint.safetensors  parameters under the spec's names (PyTorch-loadable)
//   OUT/optimizer.safetensors   optimiser state and the step, for --resume
//   OUT/vocab.txt               imdb runs: the vocabulary, one token per index (docs/data.md)
//   OUT/tensors/NAME.npy        one test batch at the end: inputs, outputs and the recipe's
//                               plot tensors (evaluation mode), for pictures
// and shows progress on a terminal (plain lines otherwise). A NaN or Inf loss stops the run
// naming the step and the first node that produced it; Ctrl-C saves a checkpoint and stops.
//
// The graphs a run asks its executor factory for are enumerable in advance (trainerGraphs): the
// training step and the forward graph at each batch size the data's split sizes produce, and
// the predict graph of imdb specs. `sinter compile` compiles exactly these; the driver checks
// that it never asks for another one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/spec/spec.h"
#include "runtime/executor.h"
#include "runtime/json.h"

namespace sinter {

struct TrainOptions {
  std::string spec;                // path to the spec (messages, summary.json)
  std::string specText;            // the spec itself when it is embedded (an AOT trainer); "": read `spec`
  std::string specDir;             // resolves relative data paths; "": the directory of `spec`
  std::string outDir;              // default: runs/<model>
  std::optional<int64_t> epochs, steps, evalEvery, seed;
  bool resume = false;
  std::string backend = "interp";  // its name, for messages
  ExecutorFactory executor;        // runs the graphs; empty = the reference interpreter (the CLI
                                   // passes the LLVM backend unless --backend interp)
  Bindings bindings;
  double valSplit = 0;             // > 0: hold this fraction of the training set out as a
                                   // validation split; evaluations use it, the best validation
                                   // step's parameters are kept (best.safetensors) and the test
                                   // split is evaluated once, with them, at the end
  bool quiet = false;              // no progress output (tests)
};

// Runs the whole training; returns the process exit code (0, or 130 when interrupted).
// Throws UserError on bad input and on a non-finite loss.
int train(const TrainOptions& opts);

// Evaluates a finished run (opts.outDir, its checkpoint, the seed of its summary.json unless
// opts.seed) on the test split, with the graphs and batch sizes training used; writes
// OUT/eval.json and returns that row: {"step", "test_loss", "test_<metric>"...}.
Json evaluateRun(const TrainOptions& opts);

// The parsed OUT/summary.json of a finished run (UserError when missing or corrupt).
Json readRunSummary(const std::string& runDir);

// The spec of `opts`: the embedded text, or the file.
Spec loadSpec(const TrainOptions& opts);

// One graph a run asks for at a batch size: the training step, the evaluation graph (forward,
// loss and metrics only: the spec's outputs are left out, so passes may skip work only they
// need) or the forward graph with the outputs (saved tensors, predictions).
struct GraphVariant {
  enum class Kind { Step, Eval, Forward };
  Kind kind = Kind::Forward;
  int64_t batch = 0;
  std::string label() const;  // "step B=500", "eval B=20", "forward B=20"
  bool operator<(const GraphVariant& o) const { return std::tie(kind, batch) < std::tie(o.kind, o.batch); }
};

// Every graph train(), evaluateRun() and predictRun() (runtime/cli.h) ask their factory for, with
// `bindings` (the recipe's batch unless B is bound), built by the pipeline. Loads the data the
// recipe names (its split sizes decide the last, smaller batches). Needs a train: section.
struct TrainerGraph {
  GraphVariant variant;
  Graph graph;
};
std::vector<TrainerGraph> trainerGraphs(const TrainOptions& opts);

// The batch of a run's predict graph (imdb specs: texts are classified one at a time when the
// graphs are compiled ahead of time).
constexpr int64_t kPredictBatch = 1;

// The learning rate at a 1-based step of `total`: the recipe's schedule (constant, step,
// cosine), then its linear warm-up.
double scheduledLr(const TrainSpec& recipe, int64_t step, int64_t total);

}  // namespace sinter
