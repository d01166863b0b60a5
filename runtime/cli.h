// cli.h — the command-line pieces `sinter` (tools/sinter/main.cpp) and the standalone trainers
// of `sinter compile` (runtime/aot_main.cpp) share: option parsing, usage errors, the exit-code
// policy, and the `train`, `eval` and `predict` commands, so both accept the same options and
// write the same outputs. Nothing here links LLVM: the caller passes the executor factory.
//
// Exit codes: 0 ok, 1 runtime failure (an internal error, an I/O failure), 2 bad input (a spec,
// an option or a data file to fix), 130 interrupted training. User errors print as
// FILE:LINE:COL: error: MESSAGE.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "runtime/executor.h"
#include "runtime/json.h"
#include "runtime/trainer.h"

namespace sinter::cli {

constexpr int kExitOk = 0, kExitRuntime = 1, kExitBadInput = 2;

// The name messages start with: "sinter", or a standalone trainer's name.
extern std::string programName;

struct Args {
  std::string command;
  std::string positional;                                  // SPEC or RUN_DIR; "" when absent
  std::map<std::string, std::string> options;              // --name=value or --name value
  std::vector<std::pair<std::string, std::string>> multi;  // repeatable: --input, --bind, --text
  bool has(const std::string& name) const { return options.count(name) != 0; }
};

// What a command takes besides options: nothing, or one positional argument, described for the
// "missing ..." message ("SPEC (a .yaml graph spec)"), required or optional.
struct Positional {
  std::string what;       // "" = none accepted
  bool required = true;
};

// Prints "NAME: error: MSG", a blank line and the help text; exits 2.
[[noreturn]] void usageError(const std::string& msg, const std::string& help);

// argv[first] is the command; options follow. --help prints `help` and exits 0.
Args parseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued, const std::vector<std::string>& flags,
               const std::vector<std::string>& repeatable, const std::string& help, const Positional& positional);

// --bind DIM=N ... as bindings.
Bindings bindings(const Args& a, const std::string& help);
// --NAME as an integer >= min (usage error otherwise).
int64_t integerOption(const Args& a, const std::string& name, const std::string& help, int64_t min = 1);

// Runs `command`, mapping exceptions to messages and exit codes (see above).
int guarded(const std::function<int()>& command);

// --- train ------------------------------------------------------------------------------------------
// The options train takes everywhere (sinter adds --backend, --cpu, --dump-dir).
extern const std::vector<std::string> kTrainValued, kTrainFlags;
// What train writes and its common options, for help texts.
extern const char* kTrainHelpBody;
// The TrainOptions the common options ask for (spec, executor and backend left to the caller).
TrainOptions trainOptions(const Args& a, const std::string& help);

// --- eval -------------------------------------------------------------------------------------------
extern const std::vector<std::string> kEvalValued;
extern const char* kEvalHelpBody;
// Evaluates the run `o.outDir` (evaluateRun) and prints its row as one line.
int evalCommand(const TrainOptions& o);

// --- bench ------------------------------------------------------------------------------------------
extern const std::vector<std::string> kBenchValued;
extern const char* kBenchHelpBody;
struct BenchOptions {
  int64_t steps = 30;   // timed runs of each graph, after warm-up
  int64_t warmup = 20;  // past the executor's lanes trial (19 runs)
  int threads = 0;      // 0: threadCount()'s default
  bool profile = false;  // also time each step of the compiled training step (table on stderr)
};
// Times the spec's training step and its forward graph at the recipe's batch (or --bind B) on
// random inputs and freshly initialised parameters, through `o.executor`, and prints one JSON
// line: {"spec", "model", "backend", "batch", "threads", "compile_ms", "train_step_ms",
// "infer_ms", "arena_bytes", "peak_bytes"}. Times are medians; a step runs as in training
// (dropout active) and includes binding the feeds, but no data loading.
int benchCommand(const TrainOptions& o, const BenchOptions& b);
// --steps, --warmup, --threads.
BenchOptions benchOptions(const Args& a, const std::string& help);

// --- predict ----------------------------------------------------------------------------------------
extern const char* kPredictHelpBody;
// Classifies `texts` with the imdb model of `runDir` (its vocab.txt and checkpoint), kPredictBatch
// texts per run of the forward graph; prints "PROBABILITY  TEXT" per text.
int predictCommand(const Spec& spec, const std::string& runDir, const std::vector<std::string>& texts, const ExecutorFactory& factory);

}  // namespace sinter::cli
