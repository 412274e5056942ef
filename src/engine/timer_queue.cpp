#include "engine/timer_queue.h"

namespace fleetjobs {

void TimerQueue::Set(const TimerKey& key, std::optional<Timestamp> due) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = due_by_key_.find(key);
  if (it != due_by_key_.end()) {
    if (due && it->second == *due) return;
    by_due_.erase({it->second, key});
    if (!due) {
      due_by_key_.erase(it);
      return;
    }
    it->second = *due;
  } else {
    if (!due) return;
    due_by_key_.emplace(key, *due);
  }
  by_due_.emplace(*due, key);
}

std::optional<Timestamp> TimerQueue::NextDue() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (by_due_.empty()) return std::nullopt;
  return by_due_.begin()->first;
}

std::optional<std::pair<Timestamp, TimerKey>> TimerQueue::PopDue(Timestamp now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (by_due_.empty() || by_due_.begin()->first > now) return std::nullopt;
  auto node = by_due_.extract(by_due_.begin());
  due_by_key_.erase(node.value().second);
  return std::move(node.value());
}

size_t TimerQueue::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_due_.size();
}

}  // namespace fleetjobs
