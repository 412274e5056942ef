// RequestPool: a fixed set of worker threads fed through a bounded queue. The MQTT network thread
// submits each request here and returns at once; store transactions run on the workers.
//
// TrySubmit never blocks: when `capacity` tasks are already waiting it returns kFull (the caller
// answers RequestThrottled), after Stop() it returns kStopped. Stop() lets the workers finish the
// queued tasks, then joins them. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
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

  Submit TrySubmit(std::function<void()> task);
  void Stop();

 private:
  void Run();

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace fleetjobs::mqtt
