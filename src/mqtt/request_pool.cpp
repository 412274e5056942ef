#include "mqtt/request_pool.h"

namespace fleetjobs::mqtt {

RequestPool::RequestPool(size_t threads, size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

RequestPool::~RequestPool() { Stop(); }

RequestPool::Submit RequestPool::TrySubmit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Submit::kStopped;
    if (tasks_.size() >= capacity_) return Submit::kFull;
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
  return Submit::kAccepted;
}

void RequestPool::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void RequestPool::Run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace fleetjobs::mqtt
