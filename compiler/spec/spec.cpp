// spec.cpp — reading YAML specs (readSpec) and lowering them to the graph IR (buildGraph).
#include "compiler/spec/spec.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "compiler/ir/ops.h"

namespace sinter {

// ---------------------------------------------------------------------------------------------
// CallSpec accessors

static const AttrValue& callArg(const CallSpec& c, const std::string& k) {
  auto it = c.args.find(k);
  if (it == c.args.end()) throw InternalError(c.name + " has no argument '" + k + "'");
  return it->second.value;
}
double CallSpec::f(const std::string& k) const {
  const AttrValue& v = callArg(*this, k);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  throw InternalError(name + "." + k + " is not a number");
}
int64_t CallSpec::i(const std::string& k) const {
  const AttrValue& v = callArg(*this, k);
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  throw InternalError(name + "." + k + " is not an integer");
}
bool CallSpec::b(const std::string& k) const {
  const AttrValue& v = callArg(*this, k);
  if (auto* p = std::get_if<bool>(&v)) return *p;
  throw InternalError(name + "." + k + " is not a boolean");
}
std::string CallSpec::s(const std::string& k) const { return attrValueStr(callArg(*this, k)); }

// ---------------------------------------------------------------------------------------------
// Schemas of the recipe's calls

namespace {

constexpr double kInf = 1e300;

AttrDef num(std::string n, std::optional<double> d, double lo, double hi, std::string doc, bool loExcl = false) {
  AttrDef a{std::move(n), AttrKind::Float, std::nullopt, !d.has_value(), lo, hi, loExcl, {}, std::move(doc)};
  if (d) a.dflt = AttrValue(*d);
  return a;
}
AttrDef integer(std::string n, std::optional<int64_t> d, double lo, double hi, std::string doc) {
  AttrDef a{std::move(n), AttrKind::Int, std::nullopt, !d.has_value(), lo, hi, false, {}, std::move(doc)};
  if (d) a.dflt = AttrValue(*d);
  return a;
}
AttrDef flag(std::string n, bool d, std::string doc) {
  return AttrDef{std::move(n), AttrKind::Bool, AttrValue(d), false, -kInf, kInf, false, {}, std::move(doc)};
}
AttrDef text(std::string n, std::string d, std::string doc) {
  // Free text (paths, dataset names): an Enum with no choices accepts any name or string.
  AttrDef a{std::move(n), AttrKind::Enum, std::nullopt, false, -kInf, kInf, false, {}, std::move(doc)};
  if (!d.empty()) a.dflt = AttrValue(d);
  return a;
}

}  // namespace

const std::vector<CallSchema>& dataSources() {
  static const std::vector<CallSchema> s = {
      {"count24",
       {integer("train", 100000, 1, kInf, "training samples"), integer("test", 2000, 1, kInf, "test samples"),
        integer("length", 10, 1, kInf, "sequence length"), flag("fresh", true, "draw a fresh training batch every step")},
       "Digits 0..9; label 1 when there are more 2s than 4s (MODELS.md 1)."},
      {"attention_clusters",
       {integer("items", 64, 1, kInf, "keys, values and queries"), integer("key_dim", 8, 1, kInf, "key/query size"),
        integer("value_dim", 16, 1, kInf, "value size"), integer("cluster", 8, 1, kInf, "items per cluster")},
       "The clustered keys, values and queries of the attention basics (MODELS.md 2)."},
      {"worked_example", {}, "X, Wq, Wk, Wv of the self-attention worked example (MODELS.md 3)."},
      {"sparse_and",
       {integer("bits", 30, 3, kInf, "sequence length T"), integer("k", 3, 1, kInf, "relevant positions"),
        integer("train", 50, 1, kInf, "training samples"), integer("test", 500, 1, kInf, "validation samples")},
       "Sparse AND of k random positions of T biased bits, rejection-sampled (MODELS.md 7)."},
      {"mnist_add",
       {text("dir", "", "MNIST directory (default: the sinter data cache)"), integer("digits", 3, 1, 9, "digits per number"),
        integer("train", 20000, 1, kInf, "training samples"), integer("test", 5000, 1, kInf, "test samples")},
       "Two numbers written as MNIST digit images; label: the digits of their sum (MODELS.md 5)."},
      {"imdb",
       {text("dir", "", "IMDB directory (default: the sinter data cache)"), integer("num_words", 10000, 1, kInf, "vocabulary size"),
        integer("max_len", 250, 1, kInf, "tokens kept per review"), flag("lengths", false, "also feed the true lengths")},
       "IMDB reviews as word ranks, padded at the end (MODELS.md 4)."},
      {"npz", {text("train", "", "training .npz (one array per input)"), text("test", "", "test .npz")},
       "Arrays from NumPy .npz files, named like the inputs."},
      {"csv", {text("train", "", "training CSV"), text("test", "", "test CSV"), flag("header", true, "first row names the columns")},
       "Columns of a CSV file, named like the inputs."},
  };
  return s;
}

const std::vector<CallSchema>& optimizers() {
  static const std::vector<CallSchema> s = {
      {"sgd",
       {num("lr", std::nullopt, 0, kInf, "learning rate", true), num("momentum", 0.0, 0, 1, "momentum"),
        num("dampening", 0.0, 0, 1, "dampening"), flag("nesterov", false, "Nesterov momentum"),
        num("weight_decay", 0.0, 0, kInf, "L2 penalty added to the gradient")},
       "torch.optim.SGD"},
      {"adam",
       {num("lr", 1e-3, 0, kInf, "learning rate", true), num("beta1", 0.9, 0, 0.999999, "first-moment decay"),
        num("beta2", 0.999, 0, 0.999999999, "second-moment decay"), num("eps", 1e-8, 0, kInf, "denominator term", true),
        num("weight_decay", 0.0, 0, kInf, "L2 penalty added to the gradient")},
       "torch.optim.Adam"},
      {"adamw",
       {num("lr", 1e-3, 0, kInf, "learning rate", true), num("beta1", 0.9, 0, 0.999999, "first-moment decay"),
        num("beta2", 0.999, 0, 0.999999999, "second-moment decay"), num("eps", 1e-8, 0, kInf, "denominator term", true),
        num("weight_decay", 0.01, 0, kInf, "decoupled weight decay")},
       "torch.optim.AdamW"},
  };
  return s;
}

const std::vector<CallSchema>& schedules() {
  static const std::vector<CallSchema> s = {
      {"constant", {}, "constant learning rate"},
      {"step", {integer("every", std::nullopt, 1, kInf, "steps between decays"), num("gamma", 0.1, 0, 1, "decay factor", true)},
       "lr * gamma^(step / every)"},
      {"cosine", {num("min_lr", 0.0, 0, kInf, "final learning rate")}, "cosine decay from lr to min_lr over the run"},
  };
  return s;
}

static const std::vector<CallSchema>& initSchemas() {
  static const std::vector<CallSchema> s = {
      {"normal", {num("mean", 0.0, -kInf, kInf, "mean"), num("std", 1.0, 0, kInf, "standard deviation")}, "N(mean, std^2)"},
      {"uniform", {num("low", 0.0, -kInf, kInf, "lower bound"), num("high", 1.0, -kInf, kInf, "upper bound")}, "U(low, high)"},
      {"zeros", {}, "all zeros"},
      {"ones", {}, "all ones"},
      {"constant", {num("value", std::nullopt, -kInf, kInf, "the value")}, "every element = value"},
  };
  return s;
}

// ---------------------------------------------------------------------------------------------
// Expr -> attribute values

static AttrValue exprToAttr(const Expr& e, const std::string& context) {
  switch (e.kind) {
    case Expr::Kind::Int: return e.i;
    case Expr::Kind::Float: return e.f;
    case Expr::Kind::Bool: return e.b;
    case Expr::Kind::Name:
    case Expr::Kind::String: return e.text;
    case Expr::Kind::List: {
      bool allInt = true;
      for (const Expr& x : e.items) {
        if (x.kind != Expr::Kind::Int && x.kind != Expr::Kind::Float)
          fail(x.loc, context + ": list elements must be numbers, got " + x.str());
        allInt = allInt && x.kind == Expr::Kind::Int;
      }
      if (allInt) {
        std::vector<int64_t> v;
        for (const Expr& x : e.items) v.push_back(x.i);
        return v;
      }
      std::vector<double> v;
      for (const Expr& x : e.items) v.push_back(x.kind == Expr::Kind::Int ? static_cast<double>(x.i) : x.f);
      return v;
    }
    case Expr::Kind::Call:
    case Expr::Kind::Typed: break;
  }
  fail(e.loc, context + ": expected a value (number, boolean, name or list), got " + e.str());
}

static std::string argList(const std::vector<AttrDef>& defs) {
  std::string s;
  for (const auto& d : defs) s += (s.empty() ? "" : ", ") + d.name;
  return s.empty() ? "no arguments" : s;
}

// Checks a call such as adam(lr=5e-5) against a family of schemas; fills defaults.
static CallSpec checkCall(const Expr& e, const std::vector<CallSchema>& family, const std::string& what) {
  if (e.kind != Expr::Kind::Call && e.kind != Expr::Kind::Name)
    fail(e.loc, what + " must be a call such as " + family.front().name + "(...), got " + e.str());
  const CallSchema* schema = nullptr;
  std::vector<std::string> names;
  for (const auto& s : family) {
    names.push_back(s.name);
    if (s.name == e.text) schema = &s;
  }
  if (!schema) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    fail(e.loc, "unknown " + what + " '" + e.text + "'" + didYouMean(e.text, names) + "; expected one of: " + list);
  }
  CallSpec out{schema->name, {}, e.loc};
  std::string context = what + " " + schema->name;
  if (e.items.size() > schema->args.size())
    fail(e.items[schema->args.size()].loc, context + " takes at most " + std::to_string(schema->args.size()) +
                                               " positional arguments (" + argList(schema->args) + ")");
  for (size_t k = 0; k < e.items.size(); ++k) {
    const AttrDef& d = schema->args[k];
    out.args[d.name] = Attr{checkAttr(d, exprToAttr(e.items[k], context), e.items[k].loc, context), e.items[k].loc};
  }
  std::vector<std::string> argNames;
  for (const auto& d : schema->args) argNames.push_back(d.name);
  for (const auto& kw : e.kwargs) {
    const AttrDef* d = nullptr;
    for (const auto& a : schema->args)
      if (a.name == kw.name) d = &a;
    if (!d)
      fail(kw.loc, context + ": unknown argument '" + kw.name + "'" + didYouMean(kw.name, argNames) + "; it takes " +
                       argList(schema->args));
    if (out.args.count(kw.name)) fail(kw.loc, context + ": argument '" + kw.name + "' is given twice");
    const AttrValue v = d->kind == AttrKind::Enum && d->choices.empty() ? exprToAttr(kw.value[0], context)
                                                                          : checkAttr(*d, exprToAttr(kw.value[0], context), kw.value[0].loc, context);
    if (d->kind == AttrKind::Enum && d->choices.empty() && !std::holds_alternative<std::string>(v))
      fail(kw.value[0].loc, context + ": argument '" + kw.name + "' must be a name or string, got " + kw.value[0].str());
    out.args[kw.name] = Attr{v, kw.value[0].loc};
  }
  for (const auto& d : schema->args) {
    if (out.args.count(d.name)) continue;
    if (d.dflt) out.args[d.name] = Attr{*d.dflt, e.loc};
    else if (d.required) fail(e.loc, context + ": missing argument '" + d.name + "' (" + d.doc + ")");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// YAML reading

namespace {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  SourceLoc loc(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return SourceLoc{file_, 0, 0};
    SourceLoc l{file_, m.line + 1, m.column + 1};
    return l;
  }

  // Where the characters of a scalar start: quoted scalars begin one column later.
  SourceLoc scalarStart(const YAML::Node& n) const {
    SourceLoc l = loc(n);
    if (n.Tag() == "!") l.col += 1;
    return l;
  }

  std::string scalar(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(loc(n), what + " must be a single value, got a " + kindName(n));
    return n.Scalar();
  }

  Expr expr(const YAML::Node& n, const std::string& what) const {
    if (n.IsSequence()) {  // a YAML flow list such as [prob, att.weights]
      Expr e;
      e.kind = Expr::Kind::List;
      e.loc = loc(n);
      for (const auto& item : n) e.items.push_back(expr(item, what));
      return e;
    }
    return parseExpr(scalar(n, what), scalarStart(n));
  }

  int64_t integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const {
    Expr e = expr(n, what);
    if (e.kind != Expr::Kind::Int) fail(e.loc, what + " must be an integer, got " + e.str());
    if (e.i < lo || e.i > hi)
      fail(e.loc, what + " = " + std::to_string(e.i) + " is out of range (expected " + std::to_string(lo) + ".." +
                      (hi == INT64_MAX ? std::string("") : std::to_string(hi)) + ")");
    return e.i;
  }

  double number(const YAML::Node& n, const std::string& what, double lo, bool loExclusive) const {
    Expr e = expr(n, what);
    if (e.kind != Expr::Kind::Int && e.kind != Expr::Kind::Float) fail(e.loc, what + " must be a number, got " + e.str());
    double x = e.kind == Expr::Kind::Int ? static_cast<double>(e.i) : e.f;
    if (loExclusive ? !(x > lo) : !(x >= lo)) {
      std::ostringstream os;
      os << what << " = " << x << " is out of range (expected " << (loExclusive ? "> " : ">= ") << lo << ")";
      fail(e.loc, os.str());
    }
    return x;
  }

  static std::string kindName(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map: return "mapping";
      case YAML::NodeType::Sequence: return "list";
      case YAML::NodeType::Scalar: return "value";
      case YAML::NodeType::Null: return "empty value";
      default: return "nothing";
    }
  }

  // Iterates a mapping, rejecting duplicate keys (yaml-cpp keeps both silently).
  void forEachEntry(const YAML::Node& map, const std::string& what,
                    const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn) const {
    if (!map.IsMap()) fail(loc(map), what + " must be a mapping (NAME: VALUE lines), got a " + kindName(map));
    std::map<std::string, SourceLoc> seen;
    for (const auto& kv : map) {
      const YAML::Node& key = kv.first;
      std::string k = scalar(key, "a key in " + what);
      auto it = seen.find(k);
      if (it != seen.end())
        fail(loc(key), "duplicate key '" + k + "' in " + what + " (first given at " + std::to_string(it->second.line) + ":" +
                           std::to_string(it->second.col) + ")");
      seen[k] = loc(key);
      fn(k, key, kv.second);
    }
  }

  Spec read(const YAML::Node& root) {
    Spec spec;
    spec.file = file_;
    if (!root || root.IsNull())
      fail(SourceLoc{file_, 1, 1}, "the spec is empty; expected a mapping with model:, inputs:, nodes: (see docs/spec.md)");
    if (!root.IsMap()) fail(loc(root), "a spec must be a mapping with model:, inputs:, nodes: ..., got a " + kindName(root));
    spec.loc = loc(root);
    static const std::vector<std::string> sections = {"model", "doc", "dims", "inputs", "params", "nodes",
                                                      "outputs", "loss", "metrics", "train"};
    std::map<std::string, SourceLoc> names;  // every declared tensor name -> where
    auto declare = [&](const std::string& n, const SourceLoc& l) {
      if (n.empty()) fail(l, "a name cannot be empty");
      auto it = names.find(n);
      if (it != names.end())
        fail(l, "duplicate name '" + n + "' (first declared at " + std::to_string(it->second.line) + ":" +
                    std::to_string(it->second.col) + "); every input, parameter, node and metric needs its own name");
      names[n] = l;
    };
    forEachEntry(root, "the spec", [&](const std::string& k, const YAML::Node& key, const YAML::Node& v) {
      if (k == "model") {
        spec.name = scalar(v, "model");
      } else if (k == "doc") {
        spec.doc = scalar(v, "doc");
      } else if (k == "dims") {
        forEachEntry(v, "dims", [&](const std::string& d, const YAML::Node& dk, const YAML::Node& dv) {
          spec.dims.push_back({d, integer(dv, "dimension " + d, 1, INT64_MAX), loc(dk)});
        });
      } else if (k == "inputs") {
        forEachEntry(v, "inputs", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          spec.inputs.push_back({n, expr(nv, "input " + n), Expr{}, loc(nk)});
        });
      } else if (k == "params") {
        forEachEntry(v, "params", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          TensorDecl d{n, {}, {}, loc(nk)};
          parseTypeAndInit(scalar(nv, "parameter " + n), scalarStart(nv), d.type, d.init);
          if (d.init.kind == Expr::Kind::Name && d.init.text.empty())
            fail(loc(nv), "parameter '" + n + "' needs an initialiser: write e.g. " + d.type.str() + " ~ normal(std=1.0)");
          spec.params.push_back(d);
        });
      } else if (k == "nodes") {
        forEachEntry(v, "nodes", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          spec.nodes.push_back({n, expr(nv, "node " + n), loc(nk)});
        });
      } else if (k == "outputs") {
        if (v.IsSequence()) {
          for (const auto& item : v) {
            Expr e = expr(item, "an output");
            if (!e.isName()) fail(e.loc, "an output must name a tensor, got " + e.str());
            spec.outputs.push_back({e.text, e});
          }
        } else {
          forEachEntry(v, "outputs", [&](const std::string& n, const YAML::Node&, const YAML::Node& nv) {
            Expr e = expr(nv, "output " + n);
            if (!e.isName()) fail(e.loc, "output '" + n + "' must name a tensor, got " + e.str());
            spec.outputs.push_back({n, e});
          });
        }
      } else if (k == "loss") {
        Expr e = expr(v, "loss");
        if (e.kind == Expr::Kind::Call) declare("loss", loc(key));
        spec.loss = NodeDecl{"loss", e, loc(key)};
      } else if (k == "metrics") {
        forEachEntry(v, "metrics", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          Expr e = expr(nv, "metric " + n);
          if (e.kind == Expr::Kind::Call) declare(n, loc(nk));
          spec.metrics.push_back({n, e, loc(nk)});
        });
      } else if (k == "train") {
        spec.train = readTrain(v, loc(key));
      } else {
        fail(loc(key), "unknown section '" + k + "'" + didYouMean(k, sections) +
                           "; a spec has: model, doc, dims, inputs, params, nodes, outputs, loss, metrics, train");
      }
    });
    if (spec.name.empty()) fail(spec.loc, "missing 'model: NAME' (the model's name)");
    if (spec.inputs.empty()) fail(spec.loc, "missing 'inputs:' (at least one input tensor, e.g. x: f32[B, 10])");
    if (spec.nodes.empty()) fail(spec.loc, "missing 'nodes:' (the model's layers, e.g. h: linear(x, out=10))");
    if (spec.train && !spec.loss) fail(spec.train->loc, "a spec with train: needs a loss: (e.g. loss: bce(prob, y))");
    return spec;
  }

  TrainSpec readTrain(const YAML::Node& v, const SourceLoc& where) {
    TrainSpec t;
    t.loc = where;
    bool hasData = false, hasOpt = false;
    static const std::vector<std::string> keys = {"data", "batch", "optimizer", "schedule", "warmup", "clip_grad_norm",
                                                  "epochs", "steps", "eval_every", "seed", "plots"};
    t.schedule = CallSpec{"constant", {}, where};
    forEachEntry(v, "train", [&](const std::string& k, const YAML::Node& key, const YAML::Node& nv) {
      if (k == "data") {
        t.data = checkCall(expr(nv, "data"), dataSources(), "data source");
        hasData = true;
      } else if (k == "batch") {
        t.batch = integer(nv, "batch", 1, INT64_MAX);
      } else if (k == "optimizer") {
        t.optimizer = checkCall(expr(nv, "optimizer"), optimizers(), "optimizer");
        hasOpt = true;
      } else if (k == "schedule") {
        t.schedule = checkCall(expr(nv, "schedule"), schedules(), "schedule");
      } else if (k == "warmup") {
        t.warmup = integer(nv, "warmup", 0, INT64_MAX);
      } else if (k == "clip_grad_norm") {
        t.clipGradNorm = number(nv, "clip_grad_norm", 0, true);
      } else if (k == "epochs") {
        t.epochs = integer(nv, "epochs", 1, INT64_MAX);
      } else if (k == "steps") {
        t.steps = integer(nv, "steps", 1, INT64_MAX);
      } else if (k == "eval_every") {
        t.evalEvery = integer(nv, "eval_every", 1, INT64_MAX);
      } else if (k == "seed") {
        t.seed = integer(nv, "seed", 0, INT64_MAX);
      } else if (k == "plots") {
        Expr e = expr(nv, "plots");
        if (e.kind != Expr::Kind::List) fail(e.loc, "plots must be a list of tensor names, e.g. [att.weights]");
        for (const Expr& p : e.items)
          if (!p.isName()) fail(p.loc, "plots must list tensor names, got " + p.str());
        t.plots = e.items;
      } else {
        fail(loc(key), "unknown key '" + k + "' in train" + didYouMean(k, keys) + "; train takes: data, batch, optimizer, "
                       "schedule, warmup, clip_grad_norm, epochs, steps, eval_every, seed, plots");
      }
    });
    if (!hasData) fail(where, "train: is missing 'data:' (a data source such as count24())");
    if (!hasOpt) fail(where, "train: is missing 'optimizer:' (e.g. adam(lr=1e-3))");
    if (t.batch == 0) fail(where, "train: is missing 'batch:' (the batch size, bound to dimension B)");
    if ((t.epochs == 0) == (t.steps == 0)) fail(where, "train: needs exactly one of 'epochs:' or 'steps:'");
    return t;
  }

 private:
  std::string file_;
};

}  // namespace

Spec readSpecString(const std::string& yaml, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    fail(SourceLoc{file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg);
  }
  try {
    return Reader(file).read(root);
  } catch (const YAML::Exception& e) {  // e.g. a bad conversion deep inside yaml-cpp
    fail(SourceLoc{file, e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg);
  }
}

Spec readSpec(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(SourceLoc{file, 0, 0}, "cannot open the spec file (does it exist and is it readable?)");
  std::stringstream ss;
  ss << in.rdbuf();
  return readSpecString(ss.str(), file);
}

// ---------------------------------------------------------------------------------------------
// Lowering to the graph IR

namespace {

class Builder {
 public:
  Builder(const Spec& spec, const Bindings& overrides) : spec_(spec) {
    for (const auto& d : spec.dims) dims_[d.name] = d.value;
    if (spec.train) {
      auto it = dims_.find("B");
      if (it != dims_.end() && it->second != spec.train->batch)
        fail(spec.train->loc, "train.batch = " + std::to_string(spec.train->batch) + " but dims binds B = " +
                                  std::to_string(it->second) + "; the batch size binds B, so give it once");
      dims_["B"] = spec.train->batch;
    }
    for (const auto& [k, v] : overrides) dims_[k] = v;
    for (const auto& n : spec.nodes) decls_[n.name] = &n;
    if (spec.loss && spec.loss->expr.kind == Expr::Kind::Call) decls_["loss"] = &*spec.loss;
    for (const auto& m : spec.metrics)
      if (m.expr.kind == Expr::Kind::Call) decls_[m.name] = &m;
  }

  Graph build() {
    g_.name = spec_.name;
    g_.loc = spec_.loc;
    for (const auto& in : spec_.inputs) {
      TensorType t = tensorType(in.type, "input '" + in.name + "'");
      g_.add(in.name, op("input"), {}, {}, {}, in.loc, &t);
    }
    for (const auto& p : spec_.params) {
      TensorType t = tensorType(p.type, "parameter '" + p.name + "'");
      if (!isFloat(t.dtype)) fail(p.type.loc, "parameter '" + p.name + "' must be f32 or f64, got " + t.str());
      g_.add(p.name, op("param"), {}, {}, initAttrs(p.init), p.loc, &t);
    }
    for (const auto& n : spec_.nodes) ensure(n.name);
    if (spec_.loss) {
      g_.loss = spec_.loss->expr.kind == Expr::Kind::Call ? ensure("loss") : ref(spec_.loss->expr, "loss");
      const TensorType& t = g_.loss.type();
      if (!isFloat(t.dtype) || t.numel() != 1)
        fail(spec_.loss->expr.loc, "the loss must be a float scalar, got " + t.str() + " (reduce it, e.g. mean(...))");
    }
    for (const auto& m : spec_.metrics) {
      Value v = m.expr.kind == Expr::Kind::Call ? ensure(m.name) : ref(m.expr, "metric " + m.name);
      if (!isFloat(v.type().dtype) || v.type().numel() != 1)
        fail(m.expr.loc, "metric '" + m.name + "' must be a float scalar, got " + v.type().str());
      g_.metrics.push_back({m.name, v});
    }
    for (const auto& [name, e] : spec_.outputs) g_.outputs.push_back({name, ref(e, "output " + name)});
    if (spec_.train)
      for (const Expr& p : spec_.train->plots) ref(p, "plot");
    g_.verify();
    return std::move(g_);
  }

 private:
  TensorType tensorType(const Expr& e, const std::string& what) {
    if (e.kind != Expr::Kind::Typed)
      fail(e.loc, what + " must have a type such as f32[B, 10] (dtype, then the shape in brackets), got " + e.str());
    auto dt = parseDType(e.text);
    if (!dt) {
      static const std::vector<std::string> dtypes = {"f32", "f64", "i32", "i64"};
      fail(e.loc, "unknown dtype '" + e.text + "'" + didYouMean(e.text, dtypes) + "; expected f32, f64, i32 or i64");
    }
    TensorType t{*dt, {}};
    for (const Expr& d : e.items) {
      if (d.kind == Expr::Kind::Int) {
        if (d.i < 1) fail(d.loc, what + ": dimension " + std::to_string(d.i) + " must be >= 1");
        t.shape.push_back(d.i);
      } else if (d.kind == Expr::Kind::Name) {
        auto it = dims_.find(d.text);
        if (it == dims_.end()) {
          std::string hint = d.text == "B" ? " (train.batch binds B)" : "";
          fail(d.loc, "unbound dimension '" + d.text + "' in " + what + "; bind it under dims: (e.g. dims: {" + d.text +
                          ": 16}) or with --bind " + d.text + "=16" + hint);
        }
        t.shape.push_back(it->second);
      } else {
        fail(d.loc, what + ": a dimension must be a positive integer or a name bound in dims:, got " + d.str());
      }
    }
    return t;
  }

  // Integer lists in attributes may name bound dimensions: expand(cls, shape=[B, 1, 32]).
  Expr bindDims(const Expr& e) const {
    if (e.kind != Expr::Kind::List) return e;
    Expr out = e;
    for (Expr& item : out.items) {
      if (item.kind != Expr::Kind::Name) continue;
      auto it = dims_.find(item.text);
      if (it == dims_.end())
        fail(item.loc, "unbound dimension '" + item.text + "' in an attribute; bind it under dims: or with --bind " + item.text + "=N");
      item.kind = Expr::Kind::Int;
      item.i = it->second;
    }
    return out;
  }

  AttrMap initAttrs(const Expr& init) {
    CallSpec c = checkCall(init, initSchemas(), "initialiser");
    AttrMap out{{"init", Attr{c.name, c.loc}}};
    for (const auto& [k, v] : c.args) out[k] = v;
    if (c.name == "uniform" && c.f("low") > c.f("high"))
      fail(init.loc, "initialiser uniform: low = " + c.s("low") + " is greater than high = " + c.s("high"));
    return out;
  }

  std::vector<std::string> allNames() const {
    std::vector<std::string> names;
    for (const auto& n : g_.nodes()) names.push_back(n->name);
    for (const auto& [n, d] : decls_) names.push_back(n);
    return names;
  }

  // Resolves a value reference, building the node it names first if needed.
  Value ref(const Expr& e, const std::string& context) {
    if (!e.isName()) fail(e.loc, context + ": expected a tensor name, got " + e.str());
    const std::string& name = e.text;
    if (Node* n = g_.find(name)) return n->result(0);
    if (decls_.count(name)) return ensure(name, &e.loc);
    // "node.result" or a parameter a layer op owns ("keys.weight", "attn.out_proj.weight").
    for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
      std::string prefix = name.substr(0, dot), suffix = name.substr(dot + 1);
      Node* owner = g_.find(prefix);
      if (!owner && decls_.count(prefix)) owner = ensure(prefix, &e.loc).node;
      if (!owner) continue;
      if (Node* p = g_.find(name)) return p->result(0);
      int r = owner->op->resultIndex(suffix);
      if (r >= 0) return owner->result(r);
      std::string results;
      for (const auto& s : owner->op->results) results += (results.empty() ? "" : ", ") + s;
      fail(e.loc, context + ": '" + prefix + "' (" + owner->op->name + ") has no result or parameter '" + suffix +
                      "'; its results are: " + results);
    }
    fail(e.loc, context + ": unknown tensor '" + name + "'" + didYouMean(name, allNames()) +
                    "; operands must name an input, a parameter or a node");
  }

  Value ensure(const std::string& name, const SourceLoc* usedAt = nullptr) {
    if (Node* n = g_.find(name)) return n->result(0);
    const NodeDecl& d = *decls_.at(name);
    if (state_[name] == 1) {
      std::string cycle;
      bool on = false;
      for (const auto& s : stack_) {
        if (s == name) on = true;
        if (on) cycle += s + " -> ";
      }
      fail(usedAt ? *usedAt : d.loc, "cycle in the graph: " + cycle + name + "; a node cannot depend on itself");
    }
    state_[name] = 1;
    stack_.push_back(name);
    Node* n = buildNode(d);
    stack_.pop_back();
    state_[name] = 2;
    return n->result(0);
  }

  Node* buildNode(const NodeDecl& d) {
    const Expr& e = d.expr;
    if (e.kind != Expr::Kind::Call)
      fail(e.loc, "node '" + d.name + "' must be an op call such as relu(x) or linear(x, out=8), got " + e.str());
    const OpDef* def = findOp(e.text);
    if (!def || def->cls == OpClass::Source)
      fail(e.loc, "unknown op '" + e.text + "'" + didYouMean(e.text, opNames()) + "; `sinter ops` lists every op");
    std::string ctx = def->name + " '" + d.name + "'";

    // Data operands: positional first, then by keyword.
    std::vector<Value> operands;
    std::vector<std::string> slotNames;
    const bool variadic = !def->operands.empty() && def->operands[0].variadic;
    if (variadic) {
      for (const Expr& a : e.items) operands.push_back(ref(a, ctx)), slotNames.push_back(def->operands[0].name);
      if (operands.size() < 2) fail(e.loc, ctx + ": needs at least two tensors to join");
    } else {
      if (e.items.size() > def->operands.size()) {
        std::string list;
        for (const auto& o : def->operands) list += (list.empty() ? "" : ", ") + o.name;
        fail(e.items[def->operands.size()].loc, ctx + ": too many operands; " + def->name + " takes " +
                                                     std::to_string(def->operands.size()) + " (" + list +
                                                     "), give attributes as name=value");
      }
      operands.resize(def->operands.size());
      for (const auto& o : def->operands) slotNames.push_back(o.name);
      for (size_t k = 0; k < e.items.size(); ++k) operands[k] = ref(e.items[k], ctx);
    }

    // Keyword arguments: data operands, attributes, explicit parameters, parameter initialisers.
    Node scratch;  // attributes and location, for the parameter function
    scratch.name = d.name;
    scratch.op = def;
    scratch.loc = e.loc;
    std::map<std::string, const Expr::Kwarg*> paramArgs;
    std::vector<std::string> known;
    for (const auto& o : def->operands) known.push_back(o.name);
    for (const auto& a : def->attrs) known.push_back(a.name);
    for (const auto& kw : e.kwargs) {
      int slot = -1;
      for (size_t k = 0; k < def->operands.size() && !variadic; ++k)
        if (def->operands[k].name == kw.name) slot = static_cast<int>(k);
      if (slot >= 0) {
        if (operands[slot]) fail(kw.loc, ctx + ": operand '" + kw.name + "' is given twice");
        operands[slot] = ref(kw.value[0], ctx);
        continue;
      }
      if (const AttrDef* a = def->attr(kw.name)) {
        scratch.attrs[kw.name] = Attr{checkAttr(*a, exprToAttr(bindDims(kw.value[0]), ctx), kw.value[0].loc, ctx), kw.value[0].loc};
        continue;
      }
      if (def->params) {  // checked against the op's parameter list once the attributes are known
        paramArgs[kw.name] = &kw;
        continue;
      }
      std::string attrs;
      for (const auto& a : def->attrs) attrs += (attrs.empty() ? "" : ", ") + a.name;
      fail(kw.loc, ctx + ": unknown attribute '" + kw.name + "'" + didYouMean(kw.name, known) + "; " + def->name +
                       " takes: " + (attrs.empty() ? std::string("no attributes") : attrs));
    }
    for (const auto& a : def->attrs) {
      if (scratch.attrs.count(a.name)) continue;
      if (a.dflt) scratch.attrs[a.name] = Attr{*a.dflt, e.loc};
      else if (a.required)
        fail(e.loc, ctx + ": missing attribute '" + a.name + "' (" + attrKindName(a.kind) + ": " + a.doc + ")");
    }
    for (size_t k = 0; k < def->operands.size() && !variadic; ++k)
      if (!operands[k] && !def->operands[k].optional)
        fail(e.loc, ctx + ": missing operand '" + def->operands[k].name + "'");

    // Parameters the op owns: <node>.<slot>, unless passed explicitly (weight sharing).
    if (def->params) {
      std::vector<std::optional<TensorType>> types;
      for (const Value& v : operands) types.push_back(v ? std::optional<TensorType>(v.type()) : std::nullopt);
      // Shape rules run after the parameters exist; check data-operand ranks the parameter
      // function relies on here so it never sees a malformed input.
      for (const Value& v : operands)
        if (v && v.type().rank() == 0) fail(e.loc, ctx + ": operand " + v.ref() + " must not be a scalar");
      DType floatType = DType::f32;
      for (const Value& v : operands)
        if (v && isFloat(v.type().dtype)) floatType = v.type().dtype;
      std::vector<ParamDecl> decls = def->params(scratch, types);
      std::set<std::string> used;
      for (const ParamDecl& p : decls) {
        Value v;
        auto explicitIt = paramArgs.find(p.name);
        auto initIt = paramArgs.find(p.name + "_init");
        if (explicitIt != paramArgs.end()) {
          used.insert(p.name);
          v = ref(explicitIt->second->value[0], ctx);
          if (v.type().shape != p.shape || !isFloat(v.type().dtype))
            fail(explicitIt->second->value[0].loc, ctx + ": parameter '" + p.name + "' must be " +
                                                       TensorType{floatType, p.shape}.str() + ", got " + v.ref() + " " + v.type().str());
        } else {
          AttrMap init = p.init;
          if (initIt != paramArgs.end()) {
            used.insert(p.name + "_init");
            init = initAttrs(initIt->second->value[0]);
          }
          TensorType t{floatType, p.shape};
          std::string pname = d.name + "." + p.name;
          if (decls_.count(pname) || g_.find(pname))
            fail(e.loc, ctx + ": its parameter name '" + pname + "' is already taken by another tensor");
          for (auto& [k, a] : init)
            if (!a.loc.known()) a.loc = e.loc;
          v = g_.add(pname, op("param"), {}, {}, init, e.loc, &t)->result(0);
        }
        operands.push_back(v);
        slotNames.push_back(p.name);
      }
      for (const auto& [name, kw] : paramArgs) {
        if (used.count(name)) continue;
        std::vector<std::string> options = known;
        for (const ParamDecl& p : decls) options.push_back(p.name), options.push_back(p.name + "_init");
        std::string attrs;
        for (const auto& a : def->attrs) attrs += (attrs.empty() ? "" : ", ") + a.name;
        std::string params;
        for (const ParamDecl& p : decls) params += (params.empty() ? "" : ", ") + p.name;
        fail(kw->loc, ctx + ": unknown attribute '" + name + "'" + didYouMean(name, options) + "; " + def->name +
                          " takes: " + attrs + " (parameters: " + params + ", each also as NAME_init=...)");
      }
    }
    return g_.add(d.name, *def, std::move(operands), std::move(slotNames), std::move(scratch.attrs), e.loc);
  }

  const Spec& spec_;
  Graph g_;
  std::map<std::string, int64_t> dims_;
  std::map<std::string, const NodeDecl*> decls_;
  std::map<std::string, int> state_;  // 1 = being built, 2 = built
  std::vector<std::string> stack_;
};

}  // namespace

Graph buildGraph(const Spec& spec, const Bindings& overrides) { return Builder(spec, overrides).build(); }

Value resolveValue(const Graph& g, const Expr& refExpr) {
  const std::string& name = refExpr.text;
  if (Node* n = g.find(name)) return n->result(0);
  auto dot = name.rfind('.');
  if (dot != std::string::npos)
    if (Node* owner = g.find(name.substr(0, dot))) {
      int r = owner->op->resultIndex(name.substr(dot + 1));
      if (r >= 0) return owner->result(r);
    }
  fail(refExpr.loc, "unknown tensor '" + name + "'");
}

}  // namespace sinter
