// test_train.cpp — the training driver end to end (reference interpreter): the material's
// results with fixed seeds, determinism, --resume, checkpoints, NaN reporting, data generators.
#include <catch2/catch.hpp>

#include <filesystem>

#include "test_util.h"
#include <cmath>
#include <fstream>
#include <sstream>

#include "compiler/autodiff/autodiff.h"
#include "runtime/checkpoint.h"
#include "runtime/data.h"
#include "runtime/interpreter.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/rng.h"
#include "runtime/trainer.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

static std::vector<Json> metricRows(const std::string& dir) {
  std::ifstream in(dir + "/metrics.jsonl");
  std::vector<Json> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(Json::parse(line));
  return rows;
}

// A metrics row without its wall-clock field, for exact comparisons.
static std::string withoutSeconds(Json row) {
  Json::Object kept;
  for (const auto& [k, v] : row.object())
    if (k != "seconds") kept.emplace_back(k, v);
  return Json(kept).dump();
}

static Json summary(const std::string& dir) { return Json::parse(readFile(dir + "/summary.json")); }

static TrainOptions quietRun(const std::string& spec, const std::string& out) {
  TrainOptions o;
  o.spec = kSrc + "/graphs/" + spec;
  o.outDir = out;
  o.quiet = true;
  return o;
}

TEST_CASE("count24 with the material's recipe reaches 97% and attends to the 2s and 4s", "[train][slow]") {
  TrainOptions o = quietRun("count24.yaml", "/tmp/sinter_test_count24");
  REQUIRE(train(o) == 0);
  Json s = summary(o.outDir);
  double acc = s.find("final")->find("test_accuracy")->number();
  INFO("final test accuracy " << acc);
  CHECK(acc >= 0.97);
  CHECK(s.find("steps")->number() == 5000);

  // Attention of the trained model on fresh test data: mean weight on 2s and on 4s.
  Graph g = buildGraph(readSpec(o.spec), {{"B", 2000}});
  SafeTensors ck = readSafeTensors(o.outDir + "/checkpoint.safetensors");
  Arrays data = generateCount24(2000, 10, 99, "attention-check");
  std::map<std::string, Tensor> feeds = data;
  for (auto& [n, t] : ck.tensors) feeds[n] = t;
  Values vals = evaluate(g, feeds);
  const Tensor& w = valueOf(vals, g.find("att")->result(1));  // [2000, 1, 10]
  double on2 = 0, on4 = 0;
  int64_t n2 = 0, n4 = 0;
  for (int64_t i = 0; i < 2000 * 10; ++i) {
    int64_t digit = data["x"].data<int64_t>()[i];
    if (digit == 2) on2 += w.get(i), ++n2;
    if (digit == 4) on4 += w.get(i), ++n4;
  }
  INFO("mean attention on a 2: " << on2 / n2 << ", on a 4: " << on4 / n4 << " (uniform 0.1)");
  CHECK(on2 / n2 >= 3 * 0.1);
  CHECK(on4 / n4 >= 3 * 0.1);
}

TEST_CASE("sparse_and: the attention model generalises from 50 samples, the MLP does not", "[train][slow]") {
  TrainOptions sat = quietRun("sparse_and_sat.yaml", "/tmp/sinter_test_sat"), mlp = quietRun("sparse_and_mlp.yaml", "/tmp/sinter_test_mlp");
  sat.seed = mlp.seed = 0;
  REQUIRE(train(sat) == 0);
  REQUIRE(train(mlp) == 0);
  Json a = summary(sat.outDir), b = summary(mlp.outDir);
  double satAcc = a.find("final")->find("test_accuracy")->number(), mlpAcc = b.find("final")->find("test_accuracy")->number();
  INFO("SAT " << satAcc << ", MLP " << mlpAcc);
  CHECK(satAcc >= 0.95);
  CHECK(mlpAcc <= satAcc - 0.1);
  CHECK(a.find("final")->find("train_accuracy")->number() == 1.0);
  // Same data and the same target function for both models.
  CHECK(a.find("data")->find("relevant_positions")->string() == b.find("data")->find("relevant_positions")->string());
}

TEST_CASE("training is deterministic: same spec and seed give bitwise-identical losses", "[train]") {
  TrainOptions o = quietRun("sparse_and_sat.yaml", "/tmp/sinter_test_det1");
  o.steps = 6;
  o.evalEvery = 2;
  REQUIRE(train(o) == 0);
  TrainOptions p = o;
  p.outDir = "/tmp/sinter_test_det2";
  REQUIRE(train(p) == 0);
  auto a = metricRows(o.outDir), b = metricRows(p.outDir);
  REQUIRE(a.size() == 4);  // steps 0, 2, 4, 6
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(withoutSeconds(a[i]) == withoutSeconds(b[i]));
  CHECK(readFile(o.outDir + "/checkpoint.safetensors") == readFile(p.outDir + "/checkpoint.safetensors"));
  // A different seed changes the run.
  TrainOptions q = o;
  q.outDir = "/tmp/sinter_test_det3";
  q.seed = 1;
  REQUIRE(train(q) == 0);
  CHECK(withoutSeconds(metricRows(q.outDir)[1]) != withoutSeconds(a[1]));
}

TEST_CASE("resume: a resumed run has the same losses as an uninterrupted one", "[train]") {
  TrainOptions whole = quietRun("count24.yaml", "/tmp/sinter_test_whole");
  whole.steps = 40;
  whole.evalEvery = 10;
  REQUIRE(train(whole) == 0);

  TrainOptions first = whole;
  first.outDir = "/tmp/sinter_test_resume";
  first.steps = 20;
  REQUIRE(train(first) == 0);
  TrainOptions rest = first;
  rest.steps = 40;
  rest.resume = true;
  REQUIRE(train(rest) == 0);

  auto a = metricRows(whole.outDir), b = metricRows(rest.outDir);
  REQUIRE(a.size() == 5);
  REQUIRE(b.size() == 5);
  for (size_t i = 0; i < a.size(); ++i) CHECK(withoutSeconds(a[i]) == withoutSeconds(b[i]));
  CHECK(readFile(whole.outDir + "/checkpoint.safetensors") == readFile(rest.outDir + "/checkpoint.safetensors"));
}

TEST_CASE("checkpoints: safetensors layout with the spec's parameter names", "[train][checkpoint]") {
  TrainOptions o = quietRun("count24.yaml", "/tmp/sinter_test_ckpt");
  o.steps = 2;
  REQUIRE(train(o) == 0);
  std::string bytes = readFile(o.outDir + "/checkpoint.safetensors");
  uint64_t n = 0;
  for (int k = 0; k < 8; ++k) n |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[k])) << (8 * k);
  Json header = Json::parse(bytes.substr(8, n));
  const Json* w = header.find("keys.weight");
  REQUIRE(w);
  CHECK(w->find("dtype")->string() == "F32");
  CHECK(w->find("shape")->dump() == "[5, 5]");
  CHECK(header.find("query"));
  CHECK(header.find("__metadata__")->find("step")->string() == "2");

  SafeTensors ck = readSafeTensors(o.outDir + "/checkpoint.safetensors");
  CHECK(ck.tensors.size() == 10);
  SafeTensors opt = readSafeTensors(o.outDir + "/optimizer.safetensors");
  CHECK(opt.tensors.count("keys.weight@exp_avg") == 1);
  CHECK(opt.tensors.count("keys.weight@exp_avg_sq") == 1);

  // Truncation is a clear error naming the file.
  writeFileAtomic("/tmp/sinter_test_bad.safetensors", bytes.substr(0, bytes.size() - 7));
  try {
    readSafeTensors("/tmp/sinter_test_bad.safetensors");
    FAIL("expected an error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("/tmp/sinter_test_bad.safetensors: error: not a valid safetensors file") == 0);
  }
}

TEST_CASE("a NaN loss stops training naming the step and the first node that produced it", "[train]") {
  const char* spec = R"(model: nan
inputs:
  x: f32[B, 3]
  y: f32[B, 1]
nodes:
  h: linear(x, out=1)
  bad: log(h)
  prob: sigmoid(bad)
loss: bce(prob, y)
train:
  data: npz(train="nan_data.npz")
  batch: 4
  optimizer: sgd(lr=0.1)
  steps: 3
)";
  writeFileAtomic("/tmp/nan_spec.yaml", spec);
  Tensor x(DType::f32, {4, 3}), y(DType::f32, {4, 1});
  for (int i = 0; i < 12; ++i) x.set(i, i % 2 ? 1.0 : -1.0);
  writeNpz("/tmp/nan_data.npz", {{"x", x}, {"y", y}});
  TrainOptions o;
  o.spec = "/tmp/nan_spec.yaml";
  o.outDir = "/tmp/sinter_test_nan";
  o.quiet = true;
  try {
    train(o);
    FAIL("expected the run to stop");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) ==
          "/tmp/nan_spec.yaml:7:8: error: step 1: the loss is NaN; the first non-finite value comes from node 'bad' (log); "
          "try a lower learning rate or clip_grad_norm");
  }
}

TEST_CASE("data: attention_clusters reproduces the material's NumPy data exactly", "[data]") {
  Arrays d = generateAttentionClusters(64, 8, 16, 8, 42);
  // Values printed by numpy for the material's make_data(seed=42).
  CHECK(d["keys"].get(0) == 0.2618627174432011);
  CHECK(d["values"].get(0) == -0.2458641089877993);
  CHECK(d["queries"].get(63 * 8 + 7) == -0.4949542218458416);
  CHECK(d["values"].get(63 * 16 + 15) == 1.6637921862891742);
}

TEST_CASE("data: count24 and sparse_and follow the material's rules", "[data]") {
  Arrays c = generateCount24(1000, 10, 5, "t");
  int positives = 0;
  for (int i = 0; i < 1000; ++i) {
    int twos = 0, fours = 0;
    for (int j = 0; j < 10; ++j) {
      int64_t d = c["x"].data<int64_t>()[i * 10 + j];
      REQUIRE(d >= 0);
      REQUIRE(d <= 9);
      twos += d == 2, fours += d == 4;
    }
    CHECK(c["y"].get(i) == (twos > fours ? 1.0 : 0.0));
    positives += twos > fours;
  }
  CHECK(positives > 280);  // ~35% positive (MODELS.md)
  CHECK(positives < 420);

  SparseAnd s = generateSparseAnd(30, 3, 50, 500, 7);
  REQUIRE(s.relevant.size() == 3);
  CHECK(std::is_sorted(s.relevant.begin(), s.relevant.end()));
  for (const Arrays* split : {&s.train, &s.test}) {
    const Tensor &x = split->at("bits"), &y = split->at("y");
    int64_t m = x.shape()[0], ones = 0, pos = 0;
    for (int64_t i = 0; i < m; ++i) {
      bool all = true;
      for (int64_t r : s.relevant) all = all && x.data<int64_t>()[i * 30 + r] == 1;
      CHECK(y.get(i) == (all ? 1.0 : 0.0));
      pos += all;
      for (int j = 0; j < 30; ++j) ones += x.data<int64_t>()[i * 30 + j];
    }
    double balance = static_cast<double>(pos) / static_cast<double>(m);
    CHECK(balance >= 0.4);
    CHECK(balance <= 0.6);
    CHECK(static_cast<double>(ones) / static_cast<double>(m * 30) == Approx(std::pow(0.5, 1.0 / 3)).margin(0.03));
  }
  // Train and test come from separate streams.
  CHECK(std::memcmp(s.train.at("bits").raw(), s.test.at("bits").raw(), s.train.at("bits").bytes()) != 0);
}

TEST_CASE("the training step is one static graph: forward, backward and the optimiser update", "[train]") {
  Graph g = buildTrainingStep(readSpec(kSrc + "/graphs/count24.yaml"), {{"B", 8}});
  CHECK(g.grads.size() == 10);
  CHECK(g.updates.size() == 30);  // each parameter and its two Adam moments
  std::string text = printGraph(g);
  CHECK(text.find("= attention_grad(%query, %keys, %values, %d.pooled)") != std::string::npos);
  CHECK(text.find("adam_update(%query, ") != std::string::npos);
  CHECK(text.find("update %keys.weight <- %update.keys.weight") != std::string::npos);
}

TEST_CASE("learning-rate schedules: constant, step, cosine, linear warm-up", "[train][schedule]") {
  auto recipe = [](const std::string& extra) {
    std::string yaml = "model: s\ninputs:\n  x: f32[B, 1]\nnodes:\n  y: sigmoid(x)\nloss: mean(y)\ntrain:\n  data: npz(train=\"d.npz\")\n"
                       "  batch: 1\n  optimizer: adam(lr=0.1)\n  steps: 100\n" + extra;
    return *readSpecString(yaml, "s.yaml").train;
  };
  TrainSpec constant = recipe("");
  CHECK(scheduledLr(constant, 1, 100) == 0.1);
  CHECK(scheduledLr(constant, 100, 100) == 0.1);
  TrainSpec step = recipe("  schedule: step(every=10, gamma=0.5)\n");
  CHECK(scheduledLr(step, 10, 100) == Approx(0.1));
  CHECK(scheduledLr(step, 11, 100) == Approx(0.05));
  CHECK(scheduledLr(step, 35, 100) == Approx(0.0125));
  TrainSpec cosine = recipe("  schedule: cosine(min_lr=0.01)\n");
  CHECK(scheduledLr(cosine, 1, 100) == Approx(0.1));
  CHECK(scheduledLr(cosine, 51, 100) == Approx(0.055));
  CHECK(scheduledLr(cosine, 100, 100) == Approx(0.01 + 0.09 * 0.5 * (1 + std::cos(M_PI * 99 / 100))));
  TrainSpec warm = recipe("  warmup: 4\n");
  CHECK(scheduledLr(warm, 1, 100) == Approx(0.025));
  CHECK(scheduledLr(warm, 4, 100) == Approx(0.1));
  CHECK(scheduledLr(warm, 5, 100) == Approx(0.1));
}

TEST_CASE("gradient clipping by global norm scales every gradient by min(1, max / norm)", "[train]") {
  const char* yaml = R"(model: clip
inputs:
  g: f64[2, 2]
  h: f64[3]
params:
  p: f64[2, 2] ~ zeros()
  q: f64[3] ~ zeros()
nodes:
  a: mul(p, g)
  b: mul(q, h)
  sa: sum(a)
  sb: sum(b)
  total: add(sa, sb)
loss: total
train:
  data: npz(train="unused.npz")
  batch: 1
  optimizer: sgd(lr=1.0)
  clip_grad_norm: 2.0
  steps: 1
)";
  Graph g = buildTrainingStep(readSpecString(yaml, "clip.yaml"));
  std::vector<double> gv = {3, 0, 0, 4}, hv = {0, 12, 0};  // global norm 13
  Tensor gt(DType::f64, {2, 2}), ht(DType::f64, {3}), lr(DType::f32, {}), step(DType::f32, {});
  for (int i = 0; i < 4; ++i) gt.set(i, gv[i]);
  for (int i = 0; i < 3; ++i) ht.set(i, hv[i]);
  lr.set(0, 1.0), step.set(0, 1.0);
  std::map<std::string, Tensor> feeds = {{"g", gt}, {"h", ht}, {"p", Tensor(DType::f64, {2, 2})}, {"q", Tensor(DType::f64, {3})},
                                         {"@lr", lr}, {"@step", step}};
  for (const auto& n : g.nodes())
    if (n->op->name == "state") feeds[n->name] = Tensor::like(n->results[0]);
  Values vals = evaluate(g, feeds, {DType::f64});
  double factor = 2.0 / (13.0 + 1e-6);
  for (const auto& [node, v] : g.updates) {
    if (node->name == "p")
      for (int i = 0; i < 4; ++i) CHECK(valueOf(vals, v).get(i) == Approx(-gv[i] * factor).epsilon(1e-12));
    if (node->name == "q")
      for (int i = 0; i < 3; ++i) CHECK(valueOf(vals, v).get(i) == Approx(-hv[i] * factor).epsilon(1e-12));
  }
}

TEST_CASE("data sources: CSV and .npz files train a logistic regression", "[train][data]") {
  // y = 1 when x0 + x1 > 0; columns named like the inputs (x.0, x.1, y).
  std::string csv = "x.0,x.1,y\n";
  Rng rng(1);
  for (int i = 0; i < 64; ++i) {
    double a = rng.normal(), b = rng.normal();
    csv += std::to_string(a) + "," + std::to_string(b) + "," + (a + b > 0 ? "1" : "0") + "\n";
  }
  writeFileAtomic("/tmp/sinter_logreg.csv", csv);
  const char* yaml = R"(model: logreg
inputs:
  x: f32[B, 2]
  y: f32[B, 1]
nodes:
  z: linear(x, out=1)
  p: sigmoid(z)
loss: bce(p, y)
metrics:
  accuracy: binary_accuracy(p, y)
train:
  data: csv(train="sinter_logreg.csv")
  batch: 16
  optimizer: sgd(lr=0.5, momentum=0.9, nesterov=true)
  epochs: 30
)";
  writeFileAtomic("/tmp/sinter_logreg.yaml", yaml);
  TrainOptions o;
  o.spec = "/tmp/sinter_logreg.yaml";
  o.outDir = "/tmp/sinter_test_logreg";
  o.quiet = true;
  REQUIRE(train(o) == 0);
  Json s = summary(o.outDir);
  CHECK(s.find("final")->find("test_accuracy")->number() >= 0.95);
  CHECK(s.find("final")->find("test_loss")->number() < metricRows(o.outDir)[0].find("test_loss")->number());
  // A missing column is named.
  writeFileAtomic("/tmp/sinter_logreg.csv", "x.0,y\n1,0\n");
  try {
    train(o);
    FAIL("expected an error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) == "/tmp/sinter_logreg.csv:1:1: error: no column 'x.1' for input 'x'");
  }
}

TEST_CASE("Ctrl-C saves a checkpoint and stops cleanly with exit status 130", "[train]") {
  // SIGINT once the trainer has reported a few steps (a fixed delay raced the compile on a
  // loaded machine), then its exit status.
  std::string out = "/tmp/sinter_test_sigint", log = out + ".log";
  std::string cmd = "rm -rf " + out + " " + log + "; " + std::string(SINTER_BINARY) + " train " + kSrc + "/graphs/sparse_and_sat.yaml --epochs 100000 --out " +
                    out + " > " + log + " 2>&1 & pid=$!; for i in $(seq 600); do grep -q '^epoch 3 ' " + log +
                    " && break; sleep 0.1; done; kill -INT $pid; wait $pid; status=$?; cat " + log + "; echo \"exit=$status\"";
  std::string text = shell(cmd).second;
  INFO(text);
  CHECK(text.find("exit=130") != std::string::npos);
  CHECK(text.find("checkpoint saved to " + out + "; continue with --resume") != std::string::npos);
  SafeTensors ck = readSafeTensors(out + "/optimizer.safetensors");
  int64_t step = std::stoll(ck.metadata.at("step"));
  CHECK(step > 0);
  CHECK(step < 100000);  // far more than the seconds it trained
  Json s = summary(out);
  CHECK(s.find("steps")->number() == static_cast<double>(step));
}

TEST_CASE("data sources: a directory of .npy files", "[train][data]") {
  makeDirs("/tmp/sinter_npydir");
  Tensor x(DType::f32, {8, 2}), y(DType::f32, {8, 1});
  for (int i = 0; i < 8; ++i) x.set(2 * i, i % 2 ? 1 : -1), y.set(i, i % 2);
  writeNpy("/tmp/sinter_npydir/x.npy", x);
  writeNpy("/tmp/sinter_npydir/y.npy", y);
  const char* yaml = R"(model: npydir
inputs:
  x: f32[B, 2]
  y: f32[B, 1]
nodes:
  p: linear(x, out=1, activation=sigmoid)
loss: bce(p, y)
metrics:
  accuracy: binary_accuracy(p, y)
train:
  data: npy(train="sinter_npydir")
  batch: 4
  optimizer: adamw(lr=0.1)
  epochs: 40
)";
  writeFileAtomic("/tmp/sinter_npydir.yaml", yaml);
  TrainOptions o;
  o.spec = "/tmp/sinter_npydir.yaml";
  o.outDir = "/tmp/sinter_test_npydir";
  o.quiet = true;
  REQUIRE(train(o) == 0);
  CHECK(summary(o.outDir).find("final")->find("test_accuracy")->number() == 1.0);
}

TEST_CASE("predict: a trained IMDB model classifies new text with the run's vocabulary", "[train][predict]") {
  // A tiny bag-of-embeddings classifier trained on the IMDB fixture (tests/fixtures/data/imdb).
  std::string yaml = R"(model: tiny_imdb
inputs:
  tokens: i64[B, 12]
  y: f32[B, 1]
nodes:
  emb: embedding(tokens, num=30, dim=4, padding_idx=0)
  pooled: mean(emb, axes=[1])
  prob: linear(pooled, out=1, activation=sigmoid)
outputs: [prob]
loss: bce(prob, y)
train:
  data: imdb(dir=")" + kSrc + R"(/tests/fixtures/data/imdb", num_words=30, max_len=12)
  batch: 4
  optimizer: adam(lr=0.05)
  steps: 30
)";
  writeFileAtomic("/tmp/sinter_tiny_imdb.yaml", yaml);
  TrainOptions o;
  o.spec = "/tmp/sinter_tiny_imdb.yaml";
  o.outDir = "/tmp/sinter_test_predict";
  o.quiet = true;
  REQUIRE(train(o) == 0);
  CHECK(readFile(o.outDir + "/vocab.txt").rfind("<pad>\n<start>\n<oov>\n", 0) == 0);
  auto [status, out] = shell(std::string(SINTER_BINARY) + " predict " + o.outDir + " --text 'a great film' --text 'dull and bad'");
  INFO(out);
  REQUIRE(status == 0);
  std::stringstream lines(out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(first.find("  a great film") != std::string::npos);
  CHECK(second.find("  dull and bad") != std::string::npos);
  double p1 = std::stod(first), p2 = std::stod(second);
  CHECK(p1 >= 0);
  CHECK(p1 <= 1);
  CHECK(p2 >= 0);
  CHECK(p2 <= 1);
  CHECK(p1 > p2);  // the fixture pairs "great" with positive reviews and "bad" with negative ones
  // Not a text model: a clear error.
  TrainOptions c = quietRun("count24.yaml", "/tmp/sinter_test_predict_c24");
  c.steps = 1;
  REQUIRE(train(c) == 0);
  auto [st2, msg] = shell(std::string(SINTER_BINARY) + " predict /tmp/sinter_test_predict_c24 --text hi 2>&1");
  CHECK(st2 == 2);
  CHECK(msg.find("sinter predict classifies text: the spec must train on the imdb data source, not count24") != std::string::npos);
}

TEST_CASE("train with a validation split: evaluations use a held-out validation split, the test split is evaluated once, with the best parameters", "[train]") {
  TrainOptions o = quietRun("sparse_and_mlp.yaml", "/tmp/sinter_test_val");
  std::filesystem::remove_all(o.outDir);
  o.steps = 40;
  o.evalEvery = 10;
  o.valSplit = 0.2;
  REQUIRE(train(o) == 0);
  auto rows = metricRows(o.outDir);
  REQUIRE(rows.size() == 5);
  for (const Json& r : rows) {  // model selection never looks at the test split
    CHECK(r.find("val_accuracy"));
    CHECK(r.find("val_loss"));
    CHECK_FALSE(r.find("test_accuracy"));
    CHECK_FALSE(r.find("test_loss"));
  }
  Json s = summary(o.outDir);
  const Json* best = s.find("best");
  const Json* test = s.find("test");
  REQUIRE(test);
  CHECK(s.find("val_split")->number() == 0.2);
  CHECK(test->find("step")->number() == best->find("step")->number());
  for (const Json& r : rows) CHECK(r.find("val_accuracy")->number() <= best->find("val_accuracy")->number());
  // The test row is the test split under best.safetensors: sinter eval of those parameters agrees.
  std::filesystem::copy_file(o.outDir + "/best.safetensors", o.outDir + "/checkpoint.safetensors", std::filesystem::copy_options::overwrite_existing);
  TrainOptions e = o;
  e.valSplit = 0;
  Json row = evaluateRun(e);
  CHECK(row.find("test_accuracy")->number() == Approx(test->find("test_accuracy")->number()).epsilon(1e-6));
  CHECK(row.find("test_loss")->number() == Approx(test->find("test_loss")->number()).epsilon(1e-6));
  // The same seed holds out the same rows: a second run is identical.
  TrainOptions again = o;
  again.outDir = "/tmp/sinter_test_val2";
  std::filesystem::remove_all(again.outDir);
  REQUIRE(train(again) == 0);
  CHECK(withoutSeconds(metricRows(again.outDir).back()) == withoutSeconds(rows.back()));
  // Generators with fresh batches have no training set to split.
  TrainOptions fresh = quietRun("count24.yaml", "/tmp/sinter_test_val3");
  fresh.steps = 2;
  fresh.valSplit = 0.1;
  CHECK_THROWS_WITH(train(fresh), Catch::Contains("fresh training batch") && Catch::Contains("count24.yaml"));
}

TEST_CASE("Tensor::assign copies into memory the tensor alone owns, and nowhere else", "[train]") {
  Tensor src(DType::f32, {2, 3}), other(DType::f32, {2, 3});
  for (int64_t k = 0; k < 6; ++k) src.set(k, 1.5 * static_cast<double>(k)), other.set(k, -1.0);
  // Sole owner, same type: the same memory, now src's values.
  Tensor owned(DType::f32, {2, 3});
  const void* before = owned.raw();
  owned.assign(src);
  CHECK(owned.raw() == before);
  CHECK(std::memcmp(owned.raw(), src.raw(), src.bytes()) == 0);
  // Shared: the other holder keeps its values; this one gets new memory.
  Tensor shared = other, holder = other;
  shared.assign(src);
  CHECK(shared.raw() != holder.raw());
  CHECK(std::memcmp(shared.raw(), src.raw(), src.bytes()) == 0);
  for (int64_t k = 0; k < 6; ++k) CHECK(holder.get(k) == -1.0);
  // A view of someone else's memory is never written through.
  std::vector<float> foreign(6, 7.0f);
  Tensor view = Tensor::view(DType::f32, {2, 3}, foreign.data());
  view.assign(src);
  CHECK(view.raw() != static_cast<void*>(foreign.data()));
  for (float f : foreign) CHECK(f == 7.0f);
  CHECK(view.get(5) == 7.5);
  // Another shape or dtype: a fresh copy.
  Tensor wrong(DType::f32, {3, 2});
  const void* wrongBefore = wrong.raw();
  wrong.assign(src);
  CHECK(wrong.shape() == Shape{2, 3});
  CHECK(wrong.raw() != wrongBefore);
  Tensor empty;
  empty.assign(src);
  CHECK(std::memcmp(empty.raw(), src.raw(), src.bytes()) == 0);
}
