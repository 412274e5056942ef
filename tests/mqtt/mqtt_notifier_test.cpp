#include "mqtt/mqtt_notifier.h"

#include <gtest/gtest.h>

#include "engine/execution_service.h"
#include "mqtt_fixture.h"

namespace fleetjobs::mqtt {
namespace {

namespace json = boost::json;

class MqttNotifierTest : public testing::MqttFixture {
 protected:
  void SetUp() override {
    MqttFixture::SetUp();
    notifier_ = std::make_unique<MqttNotifier>(engine_->devices(), clock_, publisher_);
    engine_->AddListener(notifier_.get());
    AddThing("t1");
    AddThing("t2");
  }

  std::vector<testing::Published> Flush() {
    notifier_->ProcessPending();
    return publisher_.Take();
  }

  void Update(const std::string& thing, const std::string& job, ExecutionStatus status) {
    UpdateJobExecutionRequest req;
    req.thing_name = thing;
    req.job_id = job;
    req.status = status;
    auto r = engine_->devices().UpdateJobExecution(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  static std::vector<std::string> JobIds(const json::object& notify, const char* status) {
    std::vector<std::string> out;
    const json::object& jobs = notify.at("jobs").as_object();
    if (!jobs.contains(status)) return out;
    for (const auto& s : jobs.at(status).as_array()) out.emplace_back(s.as_object().at("jobId").as_string());
    return out;
  }

  testing::RecordingPublisher publisher_;
  std::unique_ptr<MqttNotifier> notifier_;
};

TEST_F(MqttNotifierTest, QueuedJobNotifiesBothTopicsOncePerThing) {
  CreateJob("j1", {"t1", "t2"});
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[0].topic, "$aws/things/t1/jobs/notify");
  EXPECT_EQ(msgs[0].qos, 1);
  json::object notify = msgs[0].Json();
  EXPECT_EQ(notify.at("timestamp").as_int64(), testing::kStartSeconds);
  EXPECT_EQ(JobIds(notify, "QUEUED"), std::vector<std::string>{"j1"});
  EXPECT_FALSE(notify.at("jobs").as_object().contains("IN_PROGRESS"));
  EXPECT_EQ(msgs[1].topic, "$aws/things/t1/jobs/notify-next");
  json::object next = msgs[1].Json();
  EXPECT_EQ(next.at("execution").as_object().at("jobId").as_string(), "j1");
  EXPECT_EQ(next.at("execution").as_object().at("jobDocument").as_object().at("op").as_string(), "run");
  EXPECT_EQ(msgs[2].topic, "$aws/things/t2/jobs/notify");
  EXPECT_EQ(msgs[3].topic, "$aws/things/t2/jobs/notify-next");
}

TEST_F(MqttNotifierTest, CoalescesChangesBeforeTheWorkerRuns) {
  CreateJob("j1", {"t1"});
  CreateJob("j2", {"t1"});
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);  // one notify, one notify-next for both commits
  EXPECT_EQ(JobIds(msgs[0].Json(), "QUEUED"), (std::vector<std::string>{"j1", "j2"}));
  EXPECT_EQ(msgs[1].Json().at("execution").as_object().at("jobId").as_string(), "j1");
}

TEST_F(MqttNotifierTest, SequenceAcrossCreateStartFinishAndCancel) {
  CreateJob("j1", {"t1"});
  Flush();
  CreateJob("j2", {"t1"});
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 1u) << "the head is still j1: notify only";
  EXPECT_EQ(msgs[0].topic, "$aws/things/t1/jobs/notify");

  // Starting the head changes neither the pending set nor the head.
  Update("t1", "j1", ExecutionStatus::kInProgress);
  EXPECT_TRUE(Flush().empty());

  // Starting j2 directly does not change the head either (j1 is IN_PROGRESS and older).
  Update("t1", "j2", ExecutionStatus::kInProgress);
  EXPECT_TRUE(Flush().empty());

  // j1 finishes: the set shrinks and the head moves to j2.
  Update("t1", "j1", ExecutionStatus::kSucceeded);
  msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(JobIds(msgs[0].Json(), "IN_PROGRESS"), std::vector<std::string>{"j2"});
  EXPECT_EQ(msgs[1].topic, "$aws/things/t1/jobs/notify-next");
  EXPECT_EQ(msgs[1].Json().at("execution").as_object().at("jobId").as_string(), "j2");
  EXPECT_EQ(msgs[1].Json().at("execution").as_object().at("status").as_string(), "IN_PROGRESS");

  // A canceled job (force) empties the list: notify with no jobs, notify-next with timestamp only.
  CancelJobRequest cancel;
  cancel.job_id = "j2";
  cancel.force = true;
  ASSERT_TRUE(engine_->jobs().CancelJob(cancel).ok());
  msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_TRUE(msgs[0].Json().at("jobs").as_object().empty());
  json::object next = msgs[1].Json();
  EXPECT_FALSE(next.contains("execution"));
  EXPECT_TRUE(next.contains("timestamp"));
}

TEST_F(MqttNotifierTest, StartingAQueuedJobAheadOfTheHeadMovesTheHead) {
  CreateJob("j1", {"t1"});
  CreateJob("j2", {"t1"});
  Flush();
  Update("t1", "j2", ExecutionStatus::kInProgress);  // IN_PROGRESS sorts first: j2 is the new head
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].topic, "$aws/things/t1/jobs/notify-next");
  EXPECT_EQ(msgs[0].Json().at("execution").as_object().at("jobId").as_string(), "j2");
}

TEST_F(MqttNotifierTest, ProgressReportsAreSilent) {
  CreateJob("j1", {"t1"});
  Update("t1", "j1", ExecutionStatus::kInProgress);
  Flush();
  Update("t1", "j1", ExecutionStatus::kInProgress);
  EXPECT_TRUE(Flush().empty());
}

TEST_F(MqttNotifierTest, DeletedJobNotifiesItsThings) {
  CreateJob("j1", {"t1"});
  Flush();
  DeleteJobRequest del;
  del.job_id = "j1";
  del.force = true;
  ASSERT_TRUE(engine_->jobs().DeleteJob(del).ok());
  auto msgs = Flush();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_TRUE(msgs[0].Json().at("jobs").as_object().empty());
  EXPECT_FALSE(msgs[1].Json().contains("execution"));
}

TEST_F(MqttNotifierTest, WorkerThreadPublishes) {
  notifier_->Start();
  CreateJob("j1", {"t1"});
  notifier_->Stop();  // the worker may or may not have reached t1; whatever is left is processed here
  notifier_->ProcessPending();
  auto msgs = publisher_.Take();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].topic, "$aws/things/t1/jobs/notify");
}

}  // namespace
}  // namespace fleetjobs::mqtt
