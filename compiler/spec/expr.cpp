#include "compiler/spec/expr.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <algorithm>

namespace sinter {

const char* exprKindName(Expr::Kind k) {
  switch (k) {
    case Expr::Kind::Name: return "name";
    case Expr::Kind::Int: return "integer";
    case Expr::Kind::Float: return "number";
    case Expr::Kind::String: return "string";
    case Expr::Kind::Bool: return "boolean";
    case Expr::Kind::List: return "list";
    case Expr::Kind::Call: return "call";
    case Expr::Kind::Typed: return "type";
  }
  return "?";
}

std::string Expr::str() const {
  switch (kind) {
    case Kind::Name: return text;
    case Kind::Int: return std::to_string(i);
    case Kind::Float: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", f);
      return buf;
    }
    case Kind::String: return "\"" + text + "\"";
    case Kind::Bool: return b ? "true" : "false";
    case Kind::List:
    case Kind::Typed: {
      std::string s = kind == Kind::Typed ? text + "[" : "[";
      for (size_t k = 0; k < items.size(); ++k) s += (k ? ", " : "") + items[k].str();
      return s + "]";
    }
    case Kind::Call: {
      std::string s = text + "(";
      bool first = true;
      for (const auto& a : items) s += (first ? "" : ", ") + a.str(), first = false;
      for (const auto& kw : kwargs) s += (first ? "" : ", ") + kw.name + "=" + kw.value[0].str(), first = false;
      return s + ")";
    }
  }
  return "?";
}

namespace {

class Parser {
 public:
  Parser(const std::string& text, const SourceLoc& start, const std::vector<SourceLoc>* positions = nullptr)
      : s_(text), start_(start), positions_(positions) {}

  Expr parseAll() {
    Expr e = parseExpr();
    skipSpace();
    if (pos_ < s_.size()) trailing(e, "");
    return e;
  }

  void parseTypeAndInit(Expr& type, Expr& init) {
    type = parseExpr();
    skipSpace();
    init = Expr{};
    init.loc = loc();
    if (pos_ < s_.size() && s_[pos_] == '~') {
      ++pos_;
      skipSpace();
      if (pos_ >= s_.size()) error("expected an initialiser after '~', e.g. normal(std=1.0) or zeros()");
      init = parseExpr();
    }
    skipSpace();
    if (pos_ < s_.size()) {
      if (init.isName() && init.text.empty()) trailing(type, " (expected TYPE ~ INIT, e.g. f32[1, 5] ~ normal(std=1.0))");
      error("unexpected '" + std::string(1, s_[pos_]) + "' after the initialiser " + init.str() +
            " (expected TYPE ~ INIT, e.g. f32[1, 5] ~ normal(std=1.0))");
    }
  }

 private:
  // Text left over after a complete value `e`.
  [[noreturn]] void trailing(const Expr& e, const std::string& hint) const {
    char c = s_[pos_];
    if (c == '[' && (e.kind == Expr::Kind::Name))
      error("unexpected '[' after " + e.str() + " (write the shape right after the dtype, without a space: " + e.str() +
            "[...])");
    if (c == '(' && (e.kind == Expr::Kind::Typed || e.kind == Expr::Kind::List))
      error("unexpected '(' after " + e.str());
    if (c == '~' && hint.empty())
      error("unexpected '~' after " + e.str() + " (only parameters take an initialiser: NAME: TYPE ~ INIT under params:)");
    if (c == ')' || c == ']') error("unexpected '" + std::string(1, c) + "' after " + e.str() + " (it closes nothing)");
    error("unexpected '" + std::string(1, c) + "' after " + e.str() + hint);
  }

  SourceLoc loc() const {
    if (positions_ && !positions_->empty()) return (*positions_)[std::min(pos_, positions_->size() - 1)];
    SourceLoc l = start_;
    // The scalar is on one line in every spec we write; columns advance within it.
    int line = l.line, col = l.col;
    for (size_t k = 0; k < pos_ && k < s_.size(); ++k) {
      if (s_[k] == '\n') ++line, col = 1;
      else ++col;
    }
    l.line = line, l.col = col;
    return l;
  }

  [[noreturn]] void error(const std::string& msg) const { fail(loc(), msg); }

  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  bool peek(char c) {
    skipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }

  void expect(char c, const std::string& context) {
    skipSpace();
    if (pos_ >= s_.size()) error("expected '" + std::string(1, c) + "' " + context + ", found the end of the value");
    if (s_[pos_] != c)
      error("expected '" + std::string(1, c) + "' " + context + ", found '" + std::string(1, s_[pos_]) + "'");
    ++pos_;
  }

  static bool nameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool nameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

  std::string name() {
    size_t b = pos_;
    while (pos_ < s_.size() && nameChar(s_[pos_])) ++pos_;
    return s_.substr(b, pos_ - b);
  }

  Expr parseExpr() {
    skipSpace();
    Expr e;
    e.loc = loc();
    if (pos_ >= s_.size()) error("expected a value, found the end of the text");
    if (++depth_ > 100) error("the value is nested too deeply (more than 100 levels of brackets)");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    char c = s_[pos_];
    if (c == '[') {
      e.kind = Expr::Kind::List;
      e.items = parseList();
      return e;
    }
    if (c == '"' || c == '\'') {
      ++pos_;
      size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] != c) ++pos_;
      if (pos_ >= s_.size()) fail(e.loc, "unterminated string: this " + std::string(1, c) + " is never closed");
      if (s_.find_first_of("\n\r", b) < pos_) fail(e.loc, "a string cannot span lines");
      e.kind = Expr::Kind::String;
      e.text = s_.substr(b, pos_ - b);
      ++pos_;
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') return parseNumber();
    if (!nameStart(c)) error("unexpected '" + std::string(1, c) + "' (expected a name, a number, a list or a call)");
    e.text = name();
    if (e.text == "true" || e.text == "false") {
      e.kind = Expr::Kind::Bool;
      e.b = e.text == "true";
      return e;
    }
    if (pos_ < s_.size() && s_[pos_] == '[') {  // typed: f32[B, 10] (no space before '[')
      e.kind = Expr::Kind::Typed;
      e.items = parseList();
      return e;
    }
    if (peek('(')) {
      e.kind = Expr::Kind::Call;
      ++pos_;
      parseArgs(e);
      return e;
    }
    e.kind = Expr::Kind::Name;
    return e;
  }

  Expr parseNumber() {
    Expr e;
    e.loc = loc();
    size_t b = pos_;
    if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                                ((s_[pos_] == '-' || s_[pos_] == '+') && (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E'))))
      ++pos_;
    std::string tok = s_.substr(b, pos_ - b);
    bool isFloatTok = tok.find_first_of(".eE") != std::string::npos || tok == "inf" || tok == "-inf";
    char* end = nullptr;
    errno = 0;
    if (!isFloatTok) {
      long long v = std::strtoll(tok.c_str(), &end, 10);
      if (end && *end == '\0' && errno == 0 && !tok.empty() && tok != "-" && tok != "+") {
        e.kind = Expr::Kind::Int;
        e.i = v;
        return e;
      }
      if (errno == ERANGE) fail(e.loc, "integer " + tok + " is out of range");
    } else {
      double v = std::strtod(tok.c_str(), &end);
      if (end && *end == '\0' && tok.size() > 0 && errno == ERANGE && std::fabs(v) > 1)
        fail(e.loc, "number " + tok + " is out of range (the largest is about 1.8e308)");
      if (end && *end == '\0' && tok.size() > 0) {
        e.kind = Expr::Kind::Float;
        e.f = v;
        return e;
      }
    }
    fail(e.loc, "'" + tok + "' is not a number");
  }

  std::vector<Expr> parseList() {
    expect('[', "to open a list");
    std::vector<Expr> items;
    if (peek(']')) {
      ++pos_;
      return items;
    }
    while (true) {
      if (peek(']') || peek(',')) error("expected a list element, found '" + std::string(1, s_[pos_]) + "'");
      items.push_back(parseExpr());
      if (peek(',')) {
        ++pos_;
        continue;
      }
      expect(']', "to close the list");
      return items;
    }
  }

  void parseArgs(Expr& call) {
    if (peek(')')) {
      ++pos_;
      return;
    }
    while (true) {
      skipSpace();
      if (pos_ < s_.size() && (s_[pos_] == ',' || s_[pos_] == ')'))
        error("expected an argument of " + call.text + "(...), found '" + std::string(1, s_[pos_]) + "'");
      // keyword argument: NAME '=' expr
      size_t save = pos_;
      SourceLoc argLoc = loc();
      if (pos_ < s_.size() && nameStart(s_[pos_])) {
        std::string n = name();
        skipSpace();
        if (pos_ < s_.size() && s_[pos_] == '=') {
          ++pos_;
          for (const auto& kw : call.kwargs)
            if (kw.name == n) fail(argLoc, call.text + "(...): argument '" + n + "' is given twice");
          skipSpace();
          if (pos_ >= s_.size() || s_[pos_] == ',' || s_[pos_] == ')')
            error(call.text + "(...): expected a value after '" + n + "='");
          call.kwargs.push_back({n, argLoc, {parseExpr()}});
          goto next;
        }
        pos_ = save;
      }
      if (!call.kwargs.empty())
        error(call.text + "(...): a positional argument cannot follow keyword arguments (write operands first, then "
              "NAME=VALUE)");
      call.items.push_back(parseExpr());
    next:
      if (peek(',')) {
        ++pos_;
        continue;
      }
      expect(')', "to close the arguments of " + call.text + "(...)");
      return;
    }
  }

  const std::string& s_;
  SourceLoc start_;
  const std::vector<SourceLoc>* positions_;  // where each character of s_ is (and one past the end)
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Expr parseExpr(const std::string& text, const SourceLoc& start) { return Parser(text, start).parseAll(); }

void parseTypeAndInit(const std::string& text, const SourceLoc& start, Expr& type, Expr& init) {
  Parser(text, start).parseTypeAndInit(type, init);
}

Expr parseExpr(const std::string& text, const std::vector<SourceLoc>& positions) {
  return Parser(text, positions.empty() ? SourceLoc{} : positions.front(), &positions).parseAll();
}

void parseTypeAndInit(const std::string& text, const std::vector<SourceLoc>& positions, Expr& type, Expr& init) {
  Parser(text, positions.empty() ? SourceLoc{} : positions.front(), &positions).parseTypeAndInit(type, init);
}

}  // namespace sinter
