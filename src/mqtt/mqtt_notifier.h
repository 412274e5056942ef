// MqttNotifier: publishes `$aws/things/{t}/jobs/notify` and `.../notify-next` (QoS 1) after the
// engine commits a change to a thing's executions (digest §4.2, §5.13).
//
// Rules:
// * notify: when the thing's set of pending (QUEUED or IN_PROGRESS) executions gained or lost a
//   member in the transaction (queued, retried, became terminal, removed, deleted). The payload is
//   the pending list as GetPendingJobExecutions returns it at the time of sending.
// * notify-next: when the execution `$next` returns (its job and execution number) differs from
//   the one last published for the thing: a new head queued, a later execution started ahead of
//   it, the head finished (`{timestamp}` alone when nothing is left). Starting the head itself
//   does not change it. For a thing with no remembered head (first change since start-up, or the
//   memory of heads was reset at its size limit) it is published whenever the pending set changed.
//
// Threads: OnCommitted runs on the committing thread and only records which things changed
// (coalesced: many changes to one thing before the worker reaches it give one message of each
// kind). One worker thread (Start) reads the pending lists through DeviceService and publishes,
// so messages for one thing go out in order. Never runs a store transaction in OnCommitted.
// Thread-safe; DeviceService, clock and publisher must outlive it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "common/clock.h"
#include "engine/change_set.h"
#include "engine/device_service.h"
#include "mqtt/mqtt_publisher.h"

namespace fleetjobs::mqtt {

class MqttNotifier final : public ChangeListener {
 public:
  MqttNotifier(DeviceService& devices, const Clock& clock, MqttPublisher& publisher,
               size_t head_memory_limit = 100000)
      : devices_(devices), clock_(clock), publisher_(publisher), head_memory_limit_(head_memory_limit) {}
  ~MqttNotifier() override;

  void OnCommitted(const ChangeSet& changes) override;

  // Starts the worker thread. Without it, ProcessPending() does the work on the caller's thread.
  void Start();
  // Stops and joins the worker; things still queued are dropped.
  void Stop();
  // Publishes for every queued thing on the calling thread (tests; REQUIRES: not started).
  void ProcessPending();

 private:
  struct Hints {
    bool set_changed = false;  // the pending set gained or lost a member
  };
  struct Head {
    std::string job_id;
    int64_t execution_number = 0;
    bool operator==(const Head&) const = default;
  };

  void Run();
  // Takes the next queued thing; false when there is none.
  bool TakeNext(std::string* thing, Hints* hints);
  void Process(const std::string& thing, const Hints& hints);

  DeviceService& devices_;
  const Clock& clock_;
  MqttPublisher& publisher_;
  const size_t head_memory_limit_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Hints> queued_;
  std::deque<std::string> order_;
  bool stopping_ = false;
  std::thread worker_;

  // Worker-only: the head last published per thing (nullopt: nothing pending).
  std::unordered_map<std::string, std::optional<Head>> heads_;
};

}  // namespace fleetjobs::mqtt
