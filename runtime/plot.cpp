// plot.cpp — the plotting layer on Cairo (see plot.h).
#include "runtime/plot.h"

#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "compiler/support/diag.h"
#include "runtime/npy.h"

namespace sinter::plot {

namespace {

constexpr const char* kFont = "DejaVu Sans";
constexpr double kTickSize = 11.5, kLabelSize = 13, kTitleSize = 14;
constexpr double kTickLength = 4, kPad = 4;

void setColor(cairo_t* cr, Color c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void setFont(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// "10^-6" is drawn as 10 with a raised, smaller exponent.
bool isPower(const std::string& s) { return s.rfind("10^", 0) == 0; }

// Width of a label in the current font (a power label counts its smaller exponent).
double labelWidth(cairo_t* cr, const std::string& s, double size, bool bold) {
  setFont(cr, size, bold);
  cairo_text_extents_t e;
  if (!isPower(s)) {
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
  }
  cairo_text_extents(cr, "10", &e);
  double w = e.x_advance;
  setFont(cr, size * 0.75, bold);
  cairo_text_extents(cr, s.substr(3).c_str(), &e);
  return w + e.x_advance;
}

// Replaces a leading '-' with a proper minus sign, as typeset labels use.
std::string withMinus(const std::string& s) { return !s.empty() && s[0] == '-' ? "\u2212" + s.substr(1) : s; }

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Where v falls in [vmin, vmax] as 0..1 (log10 distances for a log scale); NaN when v has no colour.
double colorPosition(double v, double vmin, double vmax, bool logScale) {
  if (!std::isfinite(v) || (logScale && v <= 0)) return NAN;
  if (logScale) return vmax > vmin ? std::log10(v / vmin) / std::log10(vmax / vmin) : 0.5;
  return vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
}

}  // namespace

Color seriesColor(int i) {
  static const std::array<Color, 10> tab10 = {{{0.122, 0.467, 0.706},
                                              {1.000, 0.498, 0.055},
                                              {0.173, 0.627, 0.173},
                                              {0.839, 0.153, 0.157},
                                              {0.580, 0.404, 0.741},
                                              {0.549, 0.337, 0.294},
                                              {0.890, 0.467, 0.761},
                                              {0.498, 0.498, 0.498},
                                              {0.737, 0.741, 0.133},
                                              {0.090, 0.745, 0.812}}};
  return tab10[static_cast<size_t>(i) % tab10.size()];
}

Color colormap(Colormap map, double t) {
  t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
  if (map == Colormap::Binary) return {1 - t, 1 - t, 1 - t};
  if (map == Colormap::Gray) return {t, t, t};
  // Viridis, sampled at 17 points from matplotlib's table and interpolated linearly.
  static const std::array<std::array<double, 3>, 17> v = {{{0.267, 0.005, 0.329},
                                                           {0.283, 0.073, 0.435},
                                                           {0.282, 0.141, 0.458},
                                                           {0.267, 0.205, 0.475},
                                                           {0.243, 0.267, 0.518},
                                                           {0.216, 0.324, 0.545},
                                                           {0.191, 0.382, 0.553},
                                                           {0.169, 0.437, 0.558},
                                                           {0.149, 0.490, 0.557},
                                                           {0.129, 0.543, 0.553},
                                                           {0.121, 0.596, 0.545},
                                                           {0.154, 0.647, 0.522},
                                                           {0.253, 0.694, 0.477},
                                                           {0.395, 0.741, 0.404},
                                                           {0.565, 0.784, 0.297},
                                                           {0.762, 0.820, 0.167},
                                                           {0.993, 0.906, 0.144}}};
  double pos = t * static_cast<double>(v.size() - 1);
  size_t i = std::min(static_cast<size_t>(pos), v.size() - 2);
  double f = pos - static_cast<double>(i);
  return {v[i][0] + f * (v[i + 1][0] - v[i][0]), v[i][1] + f * (v[i + 1][1] - v[i][1]), v[i][2] + f * (v[i + 1][2] - v[i][2])};
}

// ---- ticks -------------------------------------------------------------------------------------

std::vector<double> niceTicks(double lo, double hi, int count) {
  if (!(hi > lo)) return {lo};
  // step = m * 10^e with m in {1, 2, 2.5, 5}; ticks are k * step, computed as k * (m * 4) / (4 * 10^-e)
  // when e < 0 so that 0.6 comes out as 0.6 (3 * 0.2 does not).
  double raw = (hi - lo) / std::max(1, count - 1);
  int e = static_cast<int>(std::floor(std::log10(raw)));
  double m = 10;
  for (double c : {1.0, 2.0, 2.5, 5.0})
    if (c * std::pow(10.0, e) >= raw) {
      m = c;
      break;
    }
  double num = m * 4, den = e < 0 ? 4 * std::pow(10.0, -e) : 4 / std::pow(10.0, e), step = num / den;
  std::vector<double> ticks;
  for (int64_t k = static_cast<int64_t>(std::ceil(lo / step - 1e-9)); static_cast<double>(k) * step <= hi + step * 1e-9; ++k)
    ticks.push_back(static_cast<double>(k) * num / den);
  return ticks;
}

std::vector<std::string> tickLabels(const std::vector<double>& ticks) {
  // Just enough decimals that neighbouring labels differ.
  int decimals = 0;
  if (ticks.size() > 1) {
    double step = std::abs(ticks[1] - ticks[0]);
    while (decimals < 8 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6) ++decimals;
  }
  std::vector<std::string> out;
  char buf[64];
  for (double t : ticks) {
    if (std::abs(t) >= 1e5 || (t != 0 && std::abs(t) < 1e-4)) std::snprintf(buf, sizeof buf, "%.3g", t);
    else std::snprintf(buf, sizeof buf, "%.*f", decimals, t);
    out.push_back(withMinus(buf));
  }
  return out;
}

std::vector<double> logTicks(double lo, double hi) {
  int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9)), last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
  std::vector<double> at;
  for (int k = first, every = std::max(1, (last - first + 7) / 8); k <= last; k += every) at.push_back(std::pow(10.0, k));
  if (at.size() >= 3) return at;
  at.clear();  // two decades or less: 1, 2 and 5 times the powers of ten
  for (int k = first - 1; k <= last; ++k)
    for (double m : {1.0, 2.0, 5.0})
      if (double t = m * std::pow(10.0, k); t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) at.push_back(t);
  return at;
}

std::vector<std::string> logTickLabels(const std::vector<double>& ticks) {
  auto isPowerOfTen = [](double t) { return std::abs(std::log10(t) - std::round(std::log10(t))) < 1e-9; };
  bool powers = std::all_of(ticks.begin(), ticks.end(), isPowerOfTen);
  std::vector<std::string> out;
  for (double t : ticks) {
    int k = static_cast<int>(std::round(std::log10(t)));
    out.push_back(!powers ? withMinus(fmt("%g", t)) : k == 0 ? "1" : "10^" + std::to_string(k));
  }
  return out;
}

std::pair<double, double> niceRange(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {
    double d = std::max(std::abs(hi) * 0.1, 1e-3);
    lo -= d, hi += d;
  }
  std::vector<double> t = niceTicks(lo, hi, 6);
  double step = t.size() > 1 ? t[1] - t[0] : (hi - lo);
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

// ---- Figure ------------------------------------------------------------------------------------

Figure::Figure(int width, int height) : width_(width), height_(height) {
  surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cr_ = cairo_create(surface_);
  setColor(cr_, colors::white);
  cairo_paint(cr_);
}

Figure::~Figure() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

double Figure::textWidth(const std::string& s, double size, bool bold) const { return labelWidth(cr_, s, size, bold); }

void Figure::text(double x, double y, const std::string& s, const TextStyle& st) {
  cairo_save(cr_);
  setFont(cr_, st.size, st.bold);
  cairo_font_extents_t fe;
  cairo_font_extents(cr_, &fe);
  double w = labelWidth(cr_, s, st.size, st.bold);
  double dx = st.h == HAlign::Left ? 0 : st.h == HAlign::Center ? -w / 2 : -w;
  double cap = 0.73 * st.size;  // DejaVu Sans' cap height
  double dy = st.v == VAlign::Top ? cap : st.v == VAlign::Middle ? cap / 2 : st.v == VAlign::Bottom ? -fe.descent : 0;
  cairo_translate(cr_, x, y);
  cairo_rotate(cr_, -st.angle * M_PI / 180);
  setColor(cr_, st.color);
  setFont(cr_, st.size, st.bold);
  cairo_move_to(cr_, dx, dy);
  if (isPower(s)) {
    cairo_show_text(cr_, "10");
    setFont(cr_, st.size * 0.75, st.bold);
    cairo_rel_move_to(cr_, 0, -st.size * 0.4);
    cairo_show_text(cr_, withMinus(s.substr(3)).c_str());
  } else {
    cairo_show_text(cr_, s.c_str());
  }
  cairo_restore(cr_);
}

void Figure::title(const std::string& s) {
  text(width_ / 2.0, 12, s, {16, colors::black, HAlign::Center, VAlign::Top, true});
}

void Figure::save(const std::string& path) const {
  cairo_surface_flush(surface_);
  std::string bytes;
  auto append = [](void* closure, const unsigned char* data, unsigned int length) -> cairo_status_t {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  if (cairo_surface_write_to_png_stream(surface_, append, &bytes) != CAIRO_STATUS_SUCCESS)
    fail(SourceLoc{path, 0, 0}, "cannot encode the PNG image");
  writeFileAtomic(path, bytes);
}

// ---- Axes --------------------------------------------------------------------------------------

Axes::Axes(Figure& fig, Rect box) : fig_(fig), cr_(fig.cairo()), box_(box) {}

void Axes::setX(double lo, double hi) { x0_ = lo, x1_ = hi > lo ? hi : lo + 1; }

void Axes::setY(double lo, double hi, bool log, bool inverted) {
  logY_ = log, invertY_ = inverted;
  if (log) lo = std::max(lo, 1e-300), hi = std::max(hi, lo * 10);
  y0_ = lo, y1_ = hi > lo ? hi : lo + 1;
}

double Axes::px(double x) const { return box_.x + (x - x0_) / (x1_ - x0_) * box_.w; }

double Axes::py(double y) const {
  double f = logY_ ? (std::log10(std::max(y, 1e-300)) - std::log10(y0_)) / (std::log10(y1_) - std::log10(y0_)) : (y - y0_) / (y1_ - y0_);
  return invertY_ ? box_.y + f * box_.h : box_.bottom() - f * box_.h;
}

void Axes::clip() const {
  cairo_rectangle(cr_, box_.x, box_.y, box_.w, box_.h);
  cairo_clip(cr_);
}

void Axes::title(const std::string& s) { fig_.text(box_.x + box_.w / 2, box_.y - 10, s, {kTitleSize, colors::black, HAlign::Center, VAlign::Bottom, true}); }

void Axes::xlabel(const std::string& s) {
  double below = xt_.empty() ? kPad : kTickLength + kPad + kTickSize + 4;
  fig_.text(box_.x + box_.w / 2, box_.bottom() + below + 2, s, {kLabelSize, colors::black, HAlign::Center, VAlign::Top});
}

void Axes::ylabel(const std::string& s) {
  double left = yt_.empty() ? kPad : kTickLength + kPad + ytickWidth_ + 8;
  fig_.text(box_.x - left, box_.y + box_.h / 2, s, {kLabelSize, colors::black, HAlign::Center, VAlign::Bottom, false, 90});
}

void Axes::ylabelRight(const std::string& s) {
  fig_.text(box_.right() + 8, box_.y + box_.h / 2, s, {kLabelSize, colors::black, HAlign::Center, VAlign::Top, false, 90});
}

void Axes::xticks(const std::vector<double>& at, const std::vector<std::string>& labels) {
  xt_ = at, xtl_ = labels;
  drawTicks(true);
}

void Axes::yticks(const std::vector<double>& at, const std::vector<std::string>& labels) {
  yt_ = at, ytl_ = labels;
  ytickWidth_ = 0;
  for (const auto& l : labels) ytickWidth_ = std::max(ytickWidth_, fig_.textWidth(l, kTickSize));
  drawTicks(false);
}

void Axes::drawTicks(bool x) {
  const auto& at = x ? xt_ : yt_;
  const auto& labels = x ? xtl_ : ytl_;
  cairo_save(cr_);
  setColor(cr_, colors::darkGrey);
  cairo_set_line_width(cr_, 1);
  for (size_t i = 0; i < at.size(); ++i) {
    double p = x ? px(at[i]) : py(at[i]);
    if (x) {
      cairo_move_to(cr_, p, box_.bottom());
      cairo_line_to(cr_, p, box_.bottom() + kTickLength);
    } else {
      cairo_move_to(cr_, box_.x, p);
      cairo_line_to(cr_, box_.x - kTickLength, p);
    }
    cairo_stroke(cr_);
    if (i < labels.size()) {
      if (x) fig_.text(p, box_.bottom() + kTickLength + kPad, labels[i], {kTickSize, colors::darkGrey, HAlign::Center, VAlign::Top});
      else fig_.text(box_.x - kTickLength - kPad, p, labels[i], {kTickSize, colors::darkGrey, HAlign::Right, VAlign::Middle});
    }
  }
  cairo_restore(cr_);
}

void Axes::autoTicks(bool x, bool y) {
  if (x) {
    std::vector<double> xt = niceTicks(x0_, x1_, std::max(3, static_cast<int>(box_.w / 70)));
    xticks(xt, tickLabels(xt));
  }
  if (!y) return;
  if (logY_) {
    std::vector<double> at = logTicks(y0_, y1_);
    yticks(at, logTickLabels(at));
  } else {
    std::vector<double> yt = niceTicks(std::min(y0_, y1_), std::max(y0_, y1_), std::max(3, static_cast<int>(box_.h / 45)));
    yticks(yt, tickLabels(yt));
  }
}

void Axes::indexTicks(bool x, bool y) {
  auto ticks = [](double lo, double hi, double pixels) {
    int64_t first = static_cast<int64_t>(std::ceil(lo)), last = static_cast<int64_t>(std::floor(hi));
    // The smallest step of 1, 2 or 5 times a power of ten that keeps the labels ~28 px apart.
    int64_t span = std::max<int64_t>(0, last - first), maxCount = std::max<int64_t>(2, static_cast<int64_t>(pixels / 28)), step = 1;
    for (int64_t mag = 1; span / step + 1 > maxCount; mag *= 10)
      for (int64_t m : {1, 2, 5})
        if (span / (step = m * mag) + 1 <= maxCount) break;
    std::vector<double> at;
    for (int64_t i = (first + step - 1) / step * step; i <= last; i += step) at.push_back(static_cast<double>(i));
    return at;
  };
  auto labels = [](const std::vector<double>& at) {
    std::vector<std::string> l;
    for (double v : at) l.push_back(std::to_string(static_cast<int64_t>(v)));
    return l;
  };
  if (x) {
    auto at = ticks(x0_, x1_, box_.w);
    xticks(at, labels(at));
  }
  if (y) {
    auto at = ticks(std::min(y0_, y1_), std::max(y0_, y1_), box_.h);
    yticks(at, labels(at));
  }
}

void Axes::grid() {
  cairo_save(cr_);
  setColor(cr_, colors::lightGrey);
  cairo_set_line_width(cr_, 1);
  for (double t : yt_) {
    double p = std::round(py(t)) + 0.5;
    cairo_move_to(cr_, box_.x, p);
    cairo_line_to(cr_, box_.right(), p);
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::frame() {
  cairo_save(cr_);
  setColor(cr_, colors::darkGrey);
  cairo_set_line_width(cr_, 1);
  cairo_rectangle(cr_, std::round(box_.x) + 0.5, std::round(box_.y) + 0.5, std::round(box_.w), std::round(box_.h));
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::background(Color color) {
  cairo_save(cr_);
  setColor(cr_, color);
  cairo_rectangle(cr_, box_.x, box_.y, box_.w, box_.h);
  cairo_fill(cr_);
  cairo_restore(cr_);
}

void Axes::legend(const std::vector<LegendEntry>& entries, Corner corner) {
  if (entries.empty()) return;
  const double size = 12, rowH = 19, sample = 24, margin = 8;
  double textW = 0;
  for (const auto& e : entries) textW = std::max(textW, fig_.textWidth(e.label, size));
  double w = margin * 3 + sample + textW, h = margin * 2 + rowH * static_cast<double>(entries.size()) - 4;
  auto place = [&](Corner c) {
    bool right = c == Corner::UpperRight || c == Corner::LowerRight, upper = c == Corner::UpperRight || c == Corner::UpperLeft;
    return Rect{right ? box_.right() - w - 8 : box_.x + 8, upper ? box_.y + 8 : box_.bottom() - h - 8, w, h};
  };
  Rect r = place(corner == Corner::Best ? Corner::UpperRight : corner);
  if (corner == Corner::Best) {  // the corner covering the fewest marks
    size_t fewest = SIZE_MAX;
    for (Corner c : {Corner::UpperRight, Corner::UpperLeft, Corner::LowerRight, Corner::LowerLeft}) {
      Rect cand = place(c);
      size_t n = std::count_if(points_.begin(), points_.end(), [&](const auto& p) {
        return p.first >= cand.x - 4 && p.first <= cand.right() + 4 && p.second >= cand.y - 4 && p.second <= cand.bottom() + 4;
      });
      if (n < fewest) fewest = n, r = cand;
    }
  }
  cairo_save(cr_);
  cairo_rectangle(cr_, r.x, r.y, r.w, r.h);
  setColor(cr_, colors::white.withAlpha(0.9));
  cairo_fill_preserve(cr_);
  setColor(cr_, colors::lightGrey);
  cairo_set_line_width(cr_, 1);
  cairo_stroke(cr_);
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    double y = r.y + margin + rowH * (static_cast<double>(i) + 0.5) - 2, x = r.x + margin;
    setColor(cr_, e.color);
    if (e.style == LegendEntry::Dot) {
      cairo_arc(cr_, x + sample / 2, y, 4, 0, 2 * M_PI);
      cairo_fill(cr_);
    } else if (e.style == LegendEntry::Patch) {
      cairo_rectangle(cr_, x + 4, y - 6, sample - 8, 12);
      cairo_fill(cr_);
    } else {
      cairo_set_line_width(cr_, 2.5);
      if (e.style == LegendEntry::Dashed) {
        double d[] = {6, 3};
        cairo_set_dash(cr_, d, 2, 0);
      }
      cairo_move_to(cr_, x, y);
      cairo_line_to(cr_, x + sample, y);
      cairo_stroke(cr_);
      cairo_set_dash(cr_, nullptr, 0, 0);
    }
    fig_.text(x + sample + margin, y, e.label, {size, colors::black, HAlign::Left, VAlign::Middle});
  }
  cairo_restore(cr_);
}

void Axes::line(const std::vector<double>& x, const std::vector<double>& y, Color color, double width, bool dashed) {
  cairo_save(cr_);
  clip();
  setColor(cr_, color);
  cairo_set_line_width(cr_, width);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  if (dashed) {
    double d[] = {6, 3};
    cairo_set_dash(cr_, d, 2, 0);
  }
  bool pen = false;
  for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || (logY_ && y[i] <= 0)) {
      pen = false;
      continue;
    }
    double a = px(x[i]), b = py(y[i]);
    if (pen) {  // sample the segment for Corner::Best
      auto [pa, pb] = points_.back();
      for (int k = 1; k < 8; ++k) points_.push_back({pa + (a - pa) * k / 8, pb + (b - pb) * k / 8});
    }
    points_.push_back({a, b});
    pen ? cairo_line_to(cr_, a, b) : cairo_move_to(cr_, a, b);
    pen = true;
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::scatter(const std::vector<double>& x, const std::vector<double>& y, Color color, double radius) {
  cairo_save(cr_);
  clip();
  setColor(cr_, color);
  for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || (logY_ && y[i] <= 0)) continue;
    points_.push_back({px(x[i]), py(y[i])});
    cairo_new_sub_path(cr_);
    cairo_arc(cr_, px(x[i]), py(y[i]), radius, 0, 2 * M_PI);
    cairo_fill(cr_);  // one fill per dot, so overlapping translucent dots add up
  }
  cairo_restore(cr_);
}

void Axes::bars(const std::vector<double>& heights, Color color, double widthFraction) {
  cairo_save(cr_);
  clip();
  setColor(cr_, color);
  double base = logY_ ? y0_ : 0;
  for (size_t i = 0; i < heights.size(); ++i) {
    if (!std::isfinite(heights[i])) continue;
    double c = static_cast<double>(i), a = px(c - widthFraction / 2), b = px(c + widthFraction / 2);
    double top = py(heights[i]), bottom = py(base);
    cairo_rectangle(cr_, a, std::min(top, bottom), b - a, std::abs(bottom - top));
    for (double f = 0; f <= 1; f += 0.05) points_.push_back({(a + b) / 2, top + f * (bottom - top)});  // for Corner::Best
  }
  cairo_fill(cr_);
  cairo_restore(cr_);
  if (!logY_ && y0_ < 0 && y1_ > 0) hline(0, colors::darkGrey, 1);
}

void Axes::heatmap(const Matrix& m, Colormap map, double vmin, double vmax, bool logScale) {
  if (m.rows == 0 || m.cols == 0) return;
  // One pixel per cell, scaled up with nearest-neighbour filtering: crisp cells, no seams.
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(m.cols), static_cast<int>(m.rows));
  cairo_surface_flush(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  for (int64_t r = 0; r < m.rows; ++r) {
    auto* row = reinterpret_cast<uint32_t*>(data + r * stride);
    for (int64_t c = 0; c < m.cols; ++c) {
      double t = colorPosition(m.at(r, c), vmin, vmax, logScale);
      if (!std::isfinite(t)) {
        row[c] = 0;  // transparent: the background shows
        continue;
      }
      Color k = colormap(map, t);
      auto byte = [](double f) { return static_cast<uint32_t>(std::lround(std::clamp(f, 0.0, 1.0) * 255)); };
      row[c] = 0xFF000000u | byte(k.r) << 16 | byte(k.g) << 8 | byte(k.b);
    }
  }
  cairo_surface_mark_dirty(img);
  cairo_save(cr_);
  clip();
  cairo_translate(cr_, px(-0.5), py(-0.5));
  cairo_scale(cr_, px(0.5) - px(-0.5), py(0.5) - py(-0.5));
  cairo_set_source_surface(cr_, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
  cairo_paint(cr_);
  cairo_restore(cr_);
  cairo_surface_destroy(img);
}

void Axes::cellText(double x, double y, const std::string& s, Color color, double size, bool bold) {
  fig_.text(px(x), py(y), s, {size, color, HAlign::Center, VAlign::Middle, bold});
}

void Axes::box(double x0, double y0, double x1, double y1, Color color, double width) {
  cairo_save(cr_);
  setColor(cr_, color);
  cairo_set_line_width(cr_, width);
  double a = px(x0), b = px(x1), c = py(y0), d = py(y1);
  cairo_rectangle(cr_, std::min(a, b), std::min(c, d), std::abs(b - a), std::abs(d - c));
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::hline(double y, Color color, double width, bool dashed) {
  line({x0_, x1_}, {y, y}, color, width, dashed);
}

void Axes::vline(double x, Color color, double width, bool dashed) {
  cairo_save(cr_);
  clip();
  setColor(cr_, color);
  cairo_set_line_width(cr_, width);
  if (dashed) {
    double d[] = {6, 3};
    cairo_set_dash(cr_, d, 2, 0);
  }
  cairo_move_to(cr_, px(x), box_.y);
  cairo_line_to(cr_, px(x), box_.bottom());
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void colorbar(Figure& fig, Rect box, Colormap map, double vmin, double vmax, const std::string& label, bool logScale) {
  const int steps = 256;
  Matrix m(steps, 1);
  for (int i = 0; i < steps; ++i) {
    double f = 1 - (i + 0.5) / steps;
    m.at(i, 0) = logScale ? vmin * std::pow(vmax / vmin, f) : vmin + (vmax - vmin) * f;
  }
  Axes ax(fig, box);
  ax.setX(-0.5, 0.5);
  ax.setY(-0.5, steps - 0.5, false, true);
  ax.heatmap(m, map, vmin, vmax, logScale);
  ax.frame();
  // Ticks on the right, in value units.
  std::vector<double> at = logScale ? logTicks(vmin, vmax) : niceTicks(std::min(vmin, vmax), std::max(vmin, vmax), std::max(3, static_cast<int>(box.h / 50)));
  std::vector<std::string> labels = logScale ? logTickLabels(at) : tickLabels(at);
  double widest = 0;
  cairo_t* cr = fig.cairo();
  cairo_save(cr);
  setColor(cr, colors::darkGrey);
  cairo_set_line_width(cr, 1);
  for (size_t i = 0; i < at.size(); ++i) {
    double y = box.bottom() - colorPosition(at[i], vmin, vmax, logScale) * box.h;
    cairo_move_to(cr, box.right(), y);
    cairo_line_to(cr, box.right() + kTickLength, y);
    cairo_stroke(cr);
    fig.text(box.right() + kTickLength + kPad, y, labels[i], {kTickSize, colors::darkGrey, HAlign::Left, VAlign::Middle});
    widest = std::max(widest, fig.textWidth(labels[i], kTickSize));
  }
  cairo_restore(cr);
  if (!label.empty())
    fig.text(box.right() + kTickLength + kPad + widest + 8, box.y + box.h / 2, label,
             {kLabelSize, colors::black, HAlign::Center, VAlign::Top, false, 90});
}

}  // namespace sinter::plot
