#include "mqtt/mqtt_jobs_handler.h"

#include <gtest/gtest.h>

#include <random>

#include "mqtt_fixture.h"

namespace fleetjobs::mqtt {
namespace {

namespace json = boost::json;
using testing::kStartSeconds;

class MqttJobsHandlerTest : public testing::MqttFixture {
 protected:
  void SetUp() override {
    MqttFixture::SetUp();
    handler_ = std::make_unique<MqttJobsHandler>(engine_->devices(), clock_);
    AddThing("t1");
  }

  // Sends and expects a reply on <topic>/<outcome>; returns its JSON.
  json::object Call(const std::string& topic, const std::string& payload, const std::string& outcome) {
    std::optional<MqttReply> reply = handler_->Handle(topic, payload);
    EXPECT_TRUE(reply.has_value()) << topic;
    if (!reply) return {};
    EXPECT_EQ(reply->topic, topic + "/" + outcome) << reply->payload;
    json::value v = json::parse(reply->payload);
    EXPECT_TRUE(v.is_object());
    json::object o = v.as_object();
    EXPECT_EQ(o.at("timestamp").as_int64(), kStartSeconds);
    return o;
  }

  std::string Code(const json::object& o) { return std::string(o.at("code").as_string()); }

  std::unique_ptr<MqttJobsHandler> handler_;
};

TEST_F(MqttJobsHandlerTest, GetPendingEchoesTokenAndListsSummaries) {
  CreateJob("j1", {"t1"});
  CreateJob("j2", {"t1"});
  json::object o = Call("$aws/things/t1/jobs/get", R"({"clientToken":"tok-1"})", "accepted");
  EXPECT_EQ(o.at("clientToken").as_string(), "tok-1");
  EXPECT_TRUE(o.at("inProgressJobs").as_array().empty());
  const json::array& queued = o.at("queuedJobs").as_array();
  ASSERT_EQ(queued.size(), 2u);
  const json::object& s = queued[0].as_object();
  EXPECT_EQ(s.at("jobId").as_string(), "j1");
  EXPECT_EQ(s.at("queuedAt").as_int64(), kStartSeconds);
  EXPECT_EQ(s.at("versionNumber").as_int64(), 1);
  EXPECT_EQ(s.at("executionNumber").as_int64(), 1);
  EXPECT_FALSE(s.contains("status"));
  // An empty payload is {}; no token, no clientToken member.
  o = Call("$aws/things/t1/jobs/get", "", "accepted");
  EXPECT_FALSE(o.contains("clientToken"));
}

TEST_F(MqttJobsHandlerTest, StartNextDescribeAndUpdate) {
  CreateJob("j1", {"t1"}, R"({"op":"upgrade","v":2})");
  json::object o =
      Call("$aws/things/t1/jobs/start-next",
           R"({"clientToken":"a","statusDetails":{"step":"1"},"stepTimeoutInMinutes":5})", "accepted");
  const json::object& e = o.at("execution").as_object();
  EXPECT_EQ(e.at("jobId").as_string(), "j1");
  EXPECT_EQ(e.at("thingName").as_string(), "t1");
  EXPECT_EQ(e.at("status").as_string(), "IN_PROGRESS");
  EXPECT_EQ(e.at("jobDocument"), json::parse(R"({"op":"upgrade","v":2})"));  // an object, not a string
  EXPECT_EQ(e.at("statusDetails").as_object().at("step").as_string(), "1");
  EXPECT_EQ(e.at("startedAt").as_int64(), kStartSeconds);
  EXPECT_EQ(e.at("versionNumber").as_int64(), 2);
  EXPECT_EQ(e.at("approximateSecondsBeforeTimedOut").as_int64(), 5 * 60);  // the step timer just set

  o = Call("$aws/things/t1/jobs/j1/get", R"({"clientToken":"b","includeJobDocument":false})", "accepted");
  EXPECT_FALSE(o.at("execution").as_object().contains("jobDocument"));
  o = Call("$aws/things/t1/jobs/$next/get", "{}", "accepted");
  EXPECT_EQ(o.at("execution").as_object().at("jobId").as_string(), "j1");
  EXPECT_TRUE(o.at("execution").as_object().at("jobDocument").is_object());

  o = Call(
      "$aws/things/t1/jobs/j1/update",
      R"({"status":"SUCCEEDED","expectedVersion":2,"includeJobExecutionState":true,"includeJobDocument":true,"clientToken":"c","thingName":"t1","jobId":"j1"})",
      "accepted");
  EXPECT_EQ(o.at("clientToken").as_string(), "c");
  EXPECT_EQ(o.at("executionState").as_object().at("status").as_string(), "SUCCEEDED");
  EXPECT_EQ(o.at("executionState").as_object().at("versionNumber").as_int64(), 3);
  EXPECT_EQ(o.at("jobDocument").as_object().at("op").as_string(), "upgrade");

  // Nothing pending: accepted without `execution`.
  o = Call("$aws/things/t1/jobs/start-next", R"({"clientToken":"d"})", "accepted");
  EXPECT_FALSE(o.contains("execution"));
  o = Call("$aws/things/t1/jobs/$next/get", R"({"clientToken":"e"})", "accepted");
  EXPECT_FALSE(o.contains("execution"));
  EXPECT_EQ(o.at("clientToken").as_string(), "e");
  // An update without the extras returns only the envelope.
  CreateJob("j2", {"t1"});
  o = Call("$aws/things/t1/jobs/j2/update", R"({"status":"IN_PROGRESS"})", "accepted");
  EXPECT_FALSE(o.contains("executionState"));
  EXPECT_FALSE(o.contains("jobDocument"));
}

TEST_F(MqttJobsHandlerTest, EveryRejectedCodeTheEngineCanProduce) {
  CreateJob("j1", {"t1"});
  json::object o = Call("$aws/things/t1/jobs/nope", R"({"clientToken":"x"})", "rejected");
  EXPECT_EQ(Code(o), "InvalidTopic");
  EXPECT_EQ(o.at("clientToken").as_string(), "x");
  o = Call("$aws/things/t1/jobs/nope", "{not json", "rejected");
  EXPECT_EQ(Code(o), "InvalidTopic");  // the topic is checked first

  o = Call("$aws/things/t1/jobs/get", "{not json", "rejected");
  EXPECT_EQ(Code(o), "InvalidJson");
  EXPECT_FALSE(o.contains("clientToken"));
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/get", "[1,2]", "rejected")), "InvalidJson");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/get", "\"s\"", "rejected")), "InvalidJson");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/get", "{\"a\":\"\xff\"}", "rejected")), "InvalidJson");

  o = Call("$aws/things/t1/jobs/j1/update", R"({"clientToken":"y"})", "rejected");
  EXPECT_EQ(Code(o), "InvalidRequest");  // status is required
  EXPECT_EQ(o.at("clientToken").as_string(), "y");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/j1/update", R"({"status":"QUEUED"})", "rejected")),
            "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/j1/update", R"({"status":"SUCCESS"})", "rejected")),
            "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/j1/update", R"({"status":"IN_PROGRESS","statusDetails":{"k":1}})",
                      "rejected")),
            "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/j1/update", R"({"status":"IN_PROGRESS","expectedVersion":"1"})",
                      "rejected")),
            "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/start-next", R"({"stepTimeoutInMinutes":0})", "rejected")),
            "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/get", R"({"clientToken":5})", "rejected")), "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/bad$name/jobs/get", "{}", "rejected")), "InvalidRequest");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/bad$job/get", "{}", "rejected")), "InvalidRequest");

  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/missing/get", "{}", "rejected")), "ResourceNotFound");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/missing/update", R"({"status":"IN_PROGRESS"})", "rejected")),
            "ResourceNotFound");
  EXPECT_EQ(Code(Call("$aws/things/t1/jobs/j1/get", R"({"executionNumber":9})", "rejected")),
            "ResourceNotFound");

  o = Call("$aws/things/t1/jobs/j1/update",
           R"({"status":"IN_PROGRESS","expectedVersion":7,"clientToken":"v"})", "rejected");
  EXPECT_EQ(Code(o), "VersionMismatch");
  EXPECT_EQ(o.at("clientToken").as_string(), "v");
  EXPECT_EQ(o.at("executionState").as_object().at("status").as_string(), "QUEUED");
  EXPECT_EQ(o.at("executionState").as_object().at("versionNumber").as_int64(), 1);

  Call("$aws/things/t1/jobs/j1/update", R"({"status":"FAILED","statusDetails":{"why":"disk"}})", "accepted");
  o = Call("$aws/things/t1/jobs/j1/update", R"({"status":"IN_PROGRESS"})", "rejected");
  EXPECT_EQ(Code(o), "InvalidStateTransition");
  EXPECT_EQ(o.at("executionState").as_object().at("status").as_string(), "FAILED");
  EXPECT_EQ(o.at("executionState").as_object().at("statusDetails").as_object().at("why").as_string(), "disk");
  EXPECT_FALSE(Call("$aws/things/t1/jobs/missing/get", "{}", "rejected").contains("executionState"));
}

TEST_F(MqttJobsHandlerTest, OversizedPayloadIsRejectedUnparsed) {
  std::string big =
      R"({"clientToken":"x","pad":")" + std::string(MqttJobsHandler::kMaxPayloadBytes, 'a') + "\"}";
  json::object o = Call("$aws/things/t1/jobs/get", big, "rejected");
  EXPECT_EQ(Code(o), "InvalidRequest");
  EXPECT_FALSE(o.contains("clientToken"));
}

TEST_F(MqttJobsHandlerTest, IgnoresOwnOutputAndForeignTopics) {
  EXPECT_FALSE(handler_->Handle("$aws/things/t1/jobs/get/accepted", "{}").has_value());
  EXPECT_FALSE(handler_->Handle("$aws/things/t1/jobs/notify-next", "{}").has_value());
  EXPECT_FALSE(handler_->Handle("$aws/things/t1/shadow/get", "{}").has_value());
  EXPECT_FALSE(handler_->Throttled("$aws/things/t1/jobs/notify", "{}").has_value());
}

TEST_F(MqttJobsHandlerTest, ThrottledKeepsTheToken) {
  std::optional<MqttReply> r = handler_->Throttled("$aws/things/t1/jobs/get", R"({"clientToken":"q"})");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->topic, "$aws/things/t1/jobs/get/rejected");
  json::object o = json::parse(r->payload).as_object();
  EXPECT_EQ(o.at("code").as_string(), "RequestThrottled");
  EXPECT_EQ(o.at("clientToken").as_string(), "q");
}

// Malformed input of every kind gets a reply on the request's reply topic, never a crash.
TEST_F(MqttJobsHandlerTest, RandomPayloadsAlwaysGetAReply) {
  CreateJob("j1", {"t1"});
  std::mt19937 rng(7);
  const std::vector<std::string> topics = {"$aws/things/t1/jobs/get", "$aws/things/t1/jobs/start-next",
                                           "$aws/things/t1/jobs/j1/get", "$aws/things/t1/jobs/j1/update",
                                           "$aws/things/t1/jobs/$next/get"};
  const std::vector<std::string> seeds = {
      R"({"status":"IN_PROGRESS","statusDetails":{"a":"b"},"expectedVersion":1,"clientToken":"t"})",
      R"({"executionNumber":1,"includeJobDocument":true})",
      R"({"stepTimeoutInMinutes":5})",
      "{}",
      "[]",
      "null"};
  for (int i = 0; i < 3000; ++i) {
    std::string payload = seeds[rng() % seeds.size()];
    int edits = static_cast<int>(rng() % 5);
    for (int e = 0; e < edits && !payload.empty(); ++e) {
      size_t pos = rng() % payload.size();
      if (rng() % 2 == 0) {
        payload[pos] = static_cast<char>(rng() % 256);
      } else {
        payload.erase(pos, 1 + rng() % 3);
      }
    }
    const std::string& topic = topics[rng() % topics.size()];
    std::optional<MqttReply> reply = handler_->Handle(topic, payload);
    ASSERT_TRUE(reply.has_value());
    EXPECT_TRUE(reply->topic == topic + "/accepted" || reply->topic == topic + "/rejected") << reply->topic;
    json::object o = json::parse(reply->payload).as_object();
    if (reply->topic.ends_with("/rejected")) {
      EXPECT_TRUE(o.contains("code"));
    }
  }
}

}  // namespace
}  // namespace fleetjobs::mqtt
