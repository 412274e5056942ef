// SimSummary: the figures of one simulator (or benchmark) run and their two renderings, a text
// table for people and JSON for scripts (bench/run reads it). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/device_loop.h"
#include "sim/latency_histogram.h"

namespace fleetjobs::sim {

struct OperationStats {
  std::string name;
  uint64_t count = 0;   // answered requests (any status)
  uint64_t errors = 0;  // non-2xx answers and transport failures
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct SimSummary {
  size_t devices = 0;
  double seconds = 0;
  std::vector<OperationStats> operations;     // one per Operation, then "all"
  int64_t finished[kUpdateStatusCount] = {};  // executions ended per final status (index by UpdateStatus)
  int64_t abandoned = 0;
  bool interrupted = false;  // stopped by the duration or a timeout rather than going idle
};

// Stats of one operation from its histogram; `errors` counted separately by the caller.
OperationStats StatsOf(std::string name, const LatencyHistogram& h, uint64_t errors, double seconds);

std::string FormatSummary(const SimSummary& s);
std::string SummaryJson(const SimSummary& s);

}  // namespace fleetjobs::sim
