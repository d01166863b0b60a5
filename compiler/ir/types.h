// types.h — element types, static shapes and tensor types of the graph IR.
//
// Shapes are fully static by the time a Graph exists: symbolic dimensions of the spec (the batch
// dimension B, sequence lengths, ...) are bound while the spec is lowered (see spec/spec.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sinter {

enum class DType { f32, f64, i32, i64 };

const char* dtypeName(DType t);
std::optional<DType> parseDType(const std::string& s);
size_t dtypeSize(DType t);
inline bool isFloat(DType t) { return t == DType::f32 || t == DType::f64; }
inline bool isInt(DType t) { return t == DType::i32 || t == DType::i64; }

using Shape = std::vector<int64_t>;

int64_t numel(const Shape& s);
std::string shapeStr(const Shape& s);  // "[2, 3]"; "[]" for a scalar

struct TensorType {
  DType dtype = DType::f32;
  Shape shape;

  int rank() const { return static_cast<int>(shape.size()); }
  int64_t numel() const { return sinter::numel(shape); }
  std::string str() const;  // "f32[2, 3]"
  bool operator==(const TensorType& o) const { return dtype == o.dtype && shape == o.shape; }
  bool operator!=(const TensorType& o) const { return !(*this == o); }
};

// NumPy broadcasting of two shapes; nullopt when they are incompatible.
std::optional<Shape> broadcastShapes(const Shape& a, const Shape& b);

// Row-major strides of a shape (in elements).
Shape stridesOf(const Shape& s);
// Strides to read a tensor of shape `in` while walking a shape `out` it broadcasts to: the
// tensor's own strides, 0 on dimensions it broadcasts along.
Shape broadcastStrides(const Shape& in, const Shape& out);

// Normalises a possibly negative axis against `rank`; nullopt when out of range.
std::optional<int> normalizeAxis(int64_t axis, int rank);

}  // namespace sinter
