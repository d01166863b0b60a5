// figures.cpp — sinter's pictures (see figures.h and docs/plots.md).
#include "runtime/figures.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/support/diag.h"
#include "runtime/npy.h"
#include "runtime/plot.h"

namespace sinter {

using namespace plot;

namespace {

bool isFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool isDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

[[noreturn]] void badShape(const RunDir& run, const std::string& name, const Tensor& t, const std::string& expected) {
  fail(SourceLoc{run.tensorPath(name), 0, 0}, "has shape " + shapeStr(t.shape()) + ", but the picture needs " + expected);
}

// A series of one metrics.jsonl key against "step" (rows without the key are left out).
struct Curve {
  std::vector<double> step, value;
};

Curve curveOf(const RunDir& run, const std::string& key) {
  Curve c;
  for (const Json& row : run.metrics()) {
    const Json *s = row.find("step"), *v = row.find(key);
    if (s && v && s->isNumber() && v->isNumber()) c.step.push_back(s->number()), c.value.push_back(v->number());
  }
  return c;
}

// The names after "train_" / "val_" / "test_" in the metrics rows, loss first, in order of appearance.
std::vector<std::string> metricNames(const RunDir& run) {
  std::vector<std::string> names = {"loss"};
  for (const Json& row : run.metrics())
    for (const auto& [k, v] : row.object())
      for (const char* prefix : {"train_", "val_", "test_"})
        if (k.rfind(prefix, 0) == 0 && std::find(names.begin(), names.end(), k.substr(std::strlen(prefix))) == names.end())
          names.push_back(k.substr(std::strlen(prefix)));
  return names;
}

// Train and test (or validation: runs with --val-split) curves of one metric in one panel. Positive values spanning more than a decade
// (a loss, usually) get a log y axis.
void curvePanel(Figure& fig, Rect box, const RunDir& run, const std::string& metric) {
  Curve train = curveOf(run, "train_" + metric), val = curveOf(run, "val_" + metric), test = curveOf(run, "test_" + metric);
  double lo = INFINITY, hi = -INFINITY, last = 0;
  for (const Curve* c : {&train, &val, &test})
    for (size_t i = 0; i < c->value.size(); ++i)
      if (std::isfinite(c->value[i])) lo = std::min(lo, c->value[i]), hi = std::max(hi, c->value[i]), last = std::max(last, c->step[i]);
  Axes ax(fig, box);
  if (last <= 0) last = 1;
  ax.setX(-0.03 * last, 1.03 * last);  // a margin, so the end markers show whole
  bool log = lo > 0 && hi / lo > 10;
  if (log) {
    ax.setY(lo / 1.25, hi * 1.25, true);
  } else if (std::isfinite(lo)) {
    double margin = std::max(0.05 * (hi - lo), 1e-3 * std::max(1.0, std::abs(hi)));
    ax.setY(lo - margin, hi + margin);
  }
  ax.autoTicks();
  ax.grid();
  const size_t markersBelow = 40;
  int k = 0;
  std::vector<LegendEntry> legend;
  for (const auto& [label, c] : {std::pair{"train", &train}, std::pair{"validation", &val}, std::pair{"test", &test}}) {
    Color color = seriesColor(k++);
    if (c->value.empty()) continue;
    ax.line(c->step, c->value, color, 2);
    if (c->value.size() < markersBelow) ax.scatter(c->step, c->value, color, 3);
    legend.push_back({label, color});
  }
  ax.frame();
  std::string title = metric;
  std::replace(title.begin(), title.end(), '_', ' ');
  ax.title(title + (log ? " (log scale)" : ""));
  ax.xlabel("step");
  ax.ylabel(metric);
  ax.legend(legend);
}

// Where attention > threshold: the value there, NaN elsewhere.
Matrix where(const Matrix& mask, double threshold, const Matrix& values) {
  Matrix out(mask.rows, mask.cols, NAN);
  for (int64_t r = 0; r < mask.rows; ++r)
    for (int64_t c = 0; c < mask.cols; ++c)
      if (mask.at(r, c) > threshold) out.at(r, c) = values.at(r, c);
  return out;
}

// The first `rows` rows of a tensor viewed as [N, cols].
Matrix rowsOf(const Tensor& t, int64_t rows, int64_t cols, int64_t offset = 0, int64_t stride = -1) {
  if (stride < 0) stride = cols;
  Matrix m(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) m.at(r, c) = t.get(r * stride + offset + c);
  return m;
}

std::pair<double, double> finiteRange(const Matrix& m) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : m.v)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return {0, 1};
  if (hi <= lo) hi = lo + 1e-9;
  return {lo, hi};
}

// A heatmap of [rows, cols] with a colour bar to its right; index ticks on both axes.
Axes heatmapPanel(Figure& fig, Rect box, const Matrix& m, Colormap map, double vmin, double vmax, const std::string& barLabel,
                  bool logScale = false) {
  Axes ax(fig, box);
  ax.setX(-0.5, static_cast<double>(m.cols) - 0.5);
  ax.setY(-0.5, static_cast<double>(m.rows) - 0.5, false, true);
  ax.heatmap(m, map, vmin, vmax, logScale);
  ax.indexTicks(true, true);
  colorbar(fig, {box.right() + 12, box.y, 14, box.h}, map, vmin, vmax, barLabel, logScale);
  return ax;
}

// Light lines between the cells of a heatmap, so equal neighbours stay distinguishable.
void cellGrid(Axes& ax, int64_t rows, int64_t cols, Color color) {
  for (int64_t c = 1; c < cols; ++c) ax.vline(static_cast<double>(c) - 0.5, color, 1);
  for (int64_t r = 1; r < rows; ++r) ax.hline(static_cast<double>(r) - 0.5, color, 1);
}

std::vector<int64_t> parseList(const std::string& s) {
  std::vector<int64_t> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(std::stoll(item));
  return out;
}

std::string joinInts(const std::vector<int64_t>& v, const std::string& sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + std::to_string(v[i]);
  return s;
}

}  // namespace

// ---- RunDir ------------------------------------------------------------------------------------

RunDir RunDir::open(const std::string& dir) {
  if (!isDirectory(dir))
    fail(SourceLoc{dir, 0, 0}, "no such run directory; pass the --out directory of `sinter train` or the --output directory of `sinter run`");
  RunDir run;
  run.dir_ = dir;
  std::string summaryPath = dir + "/summary.json", metricsPath = dir + "/metrics.jsonl";
  if (isFile(summaryPath)) {
    try {
      run.summary_ = Json::parse(readFile(summaryPath));
    } catch (const UserError&) {
      throw;
    } catch (const std::exception& e) {
      fail(SourceLoc{summaryPath, 0, 0}, std::string("is not valid JSON (") + e.what() + "); the run did not finish cleanly: train again");
    }
    if (!run.summary_.isObject()) fail(SourceLoc{summaryPath, 0, 0}, "is not a JSON object; train again");
  }
  if (isFile(metricsPath)) {
    std::ifstream in(metricsPath);
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
      ++lineNo;
      if (line.empty()) continue;
      Json row;
      try {
        row = Json::parse(line);
      } catch (const std::exception& e) {
        fail(SourceLoc{metricsPath, lineNo, 1}, std::string("is not a JSON object (") + e.what() + "); train again");
      }
      if (!row.isObject() || !row.find("step")) fail(SourceLoc{metricsPath, lineNo, 1}, "is not a metrics row (no \"step\"); train again");
      run.metrics_.push_back(std::move(row));
    }
  }
  return run;
}

std::string RunDir::model() const {
  const Json* m = summary_.find("model");
  return m && m->isString() ? m->string() : "";
}

std::string RunDir::dataInfo(const std::string& key) const {
  const Json* d = summary_.find("data");
  const Json* v = d ? d->find(key) : nullptr;
  return v && v->isString() ? v->string() : "";
}

std::string RunDir::tensorPath(const std::string& name) const {
  for (std::string p : {dir_ + "/tensors/" + name + ".npy", dir_ + "/" + name + ".npy"})
    if (isFile(p)) return p;
  return "";
}

bool RunDir::has(const std::string& name) const { return !tensorPath(name).empty(); }

Tensor RunDir::tensor(const std::string& name) const {
  std::string p = tensorPath(name);
  if (p.empty())
    fail(SourceLoc{dir_ + "/tensors/" + name + ".npy", 0, 0},
         "is missing; train again with a spec whose outputs or train.plots list '" + name + "'");
  return readNpy(p);
}

// ---- the figures -------------------------------------------------------------------------------

void drawCurves(const RunDir& run, const std::string& png) {
  std::vector<std::string> names = metricNames(run);
  const double boxW = 440, boxH = 300, left = 80, right = 30, top = 80, bottom = 60;
  Figure fig(static_cast<int>(names.size() * (left + boxW + right)), static_cast<int>(top + boxH + bottom));
  std::string title = (run.model().empty() ? std::string("training") : run.model()) + ": loss and metrics during training";
  const Json *steps = run.summary().find("steps"), *seed = run.summary().find("seed");
  if (steps && seed && steps->isNumber() && seed->isNumber())
    title += " (" + std::to_string(static_cast<int64_t>(steps->number())) + " steps, seed " + std::to_string(static_cast<int64_t>(seed->number())) + ")";
  fig.title(title);
  for (size_t i = 0; i < names.size(); ++i)
    curvePanel(fig, {static_cast<double>(i) * (left + boxW + right) + left, top, boxW, boxH}, run, names[i]);
  fig.save(png);
}

void drawCount24Attention(const RunDir& run, const std::string& png) {
  Tensor x = run.tensor("x"), att = run.tensor("att.weights"), values = run.tensor("values");
  if (x.rank() != 2) badShape(run, "x", x, "[B, T] digits");
  const int64_t B = x.shape()[0], T = x.shape()[1], n = std::min<int64_t>(B, 20);
  if (att.numel() != B * T) badShape(run, "att.weights", att, "[B, 1, T] = [" + std::to_string(B) + ", 1, " + std::to_string(T) + "]");
  if (values.numel() != B * T) badShape(run, "values", values, "[B, T, 1] = [" + std::to_string(B) + ", " + std::to_string(T) + ", 1]");
  Matrix digits = rowsOf(x, n, T), a = rowsOf(att, n, T), v = rowsOf(values, n, T);

  const double cellW = 30, cellH = 24, top = 80, left = 70;
  // Between panels: the colour bar with its ticks and label, then the next panel's tick labels.
  const double mapW = cellW * static_cast<double>(T), mapH = cellH * static_cast<double>(n), gap = 130, lossGap = 190;
  Figure fig(static_cast<int>(left + 2 * mapW + gap + lossGap + 430 + 30), static_cast<int>(top + mapH + 70));
  fig.title("count24: where the learned query attends (" + std::to_string(n) + " test samples; 2s and 4s in red)");

  // Digits in the cells: 2s and 4s red and bold; the others black or white, whichever reads.
  auto writeDigits = [&](Axes& ax, const Matrix& shade, Colormap map, double vmin, double vmax) {
    for (int64_t r = 0; r < n; ++r)
      for (int64_t c = 0; c < T; ++c) {
        int d = static_cast<int>(digits.at(r, c));
        double s = shade.at(r, c);
        bool light = !std::isfinite(s) || colormap(map, (s - vmin) / (vmax - vmin)).luminance() > 0.5;
        Color color = d == 2 || d == 4 ? colors::brightRed : light ? colors::black : colors::white;
        ax.cellText(static_cast<double>(c), static_cast<double>(r), std::to_string(d), color, 13, d == 2 || d == 4);
      }
  };

  Rect box1{left, top, mapW, mapH};
  auto [alo, ahi] = finiteRange(a);
  alo = std::min(alo, 0.0);
  Axes ax1 = heatmapPanel(fig, box1, a, Colormap::Viridis, alo, ahi, "attention weight");
  writeDigits(ax1, a, Colormap::Viridis, alo, ahi);
  ax1.frame();
  ax1.title("attention weights");
  ax1.xlabel("position");
  ax1.ylabel("sample");

  Rect box2{box1.right() + gap, top, mapW, mapH};
  Matrix shown = where(a, 0.1, v);
  auto [vlo, vhi] = finiteRange(shown);
  double m = std::max({std::abs(vlo), std::abs(vhi), 1e-6});
  Axes(fig, box2).background(colors::lightGrey);  // cells without enough attention stay grey
  Axes ax2 = heatmapPanel(fig, box2, shown, Colormap::Viridis, -m, m, "value (attention > 0.1)");
  writeDigits(ax2, shown, Colormap::Viridis, -m, m);
  ax2.frame();
  ax2.title("values where attention > 0.1");
  ax2.xlabel("position");

  Rect box3{box2.right() + lossGap, top, 430, mapH};
  if (run.metrics().empty()) {
    fig.text(box3.x + box3.w / 2, box3.y + box3.h / 2, "no metrics.jsonl", {13, colors::grey, HAlign::Center, VAlign::Middle});
  } else {
    curvePanel(fig, box3, run, "loss");
  }
  fig.save(png);
}

void drawSparseAndSamples(const RunDir& run, const std::string& png) {
  Tensor bits = run.tensor("bits"), y = run.tensor("y");
  if (bits.rank() != 2) badShape(run, "bits", bits, "[B, T] bits");
  const int64_t B = bits.shape()[0], T = bits.shape()[1], n = std::min<int64_t>(B, 20);
  if (y.numel() != B) badShape(run, "y", y, "[B, 1] labels with B = " + std::to_string(B));
  std::vector<int64_t> relevant = parseList(run.dataInfo("relevant_positions"));
  bool hasProb = run.has("prob");
  Tensor prob = hasProb ? run.tensor("prob") : Tensor();
  if (hasProb && prob.numel() != B) badShape(run, "prob", prob, "[B, 1] with B = " + std::to_string(B));

  const double cell = 22, top = 80, left = 70;
  const double gridW = cell * static_cast<double>(T), gridH = cell * static_cast<double>(n);
  Figure fig(static_cast<int>(left + gridW + 40 + (hasProb ? 2 : 1) * 60 + 20), static_cast<int>(top + gridH + 60));
  fig.title("sparse_and: test samples" + (relevant.empty() ? std::string() : " (relevant positions " + joinInts(relevant, ", ") + " boxed)"));

  Axes ax(fig, {left, top, gridW, gridH});
  ax.setX(-0.5, static_cast<double>(T) - 0.5);
  ax.setY(-0.5, static_cast<double>(n) - 0.5, false, true);
  ax.heatmap(rowsOf(bits, n, T), Colormap::Binary, 0, 1.6);  // 1 dark grey, 0 white
  cellGrid(ax, n, T, colors::lightGrey);
  for (int64_t r : relevant) ax.box(static_cast<double>(r) - 0.5, -0.5, static_cast<double>(r) + 0.5, static_cast<double>(n) - 0.5, colors::red, 2.5);
  ax.indexTicks(true, true);
  ax.frame();
  ax.title("inputs (dark = 1)");
  ax.xlabel("input position t");
  ax.ylabel("sample");

  // One column per label kind: the true label, and the model's (prob > 0.5), a miss boxed red.
  auto column = [&](double x, const std::string& name, const Matrix& m, const Matrix* truth) {
    Axes col(fig, {x, top, cell, gridH});
    col.setX(-0.5, 0.5);
    col.setY(-0.5, static_cast<double>(n) - 0.5, false, true);
    col.heatmap(m, Colormap::Binary, 0, 1.6);
    cellGrid(col, n, 1, colors::lightGrey);
    col.frame();
    for (int64_t r = 0; r < n; ++r) {
      col.cellText(0, static_cast<double>(r), m.at(r, 0) > 0.5 ? "1" : "0", m.at(r, 0) > 0.5 ? colors::white : colors::grey, 11);
      if (truth && (truth->at(r, 0) > 0.5) != (m.at(r, 0) > 0.5)) col.box(-0.5, r - 0.5, 0.5, r + 0.5, colors::red, 2.5);
    }
    fig.text(x + cell / 2, top - 8, name, {12, colors::black, HAlign::Center, VAlign::Bottom, true});
  };
  Matrix labels = rowsOf(y, n, 1);
  double x = left + gridW + 40;
  column(x, "label", labels, nullptr);
  if (hasProb) {
    Matrix predicted = rowsOf(prob, n, 1);
    for (double& p : predicted.v) p = p > 0.5 ? 1 : 0;
    column(x + 60, "model", predicted, &labels);
  }
  fig.save(png);
}

void drawSparseAndAttention(const RunDir& run, const std::string& png) {
  Tensor w = run.tensor("weights");
  if (w.rank() != 3 || w.shape()[1] != w.shape()[2]) badShape(run, "weights", w, "[B, T+1, T+1] attention weights");
  const int64_t B = w.shape()[0], L = w.shape()[1], cls = L - 1;
  std::vector<int64_t> relevant = parseList(run.dataInfo("relevant_positions"));

  // Every weight of the batch (grey), and the cls query's row (blue) — the only row the head reads.
  std::vector<double> allX, allY, cx, cy;
  double lo = 1e-6;
  for (int64_t b = 0; b < B; ++b) {
    double jitter = B > 1 ? (static_cast<double>(b) / static_cast<double>(B - 1) - 0.5) * 0.5 : 0;
    for (int64_t q = 0; q < L; ++q)
      for (int64_t k = 0; k < L; ++k) {
        double v = w.get((b * L + q) * L + k);
        if (v > 0) lo = std::min(lo, v);
        (q == cls ? cx : allX).push_back(static_cast<double>(k) + jitter);
        (q == cls ? cy : allY).push_back(v);
      }
  }
  lo = std::pow(10.0, std::floor(std::log10(lo)));

  Figure fig(1000, 560);
  fig.title("sparse_and: attention weights of " + std::to_string(B) + " test samples (log scale)");
  Axes ax(fig, {90, 70, 860, 410});
  ax.setX(-0.7, static_cast<double>(L) - 0.3);
  ax.setY(lo, 2, true);
  ax.autoTicks(false, true);
  std::vector<double> at;
  std::vector<std::string> labels;
  for (int64_t k = 0; k < L; k += (k == cls - 1 ? 1 : (L > 40 ? 5 : 2))) at.push_back(static_cast<double>(k));
  if (at.back() != static_cast<double>(cls)) at.push_back(static_cast<double>(cls));
  for (double k : at) labels.push_back(k == static_cast<double>(cls) ? "cls" : std::to_string(static_cast<int64_t>(k)));
  ax.xticks(at, labels);
  ax.grid();
  ax.scatter(allX, allY, colors::grey.withAlpha(0.06), 2.5);
  ax.scatter(cx, cy, colors::blue.withAlpha(0.35), 3);
  for (int64_t r : relevant) ax.box(static_cast<double>(r) - 0.5, lo, static_cast<double>(r) + 0.5, 2, colors::red, 2);
  ax.hline(1.0 / static_cast<double>(L), colors::darkGrey, 1, true);
  ax.frame();
  ax.xlabel("key position t (boolean input index; cls = the appended class token)");
  ax.ylabel("attention weight");
  ax.legend({{"cls query -> key t (what the head reads)", colors::blue, LegendEntry::Dot},
             {"every other query", colors::grey, LegendEntry::Dot},
             {"relevant position" + std::string(relevant.size() == 1 ? "" : "s") + (relevant.empty() ? "" : " " + joinInts(relevant, ", ")), colors::red},
             {"uniform 1/" + std::to_string(L), colors::darkGrey, LegendEntry::Dashed}},
            Corner::LowerLeft);
  fig.save(png);
}

void drawMnistAddSamples(const RunDir& run, const std::string& png) {
  Tensor a = run.tensor("a"), b = run.tensor("b"), y = run.tensor("y"), logits = run.tensor("logits");
  const Shape img = {3, 1, 28, 28};
  if (a.rank() != 5 || Shape(a.shape().begin() + 1, a.shape().end()) != img) badShape(run, "a", a, "[B, 3, 1, 28, 28] digit images");
  const int64_t B = a.shape()[0], D = 3, P = 28 * 28, n = std::min<int64_t>(B, 12);
  if (b.shape() != a.shape()) badShape(run, "b", b, shapeStr(a.shape()));
  if (y.numel() != B * D) badShape(run, "y", y, "[B, 3] digits of the sum");
  if (logits.numel() != B * D * 10) badShape(run, "logits", logits, "[B, 3, 10]");

  const int cols = 4, rows = static_cast<int>((n + cols - 1) / cols);
  const double px = 56, gap = 4, cellW = 250, cellH = 2 * px + gap + 72, top = 70, left = 30;
  Figure fig(static_cast<int>(left + cols * cellW), static_cast<int>(top + rows * cellH - 10));
  int right = 0;
  std::vector<std::string> truth(n), guess(n);
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t d = 0; d < D; ++d) {
      truth[s] += std::to_string(static_cast<int64_t>(y.get(s * D + d)));
      int best = 0;
      for (int k = 1; k < 10; ++k)
        if (logits.get((s * D + d) * 10 + k) > logits.get((s * D + d) * 10 + best)) best = k;
      guess[s] += std::to_string(best);
    }
    right += truth[s] == guess[s];
  }
  fig.title("mnist_add: " + std::to_string(n) + " test samples, true and predicted sums (" + std::to_string(right) + " of " +
            std::to_string(n) + " right)");
  for (int64_t s = 0; s < n; ++s) {
    double x0 = left + static_cast<double>(s % cols) * cellW + 22, y0 = top + static_cast<double>(s / cols) * cellH;
    for (int number = 0; number < 2; ++number) {
      const Tensor& t = number == 0 ? a : b;
      double yy = y0 + number * (px + gap);
      for (int64_t d = 0; d < D; ++d) {
        Axes ax(fig, {x0 + static_cast<double>(d) * (px + gap), yy, px, px});
        ax.setX(-0.5, 27.5);
        ax.setY(-0.5, 27.5, false, true);
        ax.heatmap(rowsOf(t, 28, 28, (s * D + d) * P), Colormap::Gray, 0, 1);
      }
      if (number == 1) fig.text(x0 - 6, yy + px / 2, "+", {20, colors::black, HAlign::Right, VAlign::Middle, true});
    }
    bool ok = truth[s] == guess[s];
    double ty = y0 + 2 * px + gap + 10;
    fig.text(x0, ty, "sum " + truth[s], {14, colors::black, HAlign::Left, VAlign::Top});
    fig.text(x0, ty + 20, "predicted " + guess[s], {14, ok ? colors::green : colors::red, HAlign::Left, VAlign::Top, true});
  }
  fig.save(png);
}

void drawAttentionQuery0(const RunDir& run, const std::string& png) {
  Tensor scores = run.tensor("single.weights"), result = run.tensor("single");
  std::vector<double> s(static_cast<size_t>(scores.numel())), r(static_cast<size_t>(result.numel()));
  for (size_t i = 0; i < s.size(); ++i) s[i] = scores.get(static_cast<int64_t>(i));
  for (size_t i = 0; i < r.size(); ++i) r[i] = result.get(static_cast<int64_t>(i));
  if (s.empty() || r.empty()) badShape(run, s.empty() ? "single.weights" : "single", s.empty() ? scores : result, "at least one element");

  Figure fig(1160, 470);
  fig.title("attention of query 0: its scores over the keys and its result vector");
  Axes a1(fig, {85, 75, 470, 320});
  a1.setX(-0.7, static_cast<double>(s.size()) - 0.3);
  a1.setY(0, 1.3 * *std::max_element(s.begin(), s.end()));  // headroom for the legend
  a1.autoTicks(false, true);
  a1.indexTicks(true, false);
  a1.grid();
  a1.bars(s, colors::blue);
  a1.hline(1.0 / static_cast<double>(s.size()), colors::orange, 1.5, true);
  a1.frame();
  a1.title("attention scores of query 0");
  a1.xlabel("key index");
  a1.ylabel("attention score");
  a1.legend({{"softmax(q0 . k / sqrt(d))", colors::blue, LegendEntry::Patch},
             {"uniform 1/" + std::to_string(s.size()), colors::orange, LegendEntry::Dashed}});

  Axes a2(fig, {670, 75, 460, 320});
  auto [lo, hi] = niceRange(std::min(0.0, *std::min_element(r.begin(), r.end())), std::max(0.0, *std::max_element(r.begin(), r.end())));
  a2.setX(-0.7, static_cast<double>(r.size()) - 0.3);
  a2.setY(lo, hi);
  a2.autoTicks(false, true);
  a2.indexTicks(true, false);
  a2.grid();
  a2.bars(r, seriesColor(2));
  a2.frame();
  a2.title("result vector of query 0");
  a2.xlabel("element index");
  a2.ylabel("element value");
  fig.save(png);
}

void drawAttentionMatrix(const RunDir& run, const std::string& png) {
  struct Row {
    std::string weights, result, title;
  };
  std::vector<Row> rows;
  if (run.has("matrix.weights")) rows.push_back({"matrix.weights", "matrix", "attention matrix A"});
  if (run.has("masked.weights")) rows.push_back({"masked.weights", "masked", "masked (causal) attention matrix"});
  if (rows.empty()) fail(SourceLoc{run.path(), 0, 0}, "has neither matrix.weights.npy nor masked.weights.npy");

  const double mapSize = 420, top = 75, rowH = mapSize + 100;
  Figure fig(1180, static_cast<int>(top + rowH * static_cast<double>(rows.size()) - 40));
  fig.title("attention of every query: the matrix (rows: queries) and the result of query 0");
  for (size_t i = 0; i < rows.size(); ++i) {
    Tensor w = run.tensor(rows[i].weights);
    if (w.rank() != 2) badShape(run, rows[i].weights, w, "[queries, keys]");
    Matrix m = rowsOf(w, w.shape()[0], w.shape()[1]);
    // Weights spanning more than 1.5 decades (causal rows: 1, 1/2, ... 1/64) get a log colour
    // scale, on which the masked zeros show as grey; otherwise linear.
    auto [lo, hi] = finiteRange(m);
    double smallest = hi;
    for (double v : m.v)
      if (v > 0) smallest = std::min(smallest, v);
    bool logScale = smallest > 0 && hi / smallest > 30;
    double y0 = top + rowH * static_cast<double>(i);
    Rect box{90, y0, mapSize, mapSize};
    if (logScale) Axes(fig, box).background(colors::lightGrey);
    Axes ax = heatmapPanel(fig, box, m, Colormap::Viridis, logScale ? smallest : lo, hi,
                           logScale ? "attention weight (log scale; grey: 0)" : "attention weight", logScale);
    ax.frame();
    ax.title(rows[i].title);
    ax.xlabel("key index");
    ax.ylabel("query index");

    if (!run.has(rows[i].result)) continue;
    Tensor r = run.tensor(rows[i].result);
    if (r.rank() != 2) badShape(run, rows[i].result, r, "[queries, dim]");
    std::vector<double> first(static_cast<size_t>(r.shape()[1]));
    for (size_t k = 0; k < first.size(); ++k) first[k] = r.get(static_cast<int64_t>(k));
    Axes b(fig, {700, y0 + 40, 450, mapSize - 80});
    auto [blo, bhi] = niceRange(std::min(0.0, *std::min_element(first.begin(), first.end())), std::max(0.0, *std::max_element(first.begin(), first.end())));
    b.setX(-0.7, static_cast<double>(first.size()) - 0.3);
    b.setY(blo, bhi);
    b.autoTicks(false, true);
    b.indexTicks(true, false);
    b.grid();
    b.bars(first, seriesColor(2));
    b.frame();
    b.title("result of query 0 (row 0 of " + rows[i].result + ")");
    b.xlabel("element index");
    b.ylabel("element value");
  }
  fig.save(png);
}

// ---- which figures ----------------------------------------------------------------------------

std::vector<std::string> plotRun(const std::string& dir) {
  RunDir run = RunDir::open(dir);
  const std::string model = run.model();
  std::vector<std::pair<std::string, void (*)(const RunDir&, const std::string&)>> todo;
  if (!run.metrics().empty()) todo.push_back({"curves.png", drawCurves});
  if (model == "count24") todo.push_back({"count24_attention.png", drawCount24Attention});
  if (model.rfind("sparse_and", 0) == 0) {
    todo.push_back({"sparse_and_samples.png", drawSparseAndSamples});
    if (run.has("weights")) todo.push_back({"sparse_and_attention.png", drawSparseAndAttention});
  }
  if (model == "mnist_add") todo.push_back({"mnist_add_samples.png", drawMnistAddSamples});
  if (run.has("single.weights") && run.has("single")) todo.push_back({"attention_query0.png", drawAttentionQuery0});
  if (run.has("matrix.weights") || run.has("masked.weights")) todo.push_back({"attention_matrix.png", drawAttentionMatrix});
  if (todo.empty())
    fail(SourceLoc{dir, 0, 0}, "nothing to draw: no metrics.jsonl, no summary.json of a model with pictures, no attention tensors "
                               "(see docs/plots.md for what each picture needs)");
  std::vector<std::string> written;
  for (const auto& [name, draw] : todo) {
    std::string path = dir + "/" + name;
    draw(run, path);
    written.push_back(path);
  }
  return written;
}

}  // namespace sinter
