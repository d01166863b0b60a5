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
    while (true) {
      size_t run = i;  // copy plain characters in one go
      while (run < s.size() && s[run] != '"' && s[run] != '\\') ++run;
      out.append(s, i, run - i);
      i = run;
      if (i >= s.size()) error("unterminated string");
      if (s[i] == '"') break;
      if (++i >= s.size()) error("unterminated string");
      char e = s[i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': appendUtf8(out, codePoint()); break;
        default: out += e;  // \" \\ \/
      }
    }
    ++i;
    return out;
  }
  // The code point of \uXXXX (i just past the 'u'), combining a UTF-16 surrogate pair.
  uint32_t codePoint() {
    uint32_t cp = hex4();
    if (cp >= 0xD800 && cp < 0xDC00 && s.compare(i, 2, "\\u") == 0) {
      size_t save = i;
      i += 2;
      uint32_t lo = hex4();
      if (lo >= 0xDC00 && lo < 0xE000) return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i = save;
    }
    return cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp;  // a lone surrogate: the replacement character
  }
  uint32_t hex4() {
    if (i + 4 > s.size()) error("truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i++];
      v = v * 16 + (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : (error("bad \\u escape"), 0));
    }
    return v;
  }
  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
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
