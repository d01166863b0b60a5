// test_spec.cpp — the spec front end: expression syntax, lowering features, golden IR dumps,
// the verifier, and the CLI's behaviour on good input.
//
// Golden files: tests/golden/NAME.yaml is dumped with --emit=graph (with locations), dot, grad,
// simplified, fused, loops, llvm, llvm-opt and asm (the last three for --cpu=x86-64-v3, so they do not
// depend on the host), and compared with NAME.<stage>. After an intended change to the printers,
// regenerate with SINTER_UPDATE_GOLDEN=1 build/tests/sinter_tests "[golden]" and review the diff.
#include <dirent.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "test_util.h"
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compiler/ir/ops.h"
#include "compiler/spec/spec.h"
#include "runtime/interpreter.h"
#include "runtime/npy.h"

using namespace sinter;
using namespace sinter::testing;

static const std::string kSrc = SINTER_SOURCE_DIR;

TEST_CASE("expr: calls, keywords, lists, numbers and exact columns", "[spec]") {
  Expr e = parseExpr("linear(emb, out=5, act=relu, sizes=[1, -2], lr=5e-5, on=true, s=\"a b\")", {"f.yaml", 3, 11});
  REQUIRE(e.kind == Expr::Kind::Call);
  CHECK(e.text == "linear");
  REQUIRE(e.items.size() == 1);
  CHECK(e.items[0].text == "emb");
  CHECK(e.items[0].loc.col == 18);
  REQUIRE(e.kwargs.size() == 6);
  CHECK(e.kwargs[0].name == "out");
  CHECK(e.kwargs[0].value[0].i == 5);
  CHECK(e.kwargs[0].loc.col == 23);
  CHECK(e.kwargs[2].value[0].items[1].i == -2);
  CHECK(e.kwargs[3].value[0].kind == Expr::Kind::Float);
  CHECK(e.kwargs[3].value[0].f == 5e-5);
  CHECK(e.kwargs[4].value[0].kind == Expr::Kind::Bool);
  CHECK(e.kwargs[5].value[0].text == "a b");
  CHECK(e.str() == "linear(emb, out=5, act=relu, sizes=[1, -2], lr=5e-05, on=true, s=\"a b\")");

  Expr t = parseExpr("f32[B, 10]", {"f.yaml", 1, 1});
  CHECK(t.kind == Expr::Kind::Typed);
  CHECK(t.items[0].text == "B");
  CHECK(t.items[1].i == 10);

  Expr ref = parseExpr("att.weights", {"f.yaml", 1, 1});
  CHECK(ref.isName());
  CHECK(ref.text == "att.weights");

  CHECK(errorOf([] { parseExpr("relu(x", {"f.yaml", 2, 5}); }) ==
        "f.yaml:2:11: error: expected ')' to close the arguments of relu(...), found the end of the value");
  CHECK(errorOf([] { parseExpr("relu(x) y", {"f.yaml", 2, 5}); }) == "f.yaml:2:13: error: unexpected 'y' after relu(x)");
}

TEST_CASE("spec: layer ops own PyTorch-named parameters with PyTorch's default initialisers", "[spec]") {
  const char* yaml = R"(model: m
inputs:
  x: f32[4, 7, 6]
  t: i64[4, 7]
nodes:
  fc:   linear(x, out=5)
  ln:   layernorm(fc)
  emb:  embedding(t, num=11, dim=6, padding_idx=0)
  rnn:  lstm(emb, hidden=3, layers=2, bidirectional=true)
  attn: mha(x, heads=2)
  conv: conv2d(x4, out=2, kernel=3)
  x4:   reshape(x, shape=[4, 1, 7, 6])
)";
  Graph g = buildGraph(readSpecString(yaml, "m.yaml"));
  auto param = [&](const std::string& n) {
    Node* p = g.find(n);
    REQUIRE(p);
    REQUIRE(p->op->name == "param");
    return p;
  };
  CHECK(param("fc.weight")->results[0].str() == "f32[5, 6]");
  CHECK(param("fc.weight")->s("init") == "uniform");
  CHECK(param("fc.weight")->f("high") == Approx(1 / std::sqrt(6.0)));
  CHECK(param("fc.bias")->f("low") == Approx(-1 / std::sqrt(6.0)));
  CHECK(param("ln.weight")->s("init") == "ones");
  CHECK(param("ln.bias")->s("init") == "zeros");
  CHECK(param("emb.weight")->s("init") == "normal");
  CHECK(param("emb.weight")->i("zero_row") == 0);
  CHECK(param("rnn.weight_ih_l0")->results[0].str() == "f32[12, 6]");
  CHECK(param("rnn.weight_ih_l1_reverse")->results[0].str() == "f32[12, 6]");  // input is 2 * hidden
  CHECK(param("rnn.bias_hh_l1")->f("high") == Approx(1 / std::sqrt(3.0)));
  CHECK(param("attn.in_proj_weight")->results[0].str() == "f32[18, 6]");
  CHECK(param("attn.in_proj_bias")->s("init") == "zeros");
  CHECK(param("attn.out_proj.weight")->results[0].str() == "f32[6, 6]");
  CHECK(param("conv.weight")->results[0].str() == "f32[2, 1, 3, 3]");
  CHECK(param("conv.weight")->f("high") == Approx(1 / 3.0));
  CHECK(g.find("rnn")->results[1].str() == "f32[4, 4, 3]");  // h_n [layers * dirs, B, H]

  // Initial values follow the initialisers and are a pure function of the seed.
  auto p1 = initParams(g, 5), p2 = initParams(g, 5), p3 = initParams(g, 6);
  CHECK(std::memcmp(p1["fc.weight"].raw(), p2["fc.weight"].raw(), p1["fc.weight"].bytes()) == 0);
  CHECK(std::memcmp(p1["fc.weight"].raw(), p3["fc.weight"].raw(), p1["fc.weight"].bytes()) != 0);
  for (int64_t i = 0; i < p1["fc.weight"].numel(); ++i) CHECK(std::fabs(p1["fc.weight"].get(i)) <= 1 / std::sqrt(6.0));
  for (int64_t j = 0; j < 6; ++j) CHECK(p1["emb.weight"].get(j) == 0.0);  // the padding row
  CHECK(p1["ln.weight"].get(0) == 1.0);
}

TEST_CASE("spec: --bind overrides dims and train.batch, dimension names work in attributes", "[spec]") {
  std::string path = kSrc + "/tests/golden/tiny.yaml";
  Graph g = buildGraph(readSpec(path), {{"B", 7}, {"T", 9}});
  CHECK(g.find("x")->results[0].str() == "f32[7, 9, 3]");
  CHECK(g.find("flat")->results[0].str() == "f32[7, 3]");  // shape=[B, 3]
  CHECK(g.find("att")->results[1].str() == "f32[7, 1, 9]");
}

TEST_CASE("spec: the training recipe is read with defaults filled in", "[spec]") {
  Spec s = readSpec(kSrc + "/graphs/sparse_and_sat.yaml");
  REQUIRE(s.train);
  CHECK(s.train->batch == 50);
  CHECK(s.train->epochs == 500);
  CHECK(s.train->optimizer.name == "adam");
  CHECK(s.train->optimizer.f("lr") == 1e-3);
  CHECK(s.train->optimizer.f("weight_decay") == 1e-4);
  CHECK(s.train->optimizer.f("beta2") == 0.999);
  CHECK(s.train->data.name == "sparse_and");
  CHECK(s.train->data.i("bits") == 30);
  CHECK(s.train->schedule.name == "constant");
}

static std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("golden: --emit=graph and --emit=dot of the golden specs", "[spec][golden]") {
  bool update = std::getenv("SINTER_UPDATE_GOLDEN") != nullptr;
  DIR* d = opendir((kSrc + "/tests/golden").c_str());
  REQUIRE(d);
  std::vector<std::string> specs;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 5 && n.substr(n.size() - 5) == ".yaml") specs.push_back(n.substr(0, n.size() - 5));
  }
  closedir(d);
  REQUIRE(!specs.empty());
  for (const std::string& name : specs) {
    DYNAMIC_SECTION(name) {
      // Run from the source dir so locations print as tests/golden/NAME.yaml.
      std::string rel = "tests/golden/" + name + ".yaml";
      for (const auto& [stage, flags] : std::vector<std::pair<std::string, std::string>>{{"graph", "--locs"}, {"dot", ""}, {"grad", ""}, {"simplified", ""}, {"fused", ""}, {"loops", ""}, {"llvm", "--cpu=x86-64-v3"}, {"llvm-opt", "--cpu=x86-64-v3"}, {"asm", "--cpu=x86-64-v3"}}) {
        auto [status, out] = shell("cd " + kSrc + " && " + SINTER_BINARY + " dump " + rel + " --emit=" + stage + " " + flags);
        REQUIRE(status == 0);
        std::string golden = kSrc + "/tests/golden/" + name + "." + stage;
        if (update) writeFileAtomic(golden, out);
        CHECK(out == slurp(golden));
      }
    }
  }
}

TEST_CASE("golden: the printer is deterministic", "[spec][golden]") {
  Spec s = readSpec(kSrc + "/graphs/mnist_add.yaml");
  CHECK(printGraph(buildGraph(s)) == printGraph(buildGraph(s)));
  CHECK(printDot(buildGraph(s)) == printDot(buildGraph(s)));
}

TEST_CASE("verifier: catches broken graphs", "[spec][verify]") {
  Graph g = buildGraph(readSpec(kSrc + "/graphs/count24.yaml"));
  g.verify();
  Node* keys = g.find("keys");
  SECTION("a result type that disagrees with the shape rule") {
    keys->results[0].shape[0] = 3;
    CHECK_THROWS_AS(g.verify(), InternalError);
  }
  SECTION("an operand defined after its user") {
    keys->operands[0] = g.find("prob")->result(0);
    CHECK_THROWS_AS(g.verify(), InternalError);
  }
  SECTION("a missing attribute") {
    keys->attrs.erase("out");
    CHECK_THROWS_AS(g.verify(), InternalError);
  }
  SECTION("an unknown attribute") {
    keys->attrs["outt"] = Attr{int64_t(5), {}};
    CHECK_THROWS_AS(g.verify(), InternalError);
  }
}

TEST_CASE("op table: every op is documented and has a shape rule", "[spec]") {
  for (const OpDef& d : opTable()) {
    CHECK(!d.doc.empty());
    CHECK(!d.rule.empty());
    CHECK(d.infer);
    CHECK(!d.results.empty());
    for (const AttrDef& a : d.attrs) CHECK(!a.doc.empty());
  }
  CHECK(opReference().find("| `attention` |") != std::string::npos);
}

TEST_CASE("cli: run writes every output as .npy, help and exit codes", "[spec][cli]") {
  auto [status, out] = shell(std::string(SINTER_BINARY) + " run " + kSrc + "/graphs/count24.yaml --random-inputs --bind B=4 --output /tmp/sinter_cli_test");
  REQUIRE(status == 0);
  Tensor prob = readNpy("/tmp/sinter_cli_test/prob.npy");
  CHECK(prob.type().str() == "f32[4, 1]");
  CHECK(readNpy("/tmp/sinter_cli_test/att.weights.npy").type().str() == "f32[4, 1, 10]");
  CHECK(readNpy("/tmp/sinter_cli_test/loss.npy").numel() == 1);

  for (const char* cmd : {"check", "dump", "run"}) CHECK(shell(std::string(SINTER_BINARY) + " " + cmd + " --help").first == 0);
  CHECK(shell(std::string(SINTER_BINARY) + " frobnicate 2>/dev/null").first == 2);
  CHECK(shell(std::string(SINTER_BINARY) + " check 2>/dev/null").first == 2);
  CHECK(shell(std::string(SINTER_BINARY) + " check " + kSrc + "/graphs/count24.yaml --bogus 2>/dev/null").first == 2);
  CHECK(shell(std::string(SINTER_BINARY) + " run " + kSrc + "/graphs/count24.yaml --output /tmp/sinter_cli_test 2>&1").second.find(
            "no value for input 'x' (i64[500, 10]); pass --input x=FILE.npy or --random-inputs") != std::string::npos);
  // A bad data file is bad input (exit 2), named in the message.
  auto [st2, msg2] = shell(std::string(SINTER_BINARY) + " run " + kSrc + "/graphs/attention_worked.yaml --input X=" + kSrc +
                           "/tests/fixtures/npy/f64_vec.npy 2>&1");
  CHECK(st2 == 2);
  CHECK(msg2.find("input 'X' must be f32[3, 3], got f64[3]") != std::string::npos);
}

TEST_CASE("docs/ops.md is the op table as `sinter ops` prints it", "[spec]") {
  // Regenerate with: build/sinter ops > docs/ops.md
  CHECK(slurp(kSrc + "/docs/ops.md") == opReference());
}
