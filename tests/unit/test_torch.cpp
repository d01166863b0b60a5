// test_torch.cpp — end-to-end agreement with PyTorch, the reference semantics (MODELS.md).
//
// The fixtures in tests/fixtures/torch/ come from tools/gen_torch_fixtures.py (Debian's PyTorch,
// float64; never a build or test dependency):
//   - count24 and sparse_and_sat written in PyTorch as the material writes them, with fixed random
//     weights and a batch of 4: the BCE loss and the gradient of every parameter. sinter builds the
//     graph from graphs/<model>.yaml, appends its backward graph and evaluates it in float64; loss
//     and gradients must agree to 1e-5 relative, elementwise.
//   - three steps of torch.optim (SGD with momentum / Nesterov / dampening / weight decay, Adam
//     with and without L2, AdamW) on one [3, 4] tensor: sinter's training-step graph (loss
//     sum(p * g), so dloss/dp = g) with the same optimiser must give the same parameter after
//     every step to 1e-9 relative.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "compiler/autodiff/autodiff.h"
#include "compiler/spec/spec.h"
#include "runtime/interpreter.h"
#include "runtime/npy.h"

using namespace sinter;

namespace {

std::string fixture(const std::string& name) { return std::string(SINTER_SOURCE_DIR) + "/tests/fixtures/torch/" + name; }

const Tensor& entry(const std::map<std::string, Tensor>& npz, const std::string& name) {
  auto it = npz.find(name);
  INFO("fixture array '" << name << "'");
  REQUIRE(it != npz.end());
  return it->second;
}

double maxAbs(const Tensor& t) {
  double m = 0;
  for (int64_t i = 0; i < t.numel(); ++i) m = std::max(m, std::fabs(t.get(i)));
  return m;
}

// Elementwise |got - want| / max(|want|, floor); the floor only matters for elements that are zero
// up to rounding (e.g. the gradient of a bias that softmax's shift invariance cancels exactly).
// Returns the worst ratio and reports its element.
double worstRel(const Tensor& got, const Tensor& want, double floor, std::string& where) {
  if (got.shape() != want.shape()) {
    where = "shape " + shapeStr(got.shape()) + " vs " + shapeStr(want.shape());
    return INFINITY;
  }
  double worst = 0;
  for (int64_t i = 0; i < want.numel(); ++i) {
    double a = got.get(i), b = want.get(i);
    double r = std::fabs(a - b) / std::max(std::fabs(b), floor);
    if (std::isnan(r)) r = INFINITY;
    if (r > worst) {
      worst = r;
      std::ostringstream s;
      s << "element " << i << ": sinter " << a << ", torch " << b;
      where = s.str();
    }
  }
  return worst;
}

void checkModel(const std::string& model, const std::vector<std::string>& inputs) {
  std::map<std::string, Tensor> npz = readNpz(fixture(model + "_grads.npz"));
  Graph g = buildGraph(readSpec(std::string(SINTER_SOURCE_DIR) + "/graphs/" + model + ".yaml"), {{"B", 4}});
  appendBackward(g);
  g.verify();

  std::map<std::string, Tensor> feeds;
  for (const std::string& in : inputs) feeds[in] = entry(npz, in);
  for (Node* p : g.params()) feeds[p->name] = entry(npz, p->name);
  Values vals = evaluate(g, feeds, EvalOptions{DType::f64});

  double want = entry(npz, "expected.loss").get(0), got = valueOf(vals, g.loss).get(0);
  INFO(model << " loss: sinter " << got << ", torch " << want);
  CHECK(std::fabs(got - want) <= 1e-5 * std::fabs(want));

  // Every parameter has a gradient, and the fixture has one for every parameter.
  REQUIRE(g.grads.size() == g.params().size());
  size_t fixtureGrads = 0;
  for (const auto& [name, t] : npz) fixtureGrads += name.rfind("grad.", 0) == 0;
  REQUIRE(fixtureGrads == g.params().size());

  double scale = 0;  // the largest gradient element of the model
  for (const auto& [name, t] : npz)
    if (name.rfind("grad.", 0) == 0) scale = std::max(scale, maxAbs(t));
  for (const auto& [param, grad] : g.grads) {
    std::string where;
    double rel = worstRel(valueOf(vals, grad), entry(npz, "grad." + param->name), 1e-6 * scale, where);
    INFO(model << ": d loss / d " << param->name << " worst relative difference " << rel << " at " << where);
    CHECK(rel <= 1e-5);
  }
}

struct OptCase {
  std::string name;       // fixture prefix
  std::string optimizer;  // spec text
};

void checkOptimizer(const OptCase& c) {
  std::map<std::string, Tensor> npz = readNpz(fixture("optimizers.npz"));
  std::string yaml =
      "model: opt_" + c.name +
      "\n"
      "inputs:\n  g: f64[3, 4]\n"
      "params:\n  p: f64[3, 4] ~ zeros()\n"
      "nodes:\n  prod: mul(p, g)\n  total: sum(prod)\n"
      "loss: total\n"
      "train:\n  data: count24()\n  batch: 1\n  optimizer: " +
      c.optimizer + "\n  steps: 3\n";
  Graph g = buildTrainingStep(readSpecString(yaml, "opt_" + c.name + ".yaml"));

  // Everything the step reads: p, its optimiser state (zero at first), @lr, @step, the input g.
  std::map<std::string, Tensor> carried;
  carried["p"] = entry(npz, "p0");
  for (const auto& np : g.nodes())
    if (np->op->name == "state") carried[np->name] = Tensor(DType::f64, np->results[0].shape);
  REQUIRE(g.updates.size() == carried.size());

  for (int k = 1; k <= 3; ++k) {
    std::map<std::string, Tensor> feeds = carried;
    feeds["g"] = entry(npz, "g" + std::to_string(k));
    // @lr is declared f32; the interpreter takes any float feed and computes in f64, so 0.1 is
    // fed exactly as PyTorch's float64 run uses it.
    Tensor lr(DType::f64, {}), step(DType::f64, {});
    lr.set(0, 0.1);
    step.set(0, k);
    feeds["@lr"] = lr;
    feeds["@step"] = step;
    Values vals = evaluate(g, feeds, EvalOptions{DType::f64});
    for (const auto& [node, value] : g.updates) carried[node->name] = valueOf(vals, value).clone();

    std::string key = c.name + ".p" + std::to_string(k), where;
    const Tensor& want = entry(npz, key);
    double rel = worstRel(carried["p"], want, 1e-12, where);
    INFO(c.optimizer << ": step " << k << " worst relative difference " << rel << " at " << where);
    CHECK(rel <= 1e-9);
  }
}

}  // namespace

TEST_CASE("torch: count24 loss and gradients match PyTorch", "[torch]") { checkModel("count24", {"x", "y"}); }

TEST_CASE("torch: sparse_and_sat loss and gradients match PyTorch", "[torch]") { checkModel("sparse_and_sat", {"bits", "y"}); }

TEST_CASE("torch: optimiser steps match torch.optim", "[torch]") {
  const std::vector<OptCase> cases = {
      {"sgd", "sgd(lr=0.1)"},
      {"sgd_momentum", "sgd(lr=0.1, momentum=0.9, dampening=0, nesterov=false, weight_decay=0.01)"},
      {"sgd_nesterov", "sgd(lr=0.1, momentum=0.9, dampening=0, nesterov=true, weight_decay=0.01)"},
      {"sgd_dampening", "sgd(lr=0.1, momentum=0.9, dampening=0.5)"},
      {"adam", "adam(lr=0.1)"},
      {"adam_wd", "adam(lr=0.1, weight_decay=0.01)"},
      {"adamw", "adamw(lr=0.1, weight_decay=0.01)"},
  };
  for (const OptCase& c : cases)
    DYNAMIC_SECTION(c.name) { checkOptimizer(c); }
}
