// expr.h — the small expression language inside spec values.
//
// Layer lines, types and recipe entries are written the way the models read:
//     keys:   linear(emb, out=5)
//     x:      i64[B, 10]
//     query:  f32[1, 5] ~ normal(std=1.0)
//     optimizer: adam(lr=5e-5)
// Grammar:
//     expr := call | list | typed | atom
//     call := NAME '(' [arg (',' arg)*] ')'          arg := NAME '=' expr | expr
//     list := '[' [expr (',' expr)*] ']'            typed := NAME list     (e.g. f32[B, 10])
//     atom := NUMBER | STRING | NAME | true | false  (NAME may contain dots: att.weights)
// Every Expr carries the exact 1-based line:column where it starts in the spec file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/support/diag.h"

namespace sinter {

struct Expr {
  enum class Kind { Name, Int, Float, String, Bool, List, Call, Typed };
  Kind kind = Kind::Name;
  std::string text;  // Name/String: the text; Call/Typed: the callee or dtype name
  int64_t i = 0;
  double f = 0;
  bool b = false;
  std::vector<Expr> items;  // List: elements; Call: positional arguments; Typed: the dimensions
  struct Kwarg {
    std::string name;
    SourceLoc loc;
    std::vector<Expr> value;  // exactly one element (a vector keeps Expr recursive)
  };
  std::vector<Kwarg> kwargs;  // Call only
  SourceLoc loc;

  std::string str() const;  // canonical text, for messages
  bool isName() const { return kind == Kind::Name; }
};

const char* exprKindName(Expr::Kind k);

// Parses a whole scalar. `start` is where the scalar's first character is in the file.
Expr parseExpr(const std::string& text, const SourceLoc& start);

// Parses "TYPE ~ INIT" (parameter declarations). `init` is left as a Name "" when absent.
void parseTypeAndInit(const std::string& text, const SourceLoc& start, Expr& type, Expr& init);

// The same, for a scalar whose characters are not contiguous in the file (YAML folds long plain
// scalars and block scalars, and unescapes quoted ones): positions[k] is where character k of
// `text` is, positions[text.size()] where the value ends. positions.size() == text.size() + 1.
Expr parseExpr(const std::string& text, const std::vector<SourceLoc>& positions);
void parseTypeAndInit(const std::string& text, const std::vector<SourceLoc>& positions, Expr& type, Expr& init);

}  // namespace sinter
