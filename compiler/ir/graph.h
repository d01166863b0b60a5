// graph.h — the typed graph IR.
//
// A Graph is a list of Nodes in topological order (every operand is defined by an earlier node).
// A Node applies one op of the op table (ops.h) to operand Values and produces one or more
// results, each with a static TensorType. A Value names one result of one node. Inputs and
// parameters are nodes too (ops `input` and `param`), so every pass sees one uniform structure.
//
// Guarantees after `verify()`: names are unique, operands precede their users, every operand slot
// matches the op's declaration, attributes conform to the op's schema, and every result type
// equals what the op's shape rule infers.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/types.h"
#include "compiler/support/diag.h"

namespace sinter {

struct OpDef;
class Node;

// An attribute value: integers, floats, booleans, identifiers/strings, integer or float lists.
using AttrValue = std::variant<int64_t, double, bool, std::string, std::vector<int64_t>, std::vector<double>>;

struct Attr {
  AttrValue value;
  SourceLoc loc;  // where the spec wrote it (or the node's location for defaults)
};

// Sorted by name: printing and hashing are deterministic.
using AttrMap = std::map<std::string, Attr>;

std::string attrValueStr(const AttrValue& v);

// One result of one node. A default-constructed Value is "absent" (an omitted optional operand).
struct Value {
  Node* node = nullptr;
  int index = 0;

  explicit operator bool() const { return node != nullptr; }
  const TensorType& type() const;
  std::string ref() const;  // "%name" or "%name.result"
  bool operator==(const Value& o) const { return node == o.node && index == o.index; }
};

class Node {
 public:
  int id = 0;                 // position in the graph
  std::string name;           // unique in the graph; a spec node, input or parameter name
  const OpDef* op = nullptr;
  std::vector<Value> operands;           // one per operand slot; absent optional ones are null
  std::vector<std::string> operandNames; // slot names, parallel to `operands`
  AttrMap attrs;                         // every declared attribute, defaults filled in
  std::vector<TensorType> results;
  SourceLoc loc;

  Value result(int i = 0) { return Value{this, i}; }
  const Value* operand(const std::string& slot) const;  // nullptr when the slot does not exist

  bool has(const std::string& attr) const { return attrs.count(attr) != 0; }
  int64_t i(const std::string& attr) const;
  double f(const std::string& attr) const;  // accepts an integer attribute too
  bool b(const std::string& attr) const;
  const std::string& s(const std::string& attr) const;
  const std::vector<int64_t>& ints(const std::string& attr) const;
};

class Graph {
 public:
  std::string name;
  SourceLoc loc;

  // Appends a node; infers and checks its result types with the op's shape rule (throws
  // UserError at the node's location on a mismatch). `declared` gives the result type of
  // `input` and `param` nodes, which have no operands to infer it from.
  Node* add(const std::string& name, const OpDef& op, std::vector<Value> operands,
            std::vector<std::string> operandNames, AttrMap attrs, SourceLoc loc,
            const TensorType* declared = nullptr);

  // As add, but placed just before `position` in execution order (ids renumbered).
  Node* insertBefore(const Node* position, const std::string& name, const OpDef& op, std::vector<Value> operands,
                     std::vector<std::string> operandNames, AttrMap attrs, SourceLoc loc);

  Node* find(const std::string& name) const;
  std::string freshName(const std::string& base) const;  // base, or base.1, base.2, ...: not yet in the graph
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  std::vector<Node*> inputs() const;  // nodes with op `input`, in order
  std::vector<Node*> params() const;  // nodes with op `param`, in order

  // Named results: what `sinter run` writes, what the driver reads.
  std::vector<std::pair<std::string, Value>> outputs;
  Value loss;                                          // absent for inference-only specs
  std::vector<std::pair<std::string, Value>> metrics;  // name -> scalar result

  // Filled by autodiff and the optimiser (compiler/autodiff): each parameter's gradient, and the
  // value each source (parameter, optimiser state) takes for the next step.
  std::vector<std::pair<Node*, Value>> grads;
  std::vector<std::pair<Node*, Value>> updates;

  // What passes did that a reader of the dumps should know (e.g. attention recognised from plain
  // ops); `sinter dump --emit=fused` prints them.
  std::vector<std::string> notes;

  void verify() const;  // throws InternalError describing the first broken invariant

  // For passes. Redirects every use of `from` (operands, outputs, loss, metrics, gradients and
  // updates) to `to`, which must have the same type and be defined before every user.
  void replaceAllUses(Value from, Value to);
  // Removes the nodes `dead` selects (none may still be used: InternalError), keeping the order
  // of the rest and renumbering their ids.
  void erase(const std::function<bool(const Node&)>& dead);

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<std::string, Node*> byName_;
};

// Stable, deterministic text; one line per node. With `withLocs`, each line ends with the spec
// location the node came from.
std::string printGraph(const Graph& g, bool withLocs = false);
// Graphviz DOT.
std::string printDot(const Graph& g);

}  // namespace sinter
