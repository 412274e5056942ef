#include "sim/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fleetjobs::sim {

size_t LatencyHistogram::BucketOf(uint64_t v) {
  if (v < kExactBelow) return static_cast<size_t>(v);
  const int msb = 63 - std::countl_zero(v);  // >= 7
  const int shift = msb - 6;                 // keeps the top 7 bits: 64..127
  const uint64_t top = v >> shift;
  return kExactBelow + static_cast<size_t>(msb - 7) * kSubBuckets + static_cast<size_t>(top - kSubBuckets);
}

uint64_t LatencyHistogram::UpperBound(size_t bucket) {
  if (bucket < kExactBelow) return bucket;
  const size_t rel = bucket - kExactBelow;
  const int msb = static_cast<int>(rel / kSubBuckets) + 7;
  const int shift = msb - 6;
  const uint64_t top = kSubBuckets + rel % kSubBuckets;
  return ((top + 1) << shift) - 1;
}

void LatencyHistogram::Record(uint64_t micros) {
  buckets_[BucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(micros, std::memory_order_relaxed);
  uint64_t cur = max_.load(std::memory_order_relaxed);
  while (micros > cur && !max_.compare_exchange_weak(cur, micros, std::memory_order_relaxed)) {
  }
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < kBuckets; ++i) {
    buckets_[i].fetch_add(other.buckets_[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  count_.fetch_add(other.Count(), std::memory_order_relaxed);
  sum_.fetch_add(other.sum_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  uint64_t m = other.Max();
  uint64_t cur = max_.load(std::memory_order_relaxed);
  while (m > cur && !max_.compare_exchange_weak(cur, m, std::memory_order_relaxed)) {
  }
}

double LatencyHistogram::Mean() const {
  const uint64_t n = Count();
  return n == 0 ? 0.0 : static_cast<double>(sum_.load(std::memory_order_relaxed)) / static_cast<double>(n);
}

uint64_t LatencyHistogram::Percentile(double p) const {
  const uint64_t n = Count();
  if (n == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  // Nearest rank: the value at rank ceil(p/100 * n), at least 1.
  const auto rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(n))));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i].load(std::memory_order_relaxed);
    if (seen >= rank) return std::min(UpperBound(i), Max());
  }
  return Max();
}

}  // namespace fleetjobs::sim
