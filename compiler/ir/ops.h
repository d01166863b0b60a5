// ops.h — the op table: every op sinter knows, declared once.
//
// An OpDef states an op's operands, attributes (with kinds, defaults and ranges), result names,
// the parameters it owns (for layer ops such as linear or lstm), its shape rule, its class (the
// elementwise/fusible flag and friends) and a doc line. The spec front end, the verifier, the
// printer, the interpreter and `sinter ops` all read this table; adding an op means adding one
// entry in ops.cpp, its kernel in runtime/kernels.cpp and a test.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace sinter {

enum class OpClass {
  Source,       // input, param
  Elementwise,  // one output element from the same-index element of each (broadcast) operand
  Layout,       // moves data without arithmetic: reshape, transpose, concat, slice, gather
  Reduction,    // reduces or normalises along axes: sum, mean, softmax, layernorm
  Contraction,  // matmul-like: linear, matmul, conv2d
  Composite,    // a subgraph with its own kernel: attention, mha, lstm, pooling
  Loss,         // scalar training objective
  Metric,       // scalar evaluation metric (not differentiated)
  Update,       // optimiser update of a parameter and its state (appended after autodiff)
};
const char* opClassName(OpClass c);

enum class AttrKind { Int, Float, Bool, Enum, Ints, Floats };
const char* attrKindName(AttrKind k);

struct AttrDef {
  std::string name;
  AttrKind kind;
  // Default value. Absent + `required` => the spec must give it; absent + !required => optional
  // attribute that may be missing from the node (e.g. embedding's padding_idx).
  std::optional<AttrValue> dflt;
  bool required = false;
  double min = -1e300, max = 1e300;  // inclusive range for Int/Float/Ints/Floats elements
  bool minExclusive = false;         // e.g. p in (0, 1): min is exclusive
  std::vector<std::string> choices;  // for Enum
  std::string doc;
};

struct OperandDef {
  std::string name;
  bool optional = false;
  bool variadic = false;  // one or more tensors (only concat); must be the only operand
};

// A parameter a layer op owns: created as `<node>.<name>` unless the spec passes one explicitly.
struct ParamDecl {
  std::string name;  // slot and suffix, e.g. "weight", "weight_ih_l0", "out_proj.weight"
  Shape shape;
  AttrMap init;      // initialiser attributes, e.g. {init=uniform, low=-0.2, high=0.2}
};

// What a shape rule sees: the node being built (name, attrs, loc) and its operand types.
class InferCtx {
 public:
  InferCtx(const Node& node, std::vector<std::optional<TensorType>> operandTypes)
      : node(node), types_(std::move(operandTypes)) {}

  const Node& node;
  bool has(int slot) const { return slot < static_cast<int>(types_.size()) && types_[slot].has_value(); }
  const TensorType& type(int slot) const;
  int numOperands() const { return static_cast<int>(types_.size()); }

  [[noreturn]] void error(const std::string& message) const;                           // at the node
  [[noreturn]] void errorAt(const std::string& attr, const std::string& message) const;  // at an attribute
  // Shape-mismatch error naming the op's rule and every operand type.
  [[noreturn]] void mismatch(const std::string& what) const;

  void expectFloat(int slot) const;
  void expectInt(int slot) const;
  void expectRank(int slot, int rank) const;
  void expectMinRank(int slot, int rank) const;
  int axis(const std::string& attr, int rank) const;  // normalised, range-checked

 private:
  std::vector<std::optional<TensorType>> types_;
};

using InferFn = std::function<std::vector<TensorType>(const InferCtx&)>;
// Data operand types (parallel to OperandDef) -> the parameters the op owns, in operand order.
using ParamFn = std::function<std::vector<ParamDecl>(const Node&, const std::vector<std::optional<TensorType>>&)>;

struct OpDef {
  std::string name;
  OpClass cls;
  std::vector<OperandDef> operands;  // data operands, written positionally in the spec
  std::vector<AttrDef> attrs;
  std::vector<std::string> results;  // result names; results[0] is the node's own value
  std::string rule;                  // the shape rule in words (printed on mismatch)
  std::string doc;
  InferFn infer;
  ParamFn params;                    // empty for ops that own no parameters
  bool internal = false;             // emitted by passes (gradients, updates), not written in specs

  const AttrDef* attr(const std::string& n) const;
  int resultIndex(const std::string& n) const;  // -1 if absent
  bool elementwise() const { return cls == OpClass::Elementwise; }
};

const std::vector<OpDef>& opTable();
const OpDef* findOp(const std::string& name);
const OpDef& op(const std::string& name);  // InternalError if absent
std::vector<std::string> opNames();  // the ops a spec may use

// Checks `value` against `def` (kind, range, choices); converts integers to floats where a
// float is expected. Throws UserError at `loc` naming the attribute, the value and what was
// expected.
AttrValue checkAttr(const AttrDef& def, const AttrValue& value, const SourceLoc& loc,
                    const std::string& context);

// Markdown table of every op (for docs/ops.md and `sinter ops`).
std::string opReference();

}  // namespace sinter
