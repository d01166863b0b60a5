// loop_ir.h — the loop IR: each kernel is a loop nest over flat buffers.
//
// A Program is the lowered graph: one buffer per graph value (static sizes), and a list of
// steps in execution order. A step is either a generated Kernel (loops, loads, arithmetic,
// stores — compiled by codegen/llvm) or a library call: a node whose kernel the runtime provides
// (for now the reference kernels of the interpreter: matmul, convolution, attention, LSTM, ...;
// issue 6 replaces them with generated and fused code). Index arithmetic is explicit i64
// expressions, so every access is visible to LLVM's vectoriser.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace sinter::loops {

enum class Type { f32, f64, i64, i1 };
const char* typeName(Type t);

struct Expr;
using ExprP = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind { Int, Float, Var, Load, Unary, Binary, Select };
  Kind kind;
  Type type;
  int64_t i = 0;        // Int
  double f = 0;         // Float
  int var = -1;         // Var: loop variable id
  int buffer = -1;      // Load
  std::string op;       // Unary: neg exp log sqrt tanh erf; Binary: add sub mul div max min lt gt le ge eq
  ExprP a, b, c;        // operands (Load: a = index; Select: a ? b : c)
};

struct Stmt;
using StmtP = std::shared_ptr<Stmt>;

struct Stmt {
  enum class Kind { For, Store };
  Kind kind;
  int var = -1;               // For: the loop variable, 0 <= var < extent
  int64_t extent = 0;
  std::vector<StmtP> body;    // For
  int buffer = -1;            // Store: buffer[index] = value
  ExprP index, value;
};

struct Buffer {
  std::string name;   // the graph value it holds ("keys", "att.weights")
  Type type;
  int64_t elements;
  bool external;      // inputs, parameters and optimiser state: bound by the caller each run
};

struct Kernel {
  std::string name;   // symbol: "k<N>_<node>"
  std::string node;   // the graph node it computes
  SourceLoc loc;      // the spec line it came from
  int numVars = 0;
  std::vector<StmtP> body;
};

struct Step {
  int kernel = -1;              // index into Program::kernels, or -1 for a library call
  const Node* node = nullptr;   // the graph node (library calls run its reference kernel)
};

struct Program {
  std::string name;
  std::vector<Buffer> buffers;
  std::vector<Kernel> kernels;
  std::vector<Step> steps;
  std::map<std::pair<int, int>, int> bufferOf;  // (node id, result index) -> buffer

  int buffer(const Value& v) const { return bufferOf.at({v.node->id, v.index}); }
};

// Lowers a (simplified) graph: generated kernels where the op has a loop lowering, library
// calls otherwise. The graph must outlive the program.
Program lower(const Graph& g);

// Stable text of the whole program (`sinter dump --emit=loops`).
std::string printProgram(const Program& p);

// Expression builders.
ExprP intConst(int64_t v);
ExprP floatConst(double v, Type t);
ExprP var(int v);
ExprP load(int buffer, Type t, ExprP index);
ExprP unary(const std::string& op, ExprP a);
ExprP binary(const std::string& op, ExprP a, ExprP b);
ExprP select(ExprP cond, ExprP a, ExprP b);

}  // namespace sinter::loops
