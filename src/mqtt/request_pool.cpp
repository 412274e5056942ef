#include "mqtt/request_pool.h"

namespace fleetjobs::mqtt {

RequestPool::RequestPool(size_t threads, size_t capacity) {
  if (threads == 0) threads = 1;
  per_shard_capacity_ = capacity / threads == 0 ? 1 : capacity / threads;
  shards_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) shards_.push_back(std::make_unique<Shard>());
  for (auto& shard : shards_) {
    Shard* s = shard.get();
    s->thread = std::thread([s] { Run(*s); });
  }
}

RequestPool::~RequestPool() { Stop(); }

RequestPool::Submit RequestPool::TrySubmit(size_t key, std::function<void()> task) {
  Shard& shard = *shards_[key % shards_.size()];
  {
    std::lock_guard lock(shard.mu);
    if (shard.stopping) return Submit::kStopped;
    if (shard.tasks.size() >= per_shard_capacity_) return Submit::kFull;
    shard.tasks.push_back(std::move(task));
  }
  shard.cv.notify_one();
  return Submit::kAccepted;
}

void RequestPool::Stop() {
  for (auto& shard : shards_) {
    {
      std::lock_guard lock(shard->mu);
      shard->stopping = true;
    }
    shard->cv.notify_all();
  }
  for (auto& shard : shards_) {
    if (shard->thread.joinable()) shard->thread.join();
  }
}

void RequestPool::Run(Shard& shard) {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(shard.mu);
      shard.cv.wait(lock, [&shard] { return shard.stopping || !shard.tasks.empty(); });
      if (shard.tasks.empty()) return;  // stopping and drained
      task = std::move(shard.tasks.front());
      shard.tasks.pop_front();
    }
    task();
  }
}

}  // namespace fleetjobs::mqtt
