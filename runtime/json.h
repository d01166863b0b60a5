// json.h — the little JSON sinter reads and writes: metrics.jsonl, summary.json, safetensors
// headers. Objects keep their insertion order so output is stable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sinter {

class Json {
 public:
  using Object = std::vector<std::pair<std::string, Json>>;
  using Array = std::vector<Json>;

  Json() : v_(nullptr) {}
  Json(std::nullptr_t) : v_(nullptr) {}
  Json(bool b) : v_(b) {}
  Json(double d) : v_(d) {}
  Json(int64_t i) : v_(static_cast<double>(i)) {}
  Json(int i) : v_(static_cast<double>(i)) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(Array a) : v_(std::make_shared<Array>(std::move(a))) {}
  Json(Object o) : v_(std::make_shared<Object>(std::move(o))) {}

  bool isNull() const { return std::holds_alternative<std::nullptr_t>(v_); }
  bool isBool() const { return std::holds_alternative<bool>(v_); }
  bool boolean() const { return std::get<bool>(v_); }
  bool isNumber() const { return std::holds_alternative<double>(v_); }
  bool isString() const { return std::holds_alternative<std::string>(v_); }
  bool isObject() const { return std::holds_alternative<std::shared_ptr<Object>>(v_); }
  bool isArray() const { return std::holds_alternative<std::shared_ptr<Array>>(v_); }
  double number() const { return std::get<double>(v_); }
  const std::string& string() const { return std::get<std::string>(v_); }
  const Array& array() const { return *std::get<std::shared_ptr<Array>>(v_); }
  const Object& object() const { return *std::get<std::shared_ptr<Object>>(v_); }
  Object& object() { return *std::get<std::shared_ptr<Object>>(v_); }
  const Json* find(const std::string& key) const;  // objects only; nullptr when absent
  void set(const std::string& key, Json value);     // objects only; replaces or appends

  std::string dump() const;  // compact, one line
  // Throws std::runtime_error with the offset on malformed input.
  static Json parse(const std::string& text);

 private:
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<Array>, std::shared_ptr<Object>> v_;
};

}  // namespace sinter
