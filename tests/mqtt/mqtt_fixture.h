// MqttFixture: a whole Engine over an in-memory SQLite store and a ManualClock, a recording
// MqttPublisher, and helpers creating things and jobs, for the tests of src/mqtt/.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "engine/engine.h"
#include "mqtt/mqtt_publisher.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs::mqtt::testing {

// 2023-11-14T22:13:20Z
inline constexpr int64_t kStartMillis = 1'700'000'000'000;
inline constexpr int64_t kStartSeconds = 1'700'000'000;

struct Published {
  std::string topic;
  std::string payload;
  int qos = 0;
  boost::json::object Json() const { return boost::json::parse(payload).as_object(); }
};

class RecordingPublisher final : public MqttPublisher {
 public:
  bool Publish(const std::string& topic, const std::string& payload, int qos) override {
    std::lock_guard lock(mu_);
    messages_.push_back({topic, payload, qos});
    return true;
  }
  std::vector<Published> Take() {
    std::lock_guard lock(mu_);
    std::vector<Published> out;
    out.swap(messages_);
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<Published> messages_;
};

class MqttFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    engine_ = std::make_unique<Engine>(*store_, clock_, EngineOptions{});
  }

  void AddThing(const std::string& name) {
    CreateThingRequest req;
    req.thing_name = name;
    auto r = engine_->registry().CreateThing(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  void CreateJob(const std::string& job_id, const std::vector<std::string>& things,
                 const std::string& document = R"({"op":"run"})") {
    CreateJobRequest req;
    req.job_id = job_id;
    for (const auto& t : things) req.targets.push_back(engine_->context().arns.Thing(t));
    req.document = document;
    auto r = engine_->jobs().CreateJob(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  void Advance(std::chrono::milliseconds by) { clock_.Advance(by); }

  ManualClock clock_{FromEpochMillis(kStartMillis)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace fleetjobs::mqtt::testing
