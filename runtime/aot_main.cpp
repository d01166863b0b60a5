// aot_main.cpp — main() of a standalone trainer written by `sinter compile` (library
// sinter_aot_main). It links the sinter runtime and compiler libraries but not LLVM: the kernels
// come from the object `sinter compile` emitted, which defines `sinter_aot_registry`
// (runtime/aot.h) with the embedded spec. At startup the graphs are rebuilt from that spec with
// the same compiler code and their kernels found by fingerprint (aotExecutorFactory).
//
//   NAME train [--epochs N] [--steps N] [--eval-every N] [--seed S] [--out DIR] [--resume] [--quiet] [--bind DIM=N]
//   NAME eval RUN_DIR | --run RUN_DIR      the test split with a run's checkpoint
//   NAME predict RUN_DIR --text TEXT ...   imdb models
//   NAME bench [--steps N] [--warmup N] [--threads N] [--profile]   one JSON line of step times
//   NAME info                              what was compiled: spec, bindings, CPU, graphs
// The commands, options and outputs are those of `sinter train|eval|predict` (runtime/cli.h).
#include <iostream>
#include <string>

#include "runtime/aot.h"
#include "runtime/cli.h"
#include "runtime/trainer.h"

extern "C" const sinter_aot_registry_t sinter_aot_registry;

using namespace sinter;

namespace {

const sinter_aot_registry_t& reg = sinter_aot_registry;

std::string name() { return cli::programName; }

std::string topHelp() {
  return "usage: " + name() + " COMMAND [options]\n\n" + "A standalone trainer for " + reg.model + ", compiled ahead of time by `sinter compile " +
         reg.spec_path + "`" + (*reg.bindings ? std::string(" --bind ") + reg.bindings : "") + " for CPU " +
         (*reg.cpu ? reg.cpu : "(the compiling host)") + R"(.

commands:
  train           train with the spec's recipe: progress, metrics.jsonl, summary.json, checkpoints
  eval RUN_DIR    evaluate a trained run on the test split
  predict RUN_DIR classify new text with a trained IMDB model (--text "..." ...)
  bench           time a training step and a forward pass (one JSON line, as sinter bench)
  info            the spec, bindings, CPU and graphs it was compiled for

Run `)" + name() + R"( COMMAND --help` for a command's options; they are those of sinter train|eval|predict.
exit codes: 0 ok, 1 runtime failure, 2 bad input (option or data file), 130 interrupted training.
)";
}

// The options every command starts from: the embedded spec, the compiled bindings (--bind
// overrides them, which only works for graphs the object has), the AOT kernels.
TrainOptions base(const cli::Args& a, const std::string& help) {
  TrainOptions o = cli::trainOptions(a, help);
  Bindings compiled = parseBindings(reg.bindings);
  for (const auto& [k, v] : o.bindings) compiled[k] = v;
  o.bindings = compiled;
  o.spec = reg.spec_path;
  o.specText = reg.spec_text;
  o.specDir = reg.spec_dir;
  o.backend = "aot";
  o.executor = aotExecutorFactory(reg);
  return o;
}

int cmdTrain(int argc, char** argv) {
  std::string help = "usage: " + name() +
                     " train [--epochs N] [--steps N] [--eval-every N] [--seed S] [--out DIR] [--resume] [--quiet] [--bind DIM=N ...]\n\n" +
                     cli::kTrainHelpBody;
  cli::Args a = cli::parseArgs(argc, argv, 1, cli::kTrainValued, cli::kTrainFlags, {"bind"}, help, {});
  // A validation split makes smaller last batches the trainer was not compiled for.
  if (a.has("val-split")) cli::usageError("--val-split is not supported by standalone trainers yet: use sinter train", help);
  return train(base(a, help));
}

int cmdEval(int argc, char** argv) {
  std::string help = "usage: " + name() + " eval RUN_DIR [--seed S] [--bind DIM=N ...]\n\n" + cli::kEvalHelpBody;
  cli::Args a = cli::parseArgs(argc, argv, 1, cli::kEvalValued, {}, {"bind"}, help, {"RUN_DIR (the --out directory of train)", false});
  TrainOptions o = base(a, help);
  o.outDir = a.has("run") ? a.options.at("run") : a.has("checkpoint") ? a.options.at("checkpoint") : a.positional;
  if (o.outDir.empty()) cli::usageError("missing RUN_DIR (the --out directory of train)", help);
  return cli::evalCommand(o);
}

int cmdPredict(int argc, char** argv) {
  std::string help = "usage: " + name() + " predict RUN_DIR --text TEXT [--text TEXT ...]\n\n" + cli::kPredictHelpBody;
  cli::Args a = cli::parseArgs(argc, argv, 1, {}, {}, {"text"}, help, {"RUN_DIR (the --out directory of train)"});
  std::vector<std::string> texts;
  for (const auto& [k, v] : a.multi)
    if (k == "text") texts.push_back(v);
  TrainOptions o = base(a, help);
  Spec spec = loadSpec(o);
  if (texts.empty()) cli::usageError("give at least one --text", help);
  readRunSummary(a.positional);  // a finished run
  return cli::predictCommand(spec, a.positional, texts, o.executor);
}

int cmdBench(int argc, char** argv) {
  std::string help = "usage: " + name() + " bench [--steps N] [--warmup N] [--threads N] [--profile]\n\n" + cli::kBenchHelpBody;
  cli::Args a = cli::parseArgs(argc, argv, 1, cli::kBenchValued, {"profile"}, {"bind"}, help, {});
  return cli::benchCommand(base(a, help), cli::benchOptions(a, help));
}

int cmdInfo() {
  std::cout << "model " << reg.model << "\nspec " << reg.spec_path << " (" << reg.spec_dir << ")\nbindings " << (*reg.bindings ? reg.bindings : "-")
            << "\ncpu " << (*reg.cpu ? reg.cpu : "host") << "\n";
  for (int64_t k = 0; k < reg.num_programs; ++k)
    std::cout << "graph " << reg.programs[k].label << "  fingerprint " << reg.programs[k].fingerprint << "  " << reg.programs[k].num_kernels
              << " kernels\n";
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::string self = argv[0];
  cli::programName = self.substr(self.rfind('/') + 1);
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    std::cout << topHelp();
    return argc < 2 ? cli::kExitBadInput : cli::kExitOk;
  }
  std::string cmd = argv[1];
  return cli::guarded([&] {
    if (cmd == "train") return cmdTrain(argc, argv);
    if (cmd == "eval") return cmdEval(argc, argv);
    if (cmd == "predict") return cmdPredict(argc, argv);
    if (cmd == "bench") return cmdBench(argc, argv);
    if (cmd == "info") return cmdInfo();
    std::vector<std::string> cmds = {"train", "eval", "predict", "bench", "info"};
    std::cerr << name() << ": error: unknown command '" << cmd << "'" << didYouMean(cmd, cmds) << "\n\n" << topHelp();
    return cli::kExitBadInput;
  });
}
