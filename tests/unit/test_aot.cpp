// test_aot.cpp — `sinter compile`: standalone trainers that link the runtime but not LLVM, and
// train, evaluate and predict exactly like `sinter train|eval|predict` (--backend llvm: the same
// kernels, compiled ahead of time instead of JIT).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "compiler/loops/loop_ir.h"
#include "compiler/passes/passes.h"
#include "compiler/spec/spec.h"
#include "runtime/aot.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;
static const std::string kSinter = SINTER_BINARY;

static std::vector<Json> metricRows(const std::string& dir) {
  std::ifstream in(dir + "/metrics.jsonl");
  std::vector<Json> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(Json::parse(line));
  return rows;
}

static Json summaryOf(const std::string& dir) { return Json::parse(readFile(dir + "/summary.json")); }

static double relDiff(double a, double b) { return std::abs(a - b) / std::max(1e-12, std::max(std::abs(a), std::abs(b))); }

// Every number of two runs' metrics rows but the wall clock agrees within 1e-5 relative.
static void checkSameMetrics(const std::string& got, const std::string& want) {
  std::vector<Json> a = metricRows(got), b = metricRows(want);
  REQUIRE(a.size() == b.size());
  REQUIRE(!a.empty());
  for (size_t r = 0; r < a.size(); ++r)
    for (const auto& [k, v] : b[r].object()) {
      if (k == "seconds") continue;
      INFO("row " << r << " " << k);
      REQUIRE(a[r].find(k));
      CHECK(relDiff(a[r].find(k)->number(), v.number()) <= 1e-5);
    }
}

// The directory this test process compiles into (ctest runs test cases as parallel processes),
// removed when the process exits.
static const std::string& aotDir() {
  static const std::string dir = "/tmp/sinter_aot_" + std::to_string(::getpid());
  static const struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup;
  return dir;
}

// Compiles graphs/count24.yaml once per test process into aotDir()/count24.
static const std::string& count24Trainer() {
  static const std::string exe = [] {
    std::filesystem::remove_all(aotDir());
    auto [status, out] = shell("cd " + kSrc + " && " + kSinter + " compile graphs/count24.yaml -o " + aotDir() + " 2>&1");
    INFO(out);
    REQUIRE(status == 0);
    CHECK(out.find("compiled in ") != std::string::npos);
    return aotDir() + "/count24";
  }();
  return exe;
}

TEST_CASE("aot: sinter compile writes a trainer that links the runtime but not LLVM", "[aot]") {
  const std::string& exe = count24Trainer();
  REQUIRE(std::filesystem::is_regular_file(exe));
  CHECK((std::filesystem::status(exe).permissions() & std::filesystem::perms::owner_exec) != std::filesystem::perms::none);
  auto [lddStatus, libs] = shell("ldd " + exe);
  REQUIRE(lddStatus == 0);
  CHECK(libs.find("libLLVM") == std::string::npos);
  CHECK(libs.find("libyaml-cpp") != std::string::npos);
  auto [nmStatus, symbols] = shell("nm -C " + exe);
  REQUIRE(nmStatus == 0);
  CHECK(symbols.find("sinter_aot_registry") != std::string::npos);
  CHECK(symbols.find("sinter_aot_p0_k") != std::string::npos);  // the kernels
  CHECK(symbols.find("llvm::") == std::string::npos);
  // It knows what it was compiled for; no temporary files are left next to it.
  auto [infoStatus, info] = shell(exe + " info");
  CHECK(infoStatus == 0);
  CHECK(info.find("graph step B=500") != std::string::npos);
  CHECK(info.find("graph forward B=500") != std::string::npos);
  for (const auto& entry : std::filesystem::directory_iterator(aotDir())) CHECK(entry.path().filename().string()[0] != '.');
}

TEST_CASE("aot: the count24 trainer's 20 steps give sinter train --backend llvm's metrics", "[aot]") {
  const std::string& exe = count24Trainer();
  std::filesystem::remove_all("/tmp/sinter_aot_run");
  std::filesystem::remove_all("/tmp/sinter_aot_jit");
  auto [s1, o1] = shell(exe + " train --steps 20 --seed 1 --quiet --out /tmp/sinter_aot_run 2>&1");
  INFO(o1);
  REQUIRE(s1 == 0);
  auto [s2, o2] = shell("cd " + kSrc + " && " + kSinter + " train graphs/count24.yaml --backend llvm --steps 20 --seed 1 --quiet --out /tmp/sinter_aot_jit 2>&1");
  INFO(o2);
  REQUIRE(s2 == 0);
  checkSameMetrics("/tmp/sinter_aot_run", "/tmp/sinter_aot_jit");
  // The same outputs as sinter train: summary (naming the spec as compiled), checkpoints, tensors.
  for (const char* f : {"summary.json", "checkpoint.safetensors", "optimizer.safetensors", "tensors/prob.npy", "curves.png"})
    CHECK(std::filesystem::exists(std::string("/tmp/sinter_aot_run/") + f));
  CHECK(summaryOf("/tmp/sinter_aot_run").find("spec")->string() == "graphs/count24.yaml");
  CHECK(summaryOf("/tmp/sinter_aot_run").find("steps")->number() == 20);
  // --resume continues from the checkpoint.
  auto [s3, o3] = shell(exe + " train --steps 30 --seed 1 --quiet --resume --out /tmp/sinter_aot_run 2>&1");
  INFO(o3);
  CHECK(s3 == 0);
  CHECK(metricRows("/tmp/sinter_aot_run").back().find("step")->number() == 30);
}

TEST_CASE("aot: eval on a finished run prints summary.json's final test metrics", "[aot]") {
  const std::string& exe = count24Trainer();
  std::filesystem::remove_all("/tmp/sinter_aot_eval");
  REQUIRE(shell(exe + " train --steps 10 --quiet --out /tmp/sinter_aot_eval").first == 0);
  auto [status, out] = shell(exe + " eval /tmp/sinter_aot_eval");
  INFO(out);
  REQUIRE(status == 0);
  Json final = *summaryOf("/tmp/sinter_aot_eval").find("final");
  Json row = Json::parse(readFile("/tmp/sinter_aot_eval/eval.json"));
  CHECK(row.find("step")->number() == 10);
  for (const char* k : {"test_loss", "test_accuracy"}) {
    INFO(k);
    CHECK(row.find(k)->number() == final.find(k)->number());
    char printed[64];
    std::snprintf(printed, sizeof printed, "%s %.6f", k, final.find(k)->number());
    CHECK(out.find(printed) != std::string::npos);
  }
  // sinter eval, and the --run spelling, agree.
  auto [s2, out2] = shell(kSinter + " eval --run /tmp/sinter_aot_eval --backend llvm");
  CHECK(s2 == 0);
  CHECK(out2 == out);
}

TEST_CASE("aot: a trainer runs only the graphs it was compiled for", "[aot]") {
  const std::string& exe = count24Trainer();
  auto [status, out] = shell(exe + " train --steps 2 --bind B=100 --quiet --out /tmp/sinter_aot_b100 2>&1");
  CHECK(status == 2);
  CHECK(out.find("this trainer has no compiled kernels for graph 'count24'") != std::string::npos);
  CHECK(out.find("for: step B=500, eval B=500, forward B=500.") != std::string::npos);
  auto [s2, o2] = shell(exe + " train --stepz 2 2>&1");
  CHECK(s2 == 2);
  CHECK(o2.find("count24: error: unknown option --stepz (did you mean 'steps'?)") != std::string::npos);
}

TEST_CASE("aot: a bad spec is a FILE:LINE:COL error and writes nothing, a failed link keeps the old trainer", "[aot]") {
  std::filesystem::remove_all("/tmp/sinter_aot_bad");
  std::string yaml = readFile(kSrc + "/graphs/count24.yaml");
  yaml.replace(yaml.find("linear(emb, out=5)"), 18, "linaer(emb, out=5)");
  writeFileAtomic("/tmp/sinter_aot_bad.yaml", yaml);
  auto [status, out] = shell(kSinter + " compile /tmp/sinter_aot_bad.yaml -o /tmp/sinter_aot_bad 2>&1");
  CHECK(status == 2);
  CHECK(out.find("/tmp/sinter_aot_bad.yaml:17:") != std::string::npos);
  CHECK(out.find(": error: ") != std::string::npos);
  CHECK(!std::filesystem::exists("/tmp/sinter_aot_bad/count24"));

  // A link that fails (CXX=false) leaves DIR/NAME as it was and no temporary files.
  std::filesystem::create_directories("/tmp/sinter_aot_bad");
  writeFileAtomic("/tmp/sinter_aot_bad/count24", "old");
  auto [s2, o2] = shell("CXX=false " + kSinter + " compile " + kSrc + "/graphs/count24.yaml -o /tmp/sinter_aot_bad 2>&1");
  CHECK(s2 == 1);
  CHECK(o2.find("linking /tmp/sinter_aot_bad/count24 failed") != std::string::npos);
  CHECK(readFile("/tmp/sinter_aot_bad/count24") == "old");
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp/sinter_aot_bad")) entries += entry.is_regular_file() || entry.is_directory();
  CHECK(entries == 1);
  // Usage errors.
  auto [s3, o3] = shell(kSinter + " compile " + kSrc + "/graphs/count24.yaml 2>&1");
  CHECK(s3 == 2);
  CHECK(o3.find("missing -o DIR") != std::string::npos);
}

TEST_CASE("aot: trainerGraphs lists the step and forward graphs at every batch size a run uses", "[aot]") {
  // sparse_and_mlp: 50 training samples in batches of 50, 500 test samples; with B=40 the
  // epochs end in batches of 10 and the test split in one of 20.
  TrainOptions o;
  o.spec = kSrc + "/graphs/sparse_and_mlp.yaml";
  o.bindings = {{"B", 40}};
  std::vector<std::string> labels;
  for (const TrainerGraph& g : trainerGraphs(o)) labels.push_back(g.variant.label());
  // Evaluation graphs (loss and metrics) at every split's batch sizes, the forward graph with the
  // outputs once, for the saved tensors (the first 40 test samples).
  CHECK(labels == std::vector<std::string>{"step B=10", "step B=40", "eval B=10", "eval B=20", "eval B=40", "forward B=40"});
  // Fingerprints are stable and tell graphs apart.
  std::vector<TrainerGraph> a = trainerGraphs(o), b = trainerGraphs(o);
  loops::Program pa = loops::lower(a[0].graph), pb = loops::lower(b[0].graph), pc = loops::lower(a[1].graph);
  CHECK(graphFingerprint(a[0].graph, pa) == graphFingerprint(b[0].graph, pb));
  CHECK(graphFingerprint(a[0].graph, pa) != graphFingerprint(a[1].graph, pc));
  CHECK(graphFingerprint(a[0].graph, pa).size() == 16);
}

TEST_CASE("aot: an IMDB trainer with a smaller last batch trains and predicts like sinter", "[aot][predict]") {
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
  batch: 7
  optimizer: adam(lr=0.05)
  steps: 30
)";
  writeFileAtomic("/tmp/sinter_aot_imdb.yaml", yaml);
  std::filesystem::remove_all("/tmp/sinter_aot_imdb");
  auto [s0, o0] = shell(kSinter + " compile /tmp/sinter_aot_imdb.yaml -o /tmp/sinter_aot_imdb --name imdb_trainer 2>&1");
  INFO(o0);
  REQUIRE(s0 == 0);
  CHECK(o0.find("forward B=1") != std::string::npos);  // predict
  const std::string exe = "/tmp/sinter_aot_imdb/imdb_trainer";
  auto [s1, o1] = shell(exe + " train --quiet --eval-every 10 --out /tmp/sinter_aot_imdb/run 2>&1");
  INFO(o1);
  REQUIRE(s1 == 0);
  auto [s2, o2] = shell(kSinter + " train /tmp/sinter_aot_imdb.yaml --backend llvm --quiet --eval-every 10 --out /tmp/sinter_aot_imdb/jit 2>&1");
  INFO(o2);
  REQUIRE(s2 == 0);
  checkSameMetrics("/tmp/sinter_aot_imdb/run", "/tmp/sinter_aot_imdb/jit");
  CHECK(readFile("/tmp/sinter_aot_imdb/run/vocab.txt") == readFile("/tmp/sinter_aot_imdb/jit/vocab.txt"));
  const std::string texts = " --text 'a great film' --text 'dull and bad'";
  auto [s3, aot] = shell(exe + " predict /tmp/sinter_aot_imdb/run" + texts);
  auto [s4, jit] = shell(kSinter + " predict /tmp/sinter_aot_imdb/run --backend llvm" + texts);
  CHECK(s3 == 0);
  CHECK(s4 == 0);
  CHECK(aot == jit);
  CHECK(aot.find("  a great film\n") != std::string::npos);
}

TEST_CASE("aot: the count24 trainer reaches sinter train's >= 97% test accuracy with the recipe", "[aot][slow]") {
  const std::string& exe = count24Trainer();
  std::filesystem::remove_all("/tmp/sinter_aot_full");
  std::filesystem::remove_all("/tmp/sinter_aot_full_jit");
  REQUIRE(shell(exe + " train --quiet --out /tmp/sinter_aot_full").first == 0);
  REQUIRE(shell("cd " + kSrc + " && " + kSinter + " train graphs/count24.yaml --backend llvm --quiet --out /tmp/sinter_aot_full_jit").first == 0);
  double aot = summaryOf("/tmp/sinter_aot_full").find("final")->find("test_accuracy")->number();
  double jit = summaryOf("/tmp/sinter_aot_full_jit").find("final")->find("test_accuracy")->number();
  CHECK(summaryOf("/tmp/sinter_aot_full").find("steps")->number() == 5000);
  CHECK(aot >= 0.97);
  CHECK(std::abs(aot - jit) <= 0.002);  // at most 4 of the 2000 test samples
  checkSameMetrics("/tmp/sinter_aot_full", "/tmp/sinter_aot_full_jit");
}

// `sinter bench` and the trainer's `bench`: one JSON line with the step and forward times, the
// compile time, the thread count and the step's memory (speed itself lives in bench/, not here).
TEST_CASE("bench: sinter bench and a trainer's bench print one JSON line of timings", "[aot][bench]") {
  auto check = [](const std::string& cmd, const std::string& backend, int threads = 1) {
    auto [status, out] = shell(cmd + " 2>&1");
    INFO(cmd << "\n" << out);
    REQUIRE(status == 0);
    REQUIRE(std::count(out.begin(), out.end(), '\n') == 1);
    Json row = Json::parse(out);
    CHECK(row.find("model")->string() == "count24");
    CHECK(row.find("backend")->string() == backend);
    CHECK(row.find("batch")->number() == 500);
    CHECK(row.find("threads")->number() == threads);
    for (const char* k : {"compile_ms", "train_step_ms", "infer_ms", "peak_bytes", "peak_rss_bytes"}) {
      INFO(k);
      CHECK(row.find(k)->number() > 0);
    }
    // The step's memory: parameters, optimiser state, a batch of inputs, at least.
    CHECK(row.find("peak_bytes")->number() >= 4.0 * 500 * 10);
    return row;
  };
  Json jit = check("cd " + kSrc + " && " + kSinter + " bench graphs/count24.yaml --steps 3 --warmup 1 --threads 1", "llvm");
  CHECK(jit.find("arena_bytes")->number() > 0);
  check("cd " + kSrc + " && " + kSinter + " bench graphs/count24.yaml --steps 3 --warmup 0 --backend interp --threads 1", "interp");
  Json aot = check(count24Trainer() + " bench --steps 3 --warmup 1 --threads 1", "aot");
  // The default: OMP_NUM_THREADS, else every core.
  check("cd " + kSrc + " && OMP_NUM_THREADS=3 " + kSinter + " bench graphs/count24.yaml --steps 3 --warmup 1", "llvm", 3);
  CHECK(aot.find("arena_bytes")->number() == jit.find("arena_bytes")->number());
  // Bad options are usage errors.
  auto [status, out] = shell("cd " + kSrc + " && " + kSinter + " bench graphs/count24.yaml --threads 0 2>&1");
  CHECK(status == 2);
  CHECK(out.find("--threads") != std::string::npos);

  // --profile: the JSON line on stdout, then every step of the training step on stderr (one
  // thread after another: with lanes — which Auto's trial may choose on a quiet machine — the
  // lanes' timeline follows, checked below).
  auto [pstatus, profile] = shell("cd " + kSrc + " && SINTER_LANES=off " + kSinter + " bench graphs/count24.yaml --steps 3 --warmup 1 --profile 2>&1 >/dev/null");
  INFO(profile);
  CHECK(pstatus == 0);
  CHECK(profile.find("attention %att (fused)") != std::string::npos);
  CHECK(profile.find("attention_grad %d.att (fused)") != std::string::npos);
  CHECK(profile.find("adam_update %update.query (fused)") != std::string::npos);
  CHECK(profile.find("(outside the steps") != std::string::npos);
  CHECK(profile.find("100.0%  total per run") != std::string::npos);
  Graph g = compileGraph(readSpec(kSrc + "/graphs/count24.yaml"), {{"B", 500}}, true);
  loops::Program steps = loops::lower(g);
  CHECK(std::count(profile.begin(), profile.end(), '\n') == static_cast<long>(steps.steps.size()) + 3);  // header, outside, total
  CHECK(profile.find(" lanes, the run of median length") == std::string::npos);
  // On lanes: then a line per part of a run of median length, each with its lane and times.
  auto [lstatus, lanes] = shell("cd " + kSrc + " && SINTER_LANES=roundrobin " + kSinter + " bench graphs/count24.yaml --steps 3 --warmup 1 --threads 2 --profile 2>&1 >/dev/null");
  INFO(lanes);
  CHECK(lstatus == 0);
  CHECK(lanes.find("on 2 lanes, the run of median length") != std::string::npos);
  CHECK(lanes.find("attention_grad %d.att (fused)\n") != std::string::npos);
}
