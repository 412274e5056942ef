// ControlRequests: decoders of the control-plane job, execution and template requests (path
// labels + query + JSON body → engine request structs).
//
// Decoding checks presence of required members, JSON types and enum spellings only; ranges and
// patterns are the engine's (engine/validation). Errors are kInvalidRequest naming the member.
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/api_call.h"
#include "common/result.h"
#include "engine/execution_service.h"
#include "engine/job_service.h"
#include "engine/template_service.h"

namespace fleetjobs::api {

struct ListExecutionsForJobRequest {
  std::string job_id;
  std::optional<ExecutionStatus> status;
  PageRequest page;
};

struct ListExecutionsForThingRequest {
  std::string thing_name;
  ExecutionFilter filter;
  PageRequest page;
};

Result<CreateJobRequest> DecodeCreateJob(const ApiCall& call);
Result<UpdateJobRequest> DecodeUpdateJob(const ApiCall& call);
Result<CancelJobRequest> DecodeCancelJob(const ApiCall& call);
Result<DeleteJobRequest> DecodeDeleteJob(const ApiCall& call);
Result<ListJobsRequest> DecodeListJobs(const ApiCall& call);
Result<AssociateTargetsRequest> DecodeAssociateTargets(const ApiCall& call);
// DescribeJob / GetJobDocument query `beforeSubstitution` (default false).
Result<bool> DecodeBeforeSubstitution(const ApiCall& call);

// Query `executionNumber` of control-plane DescribeJobExecution.
Result<std::optional<int64_t>> DecodeExecutionNumberQuery(const ApiCall& call);
Result<ListExecutionsForJobRequest> DecodeListExecutionsForJob(const ApiCall& call);
Result<ListExecutionsForThingRequest> DecodeListExecutionsForThing(const ApiCall& call);
Result<CancelJobExecutionRequest> DecodeCancelJobExecution(const ApiCall& call);
Result<DeleteJobExecutionRequest> DecodeDeleteJobExecution(const ApiCall& call);

Result<CreateJobTemplateRequest> DecodeCreateJobTemplate(const ApiCall& call);

}  // namespace fleetjobs::api
