// spec.h — the YAML graph spec: reading, checking, and lowering to the graph IR.
//
// readSpec() parses the YAML and checks everything that can be checked without shapes (section
// and key names, expression syntax, recipe entries). buildGraph() binds the symbolic dimensions,
// resolves operand names (in any order; cycles are errors), creates the parameters that layer
// ops own, and runs every op's shape rule. Every user mistake is a UserError at FILE:LINE:COL.
// The language is documented in docs/spec.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"
#include "compiler/spec/expr.h"

namespace sinter {

// A validated call such as adam(lr=5e-5): its name, the attributes with defaults filled in.
struct CallSpec {
  std::string name;
  AttrMap args;
  SourceLoc loc;

  bool has(const std::string& k) const { return args.count(k) != 0; }
  double f(const std::string& k) const;
  int64_t i(const std::string& k) const;
  bool b(const std::string& k) const;
  std::string s(const std::string& k) const;
};

struct TrainSpec {
  CallSpec data;          // data source, e.g. count24(train=20000, test=2000)
  int64_t batch = 0;      // binds the batch dimension B
  CallSpec optimizer;     // sgd / adam / adamw
  CallSpec schedule;      // constant / step / cosine
  int64_t warmup = 0;     // linear warm-up steps
  double clipGradNorm = 0;  // 0: off
  int64_t epochs = 0;     // exactly one of epochs / steps is set
  int64_t steps = 0;
  int64_t evalEvery = 0;  // 0: once per epoch
  int64_t seed = 0;
  std::vector<Expr> plots;  // tensors to picture (value references)
  SourceLoc loc;
};

struct DimDecl {
  std::string name;
  int64_t value;
  SourceLoc loc;
};

struct TensorDecl {  // an input or a parameter
  std::string name;
  Expr type;  // Typed: f32[B, 10]
  Expr init;  // parameters only: normal(std=1.0) etc.
  SourceLoc loc;
};

struct NodeDecl {
  std::string name;
  Expr expr;
  SourceLoc loc;
};

struct Spec {
  std::string file;
  std::string name;
  std::string doc;
  SourceLoc loc;
  std::vector<DimDecl> dims;
  std::vector<TensorDecl> inputs;
  std::vector<TensorDecl> params;
  std::vector<NodeDecl> nodes;
  std::vector<std::pair<std::string, Expr>> outputs;  // output name -> value reference
  std::optional<NodeDecl> loss;
  std::vector<NodeDecl> metrics;
  std::optional<TrainSpec> train;
};

// Reads and checks a spec. `file` is used in messages exactly as given.
Spec readSpec(const std::string& file);
Spec readSpecString(const std::string& yaml, const std::string& file);

// Dimension bindings from the command line (--bind B=8) override the spec's.
using Bindings = std::map<std::string, int64_t>;

Graph buildGraph(const Spec& spec, const Bindings& overrides = {});

// Resolves a value reference ("prob", "att.weights", "keys.weight") in a built graph.
Value resolveValue(const Graph& g, const Expr& ref);

// The schemas of the recipe's calls (data sources, optimisers, schedules), for docs and checks.
struct CallSchema {
  std::string name;
  std::vector<AttrDef> args;
  std::string doc;
};
const std::vector<CallSchema>& dataSources();
// Parses and checks a data source written on the command line, e.g. "attention_clusters(seed=1)".
CallSpec parseDataSource(const std::string& text, const std::string& where);
const std::vector<CallSchema>& optimizers();
const std::vector<CallSchema>& schedules();

}  // namespace sinter
