#include "runtime/executor.h"

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
  for (const loops::Buffer& b : program_.buffers) buffers_.emplace_back(bufferDType(b.type), Shape{b.elements});
  for (Tensor& t : buffers_) pointers_.push_back(t.raw());
}

Values ProgramExecutor::run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) {
  if (opts.precision != DType::f32) throw InternalError("compiled programs run in float32");
  // Bind the feeds (inputs, parameters, optimiser state) to the external buffers.
  size_t bound = 0;
  for (const auto& np : g_.nodes()) {
    const Node& n = *np;
    if (n.op->cls != OpClass::Source) continue;
    auto it = feeds.find(n.name);
    if (it == feeds.end()) fail(n.loc, "no value given for '" + n.name + "' (" + n.results[0].str() + ")");
    const Tensor& t = it->second;
    if (t.shape() != n.results[0].shape || isFloat(t.dtype()) != isFloat(n.results[0].dtype))
      fail(n.loc, "'" + n.name + "' must be " + n.results[0].str() + ", got " + t.type().str());
    Tensor& dst = buffers_[program_.bufferOf.at({n.id, 0})];
    if (t.dtype() == dst.dtype()) std::memcpy(dst.raw(), t.raw(), dst.bytes());
    else {
      Tensor c = t.cast(dst.dtype());
      std::memcpy(dst.raw(), c.raw(), dst.bytes());
    }
    ++bound;
  }
  if (bound != feeds.size())
    for (const auto& [name, t] : feeds)
      if (!g_.find(name) || g_.find(name)->op->cls != OpClass::Source)
        fail(SourceLoc{}, "'" + name + "' is not an input or parameter of " + g_.name);

  // Views of the buffers with each value's shape, per node.
  Values vals(g_.nodes().size());
  for (const auto& np : g_.nodes())
    for (size_t r = 0; r < np->results.size(); ++r) {
      int b = program_.bufferOf.at({np->id, static_cast<int>(r)});
      vals[np->id].push_back(Tensor::view(buffers_[b].dtype(), np->results[r].shape, pointers_[b]));
    }

  for (const loops::Step& s : program_.steps) {
    if (s.kernel >= 0) {
      kernels_[s.kernel](pointers_.data());
      continue;
    }
    const Node& n = *s.node;
    std::vector<const Tensor*> in;
    for (const Value& v : n.operands) in.push_back(v ? &vals[v.node->id][v.index] : nullptr);
    runNodeKernel(n, in, vals[n.id], opts);
  }
  return vals;
}

}  // namespace sinter
