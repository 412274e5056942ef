#include "mqtt/jobs_requests.h"

#include <gtest/gtest.h>

namespace fleetjobs::mqtt {
namespace {

std::optional<JobsPayload> Parse(std::string_view payload, RequestError* error = nullptr) {
  RequestError ignored;
  return JobsPayload::Parse(payload, error != nullptr ? error : &ignored);
}

TEST(JobsRequestsTest, PayloadParsing) {
  EXPECT_TRUE(Parse("").has_value());
  EXPECT_TRUE(Parse(" \n\t").has_value());
  RequestError error;
  for (const char* bad : {"{", "[]", "1", "\"s\"", "null", "{\"a\":\"\xc3\x28\"}", "{}x"}) {
    EXPECT_FALSE(Parse(bad, &error).has_value()) << bad;
    EXPECT_EQ(error.code, RejectedCode::kInvalidJson) << bad;
  }
  auto p = Parse(R"({"clientToken":"abc","thingName":"t","jobId":"j"})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->client_token(), "abc");
  EXPECT_FALSE(p->CheckClientToken());
  p = Parse(R"({"clientToken":7})");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->client_token());
  ASSERT_TRUE(p->CheckClientToken());
  EXPECT_EQ(p->CheckClientToken()->code, RejectedCode::kInvalidRequest);
  p = Parse(R"({"clientToken":null})");
  EXPECT_FALSE(p->CheckClientToken());
}

TEST(JobsRequestsTest, Describe) {
  auto r = DecodeDescribe(*Parse("{}"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->include_job_document);
  EXPECT_FALSE(r->execution_number);
  r = DecodeDescribe(*Parse(R"({"includeJobDocument":false,"executionNumber":3})"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->include_job_document);
  EXPECT_EQ(r->execution_number, 3);
  EXPECT_FALSE(DecodeDescribe(*Parse(R"({"executionNumber":"3"})")).ok());
  EXPECT_FALSE(DecodeDescribe(*Parse(R"({"includeJobDocument":1})")).ok());
}

TEST(JobsRequestsTest, StartNextAndUpdate) {
  auto s = DecodeStartNext(*Parse(R"({"statusDetails":{"a":"b"},"stepTimeoutInMinutes":5})"), "t1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->thing_name, "t1");
  EXPECT_EQ(s->status_details->at("a"), "b");
  EXPECT_EQ(s->step_timeout_in_minutes, 5);
  EXPECT_FALSE(DecodeStartNext(*Parse(R"({"statusDetails":{"a":1}})"), "t1").ok());

  auto u = DecodeUpdate(*Parse(R"({"status":"FAILED","expectedVersion":2,"executionNumber":1,
      "includeJobExecutionState":true,"includeJobDocument":true,"stepTimeoutInMinutes":-1})"),
                        "t1", "j1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->job_id, "j1");
  EXPECT_EQ(u->status, ExecutionStatus::kFailed);
  EXPECT_EQ(u->expected_version, 2);
  EXPECT_EQ(u->execution_number, 1);
  EXPECT_TRUE(u->include_job_execution_state);
  EXPECT_TRUE(u->include_job_document);
  EXPECT_EQ(u->step_timeout_in_minutes, -1);
  u = DecodeUpdate(*Parse(R"({"status":"IN_PROGRESS"})"), "t1", "j1");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->include_job_execution_state);
  EXPECT_FALSE(u->include_job_document);
  for (const char* bad : {"{}", R"({"status":"DONE"})", R"({"status":5})",
                          R"({"status":"IN_PROGRESS","expectedVersion":1.5})"}) {
    auto r = DecodeUpdate(*Parse(bad), "t1", "j1");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << bad;
  }
}

}  // namespace
}  // namespace fleetjobs::mqtt
