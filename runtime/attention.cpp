#include "runtime/attention.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "compiler/ir/ops.h"
#include "compiler/support/diag.h"
#include "runtime/flash_attention.h"
#include "runtime/onednn_internal.h"
#include "runtime/vecmath.h"

namespace sinter {

namespace {

[[noreturn]] void dataError(const Node& n, const std::string& msg) { fail(n.loc, n.op->name + " '" + n.name + "': " + msg); }

// Checks key-padding lengths (0..limit), as the reference kernels do.
void checkLengths(const Node& n, const Tensor* lengths, int64_t limit) {
  if (!lengths) return;
  const int64_t* l = lengths->data<int64_t>();
  for (int64_t i = 0; i < lengths->numel(); ++i)
    if (l[i] < 0 || l[i] > limit) dataError(n, "length " + std::to_string(l[i]) + " is out of range 0.." + std::to_string(limit));
}

// What identifies a forward and its gradient in a FusedKernelContext: `tag` and the values of
// the first `count` operand slots (absent ones as "-").
std::string operandsKey(const char* tag, const Node& n, size_t count) {
  std::string key = tag;
  for (size_t k = 0; k < count; ++k)
    key += k < n.operands.size() && n.operands[k] ? ":" + std::to_string(n.operands[k].node->id) + "." + std::to_string(n.operands[k].index) : ":-";
  return key;
}

// One attention operand ([..., L, W] with batch dimensions that broadcast to the node's): its
// offset for each problem, and whether it is already laid out one matrix per problem.
struct Operand {
  int64_t rows = 0, width = 0;
  std::vector<int64_t> offset;  // per problem: element offset of its matrix
  bool dense = true;            // offset[p] == p * rows * width

  Operand(const Shape& s, const Shape& batch) : rows(s[s.size() - 2]), width(s.back()) {
    Shape own(s.begin(), s.end() - 2);
    own.insert(own.begin(), batch.size() - own.size(), 1);
    int64_t problems = numel(batch);
    offset.assign(problems, 0);
    for (int64_t p = 0; p < problems; ++p) {
      int64_t rest = p, off = 0, stride = 1;
      for (size_t d = batch.size(); d-- > 0;) {
        int64_t i = rest % batch[d];
        rest /= batch[d];
        if (own[d] != 1) off += i * stride;
        stride *= own[d];
      }
      offset[p] = off * rows * width;
      dense = dense && offset[p] == p * rows * width;
    }
  }
  // Copies each problem's matrix out of (expand) or adds it back into (reduce) the operand.
  void expand(const float* src, float* dst) const {
    for (size_t p = 0; p < offset.size(); ++p) std::memcpy(dst + p * rows * width, src + offset[p], rows * width * sizeof(float));
  }
  void reduce(const float* src, float* dst, int64_t elements) const {
    std::memset(dst, 0, elements * sizeof(float));
    for (size_t p = 0; p < offset.size(); ++p)
      for (int64_t e = 0; e < rows * width; ++e) dst[offset[p] + e] += src[p * rows * width + e];
  }
};

// Σ a[t] b[t], y[t] += a x[t] and y[t] = a x[t] over a row of W elements when W > 0 (fixed at
// compile time: unrolled, no loop), else of n.
template <int W>
inline float dot(const float* a, const float* b, int64_t n) {
  const int64_t m = W > 0 ? W : n;
  float s = 0;
  for (int64_t t = 0; t < m; ++t) s += a[t] * b[t];
  return s;
}
template <int W>
inline void axpy(float a, const float* x, float* y, int64_t n) {
  const int64_t m = W > 0 ? W : n;
  for (int64_t t = 0; t < m; ++t) y[t] += a * x[t];
}
template <int W>
inline void scaled(float a, const float* x, float* y, int64_t n) {  // y = a x
  const int64_t m = W > 0 ? W : n;
  for (int64_t t = 0; t < m; ++t) y[t] = a * x[t];
}

// Calls f.template operator()<D, DV>() with the row widths fixed at compile time for short rows
// (q and k rows of 1..8, value rows of 1: count24's 5 and 1), 0 (read at run time) otherwise —
// so the small kernels' inner loops have no per-call dispatch.
template <int DV, typename F>
void withKeyWidth(int64_t d, F&& f) {
  switch (d) {
    case 1: return f.template operator()<1, DV>();
    case 2: return f.template operator()<2, DV>();
    case 3: return f.template operator()<3, DV>();
    case 4: return f.template operator()<4, DV>();
    case 5: return f.template operator()<5, DV>();
    case 6: return f.template operator()<6, DV>();
    case 7: return f.template operator()<7, DV>();
    case 8: return f.template operator()<8, DV>();
    default: return f.template operator()<0, DV>();
  }
}
template <typename F>
void withWidths(int64_t d, int64_t dv, F&& f) {
  if (dv == 1) return withKeyWidth<1>(d, f);
  withKeyWidth<0>(d, f);
}

// attention and attention_grad.
class Attention : public FusedKernel {
  static constexpr int64_t kSmallAttention = 256;  // Lq·Lk below which the direct kernel runs

 public:
  Attention(const Node& n, bool writeWeights, FusedKernelContext& ctx) : n_(n), grad_(n.op->name == "attention_grad"), writeWeights_(writeWeights) {
    const Shape &qs = n.operands[0].type().shape, &ks = n.operands[1].type().shape, &vs = n.operands[2].type().shape;
    batch_ = *broadcastShapes(*broadcastShapes(Shape(qs.begin(), qs.end() - 2), Shape(ks.begin(), ks.end() - 2)), Shape(vs.begin(), vs.end() - 2));
    ops_ = {Operand(qs, batch_), Operand(ks, batch_), Operand(vs, batch_)};
    problems_ = numel(batch_);
    const int64_t lq = ops_[0].rows, d = ops_[0].width, lk = ops_[1].rows, dv = ops_[2].width;
    const float scale = n.has("scale") ? static_cast<float>(n.f("scale")) : 1.0f / std::sqrt(static_cast<float>(d));
    const int64_t first = batch_.empty() ? 1 : batch_[0];
    p_ = AttentionProblem::dense(first, problems_ / first, lq, lk, d, dv, scale, n.b("causal"));
    if (small()) {
      // The forward's weights, shared with the step's gradient (which then skips the softmax).
      std::shared_ptr<void>& slot = ctx.slot(smallKey(n));
      pairedForward_ = grad_ && slot != nullptr;
      if (!slot) slot = std::make_shared<std::vector<float>>();
      saved_ = std::static_pointer_cast<std::vector<float>>(slot);
      saved_->resize(problems_ * lq * lk);
      return;
    }
    lse_.resize(problems_ * lq);
    if (grad_) {
      out_.resize(problems_ * lq * dv), dout_.assign(problems_ * lq * dv, 0.0f);
      for (int r = 0; r < 3; ++r) {
        if (!ops_[r].dense) expanded_[r].resize(problems_ * ops_[r].rows * ops_[r].width);
        if (!ops_[r].dense) grads_[r].resize(problems_ * ops_[r].rows * ops_[r].width);
      }
    } else {
      for (int r = 0; r < 3; ++r)
        if (!ops_[r].dense) expanded_[r].resize(problems_ * ops_[r].rows * ops_[r].width);
    }
  }

  // Problems this small (Lq·Lk < 256: count24's single query over 10 keys) run a direct kernel:
  // the 64-wide blocks and the expansion of broadcast operands would cost more than the work.
  bool small() const { return p_.lq * p_.lk < kSmallAttention; }

  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    checkLengths(n_, operandAt(in, 3), p_.lk);
    if (small()) return grad_ ? smallBackward(in, out) : smallForward(in, out);
    // Lowering (hasFusedKernel) keeps gradients with dweights on the reference kernel unless small.
    if (grad_ && operandAt(in, 5)) throw InternalError("attention_grad: the blockwise kernel has no dweights; " + n_.name);
    AttentionProblem p = p_;
    p.validKeys = operandAt(in, 3) ? in[3]->data<int64_t>() : nullptr;
    const float* x[3];
    for (int r = 0; r < 3; ++r) {
      x[r] = in[r]->data<float>();
      if (!ops_[r].dense) ops_[r].expand(x[r], expanded_[r].data()), x[r] = expanded_[r].data();
    }
    if (!grad_) {
      flashAttentionForward(p, x[0], x[1], x[2], out[0].data<float>(), lse_.data());
      if (writeWeights_) weights(p, x[0], x[1], out[1].data<float>());
      return;
    }
    flashAttentionForward(p, x[0], x[1], x[2], out_.data(), lse_.data());
    const float* dout = operandAt(in, 4) ? in[4]->data<float>() : dout_.data();
    float* g[3];
    for (int r = 0; r < 3; ++r) g[r] = ops_[r].dense ? out[r].data<float>() : grads_[r].data();
    flashAttentionBackward(p, x[0], x[1], x[2], out_.data(), dout, lse_.data(), g[0], g[1], g[2]);
    for (int r = 0; r < 3; ++r)
      if (!ops_[r].dense) ops_[r].reduce(grads_[r].data(), out[r].data<float>(), out[r].numel());
  }

 private:
  // The operands attention and its gradient have in common (q, k, v, lengths) and the attributes.
  static std::string smallKey(const Node& n) {
    return operandsKey("attention", n, 4) + (n.has("scale") ? ":s" + std::to_string(n.f("scale")) : "") + (n.b("causal") ? ":causal" : "");
  }

  // The softmax rows of every (problem, query) into w [problems, lq, lk] (masked keys 0; a row
  // with every key masked: all 0). One pass of scores, then the exponentials (vectorised).
  template <int D>
  void softmaxRows(const float* q, const float* k, const int64_t* lengths, float* w) const {
    softmaxRowsImpl<D>(p_, ops_[0].offset.data(), ops_[1].offset.data(), problems_, q, k, lengths, w);
  }
  template <int D>
  SINTER_CLONES static void softmaxRowsImpl(const AttentionProblem& p, const int64_t* qOff, const int64_t* kOff, int64_t problems,
                                            const float* q, const float* k, const int64_t* lengths, float* w) {
    const int64_t lk = p.lk, d = p.d, lq = p.lq, heads = p.heads, rows = problems * lq;
    const float scale = p.scale;
    const bool causal = p.causal;
    // Scores minus the row's max (masked keys: -inf), then every exponential in one flat loop
    // (rows are short: count24's are 10 keys), then each row normalised.
    for (int64_t pr = 0; pr < problems; ++pr)
      for (int64_t i = 0; i < lq; ++i) {
        float* __restrict wi = w + (pr * lq + i) * lk;
        const int64_t valid = std::min(lengths ? lengths[pr / heads] : lk, causal ? i + 1 : lk);
        const float* qi = q + qOff[pr] + i * d;
        const float* kp = k + kOff[pr];
        float m = -INFINITY;
        for (int64_t j = 0; j < valid; ++j) {
          const float sj = dot<D>(qi, kp + j * d, d) * scale;
          wi[j] = sj;
          m = std::max(m, sj);
        }
        for (int64_t j = 0; j < valid; ++j) wi[j] -= m;
        for (int64_t j = valid; j < lk; ++j) wi[j] = -INFINITY;
      }
    for (int64_t e = 0; e < rows * lk; ++e) w[e] = expf_(w[e]);
    for (int64_t r = 0; r < rows; ++r) {
      float* wr = w + r * lk;
      float sum = 0;
      for (int64_t j = 0; j < lk; ++j) sum += wr[j];
      const float inv = sum > 0 ? 1.0f / sum : 0.0f;
      for (int64_t j = 0; j < lk; ++j) wr[j] *= inv;
    }
  }

  void smallForward(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
    withWidths(p_.d, p_.dv, [&]<int D, int DV>() { smallForwardImpl<D, DV>(in, out); });
  }
  template <int D, int DV>
  void smallForwardImpl(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
    const float *q = in[0]->data<float>(), *k = in[1]->data<float>(), *v = in[2]->data<float>();
    const int64_t* lengths = operandAt(in, 3) ? in[3]->data<int64_t>() : nullptr;
    float* w = saved_->data();
    softmaxRows<D>(q, k, lengths, w);
    if (writeWeights_) std::memcpy(out[1].raw(), w, saved_->size() * sizeof(float));
    float* o = out[0].data<float>();
    const int64_t lq = p_.lq, lk = p_.lk, dv = p_.dv;
    for (int64_t pr = 0; pr < problems_; ++pr) {
      const float* vp = v + ops_[2].offset[pr];
      for (int64_t i = 0; i < lq; ++i) {
        const float* wi = w + (pr * lq + i) * lk;
        float acc[DV > 0 ? DV : 1] = {};  // the output row in registers (DV fixed), else in place
        float* __restrict oi = DV > 0 ? acc : o + (pr * lq + i) * dv;
        if (DV == 0) std::fill(oi, oi + dv, 0.0f);
        for (int64_t j = 0; j < lk; ++j) axpy<DV>(wi[j], vp + j * dv, oi, dv);
        if (DV > 0) std::copy(acc, acc + DV, o + (pr * lq + i) * dv);
      }
    }
  }

  // dP = dout vᵀ (+ dweights); dS = P (dP - rowsum(P dP)); dq = scale dS k; dk = scale dSᵀ q;
  // dv = Pᵀ dout — accumulated straight into the operands' gradients, so broadcast operands sum.
  // P is the paired forward's (this step's attention node ran just before) or recomputed.
  // dq of a row is summed locally (a broadcast q — count24's one learned query — would otherwise
  // be read and written back after every key).
  void smallBackward(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
    withWidths(p_.d, p_.dv, [&]<int D, int DV>() { smallBackwardImpl<D, DV>(in, out); });
  }
  template <int D, int DV>
  void smallBackwardImpl(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) {
    const float *q = in[0]->data<float>(), *k = in[1]->data<float>(), *v = in[2]->data<float>();
    const int64_t* lengths = operandAt(in, 3) ? in[3]->data<int64_t>() : nullptr;
    const float* dout = operandAt(in, 4) ? in[4]->data<float>() : nullptr;
    const float* dweights = operandAt(in, 5) ? in[5]->data<float>() : nullptr;
    // With one query per problem and k, v laid out one matrix per problem, every row of dk and
    // dv is written exactly once: stored, not zeroed and accumulated (count24: 120 KB fewer
    // bytes zeroed, read and written back per step).
    const bool once = p_.lq == 1 && ops_[1].dense && ops_[2].dense;
    for (int r = 0; r < 3; ++r)
      if (!(once && r > 0)) std::memset(out[r].raw(), 0, out[r].bytes());
    float *dq = out[0].data<float>(), *dk = out[1].data<float>(), *dv = out[2].data<float>();
    if (!pairedForward_) softmaxRows<D>(q, k, lengths, saved_->data());
    const int64_t d = p_.d, dvw = p_.dv, lk = p_.lk, lq = p_.lq;
    const float scale = p_.scale;
    // Per-row scratch in locals (the compiler keeps them in registers: nothing else can alias
    // them), the row's dP and dq.
    dp_.resize(lk);
    dqRow_.resize(d);
    float* __restrict dpRow = dp_.data();
    float dqFixed[D > 0 ? D : 1];
    float* __restrict dqAcc = D > 0 ? dqFixed : dqRow_.data();
    const float* weights = saved_->data();
    for (int64_t pr = 0; pr < problems_; ++pr)
      for (int64_t i = 0; i < lq; ++i) {
        const float* row = weights + (pr * lq + i) * lk;
        const float* vp = v + ops_[2].offset[pr];
        const float* doi = dout ? dout + (pr * lq + i) * dvw : nullptr;
        float rowDot = 0;
        for (int64_t j = 0; j < lk; ++j) {
          float dpj = dweights ? dweights[(pr * lq + i) * lk + j] : 0.0f;
          if (doi) dpj += dot<DV>(doi, vp + j * dvw, dvw);
          dpRow[j] = dpj;
          rowDot += row[j] * dpj;
        }
        const float* qi = q + ops_[0].offset[pr] + i * d;
        const float* kp = k + ops_[1].offset[pr];
        float* dkp = dk + ops_[1].offset[pr];
        float* dvp = dv + ops_[2].offset[pr];
        for (int64_t t = 0; t < (D > 0 ? D : d); ++t) dqAcc[t] = 0.0f;
        for (int64_t j = 0; j < lk; ++j) {
          const float ds = row[j] * (dpRow[j] - rowDot) * scale;
          axpy<D>(ds, kp + j * d, dqAcc, d);
          if (once) {
            scaled<D>(ds, qi, dkp + j * d, d);
            if (doi) scaled<DV>(row[j], doi, dvp + j * dvw, dvw);
            else std::fill(dvp + j * dvw, dvp + (j + 1) * dvw, 0.0f);
          } else {
            axpy<D>(ds, qi, dkp + j * d, d);
            if (doi) axpy<DV>(row[j], doi, dvp + j * dvw, dvw);
          }
        }
        axpy<D>(1.0f, dqAcc, dq + ops_[0].offset[pr] + i * d, d);
      }
  }

  // weights = exp(scale q kᵀ - lse), masked entries 0: the Lq×Lk matrix, only because it is read.
  void weights(const AttentionProblem& p, const float* q, const float* k, float* w) const {
    for (int64_t pr = 0; pr < problems_; ++pr) {
      const int64_t valid = p.validKeys ? p.validKeys[pr / p.heads] : p.lk;
      const float *qp = q + pr * p.lq * p.d, *kp = k + pr * p.lk * p.d;
      for (int64_t i = 0; i < p.lq; ++i) {
        const float lse = lse_[pr * p.lq + i];
        float* row = w + (pr * p.lq + i) * p.lk;
        for (int64_t j = 0; j < p.lk; ++j) {
          if (j >= valid || (p.causal && j > i) || std::isinf(lse)) {
            row[j] = 0;
            continue;
          }
          float s = 0;
          for (int64_t t = 0; t < p.d; ++t) s += qp[i * p.d + t] * kp[j * p.d + t];
          row[j] = std::exp(s * p.scale - lse);
        }
      }
    }
  }

  const Node& n_;
  bool grad_, writeWeights_, pairedForward_ = false;
  Shape batch_;
  std::vector<Operand> ops_;
  int64_t problems_ = 0;
  AttentionProblem p_;
  std::vector<float> lse_, out_, dout_, expanded_[3], grads_[3], dp_, dqRow_;
  std::shared_ptr<std::vector<float>> saved_;  // small problems: the weights, shared with the gradient
};

// mha and mha_grad. Operands: x, lengths?, in_proj_weight [3E, E], in_proj_bias [3E],
// out_proj.weight [E, E], out_proj.bias [E], (mha_grad:) dout?, dweights?.
// What mha's forward computes that mha_grad needs: the projections, the attended heads and the
// log-sum-exp. In a training step the mha node's kernel and its gradient's share one (the
// forward then runs once); a gradient without a paired forward computes it itself.
struct MhaState {
  std::vector<float> qkv, attended, lse;
};

// The operands an mha node and its mha_grad have in common: x, lengths, the four parameters.
std::string mhaKey(const Node& n) { return operandsKey("mha", n, 6); }

class Mha : public FusedKernel {
 public:
  Mha(const Node& n, FusedKernelContext& ctx) : n_(n), grad_(n.op->name == "mha_grad") {
    std::shared_ptr<void>& slot = ctx.slot(mhaKey(n));
    pairedForward_ = grad_ && slot != nullptr;
    if (!slot) slot = std::make_shared<MhaState>();
    state_ = std::static_pointer_cast<MhaState>(slot);
    const Shape& xs = n.operands[0].type().shape;
    b_ = xs[0], l_ = xs[1], e_ = xs[2];
    const int64_t h = n.i("heads"), hd = e_ / h, rows = b_ * l_;
    p_ = AttentionProblem::dense(b_, h, l_, l_, hd, hd, 1.0f / std::sqrt(static_cast<float>(hd)), n.b("causal"));
    // q, k, v of head h of batch b read in place from the packed qkv [B, L, 3E].
    p_.qb = p_.kb = p_.vb = l_ * 3 * e_, p_.qh = p_.kh = p_.vh = hd, p_.qrow = p_.krow = p_.vrow = 3 * e_;
    p_.ob = l_ * e_, p_.oh = hd, p_.orow = e_;
    state_->qkv.resize(rows * 3 * e_), state_->attended.resize(rows * e_), state_->lse.resize(b_ * h * l_);
    inProj_ = Gemm({rows, 3 * e_, e_, false, true, 0, 0, 0, false, true});   // x·W_inᵀ + b_in
    outProj_ = Gemm({rows, e_, e_, false, true, 0, 0, 0, false, true});      // attended·W_outᵀ + b_out
    if (grad_) {
      dAttended_.resize(rows * e_), dqkv_.resize(rows * 3 * e_);
      dOutW_ = Gemm({e_, e_, rows, true, false});                // dW_out = doutᵀ·attended
      dAtt_ = Gemm({rows, e_, e_});                               // dattended = dout·W_out
      dX_ = Gemm({rows, e_, 3 * e_});                             // dx = dqkv·W_in
      dInW_ = Gemm({3 * e_, e_, rows, true, false});             // dW_in = dqkvᵀ·x
    }
  }

  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& out) override {
    checkLengths(n_, operandAt(in, 1), l_);
    AttentionProblem p = p_;
    p.validKeys = operandAt(in, 1) ? in[1]->data<int64_t>() : nullptr;
    const float *x = in[0]->data<float>(), *wIn = in[2]->data<float>(), *bIn = in[3]->data<float>(), *wOut = in[4]->data<float>(),
                *bOut = in[5]->data<float>();
    const int64_t rows = b_ * l_;
    std::vector<float>&qkv_ = state_->qkv, &attended_ = state_->attended, &lse_ = state_->lse;
    if (!pairedForward_) {  // the forward, unless the step's mha node just ran it
      inProj_(x, wIn, qkv_.data(), bIn);
      flashAttentionForward(p, qkv_.data(), qkv_.data() + e_, qkv_.data() + 2 * e_, attended_.data(), lse_.data());
    }
    if (!grad_) {
      outProj_(attended_.data(), wOut, out[0].data<float>(), bOut);
      return;
    }
    // Results: dx, din_proj_weight, din_proj_bias, dout_proj_weight, dout_proj_bias.
    float *dx = out[0].data<float>(), *dWin = out[1].data<float>(), *dbIn = out[2].data<float>(), *dWout = out[3].data<float>(),
          *dbOut = out[4].data<float>();
    if (!operandAt(in, 6)) {  // no gradient reaches the output: every gradient is zero
      for (Tensor& t : out) std::memset(t.raw(), 0, t.bytes());
      return;
    }
    const float* dout = in[6]->data<float>();
    dOutW_(dout, attended_.data(), dWout);
    columnSums(dout, rows, e_, dbOut);
    dAtt_(dout, wOut, dAttended_.data());
    // The attended [B, L, E] and its gradient use the out strides; dqkv the packed qkv layout.
    flashAttentionBackward(p, qkv_.data(), qkv_.data() + e_, qkv_.data() + 2 * e_, attended_.data(), dAttended_.data(), lse_.data(),
                           dqkv_.data(), dqkv_.data() + e_, dqkv_.data() + 2 * e_);
    dX_(dqkv_.data(), wIn, dx);
    dInW_(dqkv_.data(), x, dWin);
    columnSums(dqkv_.data(), rows, 3 * e_, dbIn);
  }

 private:
  const Node& n_;
  bool grad_, pairedForward_ = false;
  std::shared_ptr<MhaState> state_;
  int64_t b_, l_, e_;
  AttentionProblem p_;
  Gemm inProj_, outProj_, dOutW_, dAtt_, dX_, dInW_;
  std::vector<float> dAttended_, dqkv_;
};

}  // namespace

std::unique_ptr<FusedKernel> makeAttentionKernel(const Node& n, bool writeWeights, FusedKernelContext& ctx) {
  if (n.op->name == "mha" || n.op->name == "mha_grad") return std::make_unique<Mha>(n, ctx);
  return std::make_unique<Attention>(n, writeWeights, ctx);
}

}  // namespace sinter
