#include "runtime/data.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "compiler/ir/ops.h"
#include "runtime/datasets.h"
#include "runtime/npy.h"
#include "runtime/numpy_rng.h"
#include "runtime/rng.h"

namespace sinter {

Arrays generateCount24(int64_t n, int64_t length, uint64_t seed, const std::string& stream) {
  Rng rng(seed, stream);
  Tensor x(DType::i64, {n, length}), y(DType::f32, {n, 1});
  for (int64_t i = 0; i < n; ++i) {
    int twos = 0, fours = 0;
    for (int64_t j = 0; j < length; ++j) {
      int64_t d = rng.integer(10);
      x.data<int64_t>()[i * length + j] = d;
      twos += d == 2, fours += d == 4;
    }
    y.data<float>()[i] = twos > fours ? 1.0f : 0.0f;  // ties are label 0
  }
  return {{"x", x}, {"y", y}};
}

Arrays generateAttentionClusters(int64_t items, int64_t keyDim, int64_t valueDim, int64_t cluster, uint64_t seed) {
  // The material's make_data, with NumPy's legacy generator so the numbers are the material's.
  NumpyLegacyRng rng(static_cast<uint32_t>(seed));
  Tensor keys(DType::f64, {items, keyDim}), values(DType::f64, {items, valueDim}), queries(DType::f64, {items, keyDim});
  std::vector<double> baseKQ(keyDim), baseV(valueDim);
  for (int64_t i = 0; i < items; ++i) {
    if (i % cluster == 0) {
      for (auto& b : baseKQ) b = rng.randn() * 0.5;
      for (auto& b : baseV) b = rng.rand() * 1 - 0.5;
    }
    for (int64_t j = 0; j < keyDim; ++j) keys.set(i * keyDim + j, baseKQ[j] + rng.randn() * 0.2);
    for (int64_t j = 0; j < keyDim; ++j) queries.set(i * keyDim + j, baseKQ[j] + rng.randn() * 0.2);
    for (int64_t j = 0; j < valueDim; ++j) values.set(i * valueDim + j, baseV[j] + rng.rand() * 5 - 2.5);
  }
  return {{"keys", keys}, {"values", values}, {"queries", queries}};
}

// One rejection-sampled set: redraw (up to 100 times) while the label balance is outside
// [0.4, 0.6] or a relevant column equals some other column over the whole set (MODELS.md 7).
static std::pair<Arrays, int> drawSparseAnd(int64_t bits, const std::vector<int64_t>& relevant, int64_t m, Rng& rng) {
  const double p = std::pow(0.5, 1.0 / 3.0);
  Tensor x(DType::i64, {m, bits}), y(DType::f32, {m, 1});
  int tries = 0;
  while (tries < 100) {
    ++tries;
    int64_t positives = 0;
    for (int64_t i = 0; i < m; ++i) {
      bool all = true;
      for (int64_t j = 0; j < bits; ++j) x.data<int64_t>()[i * bits + j] = rng.uniform() < p ? 1 : 0;
      for (int64_t r : relevant) all = all && x.data<int64_t>()[i * bits + r] == 1;
      y.data<float>()[i] = all ? 1.0f : 0.0f;
      positives += all;
    }
    double balance = static_cast<double>(positives) / static_cast<double>(m);
    if (balance < 0.4 || balance > 0.6) continue;
    bool ambiguous = false;
    for (int64_t r : relevant)
      for (int64_t o = 0; o < bits && !ambiguous; ++o) {
        if (std::find(relevant.begin(), relevant.end(), o) != relevant.end()) continue;
        bool same = true;
        for (int64_t i = 0; i < m && same; ++i) same = x.data<int64_t>()[i * bits + r] == x.data<int64_t>()[i * bits + o];
        ambiguous = same;
      }
    if (!ambiguous) break;
  }
  return {{{"bits", x}, {"y", y}}, tries};
}

SparseAnd generateSparseAnd(int64_t bits, int64_t k, int64_t nTrain, int64_t nTest, uint64_t seed) {
  SparseAnd out;
  Rng pick(seed, "sparse_and.function");
  std::vector<int64_t> all(bits);
  for (int64_t i = 0; i < bits; ++i) all[i] = i;
  for (int64_t i = 0; i < k; ++i) std::swap(all[i], all[i + pick.integer(bits - i)]);  // partial Fisher-Yates
  out.relevant.assign(all.begin(), all.begin() + k);
  std::sort(out.relevant.begin(), out.relevant.end());
  Rng trainRng(seed, "sparse_and.train"), testRng(seed, "sparse_and.test");
  std::tie(out.train, out.tries) = drawSparseAnd(bits, out.relevant, nTrain, trainRng);
  out.test = drawSparseAnd(bits, out.relevant, nTest, testRng).first;
  return out;
}

Arrays takeRows(const Arrays& arrays, const std::vector<int64_t>& rows) {
  Arrays out;
  for (const auto& [name, t] : arrays) {
    Shape s = t.shape();
    int64_t width = s.empty() || s[0] == 0 ? 0 : t.numel() / s[0];
    s[0] = static_cast<int64_t>(rows.size());
    Tensor b(t.dtype(), s);
    size_t es = dtypeSize(t.dtype());
    for (size_t r = 0; r < rows.size(); ++r)
      std::memcpy(static_cast<char*>(b.raw()) + r * width * es, static_cast<const char*>(t.raw()) + rows[r] * width * es, width * es);
    out[name] = std::move(b);
  }
  return out;
}

void carveValidation(DataSplits& data, double fraction, uint64_t seed, const CallSpec& source) {
  if (data.freshBatch)
    fail(source.loc, source.name + " draws a fresh training batch every step: there is no fixed training set to hold a validation split out of; "
                     "drop --val-split");
  const int64_t n = data.trainSize, held = static_cast<int64_t>(std::llround(fraction * static_cast<double>(n)));
  if (held < 1 || held >= n)
    fail(source.loc, "--val-split " + std::to_string(fraction) + " of " + std::to_string(n) + " training samples leaves no validation or no training samples");
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed, "validation");
  for (int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.integer(i + 1)]);
  // The held-out rows in their original order (a stable split); the rest stay training rows.
  std::vector<int64_t> val(order.end() - held, order.end()), train(order.begin(), order.end() - held);
  std::sort(val.begin(), val.end());
  std::sort(train.begin(), train.end());
  data.val = takeRows(data.train, val);
  data.train = takeRows(data.train, train);
  data.valSize = held;
  data.trainSize = n - held;
}

namespace {

std::string joinNames(const Arrays& a) {
  std::string s;
  for (const auto& [n, t] : a) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// A path argument of the data source, resolved against the spec's directory; "" when not given.
std::string pathArg(const CallSpec& src, const std::string& key, const std::string& specDir) {
  if (!src.has(key)) return "";
  std::string path = src.s(key);
  if (path.empty() || path[0] == '/' || specDir.empty()) return path;
  return specDir + "/" + path;
}

std::string requiredPath(const CallSpec& src, const std::string& specDir) {
  std::string p = pathArg(src, "train", specDir);
  if (p.empty()) fail(src.loc, "data source " + src.name + " needs train=PATH (and optionally test=PATH)");
  return p;
}

// Reads a CSV whose columns are the inputs' per-sample elements: `name` for one element,
// `name.0`, `name.1`, ... for more (row-major). Without a header, the columns follow the inputs
// in declaration order.
Arrays readCsv(const std::string& path, const Graph& g, bool header, const SourceLoc& at) {
  std::ifstream in(path);
  if (!in) fail(at, "cannot open the CSV file '" + path + "'");
  std::vector<std::vector<double>> rows;
  std::vector<std::string> names;
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (header && names.empty()) {
      names = cells;
      continue;
    }
    std::vector<double> values;
    for (const auto& c : cells) {
      try {
        size_t used = 0;
        values.push_back(std::stod(c, &used));
      } catch (...) {
        fail(SourceLoc{path, lineNo, 1}, "'" + c + "' is not a number");
      }
    }
    if (!rows.empty() && values.size() != rows[0].size())
      fail(SourceLoc{path, lineNo, 1}, "row has " + std::to_string(values.size()) + " columns, the first row has " + std::to_string(rows[0].size()));
    rows.push_back(values);
  }
  Arrays out;
  size_t column = 0;
  for (Node* input : g.inputs()) {
    if (input->name[0] == '@') continue;
    const TensorType& t = input->results[0];
    int64_t per = t.rank() > 1 ? t.numel() / t.shape[0] : 1;
    Shape s = t.shape;
    s[0] = static_cast<int64_t>(rows.size());
    Tensor x(t.dtype, s);
    for (int64_t e = 0; e < per; ++e) {
      size_t col = column++;
      if (header) {
        std::string want = per == 1 ? input->name : input->name + "." + std::to_string(e);
        auto it = std::find(names.begin(), names.end(), want);
        if (it == names.end()) fail(SourceLoc{path, 1, 1}, "no column '" + want + "' for input '" + input->name + "'");
        col = static_cast<size_t>(it - names.begin());
      }
      for (size_t r = 0; r < rows.size(); ++r) {
        if (col >= rows[r].size()) fail(SourceLoc{path, 0, 0}, "too few columns for input '" + input->name + "'");
        x.set(static_cast<int64_t>(r) * per + e, rows[r][col]);
      }
    }
    out[input->name] = x;
  }
  return out;
}

Arrays readNpyDir(const std::string& dir, const Graph& g) {
  Arrays out;
  for (Node* input : g.inputs())
    if (input->name[0] != '@') out[input->name] = readNpy(dir + "/" + input->name + ".npy");
  return out;
}

// Casts every array to its input's dtype and checks the per-sample shape.
void conform(Arrays& arrays, const Graph& g, const CallSpec& source, const std::string& split) {
  Arrays out;
  for (Node* input : g.inputs()) {
    if (input->name[0] == '@') continue;  // @lr, @step: fed by the driver
    auto it = arrays.find(input->name);
    if (it == arrays.end())
      fail(input->loc, "input '" + input->name + "' is not provided by data source " + source.name + " (it provides " +
                           joinNames(arrays) + ")");
    const TensorType& want = input->results[0];
    Tensor t = it->second;
    Shape perSample(want.shape.begin() + 1, want.shape.end()), got(t.shape().begin() + (t.rank() ? 1 : 0), t.shape().end());
    if (t.rank() == 0 || perSample != got)
      fail(input->loc, "input '" + input->name + "' is " + want.str() + " (B samples of " + shapeStr(perSample) + ") but the " + split +
                           " data of " + source.name + " has " + t.type().str());
    out[input->name] = t.dtype() == want.dtype ? t : t.cast(want.dtype);
  }
  arrays = std::move(out);
}

int64_t rowsOf(const Arrays& a) { return a.empty() ? 0 : a.begin()->second.shape()[0]; }

}  // namespace

DataSplits loadData(const CallSpec& src, const Graph& g, uint64_t seed, const std::string& specDir) {
  DataSplits d;
  if (src.name == "count24") {
    int64_t len = src.i("length");
    d.train = generateCount24(src.i("train"), len, seed, "count24.train");
    d.test = generateCount24(src.i("test"), len, seed, "count24.test");
    if (src.b("fresh"))
      d.freshBatch = [seed, len](int64_t batch, int64_t step) {
        return generateCount24(batch, len, seed ^ splitmix64(static_cast<uint64_t>(step)), "count24.batch");
      };
  } else if (src.name == "attention_clusters") {
    d.train = generateAttentionClusters(src.i("items"), src.i("key_dim"), src.i("value_dim"), src.i("cluster"),
                                        static_cast<uint64_t>(src.i("seed")));
    d.test = d.train;
  } else if (src.name == "worked_example") {
    auto m = [](Shape s, std::vector<double> v) {
      Tensor t(DType::f32, s);
      for (size_t i = 0; i < v.size(); ++i) t.set(static_cast<int64_t>(i), v[i]);
      return t;
    };
    // One "sample": the sample axis is the first (size 3: one token per row).
    d.train = {{"X", m({3, 3}, {2, 1, 0, 0, 0, 1, 0, 2, 0})}, {"Wq", m({3, 2}, {0, 2, 1, 0, 3, 1})},
               {"Wk", m({3, 2}, {1, 0, 0, 1, 1, 3})}, {"Wv", m({3, 2}, {4, 2, 6, 5, 3, 2})}};
    d.test = d.train;
  } else if (src.name == "sparse_and") {
    SparseAnd s = generateSparseAnd(src.i("bits"), src.i("k"), src.i("train"), src.i("test"), seed);
    d.train = s.train;
    d.test = s.test;
    std::string pos;
    for (int64_t r : s.relevant) pos += (pos.empty() ? "" : ",") + std::to_string(r);
    d.info["relevant_positions"] = pos;
  } else if (src.name == "npz") {
    d.train = readNpz(requiredPath(src, specDir));
    d.test = src.has("test") ? readNpz(pathArg(src, "test", specDir)) : d.train;
  } else if (src.name == "npy") {
    d.train = readNpyDir(requiredPath(src, specDir), g);
    d.test = src.has("test") ? readNpyDir(pathArg(src, "test", specDir), g) : d.train;
  } else if (src.name == "csv") {
    d.train = readCsv(requiredPath(src, specDir), g, src.b("header"), src.loc);
    d.test = src.has("test") ? readCsv(pathArg(src, "test", specDir), g, src.b("header"), src.loc) : d.train;
  } else if (src.name == "mnist_add") {
    d = loadMnistAdd(src, seed, specDir);
  } else if (src.name == "imdb") {
    for (Node* input : g.inputs())
      if (input->name == "lengths" && !src.b("lengths"))
        fail(input->loc, "input 'lengths' is fed by imdb only with lengths=true: write imdb(..., lengths=true)");
    d = loadImdb(src, seed, specDir);
  } else {
    fail(src.loc, "data source " + src.name + " is not available in this build");
  }
  if (src.name != "worked_example" && src.name != "attention_clusters") {
    conform(d.train, g, src, "training");
    conform(d.test, g, src, "test");
  }
  d.trainSize = rowsOf(d.train);
  d.testSize = rowsOf(d.test);
  for (auto* split : {&d.train, &d.test})
    for (const auto& [n, t] : *split)
      if (t.shape()[0] != rowsOf(*split)) fail(src.loc, "data source " + src.name + ": array '" + n + "' has a different number of samples");
  return d;
}

}  // namespace sinter
