// ControlShapes: encoders of the `iot` (control plane) response shapes (digest §2.2, §2.3).
//
// Members that are unset are omitted; timestamps are ControlTime numbers; enum spellings come
// from WireEnums. The document is never part of Job (DescribeJob returns `documentSource`
// beside it). Stateless; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/execution_view.h"
#include "engine/registry_service.h"
#include "model/arn_format.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "model/job_template.h"
#include "model/thing.h"
#include "model/thing_group.h"

namespace fleetjobs::api::control {

boost::json::object EncodeJob(const Job& job);
boost::json::object EncodeJobSummary(const Job& job);
boost::json::object EncodeJobProcessDetails(const Job& job);
// JobExecution, control form: thingArn, statusDetails {detailsMap}, no document.
boost::json::object EncodeJobExecution(const ExecutionView& view, const ArnFormat& arns);
// JobExecutionSummary, control form.
boost::json::object EncodeJobExecutionSummary(const JobExecution& e);
// ListJobExecutionsForJob element {thingArn, jobExecutionSummary}.
boost::json::object EncodeExecutionSummaryForJob(const JobExecution& e, const ArnFormat& arns);
// ListJobExecutionsForThing element {jobId, jobExecutionSummary}.
boost::json::object EncodeExecutionSummaryForThing(const JobExecution& e);

// DescribeJobTemplate output.
boost::json::object EncodeJobTemplate(const JobTemplate& t);
// JobTemplateSummary (ListJobTemplates).
boost::json::object EncodeJobTemplateSummary(const JobTemplate& t);

// DescribeThing output.
boost::json::object EncodeThingDescription(const Thing& t);
// ThingAttribute (ListThings).
boost::json::object EncodeThingAttribute(const Thing& t);
// DescribeThingGroup output.
boost::json::object EncodeThingGroupDescription(const ThingGroupDescription& d);
// GroupNameAndArn.
boost::json::object EncodeGroupNameAndArn(const ThingGroup& g);

}  // namespace fleetjobs::api::control
