#include "compiler/spec/expr.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

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
  Parser(const std::string& text, const SourceLoc& start) : s_(text), start_(start) {}

  Expr parseAll() {
    Expr e = parseExpr();
    skipSpace();
    if (pos_ < s_.size()) error("unexpected '" + std::string(1, s_[pos_]) + "' after " + e.str());
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
      init = parseExpr();
    }
    skipSpace();
    if (pos_ < s_.size())
      error("unexpected '" + std::string(1, s_[pos_]) + "' (expected TYPE ~ INIT, e.g. f32[1, 5] ~ normal(std=1.0))");
  }

 private:
  SourceLoc loc() const {
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
      if (pos_ >= s_.size()) fail(e.loc, "unterminated string");
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
      // keyword argument: NAME '=' expr
      size_t save = pos_;
      SourceLoc argLoc = loc();
      if (pos_ < s_.size() && nameStart(s_[pos_])) {
        std::string n = name();
        skipSpace();
        if (pos_ < s_.size() && s_[pos_] == '=') {
          ++pos_;
          for (const auto& kw : call.kwargs)
            if (kw.name == n) fail(argLoc, "argument '" + n + "' is given twice");
          call.kwargs.push_back({n, argLoc, {parseExpr()}});
          goto next;
        }
        pos_ = save;
      }
      if (!call.kwargs.empty()) error("a positional argument cannot follow keyword arguments");
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
  size_t pos_ = 0;
};

}  // namespace

Expr parseExpr(const std::string& text, const SourceLoc& start) { return Parser(text, start).parseAll(); }

void parseTypeAndInit(const std::string& text, const SourceLoc& start, Expr& type, Expr& init) {
  Parser(text, start).parseTypeAndInit(type, init);
}

}  // namespace sinter
