#include "runtime/onednn.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

#include "compiler/ir/ops.h"
#include "runtime/onednn_internal.h"
#include "compiler/loops/loop_ir.h"
#include "runtime/threads.h"

namespace sinter {

namespace {

dnnl::engine& cpuEngine() { return oneDnnEngine(); }

using dims = dnnl::memory::dims;

// A plain row-major f32 descriptor of `shape` whose last two axes may be read transposed.
dnnl::memory::desc matrixDesc(const dims& shape, bool transposed) {
  dims strides(shape.size());
  int64_t s = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = s;
    s *= shape[k];
  }
  if (transposed) {  // stored as [..., cols, rows]: element (r, c) at c * rows + r
    size_t r = shape.size() - 2, c = shape.size() - 1;
    strides[r] = 1;
    strides[c] = shape[r];
  }
  return dnnl::memory::desc(shape, dnnl::memory::data_type::f32, strides);
}

}  // namespace

// Every primitive owns its scratchpad (user mode). The library's shared one ties a primitive to
// the thread that created it (oneDNN's rule for builds without DNNL_ENABLE_CONCURRENT_EXEC, as
// Debian's): two primitives made on one thread and run at once on two share its bytes. The
// executor's lanes and the LSTM wavefront run primitives on other threads, side by side.
dnnl::primitive_attr ownScratchpad(dnnl::primitive_attr attr) {
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

dnnl::memory scratchpadOf(const dnnl::primitive_desc_base& pd) { return dnnl::memory(pd.scratchpad_desc(), oneDnnEngine()); }

dnnl::engine& oneDnnEngine() {
  static dnnl::engine eng = [] {
    setThreadCount(threadCount());  // OpenMP's thread count (runtime/threads.h)
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
  return eng;
}

Gemm::Gemm(const Shape& s) : hasBias_(s.bias), threads_(threadsFor(2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k))) {
  ScopedThreads scope(threads_);  // created and run with the same count
  const int64_t lda = s.lda ? s.lda : (s.transA ? s.m : s.k), ldb = s.ldb ? s.ldb : (s.transB ? s.k : s.n), ldc = s.ldc ? s.ldc : s.n;
  auto md = [](int64_t rows, int64_t cols, int64_t ld, bool transposed) {
    return dnnl::memory::desc({rows, cols}, dnnl::memory::data_type::f32, transposed ? dims{1, ld} : dims{ld, 1});
  };
  auto a = md(s.m, s.k, lda, s.transA), b = md(s.k, s.n, ldb, s.transB), c = md(s.m, s.n, ldc, false);
  auto bias = dnnl::memory::desc({1, s.n}, dnnl::memory::data_type::f32, dims{s.n, 1});
  dnnl::primitive_attr attr;
  if (s.accumulate) {
    dnnl::post_ops po;
    po.append_sum(1.0f);
    attr.set_post_ops(po);
  }
  auto d = s.bias ? dnnl::matmul::desc(a, b, bias, c) : dnnl::matmul::desc(a, b, c);
  dnnl::matmul::primitive_desc pd(d, ownScratchpad(attr), oneDnnEngine());
  prim_ = dnnl::matmul(pd);
  a_ = dnnl::memory(a, oneDnnEngine(), DNNL_MEMORY_NONE);
  b_ = dnnl::memory(b, oneDnnEngine(), DNNL_MEMORY_NONE);
  c_ = dnnl::memory(c, oneDnnEngine(), DNNL_MEMORY_NONE);
  if (s.bias) bias_ = dnnl::memory(bias, oneDnnEngine(), DNNL_MEMORY_NONE);
  // The argument map is built once: the memories are handles, so rebinding their data pointers
  // below updates it (LSTM steps call small GEMMs hundreds of times per training step).
  args_ = {{DNNL_ARG_SRC, a_}, {DNNL_ARG_WEIGHTS, b_}, {DNNL_ARG_DST, c_}, {DNNL_ARG_SCRATCHPAD, scratchpadOf(pd)}};
  if (s.bias) args_[DNNL_ARG_BIAS] = bias_;
}

void Gemm::operator()(const float* a, const float* b, float* c, const float* bias) {
  static thread_local dnnl::stream stream(oneDnnEngine());
  a_.set_data_handle(const_cast<float*>(a));
  b_.set_data_handle(const_cast<float*>(b));
  c_.set_data_handle(c);
  if (hasBias_) bias_.set_data_handle(const_cast<float*>(bias));
  ScopedThreads scope(threads_);
  prim_.execute(stream, args_);
  stream.wait();
}

// A plain row-major f32 descriptor (NCHW activations, OIHW weights).
dnnl::memory::desc plainDesc(const Shape& shape) { return matrixDesc(dims(shape.begin(), shape.end()), false); }

struct OneDnnLstm;

struct OneDnnKernel::Impl {
  dnnl::primitive prim;
  dnnl::memory src, weights, bias, dst;
  dnnl::stream stream{cpuEngine()};
  bool hasBias = false;
  int threads = 1;  // threadsFor(the node's FLOPs)
  dnnl::post_ops postOps;   // matrix products: the activation, then the residual add
  dnnl::memory residual;    // the residual epilogue's operand
  int residualArg = 0;      // its argument index, or 0: none
  // Matrix products: the execute() arguments, built once (memories are handles: run() only
  // points them at the operands; a map per call was ~1% of a small training step, in malloc).
  std::unordered_map<int, dnnl::memory> args;
  int64_t firstIn = 0, firstOut = 0;  // a part of a product's rows: where operand 0's and the result's start (floats)
  // Convolutions: each oneDNN argument, the operand (or -1: the result) it binds to, and the
  // reordered copy it goes through when the primitive's layout is not the plain one.
  dnnl::memory scratchpad;  // the primitive's own (ownScratchpad)
  struct Binding {
    int arg, operand;
    dnnl::memory user, internal;
    dnnl::reorder reorder;
    dnnl::memory reorderScratchpad;
    int valueNode = -1, valueIndex = 0;  // the operand's graph value (OneDnnRunCache's key)
  };
  std::vector<Binding> bindings;
  // maxpool2d_grad: the forward pass that fills the workspace (operand -2 above) first.
  dnnl::primitive poolForward;
  dnnl::memory poolSrc, poolDst, poolWorkspace, poolScratchpad;
  std::unique_ptr<OneDnnLstm> lstm;           // lstm
  ~Impl();
};

namespace {

// conv2d and its gradients: one primitive with its arguments bound to operands and the result.
void buildConvolution(const Node& n, OneDnnKernel::Impl& m, bool winograd, uint32_t blocked) {
  const std::string& op = n.op->name;
  int64_t k = n.i("kernel"), s = n.i("stride"), p = n.i("padding");
  Shape x = op == "conv2d_grad_input" ? Shape(n.ints("shape").begin(), n.ints("shape").end()) : n.operands[0].type().shape;
  Shape y = op == "conv2d" ? n.results[0].shape : op == "conv2d_grad_input" ? n.operands[0].type().shape : n.operands[1].type().shape;
  Shape w = op == "conv2d" ? n.operands[1].type().shape : op == "conv2d_grad_input" ? n.operands[1].type().shape : n.results[0].shape;
  (void)k;
  dims strides = {s, s}, padL = {p, p};
  // The right/bottom padding that makes oneDNN's output size PyTorch's floor((H + 2p - k) / s) + 1.
  dims padR = {(y[2] - 1) * s + w[2] - x[2] - p, (y[3] - 1) * s + w[3] - x[3] - p};
  // The primitives pick their layouts (format `any`: blocked nChw16c-style for the direct AVX-512
  // kernels, ~4x faster than the GEMM-based ones on plain NCHW). x and y are bound as the graph
  // holds them — plain NCHW, reordered around each call, or channel-blocked (loops::blockLayouts,
  // bit k of `blocked` for operand k, kBlockedResult for the result), bound as they are.
  const bool xBlocked = op == "conv2d_grad_input" ? blocked & loops::kBlockedResult : blocked & 1u;
  const bool yBlocked = op == "conv2d" ? blocked & loops::kBlockedResult : op == "conv2d_grad_input" ? blocked & 1u : blocked & 2u;
  auto blockedDesc = [](const Shape& s) { return dnnl::memory::desc(dims(s.begin(), s.end()), dnnl::memory::data_type::f32, dnnl::memory::format_tag::aBcd16b); };
  auto xd = xBlocked ? blockedDesc(x) : plainDesc(x), yd = yBlocked ? blockedDesc(y) : plainDesc(y), wd = plainDesc(w);
  auto anyDesc = [](const Shape& s) { return dnnl::memory::desc(dims(s.begin(), s.end()), dnnl::memory::data_type::f32, dnnl::memory::format_tag::any); };
  auto xa = anyDesc(x), ya = anyDesc(y), wa = anyDesc(w);
  bool bias = op == "conv2d" && n.operands.size() > 2 && n.operands[2];
  dnnl::memory::desc bd = bias ? plainDesc(n.operands[2].type().shape) : dnnl::memory::desc();
  const dnnl::algorithm alg = winograd ? dnnl::algorithm::convolution_winograd : dnnl::algorithm::convolution_direct;
  auto fwdDesc = bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, alg, xa, wa, bd, ya, strides, padL, padR)
                      : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, alg, xa, wa, ya, strides, padL, padR);
  dnnl::convolution_forward::primitive_desc fwd(fwdDesc, ownScratchpad(), cpuEngine());
  // Binds a primitive argument to an operand (or the result, -1) in the layout the graph holds
  // it in, `user` (plain, or channel-blocked), through a reordered copy when the primitive's
  // layout `internal` differs.
  auto bind = [&](int arg, const dnnl::memory::desc& user, const dnnl::memory::desc& internal, int operand) {
    OneDnnKernel::Impl::Binding b{arg, operand, dnnl::memory(user, cpuEngine(), DNNL_MEMORY_NONE), {}, {}, {}};
    if (operand >= 0) b.valueNode = n.operands[operand].node->id, b.valueIndex = n.operands[operand].index;
    if (internal != user) {
      b.internal = dnnl::memory(internal, cpuEngine());
      dnnl::reorder::primitive_desc rpd = operand < 0 ? dnnl::reorder::primitive_desc(b.internal, b.user, ownScratchpad())
                                                      : dnnl::reorder::primitive_desc(b.user, b.internal, ownScratchpad());
      b.reorder = dnnl::reorder(rpd);
      b.reorderScratchpad = scratchpadOf(rpd);
    }
    m.bindings.push_back(std::move(b));
  };
  if (op == "conv2d") {
    m.prim = dnnl::convolution_forward(fwd);
    m.scratchpad = scratchpadOf(fwd);
    bind(DNNL_ARG_SRC, xd, fwd.src_desc(), 0), bind(DNNL_ARG_WEIGHTS, wd, fwd.weights_desc(), 1), bind(DNNL_ARG_DST, yd, fwd.dst_desc(), -1);
    if (bias) bind(DNNL_ARG_BIAS, bd, bd, 2);
  } else if (op == "conv2d_grad_input") {
    dnnl::convolution_backward_data::desc d(alg, xa, wa, ya, strides, padL, padR);
    dnnl::convolution_backward_data::primitive_desc pd(d, ownScratchpad(), cpuEngine(), fwd);
    m.prim = dnnl::convolution_backward_data(pd);
    m.scratchpad = scratchpadOf(pd);
    bind(DNNL_ARG_DIFF_DST, yd, pd.diff_dst_desc(), 0), bind(DNNL_ARG_WEIGHTS, wd, pd.weights_desc(), 1), bind(DNNL_ARG_DIFF_SRC, xd, pd.diff_src_desc(), -1);
  } else {
    dnnl::convolution_backward_weights::desc d(alg, xa, wa, ya, strides, padL, padR);
    dnnl::convolution_backward_weights::primitive_desc pd(d, ownScratchpad(), cpuEngine(), fwd);
    m.prim = dnnl::convolution_backward_weights(pd);
    m.scratchpad = scratchpadOf(pd);
    bind(DNNL_ARG_SRC, xd, pd.src_desc(), 0), bind(DNNL_ARG_DIFF_DST, yd, pd.diff_dst_desc(), 1),
        bind(DNNL_ARG_DIFF_WEIGHTS, wd, pd.diff_weights_desc(), -1);
  }
}

// maxpool2d (forward inference) and maxpool2d_grad (the forward again with oneDNN's workspace of
// argmax positions, then the backward) on plain NCHW. Both route to the first maximum of a
// window, PyTorch's rule. Right/bottom padding as for convolutions: negative when the stride
// leaves the last rows and columns out (PyTorch's floor).
void buildPooling(const Node& n, OneDnnKernel::Impl& m) {
  const bool grad = n.op->name == "maxpool2d_grad";
  const Shape& x = n.operands[0].type().shape;
  const Shape& y = grad ? n.operands[1].type().shape : n.results[0].shape;
  int64_t k = n.i("kernel"), s = n.i("stride") ? n.i("stride") : k;
  dims strides = {s, s}, kernel = {k, k}, padL = {0, 0}, padR = {(y[2] - 1) * s + k - x[2], (y[3] - 1) * s + k - x[3]};
  auto xd = plainDesc(x), yd = plainDesc(y);
  auto bind = [&](int arg, const dnnl::memory::desc& md, int operand) {
    m.bindings.push_back(OneDnnKernel::Impl::Binding{arg, operand, dnnl::memory(md, cpuEngine(), DNNL_MEMORY_NONE), {}, {}, {}});
  };
  dnnl::pooling_forward::primitive_desc fwd(
      dnnl::pooling_forward::desc(grad ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_max, xd,
                                  yd, strides, kernel, padL, padR),
      ownScratchpad(), cpuEngine());
  if (!grad) {
    m.prim = dnnl::pooling_forward(fwd);
    m.scratchpad = scratchpadOf(fwd);
    bind(DNNL_ARG_SRC, xd, 0), bind(DNNL_ARG_DST, yd, -1);
    return;
  }
  m.poolForward = dnnl::pooling_forward(fwd);
  m.poolScratchpad = scratchpadOf(fwd);
  m.poolSrc = dnnl::memory(xd, cpuEngine(), DNNL_MEMORY_NONE);
  m.poolDst = dnnl::memory(yd, cpuEngine());
  m.poolWorkspace = dnnl::memory(fwd.workspace_desc(), cpuEngine());
  dnnl::pooling_backward::primitive_desc bwd(dnnl::pooling_backward::desc(dnnl::algorithm::pooling_max, xd, yd, strides, kernel, padL, padR),
                                             ownScratchpad(), cpuEngine(), fwd);
  m.prim = dnnl::pooling_backward(bwd);
  m.scratchpad = scratchpadOf(bwd);
  bind(DNNL_ARG_DIFF_DST, yd, 1), bind(DNNL_ARG_DIFF_SRC, xd, -1), bind(DNNL_ARG_WORKSPACE, fwd.workspace_desc(), -2);
}

}  // namespace

// --- LSTM ---------------------------------------------------------------------------------------
//
// lstm (the forward) on oneDNN's LSTM inference primitive, one per layer (a layer's input width
// differs from the next's), both directions in one (bidirectional_concat), reading x and writing
// out, h_n and c_n in the spec's layouts. oneDNN's gate order is PyTorch's (i, f, g, o) and its
// `ldgoi` weight layout is PyTorch's [4H, in] per direction, so the parameters are copied into
// one staging buffer per layer and reordered into the primitive's format each run; oneDNN has
// one bias per gate, b_ih + b_hh. (lstm_grad: runtime/lstm.h — oneDNN 2.6's LSTM backward took
// ~100 ms per imdb_lstm layer and its training primitives crash on batch-first sources.)
namespace {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

dnnl::memory::desc desc(const dims& d, tag t) { return dnnl::memory::desc(d, dt::f32, t); }

// A oneDNN memory that owns its (64-byte aligned) buffer.
struct Owned {
  dnnl::memory mem;
  Owned() = default;
  explicit Owned(const dnnl::memory::desc& md) : mem(md, cpuEngine()) {}
  float* data() const { return static_cast<float*>(mem.get_data_handle()); }
};

struct LstmLayer {
  int64_t in = 0;          // input width
  dnnl::primitive prim;
  Owned userWl, userWi;    // PyTorch's weights, both directions (ldgoi)
  Owned wl, wi, bias;      // the primitive's formats (bias: plain ldgo, b_ih + b_hh)
  Owned dst;               // the output sequence [T, N, D*H] (tnc) when another layer reads it
  dnnl::memory scratchpad;
};

}  // namespace

struct OneDnnLstm {
  bool batchFirst;
  int64_t t, n, f, h, layers;
  int dirs;
  std::vector<LstmLayer> L;

  explicit OneDnnLstm(const Node& node) {
    batchFirst = node.b("batch_first");
    const Shape& xs = node.operands[0].type().shape;
    n = batchFirst ? xs[0] : xs[1], t = batchFirst ? xs[1] : xs[0], f = xs[2];
    h = node.i("hidden"), layers = node.i("layers"), dirs = node.b("bidirectional") ? 2 : 1;
    auto dir = dirs == 2 ? dnnl::rnn_direction::bidirectional_concat : dnnl::rnn_direction::unidirectional_left2right;
    const tag seq = batchFirst ? tag::ntc : tag::tnc;
    L.resize(layers);
    for (int64_t l = 0; l < layers; ++l) {
      LstmLayer& y = L[l];
      y.in = l == 0 ? f : dirs * h;
      auto src = desc({t, n, y.in}, l == 0 ? seq : tag::tnc), dst = desc({t, n, dirs * h}, l + 1 == layers ? seq : tag::tnc);
      auto iter = desc({1, dirs, n, h}, tag::ldnc), biasMd = desc({1, dirs, 4, h}, tag::ldgo);
      dnnl::lstm_forward::desc fd(dnnl::prop_kind::forward_inference, dir, src, {}, {}, desc({1, dirs, y.in, 4, h}, tag::any),
                                  desc({1, dirs, h, 4, h}, tag::any), biasMd, dst, iter, iter);
      dnnl::lstm_forward::primitive_desc pd(fd, ownScratchpad(), cpuEngine());
      y.prim = dnnl::lstm_forward(pd);
      y.scratchpad = scratchpadOf(pd);
      y.userWl = Owned(desc({1, dirs, y.in, 4, h}, tag::ldgoi)), y.userWi = Owned(desc({1, dirs, h, 4, h}, tag::ldgoi));
      y.wl = Owned(pd.weights_layer_desc()), y.wi = Owned(pd.weights_iter_desc()), y.bias = Owned(biasMd);
      if (l + 1 < layers) y.dst = Owned(dst);
    }
  }

  // Operands: x, then per (layer, direction) weight_ih, weight_hh, bias_ih, bias_hh. Results:
  // out, h_n, c_n.
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
    dnnl::stream s(cpuEngine());
    auto mem = [](const dnnl::memory::desc& md, const void* p) { return dnnl::memory(md, cpuEngine(), const_cast<void*>(p)); };
    const tag seq = batchFirst ? tag::ntc : tag::tnc;
    const int64_t g = 4 * h, iterSize = dirs * n * h;
    for (int64_t l = 0; l < layers; ++l) {
      LstmLayer& y = L[l];
      for (int d = 0; d < dirs; ++d) {
        const int slot = 1 + 4 * static_cast<int>(l * dirs + d);
        std::copy_n(in[slot]->data<float>(), g * y.in, y.userWl.data() + d * g * y.in);
        std::copy_n(in[slot + 1]->data<float>(), g * h, y.userWi.data() + d * g * h);
        const float *bih = in[slot + 2]->data<float>(), *bhh = in[slot + 3]->data<float>();
        for (int64_t k = 0; k < g; ++k) y.bias.data()[d * g + k] = bih[k] + bhh[k];
      }
      dnnl::reorder(y.userWl.mem, y.wl.mem).execute(s, y.userWl.mem, y.wl.mem);
      dnnl::reorder(y.userWi.mem, y.wi.mem).execute(s, y.userWi.mem, y.wi.mem);
      y.prim.execute(s, {{DNNL_ARG_SRC_LAYER, l == 0 ? mem(desc({t, n, f}, seq), in[0]->raw()) : L[l - 1].dst.mem},
                         {DNNL_ARG_WEIGHTS_LAYER, y.wl.mem},
                         {DNNL_ARG_WEIGHTS_ITER, y.wi.mem},
                         {DNNL_ARG_BIAS, y.bias.mem},
                         {DNNL_ARG_DST_LAYER, l + 1 == layers ? mem(desc({t, n, dirs * h}, seq), out[0].raw()) : y.dst.mem},
                         {DNNL_ARG_DST_ITER, mem(desc({1, dirs, n, h}, tag::ldnc), out[1].data<float>() + l * iterSize)},
                         {DNNL_ARG_DST_ITER_C, mem(desc({1, dirs, n, h}, tag::ldnc), out[2].data<float>() + l * iterSize)},
                         {DNNL_ARG_SCRATCHPAD, y.scratchpad}});
    }
    s.wait();
  }
};

OneDnnKernel::OneDnnKernel(const Node& n, bool residual, std::optional<Part> part, OneDnnConvolution conv) : impl_(std::make_unique<Impl>()) {
  // An LSTM's threads meet at every time step: the work that pays for them is one step's, not
  // the sequence's (imdb_lstm's inference, 250 steps of 0.8 MFLOP a layer: 2.9 ms on one
  // thread, 6.2 on two, on the Zen 5 VM of docs/benchmarks.md).
  double work = static_cast<double>(loops::libraryFlops(n));
  if (n.op->name == "lstm") {
    const Shape& x = n.operands[0].type().shape;
    work /= static_cast<double>(n.b("batch_first") ? x[1] : x[0]);
  }
  int64_t rowsOverride = -1;
  if (part) {  // rows of a product loops::rowSplit cut
    const int64_t outRow = n.results[0].shape.back();
    rowsOverride = part->end - part->begin;
    work = work * static_cast<double>(rowsOverride) / static_cast<double>(n.results[0].numel() / outRow);
    impl_->firstIn = part->begin * n.operands[0].type().shape.back();
    impl_->firstOut = part->begin * outRow;
  }
  impl_->threads = threadsFor(work);
  ScopedThreads scope(impl_->threads);  // created and run with the same count
  const std::string& op = n.op->name;
  if (op.rfind("conv2d", 0) == 0) {
    if (conv.winograd) {
      try {
        buildConvolution(n, *impl_, true, conv.blocked);
        return;
      } catch (const dnnl::error& e) {
        if (e.status != dnnl_unimplemented) throw;
        const int threads = impl_->threads;  // no Winograd kernel for this CPU or shape: the direct one
        impl_ = std::make_unique<Impl>();
        impl_->threads = threads;
      }
    }
    buildConvolution(n, *impl_, false, conv.blocked);
    return;
  }
  if (op == "maxpool2d" || op == "maxpool2d_grad") {
    buildPooling(n, *impl_);
    return;
  }
  if (op == "lstm") {
    impl_->lstm = std::make_unique<OneDnnLstm>(n);
    return;
  }
  dnnl::memory::desc srcMd, weightsMd, biasMd, dstMd;
  dnnl::primitive_attr attr;
  Shape outShape = n.results[0].shape;
  if (rowsOverride >= 0 && op == "matmul") outShape[0] = rowsOverride;
  if (op == "linear") {
    int64_t inF = n.operands[0].type().shape.back(), outF = n.i("out"), rows = n.operands[0].type().numel() / inF;
    if (rowsOverride >= 0) rows = rowsOverride;
    srcMd = matrixDesc({rows, inF}, false);
    weightsMd = matrixDesc({inF, outF}, true);  // W [out, in] read as Wᵀ [in, out]
    dstMd = matrixDesc({rows, outF}, false);
    impl_->hasBias = n.operands.size() > 2 && n.operands[2];
    if (impl_->hasBias) biasMd = matrixDesc({1, outF}, false);
    static const std::map<std::string, dnnl::algorithm> acts = {{"relu", dnnl::algorithm::eltwise_relu},
                                                                {"tanh", dnnl::algorithm::eltwise_tanh},
                                                                {"sigmoid", dnnl::algorithm::eltwise_logistic},
                                                                {"gelu", dnnl::algorithm::eltwise_gelu_erf}};
    auto it = acts.find(n.s("activation"));
    if (it != acts.end()) impl_->postOps.append_eltwise(1.0f, it->second, 0.0f, 0.0f);
  } else if (op == "matmul") {
    // Batch dimensions: the result's; operands with fewer get leading 1s (broadcast).
    const Shape& a = n.operands[0].type().shape;
    const Shape& b = n.operands[1].type().shape;
    size_t rank = outShape.size();
    auto padded = [&](const Shape& s) {
      dims d(rank - s.size(), 1);
      d.insert(d.end(), s.begin(), s.end());
      return d;
    };
    dims ad = padded(a), bd = padded(b);
    if (rowsOverride >= 0) ad[0] = rowsOverride;
    bool ta = n.b("transpose_a"), tb = n.b("transpose_b");
    // The logical (transposed) operand shapes, read through strides.
    if (ta) std::swap(ad[rank - 2], ad[rank - 1]);
    if (tb) std::swap(bd[rank - 2], bd[rank - 1]);
    srcMd = matrixDesc(ad, ta);
    weightsMd = matrixDesc(bd, tb);
    dstMd = matrixDesc(dims(outShape.begin(), outShape.end()), false);
  } else {
    throw InternalError("OneDnnKernel: no oneDNN kernel for " + op);
  }
  if (residual) {  // + the residual, after the activation: the graph's add(product, residual)
    impl_->residualArg = DNNL_ARG_ATTR_MULTIPLE_POST_OP(impl_->postOps.len()) | DNNL_ARG_SRC_1;
    impl_->postOps.append_binary(dnnl::algorithm::binary_add, dstMd);
    impl_->residual = dnnl::memory(dstMd, cpuEngine(), DNNL_MEMORY_NONE);
  }
  attr.set_post_ops(impl_->postOps);
  auto desc = impl_->hasBias ? dnnl::matmul::desc(srcMd, weightsMd, biasMd, dstMd) : dnnl::matmul::desc(srcMd, weightsMd, dstMd);
  dnnl::matmul::primitive_desc pd(desc, ownScratchpad(attr), cpuEngine());
  impl_->prim = dnnl::matmul(pd);
  impl_->scratchpad = scratchpadOf(pd);
  impl_->src = dnnl::memory(srcMd, cpuEngine(), DNNL_MEMORY_NONE);
  impl_->weights = dnnl::memory(weightsMd, cpuEngine(), DNNL_MEMORY_NONE);
  impl_->dst = dnnl::memory(dstMd, cpuEngine(), DNNL_MEMORY_NONE);
  if (impl_->hasBias) impl_->bias = dnnl::memory(biasMd, cpuEngine(), DNNL_MEMORY_NONE);
  impl_->args = {{DNNL_ARG_SRC, impl_->src}, {DNNL_ARG_WEIGHTS, impl_->weights}, {DNNL_ARG_DST, impl_->dst}, {DNNL_ARG_SCRATCHPAD, impl_->scratchpad}};
  if (impl_->hasBias) impl_->args[DNNL_ARG_BIAS] = impl_->bias;
  if (impl_->residualArg) impl_->args[impl_->residualArg] = impl_->residual;
}

struct OneDnnRunCache::Impl {
  struct Entry {
    int node, index;
    dnnl::memory::desc desc;
    dnnl::memory copy;
  };
  std::vector<Entry> entries;  // a handful per run: searched linearly
  const dnnl::memory* find(int node, int index, const dnnl::memory::desc& desc) const {
    for (const Entry& e : entries)
      if (e.node == node && e.index == index && e.desc == desc) return &e.copy;
    return nullptr;
  }
};
OneDnnRunCache::OneDnnRunCache() : impl(std::make_unique<Impl>()) {}
OneDnnRunCache::~OneDnnRunCache() = default;
void OneDnnRunCache::clear() { impl->entries.clear(); }

OneDnnKernel::Impl::~Impl() = default;
OneDnnKernel::~OneDnnKernel() = default;
OneDnnKernel::OneDnnKernel(OneDnnKernel&&) noexcept = default;

void OneDnnKernel::run(const std::vector<const Tensor*>& in, std::vector<Tensor>& results, OneDnnRunCache* cache) {
  Impl& m = *impl_;
  ScopedThreads scope(m.threads);
  if (m.lstm) return m.lstm->run(in, results);
  Tensor& out = results[0];
  if (!m.bindings.empty()) {  // a convolution or pooling
    if (m.poolForward) {
      m.poolSrc.set_data_handle(const_cast<void*>(in[0]->raw()));
      m.poolForward.execute(m.stream, {{DNNL_ARG_SRC, m.poolSrc}, {DNNL_ARG_DST, m.poolDst}, {DNNL_ARG_WORKSPACE, m.poolWorkspace},
                                       {DNNL_ARG_SCRATCHPAD, m.poolScratchpad}});
    }
    std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SCRATCHPAD, m.scratchpad}};
    for (auto& b : m.bindings) {
      if (b.operand == -2) {  // the pooling workspace
        args[b.arg] = m.poolWorkspace;
        continue;
      }
      b.user.set_data_handle(b.operand < 0 ? out.raw() : const_cast<void*>(in[b.operand]->raw()));
      args[b.arg] = b.internal ? b.internal : b.user;
      if (!b.internal || b.operand < 0) continue;
      const dnnl::memory* copied = cache ? cache->impl->find(b.valueNode, b.valueIndex, b.internal.get_desc()) : nullptr;
      if (copied) {
        args[b.arg] = *copied;  // another primitive of this run reordered this value already
        continue;
      }
      b.reorder.execute(m.stream, {{DNNL_ARG_FROM, b.user}, {DNNL_ARG_TO, b.internal}, {DNNL_ARG_SCRATCHPAD, b.reorderScratchpad}});
      if (cache) cache->impl->entries.push_back({b.valueNode, b.valueIndex, b.internal.get_desc(), b.internal});
    }
    m.prim.execute(m.stream, args);
    for (auto& b : m.bindings)
      if (b.internal && b.operand < 0)
        b.reorder.execute(m.stream, {{DNNL_ARG_FROM, b.internal}, {DNNL_ARG_TO, b.user}, {DNNL_ARG_SCRATCHPAD, b.reorderScratchpad}});
    m.stream.wait();
    return;
  }
  m.src.set_data_handle(const_cast<float*>(in[0]->data<float>()) + m.firstIn);
  m.weights.set_data_handle(const_cast<void*>(in[1]->raw()));
  m.dst.set_data_handle(out.data<float>() + m.firstOut);
  if (m.hasBias) m.bias.set_data_handle(const_cast<void*>(in[2]->raw()));
  if (m.residualArg) m.residual.set_data_handle(const_cast<float*>(in.back()->data<float>()) + m.firstOut);
  m.prim.execute(m.stream, m.args);
  m.stream.wait();
}

std::string OneDnnKernel::implementation() const {
  if (!impl_->prim) return "";
  const char* info = nullptr;
  dnnl::error::wrap_c_api(dnnl_primitive_desc_query(impl_->prim.get_primitive_desc(), dnnl_query_impl_info_str, 0, &info),
                          "could not query a primitive's implementation");
  return info ? info : "";
}

bool partsKeepBits(const Node& n, bool residual, const std::vector<OneDnnKernel::Part>& parts) {
  std::vector<const Shape*> shapes;  // per operand (null: absent), then the residual's
  for (const Value& v : n.operands) shapes.push_back(v ? &v.type().shape : nullptr);
  if (residual) shapes.push_back(&n.results[0].shape);
  std::mt19937 rng(static_cast<uint32_t>(n.id));
  std::normal_distribution<float> normal;
  std::vector<Tensor> operands;
  std::vector<const Tensor*> in;
  operands.reserve(shapes.size());
  for (const Shape* shape : shapes) {
    if (!shape) {
      in.push_back(nullptr);
      continue;
    }
    Tensor& t = operands.emplace_back(DType::f32, *shape);
    for (int64_t e = 0; e < t.numel(); ++e) t.data<float>()[e] = normal(rng);
    in.push_back(&t);
  }
  std::vector<Tensor> whole{Tensor(DType::f32, n.results[0].shape)}, cut{Tensor(DType::f32, n.results[0].shape)};
  OneDnnKernel(n, residual).run(in, whole);
  for (const OneDnnKernel::Part& part : parts) OneDnnKernel(n, residual, part).run(in, cut);
  return std::memcmp(whole[0].raw(), cut[0].raw(), whole[0].bytes()) == 0;
}

}  // namespace sinter
