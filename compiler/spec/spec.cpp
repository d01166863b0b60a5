// spec.cpp — reading YAML specs (readSpec) and lowering them to the graph IR (buildGraph).
#include "compiler/spec/spec.h"

#include <sys/stat.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
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
        integer("value_dim", 16, 1, kInf, "value size"), integer("cluster", 8, 1, kInf, "items per cluster"),
        integer("seed", 42, 0, 4294967295.0, "NumPy legacy seed (the material's 42 reproduces its data exactly)")},
       "The clustered keys, values and queries of the attention basics (MODELS.md 2)."},
      {"worked_example", {}, "X, Wq, Wk, Wv of the self-attention worked example (MODELS.md 3)."},
      {"sparse_and",
       {integer("bits", 30, 3, kInf, "sequence length T"), integer("k", 3, 1, kInf, "relevant positions"),
        integer("train", 50, 1, kInf, "training samples"), integer("test", 500, 1, kInf, "validation samples")},
       "Sparse AND of k random positions of T biased bits, rejection-sampled (MODELS.md 7)."},
      {"mnist_add",
       {text("dir", "", "MNIST directory (default: the sinter data cache)"), integer("digits", 3, 1, 9, "digits per number"),
        integer("train", 20000, 1, kInf, "training samples"), integer("test", 5000, 1, kInf, "test samples"),
        integer("shift", 0, 0, 8, "augmentation: every training image moved by up to this many pixels each way, fresh every step")},
       "Two numbers written as MNIST digit images; label: the digits of their sum (MODELS.md 5; docs/data.md)."},
      {"imdb",
       {text("dir", "", "IMDB directory (default: the sinter data cache)"), integer("num_words", 10000, 4, kInf, "indices kept: words ranked below num_words - 3"),
        integer("max_len", 250, 1, kInf, "tokens kept per review"), flag("lengths", false, "also feed the true lengths"),
        flag("start", true, "begin every review with the start token 1 (as Keras' imdb.load_data)")},
       "IMDB reviews as word ranks, padded at the end (MODELS.md 4; docs/data.md)."},
      {"npz", {text("train", "", "training .npz (one array per input)"), text("test", "", "test .npz")},
       "Arrays from NumPy .npz files, named like the inputs."},
      {"npy", {text("train", "", "directory with one NAME.npy per input"), text("test", "", "test directory")},
       "One .npy file per input in a directory."},
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
// `prefix` names where the call is written (e.g. "linear 'h': weight_init: ").
static CallSpec checkCall(const Expr& e, const std::vector<CallSchema>& family, const std::string& what,
                          const std::string& prefix = "") {
  if (e.kind != Expr::Kind::Call && e.kind != Expr::Kind::Name)
    fail(e.loc, prefix + what + " must be a call such as " + family.front().name + "(...), got " + e.str());
  const CallSchema* schema = nullptr;
  std::vector<std::string> names;
  for (const auto& s : family) {
    names.push_back(s.name);
    if (s.name == e.text) schema = &s;
  }
  if (!schema) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    fail(e.loc, prefix + "unknown " + what + " '" + e.text + "'" + didYouMean(e.text, names) + "; expected one of: " + list);
  }
  CallSpec out{schema->name, {}, e.loc};
  std::string context = prefix + what + " " + schema->name;
  if (e.items.size() > schema->args.size())
    fail(e.items[schema->args.size()].loc, context + " takes " + (schema->args.empty() ? std::string("no") : "at most " + std::to_string(schema->args.size())) +
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

bool isIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// User text quoted in a message: on one line, and not too long.
std::string shown(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

// Line starts of a text, for turning byte offsets into line:column and back.
class SourceText {
 public:
  SourceText(std::string file, const std::string& text) : file_(std::move(file)), text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  const std::string& text() const { return text_; }
  const std::string& file() const { return file_; }
  int lines() const { return static_cast<int>(starts_.size()); }

  // Byte offset of a yaml-cpp mark (0-based line and column), or npos.
  size_t offset(int line0, int col0) const {
    if (line0 < 0 || col0 < 0 || line0 >= lines()) return std::string::npos;
    size_t o = starts_[line0] + col0;
    return o <= text_.size() ? o : std::string::npos;
  }
  SourceLoc at(size_t off) const {
    off = std::min(off, text_.size());
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    int line = static_cast<int>(it - starts_.begin());
    return SourceLoc{file_, line, static_cast<int>(off - starts_[line - 1]) + 1};
  }
  // The text of a 1-based line, without the newline.
  std::string line(int line1) const {
    if (line1 < 1 || line1 > lines()) return "";
    size_t b = starts_[line1 - 1], e = text_.find('\n', b);
    std::string s = text_.substr(b, e == std::string::npos ? std::string::npos : e - b);
    if (!s.empty() && s.back() == '\r') s.pop_back();
    return s;
  }

 private:
  std::string file_;
  const std::string& text_;
  std::vector<size_t> starts_;
};

// The first tab in the indentation of lines 1..upTo, if any.
std::optional<SourceLoc> tabInIndentation(const SourceText& src, int upTo) {
  for (int l = 1; l <= std::min(upTo, src.lines()); ++l) {
    std::string s = src.line(l);
    for (size_t c = 0; c < s.size() && (s[c] == ' ' || s[c] == '\t'); ++c)
      if (s[c] == '\t') {
        size_t rest = s.find_first_not_of(" \t");
        if (rest == std::string::npos || s[rest] == '#') break;  // blank or comment line
        return SourceLoc{src.file(), l, static_cast<int>(c) + 1};
      }
  }
  return std::nullopt;
}

// Where the innermost YAML flow collection ('[' or '{') still open at byte `upTo` was opened.
// Brackets inside plain block scalars (f32[B, 10]) are not flow syntax and are skipped.
std::optional<std::pair<char, size_t>> unclosedFlow(const std::string& t, size_t upTo) {
  std::vector<std::pair<char, size_t>> stack;
  bool valueStart = true;  // at a position where a YAML node may begin
  upTo = std::min(upTo, t.size());
  for (size_t i = 0; i < upTo; ++i) {
    char c = t[i];
    if (c == '\n') {
      valueStart = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '#' && (i == 0 || isBlank(t[i - 1]))) {  // a comment runs to the end of the line
      while (i + 1 < upTo && t[i + 1] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') && (valueStart || !stack.empty())) {  // a quoted scalar
      for (++i; i < upTo; ++i) {
        if (c == '"' && t[i] == '\\') ++i;
        else if (t[i] == c) break;
      }
      valueStart = false;
      continue;
    }
    if ((c == '[' || c == '{') && (valueStart || !stack.empty())) {
      stack.push_back({c, i});
      valueStart = true;
      continue;
    }
    if ((c == ']' || c == '}') && !stack.empty()) {
      stack.pop_back();
      valueStart = false;
      continue;
    }
    if (c == ',' && !stack.empty()) {
      valueStart = true;
      continue;
    }
    if ((c == ':' || c == '-' || c == '?') && (i + 1 >= t.size() || isBlank(t[i + 1]))) {
      valueStart = true;
      continue;
    }
    if (stack.empty()) {  // a plain block scalar: skip to the end of the line (brackets are text)
      while (i + 1 < upTo && t[i + 1] != '\n' && !(t[i + 1] == '#' && isBlank(t[i])) &&
             !(t[i + 1] == ':' && (i + 2 >= t.size() || isBlank(t[i + 2]))))
        ++i;
    }
    valueStart = false;
  }
  if (stack.empty()) return std::nullopt;
  return stack.back();
}

// Turns a yaml-cpp parse error into a located message that says what to fix.
[[noreturn]] void yamlSyntaxError(const SourceText& src, const YAML::Exception& e) {
  SourceLoc where = e.mark.line >= 0 ? SourceLoc{src.file(), e.mark.line + 1, e.mark.column + 1} : SourceLoc{src.file(), 1, 1};
  if (auto tab = tabInIndentation(src, where.line))
    fail(*tab, "YAML syntax: a tab in the indentation; YAML indents with spaces only");
  const std::string& m = e.msg;
  if (m == YAML::ErrorMsg::END_OF_SEQ_FLOW || m == YAML::ErrorMsg::END_OF_MAP_FLOW) {
    size_t off = src.offset(e.mark.line, e.mark.column);
    auto open = unclosedFlow(src.text(), off == std::string::npos ? src.text().size() : off);
    char want = m == YAML::ErrorMsg::END_OF_SEQ_FLOW ? '[' : '{';
    if (open && open->first == want)
      fail(src.at(open->second), std::string("YAML syntax: this '") + want + "' is never closed (expected '" +
                                     (want == '[' ? ']' : '}') + "' before the next key)" +
                                     (want == '{' ? "; inside { } quote values that contain brackets or commas, e.g. {x: \"f32[B, 10]\"}" : ""));
    fail(where, "YAML syntax: " + m + " (an unclosed '" + want + "'; inside [ ] and { } quote values that contain brackets or "
                "commas, e.g. \"f32[B, 10]\")");
  }
  if (m == YAML::ErrorMsg::END_OF_MAP)
    fail(where, "YAML syntax: end of map not found (check the indentation: every key of a mapping starts in the same column, "
                "and a value on its own line is indented under its key)");
  if (m == YAML::ErrorMsg::END_OF_SEQ)
    fail(where, "YAML syntax: end of list not found (check the indentation of the '- ' items)");
  if (m == YAML::ErrorMsg::MAP_VALUE)
    fail(where, "YAML syntax: unexpected ':' (a key is not indented like its neighbours, or a value contains ': '; quote "
                "such a value)");
  if (m == YAML::ErrorMsg::FLOW_END)
    fail(where, "YAML syntax: this closing bracket has no matching '[' or '{'");
  if (m == YAML::ErrorMsg::BLOCK_ENTRY)
    fail(where, "YAML syntax: unexpected '- ' list item (a list item goes on its own line, indented under its key)");
  if (m == YAML::ErrorMsg::UNKNOWN_TOKEN) {
    std::string l = src.line(where.line);
    std::string c = where.col >= 1 && where.col <= static_cast<int>(l.size()) ? l.substr(where.col - 1, 1) : "";
    fail(where, "YAML syntax: a value cannot start with '" + c + "'; quote it");
  }
  if (m == YAML::ErrorMsg::EOF_IN_SCALAR) fail(where, "YAML syntax: a quoted value is never closed");
  fail(where, "YAML syntax: " + m);
}

class Reader {
 public:
  explicit Reader(const SourceText& src) : src_(src), file_(src.file()) {}

  // Where a node starts. Nodes without a mark (-1) report where their parent key is.
  SourceLoc loc(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return parent();
    return SourceLoc{file_, m.line + 1, m.column + 1};
  }

  // The key whose value is being read (an empty value's mark points past it, at the next token).
  SourceLoc parent() const { return parents_.empty() ? SourceLoc{file_, 1, 1} : parents_.back(); }

  // Where each character of a scalar is in the file: YAML folds multi-line plain scalars, drops
  // the indentation of block scalars (| and >) and unescapes quoted ones, so a scalar's text is
  // not always a contiguous run of the file.
  std::vector<SourceLoc> positions(const YAML::Node& n) const {
    const std::string& v = n.Scalar();
    const std::string& t = src_.text();
    std::vector<SourceLoc> out(v.size() + 1);
    size_t j = src_.offset(n.Mark().line, n.Mark().column);
    size_t i = 0;
    char quote = 0;
    size_t quoteAt = 0;
    if (j != std::string::npos) {
      while (j < t.size() && (t[j] == '&' || t[j] == '!')) {  // node properties: &anchor !tag
        while (j < t.size() && !isBlank(t[j])) ++j;
        while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
      }
      if (j < t.size() && (t[j] == '"' || t[j] == '\'')) quote = t[j], quoteAt = j++;
      else if (j < t.size() && (t[j] == '|' || t[j] == '>')) {
        while (j < t.size() && t[j] != '\n') ++j;
        while (j < t.size() && isBlank(t[j])) ++j;
      }
      while (i < v.size() && j < t.size()) {
        char c = t[j];
        if (quote == '\'' && c == '\'') {
          if (j + 1 < t.size() && t[j + 1] == '\'' && v[i] == '\'') {
            out[i++] = src_.at(j);
            j += 2;
            continue;
          }
          break;
        }
        if (quote == '"' && c == '\\') {
          out[i++] = src_.at(j);
          char k = j + 1 < t.size() ? t[j + 1] : 0;
          j += k == 'x' ? 4 : k == 'u' ? 6 : k == 'U' ? 10 : 2;
          continue;
        }
        if (quote == '"' && c == '"') break;
        if (c == v[i]) {
          out[i++] = src_.at(j++);
          continue;
        }
        if (isBlank(c)) {  // folded line break or dropped indentation
          if (isBlank(v[i])) out[i++] = src_.at(j);
          while (j < t.size() && isBlank(t[j])) ++j;
          continue;
        }
        break;  // lost track (an escape we do not model): fall back to counting columns
      }
    }
    if (i < v.size()) {
      SourceLoc l = i ? out[i - 1] : loc(n);
      if (i) ++l.col;
      for (; i <= v.size(); ++i, ++l.col) out[i] = l;
      return out;
    }
    if (quote && (j >= t.size() || t[j] != quote))
      fail(src_.at(quoteAt), std::string("YAML syntax: this quote (") + quote + ") is never closed; a quoted value ends with a matching " +
                                quote);
    // The end of the value is just after its last visible character.
    size_t last = v.find_last_not_of(" \t\r\n");
    if (last == std::string::npos) out[v.size()] = loc(n);
    else {
      out[v.size()] = out[last];
      ++out[v.size()].col;
    }
    return out;
  }

  std::string scalar(const YAML::Node& n, const std::string& what, const std::string& example = "") const {
    // An empty value's mark is the next token (often the next line), so report its key instead.
    if (!n.IsDefined() || n.IsNull()) fail(parent(), what + " has no value" + (example.empty() ? "" : "; expected " + example));
    if (!n.IsScalar()) fail(loc(n), what + " must be a single value" + (example.empty() ? "" : " such as " + example) + ", got " + kindName(n));
    return n.Scalar();
  }

  Expr expr(const YAML::Node& n, const std::string& what, const std::string& example = "") const {
    if (n.IsSequence()) {  // a YAML list such as [prob, att.weights]
      Expr e;
      e.kind = Expr::Kind::List;
      e.loc = loc(n);
      for (const auto& item : n) e.items.push_back(expr(item, what, example));
      return e;
    }
    std::string s = scalar(n, what, example);
    return parseExpr(s, positions(n));
  }

  int64_t integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const {
    Expr e = expr(n, what, "an integer");
    if (e.kind != Expr::Kind::Int) fail(e.loc, what + " must be an integer, got " + e.str());
    if (e.i < lo || e.i > hi)
      fail(e.loc, what + " = " + std::to_string(e.i) + " is out of range (expected " +
                      (hi == INT64_MAX ? ">= " + std::to_string(lo) : std::to_string(lo) + ".." + std::to_string(hi)) + ")");
    return e.i;
  }

  double number(const YAML::Node& n, const std::string& what, double lo, bool loExclusive) const {
    Expr e = expr(n, what, "a number");
    if (e.kind != Expr::Kind::Int && e.kind != Expr::Kind::Float) fail(e.loc, what + " must be a number, got " + e.str());
    double x = e.kind == Expr::Kind::Int ? static_cast<double>(e.i) : e.f;
    if (loExclusive ? !(x > lo) : !(x >= lo)) {
      std::ostringstream os;
      os << what << " = " << e.str() << " is out of range (expected " << (loExclusive ? "> " : ">= ") << lo << ")";
      fail(e.loc, os.str());
    }
    return x;
  }

  static std::string kindName(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Scalar: return "a single value '" + shown(n.Scalar()) + "'";
      case YAML::NodeType::Null: return "nothing";
      default: return "nothing";
    }
  }

  // Iterates a mapping, rejecting duplicate keys (yaml-cpp keeps both silently).
  void forEachEntry(const YAML::Node& map, const std::string& what, const std::string& example,
                    const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn) {
    if (map.IsNull()) fail(parent(), what + " is empty; expected NAME: VALUE lines indented under it, e.g. " + example);
    if (!map.IsMap())
      fail(loc(map), what + " must be a mapping (NAME: VALUE lines, e.g. " + example + "), got " + kindName(map));
    std::map<std::string, SourceLoc> seen;
    for (const auto& kv : map) {
      const YAML::Node& key = kv.first;
      std::string k = scalar(key, "a key in " + what, "a name");
      auto it = seen.find(k);
      if (it != seen.end())
        fail(loc(key), "duplicate key '" + shown(k) + "' in " + what + " (first given at " + std::to_string(it->second.line) + ":" +
                           std::to_string(it->second.col) + ")");
      seen[k] = loc(key);
      parents_.push_back(loc(key));
      fn(k, key, kv.second);
      parents_.pop_back();
    }
  }

  Spec read(const YAML::Node& root) {
    Spec spec;
    spec.file = file_;
    if (!root || root.IsNull())
      fail(SourceLoc{file_, 1, 1}, "the spec is empty; expected a mapping with model:, inputs:, nodes: (see docs/spec.md)");
    if (!root.IsMap()) fail(loc(root), "a spec must be a mapping with model:, inputs:, nodes: ..., got " + kindName(root));
    spec.loc = loc(root);
    static const std::vector<std::string> sections = {"model", "doc", "dims", "inputs", "params", "nodes",
                                                      "outputs", "loss", "metrics", "train"};
    std::map<std::string, SourceLoc> names;  // every declared tensor name -> where
    auto declare = [&](const std::string& n, const SourceLoc& l) {
      if (n.empty()) fail(l, "a name cannot be empty");
      if (!isIdentifier(n)) {
        std::string why = n.find('.') != std::string::npos
                              ? " (a '.' refers to a result or parameter of a node, e.g. att.weights)"
                          : n.find(' ') != std::string::npos ? " (is a ':' missing after the name?)"
                                                             : "";
        fail(l, "invalid name '" + shown(n) + "'" + why + "; a name starts with a letter or '_' and has only letters, digits and '_'");
      }
      auto it = names.find(n);
      if (it != names.end())
        fail(l, "duplicate name '" + n + "' (first declared at " + std::to_string(it->second.line) + ":" +
                    std::to_string(it->second.col) + "); every input, parameter, node and metric needs its own name");
      names[n] = l;
    };
    forEachEntry(root, "the spec", "model: NAME", [&](const std::string& k, const YAML::Node& key, const YAML::Node& v) {
      if (k == "model") {
        spec.name = scalar(v, "model", "the model's name");
      } else if (k == "doc") {
        spec.doc = v.IsNull() ? "" : scalar(v, "doc", "a text");
      } else if (k == "dims") {
        forEachEntry(v, "dims", "B: 32", [&](const std::string& d, const YAML::Node& dk, const YAML::Node& dv) {
          if (!isIdentifier(d)) fail(loc(dk), "invalid dimension name '" + shown(d) + "'; a name starts with a letter or '_' and has only letters, digits and '_'");
          spec.dims.push_back({d, integer(dv, "dimension " + d, 1, INT64_MAX), loc(dk)});
        });
      } else if (k == "inputs") {
        forEachEntry(v, "inputs", "x: f32[B, 10]", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          TensorDecl d{n, {}, {}, loc(nk)};
          parseTypeAndInit(scalar(nv, "input '" + n + "'", "a type such as f32[B, 10]"), positions(nv), d.type, d.init);
          if (!(d.init.isName() && d.init.text.empty()))
            fail(d.init.loc, "input '" + n + "' cannot have an initialiser (inputs are fed with data); declare a trainable "
                             "tensor under params:");
          spec.inputs.push_back(d);
        });
      } else if (k == "params") {
        forEachEntry(v, "params", "w: f32[10, 4] ~ normal(std=0.1)", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          TensorDecl d{n, {}, {}, loc(nk)};
          parseTypeAndInit(scalar(nv, "parameter '" + n + "'", "TYPE ~ INIT such as f32[10, 4] ~ normal(std=0.1)"), positions(nv),
                           d.type, d.init);
          if (d.init.kind == Expr::Kind::Name && d.init.text.empty()) {
            if (d.type.kind != Expr::Kind::Typed)
              fail(d.type.loc, "parameter '" + n + "' must be TYPE ~ INIT such as f32[10, 4] ~ normal(std=0.1), got " + d.type.str());
            fail(d.init.loc, "parameter '" + n + "' needs an initialiser: write e.g. " + d.type.str() + " ~ normal(std=1.0)");
          }
          spec.params.push_back(d);
        });
      } else if (k == "nodes") {
        forEachEntry(v, "nodes", "h: linear(x, out=8)", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          declare(n, loc(nk));
          spec.nodes.push_back({n, expr(nv, "node '" + n + "'", "an op call such as relu(x) or linear(x, out=8)"), loc(nk)});
        });
      } else if (k == "outputs") {
        if (v.IsSequence()) {
          for (const auto& item : v) {
            Expr e = expr(item, "an output", "a tensor name");
            if (!e.isName()) fail(e.loc, "an output must name a tensor, got " + e.str());
            spec.outputs.push_back({e.text, e});
          }
        } else if (v.IsMap()) {
          forEachEntry(v, "outputs", "prob: p", [&](const std::string& n, const YAML::Node&, const YAML::Node& nv) {
            Expr e = expr(nv, "output '" + shown(n) + "'", "a tensor name");
            if (!e.isName()) fail(e.loc, "output '" + shown(n) + "' must name a tensor, got " + e.str());
            spec.outputs.push_back({n, e});
          });
        } else {
          fail(v.IsNull() ? loc(key) : loc(v), "outputs must be a list of tensor names such as [prob, att.weights] (or NAME: TENSOR "
                                               "lines), got " + kindName(v));
        }
      } else if (k == "loss") {
        Expr e = expr(v, "loss", "a scalar such as bce(prob, y) or the name of one");
        if (e.kind == Expr::Kind::Call) declare("loss", loc(key));
        spec.loss = NodeDecl{"loss", e, loc(key)};
      } else if (k == "metrics") {
        forEachEntry(v, "metrics", "accuracy: binary_accuracy(prob, y)", [&](const std::string& n, const YAML::Node& nk, const YAML::Node& nv) {
          Expr e = expr(nv, "metric '" + shown(n) + "'", "a scalar such as binary_accuracy(prob, y)");
          if (e.kind == Expr::Kind::Call) declare(n, loc(nk));
          spec.metrics.push_back({n, e, loc(nk)});
        });
      } else if (k == "train") {
        spec.train = readTrain(v, loc(key));
      } else {
        fail(loc(key), "unknown section '" + shown(k) + "'" + didYouMean(k, sections) +
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
    forEachEntry(v, "train", "batch: 32", [&](const std::string& k, const YAML::Node& key, const YAML::Node& nv) {
      if (k == "data") {
        t.data = checkCall(expr(nv, "train.data", "a data source such as count24()"), dataSources(), "data source");
        hasData = true;
      } else if (k == "batch") {
        t.batch = integer(nv, "train.batch", 1, INT64_MAX);
      } else if (k == "optimizer") {
        t.optimizer = checkCall(expr(nv, "train.optimizer", "an optimizer such as adam(lr=1e-3)"), optimizers(), "optimizer");
        hasOpt = true;
      } else if (k == "schedule") {
        t.schedule = checkCall(expr(nv, "train.schedule", "a schedule such as cosine()"), schedules(), "schedule");
      } else if (k == "warmup") {
        t.warmup = integer(nv, "train.warmup", 0, INT64_MAX);
      } else if (k == "clip_grad_norm") {
        t.clipGradNorm = number(nv, "train.clip_grad_norm", 0, true);
      } else if (k == "epochs") {
        t.epochs = integer(nv, "train.epochs", 1, INT64_MAX);
      } else if (k == "steps") {
        t.steps = integer(nv, "train.steps", 1, INT64_MAX);
      } else if (k == "eval_every") {
        t.evalEvery = integer(nv, "train.eval_every", 1, INT64_MAX);
      } else if (k == "seed") {
        t.seed = integer(nv, "train.seed", 0, INT64_MAX);
      } else if (k == "plots") {
        Expr e = expr(nv, "train.plots", "a list of tensor names such as [att.weights]");
        if (e.kind != Expr::Kind::List) fail(e.loc, "train.plots must be a list of tensor names such as [att.weights], got " + e.str());
        for (const Expr& p : e.items)
          if (!p.isName()) fail(p.loc, "train.plots must list tensor names, got " + p.str());
        t.plots = e.items;
      } else {
        fail(loc(key), "unknown key '" + shown(k) + "' in train" + didYouMean(k, keys) + "; train takes: data, batch, optimizer, "
                       "schedule, warmup, clip_grad_norm, epochs, steps, eval_every, seed, plots");
      }
    });
    if (!hasData) fail(where, "train: is missing 'data:' (a data source such as count24())");
    if (!hasOpt) fail(where, "train: is missing 'optimizer:' (e.g. adam(lr=1e-3))");
    if (t.batch == 0) fail(where, "train: is missing 'batch:' (the batch size, bound to dimension B)");
    if (t.epochs == 0 && t.steps == 0) fail(where, "train: is missing 'epochs:' or 'steps:' (how long to train)");
    if (t.epochs != 0 && t.steps != 0) fail(where, "train: give either 'epochs:' or 'steps:', not both");
    return t;
  }

 private:
  const SourceText& src_;
  std::string file_;
  std::vector<SourceLoc> parents_;
};

// Records whether a YAML document has any content and where it starts. Documents are counted
// with the event parser because yaml-cpp's LoadAll loops forever on some malformed input (a
// document that starts with ',').
struct DocEvents : YAML::EventHandler {
  bool content = false;
  YAML::Mark first;
  void note(const YAML::Mark& m) {
    if (!content) first = m;
    content = true;
  }
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
  void OnMapEnd() override {}
};

bool isDocumentMarker(const std::string& line) {
  return (line.rfind("---", 0) == 0 || line.rfind("...", 0) == 0) && (line.size() == 3 || isBlank(line[3]));
}

}  // namespace

Spec readSpecString(const std::string& yaml, const std::string& file) {
  SourceText src(file, yaml);
  YAML::Node root;
  std::vector<YAML::Mark> documents;  // where each document with content starts
  bool stuck = false;
  try {
    root = YAML::Load(yaml);
    std::stringstream in(yaml);
    YAML::Parser parser(in);
    for (int n = 0;; ++n) {
      DocEvents h;
      if (!parser.HandleNextDocument(h)) break;
      if (n > src.lines() + 1) {  // more documents than lines: the parser is not advancing
        stuck = true;
        break;
      }
      if (h.content) documents.push_back(h.first);
    }
  } catch (const YAML::Exception& e) {
    yamlSyntaxError(src, e);
  }
  if (stuck) {
    // The first document start (file start or after a '---' line) whose first character is ','.
    bool atStart = true;
    for (int l = 1; l <= src.lines(); ++l) {
      std::string s = src.line(l);
      if (isDocumentMarker(s)) {
        atStart = true;
        continue;
      }
      size_t b = s.find_first_not_of(" \t");
      if (b == std::string::npos || s[b] == '#' || s[b] == '%') continue;
      if (atStart && s[b] == ',') fail(SourceLoc{file, l, static_cast<int>(b) + 1}, "YAML syntax: a document cannot start with ','");
      atStart = false;
    }
    fail(SourceLoc{file, 1, 1}, "YAML syntax: the file cannot be read as YAML");
  }
  if (documents.size() > 1) {
    // Point at the '---' line that starts the second document.
    int second = documents[1].line + 1;
    for (int l = second; l >= 1; --l)
      if (src.line(l).rfind("---", 0) == 0 && isDocumentMarker(src.line(l)))
        fail(SourceLoc{file, l, 1}, "a spec file holds one YAML document; this '---' starts a second one (one spec per file)");
    fail(SourceLoc{file, second, documents[1].column + 1}, "a spec file holds one YAML document; a second one starts here (one spec per file)");
  }
  try {
    return Reader(src).read(root);
  } catch (const YAML::Exception& e) {  // e.g. a bad conversion deep inside yaml-cpp
    fail(e.mark.line >= 0 ? SourceLoc{file, e.mark.line + 1, e.mark.column + 1} : SourceLoc{file, 1, 1}, "YAML: " + e.msg);
  }
}

Spec readSpec(const std::string& file) {
  struct stat st;
  if (::stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    fail(SourceLoc{file, 0, 0}, "is a directory, not a spec file (expected a .yaml file)");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(SourceLoc{file, 0, 0}, std::string("cannot open the spec file: ") + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return readSpecString(ss.str(), file);
}

// ---------------------------------------------------------------------------------------------
// Lowering to the graph IR

namespace {

// How a value is written in a spec: "x", "att.weights".
std::string valueName(const Value& v) {
  if (!v.node) return "-";
  return v.index == 0 ? v.node->name : v.node->name + "." + v.node->op->results.at(v.index);
}

// A stand-in for a missing required attribute while probing a layer op's parameter names.
AttrValue placeholder(const AttrDef& a) {
  switch (a.kind) {
    case AttrKind::Int: return int64_t(1);
    case AttrKind::Float: return 1.0;
    case AttrKind::Bool: return false;
    case AttrKind::Enum: return a.choices.empty() ? std::string() : a.choices.front();
    case AttrKind::Ints: return std::vector<int64_t>{1};
    case AttrKind::Floats: return std::vector<double>{1.0};
  }
  return int64_t(1);
}

// An example value for a missing attribute's message.
std::string exampleValue(const AttrDef& a) {
  switch (a.kind) {
    case AttrKind::Int: return "8";
    case AttrKind::Float: return "0.5";
    case AttrKind::Bool: return "true";
    case AttrKind::Enum: return a.choices.empty() ? std::string("NAME") : a.choices.front();
    case AttrKind::Ints: return "[2, 3]";
    case AttrKind::Floats: return "[0.5, 1.0]";
  }
  return "?";
}

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
      g_.add(p.name, op("param"), {}, {}, initAttrs(p.init, "parameter '" + p.name + "': "), p.loc, &t);
    }
    for (const auto& n : spec_.nodes) ensure(n.name);
    if (spec_.loss) {
      g_.loss = spec_.loss->expr.kind == Expr::Kind::Call ? ensure("loss") : ref(spec_.loss->expr, "loss");
      const TensorType& t = g_.loss.type();
      if (!isFloat(t.dtype) || t.numel() != 1)
        fail(spec_.loss->expr.loc, "the loss must be a float scalar, got " + t.str() + " (reduce it, e.g. mean(...))");
    }
    for (const auto& m : spec_.metrics) {
      Value v = m.expr.kind == Expr::Kind::Call ? ensure(m.name) : ref(m.expr, "metric '" + shown(m.name) + "'");
      if (!isFloat(v.type().dtype) || v.type().numel() != 1)
        fail(m.expr.loc, "metric '" + shown(m.name) + "' must be a float scalar, got " + v.type().str() + " (reduce it, e.g. mean(...))");
      g_.metrics.push_back({m.name, v});
    }
    for (const auto& [name, e] : spec_.outputs) g_.outputs.push_back({name, ref(e, "output '" + shown(name) + "'")});
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
  Expr bindDims(const Expr& e, const std::string& ctx, const std::string& attr) const {
    if (e.kind != Expr::Kind::List) return e;
    Expr out = e;
    for (Expr& item : out.items) {
      if (item.kind != Expr::Kind::Name) continue;
      auto it = dims_.find(item.text);
      if (it == dims_.end())
        fail(item.loc, ctx + ": unbound dimension '" + item.text + "' in attribute '" + attr + "'; bind it under dims: (e.g. dims: {" +
                           item.text + ": 16}) or with --bind " + item.text + "=16" + (item.text == "B" ? " (train.batch binds B)" : ""));
      item.kind = Expr::Kind::Int;
      item.i = it->second;
    }
    return out;
  }

  AttrMap initAttrs(const Expr& init, const std::string& prefix) {
    CallSpec c = checkCall(init, initSchemas(), "initialiser", prefix);
    AttrMap out{{"init", Attr{c.name, c.loc}}};
    for (const auto& [k, v] : c.args) out[k] = v;
    if (c.name == "uniform" && c.f("low") > c.f("high"))
      fail(init.loc, prefix + "initialiser uniform: low = " + c.s("low") + " is greater than high = " + c.s("high"));
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
      std::vector<std::string> options(owner->op->results.begin(), owner->op->results.end());
      std::string results, params;
      for (const auto& s : owner->op->results) results += (results.empty() ? "" : ", ") + s;
      for (const auto& n : g_.nodes())
        if (n->op->name == "param" && n->name.rfind(prefix + ".", 0) == 0) {
          std::string p = n->name.substr(prefix.size() + 1);
          params += (params.empty() ? "" : ", ") + p;
          options.push_back(p);
        }
      fail(e.loc, context + ": " + owner->op->name + " '" + prefix + "' has no result or parameter '" + suffix + "'" +
                      didYouMean(suffix, options) + "; its results are: " + results +
                      (params.empty() ? std::string() : "; its parameters: " + params));
    }
    fail(e.loc, context + ": unknown tensor '" + name + "'" + didYouMean(name, allNames()) +
                    "; expected the name of an input, a parameter or a node");
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
    if (!def || def->cls == OpClass::Source || def->internal)
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
    std::string attrList;
    for (const auto& a : def->attrs) attrList += (attrList.empty() ? "" : ", ") + a.name;
    if (attrList.empty()) attrList = "no attributes";
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
        scratch.attrs[kw.name] = Attr{checkAttr(*a, exprToAttr(bindDims(kw.value[0], ctx, kw.name), ctx), kw.value[0].loc, ctx), kw.value[0].loc};
        continue;
      }
      if (def->params) {  // checked against the op's parameter list below
        paramArgs[kw.name] = &kw;
        continue;
      }
      fail(kw.loc, ctx + ": unknown attribute '" + kw.name + "'" + didYouMean(kw.name, known) + "; " + def->name +
                       " takes: " + attrList);
    }
    for (size_t k = 0; k < def->operands.size() && !variadic; ++k)
      if (!operands[k] && !def->operands[k].optional)
        fail(e.loc, ctx + ": missing operand '" + def->operands[k].name + "'");

    std::vector<std::optional<TensorType>> types;
    DType floatType = DType::f32;
    std::vector<ParamDecl> decls;
    if (def->params) {
      for (const Value& v : operands) types.push_back(v ? std::optional<TensorType>(v.type()) : std::nullopt);
      // Shape rules run after the parameters exist; check data-operand ranks the parameter
      // function relies on here so it never sees a malformed input.
      for (size_t k = 0; k < operands.size(); ++k)
        if (operands[k] && operands[k].type().rank() == 0)
          fail(e.loc, ctx + ": operand '" + slotNames[k] + "' must have at least one dimension, got " + valueName(operands[k]) +
                          " " + operands[k].type().str() + "; rule: " + def->rule);
      for (const Value& v : operands)
        if (v && isFloat(v.type().dtype)) floatType = v.type().dtype;
      // Keywords that are neither operands nor attributes must name a parameter (weight=...) or
      // its initialiser (weight_init=...). The parameter list depends on the attributes
      // (bias=false, layers=2), so it is probed with placeholders for any missing ones: a typo
      // such as outt=5 is reported as the unknown name it is, not as a missing 'out'.
      Node probe = scratch;
      for (const auto& a : def->attrs) {
        if (probe.attrs.count(a.name)) continue;
        if (a.dflt) probe.attrs[a.name] = Attr{*a.dflt, e.loc};
        else if (a.required) probe.attrs[a.name] = Attr{placeholder(a), e.loc};
      }
      decls = def->params(probe, types);
      std::set<std::string> slots;
      for (const ParamDecl& p : decls) slots.insert(p.name), slots.insert(p.name + "_init");
      for (const auto& kw : e.kwargs) {
        if (!paramArgs.count(kw.name) || slots.count(kw.name)) continue;
        std::vector<std::string> options = known;
        std::string params;
        for (const ParamDecl& p : decls) {
          options.push_back(p.name), options.push_back(p.name + "_init");
          params += (params.empty() ? "" : ", ") + p.name;
        }
        std::string why;
        if (def->attr("bias") && (kw.name == "bias_init"))
          why = " (bias=false: there is no bias)";
        fail(kw.loc, ctx + ": unknown attribute '" + kw.name + "'" + didYouMean(kw.name, options) + why + "; " + def->name +
                         " takes: " + attrList + (params.empty() ? std::string() : " (parameters: " + params + ", each also as NAME_init=...)"));
      }
    }
    for (const auto& a : def->attrs) {
      if (scratch.attrs.count(a.name)) continue;
      if (a.dflt) scratch.attrs[a.name] = Attr{*a.dflt, e.loc};
      else if (a.required)
        fail(e.loc, ctx + ": missing attribute '" + a.name + "' (" + attrKindName(a.kind) + ": " + a.doc + "), e.g. " + def->name +
                        "(..., " + a.name + "=" + exampleValue(a) + ")");
    }

    // Parameters the op owns: <node>.<slot>, unless passed explicitly (weight sharing).
    if (def->params) {
      decls = def->params(scratch, types);
      for (const ParamDecl& p : decls) {
        Value v;
        auto explicitIt = paramArgs.find(p.name);
        auto initIt = paramArgs.find(p.name + "_init");
        if (explicitIt != paramArgs.end()) {
          if (initIt != paramArgs.end())
            fail(initIt->second->loc, ctx + ": " + p.name + "_init= cannot be combined with " + p.name +
                                          "= (the shared parameter keeps its own initialiser)");
          const Expr& given = explicitIt->second->value[0];
          v = ref(given, ctx);
          if (!isFloat(v.type().dtype))
            fail(given.loc, ctx + ": parameter '" + p.name + "' must be a float tensor (f32 or f64), got " + valueName(v) + " " +
                                v.type().str());
          if (v.type().shape != p.shape)
            fail(given.loc, ctx + ": shape mismatch: parameter '" + p.name + "' must be " + TensorType{v.type().dtype, p.shape}.str() +
                                ", got " + valueName(v) + " " + v.type().str() + "; rule: " + def->rule);
        } else {
          AttrMap init = p.init;
          if (initIt != paramArgs.end()) init = initAttrs(initIt->second->value[0], ctx + ": " + p.name + "_init: ");
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

CallSpec parseDataSource(const std::string& text, const std::string& where) {
  return checkCall(parseExpr(text, SourceLoc{where, 1, 1}), dataSources(), "data source");
}

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
