// LatencyHistogram: a fixed-size log-linear histogram of latencies in microseconds, for the
// simulator's and the benchmarks' percentiles.
//
// Values below 128 µs have their own bucket; above, each power of two is split in 64 buckets, so a
// percentile is exact to within 1/64 (1.6 %) of its value. Count, sum and maximum are exact.
// Percentile(p) is the smallest bucket upper bound below or at which at least p % of the values
// lie (nearest-rank), capped by the maximum.
//
// Thread safety: Record and the readers may run concurrently (relaxed atomics; a reader may see a
// value counted but not yet in the maximum, which does not matter for a report).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace fleetjobs::sim {

class LatencyHistogram {
 public:
  static constexpr size_t kExactBelow = 128;
  static constexpr size_t kSubBuckets = 64;
  static constexpr size_t kBuckets = kExactBelow + (64 - 7) * kSubBuckets;

  void Record(uint64_t micros);
  // Adds every value of `other` (a consistent copy is not needed: reporting only).
  void Merge(const LatencyHistogram& other);

  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  uint64_t Max() const { return max_.load(std::memory_order_relaxed); }
  double Mean() const;
  // p in [0, 100]; 0 when empty.
  uint64_t Percentile(double p) const;

  // Bucket arithmetic, exposed for tests.
  static size_t BucketOf(uint64_t micros);
  static uint64_t UpperBound(size_t bucket);

 private:
  std::array<std::atomic<uint64_t>, kBuckets> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_{0};
  std::atomic<uint64_t> max_{0};
};

}  // namespace fleetjobs::sim
