#include "runtime/checkpoint.h"

#include "compiler/support/diag.h"
#include "runtime/json.h"
#include "runtime/npy.h"

namespace sinter {

static const char* stDtype(DType t) {
  switch (t) {
    case DType::f32: return "F32";
    case DType::f64: return "F64";
    case DType::i32: return "I32";
    case DType::i64: return "I64";
  }
  return "?";
}

void writeSafeTensors(const std::string& path, const SafeTensors& st) {
  Json::Object header;
  if (!st.metadata.empty()) {
    Json::Object meta;
    for (const auto& [k, v] : st.metadata) meta.emplace_back(k, Json(v));
    header.emplace_back("__metadata__", Json(meta));
  }
  std::string data;
  for (const auto& [name, t] : st.tensors) {
    Json::Array shape;
    for (int64_t d : t.shape()) shape.push_back(Json(d));
    int64_t begin = static_cast<int64_t>(data.size());
    data.append(static_cast<const char*>(t.raw()), t.bytes());
    header.emplace_back(name, Json(Json::Object{{"dtype", Json(stDtype(t.dtype()))},
                                                {"shape", Json(shape)},
                                                {"data_offsets", Json(Json::Array{Json(begin), Json(static_cast<int64_t>(data.size()))})}}));
  }
  std::string text = Json(header).dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
  std::string out(8, '\0');
  uint64_t n = text.size();
  for (int k = 0; k < 8; ++k) out[k] = static_cast<char>((n >> (8 * k)) & 0xFF);
  out += text;
  out += data;
  writeFileAtomic(path, out);
}

SafeTensors readSafeTensors(const std::string& path) {
  std::string bytes = readFile(path);
  auto bad = [&](const std::string& msg) { fail(SourceLoc{path, 0, 0}, "not a valid safetensors file: " + msg); };
  if (bytes.size() < 8) bad("shorter than its 8-byte header length");
  uint64_t n = 0;
  for (int k = 0; k < 8; ++k) n |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[k])) << (8 * k);
  if (n > bytes.size() - 8) bad("the header length " + std::to_string(n) + " exceeds the file");
  Json header;
  try {
    header = Json::parse(bytes.substr(8, n));
  } catch (const std::exception& e) {
    bad(e.what());
  }
  if (!header.isObject()) bad("the header is not a JSON object");
  SafeTensors st;
  size_t dataAt = 8 + n;
  for (const auto& [name, entry] : header.object()) {
    if (name == "__metadata__") {
      if (entry.isObject())
        for (const auto& [k, v] : entry.object())
          if (v.isString()) st.metadata[k] = v.string();
      continue;
    }
    const Json *dt = entry.find("dtype"), *shape = entry.find("shape"), *offsets = entry.find("data_offsets");
    if (!dt || !shape || !offsets || !dt->isString() || !shape->isArray() || !offsets->isArray() || offsets->array().size() != 2)
      bad("entry '" + name + "' lacks dtype, shape or data_offsets");
    DType t;
    if (dt->string() == "F32") t = DType::f32;
    else if (dt->string() == "F64") t = DType::f64;
    else if (dt->string() == "I32") t = DType::i32;
    else if (dt->string() == "I64") t = DType::i64;
    else bad("entry '" + name + "' has unsupported dtype " + dt->string());
    Shape s;
    for (const Json& d : shape->array()) s.push_back(static_cast<int64_t>(d.number()));
    Tensor x(t, s);
    size_t begin = static_cast<size_t>(offsets->array()[0].number()), end = static_cast<size_t>(offsets->array()[1].number());
    if (end < begin || end - begin != x.bytes() || dataAt + end > bytes.size())
      bad("entry '" + name + "' has data offsets that do not match its shape or the file (truncated?)");
    if (x.bytes()) std::memcpy(x.raw(), bytes.data() + dataAt + begin, x.bytes());
    st.tensors[name] = std::move(x);
  }
  return st;
}

}  // namespace sinter
