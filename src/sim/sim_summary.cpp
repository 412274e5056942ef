#include "sim/sim_summary.h"

#include <boost/json.hpp>
#include <cstdio>

namespace fleetjobs::sim {

OperationStats StatsOf(std::string name, const LatencyHistogram& h, uint64_t errors, double seconds) {
  OperationStats s;
  s.name = std::move(name);
  s.count = h.Count();
  s.errors = errors;
  s.per_second = seconds > 0 ? static_cast<double>(s.count) / seconds : 0;
  s.p50_ms = static_cast<double>(h.Percentile(50)) / 1000.0;
  s.p99_ms = static_cast<double>(h.Percentile(99)) / 1000.0;
  s.max_ms = static_cast<double>(h.Max()) / 1000.0;
  return s;
}

std::string FormatSummary(const SimSummary& s) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof(line), "%-30s %10s %8s %10s %9s %9s %9s\n", "operation", "requests", "errors",
                "req/s", "p50 ms", "p99 ms", "max ms");
  out += line;
  for (const OperationStats& o : s.operations) {
    std::snprintf(line, sizeof(line), "%-30s %10llu %8llu %10.1f %9.2f %9.2f %9.2f\n", o.name.c_str(),
                  static_cast<unsigned long long>(o.count), static_cast<unsigned long long>(o.errors),
                  o.per_second, o.p50_ms, o.p99_ms, o.max_ms);
    out += line;
  }
  std::snprintf(
      line, sizeof(line),
      "%zu devices, %.2f s%s; executions SUCCEEDED %lld, FAILED %lld, REJECTED %lld, abandoned %lld\n",
      s.devices, s.seconds, s.interrupted ? " (stopped before idle)" : "",
      static_cast<long long>(s.finished[static_cast<int>(UpdateStatus::kSucceeded)]),
      static_cast<long long>(s.finished[static_cast<int>(UpdateStatus::kFailed)]),
      static_cast<long long>(s.finished[static_cast<int>(UpdateStatus::kRejected)]),
      static_cast<long long>(s.abandoned));
  out += line;
  return out;
}

std::string SummaryJson(const SimSummary& s) {
  boost::json::object o;
  o["devices"] = s.devices;
  o["seconds"] = s.seconds;
  o["interrupted"] = s.interrupted;
  boost::json::object ops;
  for (const OperationStats& op : s.operations) {
    ops[op.name] =
        boost::json::object{{"requests", op.count}, {"errors", op.errors}, {"per_second", op.per_second},
                            {"p50_ms", op.p50_ms},  {"p99_ms", op.p99_ms}, {"max_ms", op.max_ms}};
  }
  o["operations"] = std::move(ops);
  boost::json::object finished;
  for (UpdateStatus st : {UpdateStatus::kSucceeded, UpdateStatus::kFailed, UpdateStatus::kRejected}) {
    finished[UpdateStatusName(st)] = s.finished[static_cast<int>(st)];
  }
  o["finished"] = std::move(finished);
  o["abandoned"] = s.abandoned;
  return boost::json::serialize(o);
}

}  // namespace fleetjobs::sim
