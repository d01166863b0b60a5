// trainer.cpp — the training driver (see trainer.h).
#include "runtime/trainer.h"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <set>
#include <sstream>

#include "compiler/autodiff/autodiff.h"
#include "compiler/passes/passes.h"
#include "compiler/ir/ops.h"
#include "runtime/checkpoint.h"
#include "runtime/data.h"
#include "runtime/executor.h"
#include "runtime/figures.h"
#include "runtime/interpreter.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/rng.h"

namespace sinter {

namespace {

volatile std::sig_atomic_t gInterrupted = 0;
extern "C" void onInterrupt(int) { gInterrupted = 1; }

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string dirOf(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return "--";
  int64_t t = static_cast<int64_t>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(t / 3600), (long long)(t / 60 % 60), (long long)(t % 60));
  else std::snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(t / 60), (long long)(t % 60));
  return buf;
}

Tensor scalar(double v) {
  Tensor t(DType::f32, {});
  t.set(0, v);
  return t;
}

// The batch sizes evaluateSplit() runs a split of n samples in (and the epoch slices of
// training without fresh batches): full batches and the smaller remainder.
std::set<int64_t> splitBatches(int64_t n, int64_t batch) {
  std::set<int64_t> sizes = {std::min(n, batch)};
  if (n > batch && n % batch != 0) sizes.insert(n % batch);
  return sizes;
}

// A variant's graph, as the pipeline builds it.
Graph compileVariant(const Spec& spec, Bindings bindings, const GraphVariant& v) {
  bindings["B"] = v.batch;
  const bool training = v.kind == GraphVariant::Kind::Step;
  return compileGraph(spec, bindings, training, {}, v.kind == GraphVariant::Kind::Forward ? SpecOutputs::Kept : SpecOutputs::Dropped);
}

// The graphs of one run and their executors, built per batch size (the last minibatch of an
// epoch may be smaller). Once allow() has named the variants (trainerVariants), asking for any
// other is a bug: `sinter compile` compiles exactly those.
class Graphs {
 public:
  Graphs(const Spec& spec, Bindings bindings, ExecutorFactory factory)
      : spec_(spec), bindings_(std::move(bindings)), factory_(std::move(factory)) {}
  void allow(std::set<GraphVariant> variants) { allowed_ = std::move(variants); }
  const Graph& step(int64_t batch) { return get(Kind::Step, batch).graph; }
  const Graph& eval(int64_t batch) { return get(Kind::Eval, batch).graph; }
  const Graph& forward(int64_t batch) { return get(Kind::Forward, batch).graph; }
  const Values& runStep(int64_t batch, const std::map<std::string, Tensor>& feeds, const EvalOptions& o) {
    return get(Kind::Step, batch).exec->run(feeds, o);
  }
  const Values& runEval(int64_t batch, const std::map<std::string, Tensor>& feeds) {
    return get(Kind::Eval, batch).exec->run(feeds, EvalOptions{});
  }
  const Values& runForward(int64_t batch, const std::map<std::string, Tensor>& feeds) {
    return get(Kind::Forward, batch).exec->run(feeds, EvalOptions{});
  }

 private:
  struct Compiled {
    Graph graph;
    std::unique_ptr<Executor> exec;
  };
  using Kind = GraphVariant::Kind;
  Compiled& get(Kind kind, int64_t batch) {
    const GraphVariant v{kind, batch};
    auto it = cache_.find(v);
    if (it != cache_.end()) return *it->second;
    if (allowed_ && !allowed_->count(v)) throw InternalError("the trainer asked for " + v.label() + ", which trainerGraphs() does not list");
    auto c = std::make_unique<Compiled>(Compiled{compileVariant(spec_, bindings_, v), nullptr});
    c->exec = factory_(c->graph);
    if (kind == Kind::Step) c->exec->updateStateInPlace();  // the state tensors are fed back each step
    return *cache_.emplace(v, std::move(c)).first->second;
  }
  const Spec& spec_;
  Bindings bindings_;
  ExecutorFactory factory_;
  std::optional<std::set<GraphVariant>> allowed_;
  std::map<GraphVariant, std::unique_ptr<Compiled>> cache_;
};

// The variants a run with these data splits uses (see trainer.h).
std::set<GraphVariant> trainerVariants(const Spec& spec, int64_t batch, const DataSplits& data) {
  using Kind = GraphVariant::Kind;
  std::set<GraphVariant> v = {{Kind::Step, batch}, {Kind::Eval, batch}};
  if (data.valSize > 0)
    for (int64_t b : splitBatches(data.valSize, batch)) v.insert({Kind::Eval, b});  // validation
  if (!data.freshBatch)
    for (int64_t b : splitBatches(data.trainSize, batch)) v.insert({Kind::Step, b});
  for (int64_t b : splitBatches(data.testSize, batch)) v.insert({Kind::Eval, b});  // evaluation
  for (int64_t b : splitBatches(std::min<int64_t>(data.trainSize, 10 * batch), batch)) v.insert({Kind::Eval, b});  // step 0's train loss
  v.insert({Kind::Forward, std::min(batch, data.testSize)});                         // saved tensors
  if (spec.train->data.name == "imdb") v.insert({Kind::Forward, kPredictBatch});  // predict
  return v;
}


// The batch of a run: --bind B=N, else the recipe's.
int64_t runBatch(const TrainOptions& opts, const TrainSpec& recipe) {
  return opts.bindings.count("B") ? opts.bindings.at("B") : recipe.batch;
}

std::string specDirOf(const TrainOptions& opts) { return opts.specDir.empty() ? dirOf(opts.spec) : opts.specDir; }

// Overwrites each tensor of `into` with the one of the same name in a checkpoint file.
void restoreTensors(std::map<std::string, Tensor>& into, const SafeTensors& from, const std::string& file) {
  for (auto& [name, t] : into) {
    auto it = from.tensors.find(name);
    if (it == from.tensors.end() || it->second.shape() != t.shape())
      fail(SourceLoc{file, 0, 0}, "checkpoint does not match the spec: tensor '" + name + "' " +
                                      (it == from.tensors.end() ? "is missing" : "has shape " + shapeStr(it->second.shape())));
    t = it->second.cast(t.dtype());
  }
}

struct Evaluation {
  double loss = 0;
  std::vector<std::pair<std::string, double>> metrics;
};

// Forward pass (evaluation mode) over a whole split, in batches; sample-weighted means.
Evaluation evaluateSplit(Graphs& graphs, const Arrays& data, int64_t n, int64_t batch, const std::map<std::string, Tensor>& params) {
  Evaluation e;
  for (int64_t start = 0; start < n; start += batch) {
    int64_t size = std::min(batch, n - start);
    std::vector<int64_t> rows(size);
    std::iota(rows.begin(), rows.end(), start);
    const Graph& g = graphs.eval(size);
    std::map<std::string, Tensor> feeds = takeRows(data, rows);
    for (Node* p : g.params()) feeds[p->name] = params.at(p->name);
    const Values& vals = graphs.runEval(size, feeds);
    double w = static_cast<double>(size) / static_cast<double>(n);
    e.loss += valueOf(vals, g.loss).get(0) * w;
    if (e.metrics.empty())
      for (const auto& [name, v] : g.metrics) e.metrics.push_back({name, 0.0});
    for (size_t k = 0; k < g.metrics.size(); ++k) e.metrics[k].second += valueOf(vals, g.metrics[k].second).get(0) * w;
  }
  return e;
}

// The first node (in execution order) with a NaN or Inf among its results.
const Node* firstNonFinite(const Graph& g, const Values& vals) {
  for (const auto& n : g.nodes())
    for (const Tensor& t : vals[n->id])
      if (isFloat(t.dtype()))
        for (int64_t i = 0; i < t.numel(); ++i)
          if (!std::isfinite(t.get(i))) return n.get();
  return nullptr;
}

class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), tty_(::isatty(2) != 0) {}

  void step(int64_t step, int64_t total, double loss, const std::string& metricName, double metric, double samplesPerSec) {
    if (quiet_ || !tty_) return;
    auto now = Clock::now();
    if (step != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    int width = 24, filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(step) / static_cast<double>(total));
    std::string bar(filled, '#');
    bar.resize(width, '.');
    char buf[256];
    std::snprintf(buf, sizeof buf, "\r  step %lld/%lld [%s] loss %.4f %s %.3f | %.0f samples/s | ETA %s   ", (long long)step,
                  (long long)total, bar.c_str(), loss, metricName.c_str(), metric, samplesPerSec,
                  formatDuration(samplesPerSec > 0 ? static_cast<double>(total - step) / (samplesPerSec / batch_) : NAN).c_str());
    std::cerr << buf << std::flush;
    pending_ = true;
  }

  void line(const std::string& text) {
    if (quiet_) return;
    if (pending_) std::cerr << "\r" << std::string(110, ' ') << "\r";
    pending_ = false;
    std::cerr << text << "\n";
  }

  void setBatch(int64_t b) { batch_ = static_cast<double>(b); }

 private:
  bool quiet_, tty_, pending_ = false;
  double batch_ = 1;
  Clock::time_point last_{};
};

std::string describeRow(const Json& row) {
  std::ostringstream os;
  char buf[64];
  for (const auto& [k, v] : row.object()) {
    if (!v.isNumber()) continue;
    if (k == "step" || k == "epoch") std::snprintf(buf, sizeof buf, "%s %g", k.c_str(), v.number());
    else if (k == "seconds") std::snprintf(buf, sizeof buf, "%.1fs", v.number());
    else std::snprintf(buf, sizeof buf, "%s %.4f", k.c_str(), v.number());
    os << (os.tellp() ? "  " : "") << buf;
  }
  return os.str();
}

// For pictures (`sinter plot`): one test batch's inputs, outputs and the recipe's plot tensors,
// computed in evaluation mode with the final parameters, as OUT/tensors/NAME.npy.
void saveTensors(Graphs& graphs, const DataSplits& data, int64_t batch,
                 const std::map<std::string, Tensor>& params, const std::string& outDir) {
  int64_t size = std::min(batch, data.testSize);
  std::vector<int64_t> rows(size);
  std::iota(rows.begin(), rows.end(), 0);
  const Graph& g = graphs.forward(size);
  std::map<std::string, Tensor> feeds = takeRows(data.test, rows);
  for (Node* p : g.params()) feeds[p->name] = params.at(p->name);
  const Values& vals = graphs.runForward(size, feeds);
  std::string dir = outDir + "/tensors";
  makeDirs(dir);
  for (Node* in : g.inputs()) writeNpy(dir + "/" + in->name + ".npy", feeds.at(in->name));
  // The recipe's plot tensors are outputs under their own names (compileGraph lists them), taken
  // from there: passes may have moved a value a name once meant (time_major.cpp's LSTM output).
  for (const auto& [name, v] : g.outputs) writeNpy(dir + "/" + name + ".npy", valueOf(vals, v));
}

}  // namespace

double scheduledLr(const TrainSpec& t, int64_t step, int64_t total) {
  double base = t.optimizer.f("lr"), lr = base;
  const CallSpec& s = t.schedule;
  if (s.name == "step") lr = base * std::pow(s.f("gamma"), static_cast<double>((step - 1) / s.i("every")));
  else if (s.name == "cosine")
    lr = s.f("min_lr") + (base - s.f("min_lr")) * 0.5 * (1 + std::cos(M_PI * static_cast<double>(step - 1) / static_cast<double>(total)));
  if (t.warmup > 0 && step <= t.warmup) lr *= static_cast<double>(step) / static_cast<double>(t.warmup);
  return lr;
}

std::string GraphVariant::label() const {
  return (kind == Kind::Step ? "step B=" : kind == Kind::Eval ? "eval B=" : "forward B=") + std::to_string(batch);
}

Spec loadSpec(const TrainOptions& opts) {
  Spec spec = opts.specText.empty() ? readSpec(opts.spec) : readSpecString(opts.specText, opts.spec);
  if (!spec.train) fail(spec.loc, "the spec has no train: section; add one (see docs/spec.md) to train it");
  return spec;
}

std::vector<TrainerGraph> trainerGraphs(const TrainOptions& opts) {
  Spec spec = loadSpec(opts);
  const int64_t batch = runBatch(opts, *spec.train);
  Graphs graphs(spec, opts.bindings, makeInterpreterExecutor);
  DataSplits data = loadData(spec.train->data, graphs.eval(batch), static_cast<uint64_t>(spec.train->seed), specDirOf(opts));
  std::vector<TrainerGraph> out;
  for (const GraphVariant& v : trainerVariants(spec, batch, data)) out.push_back({v, compileVariant(spec, opts.bindings, v)});
  return out;
}

Json readRunSummary(const std::string& dir) {
  try {
    return Json::parse(readFile(dir + "/summary.json"));
  } catch (const std::runtime_error& e) {
    fail(SourceLoc{dir + "/summary.json", 0, 0}, std::string("not a finished run's summary: ") + e.what());
  }
}

Json evaluateRun(const TrainOptions& opts) {
  Spec spec = loadSpec(opts);
  const TrainSpec& recipe = *spec.train;
  const std::string dir = opts.outDir;
  const Json summary = readRunSummary(dir);
  const Json* model = summary.find("model");
  if (model && model->isString() && model->string() != spec.name)
    fail(SourceLoc{dir + "/summary.json", 0, 0}, "is a run of " + model->string() + ", not of " + spec.name);
  const Json* runSeed = summary.find("seed");
  const uint64_t seed = static_cast<uint64_t>(opts.seed ? *opts.seed : runSeed && runSeed->isNumber() ? static_cast<int64_t>(runSeed->number()) : recipe.seed);
  const int64_t batch = runBatch(opts, recipe);
  Graphs graphs(spec, opts.bindings, opts.executor ? opts.executor : makeInterpreterExecutor);
  const Graph& g = graphs.eval(batch);
  DataSplits data = loadData(recipe.data, g, seed, specDirOf(opts));
  graphs.allow(trainerVariants(spec, batch, data));
  std::map<std::string, Tensor> params = initParams(g, seed);
  const std::string ckptPath = dir + "/checkpoint.safetensors";
  SafeTensors ck = readSafeTensors(ckptPath);
  restoreTensors(params, ck, ckptPath);
  Evaluation e = evaluateSplit(graphs, data.test, data.testSize, batch, params);
  Json row = Json(Json::Object{});
  row.set("step", Json(static_cast<int64_t>(std::stoll(ck.metadata.count("step") ? ck.metadata.at("step") : "0"))));
  row.set("test_loss", Json(e.loss));
  for (const auto& [name, v] : e.metrics) row.set("test_" + name, Json(v));
  writeFileAtomic(dir + "/eval.json", row.dump() + "\n");
  return row;
}

int train(const TrainOptions& opts) {
  // glibc serves each allocation over its (dynamic) mmap threshold with fresh pages, so the ~1 MB
  // buffers every evaluation's checkpoint writes fault in every page again: sparse_and_mlp's
  // recipe (an evaluation and a checkpoint per 1-step epoch) spent most of its 6 s there. Heap
  // memory up to 64 MiB is reused instead (the PyTorch figures tune the same knobs).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  Spec spec = loadSpec(opts);
  ExecutorFactory factory = opts.executor ? opts.executor : makeInterpreterExecutor;
  TrainSpec recipe = *spec.train;
  const uint64_t seed = static_cast<uint64_t>(opts.seed ? *opts.seed : recipe.seed);
  const std::string outDir = opts.outDir.empty() ? "runs/" + spec.name : opts.outDir;
  makeDirs(outDir);

  Graphs graphs(spec, opts.bindings, factory);
  const int64_t batch = runBatch(opts, recipe);
  const Graph& mainStep = graphs.step(batch);
  DataSplits data = loadData(recipe.data, graphs.eval(batch), seed, specDirOf(opts));
  if (data.trainSize == 0 || data.testSize == 0) fail(recipe.data.loc, "the data source gave an empty split");
  if (opts.valSplit > 0) carveValidation(data, opts.valSplit, seed, recipe.data);
  const bool validating = data.valSize > 0;
  graphs.allow(trainerVariants(spec, batch, data));
  for (const auto& [name, text] : data.files) writeFileAtomic(outDir + "/" + name, text);  // imdb: vocab.txt

  const int64_t stepsPerEpoch = (data.trainSize + batch - 1) / batch;
  int64_t total = recipe.steps ? recipe.steps : recipe.epochs * stepsPerEpoch;
  if (opts.epochs) total = *opts.epochs * stepsPerEpoch;
  if (opts.steps) total = *opts.steps;
  int64_t evalEvery = opts.evalEvery ? *opts.evalEvery : recipe.evalEvery ? recipe.evalEvery : recipe.epochs ? stepsPerEpoch
                                                                                                             : std::max<int64_t>(1, total / 10);

  // Parameters and optimiser state (zeros), or the checkpoint's.
  std::map<std::string, Tensor> params = initParams(mainStep, seed), state;
  for (const auto& n : mainStep.nodes())
    if (n->op->name == "state") state[n->name] = Tensor::like(n->results[0]);
  int64_t startStep = 0;
  const std::string ckptPath = outDir + "/checkpoint.safetensors", optPath = outDir + "/optimizer.safetensors";
  const std::string metricsPath = outDir + "/metrics.jsonl", bestPath = outDir + "/best.safetensors";
  std::vector<std::string> metricLines;
  if (opts.resume) {
    SafeTensors ck = readSafeTensors(ckptPath), os = readSafeTensors(optPath);
    restoreTensors(params, ck, ckptPath);
    restoreTensors(state, os, optPath);
    startStep = std::stoll(os.metadata.count("step") ? os.metadata.at("step") : "0");
    std::ifstream in(metricsPath);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && Json::parse(line).find("step")->number() <= static_cast<double>(startStep)) metricLines.push_back(line);
  }

  auto saveCheckpoint = [&](int64_t step) {
    SafeTensors ck{params, {{"format", "pt"}, {"model", spec.name}, {"step", std::to_string(step)}}};
    writeSafeTensors(ckptPath, ck);
    SafeTensors os{state, {{"optimizer", recipe.optimizer.name}, {"step", std::to_string(step)}, {"seed", std::to_string(seed)}}};
    writeSafeTensors(optPath, os);
  };

  Progress progress(opts.quiet);
  progress.setBatch(batch);
  progress.line("training " + spec.name + " (" + opts.spec + "): " + std::to_string(total) + " steps, batch " + std::to_string(batch) +
                ", " + std::to_string(data.trainSize) + " training / " + (validating ? std::to_string(data.valSize) + " validation / " : "") +
                std::to_string(data.testSize) + " test samples, seed " +
                std::to_string(seed) + ", backend " + opts.backend + " -> " + outDir);
  for (const auto& [k, v] : data.info) progress.line("  data: " + k + " = " + v);

  auto start = Clock::now();
  double lossSum = 0;
  std::vector<double> metricSums(mainStep.metrics.size(), 0);
  int64_t sinceEval = 0;
  Json best, last;
  // Evaluations measure the validation split when there is one (model selection must not look
  // at the test split), the test split otherwise; the best row is by the first metric (or loss).
  const std::string split = validating ? "val" : "test";
  const Arrays& evalData = validating ? data.val : data.test;
  const int64_t evalSize = validating ? data.valSize : data.testSize;
  const std::string bestKey = split + (mainStep.metrics.empty() ? "_loss" : "_" + mainStep.metrics[0].first);
  const bool lowerIsBetter = mainStep.metrics.empty();
  std::map<std::string, Tensor> bestParams;  // validating: the best evaluation's parameters
  if (validating && opts.resume && std::ifstream(bestPath)) {
    bestParams = params;
    restoreTensors(bestParams, readSafeTensors(bestPath), bestPath);
  }
  for (const std::string& line : metricLines) {  // a resumed run keeps its best row
    Json row = Json::parse(line);
    const Json* v = row.find(bestKey);
    if (v && v->isNumber() && (best.isNull() || (lowerIsBetter ? v->number() < best.find(bestKey)->number()
                                                              : v->number() > best.find(bestKey)->number())))
      best = row;
    last = row;
  }

  auto evalRow = [&](int64_t step, double trainLoss, const std::vector<double>& trainMetrics) {
    Evaluation e = evaluateSplit(graphs, evalData, evalSize, batch, params);
    Json row = Json(Json::Object{});
    row.set("epoch", Json(std::round(static_cast<double>(step) / static_cast<double>(stepsPerEpoch) * 1000) / 1000));
    row.set("step", Json(step));
    row.set("train_loss", Json(trainLoss));
    for (size_t k = 0; k < trainMetrics.size(); ++k) row.set("train_" + mainStep.metrics[k].first, Json(trainMetrics[k]));
    row.set(split + "_loss", Json(e.loss));
    for (const auto& [name, v] : e.metrics) row.set(split + "_" + name, Json(v));
    row.set("seconds", Json(seconds(start)));
    metricLines.push_back(row.dump());
    std::string all;
    for (const auto& l : metricLines) all += l + "\n";
    writeFileAtomic(metricsPath, all);
    const Json* v = row.find(bestKey);
    if (best.isNull() || (lowerIsBetter ? v->number() < best.find(bestKey)->number() : v->number() > best.find(bestKey)->number())) {
      best = row;
      if (validating) {
        bestParams.clear();
        for (const auto& [name, t] : params) bestParams[name] = t.clone();
        writeSafeTensors(bestPath, SafeTensors{bestParams, {{"format", "pt"}, {"model", spec.name}, {"step", std::to_string(step)}}});
      }
    }
    last = row;
    progress.line(describeRow(row));
    saveCheckpoint(step);
  };

  if (startStep == 0) {  // the row at step 0, before any update: train loss on the training split
    Evaluation t0 = evaluateSplit(graphs, data.train, std::min<int64_t>(data.trainSize, 10 * batch), batch, params);
    std::vector<double> m;
    for (const auto& [n, v] : t0.metrics) m.push_back(v);
    evalRow(0, t0.loss, m);
  }

  gInterrupted = 0;
  auto previous = std::signal(SIGINT, onInterrupt);
  int exitCode = 0;
  std::vector<int64_t> order;
  int64_t orderEpoch = -1;
  for (int64_t step = startStep + 1; step <= total; ++step) {
    // The minibatch: a fresh draw, or the next rows of this epoch's shuffle.
    int64_t epoch = (step - 1) / stepsPerEpoch, pos = (step - 1) % stepsPerEpoch;
    Arrays batchData;
    if (data.freshBatch) {
      batchData = data.freshBatch(batch, step);
    } else {
      if (epoch != orderEpoch) {
        order.resize(data.trainSize);
        std::iota(order.begin(), order.end(), 0);
        Rng rng(seed ^ splitmix64(static_cast<uint64_t>(epoch)), "shuffle");
        for (int64_t i = data.trainSize - 1; i > 0; --i) std::swap(order[i], order[rng.integer(i + 1)]);
        orderEpoch = epoch;
      }
      int64_t from = pos * batch, to = std::min(data.trainSize, from + batch);
      batchData = takeRows(data.train, std::vector<int64_t>(order.begin() + from, order.begin() + to));
    }
    if (data.augment) data.augment(batchData, step);
    int64_t size = batchData.begin()->second.shape()[0];
    const Graph& g = graphs.step(size);
    std::map<std::string, Tensor> feeds;
    for (Node* in : g.inputs()) {
      if (in->name[0] == '@') continue;
      const Tensor& t = batchData.at(in->name);
      feeds[in->name] = t.dtype() == in->results[0].dtype ? t : t.cast(in->results[0].dtype);
    }
    for (const auto& [n, t] : params) feeds[n] = t;
    for (const auto& [n, t] : state) feeds[n] = t;
    feeds["@lr"] = scalar(scheduledLr(recipe, step, total));
    feeds["@step"] = scalar(static_cast<double>(step));
    const Values& vals = graphs.runStep(size, feeds, EvalOptions{DType::f32, true, seed, static_cast<uint64_t>(step)});

    double loss = valueOf(vals, g.loss).get(0);
    if (!std::isfinite(loss)) {
      // A compiled step keeps only the values callers read: re-run this step on the reference
      // interpreter, which keeps every value, to name the first node that went non-finite.
      const Node* culprit = firstNonFinite(g, evaluate(g, feeds, EvalOptions{DType::f32, true, seed, static_cast<uint64_t>(step)}));
      std::string where = culprit ? "; the first non-finite value comes from node '" + culprit->name + "' (" + culprit->op->name + ")" : "";
      fail(culprit ? culprit->loc : spec.loc, "step " + std::to_string(step) + ": the loss is " + (std::isnan(loss) ? "NaN" : "infinite") +
                                                  where + "; try a lower learning rate or clip_grad_norm");
    }
    // Copies: a compiled executor's results live in buffers the next step overwrites. Into the
    // tensors the parameters and state already have (feeds released first: then nothing else
    // holds them), so no step allocates.
    feeds.clear();
    for (const auto& [node, v] : g.updates) (node->op->name == "param" ? params : state)[node->name].assign(valueOf(vals, v));
    lossSum += loss;
    for (size_t k = 0; k < g.metrics.size(); ++k) metricSums[k] += valueOf(vals, g.metrics[k].second).get(0);
    ++sinceEval;
    double elapsed = seconds(start);
    progress.step(step, total, loss, g.metrics.empty() ? "" : g.metrics[0].first,
                  g.metrics.empty() ? 0 : metricSums[0] / static_cast<double>(sinceEval),
                  static_cast<double>((step - startStep) * batch) / std::max(elapsed, 1e-9));

    if (step % evalEvery == 0 || step == total) {
      std::vector<double> means;
      for (double s : metricSums) means.push_back(s / static_cast<double>(sinceEval));
      evalRow(step, lossSum / static_cast<double>(sinceEval), means);
      lossSum = 0;
      std::fill(metricSums.begin(), metricSums.end(), 0);
      sinceEval = 0;
    }
    if (gInterrupted) {
      saveCheckpoint(step);
      progress.line("interrupted at step " + std::to_string(step) + ": checkpoint saved to " + outDir + "; continue with --resume");
      total = step;
      exitCode = 130;
      break;
    }
  }
  std::signal(SIGINT, previous);

  // Validating: the model is the best validation step's; the test split is evaluated once, now.
  Json testRow;
  if (validating && !bestParams.empty()) {
    Evaluation e = evaluateSplit(graphs, data.test, data.testSize, batch, bestParams);
    testRow = Json(Json::Object{{"step", *best.find("step")}, {"test_loss", Json(e.loss)}});
    for (const auto& [name, v] : e.metrics) testRow.set("test_" + name, Json(v));
    progress.line("test split, once, with the parameters of the best validation evaluation: " + describeRow(testRow));
  }
  saveTensors(graphs, data, batch, validating && !bestParams.empty() ? bestParams : params, outDir);

  Json::Object dataInfo;
  for (const auto& [k, v] : data.info) dataInfo.emplace_back(k, Json(v));
  Json summary(Json::Object{{"spec", Json(opts.spec)},
                            {"model", Json(spec.name)},
                            {"seed", Json(static_cast<int64_t>(seed))},
                            {"steps", Json(total)},
                            {"wall_seconds", Json(seconds(start))},
                            {"final", last},
                            {"best", best},
                            {"data", Json(dataInfo)}});
  if (validating) {
    summary.set("val_split", Json(opts.valSplit));
    summary.set("test", testRow);
  }
  writeFileAtomic(outDir + "/summary.json", summary.dump() + "\n");
  progress.line("done: " + outDir + "/summary.json");
  try {  // the pictures (curves.png, the model's figures); a failure here loses no results
    std::string pngs;
    for (const std::string& png : plotRun(outDir)) pngs += (pngs.empty() ? "" : ", ") + png.substr(outDir.size() + 1);
    progress.line("pictures: " + pngs);
  } catch (const std::exception& e) {
    std::cerr << "warning: the pictures could not be drawn: " << e.what() << "\n";
  }
  return exitCode;
}

}  // namespace sinter
