#include "engine/timer_queue.h"

#include <gtest/gtest.h>

namespace fleetjobs::testing {
namespace {

Timestamp T(int64_t s) { return FromEpochMillis(s * 1000); }

TEST(TimerQueueTest, PopsInDueOrderAndOnlyWhenDue) {
  TimerQueue q;
  q.Set(TimerKey::Job("b"), T(20));
  q.Set(TimerKey::Execution("a", "t1", 1), T(10));
  q.Set(TimerKey::Job("a"), T(10));
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.NextDue(), T(10));
  EXPECT_FALSE(q.PopDue(T(9)));
  auto first = q.PopDue(T(15));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->second, TimerKey::Job("a"));  // same due time: jobs before executions, then by key
  auto second = q.PopDue(T(15));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->second, TimerKey::Execution("a", "t1", 1));
  EXPECT_FALSE(q.PopDue(T(15)));
  EXPECT_EQ(q.PopDue(T(20))->second, TimerKey::Job("b"));
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.NextDue());
}

TEST(TimerQueueTest, SettingAgainMovesAndNulloptDisarms) {
  TimerQueue q;
  q.Set(TimerKey::Job("a"), T(10));
  q.Set(TimerKey::Job("a"), T(30));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_FALSE(q.PopDue(T(29)));
  q.Set(TimerKey::Job("a"), T(5));
  EXPECT_EQ(q.NextDue(), T(5));
  q.Set(TimerKey::Job("a"), std::nullopt);
  EXPECT_EQ(q.size(), 0u);
  q.Set(TimerKey::Job("never"), std::nullopt);
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueueTest, KeysDifferByEveryPart) {
  TimerQueue q;
  q.Set(TimerKey::Execution("j", "t", 1), T(1));
  q.Set(TimerKey::Execution("j", "t", 2), T(1));
  q.Set(TimerKey::Execution("j", "u", 1), T(1));
  q.Set(TimerKey::Job("j"), T(1));
  EXPECT_EQ(q.size(), 4u);
}

}  // namespace
}  // namespace fleetjobs::testing
