#include "runtime/json.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace sinter {

const Json* Json::find(const std::string& key) const {
  if (!isObject()) return nullptr;
  for (const auto& [k, v] : object())
    if (k == key) return &v;
  return nullptr;
}

void Json::set(const std::string& key, Json value) {
  for (auto& [k, v] : object())
    if (k == key) {
      v = std::move(value);
      return;
    }
  object().emplace_back(key, std::move(value));
}

static void dumpString(const std::string& s, std::string& out) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

static void dumpTo(const Json& j, std::string& out) {
  if (j.isNull()) {
    out += "null";
  } else if (j.isBool()) {
    out += j.boolean() ? "true" : "false";
  } else if (j.isNumber()) {
    double d = j.number();
    if (!std::isfinite(d)) {
      out += "null";  // JSON has no NaN/Inf
    } else if (d == std::floor(d) && std::fabs(d) < 1e15) {
      out += std::to_string(static_cast<int64_t>(d));
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9g", d);
      out += buf;
    }
  } else if (j.isString()) {
    dumpString(j.string(), out);
  } else if (j.isArray()) {
    out += '[';
    bool first = true;
    for (const Json& x : j.array()) {
      if (!first) out += ", ";
      first = false;
      dumpTo(x, out);
    }
    out += ']';
  } else if (j.isObject()) {
    out += '{';
    bool first = true;
    for (const auto& [k, v] : j.object()) {
      if (!first) out += ", ";
      first = false;
      dumpString(k, out);
      out += ": ";
      dumpTo(v, out);
    }
    out += '}';
  }
}

std::string Json::dump() const {
  std::string out;
  dumpTo(*this, out);
  return out;
}

namespace {

struct Parser {
  const std::string& s;
  size_t i = 0;

  [[noreturn]] void error(const std::string& what) { throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(i)); }
  void space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
  }
  Json value() {
    space();
    if (i >= s.size()) error("unexpected end");
    char c = s[i];
    if (c == '{') {
      ++i;
      Json::Object o;
      space();
      if (i < s.size() && s[i] == '}') return ++i, Json(o);
      while (true) {
        space();
        std::string k = str();
        space();
        if (i >= s.size() || s[i++] != ':') error("expected ':'");
        o.emplace_back(k, value());
        space();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == '}') return ++i, Json(o);
        error("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++i;
      Json::Array a;
      space();
      if (i < s.size() && s[i] == ']') return ++i, Json(a);
      while (true) {
        a.push_back(value());
        space();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == ']') return ++i, Json(a);
        error("expected ',' or ']'");
      }
    }
    if (c == '"') return Json(str());
    if (s.compare(i, 4, "true") == 0) return i += 4, Json(true);
    if (s.compare(i, 5, "false") == 0) return i += 5, Json(false);
    if (s.compare(i, 4, "null") == 0) return i += 4, Json();
    size_t used = 0;
    double d;
    try {
      d = std::stod(s.substr(i, 40), &used);
    } catch (...) {
      error("unexpected character");
    }
    i += used;
    return Json(d);
  }
  std::string str() {
    if (i >= s.size() || s[i] != '"') error("expected a string");
    ++i;
    std::string out;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) {
        char e = s[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        ++i;
      } else {
        out += s[i++];
      }
    }
    if (i >= s.size()) error("unterminated string");
    ++i;
    return out;
  }
};

}  // namespace

Json Json::parse(const std::string& text) {
  Parser p{text};
  Json j = p.value();
  p.space();
  if (p.i != text.size()) p.error("trailing characters");
  return j;
}

}  // namespace sinter
