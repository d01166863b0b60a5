// conv_algorithms.cpp — oneDNN's Winograd F(4×4, 3×3) convolutions against its direct ones, for
// the forward, the input gradient and the weight gradient of 3×3 stride-1 convolutions: the
// measurements behind loops::winogradConvolution (compiler/loops/lower.cpp).
//
//   build/bench/sinter_bench_conv_algorithms [--reps N] [--threads N]
//
// One JSON line per shape and pass: median milliseconds of each algorithm (N repetitions,
// default 9, the two interleaved), their ratio (Winograd / direct; below 1 Winograd wins) and
// oneDNN's implementation names. Layouts are the primitives' own (format `any`), as in
// runtime/onednn.cpp; the reorders around them are the same for both algorithms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/onednn_internal.h"
#include "runtime/threads.h"

using namespace sinter;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

namespace {

struct Shape4 {
  const char* name;
  int64_t n, c, o, h, pad;
};

// One pass of one convolution with one algorithm: its primitive and memories, filled with a
// pattern (the time does not depend on the values).
struct Pass {
  dnnl::primitive prim;
  std::unordered_map<int, dnnl::memory> args;
  std::string impl;
};

dnnl::memory filled(const dnnl::memory::desc& md) {
  dnnl::memory m(md, oneDnnEngine());
  float* p = static_cast<float*>(m.get_data_handle());
  for (size_t i = 0; i < md.get_size() / sizeof(float); ++i) p[i] = static_cast<float>(i % 7) * 0.1f - 0.3f;
  return m;
}

// pass: 0 forward, 1 input gradient, 2 weight gradient. Throws dnnl::error where oneDNN has no
// kernel.
Pass build(const Shape4& s, dnnl::algorithm alg, int pass) {
  const int64_t oh = s.h - 2 + 2 * s.pad;
  auto any = [](dnnl::memory::dims d) { return dnnl::memory::desc(d, dt::f32, tag::any); };
  auto x = any({s.n, s.c, s.h, s.h}), w = any({s.o, s.c, 3, 3}), y = any({s.n, s.o, oh, oh});
  auto b = dnnl::memory::desc({s.o}, dt::f32, tag::a);
  dnnl::memory::dims st{1, 1}, pd{s.pad, s.pad};
  dnnl::convolution_forward::primitive_desc fwd({dnnl::prop_kind::forward_training, alg, x, w, b, y, st, pd, pd}, oneDnnEngine());
  Pass p;
  if (pass == 0) {
    p.prim = dnnl::convolution_forward(fwd);
    p.args = {{DNNL_ARG_SRC, filled(fwd.src_desc())}, {DNNL_ARG_WEIGHTS, filled(fwd.weights_desc())}, {DNNL_ARG_BIAS, filled(b)},
              {DNNL_ARG_DST, filled(fwd.dst_desc())}};
    p.impl = fwd.impl_info_str();
  } else if (pass == 1) {
    dnnl::convolution_backward_data::primitive_desc bd({alg, x, w, y, st, pd, pd}, oneDnnEngine(), fwd);
    p.prim = dnnl::convolution_backward_data(bd);
    p.args = {{DNNL_ARG_DIFF_DST, filled(bd.diff_dst_desc())}, {DNNL_ARG_WEIGHTS, filled(bd.weights_desc())},
              {DNNL_ARG_DIFF_SRC, filled(bd.diff_src_desc())}};
    p.impl = bd.impl_info_str();
  } else {
    // No bias gradient: the runtime's conv2d_grad_weight has none (a generated sum does it).
    dnnl::convolution_backward_weights::primitive_desc bw({alg, x, w, y, st, pd, pd}, oneDnnEngine(), fwd);
    p.prim = dnnl::convolution_backward_weights(bw);
    p.args = {{DNNL_ARG_SRC, filled(bw.src_desc())}, {DNNL_ARG_DIFF_DST, filled(bw.diff_dst_desc())},
              {DNNL_ARG_DIFF_WEIGHTS, filled(bw.diff_weights_desc())}};
    p.impl = bw.impl_info_str();
  }
  return p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 9;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--reps") reps = std::stoi(argv[++i]);
    if (std::string(argv[i]) == "--threads") setThreadCount(std::stoi(argv[++i]));
  }
  ScopedThreads scope(threadCount());
  const Shape4 shapes[] = {
      {"mnist_add conv2", 192, 32, 64, 13, 0}, {"mnist_add conv3", 192, 64, 128, 5, 0}, {"16 channels", 32, 16, 16, 28, 1},
      {"16 -> 32", 32, 16, 32, 28, 0},        {"32, same", 32, 32, 32, 28, 1},          {"64, same", 32, 64, 64, 14, 1},
      {"128, same", 32, 128, 128, 14, 1},     {"128, same, 7x7", 32, 128, 128, 7, 1},   {"256, same, 7x7", 32, 256, 256, 7, 1},
  };
  const char* passes[] = {"forward", "input gradient", "weight gradient"};
  dnnl::stream stream(oneDnnEngine());
  for (const Shape4& s : shapes)
    for (int pass = 0; pass < 3; ++pass) {
      Pass direct = build(s, dnnl::algorithm::convolution_direct, pass), wino;
      try {
        wino = build(s, dnnl::algorithm::convolution_winograd, pass);
      } catch (const dnnl::error&) {
        std::printf("{\"shape\": \"%s\", \"pass\": \"%s\", \"winograd\": \"unimplemented\"}\n", s.name, passes[pass]);
        continue;
      }
      std::vector<double> td, tw;
      auto time = [&](Pass& p) {
        auto a = std::chrono::steady_clock::now();
        p.prim.execute(stream, p.args);
        stream.wait();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
      };
      for (int w = 0; w < 3; ++w) time(direct), time(wino);  // warm-up (the first calls fault pages in and start threads)
      for (int r = 0; r < reps; ++r) td.push_back(time(direct)), tw.push_back(time(wino));
      const double d = median(td), w = median(tw);
      std::printf("{\"shape\": \"%s\", \"n\": %lld, \"c\": %lld, \"o\": %lld, \"h\": %lld, \"padding\": %lld, \"pass\": \"%s\", "
                  "\"direct_ms\": %.3f, \"winograd_ms\": %.3f, \"ratio\": %.2f, \"direct_impl\": \"%s\", \"winograd_impl\": \"%s\"}\n",
                  s.name, static_cast<long long>(s.n), static_cast<long long>(s.c), static_cast<long long>(s.o), static_cast<long long>(s.h),
                  static_cast<long long>(s.pad), passes[pass], d, w, w / d, direct.impl.c_str(), wino.impl.c_str());
      std::fflush(stdout);
    }
}
