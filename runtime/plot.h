// plot.h — a small plotting layer on Cairo for sinter's pictures (PNG).
//
// Just what the figures in runtime/figures.cpp need, in the spirit of matplotlib's object API:
//   Figure   a white canvas of W x H pixels; text; written as PNG atomically (temp file + rename)
//   Axes     one panel: a plotting box in pixels plus data ranges (linear or log y, y inverted for
//            images); ticks, labels, title, legend; marks clipped to the box: lines, scatter, bars,
//            heatmaps (one data unit per cell, cell (r, c) centred at x = c, y = r, like imshow),
//            text in cells, boxes
//   colorbar a vertical colour scale next to a heatmap
// Coordinates are pixels with the origin top left unless a function says "data". Text is
// DejaVu Sans (tools/setup.sh installs it), sizes in pixels.
#pragma once

#include <string>
#include <vector>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace sinter::plot {

struct Color {
  double r = 0, g = 0, b = 0, a = 1;
  Color withAlpha(double alpha) const { return {r, g, b, alpha}; }
  double luminance() const { return 0.299 * r + 0.587 * g + 0.114 * b; }
};

namespace colors {
inline constexpr Color black{0, 0, 0}, white{1, 1, 1}, grey{0.5, 0.5, 0.5}, lightGrey{0.88, 0.88, 0.88}, darkGrey{0.25, 0.25, 0.25};
inline constexpr Color red{0.86, 0.08, 0.08}, brightRed{1.0, 0.18, 0.18}, blue{0.12, 0.47, 0.71}, orange{1.0, 0.5, 0.05},
    green{0.17, 0.63, 0.17};
}  // namespace colors

// Colour of the i-th series (matplotlib's tab10 cycle).
Color seriesColor(int i);

enum class Colormap { Viridis, Binary /* 0 white -> 1 black */, Gray /* 0 black -> 1 white */ };
// The colour at t in [0, 1] (clamped).
Color colormap(Colormap map, double t);

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

enum class HAlign { Left, Center, Right };
enum class VAlign { Top, Middle, Baseline, Bottom };

struct TextStyle {
  double size = 13;
  Color color = colors::black;
  HAlign h = HAlign::Left;
  VAlign v = VAlign::Baseline;
  bool bold = false;
  double angle = 0;  // degrees, counter-clockwise about the anchor
};

// A dense row-major matrix of doubles; NaN marks "no value" (drawn as the background).
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<double> v;
  Matrix() = default;
  Matrix(int64_t r, int64_t c, double fill = 0) : rows(r), cols(c), v(static_cast<size_t>(r * c), fill) {}
  double& at(int64_t r, int64_t c) { return v[static_cast<size_t>(r * cols + c)]; }
  double at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
};

class Figure {
 public:
  Figure(int width, int height);
  ~Figure();
  Figure(const Figure&) = delete;
  Figure& operator=(const Figure&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  cairo_t* cairo() const { return cr_; }

  void text(double x, double y, const std::string& s, const TextStyle& style = {});
  double textWidth(const std::string& s, double size, bool bold = false) const;
  // The figure's title, centred at the top (the caller leaves ~40 px free there).
  void title(const std::string& s);
  // Writes the PNG atomically; a UserError names the path on failure.
  void save(const std::string& path) const;

 private:
  int width_, height_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

struct LegendEntry {
  enum Style { Line, Dashed, Dot, Patch /* a filled square, for bars */ };
  std::string label;
  Color color;
  Style style = Line;
};

enum class Corner { Best, UpperRight, UpperLeft, LowerRight, LowerLeft };

class Axes {
 public:
  // `box` is the plotting area in pixels; ticks, labels and the title are drawn outside it.
  Axes(Figure& fig, Rect box);

  // Data ranges. A log axis needs lo > 0. `inverted` puts lo at the top (images).
  void setX(double lo, double hi);
  void setY(double lo, double hi, bool log = false, bool inverted = false);
  double px(double x) const;  // data -> pixels
  double py(double y) const;
  const Rect& box() const { return box_; }

  // Decorations.
  void title(const std::string& s);
  void xlabel(const std::string& s);
  void ylabel(const std::string& s);
  void ylabelRight(const std::string& s);
  void xticks(const std::vector<double>& at, const std::vector<std::string>& labels);
  void yticks(const std::vector<double>& at, const std::vector<std::string>& labels);
  void autoTicks(bool x = true, bool y = true);  // nice ticks for linear axes, powers of ten for log ones
  void indexTicks(bool x, bool y);  // integer ticks (0, 1, 2, ... or every 2nd, 5th, ...) for index axes
  void grid();                      // light lines at the y ticks
  void frame();
  void background(Color color);  // fills the box
  void legend(const std::vector<LegendEntry>& entries, Corner corner = Corner::Best);

  // Marks, in data coordinates, clipped to the box.
  void line(const std::vector<double>& x, const std::vector<double>& y, Color color, double width = 2, bool dashed = false);
  void scatter(const std::vector<double>& x, const std::vector<double>& y, Color color, double radius = 3);
  void bars(const std::vector<double>& heights, Color color, double widthFraction = 0.8);  // bar i centred at x = i
  // NaN cells (and cells <= 0 on a log scale) are left transparent.
  void heatmap(const Matrix& m, Colormap map, double vmin, double vmax, bool logScale = false);
  void cellText(double x, double y, const std::string& s, Color color, double size = 12, bool bold = false);
  void box(double x0, double y0, double x1, double y1, Color color, double width = 2);  // outline
  void hline(double y, Color color, double width = 1, bool dashed = false);
  void vline(double x, Color color, double width = 1, bool dashed = false);

 private:
  void clip() const;
  void drawTicks(bool x);
  Figure& fig_;
  cairo_t* cr_;
  Rect box_;
  double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;
  bool logY_ = false, invertY_ = false;
  std::vector<double> xt_, yt_;
  std::vector<std::string> xtl_, ytl_;
  double ytickWidth_ = 0;                 // widest y tick label, to place the y label clear of it
  std::vector<std::pair<double, double>> points_;  // pixel positions of marks, for Corner::Best
};

// A vertical colour bar in `box` for values vmin..vmax, ticks on its right, `label` beside them.
void colorbar(Figure& fig, Rect box, Colormap map, double vmin, double vmax, const std::string& label = "", bool logScale = false);

// Tick helpers: about `count` round values covering [lo, hi]; their labels with just enough
// decimals; powers of ten for a log axis.
std::vector<double> niceTicks(double lo, double hi, int count = 6);
std::vector<std::string> tickLabels(const std::vector<double>& ticks);
std::vector<double> logTicks(double lo, double hi);  // powers of ten, or 1-2-5 steps over <= 2 decades
std::vector<std::string> logTickLabels(const std::vector<double>& ticks);
// [lo, hi] widened to round values (for autoscaling a linear axis).
std::pair<double, double> niceRange(double lo, double hi);

}  // namespace sinter::plot
