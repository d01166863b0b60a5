#include "runtime/onednn.h"

#include <oneapi/dnnl/dnnl.hpp>

#include "compiler/ir/ops.h"
#include "runtime/threads.h"

namespace sinter {

namespace {

dnnl::engine& cpuEngine() {
  static dnnl::engine eng = [] {
    setThreadCount(threadCount());  // OpenMP's thread count (runtime/threads.h: one by default)
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
  return eng;
}

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

// A plain row-major f32 descriptor (NCHW activations, OIHW weights).
dnnl::memory::desc plainDesc(const Shape& shape) { return matrixDesc(dims(shape.begin(), shape.end()), false); }

struct OneDnnKernel::Impl {
  dnnl::primitive prim;
  dnnl::memory src, weights, bias, dst;
  dnnl::stream stream{cpuEngine()};
  bool hasBias = false;
  // Which operand (or -1: the result) each oneDNN argument binds to.
  std::vector<std::pair<int, int>> bindings;  // (DNNL_ARG_*, operand index)
  std::vector<dnnl::memory> memories;         // parallel to bindings
};

namespace {

// conv2d and its gradients: one primitive with its arguments bound to operands and the result.
void buildConvolution(const Node& n, OneDnnKernel::Impl& m) {
  const std::string& op = n.op->name;
  int64_t k = n.i("kernel"), s = n.i("stride"), p = n.i("padding");
  Shape x = op == "conv2d_grad_input" ? Shape(n.ints("shape").begin(), n.ints("shape").end()) : n.operands[0].type().shape;
  Shape y = op == "conv2d" ? n.results[0].shape : op == "conv2d_grad_input" ? n.operands[0].type().shape : n.operands[1].type().shape;
  Shape w = op == "conv2d" ? n.operands[1].type().shape : op == "conv2d_grad_input" ? n.operands[1].type().shape : n.results[0].shape;
  (void)k;
  dims strides = {s, s}, padL = {p, p};
  // The right/bottom padding that makes oneDNN's output size PyTorch's floor((H + 2p - k) / s) + 1.
  dims padR = {(y[2] - 1) * s + w[2] - x[2] - p, (y[3] - 1) * s + w[3] - x[3] - p};
  auto xd = plainDesc(x), yd = plainDesc(y), wd = plainDesc(w);
  bool bias = op == "conv2d" && n.operands.size() > 2 && n.operands[2];
  dnnl::memory::desc bd = bias ? plainDesc(n.operands[2].type().shape) : dnnl::memory::desc();
  auto fwdDesc = bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, xd, wd, bd, yd,
                                                        strides, padL, padR)
                      : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, xd, wd, yd,
                                                        strides, padL, padR);
  dnnl::convolution_forward::primitive_desc fwd(fwdDesc, cpuEngine());
  auto bind = [&](int arg, const dnnl::memory::desc& md, int operand) {
    m.bindings.push_back({arg, operand});
    m.memories.push_back(dnnl::memory(md, cpuEngine(), DNNL_MEMORY_NONE));
  };
  if (op == "conv2d") {
    m.prim = dnnl::convolution_forward(fwd);
    bind(DNNL_ARG_SRC, xd, 0), bind(DNNL_ARG_WEIGHTS, wd, 1), bind(DNNL_ARG_DST, yd, -1);
    if (bias) bind(DNNL_ARG_BIAS, bd, 2);
  } else if (op == "conv2d_grad_input") {
    dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, xd, wd, yd, strides, padL, padR);
    m.prim = dnnl::convolution_backward_data(dnnl::convolution_backward_data::primitive_desc(d, cpuEngine(), fwd));
    bind(DNNL_ARG_DIFF_DST, yd, 0), bind(DNNL_ARG_WEIGHTS, wd, 1), bind(DNNL_ARG_DIFF_SRC, xd, -1);
  } else {
    dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, xd, wd, yd, strides, padL, padR);
    m.prim = dnnl::convolution_backward_weights(dnnl::convolution_backward_weights::primitive_desc(d, cpuEngine(), fwd));
    bind(DNNL_ARG_SRC, xd, 0), bind(DNNL_ARG_DIFF_DST, yd, 1), bind(DNNL_ARG_DIFF_WEIGHTS, wd, -1);
  }
}

}  // namespace

OneDnnKernel::OneDnnKernel(const Node& n) : impl_(std::make_unique<Impl>()) {
  const std::string& op = n.op->name;
  if (op.rfind("conv2d", 0) == 0) {
    buildConvolution(n, *impl_);
    return;
  }
  dnnl::memory::desc srcMd, weightsMd, biasMd, dstMd;
  dnnl::primitive_attr attr;
  const Shape& outShape = n.results[0].shape;
  if (op == "linear") {
    int64_t inF = n.operands[0].type().shape.back(), outF = n.i("out"), rows = n.operands[0].type().numel() / inF;
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
    if (it != acts.end()) {
      dnnl::post_ops po;
      po.append_eltwise(1.0f, it->second, 0.0f, 0.0f);
      attr.set_post_ops(po);
    }
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
  auto desc = impl_->hasBias ? dnnl::matmul::desc(srcMd, weightsMd, biasMd, dstMd) : dnnl::matmul::desc(srcMd, weightsMd, dstMd);
  dnnl::matmul::primitive_desc pd(desc, attr, cpuEngine());
  impl_->prim = dnnl::matmul(pd);
  impl_->src = dnnl::memory(srcMd, cpuEngine(), DNNL_MEMORY_NONE);
  impl_->weights = dnnl::memory(weightsMd, cpuEngine(), DNNL_MEMORY_NONE);
  impl_->dst = dnnl::memory(dstMd, cpuEngine(), DNNL_MEMORY_NONE);
  if (impl_->hasBias) impl_->bias = dnnl::memory(biasMd, cpuEngine(), DNNL_MEMORY_NONE);
}

OneDnnKernel::~OneDnnKernel() = default;
OneDnnKernel::OneDnnKernel(OneDnnKernel&&) noexcept = default;

void OneDnnKernel::run(const std::vector<const Tensor*>& in, Tensor& out) {
  Impl& m = *impl_;
  if (!m.bindings.empty()) {  // a convolution
    std::unordered_map<int, dnnl::memory> args;
    for (size_t i = 0; i < m.bindings.size(); ++i) {
      auto [arg, operand] = m.bindings[i];
      m.memories[i].set_data_handle(operand < 0 ? out.raw() : const_cast<void*>(in[operand]->raw()));
      args[arg] = m.memories[i];
    }
    m.prim.execute(m.stream, args);
    m.stream.wait();
    return;
  }
  m.src.set_data_handle(const_cast<void*>(in[0]->raw()));
  m.weights.set_data_handle(const_cast<void*>(in[1]->raw()));
  m.dst.set_data_handle(out.raw());
  std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, m.src}, {DNNL_ARG_WEIGHTS, m.weights}, {DNNL_ARG_DST, m.dst}};
  if (m.hasBias) {
    m.bias.set_data_handle(const_cast<void*>(in[2]->raw()));
    args[DNNL_ARG_BIAS] = m.bias;
  }
  m.prim.execute(m.stream, args);
  m.stream.wait();
}

}  // namespace sinter
