#include "compiler/ir/graph.h"

#include <algorithm>

#include <cstdio>
#include <set>
#include <sstream>

#include "compiler/ir/ops.h"

namespace sinter {

static std::string formatDouble(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", d);
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // keep floats visibly floats
  return s;
}

std::string attrValueStr(const AttrValue& v) {
  struct Visitor {
    std::string operator()(int64_t x) const { return std::to_string(x); }
    std::string operator()(double x) const { return formatDouble(x); }
    std::string operator()(bool x) const { return x ? "true" : "false"; }
    std::string operator()(const std::string& x) const { return x; }
    std::string operator()(const std::vector<int64_t>& xs) const {
      std::string s = "[";
      for (size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + std::to_string(xs[i]);
      return s + "]";
    }
    std::string operator()(const std::vector<double>& xs) const {
      std::string s = "[";
      for (size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + formatDouble(xs[i]);
      return s + "]";
    }
  };
  return std::visit(Visitor{}, v);
}

const TensorType& Value::type() const { return node->results.at(index); }

std::string Value::ref() const {
  if (!node) return "-";
  if (index == 0) return "%" + node->name;
  return "%" + node->name + "." + node->op->results.at(index);
}

const Value* Node::operand(const std::string& slot) const {
  for (size_t i = 0; i < operandNames.size(); ++i)
    if (operandNames[i] == slot) return &operands[i];
  return nullptr;
}

static const Attr& getAttr(const Node& n, const std::string& a) {
  auto it = n.attrs.find(a);
  if (it == n.attrs.end()) throw InternalError("node '" + n.name + "' has no attribute '" + a + "'");
  return it->second;
}

int64_t Node::i(const std::string& a) const {
  const AttrValue& v = getAttr(*this, a).value;
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<bool>(&v)) return *p;
  throw InternalError("attribute '" + a + "' of '" + name + "' is not an integer");
}

double Node::f(const std::string& a) const {
  const AttrValue& v = getAttr(*this, a).value;
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  throw InternalError("attribute '" + a + "' of '" + name + "' is not a number");
}

bool Node::b(const std::string& a) const {
  const AttrValue& v = getAttr(*this, a).value;
  if (auto* p = std::get_if<bool>(&v)) return *p;
  throw InternalError("attribute '" + a + "' of '" + name + "' is not a boolean");
}

const std::string& Node::s(const std::string& a) const {
  const AttrValue& v = getAttr(*this, a).value;
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  throw InternalError("attribute '" + a + "' of '" + name + "' is not a string");
}

const std::vector<int64_t>& Node::ints(const std::string& a) const {
  const AttrValue& v = getAttr(*this, a).value;
  if (auto* p = std::get_if<std::vector<int64_t>>(&v)) return *p;
  throw InternalError("attribute '" + a + "' of '" + name + "' is not an integer list");
}

static std::vector<std::optional<TensorType>> operandTypes(const std::vector<Value>& operands) {
  std::vector<std::optional<TensorType>> types;
  for (const Value& v : operands) types.push_back(v ? std::optional<TensorType>(v.type()) : std::nullopt);
  return types;
}

Node* Graph::add(const std::string& nodeName, const OpDef& opDef, std::vector<Value> operands,
                 std::vector<std::string> operandNames, AttrMap attrs, SourceLoc loc,
                 const TensorType* declared) {
  if (byName_.count(nodeName)) throw InternalError("duplicate node name '" + nodeName + "'");
  auto node = std::make_unique<Node>();
  node->id = static_cast<int>(nodes_.size());
  node->name = nodeName;
  node->op = &opDef;
  node->operands = std::move(operands);
  node->operandNames = std::move(operandNames);
  node->attrs = std::move(attrs);
  node->loc = std::move(loc);
  // A dropout's mask stream is fixed when the node is created, so passes that renumber nodes
  // keep its masks (and its gradient, which names the same stream).
  if (opDef.name == "dropout" && !node->attrs.count("mask")) node->attrs["mask"] = Attr{int64_t(node->id), node->loc};
  if (declared) {
    node->results = {*declared};
  } else {
    InferCtx ctx(*node, operandTypes(node->operands));
    node->results = opDef.infer(ctx);
  }
  Node* raw = node.get();
  byName_[nodeName] = raw;
  nodes_.push_back(std::move(node));
  return raw;
}

Node* Graph::insertBefore(const Node* position, const std::string& nodeName, const OpDef& opDef, std::vector<Value> operands,
                          std::vector<std::string> operandNames, AttrMap attrs, SourceLoc loc) {
  Node* n = add(nodeName, opDef, std::move(operands), std::move(operandNames), std::move(attrs), std::move(loc));
  const size_t at = static_cast<size_t>(position->id);
  std::rotate(nodes_.begin() + static_cast<std::ptrdiff_t>(at), nodes_.end() - 1, nodes_.end());
  for (size_t i = 0; i < nodes_.size(); ++i) nodes_[i]->id = static_cast<int>(i);
  return n;
}

std::string Graph::freshName(const std::string& base) const {
  if (!find(base)) return base;
  for (int k = 1;; ++k) {
    std::string n = base + "." + std::to_string(k);
    if (!find(n)) return n;
  }
}

Node* Graph::find(const std::string& n) const {
  auto it = byName_.find(n);
  return it == byName_.end() ? nullptr : it->second;
}

std::vector<Node*> Graph::inputs() const {
  std::vector<Node*> out;
  for (auto& n : nodes_)
    if (n->op->name == "input") out.push_back(n.get());
  return out;
}

std::vector<Node*> Graph::params() const {
  std::vector<Node*> out;
  for (auto& n : nodes_)
    if (n->op->name == "param") out.push_back(n.get());
  return out;
}

void Graph::verify() const {
  auto bad = [&](const Node& n, const std::string& what) {
    throw InternalError("verify: node %" + n.name + " (" + n.op->name + "): " + what);
  };
  std::set<std::string> seen;
  for (size_t k = 0; k < nodes_.size(); ++k) {
    const Node& n = *nodes_[k];
    if (n.id != static_cast<int>(k)) bad(n, "id " + std::to_string(n.id) + " at position " + std::to_string(k));
    if (!seen.insert(n.name).second) bad(n, "duplicate name");
    if (n.operands.size() != n.operandNames.size()) bad(n, "operand names and operands differ in length");
    for (const Value& v : n.operands) {
      if (!v) continue;
      if (v.node->id >= n.id || nodes_[v.node->id].get() != v.node) bad(n, "operand " + v.ref() + " is not defined before use");
      if (v.index < 0 || v.index >= static_cast<int>(v.node->results.size())) bad(n, "operand result index out of range");
    }
    for (const auto& [name, attr] : n.attrs)
      if (!n.op->attr(name)) bad(n, "unknown attribute '" + name + "'");
    for (const AttrDef& def : n.op->attrs)
      if (def.required && !n.attrs.count(def.name)) bad(n, "missing attribute '" + def.name + "'");
    if (n.results.size() != n.op->results.size()) bad(n, "result count differs from the op's declaration");
    if (n.op->cls != OpClass::Source) {
      std::vector<TensorType> again = n.op->infer(InferCtx(n, operandTypes(n.operands)));
      if (again != n.results) bad(n, "result types differ from the shape rule's");
    }
  }
  auto checkValue = [&](const Value& v, const std::string& what) {
    if (v && (v.node->id >= static_cast<int>(nodes_.size()) || nodes_[v.node->id].get() != v.node))
      throw InternalError("verify: " + what + " refers to a node outside the graph");
  };
  for (auto& [n, v] : outputs) checkValue(v, "output " + n);
  for (auto& [n, v] : metrics) checkValue(v, "metric " + n);
  checkValue(loss, "loss");
  for (auto& [p, v] : grads) {
    checkValue(v, "the gradient of " + p->name);
    if (v.type().shape != p->results[0].shape) throw InternalError("verify: the gradient of " + p->name + " has the wrong shape");
  }
  for (auto& [p, v] : updates) {
    checkValue(v, "the update of " + p->name);
    if (v.type().shape != p->results[0].shape) throw InternalError("verify: the update of " + p->name + " has the wrong shape");
  }
  if (loss && loss.type().numel() != 1) throw InternalError("verify: the loss is not a scalar");
}

void Graph::replaceAllUses(Value from, Value to) {
  if (from.type() != to.type()) throw InternalError("replaceAllUses: " + from.ref() + " and " + to.ref() + " differ in type");
  auto redirect = [&](Value& v) {
    if (v == from) v = to;
  };
  for (auto& n : nodes_)
    for (Value& v : n->operands) redirect(v);
  for (auto& [name, v] : outputs) redirect(v);
  for (auto& [name, v] : metrics) redirect(v);
  redirect(loss);
  for (auto& [p, v] : grads) redirect(v);
  for (auto& [p, v] : updates) redirect(v);
}

void Graph::erase(const std::function<bool(const Node&)>& dead) {
  std::vector<bool> gone(nodes_.size(), false);
  for (auto& n : nodes_) gone[n->id] = dead(*n);
  auto check = [&](const Value& v, const std::string& user) {
    if (v && gone[v.node->id]) throw InternalError("erase: %" + v.node->name + " is still used by " + user);
  };
  for (auto& n : nodes_)
    if (!gone[n->id])
      for (const Value& v : n->operands) check(v, "%" + n->name);
  for (auto& [name, v] : outputs) check(v, "output " + name);
  for (auto& [name, v] : metrics) check(v, "metric " + name);
  check(loss, "the loss");
  for (auto& [p, v] : grads) check(v, "the gradient of " + p->name), check(p->result(0), "the gradient list");
  for (auto& [p, v] : updates) check(v, "the update of " + p->name), check(p->result(0), "the update list");
  std::vector<std::unique_ptr<Node>> kept;
  for (auto& n : nodes_) {
    if (gone[n->id]) {
      byName_.erase(n->name);
      continue;
    }
    n->id = static_cast<int>(kept.size());
    kept.push_back(std::move(n));
  }
  nodes_ = std::move(kept);
}

static std::string resultTypes(const Node& n) {
  if (n.results.size() == 1) return n.results[0].str();
  std::string s = "(";
  for (size_t i = 0; i < n.results.size(); ++i)
    s += (i ? ", " : "") + n.op->results[i] + ": " + n.results[i].str();
  return s + ")";
}

std::string printGraph(const Graph& g, bool withLocs) {
  std::ostringstream os;
  os << "graph @" << g.name << " {\n";
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    std::ostringstream line;
    line << "  %" << n.name << ": " << resultTypes(n) << " = " << n.op->name << "(";
    bool first = true;
    for (size_t k = 0; k < n.operands.size(); ++k) {
      if (!n.operands[k]) continue;
      line << (first ? "" : ", ") << n.operands[k].ref();
      first = false;
    }
    line << ")";
    if (!n.attrs.empty()) {
      line << " {";
      bool firstAttr = true;
      for (const auto& [name, attr] : n.attrs) {
        line << (firstAttr ? "" : ", ") << name << "=" << attrValueStr(attr.value);
        firstAttr = false;
      }
      line << "}";
    }
    if (withLocs && n.loc.known()) line << "  // " << n.loc.str();
    os << line.str() << "\n";
  }
  for (const auto& [name, v] : g.outputs) os << "  output " << name << " = " << v.ref() << "\n";
  if (g.loss) os << "  loss = " << g.loss.ref() << "\n";
  for (const auto& [name, v] : g.metrics) os << "  metric " << name << " = " << v.ref() << "\n";
  for (const auto& [p, v] : g.grads) os << "  grad %" << p->name << " = " << v.ref() << "\n";
  for (const auto& [p, v] : g.updates) os << "  update %" << p->name << " <- " << v.ref() << "\n";
  os << "}\n";
  return os.str();
}

static std::string dotEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";  // a line break inside a DOT label
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string printDot(const Graph& g) {
  std::ostringstream os;
  os << "digraph \"" << dotEscape(g.name) << "\" {\n  rankdir=TB;\n  node [fontname=\"monospace\", fontsize=10];\n";
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    std::string shape = n.op->name == "input" ? "invhouse" : n.op->name == "param" ? "cylinder" : "box";
    std::string label = n.name + "\n" + n.op->name;
    for (size_t r = 0; r < n.results.size(); ++r)
      label += "\n" + (n.results.size() > 1 ? n.op->results[r] + ": " : std::string()) + n.results[r].str();
    os << "  n" << n.id << " [shape=" << shape << ", label=\"" << dotEscape(label) << "\"];\n";
  }
  for (const auto& np : g.nodes())
    for (size_t k = 0; k < np->operands.size(); ++k) {
      const Value& v = np->operands[k];
      if (!v) continue;
      os << "  n" << v.node->id << " -> n" << np->id;
      std::string lab = v.index ? v.node->op->results[v.index] : std::string();
      if (!lab.empty()) os << " [label=\"" << dotEscape(lab) << "\"]";
      os << ";\n";
    }
  os << "}\n";
  return os.str();
}

}  // namespace sinter
