// `fleetjobs simulate`: the command around Simulator (docs/simulate.md). Loads the credentials,
// finds the devices (--things PREFIX with --devices N, or the things of --thing-group through
// ListThingsInThingGroup), runs the simulation with a progress line on stderr and prints the
// summary table to stdout (and JSON to --json FILE).
#pragma once

#include <cstdint>
#include <string>

#include "sim/device_loop.h"

namespace fleetjobs::sim {

struct SimulateFlags {
  std::string endpoint = "http://127.0.0.1:8080";
  std::string credentials;  // a server credentials file; its first admin key signs
  std::string region = "us-east-1";
  std::string things_prefix;  // devices PREFIX0 .. PREFIX{N-1}
  std::string thing_group;    // or the things of this group (recursive)
  size_t devices = 0;         // 0 with --thing-group: all of them
  size_t connections = 64;
  size_t threads = 1;
  DeviceBehavior behavior;
  int64_t delay_ms = 0;
  int64_t poll_ms = 1000;
  bool until_idle = false;
  double duration_s = 0;
  uint64_t seed = 1;
  std::string transport = "http";                // or "mqtt"
  std::string broker = "mqtt://127.0.0.1:1883";  // --transport mqtt: the broker the server uses
  bool wake_on_notify = false;                   // mqtt: idle devices wait for notify-next
  int qos = 1;                                   // mqtt: QoS of the requests
  std::string json_path;
};

// The process exit code: 0 ran (even with request errors: they are in the summary), 2 cannot run.
int RunSimulate(const SimulateFlags& flags);

}  // namespace fleetjobs::sim
