#include "engine/account_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using TagMap = std::map<std::string, std::string>;

class AccountServiceTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    account_ = std::make_unique<AccountService>(*ctx_);
  }

  // One taggable resource of each kind: a job, a job template and a thing group.
  std::vector<std::string> TaggableArns() {
    AddThing("t1");
    AddGroup("g1");
    MustCreate(JobRequest("j1", {ThingArn("t1")}));
    CreateJobTemplateRequest tmpl;
    tmpl.template_id = "tmpl1";
    tmpl.description = "template";
    tmpl.document = kDoc;
    EXPECT_TRUE(templates_->CreateJobTemplate(tmpl).ok());
    return {JobArn("j1"), TemplateArn("tmpl1"), GroupArn("g1")};
  }

  TagMap MustList(const std::string& arn) {
    auto r = account_->ListTagsForResource(arn);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : TagMap{};
  }

  std::map<std::string, bool> MustDescribeEvents() {
    auto r = account_->DescribeEventConfigurations();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : std::map<std::string, bool>{};
  }

  std::unique_ptr<AccountService> account_;
};

// ---- tags -----------------------------------------------------------------------------------

TEST_F(AccountServiceTest, TagListUntagEveryTaggableKind) {
  for (const std::string& arn : TaggableArns()) {
    SCOPED_TRACE(arn);
    EXPECT_TRUE(MustList(arn).empty());
    ASSERT_OK(account_->TagResource(arn, {{"team", "fw"}, {"env", "dev"}}));
    EXPECT_EQ(MustList(arn), (TagMap{{"env", "dev"}, {"team", "fw"}}));

    // Tagging merges: a key given again is overwritten, others stay.
    ASSERT_OK(account_->TagResource(arn, {{"env", "prod"}, {"owner", ""}}));
    EXPECT_EQ(MustList(arn), (TagMap{{"env", "prod"}, {"owner", ""}, {"team", "fw"}}));

    // Untagging a key the resource does not have is fine.
    ASSERT_OK(account_->UntagResource(arn, {"team", "absent"}));
    EXPECT_EQ(MustList(arn), (TagMap{{"env", "prod"}, {"owner", ""}}));
    ASSERT_OK(account_->UntagResource(arn, {}));
    ASSERT_OK(account_->TagResource(arn, {}));
    EXPECT_EQ(MustList(arn).size(), 2u);
  }
  // Tags are per resource.
  EXPECT_EQ(Tags(JobArn("j1")), (TagMap{{"env", "prod"}, {"owner", ""}}));
}

TEST_F(AccountServiceTest, TagsGivenAtCreationAreListed) {
  AddThing("t1");
  auto req = JobRequest("j1", {ThingArn("t1")});
  req.tags = {{"team", "fw"}};
  MustCreate(req);
  EXPECT_EQ(MustList(JobArn("j1")), (TagMap{{"team", "fw"}}));
}

TEST_F(AccountServiceTest, ArnsWeDoNotTagAreInvalid) {
  TaggableArns();
  const std::vector<std::string> invalid = {
      "",
      "not-an-arn",
      ThingArn("t1"),                                            // AWS IoT does not tag things
      "arn:aws:iot:us-east-1:999999999999:job/j1",               // another account
      "arn:aws:iot:eu-west-1:123456789012:job/j1",               // another region
      "arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0",       // a managed template
      "arn:aws:iot:us-east-1:123456789012:thingtype/LightBulb",  // a type we do not keep
      "arn:aws:s3:::bucket",                                     // another service
      "arn:aws:iot:us-east-1:123456789012:job/",                 // no id
  };
  for (const std::string& arn : invalid) {
    SCOPED_TRACE(arn);
    EXPECT_CODE(account_->TagResource(arn, {{"k", "v"}}), ErrorCode::kInvalidRequest);
    EXPECT_CODE(account_->UntagResource(arn, {"k"}), ErrorCode::kInvalidRequest);
    EXPECT_CODE(account_->ListTagsForResource(arn), ErrorCode::kInvalidRequest);
  }
}

TEST_F(AccountServiceTest, MissingResourcesAreNotFound) {
  for (const std::string& arn : {JobArn("ghost"), TemplateArn("ghost"), GroupArn("ghost")}) {
    SCOPED_TRACE(arn);
    EXPECT_CODE(account_->TagResource(arn, {{"k", "v"}}), ErrorCode::kNotFound);
    EXPECT_CODE(account_->UntagResource(arn, {"k"}), ErrorCode::kNotFound);
    EXPECT_CODE(account_->ListTagsForResource(arn), ErrorCode::kNotFound);
    EXPECT_TRUE(Tags(arn).empty());  // nothing was written for the missing resource
  }
}

TEST_F(AccountServiceTest, AtMostFiftyTagsPerResource) {
  AddGroup("g1");
  const std::string arn = GroupArn("g1");
  TagMap fifty;
  for (int i = 0; i < 50; ++i) fifty["k" + std::to_string(i)] = "v";
  ASSERT_OK(account_->TagResource(arn, fifty));
  // Overwriting keeps the count at 50.
  ASSERT_OK(account_->TagResource(arn, {{"k0", "changed"}}));
  // A 51st key is over the quota, and nothing of that request is written.
  EXPECT_CODE(account_->TagResource(arn, {{"k1", "also-changed"}, {"extra", "v"}}),
              ErrorCode::kLimitExceeded);
  TagMap now = MustList(arn);
  EXPECT_EQ(now.size(), 50u);
  EXPECT_EQ(now["k0"], "changed");
  EXPECT_EQ(now["k1"], "v");
  // After removing one, one more fits.
  ASSERT_OK(account_->UntagResource(arn, {"k49"}));
  ASSERT_OK(account_->TagResource(arn, {{"extra", "v"}}));

  AddGroup("g2");
  TagMap fifty_one = fifty;
  fifty_one["k50"] = "v";
  EXPECT_CODE(account_->TagResource(GroupArn("g2"), fifty_one), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(MustList(GroupArn("g2")).empty());
}

TEST_F(AccountServiceTest, TagKeysAndValuesAreValidated) {
  AddGroup("g1");
  const std::string arn = GroupArn("g1");
  EXPECT_CODE(account_->TagResource(arn, {{"", "v"}}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(account_->TagResource(arn, {{std::string(129, 'k'), "v"}}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(account_->TagResource(arn, {{"bad!", "v"}}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(account_->TagResource(arn, {{"k", std::string(257, 'v')}}), ErrorCode::kInvalidRequest);
  ASSERT_OK(account_->TagResource(arn, {{std::string(128, 'k'), std::string(256, 'v')}}));
  EXPECT_CODE(account_->UntagResource(arn, {""}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(account_->UntagResource(arn, {"bad!"}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(account_->UntagResource(arn, {std::string(129, 'k')}), ErrorCode::kInvalidRequest);
  EXPECT_EQ(MustList(arn).size(), 1u);
}

// ---- event configurations -------------------------------------------------------------------

TEST_F(AccountServiceTest, EventConfigurationsDefaultToOff) {
  auto configs = MustDescribeEvents();
  const std::vector<std::string> types = {"THING",
                                          "THING_GROUP",
                                          "THING_TYPE",
                                          "THING_GROUP_MEMBERSHIP",
                                          "THING_GROUP_HIERARCHY",
                                          "THING_TYPE_ASSOCIATION",
                                          "JOB",
                                          "JOB_EXECUTION",
                                          "POLICY",
                                          "CERTIFICATE",
                                          "CA_CERTIFICATE"};
  EXPECT_EQ(configs.size(), types.size());
  for (const std::string& t : types) {
    ASSERT_TRUE(configs.count(t)) << t;
    EXPECT_FALSE(configs[t]) << t;
  }
}

TEST_F(AccountServiceTest, UpdateEventConfigurationsMerges) {
  ASSERT_OK(account_->UpdateEventConfigurations({{"JOB", true}}));
  auto configs = MustDescribeEvents();
  EXPECT_TRUE(configs["JOB"]);
  EXPECT_FALSE(configs["JOB_EXECUTION"]);

  ASSERT_OK(account_->UpdateEventConfigurations({{"JOB_EXECUTION", true}, {"THING", false}}));
  configs = MustDescribeEvents();
  EXPECT_TRUE(configs["JOB"]);
  EXPECT_TRUE(configs["JOB_EXECUTION"]);
  EXPECT_FALSE(configs["THING"]);
  EXPECT_EQ(configs.size(), 11u);

  ASSERT_OK(account_->UpdateEventConfigurations({{"JOB", false}}));
  ASSERT_OK(account_->UpdateEventConfigurations({}));
  configs = MustDescribeEvents();
  EXPECT_FALSE(configs["JOB"]);
  EXPECT_TRUE(configs["JOB_EXECUTION"]);
}

TEST_F(AccountServiceTest, UnknownEventTypeIsInvalidAndChangesNothing) {
  auto r = account_->UpdateEventConfigurations({{"JOB", true}, {"JOBS", true}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(r.error().message.find("JOBS"), std::string::npos) << r.error().message;
  EXPECT_CODE(account_->UpdateEventConfigurations({{"job", true}}), ErrorCode::kInvalidRequest);
  EXPECT_FALSE(MustDescribeEvents()["JOB"]);
}

TEST_F(AccountServiceTest, EventConfigurationsAreOneStoredSetting) {
  ASSERT_OK(account_->UpdateEventConfigurations({{"JOB", true}}));
  std::string stored;
  ASSERT_OK(store_->Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(stored, txn.GetSetting("event_configurations"));
    return Status::Ok();
  }));
  EXPECT_NE(stored.find("\"JOB\":true"), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"JOB_EXECUTION\":false"), std::string::npos) << stored;

  // A second service over the same store sees it (nothing is cached in the service).
  AccountService other(*ctx_);
  auto configs = other.DescribeEventConfigurations();
  ASSERT_TRUE(configs.ok());
  EXPECT_TRUE(configs.value()["JOB"]);
}

TEST_F(AccountServiceTest, StoredEventConfigurationsAreReadDefensively) {
  // Unknown types in the stored setting are ignored; missing ones are off.
  ASSERT_OK(store_->Transact([](StoreTxn& txn) {
    return txn.PutSetting("event_configurations", R"({"JOB":true,"RETIRED":true})");
  }));
  auto configs = MustDescribeEvents();
  EXPECT_TRUE(configs["JOB"]);
  EXPECT_EQ(configs.count("RETIRED"), 0u);
  EXPECT_FALSE(configs["THING"]);

  ASSERT_OK(
      store_->Transact([](StoreTxn& txn) { return txn.PutSetting("event_configurations", "not json"); }));
  EXPECT_CODE(account_->DescribeEventConfigurations(), ErrorCode::kInternal);
  ASSERT_OK(
      store_->Transact([](StoreTxn& txn) { return txn.PutSetting("event_configurations", R"({"JOB":1})"); }));
  EXPECT_CODE(account_->DescribeEventConfigurations(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace fleetjobs::testing
