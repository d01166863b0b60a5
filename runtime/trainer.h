// trainer.h — the training driver behind `sinter train`.
//
// One training step is one static graph (forward + backward + optimiser update, built by
// compiler/autodiff); the driver feeds it minibatches, the scheduled learning rate and the step
// number, and carries parameters and optimiser state from step to step. It evaluates on the test
// split at step 0 and then every `eval_every` steps (default: once per epoch), writes
//   OUT/metrics.jsonl           one JSON object per evaluation: epoch, step, train_loss,
//                               test_loss, test_<metric>..., seconds
//   OUT/summary.json            {"spec", "seed", "steps", "wall_seconds", "final", "best", "data"}
//   OUT/checkpoint.safetensors  parameters under the spec's names (PyTorch-loadable)
//   OUT/optimizer.safetensors   optimiser state and the step, for --resume
//   OUT/vocab.txt               imdb runs: the vocabulary, one token per index (docs/data.md)
//   OUT/tensors/NAME.npy        one test batch at the end: inputs, outputs and the recipe's
//                               plot tensors (evaluation mode), for pictures
// and shows progress on a terminal (plain lines otherwise). A NaN or Inf loss stops the run
// naming the step and the first node that produced it; Ctrl-C saves a checkpoint and stops.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/spec/spec.h"
#include "runtime/executor.h"

namespace sinter {

struct TrainOptions {
  std::string spec;                // path to the spec
  std::string outDir;              // default: runs/<model>
  std::optional<int64_t> epochs, steps, evalEvery, seed;
  bool resume = false;
  std::string backend = "interp";  // its name, for messages
  ExecutorFactory executor;        // runs the graphs; empty = the reference interpreter (the CLI
                                   // passes the LLVM backend unless --backend interp)
  Bindings bindings;
  bool quiet = false;              // no progress output (tests)
};

// Runs the whole training; returns the process exit code (0, or 130 when interrupted).
// Throws UserError on bad input and on a non-finite loss.
int train(const TrainOptions& opts);

// The learning rate at a 1-based step of `total`: the recipe's schedule (constant, step,
// cosine), then its linear warm-up.
double scheduledLr(const TrainSpec& recipe, int64_t step, int64_t total);

}  // namespace sinter
