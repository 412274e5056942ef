// `fleetjobs mqtt-bench`: the load tool of benchmark B5 (bench/run), over MqttEventLoop.
//
//   rate    open-loop requests at a fixed offered rate: request k is due at t0 + k/rate on device
//           k % devices, and its latency runs from that due time (not from the actual send) to the
//           arrival of the reply carrying its clientToken, so a tool or server that falls behind
//           shows in the figures (no coordinated omission). --op describe ({jobId}/get), update
//           ({jobId}/update IN_PROGRESS) or loopback (a topic the device itself subscribes to: the
//           broker's round trip without fleetjobs, the baseline).
//   fanout  devices PREFIX{first} .. PREFIX{first+N-1}, each its own connection subscribed to its
//           notify and notify-next topics; prints "ready", then takes the start time from a line
//           "go <epoch ns>" on stdin (the moment the caller sent CreateJob, or told `publish` to
//           go) and reports when the first and last message of each kind arrived and the
//           per-device percentiles (--raw: every arrival, to merge several processes: libmosquitto
//           holds three descriptors per client, so 10,000 devices need more than one process
//           under a 20,000 descriptor limit).
//   publish one connection; prints "ready", and on "go <ns>" publishes one notify-sized message to
//           the notify topic of each device: the broker's fan-out without fleetjobs (baseline).
//
// Each prints one JSON object on stdout (and to --json FILE).
#pragma once

#include <cstddef>
#include <string>

namespace fleetjobs::sim {

struct MqttBenchFlags {
  std::string mode;  // rate | fanout | publish
  std::string broker = "mqtt://127.0.0.1:1883";
  std::string things_prefix;
  size_t devices = 100;
  // rate
  std::string op = "describe";
  std::string job_id;
  double rate = 1000;
  double duration_s = 5;
  int qos = 1;
  double drain_s = 5;
  // fanout, publish
  size_t first = 0;
  bool raw = false;
  bool notify_only = false;  // fanout: notify only (the publish baseline sends no notify-next)
  double timeout_s = 60;
  std::string json_path;
};

int RunMqttBench(const MqttBenchFlags& flags);

}  // namespace fleetjobs::sim
