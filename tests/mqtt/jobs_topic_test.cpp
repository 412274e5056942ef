#include "mqtt/jobs_topic.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace fleetjobs::mqtt {
namespace {

TEST(JobsTopicTest, RequestTopics) {
  JobsTopic t = ParseJobsTopic("$aws/things/t1/jobs/get");
  EXPECT_EQ(t.kind, JobsTopicKind::kGetPending);
  EXPECT_EQ(t.thing_name, "t1");
  EXPECT_EQ(ParseJobsTopic("$aws/things/my:thing_1-x/jobs/start-next").kind, JobsTopicKind::kStartNext);
  EXPECT_EQ(ParseJobsTopic("$aws/things/my:thing_1-x/jobs/start-next").thing_name, "my:thing_1-x");

  t = ParseJobsTopic("$aws/things/t1/jobs/job-1/get");
  EXPECT_EQ(t.kind, JobsTopicKind::kDescribe);
  EXPECT_EQ(t.thing_name, "t1");
  EXPECT_EQ(t.job_id, "job-1");
  t = ParseJobsTopic("$aws/things/t1/jobs/$next/get");
  EXPECT_EQ(t.kind, JobsTopicKind::kDescribe);
  EXPECT_EQ(t.job_id, "$next");
  t = ParseJobsTopic("$aws/things/t1/jobs/j/update");
  EXPECT_EQ(t.kind, JobsTopicKind::kUpdate);
  EXPECT_EQ(t.job_id, "j");
}

TEST(JobsTopicTest, OwnOutputIsIgnored) {
  for (const char* topic : {"$aws/things/t1/jobs/get/accepted", "$aws/things/t1/jobs/get/rejected",
                            "$aws/things/t1/jobs/start-next/accepted", "$aws/things/t1/jobs/j/get/accepted",
                            "$aws/things/t1/jobs/j/update/rejected", "$aws/things/t1/jobs/notify",
                            "$aws/things/t1/jobs/notify-next", "$aws/things/t1/jobs/notify-namespace-gg",
                            "$aws/things/t1/jobs/foo/rejected", "$aws/things/t1/jobs/rejected",
                            "$aws/things/t1/jobs/a/b/c/accepted"}) {
    EXPECT_EQ(ParseJobsTopic(topic).kind, JobsTopicKind::kOwnOutput) << topic;
  }
}

TEST(JobsTopicTest, InvalidTopicsUnderTheJobsPrefix) {
  for (const char* topic :
       {"$aws/things/t1/jobs", "$aws/things/t1/jobs/", "$aws/things/t1/jobs/foo", "$aws/things/t1/jobs/GET",
        "$aws/things/t1/jobs/j/delete", "$aws/things/t1/jobs//get", "$aws/things/t1/jobs/j/get/x",
        "$aws/things/t1/jobs/j/namespace-gg/get", "$aws/things/t1/jobs/get/", "$aws/things//jobs/x"}) {
    JobsTopic t = ParseJobsTopic(topic);
    EXPECT_EQ(t.kind, JobsTopicKind::kInvalidTopic) << topic;
  }
  EXPECT_EQ(ParseJobsTopic("$aws/things//jobs/get").kind, JobsTopicKind::kGetPending);
  EXPECT_EQ(ParseJobsTopic("$aws/things//jobs/get").thing_name, "");
}

TEST(JobsTopicTest, ForeignTopics) {
  for (const char* topic :
       {"", "$aws", "$aws/things", "$aws/things/", "$aws/things/t1", "$aws/things/t1/",
        "$aws/things/t1/shadow/get", "aws/things/t1/jobs/get", "$aws/events/job/j/completed",
        "$AWS/things/t1/jobs/get", "x$aws/things/t1/jobs/get"}) {
    EXPECT_EQ(ParseJobsTopic(topic).kind, JobsTopicKind::kForeign) << topic;
  }
}

TEST(JobsTopicTest, Builders) {
  EXPECT_EQ(NotifyTopic("t1"), "$aws/things/t1/jobs/notify");
  EXPECT_EQ(NotifyNextTopic("t1"), "$aws/things/t1/jobs/notify-next");
  EXPECT_EQ(AcceptedTopic("$aws/things/t1/jobs/get"), "$aws/things/t1/jobs/get/accepted");
  EXPECT_EQ(RejectedTopic("$aws/things/t1/jobs/j/update"), "$aws/things/t1/jobs/j/update/rejected");
  EXPECT_EQ(RequestSubscription(""), "$aws/things/+/jobs/#");
  EXPECT_EQ(RequestSubscription("fleet"), "$share/fleet/$aws/things/+/jobs/#");
  // Every reply topic is recognised as our own output, so the server never answers itself.
  for (const char* req : {"$aws/things/t/jobs/get", "$aws/things/t/jobs/x/get", "$aws/things/t/jobs/nope"}) {
    EXPECT_EQ(ParseJobsTopic(AcceptedTopic(req)).kind, JobsTopicKind::kOwnOutput);
    EXPECT_EQ(ParseJobsTopic(RejectedTopic(req)).kind, JobsTopicKind::kOwnOutput);
  }
  EXPECT_EQ(ParseJobsTopic(NotifyTopic("t")).kind, JobsTopicKind::kOwnOutput);
  EXPECT_EQ(ParseJobsTopic(NotifyNextTopic("t")).kind, JobsTopicKind::kOwnOutput);
}

// Fuzz-like: random byte strings and random mutations of valid topics parse to some kind without
// crashing, and the fields obey the kind.
TEST(JobsTopicTest, RandomInputsNeverCrash) {
  std::mt19937 rng(20231114);
  const char kAlphabet[] = "$aws/thingsjob+#-_:.\0\xff\x80getupdatnxr";
  const std::string alphabet(kAlphabet, sizeof(kAlphabet) - 1);
  const std::vector<std::string> seeds = {"$aws/things/t1/jobs/get", "$aws/things/t1/jobs/j/update",
                                          "$aws/things/t1/jobs/$next/get", "$aws/things/t1/jobs/start-next"};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    if (i % 2 == 0) {
      size_t n = rng() % 64;
      for (size_t k = 0; k < n; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    } else {
      s = seeds[rng() % seeds.size()];
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !s.empty(); ++e) {
        size_t pos = rng() % s.size();
        switch (rng() % 3) {
          case 0:
            s[pos] = alphabet[rng() % alphabet.size()];
            break;
          case 1:
            s.erase(pos, 1);
            break;
          default:
            s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
        }
      }
    }
    JobsTopic t = ParseJobsTopic(s);
    if (t.kind == JobsTopicKind::kDescribe || t.kind == JobsTopicKind::kUpdate) {
      EXPECT_FALSE(t.job_id.empty()) << s;
      EXPECT_EQ(t.job_id.find('/'), std::string::npos) << s;
    } else {
      EXPECT_TRUE(t.job_id.empty()) << s;
    }
    EXPECT_EQ(t.thing_name.find('/'), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace fleetjobs::mqtt
