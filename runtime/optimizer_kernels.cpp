// optimizer_kernels.cpp — adam_update and sgd_update as fused kernels: one vectorised pass over
// each parameter reading param, grad and state once and writing the new param and state. The
// formulas are the reference kernels' (runtime/grad_kernels.cpp), in the same order, so the
// results are the same floats; the scalars (bias corrections) are computed once per call. A result
// may be written over its operand (p1 = p0, m1 = m0, ...: an executor updating the optimiser state
// in place): each element is read before it is written, so those pointers are not restrict.
#include <cmath>

#include "compiler/ir/ops.h"
#include "runtime/fused_kernels.h"

namespace sinter {

namespace {

#define SINTER_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))

SINTER_CLONES void adamPass(const float* p0, const float* __restrict g0, const float* m0, const float* v0, float* p1, float* m1, float* v1, int64_t n,
                            float b1, float b2, float eps, float wd, bool decoupled, float lr, float stepSize, float bc2Sqrt) {
  const float shrink = 1.0f - lr * wd;
#pragma GCC ivdep
  for (int64_t i = 0; i < n; ++i) {
    float p = p0[i], g = g0[i];
    if (decoupled) p *= shrink;
    else g += wd * p;
    float m = b1 * m0[i] + (1.0f - b1) * g;
    float v = b2 * v0[i] + (1.0f - b2) * g * g;
    p1[i] = p - stepSize * m / (std::sqrt(v) / bc2Sqrt + eps);
    m1[i] = m;
    v1[i] = v;
  }
}

SINTER_CLONES void sgdPass(const float* p0, const float* __restrict g0, const float* b0, float* p1, float* b1, int64_t n, float lr, float momentum,
                           float damp, float wd, bool firstStep, bool nesterov) {
#pragma GCC ivdep
  for (int64_t i = 0; i < n; ++i) {
    float p = p0[i], g = g0[i] + wd * p, buf = b0[i];
    if (momentum != 0) {
      buf = firstStep ? g : momentum * buf + (1.0f - damp) * g;
      g = nesterov ? g + momentum * buf : buf;
    }
    p1[i] = p - lr * g;
    b1[i] = buf;
  }
}

class Adam : public FusedKernel {
 public:
  explicit Adam(const Node& n)
      : b1_(static_cast<float>(n.f("beta1"))), b2_(static_cast<float>(n.f("beta2"))), eps_(static_cast<float>(n.f("eps"))),
        wd_(static_cast<float>(n.f("weight_decay"))), decoupled_(n.b("decoupled")) {}
  // Operands: param, grad, m, v, lr, step. Results: param, m, v.
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    const float lr = in[4]->data<float>()[0], step = in[5]->data<float>()[0];
    const float bc1 = 1.0f - std::pow(b1_, step), bc2Sqrt = std::sqrt(1.0f - std::pow(b2_, step)), stepSize = lr / bc1;
    adamPass(in[0]->data<float>(), in[1]->data<float>(), in[2]->data<float>(), in[3]->data<float>(), out[0].data<float>(), out[1].data<float>(),
             out[2].data<float>(), out[0].numel(), b1_, b2_, eps_, wd_, decoupled_, lr, stepSize, bc2Sqrt);
  }
  bool elementwise() const override { return true; }

 private:
  float b1_, b2_, eps_, wd_;
  bool decoupled_;
};

class Sgd : public FusedKernel {
 public:
  explicit Sgd(const Node& n)
      : momentum_(static_cast<float>(n.f("momentum"))), damp_(static_cast<float>(n.f("dampening"))), wd_(static_cast<float>(n.f("weight_decay"))),
        nesterov_(n.b("nesterov")) {}
  // Operands: param, grad, buf, lr, step. Results: param, buf.
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    sgdPass(in[0]->data<float>(), in[1]->data<float>(), in[2]->data<float>(), out[0].data<float>(), out[1].data<float>(), out[0].numel(),
            in[3]->data<float>()[0], momentum_, damp_, wd_, in[4]->data<float>()[0] <= 1.0f, nesterov_);
  }
  bool elementwise() const override { return true; }

 private:
  float momentum_, damp_, wd_;
  bool nesterov_;
};

}  // namespace

std::unique_ptr<FusedKernel> makeOptimizerKernel(const Node& n) {
  if (n.op->name == "adam_update") return std::make_unique<Adam>(n);
  return std::make_unique<Sgd>(n);
}

}  // namespace sinter
