// rng.h — sinter's one source of randomness.
//
// Policy: every random quantity is a pure function of (seed, a stream name or id, a counter).
// Parameter initialisation uses a generator seeded from (seed, parameter name); dropout masks are
// counter-based (seed, step, the node's mask stream, element index), so any backend can reproduce
// them exactly without sharing generator state. Same spec + same seed => bitwise-identical runs.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace sinter {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline uint64_t hashString(const std::string& s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Uniform double in [0, 1) from 53 random bits.
inline double unitFromBits(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// Counter-based uniform bits: a pure function of (seed, step, stream) — hashed once into a key
// per node and step — and the element index, one splitmix64 per element (compiled kernels
// compute the same bits: compiler/loops/lower.cpp's dropout).
inline uint64_t counterKey(uint64_t seed, uint64_t step, uint64_t stream) { return splitmix64(seed ^ splitmix64(step ^ splitmix64(stream))); }
inline uint64_t counterBits(uint64_t key, uint64_t index) { return splitmix64(key ^ index); }

// Counter-based uniform in [0, 1).
inline double counterUniform(uint64_t seed, uint64_t step, uint64_t stream, uint64_t index) {
  return unitFromBits(counterBits(counterKey(seed, step, stream), index));
}

// A sequential generator (xoshiro256**), for initialisation and data generation.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x++);
  }
  Rng(uint64_t seed, const std::string& stream) : Rng(seed ^ hashString(stream)) {}

  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3], s_[2] ^= t, s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return unitFromBits(next()); }                       // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int64_t integer(int64_t n) { return static_cast<int64_t>(uniform() * static_cast<double>(n)); }  // [0, n)
  double normal() {  // Box-Muller, one value per call (deterministic, no cached state)
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace sinter
