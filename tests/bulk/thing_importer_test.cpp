#include "bulk/thing_importer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "engine/job_service.h"
#include "engine/registry_service.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs::bulk {
namespace {

class ThingImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ctx_ = std::make_unique<EngineContext>(*store_, clock_, EngineOptions{});
    registry_ = std::make_unique<RegistryService>(*ctx_);
  }

  // Runs the three steps on `text`; the problems as "line: message" strings.
  Result<ImportReport> Import(const std::string& text, std::vector<std::string>* problem_lines = nullptr,
                              ImportFormat format = ImportFormat::kCsv) {
    ThingImporter importer(*ctx_);
    std::istringstream in(text);
    std::vector<ImportProblem> problems;
    auto records = importer.Read(in, format, problems);
    importer.Check(records, problems);
    Result<ImportReport> out = MakeError(ErrorCode::kInvalidRequest, "bad lines");
    if (problems.empty()) out = importer.Apply(std::move(records), problems);
    if (problem_lines) {
      for (const auto& p : problems) problem_lines->push_back(std::to_string(p.line) + ": " + p.message);
    }
    return out;
  }

  size_t CountThings() {
    size_t n = 0;
    EXPECT_TRUE(store_
                    ->Read([&](StoreTxn& txn) -> Status {
                      FJ_ASSIGN_OR_RETURN(auto page, txn.ListThings(ThingFilter{}, PageRequest{"", 1000}));
                      n = page.items.size();
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  std::vector<std::string> Members(const std::string& group) {
    auto page = registry_->ListThingsInThingGroup(group, false, PageRequest{"", 250});
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items : std::vector<std::string>{};
  }

  ManualClock clock_{FromEpochMillis(1'700'000'000'000)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<EngineContext> ctx_;
  std::unique_ptr<RegistryService> registry_;
};

TEST_F(ThingImporterTest, ImportsThingsCreatesGroupsAndMemberships) {
  auto report = Import("# fleet\nb,fw=1,g1;g2\na,,g1\nc\n");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->things_created, 3u);
  EXPECT_EQ(report->groups_created, 2u);
  EXPECT_EQ(report->memberships_added, 3u);
  EXPECT_EQ(Members("g1"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Members("g2"), std::vector<std::string>{"b"});
  auto b = registry_->DescribeThing("b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->attributes, (Attributes{{"fw", "1"}}));
  EXPECT_EQ(b->thing_arn, ctx_->arns.Thing("b"));
  EXPECT_EQ(b->version, 1);
  EXPECT_FALSE(b->thing_id.empty());
  EXPECT_TRUE(registry_->DescribeThingGroup("g2").ok());
}

TEST_F(ThingImporterTest, BadLinesAreReportedByNumberAndNothingIsWritten) {
  std::vector<std::string> problems;
  auto report = Import("ok-1,,g\nbad name!,,g\nok-2,a=1;b=2;c=3;d=4\nok-1\nok-3,,g;bad/group\n", &problems);
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].substr(0, 3), "2: ");
  EXPECT_EQ(problems[1].substr(0, 3), "3: ");
  EXPECT_NE(problems[2].find("4: thing ok-1 is already given on line 1"), std::string::npos) << problems[2];
  EXPECT_EQ(problems[3].substr(0, 3), "5: ");
  EXPECT_EQ(CountThings(), 0u);
}

TEST_F(ThingImporterTest, ConflictsWithTheStoreRollBackEverything) {
  ASSERT_TRUE(registry_->CreateThing({"old", std::nullopt, Attributes{{"fw", "1"}}, std::nullopt}).ok());
  std::vector<std::string> problems;
  auto report = Import("new-1,,g\nold,fw=2\n", &problems);
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("2: Thing old already exists with different attributes"), std::string::npos);
  EXPECT_EQ(CountThings(), 1u);
  EXPECT_EQ(registry_->DescribeThingGroup("g").error().code, ErrorCode::kNotFound);
}

TEST_F(ThingImporterTest, ExistingIdenticalThingOnlyGainsMemberships) {
  ASSERT_TRUE(registry_->CreateThing({"old", std::nullopt, Attributes{{"fw", "1"}}, std::nullopt}).ok());
  auto report = Import("old,fw=1,g\n");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->things_created, 0u);
  EXPECT_EQ(report->things_existing, 1u);
  EXPECT_EQ(Members("g"), std::vector<std::string>{"old"});
}

TEST_F(ThingImporterTest, GroupsOfOneHierarchyAreRefused) {
  ASSERT_TRUE(registry_->CreateThingGroup({"root", std::nullopt, std::nullopt, std::nullopt, {}}).ok());
  ASSERT_TRUE(registry_->CreateThingGroup({"child", "root", std::nullopt, std::nullopt, {}}).ok());
  std::vector<std::string> problems;
  auto report = Import("t,,root;child\n", &problems);
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("same hierarchy"), std::string::npos) << problems[0];
}

TEST_F(ThingImporterTest, TooManyGroupsCountsExistingMemberships) {
  std::string groups;
  for (int i = 0; i < 10; ++i) groups += (i ? ";g" : "g") + std::to_string(i);
  ASSERT_TRUE(Import("t,," + groups + "\n").ok());
  std::vector<std::string> problems;
  ASSERT_FALSE(Import("t,,g10\n", &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("at most 10"), std::string::npos) << problems[0];
}

TEST_F(ThingImporterTest, JoiningAGroupOfAContinuousJobQueuesAnExecution) {
  ASSERT_TRUE(registry_->CreateThingGroup({"fleet", std::nullopt, std::nullopt, std::nullopt, {}}).ok());
  JobService jobs(*ctx_);
  CreateJobRequest req;
  req.job_id = "cont";
  req.targets = {ctx_->arns.ThingGroup("fleet")};
  req.document = "{}";
  req.target_selection = TargetSelection::kContinuous;
  ASSERT_TRUE(jobs.CreateJob(req).ok());
  auto report = Import(R"({"thingName":"d1","groups":["fleet"]})"
                       "\n"
                       R"({"thingName":"d2"})",
                       nullptr, ImportFormat::kJsonLines);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->executions_queued, 1u);
  auto job = jobs.DescribeJob("cont");
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->process_details[ExecutionStatus::kQueued], 1);
}

}  // namespace
}  // namespace fleetjobs::bulk
