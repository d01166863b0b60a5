// numpy_rng.h — NumPy's legacy generator (np.random.seed / rand / randn), bit for bit.
//
// The attention-basics material draws its data with np.random.seed(42); reproducing NumPy's
// MT19937, its 53-bit doubles and its polar Box-Muller (with the cached second value) lets sinter
// use exactly the material's keys, values and queries.
#pragma once

#include <cmath>
#include <cstdint>

namespace sinter {

class NumpyLegacyRng {
 public:
  explicit NumpyLegacyRng(uint32_t seed) {  // init_genrand, as RandomState.seed(int)
    mt_[0] = seed;
    for (int i = 1; i < 624; ++i) mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    index_ = 624;
  }

  uint32_t next32() {
    if (index_ >= 624) twist();
    uint32_t y = mt_[index_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }

  double rand() {  // np.random.rand: [0, 1) from 53 bits
    uint32_t a = next32() >> 5, b = next32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  double randn() {  // np.random.randn: polar Box-Muller, second value cached
    if (hasGauss_) {
      hasGauss_ = false;
      return gauss_;
    }
    double x1, x2, r2;
    do {
      x1 = 2.0 * rand() - 1.0;
      x2 = 2.0 * rand() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = std::sqrt(-2.0 * std::log(r2) / r2);
    gauss_ = f * x1;
    hasGauss_ = true;
    return f * x2;
  }

 private:
  void twist() {
    for (int i = 0; i < 624; ++i) {
      uint32_t y = (mt_[i] & 0x80000000u) | (mt_[(i + 1) % 624] & 0x7fffffffu);
      mt_[i] = mt_[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 ? 0x9908b0dfu : 0u);
    }
    index_ = 0;
  }

  uint32_t mt_[624];
  int index_;
  bool hasGauss_ = false;
  double gauss_ = 0;
};

}  // namespace sinter
