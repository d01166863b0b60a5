// test_util.h — small helpers shared by the unit tests.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
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

// Sets an environment variable for one scope.
struct EnvVar {
  std::string name;
  std::string old;
  bool had;
  EnvVar(std::string n, const std::string& value) : name(std::move(n)) {
    const char* o = std::getenv(name.c_str());
    had = o != nullptr;
    if (had) old = o;
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvVar() {
    if (had) ::setenv(name.c_str(), old.c_str(), 1);
    else ::unsetenv(name.c_str());
  }
};

// Feeds for any graph: random inputs, seeded parameters, zero optimiser state, and for a
// training step @lr = 0.01 and @step = 1.
inline std::map<std::string, Tensor> feedsFor(const Graph& g, uint64_t seed) { return randomFeeds(g, seed, 0.01); }

}  // namespace sinter::testing
