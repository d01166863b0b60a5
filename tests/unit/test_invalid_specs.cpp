// test_invalid_specs.cpp — every file in tests/specs/invalid/ is a bad spec whose first line
// states the exact error it must produce:
//     # ERROR: 7:13: error: linear 'keys': unknown attribute 'outt' (did you mean 'out'?); ...
// The full message is that text prefixed with the file's path, exactly as `sinter check` prints
// it on stderr (exit status 2, nothing on stdout). Adding a case means adding a file; keep it
// small and keep the mistake the only one in it.
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/spec/spec.h"

using namespace sinter;

namespace {

const std::string kSrc = SINTER_SOURCE_DIR;
const std::string kInvalidDir = kSrc + "/tests/specs/invalid";
const std::string kExpectPrefix = "# ERROR: ";

std::vector<std::string> invalidSpecs() {
  std::vector<std::string> names;
  DIR* d = opendir(kInvalidDir.c_str());
  if (!d) return names;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 5 && n.compare(n.size() - 5, 5, ".yaml") == 0) names.push_back(n);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string firstLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Run {
  int status = -1;
  std::string out, err;
};

// Runs `sinter ARGS`, capturing stdout and stderr separately.
Run runSinter(const std::string& args) {
  static int counter = 0;
  std::string errFile = "/tmp/sinter_invalid_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + ".err";
  std::string cmd = shellQuote(SINTER_BINARY) + " " + args + " 2>" + shellQuote(errFile);
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(errFile);
  std::remove(errFile.c_str());
  return r;
}

}  // namespace

TEST_CASE("invalid specs: there are enough of them, each stating its expected error", "[invalid]") {
  std::vector<std::string> names = invalidSpecs();
  CHECK(names.size() >= 30);
  for (const std::string& n : names) {
    INFO(n);
    CHECK(firstLine(kInvalidDir + "/" + n).rfind(kExpectPrefix, 0) == 0);
  }
}

TEST_CASE("invalid specs: readSpec + buildGraph and `sinter check` report the exact error", "[invalid]") {
  std::vector<std::string> names = invalidSpecs();
  REQUIRE(!names.empty());
  for (const std::string& name : names) {
    DYNAMIC_SECTION(name) {
      const std::string path = kInvalidDir + "/" + name;
      const std::string line = firstLine(path);
      REQUIRE(line.rfind(kExpectPrefix, 0) == 0);
      const std::string expected = path + ":" + line.substr(kExpectPrefix.size());

      // The library: a UserError with exactly this text, never another exception.
      std::string got;
      bool threwUserError = false;
      try {
        buildGraph(readSpec(path));
      } catch (const UserError& e) {
        threwUserError = true;
        got = e.what();
      } catch (const std::exception& e) {
        FAIL("expected a UserError, got another exception: " << e.what());
      }
      REQUIRE(threwUserError);
      CHECK(got == expected);

      // The CLI: exit status 2, the one-line message on stderr, nothing on stdout.
      Run r = runSinter("check " + shellQuote(path));
      CHECK(r.status == 2);
      CHECK(r.err == expected + "\n");
      CHECK(r.out.empty());
    }
  }
}

TEST_CASE("invalid specs: a valid spec passes `sinter check` with exit status 0", "[invalid]") {
  for (const std::string& rel : {"graphs/count24.yaml", "tests/golden/tiny.yaml"}) {
    INFO(rel);
    Run r = runSinter("check " + shellQuote(kSrc + "/" + rel));
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find(": ok: model ") != std::string::npos);
  }
}
