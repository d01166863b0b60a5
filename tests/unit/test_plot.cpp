// test_plot.cpp — the pictures: every figure renders from a small synthetic run directory (the
// PNG exists, has the layout's size and is not blank), `sinter plot` on bad directories, and the
// pictures `sinter train` draws.
#include <cairo.h>
#include <dirent.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "runtime/figures.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/plot.h"
#include "runtime/rng.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using sinter::testing::errorOf;
using sinter::testing::shell;

namespace {

const std::string kSrc = SINTER_SOURCE_DIR;

// A fresh, empty directory under /tmp.
std::string freshDir(const std::string& name) {
  std::string dir = "/tmp/sinter_test_plot/" + name;
  REQUIRE(shell("rm -rf '" + dir + "' && mkdir -p '" + dir + "/tensors'").first == 0);
  return dir;
}

// A tensor filled by f(flat index).
template <typename F>
Tensor filled(DType dtype, Shape shape, F f) {
  Tensor t(dtype, std::move(shape));
  for (int64_t i = 0; i < t.numel(); ++i) t.set(i, f(i));
  return t;
}

// Deterministic pseudo-random numbers in [0, 1).
double noise(int64_t i, uint64_t salt = 0) { return static_cast<double>(splitmix64(static_cast<uint64_t>(i) * 7919 + salt) >> 11) * 0x1p-53; }

void writeSummary(const std::string& dir, const std::string& model, Json::Object data = {}) {
  Json s(Json::Object{{"spec", Json("graphs/" + model + ".yaml")},
                      {"model", Json(model)},
                      {"seed", Json(0)},
                      {"steps", Json(200)},
                      {"data", Json(std::move(data))}});
  writeFileAtomic(dir + "/summary.json", s.dump() + "\n");
}

// metrics.jsonl with a falling loss and a rising accuracy over 200 steps.
void writeMetrics(const std::string& dir, bool withDigitAccuracy = false) {
  std::string lines;
  for (int step = 0; step <= 200; step += 20) {
    double t = step / 200.0;
    Json row(Json::Object{});
    row.set("epoch", Json(t * 10));
    row.set("step", Json(step));
    row.set("train_loss", Json(0.7 * std::exp(-4 * t) + 0.01));
    row.set("train_accuracy", Json(0.5 + 0.45 * t));
    if (withDigitAccuracy) row.set("train_digit_accuracy", Json(0.6 + 0.35 * t));
    row.set("test_loss", Json(0.72 * std::exp(-3.5 * t) + 0.015));
    row.set("test_accuracy", Json(0.5 + 0.4 * t));
    if (withDigitAccuracy) row.set("test_digit_accuracy", Json(0.6 + 0.3 * t));
    row.set("seconds", Json(t));
    lines += row.dump() + "\n";
  }
  writeFileAtomic(dir + "/metrics.jsonl", lines);
}

struct Png {
  int width = 0, height = 0;
  size_t colours = 0;       // distinct RGB values
  double nonWhite = 0;      // fraction of pixels that are not white
};

Png readPng(const std::string& path) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  Png p{cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
  const unsigned char* data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  std::set<uint32_t> seen;
  size_t nonWhite = 0;
  for (int y = 0; y < p.height; ++y)
    for (int x = 0; x < p.width; ++x) {
      uint32_t px = reinterpret_cast<const uint32_t*>(data + y * stride)[x] & 0xFFFFFFu;
      seen.insert(px);
      nonWhite += px != 0xFFFFFFu;
    }
  cairo_surface_destroy(s);
  p.colours = seen.size();
  p.nonWhite = static_cast<double>(nonWhite) / (static_cast<double>(p.width) * p.height);
  return p;
}

// The PNG exists, has the given size and is a picture (many colours, a fair share of ink).
void checkPicture(const std::string& path, int width, int height) {
  INFO(path);
  Png p = readPng(path);
  CHECK(p.width == width);
  CHECK(p.height == height);
  CHECK(p.colours > 50);
  CHECK(p.nonWhite > 0.03);
}

std::vector<std::string> filesIn(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// --- synthetic run directories, shaped like the real ones ------------------------------------------

std::string count24Run(const std::string& name = "count24") {
  std::string dir = freshDir(name);
  const int64_t B = 8, T = 10;
  Tensor x = filled(DType::i64, {B, T}, [](int64_t i) { return std::floor(noise(i) * 10); });
  writeNpy(dir + "/tensors/x.npy", x);
  // Attention on the 2s and 4s, the rest spread thin; values +1 for a 2, -1 for a 4.
  Tensor att(DType::f32, {B, 1, T}), values(DType::f32, {B, T, 1});
  for (int64_t b = 0; b < B; ++b) {
    double sum = 0;
    for (int64_t t = 0; t < T; ++t) {
      int64_t d = static_cast<int64_t>(x.get(b * T + t));
      sum += d == 2 || d == 4 ? 5 : 0.2;
    }
    for (int64_t t = 0; t < T; ++t) {
      int64_t d = static_cast<int64_t>(x.get(b * T + t));
      att.set(b * T + t, (d == 2 || d == 4 ? 5 : 0.2) / sum);
      values.set(b * T + t, d == 2 ? 1.0 : d == 4 ? -1.0 : 0.3 * noise(b * T + t, 1) - 0.15);
    }
  }
  writeNpy(dir + "/tensors/att.weights.npy", att);
  writeNpy(dir + "/tensors/values.npy", values);
  writeNpy(dir + "/tensors/prob.npy", filled(DType::f32, {B, 1}, [](int64_t i) { return noise(i, 2); }));
  writeNpy(dir + "/tensors/y.npy", filled(DType::f32, {B, 1}, [](int64_t i) { return noise(i, 3) > 0.6 ? 1 : 0; }));
  writeMetrics(dir);
  writeSummary(dir, "count24");
  return dir;
}

std::string sparseAndRun(const std::string& name = "sparse_and") {
  std::string dir = freshDir(name);
  const int64_t B = 12, T = 30, L = T + 1;
  std::vector<int64_t> relevant = {1, 24, 27};
  Tensor bits = filled(DType::i64, {B, T}, [](int64_t i) { return noise(i) < 0.79 ? 1 : 0; });
  Tensor y(DType::f32, {B, 1}), prob(DType::f32, {B, 1});
  for (int64_t b = 0; b < B; ++b) {
    bool all = true;
    for (int64_t r : relevant) all = all && bits.get(b * T + r) == 1;
    y.set(b, all ? 1 : 0);
    prob.set(b, b == 3 ? 1 - y.get(b) : y.get(b) * 0.9 + 0.05);  // one miss
  }
  // Softmax rows; the cls row (the last) concentrates on the relevant positions.
  Tensor w(DType::f32, {B, L, L});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t q = 0; q < L; ++q) {
      std::vector<double> e(L);
      double sum = 0;
      for (int64_t k = 0; k < L; ++k) {
        bool hot = q == L - 1 && std::find(relevant.begin(), relevant.end(), k) != relevant.end();
        e[k] = std::exp((hot ? 8 : 0) + 4 * noise((b * L + q) * L + k, 4));
        sum += e[k];
      }
      for (int64_t k = 0; k < L; ++k) w.set((b * L + q) * L + k, e[k] / sum);
    }
  writeNpy(dir + "/tensors/bits.npy", bits);
  writeNpy(dir + "/tensors/y.npy", y);
  writeNpy(dir + "/tensors/prob.npy", prob);
  writeNpy(dir + "/tensors/weights.npy", w);
  writeMetrics(dir);
  writeSummary(dir, "sparse_and_sat", {{"relevant_positions", Json("1,24,27")}});
  return dir;
}

std::string mnistAddRun() {
  std::string dir = freshDir("mnist_add");
  const int64_t B = 6;
  // Random "digits": a noisy ring of random size per image, pixels in [0, 1].
  auto images = [&](uint64_t salt) {
    Tensor t(DType::f32, {B, 3, 1, 28, 28});
    for (int64_t img = 0; img < B * 3; ++img) {
      double r = 5 + 6 * noise(img, salt);
      for (int64_t p = 0; p < 28 * 28; ++p) {
        double dy = static_cast<double>(p / 28) - 13.5, dx = static_cast<double>(p % 28) - 13.5;
        double ring = std::exp(-std::pow(std::sqrt(dx * dx + dy * dy) - r, 2) / 3);
        t.set(img * 784 + p, std::min(1.0, ring + 0.15 * noise(img * 784 + p, salt + 1)));
      }
    }
    return t;
  };
  writeNpy(dir + "/tensors/a.npy", images(10));
  writeNpy(dir + "/tensors/b.npy", images(20));
  Tensor y = filled(DType::i64, {B, 3}, [](int64_t i) { return std::floor(noise(i, 5) * 10); });
  Tensor logits(DType::f32, {B, 3, 10});
  for (int64_t i = 0; i < B * 3; ++i)
    for (int64_t k = 0; k < 10; ++k) logits.set(i * 10 + k, noise(i * 10 + k, 6) + (k == (i == 4 ? 0 : y.get(i)) ? 3 : 0));  // one digit wrong
  writeNpy(dir + "/tensors/y.npy", y);
  writeNpy(dir + "/tensors/logits.npy", logits);
  writeMetrics(dir, true);
  writeSummary(dir, "mnist_add");
  return dir;
}

// What `sinter run` leaves for attention_basics and attention_masked: NAME.npy, no summary.
std::string attentionRun() {
  std::string dir = freshDir("attention");
  const int64_t N = 64, D = 16;
  auto softmaxRows = [&](bool causal) {
    Tensor w(DType::f32, {N, N});
    for (int64_t q = 0; q < N; ++q) {
      double sum = 0;
      for (int64_t k = 0; k <= (causal ? q : N - 1); ++k) sum += std::exp(noise(q * N + k));
      for (int64_t k = 0; k <= (causal ? q : N - 1); ++k) w.set(q * N + k, std::exp(noise(q * N + k)) / sum);
    }
    return w;
  };
  Tensor full = softmaxRows(false), masked = softmaxRows(true);
  Tensor result = filled(DType::f32, {N, D}, [](int64_t i) { return noise(i, 7) - 0.5; });
  writeNpy(dir + "/matrix.weights.npy", full);
  writeNpy(dir + "/matrix.npy", result);
  writeNpy(dir + "/single.weights.npy", filled(DType::f32, {1, N}, [&](int64_t i) { return full.get(i); }));
  writeNpy(dir + "/single.npy", filled(DType::f32, {1, D}, [&](int64_t i) { return result.get(i); }));
  writeNpy(dir + "/masked.weights.npy", masked);
  writeNpy(dir + "/masked.npy", filled(DType::f32, {N, D}, [](int64_t i) { return 2 * noise(i, 8) - 1; }));
  return dir;
}

}  // namespace

TEST_CASE("plot: curves and the count24 figure from a training run's files", "[plot]") {
  std::string dir = count24Run();
  std::vector<std::string> written = plotRun(dir);
  CHECK(written == std::vector<std::string>{dir + "/curves.png", dir + "/count24_attention.png"});
  checkPicture(dir + "/curves.png", 1100, 440);          // loss and accuracy panels
  checkPicture(dir + "/count24_attention.png", 1450, 342);  // 8 samples x 10 positions
  // Written atomically: no temporary files left behind.
  CHECK(filesIn(dir) == std::vector<std::string>{"count24_attention.png", "curves.png", "metrics.jsonl", "summary.json", "tensors"});
}

TEST_CASE("plot: sparse_and samples and attention weights", "[plot]") {
  std::string dir = sparseAndRun();
  CHECK(plotRun(dir).size() == 3);
  checkPicture(dir + "/sparse_and_samples.png", 910, 404);   // 12 samples x 30 positions, label and model columns
  checkPicture(dir + "/sparse_and_attention.png", 1000, 560);
  // The MLP's run has no attention weights: only the samples.
  writeSummary(dir, "sparse_and_mlp", {{"relevant_positions", Json("1,24,27")}});
  REQUIRE(std::remove((dir + "/tensors/weights.npy").c_str()) == 0);
  REQUIRE(std::remove((dir + "/sparse_and_attention.png").c_str()) == 0);
  CHECK(plotRun(dir) == std::vector<std::string>{dir + "/curves.png", dir + "/sparse_and_samples.png"});
}

TEST_CASE("plot: mnist_add digit grid with true and predicted sums", "[plot]") {
  std::string dir = mnistAddRun();
  CHECK(plotRun(dir) == std::vector<std::string>{dir + "/curves.png", dir + "/mnist_add_samples.png"});
  checkPicture(dir + "/curves.png", 1650, 440);  // loss, accuracy, digit_accuracy
  checkPicture(dir + "/mnist_add_samples.png", 1030, 436);  // 6 samples: 4 + 2
}

TEST_CASE("plot: attention basics from a `sinter run` output directory", "[plot]") {
  std::string dir = attentionRun();
  CHECK(plotRun(dir) == std::vector<std::string>{dir + "/attention_query0.png", dir + "/attention_matrix.png"});
  checkPicture(dir + "/attention_query0.png", 1160, 470);
  checkPicture(dir + "/attention_matrix.png", 1180, 1075);  // full and masked
  // Only the masked run: one row of the matrix figure, no query-0 bars.
  std::string masked = freshDir("attention_masked");
  REQUIRE(shell("cp " + dir + "/masked.weights.npy " + dir + "/masked.npy " + masked).first == 0);
  CHECK(plotRun(masked) == std::vector<std::string>{masked + "/attention_matrix.png"});
  checkPicture(masked + "/attention_matrix.png", 1180, 555);
}

TEST_CASE("plot: the plotting layer's ticks", "[plot]") {
  using namespace sinter::plot;
  CHECK(niceTicks(0, 1, 6) == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0});
  CHECK(tickLabels({0, 0.25, 0.5}) == std::vector<std::string>{"0.00", "0.25", "0.50"});
  CHECK(tickLabels({-1, 0, 1})[0] == "\u22121");
  CHECK(logTicks(1e-6, 2) == std::vector<double>{1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1});
  CHECK(logTickLabels({1e-2, 1e-1, 1}) == std::vector<std::string>{"10^-2", "10^-1", "1"});
  CHECK(logTicks(0.04, 0.9) == std::vector<double>{0.05, 0.1, 0.2, 0.5});
  auto [lo, hi] = niceRange(0.47, 0.98);
  CHECK(lo == Approx(0.4));
  CHECK(hi == Approx(1.0));
}

TEST_CASE("plot: bad run directories are clear errors (exit 2)", "[plot]") {
  std::string missing = "/tmp/sinter_test_plot/no_such_dir";
  CHECK_THAT(errorOf([&] { plotRun(missing); }), Catch::Contains("no such run directory"));

  std::string empty = freshDir("empty");
  CHECK_THAT(errorOf([&] { plotRun(empty); }), Catch::Contains("nothing to draw"));

  std::string corrupt = freshDir("corrupt_summary");
  writeFileAtomic(corrupt + "/summary.json", "{\"model\": \"count24\", ");
  CHECK_THAT(errorOf([&] { plotRun(corrupt); }), Catch::Contains("summary.json: error: is not valid JSON"));

  std::string badMetrics = freshDir("corrupt_metrics");
  writeFileAtomic(badMetrics + "/metrics.jsonl", "{\"step\": 0, \"train_loss\": 0.7}\n{\"step\": 1, \"train_lo");
  CHECK_THAT(errorOf([&] { plotRun(badMetrics); }), Catch::Contains("metrics.jsonl:2:1: error"));

  std::string incomplete = count24Run("count24_no_values");  // trained before train.plots listed `values`
  REQUIRE(std::remove((incomplete + "/tensors/values.npy").c_str()) == 0);
  CHECK_THAT(errorOf([&] { plotRun(incomplete); }), Catch::Contains("values.npy: error: is missing"));

  std::string truncated = count24Run("count24_truncated");
  writeFileAtomic(truncated + "/tensors/x.npy", readFile(truncated + "/tensors/x.npy").substr(0, 100));
  CHECK_THAT(errorOf([&] { plotRun(truncated); }), Catch::Contains("x.npy"));

  std::string wrongShape = sparseAndRun("sparse_and_wrong_shape");
  writeNpy(wrongShape + "/tensors/weights.npy", Tensor(DType::f32, {4, 31, 30}));
  CHECK_THAT(errorOf([&] { plotRun(wrongShape); }), Catch::Contains("but the picture needs [B, T+1, T+1]"));

  // The CLI: exit 2 with the message; --help; usage errors.
  const std::string bin = SINTER_BINARY;
  CHECK(shell(bin + " plot " + missing + " 2>/dev/null").first == 2);
  CHECK(shell(bin + " plot " + empty + " 2>/dev/null").first == 2);
  CHECK(shell(bin + " plot " + corrupt + " 2>/dev/null").first == 2);
  CHECK(shell(bin + " plot 2>/dev/null").first == 2);
  CHECK(shell(bin + " plot " + empty + " --frobnicate 2>/dev/null").first == 2);
  auto [status, help] = shell(bin + " plot --help");
  CHECK(status == 0);
  CHECK_THAT(help, Catch::Contains("usage: sinter plot RUN_DIR"));
  auto [ok, out] = shell(bin + " plot " + attentionRun());
  CHECK(ok == 0);
  CHECK_THAT(out, Catch::Contains("attention_matrix.png"));
}

TEST_CASE("plot: sinter train draws its pictures at the end", "[plot]") {
  TrainOptions o;
  o.spec = kSrc + "/graphs/count24.yaml";
  o.outDir = freshDir("train_count24");
  o.steps = 20;
  o.evalEvery = 5;
  o.quiet = true;
  REQUIRE(train(o) == 0);
  checkPicture(o.outDir + "/curves.png", 1100, 440);
  checkPicture(o.outDir + "/count24_attention.png", 1450, 630);  // 20 samples
}
