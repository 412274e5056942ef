#include "api/data_plane_api.h"

#include <boost/json.hpp>

#include "api/data_requests.h"
#include "api/data_shapes.h"

namespace fleetjobs::api {
namespace json = boost::json;

void DataPlaneApi::Register(RouteTable& table, Engine& engine) {
  table.Add({"GET", "/things/{thingName}/jobs/{jobId}", Plane::kData, "DescribeJobExecution",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(DescribeDeviceExecutionRequest req, DecodeDescribeDeviceExecution(call));
               FJ_ASSIGN_OR_RETURN(
                   std::optional<ExecutionView> view,
                   engine.devices().DescribeJobExecution(req.thing_name, req.job_id, req.execution_number,
                                                         req.include_job_document));
               json::object o;
               if (view) o["execution"] = data::EncodeJobExecution(*view);
               return o;
             }});
  table.Add({"GET", "/things/{thingName}/jobs", Plane::kData, "GetPendingJobExecutions",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(PendingExecutions pending,
                                   engine.devices().GetPendingJobExecutions(call.path.Get("thingName")));
               json::array in_progress;
               for (const JobExecution& e : pending.in_progress) {
                 in_progress.push_back(data::EncodeJobExecutionSummary(e));
               }
               json::array queued;
               for (const JobExecution& e : pending.queued)
                 queued.push_back(data::EncodeJobExecutionSummary(e));
               json::object o;
               o["inProgressJobs"] = std::move(in_progress);
               o["queuedJobs"] = std::move(queued);
               return o;
             }});
  table.Add({"PUT", "/things/{thingName}/jobs/$next", Plane::kData, "StartNextPendingJobExecution",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(StartNextRequest req, DecodeStartNext(call));
               FJ_ASSIGN_OR_RETURN(std::optional<ExecutionView> view,
                                   engine.devices().StartNextPendingJobExecution(req));
               json::object o;
               if (view) o["execution"] = data::EncodeJobExecution(*view);
               return o;
             }});
  table.Add({"POST", "/things/{thingName}/jobs/{jobId}", Plane::kData, "UpdateJobExecution",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(UpdateJobExecutionRequest req, DecodeUpdateJobExecution(call));
               FJ_ASSIGN_OR_RETURN(UpdateJobExecutionResult result, engine.devices().UpdateJobExecution(req));
               json::object o;
               if (result.execution_state)
                 o["executionState"] = data::EncodeJobExecutionState(*result.execution_state);
               if (result.job_document) o["jobDocument"] = *result.job_document;
               return o;
             }});
}

}  // namespace fleetjobs::api
