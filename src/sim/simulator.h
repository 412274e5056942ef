// Simulator: N virtual devices running the device loop (sim/device_loop.h) against a fleetjobs
// (or AWS IoT Jobs) data plane over HTTP, many devices per keep-alive connection.
//
// Device i uses connection i % connections; a connection carries one request at a time, so
// `connections` bounds the concurrency the server sees. Each request is SigV4-signed when it is
// sent (the thing's own key when the credentials have one, else the admin key). A device waits
// `step_delay` between its steps; an idle device either stays idle (until_idle: the run ends when
// every device is idle) or polls again after `poll_interval` until `duration` has passed.
//
// Run() blocks the calling thread (which draws the progress) until the run ends. Not thread-safe;
// one Run per Simulator.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "auth/sigv4_signer.h"
#include "http/http_client.h"
#include "sim/device_loop.h"
#include "sim/sim_summary.h"

namespace fleetjobs::sim {

struct SimulatorOptions {
  std::vector<std::string> things;  // one device per thing
  DeviceBehavior behavior;
  std::chrono::milliseconds step_delay{0};
  std::chrono::milliseconds poll_interval{1000};
  bool until_idle = true;
  std::chrono::milliseconds duration{0};  // 0 = no limit (until_idle must be set)
  uint64_t seed = 1;
};

// Live figures for the progress line.
struct SimProgress {
  size_t devices = 0;
  size_t idle = 0;
  uint64_t requests = 0;
  int64_t finished = 0;  // executions brought to a final status
  double seconds = 0;
};

class Simulator {
 public:
  // `client`, `admin` and `thing_signers` are borrowed and must outlive Run().
  Simulator(SimulatorOptions options, http::HttpClient& client, const auth::SigV4Signer& admin,
            std::map<std::string, const auth::SigV4Signer*> thing_signers = {});
  ~Simulator();

  // `progress` is called on the calling thread about every 100 ms.
  SimSummary Run(const std::function<void(const SimProgress&)>& progress);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetjobs::sim
