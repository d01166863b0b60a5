// tensor.h — a dense, row-major, owning host tensor.
//
// The runtime's one data container: interpreter values, data batches, checkpoints and .npy files
// all use it. Storage is 64-byte aligned so kernels may use aligned vector loads.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/types.h"

namespace sinter {

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType dtype, Shape shape);  // zero-filled
  static Tensor like(const TensorType& t) { return Tensor(t.dtype, t.shape); }
  // A tensor over memory someone else owns (a backend's buffer); valid while that memory is.
  static Tensor view(DType dtype, Shape shape, void* data);

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  TensorType type() const { return {dtype_, shape_}; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int64_t numel() const { return numel_; }
  size_t bytes() const { return static_cast<size_t>(numel_) * dtypeSize(dtype_); }
  bool empty() const { return !data_; }

  void* raw() { return data_.get(); }
  const void* raw() const { return data_.get(); }
  template <typename T> T* data() { return static_cast<T*>(raw()); }
  template <typename T> const T* data() const { return static_cast<const T*>(raw()); }

  // Element i (row-major flat index) converted to/from double, whatever the dtype.
  double get(int64_t i) const;
  void set(int64_t i, double v);

  Tensor cast(DType to) const;
  Tensor clone() const;
  // Becomes a copy of `src`: into this tensor's own memory when it is the only holder of memory
  // of src's type and shape (no allocation: the trainer's parameters and optimiser state, copied
  // from the step's results every step), else into new memory, as clone().
  void assign(const Tensor& src);
  // Same elements, new shape (numel must match).
  Tensor reshaped(Shape shape) const;

 private:
  struct Free {
    void operator()(void* p) const;
  };
  struct Uninitialized {};
  Tensor(DType dtype, Shape shape, Uninitialized);  // for copies: every byte is written next
  DType dtype_ = DType::f32;
  Shape shape_;
  int64_t numel_ = 0;
  std::shared_ptr<void> data_;
};

// Maximum |a - b| / max(1, |b|) over all elements (shapes must match).
double maxRelDiff(const Tensor& a, const Tensor& b);

}  // namespace sinter
