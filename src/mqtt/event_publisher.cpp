#include "mqtt/event_publisher.h"

#include <spdlog/spdlog.h>

#include "common/uuid.h"
#include "mqtt/event_payloads.h"

namespace fleetjobs::mqtt {
namespace {

constexpr int kEventQos = 1;

}  // namespace

EventPublisher::~EventPublisher() { Stop(); }

void EventPublisher::OnCommitted(const ChangeSet& changes) {
  std::deque<Pending> found;
  for (const JobRecordChange& c : changes.jobs) {
    if (c.from == c.to || c.job == nullptr) continue;
    auto add = [&](std::string_view operation) {
      Pending p;
      p.job_event = true;
      p.operation = std::string(operation);
      p.job = c.job;
      found.push_back(std::move(p));
    };
    if (!c.to) {
      add("deletion_in_progress");
      add("deleted");
    } else if (*c.to == JobStatus::kCompleted) {
      add("completed");
    } else if (*c.to == JobStatus::kCanceled) {
      add("cancellation_in_progress");
      add("canceled");
    }
  }
  for (const ExecutionRecordChange& c : changes.executions) {
    std::string_view operation;
    if (!c.to) {
      operation = "deleted";
    } else if (c.from != c.to) {
      operation = ExecutionEventOperation(*c.to);
    }
    if (operation.empty()) continue;
    Pending p;
    p.operation = std::string(operation);
    p.job_id = c.job_id;
    p.thing_name = c.thing_name;
    p.status_details = c.status_details;
    found.push_back(std::move(p));
  }
  if (found.empty()) return;
  {
    std::lock_guard lock(mu_);
    for (Pending& p : found) queue_.push_back(std::move(p));
  }
  cv_.notify_one();
}

void EventPublisher::Start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { Run(); });
}

void EventPublisher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void EventPublisher::ProcessPending() {
  std::deque<Pending> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  Publish(batch);
}

void EventPublisher::Run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      batch.swap(queue_);
    }
    Publish(batch);
  }
}

void EventPublisher::Publish(std::deque<Pending>& batch) {
  if (batch.empty()) return;
  auto config = account_.DescribeEventConfigurations();
  if (!config.ok()) {
    spdlog::warn("mqtt events: cannot read the event configuration: {}", config.error().message);
    return;
  }
  const bool jobs = (*config)["JOB"];
  const bool executions = (*config)["JOB_EXECUTION"];
  if (!jobs && !executions) return;
  const Timestamp now = clock_.Now();
  for (const Pending& p : batch) {
    if (p.job_event && jobs) {
      publisher_.Publish(JobEventTopic(p.job->job_id, p.operation),
                         EncodeJobEvent(*p.job, p.operation, NewUuid(), now), kEventQos);
    } else if (!p.job_event && executions) {
      publisher_.Publish(ExecutionEventTopic(p.job_id, p.operation),
                         EncodeExecutionEvent(p.job_id, arns_.Thing(p.thing_name), p.operation,
                                              p.status_details, NewUuid(), now),
                         kEventQos);
    }
  }
}

}  // namespace fleetjobs::mqtt
