// EventPublisher: publishes job and job-execution events on `$aws/events/...` (QoS 1, digest
// §4.3) after the engine commits, when UpdateEventConfigurations has enabled the type (JOB,
// JOB_EXECUTION; both off by default, as in AWS).
//
// What fires: a job becoming COMPLETED (`completed`); CANCELED (`cancellation_in_progress` then
// `canceled`: our cancel is one transaction, so both are sent together); deleted
// (`deletion_in_progress` then `deleted`). An execution becoming SUCCEEDED, FAILED, REJECTED,
// CANCELED, TIMED_OUT or REMOVED, and a pending execution deleted with its job or by
// DeleteJobExecution (`deleted`). The payloads use the job row and statusDetails the ChangeSet
// carries, so a deleted job is still described.
//
// Threads: OnCommitted (committing thread) only queues; one worker thread reads the event
// configuration once per batch (a store read, so a change applies to the events committed after
// it) and publishes. Thread-safe; the account service, ARN format, clock and publisher must outlive
// it.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "engine/account_service.h"
#include "engine/change_set.h"
#include "model/arn_format.h"
#include "mqtt/mqtt_publisher.h"

namespace fleetjobs::mqtt {

class EventPublisher final : public ChangeListener {
 public:
  EventPublisher(AccountService& account, const ArnFormat& arns, const Clock& clock, MqttPublisher& publisher)
      : account_(account), arns_(arns), clock_(clock), publisher_(publisher) {}
  ~EventPublisher() override;

  void OnCommitted(const ChangeSet& changes) override;

  void Start();
  // Stops and joins the worker; queued events are dropped.
  void Stop();
  // Publishes everything queued on the calling thread (tests; REQUIRES: not started).
  void ProcessPending();

 private:
  struct Pending {
    bool job_event = false;
    std::string operation;
    std::shared_ptr<const Job> job;  // job events
    std::string job_id;              // execution events
    std::string thing_name;
    StatusDetails status_details;
  };

  void Run();
  void Publish(std::deque<Pending>& batch);

  AccountService& account_;
  const ArnFormat& arns_;
  const Clock& clock_;
  MqttPublisher& publisher_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace fleetjobs::mqtt
