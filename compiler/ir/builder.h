// builder.h — appending nodes to a Graph from passes (autodiff, the optimiser update).
//
// Fills attribute defaults from the op table, names operand slots after the op's declaration,
// gives every new node a fresh name with a common prefix, and stamps it with a source location
// (the forward node it came from), so dumps trace back to the spec.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"

namespace sinter {

class Builder {
 public:
  explicit Builder(Graph& g) : g_(g) {}

  // Where new nodes claim to come from, and the prefix of their names.
  void at(const SourceLoc& loc, const std::string& namePrefix) {
    loc_ = loc;
    prefix_ = namePrefix;
  }

  // Adds a node; returns it. `slots` names the operand slots when they differ from the op's
  // declared operands (parameter slots of layer ops); absent operands are null Values.
  Node* node(const std::string& opName, std::vector<Value> operands, AttrMap attrs = {},
             std::vector<std::string> slots = {});
  // Same, returning result 0.
  Value op(const std::string& opName, std::vector<Value> operands, AttrMap attrs = {},
           std::vector<std::string> slots = {}) {
    return node(opName, std::move(operands), std::move(attrs), std::move(slots))->result(0);
  }
  // A source node (input/param/state) with a declared type and an exact name.
  Node* source(const std::string& opName, const std::string& name, const TensorType& type, AttrMap attrs = {});

  std::string fresh(const std::string& base);  // a name not yet in the graph
  Graph& graph() { return g_; }

 private:
  Graph& g_;
  SourceLoc loc_;
  std::string prefix_ = "t";
};

// Attribute literals for builders: attrs({{"axis", 1}, {"keepdim", true}}).
AttrMap attrs(std::initializer_list<std::pair<const char*, AttrValue>> list);
inline AttrValue ints(std::vector<int64_t> v) { return AttrValue(std::move(v)); }

}  // namespace sinter
