#include "mqtt/event_publisher.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/execution_service.h"
#include "mqtt/event_payloads.h"
#include "mqtt_fixture.h"

namespace fleetjobs::mqtt {
namespace {

namespace json = boost::json;

class EventPublisherTest : public testing::MqttFixture {
 protected:
  void SetUp() override {
    MqttFixture::SetUp();
    events_ =
        std::make_unique<EventPublisher>(engine_->account(), engine_->context().arns, clock_, publisher_);
    engine_->AddListener(events_.get());
    AddThing("t1");
    AddThing("t2");
  }

  void Enable(bool job, bool execution) {
    ASSERT_TRUE(
        engine_->account().UpdateEventConfigurations({{"JOB", job}, {"JOB_EXECUTION", execution}}).ok());
  }

  std::vector<testing::Published> Flush() {
    events_->ProcessPending();
    return publisher_.Take();
  }

  void Update(const std::string& thing, const std::string& job, ExecutionStatus status,
              std::optional<StatusDetails> details = std::nullopt) {
    UpdateJobExecutionRequest req;
    req.thing_name = thing;
    req.job_id = job;
    req.status = status;
    req.status_details = std::move(details);
    auto r = engine_->devices().UpdateJobExecution(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  testing::RecordingPublisher publisher_;
  std::unique_ptr<EventPublisher> events_;
};

TEST_F(EventPublisherTest, OffByDefault) {
  CreateJob("j1", {"t1"});
  Update("t1", "j1", ExecutionStatus::kSucceeded);
  EXPECT_TRUE(Flush().empty());
}

TEST_F(EventPublisherTest, ExecutionAndCompletionEvents) {
  Enable(true, true);
  CreateJob("j1", {"t1", "t2"});
  EXPECT_TRUE(Flush().empty());  // queued executions and job creation fire nothing
  Update("t1", "j1", ExecutionStatus::kSucceeded, StatusDetails{{"k", "v"}});
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].topic, "$aws/events/jobExecution/j1/succeeded");
  EXPECT_EQ(msgs[0].qos, 1);
  json::object e = msgs[0].Json();
  EXPECT_EQ(e.at("eventType").as_string(), "JOB_EXECUTION");
  EXPECT_EQ(e.at("operation").as_string(), "succeeded");
  EXPECT_EQ(e.at("jobId").as_string(), "j1");
  EXPECT_EQ(e.at("thingArn").as_string(), "arn:aws:iot:us-east-1:123456789012:thing/t1");
  EXPECT_EQ(e.at("status").as_string(), "SUCCEEDED");
  EXPECT_EQ(e.at("statusDetails").as_object().at("k").as_string(), "v");
  EXPECT_EQ(e.at("timestamp").as_int64(), testing::kStartSeconds);
  EXPECT_EQ(e.at("eventId").as_string().size(), 36u);

  Update("t2", "j1", ExecutionStatus::kFailed);
  msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].topic, "$aws/events/job/j1/completed");
  json::object j = msgs[0].Json();
  EXPECT_EQ(j.at("eventType").as_string(), "JOB");
  EXPECT_EQ(j.at("status").as_string(), "COMPLETED");
  EXPECT_EQ(j.at("targetSelection").as_string(), "SNAPSHOT");
  EXPECT_EQ(j.at("targets").as_array().size(), 2u);
  EXPECT_EQ(j.at("createdAt").as_int64(), testing::kStartMillis);
  EXPECT_EQ(j.at("completedAt").as_int64(), testing::kStartMillis);
  const json::object& d = j.at("jobProcessDetails").as_object();
  EXPECT_EQ(d.at("numberOfSucceededThings").as_int64(), 1);
  EXPECT_EQ(d.at("numberOfFailedThings").as_int64(), 1);
  EXPECT_EQ(msgs[1].topic, "$aws/events/jobExecution/j1/failed");
}

TEST_F(EventPublisherTest, CancelAndDeleteEmitStartAndEnd) {
  Enable(true, true);
  CreateJob("j1", {"t1"});
  CancelJobRequest cancel;
  cancel.job_id = "j1";
  cancel.comment = "stop it";
  ASSERT_TRUE(engine_->jobs().CancelJob(cancel).ok());
  auto msgs = Flush();
  std::vector<std::string> topics;
  for (const auto& m : msgs) topics.push_back(m.topic);
  EXPECT_EQ(topics, (std::vector<std::string>{"$aws/events/job/j1/cancellation_in_progress",
                                              "$aws/events/job/j1/canceled",
                                              "$aws/events/jobExecution/j1/canceled"}));
  EXPECT_EQ(msgs[1].Json().at("status").as_string(), "CANCELED");
  EXPECT_EQ(msgs[1].Json().at("comment").as_string(), "stop it");
  EXPECT_FALSE(msgs[1].Json().contains("jobProcessDetails"));

  DeleteJobRequest del;
  del.job_id = "j1";
  ASSERT_TRUE(engine_->jobs().DeleteJob(del).ok());
  msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].topic, "$aws/events/job/j1/deletion_in_progress");
  EXPECT_EQ(msgs[1].topic, "$aws/events/job/j1/deleted");
  EXPECT_EQ(msgs[1].Json().at("status").as_string(), "DELETED");
  EXPECT_EQ(msgs[1].Json().at("targets").as_array().size(), 1u);  // described from the ChangeSet's copy
}

TEST_F(EventPublisherTest, TypesAreEnabledSeparately) {
  Enable(false, true);
  CreateJob("j1", {"t1"});
  Update("t1", "j1", ExecutionStatus::kRejected);
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].topic, "$aws/events/jobExecution/j1/rejected");
  Enable(true, false);
  CreateJob("j2", {"t1"});
  Update("t1", "j2", ExecutionStatus::kSucceeded);
  msgs = Flush();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].topic, "$aws/events/job/j2/completed");
}

TEST(EventPayloadsTest, OperationsOfTerminalStatuses) {
  EXPECT_EQ(ExecutionEventOperation(ExecutionStatus::kTimedOut), "timed_out");
  EXPECT_EQ(ExecutionEventOperation(ExecutionStatus::kRemoved), "removed");
  EXPECT_EQ(ExecutionEventOperation(ExecutionStatus::kCanceled), "canceled");
  EXPECT_TRUE(ExecutionEventOperation(ExecutionStatus::kQueued).empty());
  EXPECT_TRUE(ExecutionEventOperation(ExecutionStatus::kInProgress).empty());
  std::string p = EncodeExecutionEvent("j", "arn:t", "timed_out", {}, "id", FromEpochMillis(5000));
  json::object o = json::parse(p).as_object();
  EXPECT_EQ(o.at("status").as_string(), "TIMED_OUT");
  EXPECT_EQ(o.at("timestamp").as_int64(), 5);
}

}  // namespace
}  // namespace fleetjobs::mqtt
