// test_npy.cpp — .npy/.npz reading and writing against files written by NumPy
// (tests/fixtures/npy, made by tools/gen_npy_fixtures.py).
#include <catch2/catch.hpp>

#include "test_util.h"
#include <cstdio>

#include "compiler/support/diag.h"
#include "runtime/npy.h"

using namespace sinter;
using namespace sinter::testing;

static std::string fixture(const std::string& name) { return std::string(SINTER_SOURCE_DIR) + "/tests/fixtures/npy/" + name; }

TEST_CASE("npy: reads every supported dtype written by numpy", "[npy]") {
  Tensor a = readNpy(fixture("f32_2x3.npy"));
  CHECK(a.type().str() == "f32[2, 3]");
  for (int i = 0; i < 6; ++i) CHECK(a.data<float>()[i] == static_cast<float>(i) / 4);

  Tensor b = readNpy(fixture("f64_vec.npy"));
  CHECK(b.type().str() == "f64[3]");
  CHECK(b.data<double>()[0] == 1.5);
  CHECK(b.data<double>()[1] == -2.25);
  CHECK(b.data<double>()[2] == 1e300);

  Tensor c = readNpy(fixture("i32_2x2.npy"));
  CHECK(c.type().str() == "i32[2, 2]");
  CHECK(c.data<int32_t>()[1] == -2);
  CHECK(c.data<int32_t>()[3] == 2147483647);

  Tensor d = readNpy(fixture("i64_scalar.npy"));
  CHECK(d.type().str() == "i64[]");
  CHECK(d.data<int64_t>()[0] == -7);
}

TEST_CASE("npy: write then read gives the same bytes and shape", "[npy]") {
  std::string path = "/tmp/sinter_test_roundtrip.npy";
  for (DType t : {DType::f32, DType::f64, DType::i32, DType::i64}) {
    for (Shape s : {Shape{}, Shape{5}, Shape{2, 3}, Shape{2, 1, 4}}) {
      Tensor x(t, s);
      for (int64_t i = 0; i < x.numel(); ++i) x.set(i, static_cast<double>(i * 3 - 7));
      writeNpy(path, x);
      Tensor y = readNpy(path);
      REQUIRE(y.type() == x.type());
      CHECK(std::memcmp(x.raw(), y.raw(), x.bytes()) == 0);
    }
  }
  // The header is padded so the data starts at a multiple of 64 bytes, as numpy writes it.
  CHECK(encodeNpy(Tensor(DType::f32, {2, 3})).size() % 64 == 24 % 64);
  std::remove(path.c_str());
}

TEST_CASE("npy: our files match numpy's bytes exactly", "[npy]") {
  Tensor a = readNpy(fixture("f32_2x3.npy"));
  CHECK(encodeNpy(a) == readFile(fixture("f32_2x3.npy")));
  Tensor b = readNpy(fixture("f64_vec.npy"));
  CHECK(encodeNpy(b) == readFile(fixture("f64_vec.npy")));
}

TEST_CASE("npy: unsupported layouts are clear errors", "[npy]") {
  CHECK_THAT(errorOf([] { readNpy(fixture("fortran.npy")); }), Catch::Contains("Fortran-order arrays are not supported"));
  CHECK_THAT(errorOf([] { readNpy(fixture("bigendian.npy")); }), Catch::Contains("big-endian arrays are not supported"));
  CHECK_THAT(errorOf([] { readNpy(fixture("bool.npy")); }), Catch::Contains("unsupported dtype '|b1'"));
  CHECK_THAT(errorOf([] { readNpy(fixture("truncated.npy")); }),
             Catch::Contains("truncated .npy data: expected 24 bytes for f32[2, 3], found 19"));
  CHECK_THAT(errorOf([] { readNpy(fixture("pair.npz")); }), Catch::Contains("not a .npy file"));
  CHECK_THAT(errorOf([] { readNpy(fixture("does_not_exist.npy")); }), Catch::Contains("cannot open the file"));
  // Every message starts with the file name.
  CHECK(errorOf([] { readNpy(fixture("bool.npy")); }).rfind(fixture("bool.npy") + ": error: ", 0) == 0);
}

TEST_CASE("npz: reads numpy.savez archives and round-trips our own", "[npy]") {
  auto arrays = readNpz(fixture("pair.npz"));
  REQUIRE(arrays.size() == 2);
  CHECK(arrays.at("x").type().str() == "i64[4]");
  CHECK(arrays.at("x").data<int64_t>()[3] == 3);
  CHECK(arrays.at("w").type().str() == "f32[2, 2]");

  std::string path = "/tmp/sinter_test_roundtrip.npz";
  writeNpz(path, arrays);
  auto again = readNpz(path);
  REQUIRE(again.size() == 2);
  CHECK(std::memcmp(again.at("w").raw(), arrays.at("w").raw(), arrays.at("w").bytes()) == 0);
  std::remove(path.c_str());

  CHECK_THAT(errorOf([] { readNpz(fixture("compressed.npz")); }), Catch::Contains("save with numpy.savez, not savez_compressed"));
  CHECK_THAT(errorOf([] { readNpz(fixture("f32_2x3.npy")); }), Catch::Contains("not an .npz archive"));
}

TEST_CASE("npy: a failed write leaves no file behind", "[npy]") {
  CHECK_THAT(errorOf([] { writeNpy("/nonexistent-dir/x.npy", Tensor(DType::f32, {2})); }),
             Catch::Contains("cannot write the file"));
}
