#include "sim/mqtt_device_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::sim {
namespace {

boost::json::object Parse(const std::string& s) { return boost::json::parse(s).as_object(); }

TEST(MqttDeviceCodecTest, EncodesEachStepOnItsTopic) {
  DeviceStep get;
  get.op = Operation::kGetPending;
  MqttRequest r = EncodeMqttStep("t1", get, 2, "0-1");
  EXPECT_EQ(r.topic, "$aws/things/t1/jobs/get");
  EXPECT_EQ(Parse(r.payload), (boost::json::object{{"clientToken", "0-1"}}));

  DeviceStep next;
  next.op = Operation::kStartNext;
  EXPECT_EQ(EncodeMqttStep("t1", next, 2, "x").topic, "$aws/things/t1/jobs/start-next");

  DeviceStep progress;
  progress.op = Operation::kUpdate;
  progress.job_id = "job-7";
  progress.status = UpdateStatus::kInProgress;
  progress.progress = 1;
  r = EncodeMqttStep("t1", progress, 2, "0-3");
  EXPECT_EQ(r.topic, "$aws/things/t1/jobs/job-7/update");
  boost::json::object body = Parse(r.payload);
  EXPECT_EQ(body.at("status"), "IN_PROGRESS");
  EXPECT_EQ(body.at("statusDetails").at("progress"), "1/2");
  EXPECT_EQ(body.at("clientToken"), "0-3");

  DeviceStep final_step = progress;
  final_step.status = UpdateStatus::kRejected;
  body = Parse(EncodeMqttStep("t1", final_step, 2, "0-4").payload);
  EXPECT_EQ(body.at("status"), "REJECTED");
  EXPECT_FALSE(body.contains("statusDetails"));
}

TEST(MqttDeviceCodecTest, SubscribesToRepliesAndOptionallyNotifyNext) {
  EXPECT_EQ(DeviceSubscriptions("t", false),
            (std::vector<std::string>{"$aws/things/t/jobs/get/+", "$aws/things/t/jobs/start-next/+",
                                      "$aws/things/t/jobs/+/update/+"}));
  EXPECT_EQ(DeviceSubscriptions("t", true).back(), "$aws/things/t/jobs/notify-next");
}

TEST(MqttDeviceCodecTest, DecodesPendingAndStartNextReplies) {
  MqttReply r =
      DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted",
                        R"({"inProgressJobs":[],"queuedJobs":[{"jobId":"j"}],"clientToken":"0-1"})");
  EXPECT_EQ(r.kind, MqttReplyKind::kAccepted);
  EXPECT_EQ(r.client_token, "0-1");
  EXPECT_TRUE(r.anything_pending);

  r = DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted",
                        R"({"inProgressJobs":[],"queuedJobs":[],"timestamp":1,"clientToken":"0-1"})");
  EXPECT_FALSE(r.anything_pending);

  r = DecodeMqttMessage("t", "$aws/things/t/jobs/start-next/accepted",
                        R"({"execution":{"jobId":"job-7","status":"IN_PROGRESS"},"clientToken":"0-2"})");
  EXPECT_EQ(r.job_id, "job-7");
  // Nothing to start: no execution member.
  r = DecodeMqttMessage("t", "$aws/things/t/jobs/start-next/accepted",
                        R"({"timestamp":1,"clientToken":"0-2"})");
  EXPECT_EQ(r.kind, MqttReplyKind::kAccepted);
  EXPECT_FALSE(r.job_id.has_value());
}

TEST(MqttDeviceCodecTest, DecodesRejectionsAndNotifyNext) {
  MqttReply r = DecodeMqttMessage("t", "$aws/things/t/jobs/job-7/update/rejected",
                                  R"({"code":"InvalidStateTransition","clientToken":"3-9"})");
  EXPECT_EQ(r.kind, MqttReplyKind::kRejected);
  EXPECT_EQ(r.client_token, "3-9");

  r = DecodeMqttMessage("t", "$aws/things/t/jobs/notify-next",
                        R"({"timestamp":1,"execution":{"jobId":"j2"}})");
  EXPECT_EQ(r.kind, MqttReplyKind::kNotifyNext);
  EXPECT_EQ(r.job_id, "j2");
  r = DecodeMqttMessage("t", "$aws/things/t/jobs/notify-next", R"({"timestamp":1})");
  EXPECT_EQ(r.kind, MqttReplyKind::kNotifyNext);
  EXPECT_FALSE(r.job_id.has_value());
}

TEST(MqttDeviceCodecTest, AnythingElseIsOther) {
  // Another thing's topic, an unknown suffix, payloads that are not JSON objects.
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/u/jobs/get/accepted", "{}").kind, MqttReplyKind::kOther);
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/t/jobs/notify", "{}").kind, MqttReplyKind::kOther);
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted", "not json").kind,
            MqttReplyKind::kOther);
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted", "[1]").kind, MqttReplyKind::kOther);
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted", std::string("\xff\x00", 2)).kind,
            MqttReplyKind::kOther);
  EXPECT_EQ(DecodeMqttMessage("t", "", "").kind, MqttReplyKind::kOther);
  // A token of the wrong type is no token.
  EXPECT_EQ(DecodeMqttMessage("t", "$aws/things/t/jobs/get/accepted", R"({"clientToken":5})").client_token,
            "");
}

}  // namespace
}  // namespace fleetjobs::sim
