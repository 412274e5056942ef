#include "engine/template_service.h"

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using std::chrono::seconds;

class TemplateServiceTest : public EngineFixture {
 protected:
  CreateJobTemplateRequest Template(const std::string& id) {
    CreateJobTemplateRequest req;
    req.template_id = id;
    req.description = "template " + id;
    req.document = kDoc;
    return req;
  }
};

TEST_F(TemplateServiceTest, CreateDescribeListDelete) {
  auto req = Template("t1");
  req.presigned_url_config = PresignedUrlConfig{"arn:aws:iam::123456789012:role/r", 120};
  req.rollout_config = RolloutConfig{50, std::nullopt};
  req.timeout_config = TimeoutConfig{10};
  req.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 60}};
  req.tags = {{"team", "fw"}};
  auto created = templates_->CreateJobTemplate(req);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->template_arn, TemplateArn("t1"));
  EXPECT_EQ(created->created_at, Now());
  EXPECT_EQ(Tags(TemplateArn("t1")), req.tags);

  auto d = templates_->DescribeJobTemplate("t1");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->description, "template t1");
  EXPECT_EQ(d->document, std::string(kDoc));
  EXPECT_EQ(d->presigned_url_config, req.presigned_url_config);
  EXPECT_EQ(d->rollout_config, req.rollout_config);
  EXPECT_EQ(d->timeout_config, req.timeout_config);
  EXPECT_EQ(d->maintenance_windows, req.maintenance_windows);

  Advance(seconds(1));
  ASSERT_OK(templates_->CreateJobTemplate(Template("t0")));
  auto list = templates_->ListJobTemplates(PageRequest{});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(list->items[0].template_id, "t0");
  EXPECT_CODE(templates_->ListJobTemplates(PageRequest{"", 251}), ErrorCode::kInvalidRequest);

  ASSERT_OK(templates_->DeleteJobTemplate("t1"));
  EXPECT_CODE(templates_->DescribeJobTemplate("t1"), ErrorCode::kNotFound);
  EXPECT_TRUE(Tags(TemplateArn("t1")).empty());
  EXPECT_CODE(templates_->DeleteJobTemplate("t1"), ErrorCode::kNotFound);
}

TEST_F(TemplateServiceTest, DuplicateIsConflict) {
  ASSERT_OK(templates_->CreateJobTemplate(Template("t")));
  auto r = templates_->CreateJobTemplate(Template("t"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().resource_id, "t");
}

TEST_F(TemplateServiceTest, Validation) {
  auto no_doc = Template("t");
  no_doc.document.reset();
  EXPECT_CODE(templates_->CreateJobTemplate(no_doc), ErrorCode::kInvalidRequest);
  auto both = Template("t");
  both.document_source = "https://s3.amazonaws.com/b/k";
  EXPECT_CODE(templates_->CreateJobTemplate(both), ErrorCode::kInvalidRequest);
  auto no_desc = Template("t");
  no_desc.description = "";
  EXPECT_CODE(templates_->CreateJobTemplate(no_desc), ErrorCode::kInvalidRequest);
  auto bad_id = Template("t/1");
  EXPECT_CODE(templates_->CreateJobTemplate(bad_id), ErrorCode::kInvalidRequest);
  auto bad_window = Template("t");
  bad_window.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 0}};
  EXPECT_CODE(templates_->CreateJobTemplate(bad_window), ErrorCode::kInvalidRequest);
  auto bad_doc = Template("t");
  bad_doc.document = "not json";
  EXPECT_CODE(templates_->CreateJobTemplate(bad_doc), ErrorCode::kInvalidRequest);
  EXPECT_CODE(templates_->DescribeJobTemplate("missing"), ErrorCode::kNotFound);
}

TEST_F(TemplateServiceTest, FromJobCopiesDocumentAndConfigs) {
  AddThing("t0");
  auto job = JobRequest("j", {ThingArn("t0")});
  job.document = R"({"from":"job"})";
  job.timeout_config = TimeoutConfig{20};
  job.retry_config = RetryConfig{{{FailureType::kTimedOut, 3}}};
  job.abort_config = AbortConfig{{{FailureType::kFailed, AbortAction::kCancel, 20, 5}}};
  job.scheduling_config = SchedulingConfig{};
  job.scheduling_config->maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 2 * * ? *)", 90}};
  MustCreate(job);

  CreateJobTemplateRequest req;
  req.template_id = "from-job";
  req.description = "copied";
  req.job_arn = JobArn("j");
  req.timeout_config = TimeoutConfig{5};  // explicit field wins
  auto r = templates_->CreateJobTemplate(req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto d = templates_->DescribeJobTemplate("from-job");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->document, R"({"from":"job"})");
  EXPECT_EQ(d->timeout_config, TimeoutConfig{5});
  EXPECT_EQ(d->retry_config, job.retry_config);
  EXPECT_EQ(d->abort_config, job.abort_config);
  EXPECT_EQ(d->maintenance_windows, job.scheduling_config->maintenance_windows);

  // And a job made from that template gets the same document.
  auto from_tmpl = JobRequest("j2", {ThingArn("t0")});
  from_tmpl.document.reset();
  from_tmpl.job_template_arn = TemplateArn("from-job");
  MustCreate(from_tmpl);
  EXPECT_EQ(GetJob("j2").document, R"({"from":"job"})");

  req.template_id = "x";
  req.job_arn = JobArn("missing");
  EXPECT_CODE(templates_->CreateJobTemplate(req), ErrorCode::kNotFound);
  req.job_arn = ThingArn("t0");
  EXPECT_CODE(templates_->CreateJobTemplate(req), ErrorCode::kInvalidRequest);
  req.job_arn = "not-an-arn";
  EXPECT_CODE(templates_->CreateJobTemplate(req), ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace fleetjobs::testing
