#include "runtime/executor.h"

#include <chrono>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "compiler/ir/ops.h"

namespace sinter {

namespace {

class InterpreterExecutor : public Executor {
 public:
  explicit InterpreterExecutor(const Graph& g) : g_(g) {}
  Values run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) override { return evaluate(g_, feeds, opts); }

 private:
  const Graph& g_;
};

// Denormal floats flushed to zero while a compiled step runs (as TensorFlow's executor does):
// gradients that decay through 250 LSTM steps reach the denormal range, where every
// multiply-add takes ~100 cycles on x86 — imdb_lstm's step went from 281 ms to ~10 ms. The
// caller's floating-point mode is restored afterwards.
class ScopedFlushDenormals {
 public:
#if defined(__SSE__)
  ScopedFlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }  // FTZ | DAZ
  ~ScopedFlushDenormals() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#endif
};

DType bufferDType(loops::Type t) {
  switch (t) {
    case loops::Type::f32: return DType::f32;
    case loops::Type::f64: return DType::f64;
    default: return DType::i64;
  }
}

}  // namespace

std::unique_ptr<Executor> makeInterpreterExecutor(const Graph& g) { return std::make_unique<InterpreterExecutor>(g); }

ProgramExecutor::ProgramExecutor(const Graph& g, loops::Program program, std::vector<KernelFn> kernels, std::shared_ptr<void> keepAlive)
    : g_(g), program_(std::move(program)), kernels_(std::move(kernels)), keepAlive_(std::move(keepAlive)) {
  // Memory: the planned arena (64-byte aligned, as every Tensor), plus one allocation per
  // external buffer and per buffer the planner did not place (planning off).
  const auto& bufs = program_.buffers;
  arena_ = Tensor(DType::f32, Shape{(program_.arenaBytes + 3) / 4});
  auto* arena = static_cast<char*>(arena_.raw());
  owned_.resize(bufs.size());
  pointers_.assign(bufs.size(), nullptr);
  for (size_t b = 0; b < bufs.size(); ++b) {
    if (bufs[b].fused || static_cast<int>(b) != program_.memoryOf(static_cast<int>(b))) continue;
    if (bufs[b].offset >= 0) pointers_[b] = arena + bufs[b].offset;
    else pointers_[b] = (owned_[b] = Tensor(bufferDType(bufs[b].type), Shape{bufs[b].elements})).raw();
  }
  for (size_t b = 0; b < bufs.size(); ++b)
    if (!bufs[b].fused) pointers_[b] = pointers_[program_.memoryOf(static_cast<int>(b))];

  // Views of the buffers with each value's shape, per node: what library kernels read and write.
  views_.resize(g_.nodes().size());
  for (const auto& np : g_.nodes())
    for (size_t r = 0; r < np->results.size(); ++r) {
      int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      views_[np->id].push_back(bufs[b].fused ? Tensor() : Tensor::view(bufferDType(bufs[b].type), np->results[r].shape, pointers_[b]));
    }
  readable_.resize(g_.nodes().size());
  for (const auto& np : g_.nodes()) {
    if (np->op->cls == OpClass::Source) sources_.push_back({np.get(), program_.bufferOf.at({np->id, 0})});
    for (size_t r = 0; r < np->results.size(); ++r) {
      int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      if (!bufs[b].fused && bufs[program_.memoryOf(b)].external) externalViews_.push_back({np->id, static_cast<int>(r), b});
      readable_[np->id].push_back(bufs[b].external || bufs[b].kept);
    }
  }
  FusedKernelContext fusedContext;
  for (size_t s = 0; s < program_.steps.size(); ++s)
    if (program_.steps[s].library == loops::Library::OneDnn) onednn_.emplace(s, OneDnnKernel(*program_.steps[s].node, program_.steps[s].residual != nullptr));
    else if (program_.steps[s].library == loops::Library::Fused) fused_.emplace(s, makeFusedKernel(*program_.steps[s].node, program_.steps[s].unusedResults, fusedContext));
  stepInputs_.resize(program_.steps.size());
  onednnAt_.assign(program_.steps.size(), nullptr);
  fusedAt_.assign(program_.steps.size(), nullptr);
  for (size_t i = 0; i < program_.steps.size(); ++i) {
    const loops::Step& st = program_.steps[i];
    if (st.kernel >= 0) continue;
    for (const Value& v : st.node->operands) stepInputs_[i].push_back(v ? &views_[v.node->id][v.index] : nullptr);
    if (st.residual) {
      const Value r = st.residualOperand();
      stepInputs_[i].push_back(&views_[r.node->id][r.index]);
    }
    if (auto it = onednn_.find(i); it != onednn_.end()) onednnAt_[i] = &it->second;
    if (auto it = fused_.find(i); it != fused_.end()) fusedAt_[i] = it->second.get();
  }
}

Values ProgramExecutor::run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) {
  if (opts.precision != DType::f32) throw InternalError("compiled programs run in float32");
  // Bind the feeds (inputs, parameters, optimiser state) to the external buffers.
  size_t bound = 0;
  for (const auto& [node, b] : sources_) {
    const Node& n = *node;
    auto it = feeds.find(n.name);
    auto what = [&] { return std::string(n.op->name == "input" ? "input" : "parameter"); };  // the interpreter's words
    if (it == feeds.end()) fail(n.loc, "no value given for " + what() + " '" + n.name + "' (" + n.results[0].str() + ")");
    const Tensor& t = it->second;
    if (t.shape() != n.results[0].shape || isFloat(t.dtype()) != isFloat(n.results[0].dtype))
      fail(n.loc, what() + " '" + n.name + "' must be " + n.results[0].str() + ", got " + t.type().str());
    // Zero-copy: the kernels read the caller's tensor in place (nothing writes an external
    // buffer: memory planning never places results there). Other dtypes are cast into the
    // executor's own buffer.
    const DType want = bufferDType(program_.buffers[b].type);
    if (t.dtype() == want) {
      pointers_[b] = const_cast<void*>(t.raw());
    } else {
      Tensor c = t.cast(want);
      std::memcpy(owned_[b].raw(), c.raw(), owned_[b].bytes());
      pointers_[b] = owned_[b].raw();
    }
    ++bound;
  }
  for (const auto& [node, r, b] : externalViews_) {  // the sources and views of them (kept while the memory is the same)
    pointers_[b] = pointers_[program_.memoryOf(b)];
    if (views_[node][r].raw() == pointers_[b]) continue;
    const Value v = g_.nodes()[node]->result(r);
    views_[node][r] = Tensor::view(bufferDType(program_.buffers[b].type), v.type().shape, pointers_[b]);
  }
  if (bound != feeds.size())
    for (const auto& [name, t] : feeds)
      if (!g_.find(name) || g_.find(name)->op->cls != OpClass::Source)
        fail(SourceLoc{}, "'" + name + "' is not an input or parameter of " + g_.name);

  rerun(opts);

  // The results callers may read: sources and kept values. Others share memory that later steps
  // reused, so they are left empty.
  Values vals(g_.nodes().size());
  for (size_t id = 0; id < readable_.size(); ++id) {
    vals[id].resize(readable_[id].size());
    for (size_t r = 0; r < readable_[id].size(); ++r)
      if (readable_[id][r]) vals[id][r] = views_[id][r];
  }
  return vals;
}

std::string ProgramExecutor::stepName(size_t i) const {
  const loops::Step& s = program_.steps.at(i);
  if (s.kernel >= 0) return program_.kernels[s.kernel].name;
  const char* who = s.library == loops::Library::OneDnn ? "oneDNN" : s.library == loops::Library::Fused ? "fused" : "reference";
  return s.node->op->name + " %" + s.node->name + (s.residual ? " + residual %" + s.residual->name : "") + " (" + who + ")";
}

void ProgramExecutor::rerun(const EvalOptions& opts) {
  ScopedFlushDenormals ftz;
  reordered_.clear();
  int64_t* status = program_.status >= 0 ? static_cast<int64_t*>(pointers_[program_.status]) : nullptr;
  if (status) status[0] = 0;
  if (program_.options >= 0) {  // what generated dropout reads: the run's mode, seed and step
    auto* o = static_cast<int64_t*>(pointers_[program_.options]);
    o[0] = opts.training ? 1 : 0, o[1] = static_cast<int64_t>(opts.seed), o[2] = static_cast<int64_t>(opts.step);
  }
  using Clock = std::chrono::steady_clock;
  Clock::time_point last = profiling_ ? Clock::now() : Clock::time_point{};
  for (size_t i = 0; i < program_.steps.size(); ++i) {
    if (profiling_ && i > 0) {
      Clock::time_point now = Clock::now();
      stepNs_[i - 1] += std::chrono::duration<double, std::nano>(now - last).count();
      last = now;
    }
    const loops::Step& s = program_.steps[i];
    if (s.kernel >= 0) {
      kernels_[s.kernel](pointers_.data());
      if (program_.kernels[s.kernel].checks && status[0] != 0) {
        // A generated kernel's data check failed: the reference kernel's message and location.
        const loops::DataCheck& c = program_.checks.at(status[0] - 1);
        fail(c.node->loc, c.node->op->name + " '" + c.node->name + "': " + c.prefix + std::to_string(status[2]) + " at position " +
                              std::to_string(status[1]) + c.suffix);
      }
      continue;
    }
    const Node& n = *s.node;
    const std::vector<const Tensor*>& in = stepInputs_[i];
    if (s.residual) onednnAt_[i]->run(in, views_[s.residual->id]);  // the product plus the residual, stored as the add's result
    else if (s.library == loops::Library::OneDnn) onednnAt_[i]->run(in, views_[n.id], &reordered_);
    else if (s.library == loops::Library::Fused) fusedAt_[i]->run(in, views_[n.id]);
    else runNodeKernel(n, in, views_[n.id], opts);
  }
  if (profiling_ && !program_.steps.empty()) stepNs_.back() += std::chrono::duration<double, std::nano>(Clock::now() - last).count();
}

}  // namespace sinter
