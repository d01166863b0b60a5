// cli.cpp — the shared command-line pieces (see cli.h).
#include "runtime/cli.h"

#include <sys/resource.h>

#include <algorithm>
#include <numeric>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "compiler/passes/passes.h"
#include "compiler/support/diag.h"
#include "runtime/checkpoint.h"
#include "runtime/datasets.h"
#include "runtime/npy.h"
#include "runtime/threads.h"

namespace sinter::cli {

std::string programName = "sinter";

void usageError(const std::string& msg, const std::string& help) {
  std::cerr << programName << ": error: " << msg << "\n\n" << help;
  std::exit(kExitBadInput);
}

Args parseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued, const std::vector<std::string>& flags,
               const std::vector<std::string>& repeatable, const std::string& help, const Positional& positional) {
  Args a;
  a.command = argv[first];
  bool wantHelp = false;
  for (int i = first + 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      wantHelp = true;
      continue;
    }
    if (s.rfind("--", 0) != 0) {
      if (positional.what.empty()) usageError("unexpected argument '" + s + "' (" + a.command + " takes only options)", help);
      if (!a.positional.empty()) usageError("unexpected argument '" + s + "' (only one " + positional.what.substr(0, positional.what.find(' ')) + " is taken)", help);
      a.positional = s;
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
  if (wantHelp) {
    std::cout << help;
    std::exit(kExitOk);
  }
  if (positional.required && !positional.what.empty() && a.positional.empty()) usageError("missing " + positional.what, help);
  return a;
}

Bindings bindings(const Args& a, const std::string& help) {
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

int64_t integerOption(const Args& a, const std::string& name, const std::string& help, int64_t min) {
  const std::string& v = a.options.at(name);
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size() && n >= min) return n;
  } catch (...) {
  }
  usageError("--" + name + " must be an integer >= " + std::to_string(min) + ", got '" + v + "'", help);
}

int guarded(const std::function<int()>& command) {
  try {
    return command();
  } catch (const UserError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const InternalError& e) {
    std::cerr << programName << ": internal error (a bug in sinter; please report it): " << e.what() << "\n";
    return kExitRuntime;
  } catch (const std::bad_alloc&) {
    std::cerr << programName << ": error: out of memory\n";
    return kExitRuntime;
  } catch (const std::exception& e) {
    std::cerr << programName << ": error: " << e.what() << "\n";
    return kExitRuntime;
  }
}

// --- train ------------------------------------------------------------------------------------------

const std::vector<std::string> kTrainValued = {"epochs", "steps", "eval-every", "seed", "out", "val-split", "threads"};
const std::vector<std::string> kTrainFlags = {"resume", "quiet"};

const char* kTrainHelpBody = R"(Trains with the spec's recipe (train: section). One training step is one static graph: forward,
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
  --val-split F            hold a random fraction F of the training set out for validation:
                           evaluations use it (val_* columns), the best one's parameters go to
                           best.safetensors, and the test split is evaluated once, with them,
                           at the end (summary.json "test")
  --seed S                 seed for initialisation, data, shuffling and dropout (default: the recipe's)
  --out DIR                where to write (default runs/MODEL)
  --resume                 continue from DIR's checkpoint (same losses as an uninterrupted run)
  --threads N              threads for work large enough to share (default: every core, or
                           OMP_NUM_THREADS); smaller work runs on one (docs/ARCHITECTURE.md)
  --quiet                  no progress output
  --bind DIM=N             bind a symbolic dimension (B: the batch)
Ctrl-C saves a checkpoint and stops (exit 130). A NaN/Inf loss stops with the step and the node.
)";

TrainOptions trainOptions(const Args& a, const std::string& help) {
  TrainOptions o;
  o.bindings = bindings(a, help);
  if (a.has("epochs")) o.epochs = integerOption(a, "epochs", help);
  if (a.has("steps")) o.steps = integerOption(a, "steps", help);
  if (a.has("eval-every")) o.evalEvery = integerOption(a, "eval-every", help);
  if (a.has("seed")) o.seed = integerOption(a, "seed", help, 0);
  if (a.has("out")) o.outDir = a.options.at("out");
  if (a.has("val-split")) {
    const std::string& v = a.options.at("val-split");
    char* end = nullptr;
    o.valSplit = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end || !(o.valSplit > 0 && o.valSplit < 1)) usageError("--val-split must be a fraction between 0 and 1, not '" + v + "'", help);
  }
  if (a.has("threads")) setThreadCount(static_cast<int>(integerOption(a, "threads", help)));
  o.resume = a.has("resume");
  o.quiet = a.has("quiet");
  return o;
}

// --- eval -------------------------------------------------------------------------------------------

const std::vector<std::string> kEvalValued = {"run", "checkpoint", "seed"};

const char* kEvalHelpBody = R"(Evaluates a trained run on the test split of its data: the run's checkpoint.safetensors, the seed
of its summary.json, the batch sizes training used. Prints the row (step, test_loss,
test_<metric>) and writes it to RUN_DIR/eval.json; it equals summary.json's final test values.

  --run RUN_DIR / --checkpoint RUN_DIR   the run (the --out directory of train); or positional
  --seed S                 the data seed (default: the run's)
  --bind DIM=N             the bindings the run was trained with
)";

int evalCommand(const TrainOptions& o) {
  Json row = evaluateRun(o);
  std::ostringstream line;
  char buf[64];
  for (const auto& [k, v] : row.object()) {
    if (k == "step") std::snprintf(buf, sizeof buf, "step %g", v.number());
    else std::snprintf(buf, sizeof buf, "%s %.6f", k.c_str(), v.number());
    line << (line.tellp() ? "  " : "") << buf;
  }
  std::cout << line.str() << "\n" << o.outDir << "/eval.json\n";
  return kExitOk;
}

// --- bench ------------------------------------------------------------------------------------------

const std::vector<std::string> kBenchValued = {"steps", "warmup", "threads"};

const char* kBenchHelpBody = R"(Times one training step (forward, backward, optimiser update) and one forward pass of the spec at
the recipe's batch, on random inputs and freshly initialised parameters, and prints one JSON line:
  {"spec", "model", "backend", "batch", "threads", "compile_ms", "train_step_ms", "infer_ms",
   "arena_bytes", "peak_bytes", "peak_rss_bytes", "lanes"}
train_step_ms and infer_ms are medians of the timed runs after warm-up; a step runs as in
training (dropout active) and includes binding its feeds, but no data loading. compile_ms
builds both graphs and their executors (the JIT compile; for a standalone trainer, finding its kernels). peak_bytes is the
memory the step's values occupy: the planned arena plus inputs, parameters and optimiser state
(the interpreter: every value). lanes: how many threads the training step's steps run on side
by side (1: one after another; docs/ARCHITECTURE.md, "Running the steps"). docs/benchmarks.md
compares these with PyTorch.

  --steps N                timed runs of each graph (default 30)
  --warmup N               untimed runs first (default 20: past the executor's lanes trial)
  --threads N              threads for work large enough to share (default: every core, or
                           OMP_NUM_THREADS); smaller work runs on one (docs/ARCHITECTURE.md)
  --bind DIM=N             bind a symbolic dimension (B: the batch)
  --profile                then time every step of the compiled training step over --steps more
                           runs and print where the time goes to stderr (mean µs per run, share);
                           when the step runs on lanes, then also the timeline of one more
                           run of median length: each part's lane, start and end
)";

BenchOptions benchOptions(const Args& a, const std::string& help) {
  BenchOptions b;
  if (a.has("steps")) b.steps = integerOption(a, "steps", help);
  if (a.has("warmup")) b.warmup = integerOption(a, "warmup", help, 0);
  if (a.has("threads")) b.threads = static_cast<int>(integerOption(a, "threads", help));
  b.profile = a.has("profile");
  return b;
}

namespace {

// The training step runs as in training (dropout active: EvalOptions::training), the forward
// graph as in evaluation.
double medianMs(Executor& e, const std::map<std::string, Tensor>& feeds, const BenchOptions& b, const EvalOptions& opts) {
  using Clock = std::chrono::steady_clock;
  for (int64_t i = 0; i < b.warmup; ++i) e.run(feeds, opts);
  std::vector<double> ms;
  for (int64_t i = 0; i < b.steps; ++i) {
    auto t0 = Clock::now();
    e.run(feeds, opts);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
}

// Where a compiled step's time goes: each step's mean wall time over b.steps runs, largest first,
// and what run() spends outside the steps (binding feeds, collecting results).
void profileStep(Executor& e, const std::map<std::string, Tensor>& feeds, const BenchOptions& b, const EvalOptions& opts) {
  auto* p = dynamic_cast<ProgramExecutor*>(&e);
  if (!p) {
    std::cerr << "--profile: only compiled programs have steps to time (not --backend interp)\n";
    return;
  }
  using Clock = std::chrono::steady_clock;
  p->setProfiling(true);
  auto t0 = Clock::now();
  for (int64_t i = 0; i < b.steps; ++i) e.run(feeds, opts);
  const double totalUs = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / static_cast<double>(b.steps);
  p->setProfiling(false);
  std::vector<std::pair<double, std::string>> rows;
  double stepsUs = 0;
  const std::vector<double>& ns = p->stepNanoseconds();
  for (size_t i = 0; i < ns.size(); ++i) {
    double us = ns[i] / 1e3 / static_cast<double>(b.steps);
    stepsUs += us;
    rows.push_back({us, p->stepName(i)});
  }
  rows.push_back({totalUs - stepsUs, "(outside the steps: binding feeds, results)"});
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  char line[200];
  std::snprintf(line, sizeof line, "%10s %6s  %s\n", "us/run", "share", "step");
  std::cerr << line;
  for (const auto& [us, name] : rows) {
    std::snprintf(line, sizeof line, "%10.1f %5.1f%%  %s\n", us, 100.0 * us / totalUs, name.c_str());
    std::cerr << line;
  }
  std::snprintf(line, sizeof line, "%10.1f %5.1f%%  total per run (%zu steps, profiled: timers add ~20 ns per step)\n", totalUs, 100.0, ns.size());
  std::cerr << line;
  if (!p->lanePlan()) return;
  // The steps ran one after another above; on lanes, the timeline of the run of median length.
  p->setLaneTracing(true);
  std::vector<std::pair<double, std::vector<ProgramExecutor::LaneEvent>>> runs;
  for (int64_t i = 0; i < b.steps; ++i) {
    e.run(feeds, opts);
    double end = 0;
    for (const auto& ev : p->laneTrace()) end = std::max(end, ev.endUs);
    runs.push_back({end, p->laneTrace()});
  }
  p->setLaneTracing(false);
  std::sort(runs.begin(), runs.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  const auto& [length, events] = runs[runs.size() / 2];
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return events[x].startUs < events[y].startUs; });
  std::snprintf(line, sizeof line, "\non %zu lanes, the run of median length (%.1f us of the steps, %lld runs):\n%4s %8s %8s  %s\n", p->lanePlan()->lanes.size(),
                length, static_cast<long long>(b.steps), "lane", "start", "end", "part");
  std::cerr << line;
  for (size_t k : order) {
    std::snprintf(line, sizeof line, "%4d %8.1f %8.1f  %s\n", events[k].lane, events[k].startUs, events[k].endUs, p->partName(k).c_str());
    std::cerr << line;
  }
}

}  // namespace

int benchCommand(const TrainOptions& o, const BenchOptions& b) {
  using Clock = std::chrono::steady_clock;
  if (b.threads > 0) setThreadCount(b.threads);
  Spec spec = loadSpec(o);
  Bindings bind = o.bindings;
  if (!bind.count("B")) bind["B"] = spec.train->batch;
  ExecutorFactory factory = o.executor ? o.executor : makeInterpreterExecutor;

  auto t0 = Clock::now();
  Graph step = compileGraph(spec, bind, true, {}, SpecOutputs::Dropped), forward = compileGraph(spec, bind, false);
  std::unique_ptr<Executor> stepExec = factory(step), forwardExec = factory(forward);
  stepExec->updateStateInPlace();  // as the trainer runs it
  double compileMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

  const uint64_t seed = static_cast<uint64_t>(spec.train->seed);
  const EvalOptions training{DType::f32, true, seed, 1};
  double trainMs = medianMs(*stepExec, randomFeeds(step, seed, 1e-4), b, training);
  double inferMs = medianMs(*forwardExec, randomFeeds(forward, seed), b, EvalOptions{});

  // Memory of the step's values: the compiled program's arena and external buffers, or every
  // value the interpreter keeps.
  int64_t arena = 0, peak = 0, lanes = 1;
  if (auto* p = dynamic_cast<ProgramExecutor*>(stepExec.get())) {
    loops::ProgramStats st = loops::statsOf(p->program());
    arena = st.arenaBytes, peak = st.arenaBytes + st.externalBytes;
    if (p->lanePlan()) lanes = static_cast<int64_t>(p->lanePlan()->lanes.size());
  } else {
    for (const auto& n : step.nodes())
      for (const TensorType& t : n->results) peak += t.numel() * static_cast<int64_t>(dtypeSize(t.dtype));
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);

  Json row = Json(Json::Object{});
  row.set("spec", Json(o.spec));
  row.set("model", Json(spec.name));
  row.set("backend", Json(o.backend));
  row.set("batch", Json(bind.at("B")));
  row.set("threads", Json(static_cast<int64_t>(threadCount())));
  row.set("compile_ms", Json(compileMs));
  row.set("train_step_ms", Json(trainMs));
  row.set("infer_ms", Json(inferMs));
  row.set("arena_bytes", Json(arena));
  row.set("peak_bytes", Json(peak));
  row.set("peak_rss_bytes", Json(static_cast<int64_t>(ru.ru_maxrss) * 1024));
  row.set("lanes", Json(lanes));
  std::cout << row.dump() << std::endl;
  if (b.profile) profileStep(*stepExec, randomFeeds(step, seed, 1e-4), b, training);
  return kExitOk;
}

// --- predict ----------------------------------------------------------------------------------------

const char* kPredictHelpBody = R"(Classifies new reviews with a model trained on IMDB (the imdb data source): reads RUN_DIR's
vocab.txt (the training vocabulary) and checkpoint.safetensors, encodes each text exactly as the
training data was (docs/data.md), and prints one line per text: the model's first output (the
probability of a positive review) and the text.
)";

int predictCommand(const Spec& spec, const std::string& dir, const std::vector<std::string>& texts, const ExecutorFactory& factory) {
  if (!spec.train || spec.train->data.name != "imdb")
    fail(spec.loc, programName + " predict classifies text: the spec must train on the imdb data source, not " +
                       (spec.train ? spec.train->data.name : std::string("nothing")));

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

  // The forward graph at kPredictBatch (the one `sinter compile` compiles), one run per text.
  static_assert(kPredictBatch == 1, "one text per run");
  Graph g = compileGraph(spec, {{"B", kPredictBatch}}, false);
  if (g.outputs.empty()) fail(spec.loc, "the spec has no outputs: to predict, list the probability under outputs:");
  std::map<std::string, Tensor> feeds;
  SafeTensors ck = readSafeTensors(dir + "/checkpoint.safetensors");
  for (Node* p : g.params()) {
    auto it = ck.tensors.find(p->name);
    if (it == ck.tensors.end()) fail(SourceLoc{dir + "/checkpoint.safetensors", 0, 0}, "has no tensor '" + p->name + "'");
    feeds[p->name] = it->second;
  }
  std::unique_ptr<Executor> exec = factory(g);  // owns the buffers the results view
  for (const std::string& text : texts) {
    Arrays encoded = encodeImdb({tokenizeReview(text)}, std::vector<int>(1, 0), vocab, o);
    for (Node* in : g.inputs()) {
      auto it = encoded.find(in->name);
      if (it == encoded.end()) fail(in->loc, "input '" + in->name + "' cannot be made from text");
      feeds[in->name] = it->second.cast(in->results[0].dtype);
    }
    Values vals = exec->run(feeds, EvalOptions{});
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", valueOf(vals, g.outputs[0].second).get(0));
    std::cout << buf << "  " << text << "\n";
  }
  return kExitOk;
}

}  // namespace sinter::cli
