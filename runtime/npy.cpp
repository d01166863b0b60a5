#include "runtime/npy.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "compiler/support/diag.h"

namespace sinter {

namespace {

[[noreturn]] void bad(const std::string& name, const std::string& msg) { fail(SourceLoc{name, 0, 0}, msg); }

std::string descrOf(DType t) {
  switch (t) {
    case DType::f32: return "<f4";
    case DType::f64: return "<f8";
    case DType::i32: return "<i4";
    case DType::i64: return "<i8";
  }
  return "";
}

// The value of 'key' in the header dict, as raw text up to the next top-level comma.
std::string headerField(const std::string& header, const std::string& key, const std::string& name) {
  auto k = header.find("'" + key + "'");
  if (k == std::string::npos) bad(name, "not a valid .npy file: the header has no '" + key + "' field");
  auto colon = header.find(':', k);
  size_t b = colon + 1;
  while (b < header.size() && header[b] == ' ') ++b;
  if (header[b] == '(') return header.substr(b, header.find(')', b) - b + 1);
  size_t e = b;
  while (e < header.size() && header[e] != ',' && header[e] != '}') ++e;
  std::string v = header.substr(b, e - b);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

uint32_t crc32(const std::string& data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : data) c = table[(c ^ ch) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t le32(const std::string& s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) | static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 | static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
uint16_t le16(const std::string& s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}
void put16(std::string& s, uint16_t v) { s += static_cast<char>(v & 0xFF), s += static_cast<char>(v >> 8); }
void put32(std::string& s, uint32_t v) { put16(s, v & 0xFFFF), put16(s, v >> 16); }

}  // namespace

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) bad(path, "cannot open the file (does it exist and is it readable?)");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void makeDirs(const std::string& dir) {
  std::string partial;
  for (size_t i = 0; i <= dir.size(); ++i) {
    if (i == dir.size() || dir[i] == '/') {
      if (!partial.empty() && ::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
        bad(dir, std::string("cannot create the directory: ") + std::strerror(errno));
    }
    if (i < dir.size()) partial += dir[i];
  }
}

void writeFileAtomic(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) bad(path, "cannot write the file (does its directory exist and is it writable?)");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      bad(path, "writing failed (is the disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    bad(path, "cannot move the finished file into place");
  }
}

Tensor parseNpy(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    bad(name, "not a .npy file (no \\x93NUMPY magic); save arrays with numpy.save");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, headerAt;
  if (major == 1) {
    headerLen = le16(bytes, 8), headerAt = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) bad(name, "truncated .npy header");
    headerLen = le32(bytes, 8), headerAt = 12;
  } else {
    bad(name, "unsupported .npy version " + std::to_string(major));
  }
  if (headerAt + headerLen > bytes.size()) bad(name, "truncated .npy header");
  std::string header = bytes.substr(headerAt, headerLen);
  std::string descr = headerField(header, "descr", name);
  std::string fortran = headerField(header, "fortran_order", name);
  std::string shapeText = headerField(header, "shape", name);
  if (fortran != "False") bad(name, "Fortran-order arrays are not supported; save with numpy.save(np.ascontiguousarray(a))");
  if (descr.size() >= 2 && (descr.front() == '\'' || descr.front() == '"')) descr = descr.substr(1, descr.size() - 2);
  DType dt;
  if (descr == "<f4") dt = DType::f32;
  else if (descr == "<f8") dt = DType::f64;
  else if (descr == "<i4") dt = DType::i32;
  else if (descr == "<i8") dt = DType::i64;
  else if (!descr.empty() && descr[0] == '>')
    bad(name, "big-endian arrays are not supported; convert with a.astype(a.dtype.newbyteorder('<'))");
  else
    bad(name, "unsupported dtype '" + descr + "'; expected float32, float64, int32 or int64 (convert with a.astype(np.float32))");
  Shape shape;
  std::string inner = shapeText.substr(1, shapeText.size() - 2);
  std::stringstream ss(inner);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    try {
      shape.push_back(std::stoll(item.substr(b)));
    } catch (...) {
      bad(name, "malformed shape " + shapeText + " in the .npy header");
    }
  }
  Tensor t(dt, shape);
  size_t dataAt = headerAt + headerLen;
  if (bytes.size() - dataAt < t.bytes())
    bad(name, "truncated .npy data: expected " + std::to_string(t.bytes()) + " bytes for " + t.type().str() + ", found " +
                  std::to_string(bytes.size() - dataAt));
  if (t.bytes()) std::memcpy(t.raw(), bytes.data() + dataAt, t.bytes());
  return t;
}

Tensor readNpy(const std::string& path) { return parseNpy(readFile(path), path); }

std::string encodeNpy(const Tensor& t) {
  std::string shape = "(";
  for (size_t i = 0; i < t.shape().size(); ++i) shape += std::to_string(t.shape()[i]) + (t.shape().size() == 1 || i + 1 < t.shape().size() ? "," : "");
  shape += ")";
  // Match numpy's spacing: "(3,)" for rank 1, "(2, 3)" otherwise.
  if (t.shape().size() > 1) {
    shape = "(";
    for (size_t i = 0; i < t.shape().size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape()[i]);
    shape += ")";
  }
  std::string header = "{'descr': '" + descrOf(t.dtype()) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(1), out += static_cast<char>(0);
  put16(out, static_cast<uint16_t>(header.size()));
  out += header;
  out.append(static_cast<const char*>(t.raw()), t.bytes());
  return out;
}

void writeNpy(const std::string& path, const Tensor& t) { writeFileAtomic(path, encodeNpy(t)); }

std::map<std::string, Tensor> readNpz(const std::string& path) {
  std::string z = readFile(path);
  std::map<std::string, Tensor> out;
  size_t at = 0;
  while (at + 30 <= z.size() && le32(z, at) == 0x04034b50u) {
    uint16_t flags = le16(z, at + 6), method = le16(z, at + 8);
    uint32_t csize = le32(z, at + 18);
    uint16_t nameLen = le16(z, at + 26), extraLen = le16(z, at + 28);
    if (at + 30 + nameLen > z.size()) bad(path, "truncated .npz archive");
    std::string name = z.substr(at + 30, nameLen);
    if (method != 0) bad(path, "entry '" + name + "' is compressed; sinter reads uncompressed archives: save with numpy.savez, not savez_compressed");
    if (flags & 0x08) bad(path, "entry '" + name + "' uses a data descriptor; save with numpy.savez");
    // zip64 (numpy uses it for large arrays): the sizes live in the extra field.
    size_t extraAt = at + 30 + nameLen;
    if (csize == 0xFFFFFFFFu) {
      size_t e = extraAt;
      while (e + 4 <= extraAt + extraLen) {
        uint16_t id = le16(z, e), len = le16(z, e + 2);
        if (id == 1 && len >= 16) csize = static_cast<uint32_t>(le32(z, e + 12));  // compressed size (low 32 bits)
        e += 4 + len;
      }
    }
    size_t dataAt = extraAt + extraLen;
    if (dataAt + csize > z.size()) bad(path, "truncated .npz archive (entry '" + name + "')");
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0) name.resize(name.size() - 4);
    out[name] = parseNpy(z.substr(dataAt, csize), path + ":" + name);
    at = dataAt + csize;
  }
  if (out.empty()) bad(path, "not an .npz archive (no zip entries); save arrays with numpy.savez");
  return out;
}

void writeNpz(const std::string& path, const std::map<std::string, Tensor>& arrays) {
  std::string z, central;
  uint16_t count = 0;
  for (const auto& [name, t] : arrays) {
    std::string data = encodeNpy(t), fname = name + ".npy";
    uint32_t crc = crc32(data), offset = static_cast<uint32_t>(z.size());
    auto header = [&](std::string& s, bool centralDir) {
      put32(s, centralDir ? 0x02014b50u : 0x04034b50u);
      if (centralDir) put16(s, 20);
      put16(s, 20), put16(s, 0), put16(s, 0), put16(s, 0), put16(s, 0x21);  // version, flags, stored, time, date
      put32(s, crc), put32(s, static_cast<uint32_t>(data.size())), put32(s, static_cast<uint32_t>(data.size()));
      put16(s, static_cast<uint16_t>(fname.size())), put16(s, 0);
      if (centralDir) put16(s, 0), put16(s, 0), put16(s, 0), put32(s, 0), put32(s, offset);
      s += fname;
    };
    header(z, false);
    z += data;
    header(central, true);
    ++count;
  }
  uint32_t centralAt = static_cast<uint32_t>(z.size());
  z += central;
  put32(z, 0x06054b50u), put16(z, 0), put16(z, 0), put16(z, count), put16(z, count);
  put32(z, static_cast<uint32_t>(central.size())), put32(z, centralAt), put16(z, 0);
  writeFileAtomic(path, z);
}

}  // namespace sinter
