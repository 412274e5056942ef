#include "api/job_routes.h"

#include <boost/json.hpp>

#include "api/control_requests.h"
#include "api/control_shapes.h"
#include "api/pagination.h"
#include "engine/schedule_time.h"

namespace fleetjobs::api {
namespace {
namespace json = boost::json;

// {jobArn, jobId, description}: the output of CreateJob, CancelJob, AssociateTargetsWithJob.
json::object JobIdentity(const Job& job) {
  json::object o;
  o["jobArn"] = job.job_arn;
  o["jobId"] = job.job_id;
  if (job.description) o["description"] = *job.description;
  return o;
}

void RegisterJobOps(RouteTable& table, Engine& engine) {
  table.Add({"PUT", "/jobs/{jobId}", Plane::kControl, "CreateJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CreateJobRequest req, DecodeCreateJob(call));
               FJ_ASSIGN_OR_RETURN(Job job, engine.jobs().CreateJob(req));
               return JobIdentity(job);
             }});
  table.Add({"PATCH", "/jobs/{jobId}", Plane::kControl, "UpdateJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(UpdateJobRequest req, DecodeUpdateJob(call));
               FJ_RETURN_IF_ERROR(engine.jobs().UpdateJob(req));
               return json::object();
             }});
  table.Add({"PUT", "/jobs/{jobId}/cancel", Plane::kControl, "CancelJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CancelJobRequest req, DecodeCancelJob(call));
               FJ_ASSIGN_OR_RETURN(Job job, engine.jobs().CancelJob(req));
               return JobIdentity(job);
             }});
  table.Add({"DELETE", "/jobs/{jobId}", Plane::kControl, "DeleteJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(DeleteJobRequest req, DecodeDeleteJob(call));
               FJ_RETURN_IF_ERROR(engine.jobs().DeleteJob(req));
               return json::object();
             }});
  table.Add({"GET", "/jobs/{jobId}", Plane::kControl, "DescribeJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               // beforeSubstitution only changes the document, which Job does not carry.
               FJ_ASSIGN_OR_RETURN(bool before_substitution, DecodeBeforeSubstitution(call));
               (void)before_substitution;
               FJ_ASSIGN_OR_RETURN(Job job, engine.jobs().DescribeJob(call.path.Get("jobId")));
               json::object o;
               if (job.document_source) o["documentSource"] = *job.document_source;
               json::object encoded = control::EncodeJob(job);
               std::vector<Timestamp> rollouts = engine.jobs().ScheduledJobRollouts(job);
               if (!rollouts.empty()) {
                 json::array starts;
                 for (Timestamp t : rollouts)
                   starts.push_back(json::object{{"startTime", FormatScheduleTime(t)}});
                 encoded["scheduledJobRollouts"] = std::move(starts);
               }
               o["job"] = std::move(encoded);
               return o;
             }});
  table.Add(
      {"GET", "/jobs", Plane::kControl, "ListJobs", [&engine](const ApiCall& call) -> Result<json::object> {
         FJ_ASSIGN_OR_RETURN(ListJobsRequest req, DecodeListJobs(call));
         FJ_ASSIGN_OR_RETURN(Page<Job> page, engine.jobs().ListJobs(req));
         json::array jobs;
         for (const Job& job : page.items) jobs.push_back(control::EncodeJobSummary(job));
         json::object o;
         o["jobs"] = std::move(jobs);
         AddNextToken(o, page.next);
         return o;
       }});
  table.Add({"GET", "/jobs/{jobId}/job-document", Plane::kControl, "GetJobDocument",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(bool before_substitution, DecodeBeforeSubstitution(call));
               FJ_ASSIGN_OR_RETURN(std::string document,
                                   engine.jobs().GetJobDocument(call.path.Get("jobId"), before_substitution));
               json::object o;
               o["document"] = document;
               return o;
             }});
  table.Add({"POST", "/jobs/{jobId}/targets", Plane::kControl, "AssociateTargetsWithJob",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(AssociateTargetsRequest req, DecodeAssociateTargets(call));
               FJ_ASSIGN_OR_RETURN(Job job, engine.jobs().AssociateTargetsWithJob(req));
               return JobIdentity(job);
             }});
}

void RegisterExecutionOps(RouteTable& table, Engine& engine) {
  const ArnFormat& arns = engine.context().arns;
  table.Add({"GET", "/things/{thingName}/jobs/{jobId}", Plane::kControl, "DescribeJobExecution",
             [&engine, &arns](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::optional<int64_t> number, DecodeExecutionNumberQuery(call));
               FJ_ASSIGN_OR_RETURN(ExecutionView view,
                                   engine.executions().DescribeJobExecution(
                                       call.path.Get("jobId"), call.path.Get("thingName"), number));
               json::object o;
               o["execution"] = control::EncodeJobExecution(view, arns);
               return o;
             }});
  table.Add({"GET", "/jobs/{jobId}/things", Plane::kControl, "ListJobExecutionsForJob",
             [&engine, &arns](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ListExecutionsForJobRequest req, DecodeListExecutionsForJob(call));
               FJ_ASSIGN_OR_RETURN(Page<JobExecution> page, engine.executions().ListJobExecutionsForJob(
                                                                req.job_id, req.status, req.page));
               json::array summaries;
               for (const JobExecution& e : page.items) {
                 summaries.push_back(control::EncodeExecutionSummaryForJob(e, arns));
               }
               json::object o;
               o["executionSummaries"] = std::move(summaries);
               AddNextToken(o, page.next);
               return o;
             }});
  table.Add({"GET", "/things/{thingName}/jobs", Plane::kControl, "ListJobExecutionsForThing",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ListExecutionsForThingRequest req, DecodeListExecutionsForThing(call));
               FJ_ASSIGN_OR_RETURN(Page<JobExecution> page, engine.executions().ListJobExecutionsForThing(
                                                                req.thing_name, req.filter, req.page));
               json::array summaries;
               for (const JobExecution& e : page.items) {
                 summaries.push_back(control::EncodeExecutionSummaryForThing(e));
               }
               json::object o;
               o["executionSummaries"] = std::move(summaries);
               AddNextToken(o, page.next);
               return o;
             }});
  table.Add({"PUT", "/things/{thingName}/jobs/{jobId}/cancel", Plane::kControl, "CancelJobExecution",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CancelJobExecutionRequest req, DecodeCancelJobExecution(call));
               FJ_RETURN_IF_ERROR(engine.executions().CancelJobExecution(req));
               return json::object();
             }});
  table.Add({"DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", Plane::kControl,
             "DeleteJobExecution", [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(DeleteJobExecutionRequest req, DecodeDeleteJobExecution(call));
               FJ_RETURN_IF_ERROR(engine.executions().DeleteJobExecution(req));
               return json::object();
             }});
}

}  // namespace

void RegisterJobRoutes(RouteTable& table, Engine& engine) {
  RegisterJobOps(table, engine);
  RegisterExecutionOps(table, engine);
}

}  // namespace fleetjobs::api
