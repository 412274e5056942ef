#include "mqtt/mqtt_notifier.h"

#include <spdlog/spdlog.h>

#include "mqtt/jobs_payloads.h"
#include "mqtt/jobs_topic.h"

namespace fleetjobs::mqtt {
namespace {

constexpr int kNotifyQos = 1;

bool Pending(const std::optional<ExecutionStatus>& s) { return s.has_value() && IsPending(*s); }

}  // namespace

MqttNotifier::~MqttNotifier() { Stop(); }

void MqttNotifier::OnCommitted(const ChangeSet& changes) {
  bool added = false;
  {
    std::lock_guard lock(mu_);
    for (const ExecutionRecordChange& c : changes.executions) {
      const bool set_changed = Pending(c.from) != Pending(c.to);
      const bool started = c.from == ExecutionStatus::kQueued && c.to == ExecutionStatus::kInProgress;
      if (!set_changed && !started) continue;
      auto [it, inserted] = queued_.try_emplace(c.thing_name);
      if (inserted) order_.push_back(c.thing_name);
      it->second.set_changed = it->second.set_changed || set_changed;
      added = added || inserted;
    }
  }
  if (added) cv_.notify_one();
}

void MqttNotifier::Start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { Run(); });
}

void MqttNotifier::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool MqttNotifier::TakeNext(std::string* thing, Hints* hints) {
  if (order_.empty()) return false;
  *thing = std::move(order_.front());
  order_.pop_front();
  auto it = queued_.find(*thing);
  *hints = it->second;
  queued_.erase(it);
  return true;
}

void MqttNotifier::ProcessPending() {
  for (;;) {
    std::string thing;
    Hints hints;
    {
      std::lock_guard lock(mu_);
      if (!TakeNext(&thing, &hints)) return;
    }
    Process(thing, hints);
  }
}

void MqttNotifier::Run() {
  for (;;) {
    std::string thing;
    Hints hints;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !order_.empty(); });
      if (stopping_) return;
      TakeNext(&thing, &hints);
    }
    Process(thing, hints);
  }
}

void MqttNotifier::Process(const std::string& thing, const Hints& hints) {
  auto pending = devices_.GetPendingJobExecutions(thing);
  if (!pending.ok()) {
    spdlog::warn("mqtt notify: cannot read the pending executions of {}: {}", thing, pending.error().message);
    return;
  }
  const Timestamp now = clock_.Now();
  if (hints.set_changed) publisher_.Publish(NotifyTopic(thing), EncodeNotify(*pending, now), kNotifyQos);

  std::optional<Head> head;
  const JobExecution* first = nullptr;
  if (!pending->in_progress.empty()) {
    first = &pending->in_progress.front();
  } else if (!pending->queued.empty()) {
    first = &pending->queued.front();
  }
  if (first != nullptr) head = Head{first->job_id, first->execution_number};

  auto known = heads_.find(thing);
  const bool changed = known != heads_.end() ? known->second != head : hints.set_changed;
  if (known != heads_.end()) {
    known->second = head;
  } else {
    // Bounded memory: forget every head at the limit (the next change of each thing then counts
    // as a change of its head).
    if (heads_.size() >= head_memory_limit_) heads_.clear();
    heads_.emplace(thing, head);
  }
  if (!changed) return;

  std::optional<ExecutionView> next;
  if (head) {
    auto view = devices_.DescribeJobExecution(thing, head->job_id, head->execution_number, true);
    if (!view.ok()) {
      // Gone since the list was read: that change queued this thing again.
      spdlog::debug("mqtt notify-next: {} of {}: {}", head->job_id, thing, view.error().message);
      return;
    }
    next = std::move(*view);
  }
  publisher_.Publish(NotifyNextTopic(thing), EncodeNotifyNext(next, now), kNotifyQos);
}

}  // namespace fleetjobs::mqtt
