// RequestPool: worker threads fed through bounded queues. The MQTT network thread submits each
// request here and returns at once; store transactions run on the workers.
//
// Each worker owns one queue; a task goes to the queue chosen by its key (the thing name's hash),
// so the requests of one thing run one at a time, in arrival order, while different things run in
// parallel. TrySubmit never blocks: when the chosen queue already holds `capacity / threads` tasks
// it returns kFull (the caller answers RequestThrottled); after Stop() it returns kStopped. Stop()
// lets the workers finish their queued tasks, then joins them. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace fleetjobs::mqtt {

class RequestPool {
 public:
  enum class Submit { kAccepted, kFull, kStopped };

  RequestPool(size_t threads, size_t capacity);
  ~RequestPool();

  RequestPool(const RequestPool&) = delete;
  RequestPool& operator=(const RequestPool&) = delete;

  Submit TrySubmit(size_t key, std::function<void()> task);
  void Stop();

 private:
  struct Shard {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::function<void()>> tasks;
    bool stopping = false;
    std::thread thread;
  };

  static void Run(Shard& shard);

  size_t per_shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace fleetjobs::mqtt
