#include "engine/validation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "engine/schedule_time.h"

namespace fleetjobs::validation {
namespace {

using std::chrono::days;
using std::chrono::minutes;

void ExpectInvalid(const Status& st, const std::string& needle) {
  ASSERT_FALSE(st.ok()) << "expected an error mentioning " << needle;
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(st.error().message.find(needle), std::string::npos) << st.error().message;
}

TEST(ValidationTest, JobIdPatternAndLength) {
  EXPECT_TRUE(ValidateJobId("job_1-A").ok());
  EXPECT_TRUE(ValidateJobId(std::string(64, 'a')).ok());
  ExpectInvalid(ValidateJobId(std::string(65, 'a')), "length less than or equal to 64");
  ExpectInvalid(ValidateJobId(""), "length greater than or equal to 1");
  ExpectInvalid(ValidateJobId("a$b"), "regular expression pattern: [a-zA-Z0-9_-]+");
  ExpectInvalid(ValidateJobId("$next"), "'jobId'");
  ExpectInvalid(ValidateJobId("a:b"), "jobId");
  ExpectInvalid(ValidateTemplateId("t t"), "'jobTemplateId'");
}

TEST(ValidationTest, MessageFollowsAwsForm) {
  Status st = ValidateJobId("a$b");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "1 validation error detected: Value 'a$b' at 'jobId' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [a-zA-Z0-9_-]+");
}

TEST(ValidationTest, ThingAndGroupNames) {
  EXPECT_TRUE(ValidateThingName("thing:1_a-b").ok());
  ExpectInvalid(ValidateThingName(std::string(129, 'a')), "128");
  ExpectInvalid(ValidateThingName("a/b"), "thingName");
  EXPECT_TRUE(ValidateThingGroupId("abc-123").ok());
  ExpectInvalid(ValidateThingGroupId("abc_123"), "thingGroupId");
  EXPECT_TRUE(ValidateNamespaceId("aws-gg-deployment").ok());
  ExpectInvalid(ValidateNamespaceId("a b"), "namespaceId");
}

TEST(ValidationTest, DescriptionAndComment) {
  EXPECT_TRUE(ValidateDescription("Firmware update für Geräte ✓").ok());
  EXPECT_TRUE(ValidateDescription(std::string(2028, 'x')).ok());
  ExpectInvalid(ValidateDescription(std::string(2029, 'x')), "2028");
  ExpectInvalid(ValidateDescription("line1\nline2"), "[^\\p{C}]+");
  ExpectInvalid(ValidateDescription("tab\there"), "description");
  ExpectInvalid(ValidateDescription("zero\u200bwidth"), "description");  // Cf
  ExpectInvalid(ValidateDescription(""), "description");
  ExpectInvalid(ValidateDescription("\xff\xfe"), "UTF-8");
  ExpectInvalid(ValidateDescription("x\x01", "comment"), "'comment'");
  // 2028 code points of a 2-byte character are fine (lengths count characters, not bytes).
  std::string umlauts;
  for (int i = 0; i < 2028; ++i) umlauts += "ü";
  EXPECT_TRUE(ValidateDescription(umlauts).ok());
}

TEST(ValidationTest, ReasonCode) {
  EXPECT_TRUE(ValidateReasonCode("FIRMWARE_BUG_2").ok());
  ExpectInvalid(ValidateReasonCode("lower"), "reasonCode");
  ExpectInvalid(ValidateReasonCode(std::string(129, 'A')), "128");
}

TEST(ValidationTest, Document) {
  EXPECT_TRUE(ValidateDocument(R"({"a":1})").ok());
  ExpectInvalid(ValidateDocument("[1,2]"), "must be a JSON object");
  ExpectInvalid(ValidateDocument("\"text\""), "must be a JSON object");
  ExpectInvalid(ValidateDocument("{"), "not valid JSON");
  std::string big = R"({"k":")" + std::string(32768, 'x') + R"("})";
  ExpectInvalid(ValidateDocument(big), "32768");
  EXPECT_TRUE(ValidateDocumentSource("https://s3.amazonaws.com/bucket/key").ok());
  ExpectInvalid(ValidateDocumentSource(""), "documentSource");
  ExpectInvalid(ValidateDocumentSource(std::string(1351, 'a')), "1350");
}

TEST(ValidationTest, DocumentParametersAndArns) {
  EXPECT_TRUE(ValidateDocumentParameters({{"runAsUser", "root"}}).ok());
  ExpectInvalid(ValidateDocumentParameters({{"bad key", "v"}}), "documentParameters");
  ExpectInvalid(ValidateDocumentParameters({{"k", ""}}), "documentParameters.k");
  EXPECT_TRUE(ValidateArnString("arn:aws:iot:us-east-1:1:jobtemplate/t", "jobTemplateArn").ok());
  ExpectInvalid(ValidateArnString("nope", "jobTemplateArn"), "^arn:[!-~]+$");
  ExpectInvalid(ValidateArnString("arn:has space", "jobTemplateArn"), "jobTemplateArn");
  std::vector<std::string> many(26, "arn:aws:iot:us-east-1:1:package/p/versions/v");
  ExpectInvalid(ValidatePackageVersions(many), "destinationPackageVersions");
}

TEST(ValidationTest, PresignedUrlConfig) {
  PresignedUrlConfig c;
  c.role_arn = "arn:aws:iam::123456789012:role/S3";
  c.expires_in_sec = 3600;
  EXPECT_TRUE(ValidatePresignedUrlConfig(c).ok());
  c.expires_in_sec = 59;
  ExpectInvalid(ValidatePresignedUrlConfig(c), "presignedUrlConfig.expiresInSec");
  c.expires_in_sec = 3601;
  ExpectInvalid(ValidatePresignedUrlConfig(c), "3600");
  c.expires_in_sec = 60;
  c.role_arn = "arn:short";
  ExpectInvalid(ValidatePresignedUrlConfig(c), "presignedUrlConfig.roleArn");
}

TEST(ValidationTest, RolloutConfig) {
  RolloutConfig c;
  EXPECT_TRUE(ValidateRolloutConfig(c).ok());
  c.maximum_per_minute = 0;
  ExpectInvalid(ValidateRolloutConfig(c), "maximumPerMinute");
  c.maximum_per_minute = 5000;  // accepted; the rollout caps the rate at 1000/min
  EXPECT_TRUE(ValidateRolloutConfig(c).ok());

  ExponentialRolloutRate e;
  e.base_rate_per_minute = 50;
  e.increment_factor = 2.5;
  e.rate_increase_criteria.number_of_notified_things = 1000;
  c.exponential_rate = e;
  EXPECT_TRUE(ValidateRolloutConfig(c).ok()) << "maximumPerMinute and exponentialRate may be combined";

  c.exponential_rate->increment_factor = 1.15;
  ExpectInvalid(ValidateRolloutConfig(c), "one digit after the decimal point");
  c.exponential_rate->increment_factor = 1.0;
  ExpectInvalid(ValidateRolloutConfig(c), "incrementFactor");
  c.exponential_rate->increment_factor = 5.1;
  ExpectInvalid(ValidateRolloutConfig(c), "incrementFactor");
  c.exponential_rate->increment_factor = 5.0;
  EXPECT_TRUE(ValidateRolloutConfig(c).ok());
  c.exponential_rate->increment_factor = 1.1;
  EXPECT_TRUE(ValidateRolloutConfig(c).ok());

  c.exponential_rate->base_rate_per_minute = 1001;
  ExpectInvalid(ValidateRolloutConfig(c), "baseRatePerMinute");
  c.exponential_rate->base_rate_per_minute = 0;
  ExpectInvalid(ValidateRolloutConfig(c), "baseRatePerMinute");
  c.exponential_rate->base_rate_per_minute = 1;

  c.exponential_rate->rate_increase_criteria.number_of_succeeded_things = 5;
  ExpectInvalid(ValidateRolloutConfig(c), "exactly one");
  c.exponential_rate->rate_increase_criteria = {};
  ExpectInvalid(ValidateRolloutConfig(c), "exactly one");
  c.exponential_rate->rate_increase_criteria.number_of_succeeded_things = 0;
  ExpectInvalid(ValidateRolloutConfig(c), "numberOfSucceededThings");
}

TEST(ValidationTest, AbortConfig) {
  AbortConfig c;
  ExpectInvalid(ValidateAbortConfig(c), "abortConfig.criteriaList");
  AbortCriterion cr;
  cr.failure_type = FailureType::kRejected;
  cr.threshold_percentage = 12.34;
  cr.min_number_of_executed_things = 1;
  c.criteria_list.push_back(cr);
  EXPECT_TRUE(ValidateAbortConfig(c).ok());
  c.criteria_list[0].threshold_percentage = 100;
  EXPECT_TRUE(ValidateAbortConfig(c).ok());
  c.criteria_list[0].threshold_percentage = 100.01;
  ExpectInvalid(ValidateAbortConfig(c), "thresholdPercentage");
  c.criteria_list[0].threshold_percentage = 0;
  ExpectInvalid(ValidateAbortConfig(c), "greater than 0");
  c.criteria_list[0].threshold_percentage = 1.234;
  ExpectInvalid(ValidateAbortConfig(c), "two digits");
  c.criteria_list[0].threshold_percentage = 50;
  c.criteria_list[0].min_number_of_executed_things = 0;
  ExpectInvalid(ValidateAbortConfig(c), "criteriaList[0].minNumberOfExecutedThings");
}

TEST(ValidationTest, TimeoutAndStepTimeout) {
  TimeoutConfig t;
  EXPECT_TRUE(ValidateTimeoutConfig(t).ok());
  t.in_progress_timeout_in_minutes = 10080;
  EXPECT_TRUE(ValidateTimeoutConfig(t).ok());
  t.in_progress_timeout_in_minutes = 0;
  ExpectInvalid(ValidateTimeoutConfig(t), "inProgressTimeoutInMinutes");
  t.in_progress_timeout_in_minutes = 10081;
  ExpectInvalid(ValidateTimeoutConfig(t), "10080");
  EXPECT_TRUE(ValidateStepTimeout(-1).ok());
  EXPECT_TRUE(ValidateStepTimeout(1).ok());
  EXPECT_TRUE(ValidateStepTimeout(10080).ok());
  ExpectInvalid(ValidateStepTimeout(0), "stepTimeoutInMinutes");
  ExpectInvalid(ValidateStepTimeout(-2), "stepTimeoutInMinutes");
  ExpectInvalid(ValidateStepTimeout(10081), "stepTimeoutInMinutes");
}

TEST(ValidationTest, RetryConfig) {
  RetryConfig c;
  ExpectInvalid(ValidateRetryConfig(c), "criteriaList");
  c.criteria_list = {{FailureType::kFailed, 5}, {FailureType::kTimedOut, 5}};
  EXPECT_TRUE(ValidateRetryConfig(c).ok());
  c.criteria_list = {{FailureType::kFailed, 6}, {FailureType::kTimedOut, 5}};
  ExpectInvalid(ValidateRetryConfig(c), "at most 10");
  c.criteria_list = {{FailureType::kFailed, 1}, {FailureType::kFailed, 1}};
  ExpectInvalid(ValidateRetryConfig(c), "more than once");
  c.criteria_list = {{FailureType::kRejected, 1}};
  ExpectInvalid(ValidateRetryConfig(c), "[FAILED, TIMED_OUT, ALL]");
  c.criteria_list = {{FailureType::kAll, 11}};
  ExpectInvalid(ValidateRetryConfig(c), "numberOfRetries");
  c.criteria_list = {{FailureType::kAll, 0}};
  EXPECT_TRUE(ValidateRetryConfig(c).ok());
  c.criteria_list = {{FailureType::kAll, 1}, {FailureType::kFailed, 1}};
  ExpectInvalid(ValidateRetryConfig(c), "ALL cannot be combined");
  c.criteria_list = {{FailureType::kFailed, 1}, {FailureType::kTimedOut, 1}, {FailureType::kAll, 1}};
  ExpectInvalid(ValidateRetryConfig(c), "length less than or equal to 2");
}

TEST(ValidationTest, SchedulingConfig) {
  const Timestamp now = FromEpochMillis(1'700'000'000'000);  // 2023-11-14T22:13:20Z
  SchedulingConfig c;
  EXPECT_TRUE(ValidateSchedulingConfig(c, now).ok());
  c.start_time = FormatScheduleTime(now + minutes(31));
  EXPECT_TRUE(ValidateSchedulingConfig(c, now).ok());
  c.start_time = FormatScheduleTime(now + minutes(29));
  ExpectInvalid(ValidateSchedulingConfig(c, now), "at least 30 minutes");
  c.start_time = FormatScheduleTime(now + days(366));
  ExpectInvalid(ValidateSchedulingConfig(c, now), "at most one year");
  c.start_time = "2024-01-01 10:00";
  ExpectInvalid(ValidateSchedulingConfig(c, now), "YYYY-MM-DDTHH:MM");
  c.start_time = "2024-02-30T10:00";
  ExpectInvalid(ValidateSchedulingConfig(c, now), "schedulingConfig.startTime");

  c.start_time = FormatScheduleTime(now + minutes(60));
  c.end_time = FormatScheduleTime(now + minutes(80));
  ExpectInvalid(ValidateSchedulingConfig(c, now), "30 minutes after schedulingConfig.startTime");
  c.end_time = FormatScheduleTime(now + minutes(91));
  EXPECT_TRUE(ValidateSchedulingConfig(c, now).ok());
  c.end_time = FormatScheduleTime(now + days(731));
  ExpectInvalid(ValidateSchedulingConfig(c, now), "two years");

  c.end_time.reset();
  c.end_behavior = EndBehavior::kCancel;
  ExpectInvalid(ValidateSchedulingConfig(c, now), "endBehavior requires");
  c.end_time = FormatScheduleTime(now + days(2));
  EXPECT_TRUE(ValidateSchedulingConfig(c, now).ok());

  c.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 1431}};
  ExpectInvalid(ValidateSchedulingConfig(c, now), "maintenanceWindows[0].durationInMinutes");
  c.maintenance_windows = std::vector<MaintenanceWindow>{{"", 60}};
  ExpectInvalid(ValidateSchedulingConfig(c, now), "maintenanceWindows[0].startTime");
  c.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 1430}};
  EXPECT_TRUE(ValidateSchedulingConfig(c, now).ok());
}

TEST(ValidationTest, StatusDetails) {
  EXPECT_TRUE(ValidateStatusDetails({{"progress", "50%"}, {"step:a_b-c", "x"}}).ok());
  StatusDetails eleven;
  for (int i = 0; i < 11; ++i) eleven["k" + std::to_string(i)] = "v";
  ExpectInvalid(ValidateStatusDetails(eleven), "at most 10");
  ExpectInvalid(ValidateStatusDetails({{"bad key", "v"}}), "statusDetails.key");
  ExpectInvalid(ValidateStatusDetails({{std::string(129, 'k'), "v"}}), "128");
  ExpectInvalid(ValidateStatusDetails({{"k", ""}}), "statusDetails.k");
  ExpectInvalid(ValidateStatusDetails({{"k", std::string(1025, 'v')}}), "1024");
  ExpectInvalid(ValidateStatusDetails({{"k", "a\nb"}}), "statusDetails.k");
}

TEST(ValidationTest, PageRequest) {
  PageRequest p;
  p.limit = 250;
  EXPECT_TRUE(ValidatePageRequest(p).ok());
  p.limit = 251;
  ExpectInvalid(ValidatePageRequest(p), "maxResults");
  p.limit = 0;
  ExpectInvalid(ValidatePageRequest(p), "maxResults");
}

TEST(ValidationTest, Tags) {
  EXPECT_TRUE(ValidateTags({{"env", "prod"}, {"a.b:c/d=e+f-g@h i", ""}, {"Größe", "1"}}).ok());
  ExpectInvalid(ValidateTags({{"", "v"}}), "tags.Key");
  ExpectInvalid(ValidateTags({{"a*b", "v"}}), "tags.Key");
  ExpectInvalid(ValidateTags({{std::string(129, 'k'), "v"}}), "128");
  ExpectInvalid(ValidateTags({{"k", std::string(257, 'v')}}), "tags.Value");
  std::map<std::string, std::string> many;
  for (int i = 0; i < 51; ++i) many["k" + std::to_string(i)] = "v";
  Status st = ValidateTags(many);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kLimitExceeded);
}

TEST(ValidationTest, Utf8) {
  EXPECT_EQ(Utf8Length("aü✓😀"), 4);
  EXPECT_EQ(Utf8Length("\xc0\x80"), -1);      // overlong
  EXPECT_EQ(Utf8Length("\xed\xa0\x80"), -1);  // surrogate
  EXPECT_EQ(Utf8Length("\xe2\x9c"), -1);      // truncated
  EXPECT_FALSE(IsNonControlText("\u00ad"));   // soft hyphen (Cf)
  EXPECT_FALSE(IsNonControlText("\ue000"));   // private use
  EXPECT_TRUE(IsNonControlText("日本語 text"));
}

}  // namespace
}  // namespace fleetjobs::validation
