#include "mqtt/jobs_payloads.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::mqtt {
namespace {

namespace json = boost::json;

constexpr int64_t kNowMs = 1'700'000'000'500;

JobExecution Exec(std::string job_id, ExecutionStatus status) {
  JobExecution e;
  e.job_id = std::move(job_id);
  e.thing_name = "t1";
  e.status = status;
  e.queued_at = FromEpochMillis(kNowMs - 10'000);
  e.last_updated_at = FromEpochMillis(kNowMs - 5'000);
  if (status == ExecutionStatus::kInProgress) e.started_at = FromEpochMillis(kNowMs - 7'000);
  e.version_number = status == ExecutionStatus::kQueued ? 1 : 2;
  e.status_details = {{"k", "v"}};
  return e;
}

json::object Parse(const std::string& s) { return json::parse(s).as_object(); }

TEST(JobsPayloadsTest, DocumentIsAnObjectOrStaysText) {
  EXPECT_TRUE(DocumentValue(R"({"a":[1,2]})").is_object());
  EXPECT_EQ(DocumentValue(R"({"a":[1,2]})").as_object().at("a").as_array().size(), 2u);
  json::value broken = DocumentValue(R"({"a":)");
  ASSERT_TRUE(broken.is_string());
  EXPECT_EQ(broken.as_string(), R"({"a":)");
}

TEST(JobsPayloadsTest, ExecutionShape) {
  ExecutionView view{Exec("j1", ExecutionStatus::kInProgress), 120, std::string(R"({"op":"x"})")};
  json::object e = EncodeExecution(view);
  EXPECT_EQ(e.at("jobId").as_string(), "j1");
  EXPECT_EQ(e.at("thingName").as_string(), "t1");
  EXPECT_EQ(e.at("jobDocument").as_object().at("op").as_string(), "x");
  EXPECT_EQ(e.at("status").as_string(), "IN_PROGRESS");
  EXPECT_EQ(e.at("statusDetails").as_object().at("k").as_string(), "v");
  EXPECT_EQ(e.at("queuedAt").as_int64(), 1'699'999'990);
  EXPECT_EQ(e.at("startedAt").as_int64(), 1'699'999'993);
  EXPECT_EQ(e.at("lastUpdatedAt").as_int64(), 1'699'999'995);
  EXPECT_EQ(e.at("versionNumber").as_int64(), 2);
  EXPECT_EQ(e.at("executionNumber").as_int64(), 1);
  // As in AWS's `{jobId}/get/accepted` example: present while a timer runs.
  EXPECT_EQ(e.at("approximateSecondsBeforeTimedOut").as_int64(), 120);
  EXPECT_FALSE(e.contains("thingArn"));
  ExecutionView queued{Exec("j2", ExecutionStatus::kQueued), std::nullopt, std::nullopt};
  json::object q = EncodeExecution(queued);
  EXPECT_FALSE(q.contains("startedAt"));
  EXPECT_FALSE(q.contains("jobDocument"));
  EXPECT_FALSE(q.contains("approximateSecondsBeforeTimedOut"));
}

TEST(JobsPayloadsTest, Replies) {
  const Timestamp now = FromEpochMillis(kNowMs);
  PendingExecutions pending;
  pending.in_progress.push_back(Exec("a", ExecutionStatus::kInProgress));
  pending.queued.push_back(Exec("b", ExecutionStatus::kQueued));
  json::object o = Parse(EncodePendingAccepted(pending, now, std::string("tok")));
  EXPECT_EQ(o.at("timestamp").as_int64(), 1'700'000'000);  // integer seconds, rounded down
  EXPECT_EQ(o.at("clientToken").as_string(), "tok");
  EXPECT_EQ(o.at("inProgressJobs").as_array()[0].as_object().at("jobId").as_string(), "a");
  EXPECT_FALSE(o.at("queuedJobs").as_array()[0].as_object().contains("status"));

  o = Parse(EncodeExecutionAccepted(std::nullopt, now, std::nullopt));
  EXPECT_EQ(o.size(), 1u);  // {timestamp}
  UpdateJobExecutionResult r;
  o = Parse(EncodeUpdateAccepted(r, now, std::string("u")));
  EXPECT_EQ(o.size(), 2u);
  r.execution_state = Exec("a", ExecutionStatus::kSucceeded);
  r.job_document = R"({"d":1})";
  o = Parse(EncodeUpdateAccepted(r, now, std::nullopt));
  EXPECT_EQ(o.at("executionState").as_object().size(), 3u);
  EXPECT_EQ(o.at("executionState").as_object().at("status").as_string(), "SUCCEEDED");
  EXPECT_EQ(o.at("jobDocument").as_object().at("d").as_int64(), 1);

  o = Parse(EncodeRejected(RejectedCode::kVersionMismatch, "nope", now, std::string("c"),
                           Exec("a", ExecutionStatus::kInProgress)));
  EXPECT_EQ(o.at("code").as_string(), "VersionMismatch");
  EXPECT_EQ(o.at("message").as_string(), "nope");
  EXPECT_EQ(o.at("clientToken").as_string(), "c");
  EXPECT_EQ(o.at("executionState").as_object().at("versionNumber").as_int64(), 2);
  o = Parse(EncodeRejected(RejectedCode::kInvalidJson, "bad", now, std::nullopt, std::nullopt));
  EXPECT_FALSE(o.contains("clientToken"));
  EXPECT_FALSE(o.contains("executionState"));
}

TEST(JobsPayloadsTest, Notifications) {
  const Timestamp now = FromEpochMillis(kNowMs);
  PendingExecutions pending;
  json::object o = Parse(EncodeNotify(pending, now));
  EXPECT_TRUE(o.at("jobs").as_object().empty());
  pending.queued.push_back(Exec("b", ExecutionStatus::kQueued));
  o = Parse(EncodeNotify(pending, now));
  EXPECT_FALSE(o.at("jobs").as_object().contains("IN_PROGRESS"));
  EXPECT_EQ(o.at("jobs").as_object().at("QUEUED").as_array().size(), 1u);

  o = Parse(EncodeNotifyNext(std::nullopt, now));
  EXPECT_EQ(o.size(), 1u);
  ExecutionView next{Exec("b", ExecutionStatus::kQueued), std::nullopt, std::string("{}")};
  o = Parse(EncodeNotifyNext(next, now));
  EXPECT_TRUE(o.at("execution").as_object().at("jobDocument").is_object());
}

}  // namespace
}  // namespace fleetjobs::mqtt
