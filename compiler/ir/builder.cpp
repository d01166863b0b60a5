#include "compiler/ir/builder.h"

namespace sinter {

AttrMap attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
  AttrMap m;
  for (const auto& [k, v] : list) {
    // Plain int literals arrive as int; the IR stores integers as int64 and floats as double.
    m[k] = Attr{v, {}};
  }
  return m;
}

std::string Builder::fresh(const std::string& base) { return g_.freshName(base); }

Node* Builder::node(const std::string& opName, std::vector<Value> operands, AttrMap given, std::vector<std::string> slots) {
  const OpDef& def = sinter::op(opName);
  if (slots.empty()) {
    bool variadic = !def.operands.empty() && def.operands[0].variadic;
    for (size_t k = 0; k < operands.size(); ++k) {
      if (variadic) slots.push_back(def.operands[0].name);
      else if (k < def.operands.size()) slots.push_back(def.operands[k].name);
      else throw InternalError("builder: too many operands for " + opName);
    }
    while (!variadic && operands.size() < def.operands.size()) {  // trailing optional operands
      if (!def.operands[operands.size()].optional) throw InternalError("builder: missing operand of " + opName);
      operands.push_back(Value{});
      slots.push_back(def.operands[operands.size() - 1].name);
    }
  }
  for (auto& [k, a] : given) {
    const AttrDef* d = def.attr(k);
    if (!d) throw InternalError("builder: " + opName + " has no attribute '" + k + "'");
    // Normalise literal kinds (an int where a float is declared, a bool stored as int...).
    if (d->kind == AttrKind::Float)
      if (auto* i = std::get_if<int64_t>(&a.value)) a.value = static_cast<double>(*i);
    if (!a.loc.known()) a.loc = loc_;
  }
  for (const AttrDef& d : def.attrs)
    if (!given.count(d.name) && d.dflt) given[d.name] = Attr{*d.dflt, loc_};
  return g_.add(fresh(prefix_), def, std::move(operands), std::move(slots), std::move(given), loc_);
}

Node* Builder::source(const std::string& opName, const std::string& name, const TensorType& type, AttrMap a) {
  return g_.add(name, sinter::op(opName), {}, {}, std::move(a), loc_, &type);
}

}  // namespace sinter
