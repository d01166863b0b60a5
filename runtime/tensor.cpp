#include "runtime/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

#include "compiler/support/diag.h"

namespace sinter {

void Tensor::Free::operator()(void* p) const { std::free(p); }

Tensor::Tensor(DType dtype, Shape shape) : Tensor(dtype, std::move(shape), Uninitialized{}) {
  std::memset(data_.get(), 0, std::max<size_t>(64, (bytes() + 63) / 64 * 64));
}

Tensor::Tensor(DType dtype, Shape shape, Uninitialized) : dtype_(dtype), shape_(std::move(shape)), numel_(sinter::numel(shape_)) {
  size_t n = std::max<size_t>(64, (bytes() + 63) / 64 * 64);
  void* p = std::aligned_alloc(64, n);
  if (!p) throw std::bad_alloc();
  data_ = std::shared_ptr<void>(p, Free{});
}

Tensor Tensor::view(DType dtype, Shape shape, void* data) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.numel_ = sinter::numel(t.shape_);
  t.data_ = std::shared_ptr<void>(data, [](void*) {});
  return t;
}

double Tensor::get(int64_t i) const {
  switch (dtype_) {
    case DType::f32: return data<float>()[i];
    case DType::f64: return data<double>()[i];
    case DType::i32: return data<int32_t>()[i];
    case DType::i64: return static_cast<double>(data<int64_t>()[i]);
  }
  return 0;
}

void Tensor::set(int64_t i, double v) {
  switch (dtype_) {
    case DType::f32: data<float>()[i] = static_cast<float>(v); break;
    case DType::f64: data<double>()[i] = v; break;
    case DType::i32: data<int32_t>()[i] = static_cast<int32_t>(v); break;
    case DType::i64: data<int64_t>()[i] = static_cast<int64_t>(v); break;
  }
}

Tensor Tensor::cast(DType to) const {
  if (to == dtype_) return clone();
  Tensor out(to, shape_);
  if (dtype_ == DType::i64 && to == DType::i32) {
    for (int64_t i = 0; i < numel_; ++i) out.data<int32_t>()[i] = static_cast<int32_t>(data<int64_t>()[i]);
  } else if (dtype_ == DType::i32 && to == DType::i64) {
    for (int64_t i = 0; i < numel_; ++i) out.data<int64_t>()[i] = data<int32_t>()[i];
  } else {
    for (int64_t i = 0; i < numel_; ++i) out.set(i, get(i));
  }
  return out;
}

Tensor Tensor::clone() const {
  Tensor out(dtype_, shape_, Uninitialized{});
  if (numel_) std::memcpy(out.raw(), raw(), bytes());
  return out;
}

void Tensor::assign(const Tensor& src) {
  // Own memory only (a view's belongs to someone else), held by no one else.
  if (data_ && data_.use_count() == 1 && std::get_deleter<Free>(data_) && dtype_ == src.dtype_ && shape_ == src.shape_) {
    if (numel_ && raw() != src.raw()) std::memcpy(raw(), src.raw(), bytes());
    return;
  }
  *this = src.clone();
}

Tensor Tensor::reshaped(Shape shape) const {
  if (sinter::numel(shape) != numel_)
    throw InternalError("reshape of " + shapeStr(shape_) + " to " + shapeStr(shape) + " changes the element count");
  Tensor out = *this;  // shares storage
  out.shape_ = std::move(shape);
  return out;
}

double maxRelDiff(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return INFINITY;
  double worst = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.get(i), y = b.get(i);
    double d = std::fabs(x - y) / std::max(1.0, std::fabs(y));
    if (std::isnan(d)) return INFINITY;
    worst = std::max(worst, d);
  }
  return worst;
}

}  // namespace sinter
