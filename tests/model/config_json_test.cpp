#include "model/config_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::config_json {
namespace {

namespace json = boost::json;

TEST(ConfigJsonTest, RolloutRoundTripKeepsOnlyGivenMembers) {
  auto v =
      json::parse(R"({"maximumPerMinute":10,"exponentialRate":{"baseRatePerMinute":2,"incrementFactor":1.5,)"
                  R"("rateIncreaseCriteria":{"numberOfNotifiedThings":5}}})");
  auto c = DecodeRolloutConfig(v, "jobExecutionsRolloutConfig");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(*c->maximum_per_minute, 10);
  EXPECT_EQ(c->exponential_rate->base_rate_per_minute, 2);
  EXPECT_DOUBLE_EQ(c->exponential_rate->increment_factor, 1.5);
  EXPECT_FALSE(c->exponential_rate->rate_increase_criteria.number_of_succeeded_things.has_value());
  EXPECT_EQ(Encode(*c), v);
}

TEST(ConfigJsonTest, AbortRoundTrip) {
  auto v =
      json::parse(R"({"criteriaList":[{"failureType":"ALL","action":"CANCEL","thresholdPercentage":50.25,)"
                  R"("minNumberOfExecutedThings":3}]})");
  auto c = DecodeAbortConfig(v, "abortConfig");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->criteria_list.size(), 1u);
  EXPECT_EQ(c->criteria_list[0].failure_type, FailureType::kAll);
  EXPECT_EQ(Encode(*c), v);
}

TEST(ConfigJsonTest, RetryTimeoutPresignedSchedulingRoundTrip) {
  auto retry = json::parse(R"({"criteriaList":[{"failureType":"TIMED_OUT","numberOfRetries":2}]})");
  EXPECT_EQ(Encode(*DecodeRetryConfig(retry, "r")), retry);
  auto timeout = json::parse(R"({"inProgressTimeoutInMinutes":30})");
  EXPECT_EQ(Encode(*DecodeTimeoutConfig(timeout, "t")), timeout);
  auto empty_timeout = json::parse(R"({})");
  EXPECT_EQ(Encode(*DecodeTimeoutConfig(empty_timeout, "t")), empty_timeout);
  auto presigned = json::parse(R"({"roleArn":"arn:aws:iam::123456789012:role/r","expiresInSec":600})");
  EXPECT_EQ(Encode(*DecodePresignedUrlConfig(presigned, "p")), presigned);
  auto sched = json::parse(
      R"x({"startTime":"2027-01-01T10:00","endTime":"2027-01-02T10:00","endBehavior":"FORCE_CANCEL",)x"
      R"x("maintenanceWindows":[{"startTime":"cron(0 0 * * ? *)","durationInMinutes":60}]})x");
  auto s = DecodeSchedulingConfig(sched, "schedulingConfig");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->end_behavior, EndBehavior::kForceCancel);
  EXPECT_EQ(Encode(*s), sched);
}

TEST(ConfigJsonTest, IntegralDoubleIsAcceptedAsInteger) {
  auto c = DecodeTimeoutConfig(json::parse(R"({"inProgressTimeoutInMinutes":30.0})"), "timeoutConfig");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c->in_progress_timeout_in_minutes, 30);
}

struct BadCase {
  const char* text;
  const char* expected_message;
};

TEST(ConfigJsonTest, TypeErrorsNameTheField) {
  const BadCase cases[] = {
      {R"({"inProgressTimeoutInMinutes":"30"})",
       "timeoutConfig.inProgressTimeoutInMinutes must be an integer"},
      {R"({"inProgressTimeoutInMinutes":1.5})",
       "timeoutConfig.inProgressTimeoutInMinutes must be an integer"},
      {R"([])", "timeoutConfig must be an object"},
  };
  for (const auto& c : cases) {
    auto r = DecodeTimeoutConfig(json::parse(c.text), "timeoutConfig");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(r.error().message, c.expected_message);
  }
  auto abort = DecodeAbortConfig(
      json::parse(R"({"criteriaList":[{"failureType":"NOPE","action":"CANCEL","thresholdPercentage":1,)"
                  R"("minNumberOfExecutedThings":1}]})"),
      "abortConfig");
  ASSERT_FALSE(abort.ok());
  EXPECT_NE(abort.error().message.find("abortConfig.criteriaList[0].failureType"), std::string::npos);
  auto missing = DecodeAbortConfig(json::parse(R"({})"), "abortConfig");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "abortConfig.criteriaList is required");
  auto action = DecodeAbortConfig(
      json::parse(R"({"criteriaList":[{"failureType":"FAILED","action":"STOP","thresholdPercentage":1,)"
                  R"("minNumberOfExecutedThings":1}]})"),
      "abortConfig");
  ASSERT_FALSE(action.ok());
  EXPECT_EQ(action.error().message, "abortConfig.criteriaList[0].action must be CANCEL");
  auto rate =
      DecodeRolloutConfig(json::parse(R"({"exponentialRate":{"baseRatePerMinute":1,"incrementFactor":2}})"),
                          "jobExecutionsRolloutConfig");
  ASSERT_FALSE(rate.ok());
  EXPECT_EQ(rate.error().message,
            "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria is required");
}

}  // namespace
}  // namespace fleetjobs::config_json
