#include "mqtt/request_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <vector>

namespace fleetjobs::mqtt {
namespace {

TEST(RequestPoolTest, RunsTasksOfOneKeyInOrder) {
  RequestPool pool(3, 1000);
  std::mutex mu;
  std::vector<int> order;
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(pool.TrySubmit(7,
                             [&, i] {
                               std::lock_guard lock(mu);
                               order.push_back(i);
                             }),
              RequestPool::Submit::kAccepted);
  }
  pool.Stop();  // drains
  ASSERT_EQ(order.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(order[i], i);
}

TEST(RequestPoolTest, FullQueueAndStop) {
  RequestPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> running;
  ASSERT_EQ(pool.TrySubmit(0,
                           [&] {
                             running.set_value();
                             gate.wait();
                           }),
            RequestPool::Submit::kAccepted);
  running.get_future().wait();  // the worker holds the first task; the queue is empty again
  std::atomic<int> ran{0};
  EXPECT_EQ(pool.TrySubmit(0, [&] { ran++; }), RequestPool::Submit::kAccepted);
  EXPECT_EQ(pool.TrySubmit(0, [&] { ran++; }), RequestPool::Submit::kAccepted);
  EXPECT_EQ(pool.TrySubmit(0, [&] { ran++; }), RequestPool::Submit::kFull);
  release.set_value();
  pool.Stop();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_EQ(pool.TrySubmit(0, [] {}), RequestPool::Submit::kStopped);
}

}  // namespace
}  // namespace fleetjobs::mqtt
