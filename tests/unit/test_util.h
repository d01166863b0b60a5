// test_util.h — small helpers shared by the unit tests.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "compiler/ir/ops.h"
#include "compiler/support/diag.h"
#include "runtime/interpreter.h"

namespace sinter::testing {

// The message of the UserError `fn` throws (fails the test when it throws nothing).
template <typename Fn>
std::string errorOf(Fn fn) {
  try {
    fn();
  } catch (const UserError& e) {
    return e.what();
  }
  FAIL("expected a UserError");
  return "";
}

// Runs a shell command; returns (exit status, stdout).
inline std::pair<int, std::string> shell(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Feeds for any graph: random inputs, seeded parameters, zero optimiser state, and for a
// training step @lr = 0.01 and @step = 1.
inline std::map<std::string, Tensor> feedsFor(const Graph& g, uint64_t seed) {
  std::map<std::string, Tensor> feeds = initParams(g, seed);
  for (auto& [n, t] : randomInputs(g, seed)) feeds[n] = t;
  for (const auto& n : g.nodes())
    if (n->op->name == "state") feeds[n->name] = Tensor::like(n->results[0]);
  if (g.find("@lr")) {
    Tensor lr(DType::f32, {}), step(DType::f32, {});
    lr.set(0, 0.01), step.set(0, 1);
    feeds["@lr"] = lr, feeds["@step"] = step;
  }
  return feeds;
}

}  // namespace sinter::testing
