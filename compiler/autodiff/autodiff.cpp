// autodiff.cpp — the generic reverse-mode driver and the optimiser update (see autodiff.h).
#include "compiler/autodiff/autodiff.h"

#include <map>

namespace sinter {

void appendBackward(Graph& g) {
  if (!g.loss) throw InternalError("autodiff: the graph has no loss");
  const size_t n = g.nodes().size();
  auto nodeAt = [&](size_t i) { return g.nodes()[i].get(); };

  // Active nodes: on a path from a parameter to the loss.
  std::vector<bool> fromParam(n, false), toLoss(n, false);
  for (size_t i = 0; i < n; ++i) {
    Node* node = nodeAt(i);
    fromParam[i] = node->op->name == "param";
    for (const Value& v : node->operands)
      if (v && fromParam[v.node->id]) fromParam[i] = true;
  }
  toLoss[g.loss.node->id] = true;
  for (size_t i = n; i-- > 0;)
    if (toLoss[i])
      for (const Value& v : nodeAt(i)->operands)
        if (v) toLoss[v.node->id] = true;
  auto active = [&](const Node* node) { return fromParam[node->id] && toLoss[node->id]; };

  std::map<std::pair<int, int>, Value> grad;  // (node id, result) -> accumulated gradient
  Builder b(g);
  auto accumulate = [&](const Value& target, Value d) {
    auto key = std::make_pair(target.node->id, target.index);
    auto it = grad.find(key);
    if (it == grad.end()) grad[key] = d;
    else it->second = b.op("add", {it->second, d});
  };

  b.at(g.loss.node->loc, "d." + g.loss.node->name);
  const TensorType& lt = g.loss.type();
  grad[{g.loss.node->id, g.loss.index}] =
      b.op("fill", {}, attrs({{"shape", ints(lt.shape)}, {"value", 1.0}, {"dtype", std::string(dtypeName(lt.dtype))}}));

  for (size_t i = n; i-- > 0;) {
    Node* node = nodeAt(i);
    if (!active(node) || node->op->cls == OpClass::Source) continue;
    GradContext ctx{b, *node, {}, {}};
    bool any = false;
    for (size_t r = 0; r < node->results.size(); ++r) {
      auto it = grad.find({node->id, static_cast<int>(r)});
      ctx.dout.push_back(it == grad.end() ? Value{} : it->second);
      any = any || it != grad.end();
    }
    if (!any) continue;
    const GradRule* rule = gradRule(node->op->name);
    if (!rule) throw InternalError("autodiff: op '" + node->op->name + "' (node '" + node->name + "') has no gradient rule");
    for (const Value& v : node->operands) ctx.wants.push_back(v && active(v.node));
    b.at(node->loc, "d." + node->name);
    std::vector<Value> operandGrads = (*rule)(ctx);
    if (operandGrads.size() != node->operands.size())
      throw InternalError("autodiff: the rule of '" + node->op->name + "' returned " + std::to_string(operandGrads.size()) +
                          " gradients for " + std::to_string(node->operands.size()) + " operands");
    for (size_t k = 0; k < operandGrads.size(); ++k)
      if (ctx.wants[k] && operandGrads[k]) accumulate(node->operands[k], operandGrads[k]);
  }

  for (Node* p : g.params()) {
    auto it = grad.find({p->id, 0});
    Value d;
    if (it != grad.end()) {
      d = it->second;
    } else {  // a parameter the loss does not depend on: zero gradient
      b.at(p->loc, "d." + p->name);
      const TensorType& t = p->results[0];
      d = b.op("fill", {}, attrs({{"shape", ints(t.shape)}, {"value", 0.0}, {"dtype", std::string(dtypeName(t.dtype))}}));
    }
    g.grads.push_back({p, d});
  }
}

void appendOptimizer(Graph& g, const CallSpec& opt, double clipGradNorm) {
  Builder b(g);
  b.at(opt.loc, "opt");
  Value lr = b.source("input", "@lr", TensorType{DType::f32, {}})->result(0);
  Value step = b.source("input", "@step", TensorType{DType::f32, {}})->result(0);

  std::vector<std::pair<Node*, Value>> grads = g.grads;
  if (clipGradNorm > 0) {
    std::vector<Value> all;
    for (auto& [p, d] : grads) all.push_back(d);
    b.at(opt.loc, "clip");
    Value norm = b.op("global_norm", all);
    Value factor = b.op("clip_factor", {norm}, attrs({{"max_norm", clipGradNorm}}));
    for (auto& [p, d] : grads) d = b.op("mul", {d, factor});
  }

  for (auto& [p, d] : grads) {
    const TensorType& t = p->results[0];
    auto state = [&](const std::string& kind) { return b.source("state", b.fresh(p->name + "@" + kind), t)->result(0); };
    b.at(opt.loc, "update." + p->name);
    if (opt.name == "sgd") {
      Value buf = state("momentum_buffer");
      Node* u = b.node("sgd_update", {p->result(0), d, buf, lr, step},
                       attrs({{"momentum", opt.f("momentum")}, {"dampening", opt.f("dampening")},
                              {"nesterov", opt.b("nesterov")}, {"weight_decay", opt.f("weight_decay")}}));
      g.updates.push_back({p, u->result(0)});
      g.updates.push_back({buf.node, u->result(1)});
    } else if (opt.name == "adam" || opt.name == "adamw") {
      Value m = state("exp_avg"), v = state("exp_avg_sq");
      Node* u = b.node("adam_update", {p->result(0), d, m, v, lr, step},
                       attrs({{"beta1", opt.f("beta1")}, {"beta2", opt.f("beta2")}, {"eps", opt.f("eps")},
                              {"weight_decay", opt.f("weight_decay")}, {"decoupled", opt.name == "adamw"}}));
      g.updates.push_back({p, u->result(0)});
      g.updates.push_back({m.node, u->result(1)});
      g.updates.push_back({v.node, u->result(2)});
    } else {
      throw InternalError("appendOptimizer: unknown optimiser '" + opt.name + "'");
    }
  }
}

void appendTrainingStep(Graph& g, const Spec& spec) {
  if (!spec.train) fail(spec.loc, "the spec has no train: section (needed to build a training step)");
  appendBackward(g);
  appendOptimizer(g, spec.train->optimizer, spec.train->clipGradNorm);
  g.verify();
}

Graph buildTrainingStep(const Spec& spec, const Bindings& overrides) {
  Graph g = buildGraph(spec, overrides);
  appendTrainingStep(g, spec);
  return g;
}

}  // namespace sinter
