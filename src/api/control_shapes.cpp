#include "api/control_shapes.h"

#include "api/shape_helpers.h"
#include "api/wire_enums.h"
#include "api/wire_time.h"
#include "model/config_json.h"

namespace fleetjobs::api::control {
namespace json = boost::json;

json::object EncodeJobProcessDetails(const Job& job) {
  json::object o;
  if (!job.processing_targets.empty()) o["processingTargets"] = StringListToJson(job.processing_targets);
  const JobProcessDetails& d = job.process_details;
  o["numberOfCanceledThings"] = d[ExecutionStatus::kCanceled];
  o["numberOfSucceededThings"] = d[ExecutionStatus::kSucceeded];
  o["numberOfFailedThings"] = d[ExecutionStatus::kFailed];
  o["numberOfRejectedThings"] = d[ExecutionStatus::kRejected];
  o["numberOfQueuedThings"] = d[ExecutionStatus::kQueued];
  o["numberOfInProgressThings"] = d[ExecutionStatus::kInProgress];
  o["numberOfRemovedThings"] = d[ExecutionStatus::kRemoved];
  o["numberOfTimedOutThings"] = d[ExecutionStatus::kTimedOut];
  return o;
}

json::object EncodeJob(const Job& job) {
  json::object o;
  o["jobArn"] = job.job_arn;
  o["jobId"] = job.job_id;
  o["targetSelection"] = TargetSelectionName(job.target_selection);
  o["status"] = JobStatusName(job.status);
  o["forceCanceled"] = job.force_canceled;
  SetIf(o, "reasonCode", job.reason_code);
  SetIf(o, "comment", job.comment);
  o["targets"] = StringListToJson(job.targets);
  SetIf(o, "description", job.description);
  if (job.presigned_url_config) o["presignedUrlConfig"] = config_json::Encode(*job.presigned_url_config);
  if (job.rollout_config) o["jobExecutionsRolloutConfig"] = config_json::Encode(*job.rollout_config);
  if (job.abort_config) o["abortConfig"] = config_json::Encode(*job.abort_config);
  o["createdAt"] = ControlTime(job.created_at);
  o["lastUpdatedAt"] = ControlTime(job.last_updated_at);
  if (job.completed_at) o["completedAt"] = ControlTime(*job.completed_at);
  o["jobProcessDetails"] = EncodeJobProcessDetails(job);
  if (job.timeout_config) o["timeoutConfig"] = config_json::Encode(*job.timeout_config);
  SetIf(o, "namespaceId", job.namespace_id);
  SetIf(o, "jobTemplateArn", job.job_template_arn);
  if (job.retry_config) o["jobExecutionsRetryConfig"] = config_json::Encode(*job.retry_config);
  if (!job.document_parameters.empty()) o["documentParameters"] = StringMapToJson(job.document_parameters);
  o["isConcurrent"] = job.is_concurrent;
  if (job.scheduling_config) o["schedulingConfig"] = config_json::Encode(*job.scheduling_config);
  if (!job.destination_package_versions.empty()) {
    o["destinationPackageVersions"] = StringListToJson(job.destination_package_versions);
  }
  return o;
}

json::object EncodeJobSummary(const Job& job) {
  json::object o;
  o["jobArn"] = job.job_arn;
  o["jobId"] = job.job_id;
  o["targetSelection"] = TargetSelectionName(job.target_selection);
  o["status"] = JobStatusName(job.status);
  o["createdAt"] = ControlTime(job.created_at);
  o["lastUpdatedAt"] = ControlTime(job.last_updated_at);
  if (job.completed_at) o["completedAt"] = ControlTime(*job.completed_at);
  o["isConcurrent"] = job.is_concurrent;
  return o;
}

json::object EncodeJobExecution(const ExecutionView& view, const ArnFormat& arns) {
  const JobExecution& e = view.execution;
  json::object o;
  o["jobId"] = e.job_id;
  o["status"] = ExecutionStatusName(e.status);
  o["forceCanceled"] = e.force_canceled;
  json::object details;
  if (!e.status_details.empty()) details["detailsMap"] = StringMapToJson(e.status_details);
  o["statusDetails"] = std::move(details);
  o["thingArn"] = arns.Thing(e.thing_name);
  o["queuedAt"] = ControlTime(e.queued_at);
  if (e.started_at) o["startedAt"] = ControlTime(*e.started_at);
  o["lastUpdatedAt"] = ControlTime(e.last_updated_at);
  o["executionNumber"] = e.execution_number;
  o["versionNumber"] = e.version_number;
  if (view.approximate_seconds_before_timed_out) {
    o["approximateSecondsBeforeTimedOut"] = *view.approximate_seconds_before_timed_out;
  }
  return o;
}

json::object EncodeJobExecutionSummary(const JobExecution& e) {
  json::object o;
  o["status"] = ExecutionStatusName(e.status);
  o["queuedAt"] = ControlTime(e.queued_at);
  if (e.started_at) o["startedAt"] = ControlTime(*e.started_at);
  o["lastUpdatedAt"] = ControlTime(e.last_updated_at);
  o["executionNumber"] = e.execution_number;
  o["retryAttempt"] = e.retry_attempt;
  return o;
}

json::object EncodeExecutionSummaryForJob(const JobExecution& e, const ArnFormat& arns) {
  json::object o;
  o["thingArn"] = arns.Thing(e.thing_name);
  o["jobExecutionSummary"] = EncodeJobExecutionSummary(e);
  return o;
}

json::object EncodeExecutionSummaryForThing(const JobExecution& e) {
  json::object o;
  o["jobId"] = e.job_id;
  o["jobExecutionSummary"] = EncodeJobExecutionSummary(e);
  return o;
}

json::object EncodeJobTemplate(const JobTemplate& t) {
  json::object o;
  o["jobTemplateArn"] = t.template_arn;
  o["jobTemplateId"] = t.template_id;
  o["description"] = t.description;
  SetIf(o, "documentSource", t.document_source);
  SetIf(o, "document", t.document);
  o["createdAt"] = ControlTime(t.created_at);
  if (t.presigned_url_config) o["presignedUrlConfig"] = config_json::Encode(*t.presigned_url_config);
  if (t.rollout_config) o["jobExecutionsRolloutConfig"] = config_json::Encode(*t.rollout_config);
  if (t.abort_config) o["abortConfig"] = config_json::Encode(*t.abort_config);
  if (t.timeout_config) o["timeoutConfig"] = config_json::Encode(*t.timeout_config);
  if (t.retry_config) o["jobExecutionsRetryConfig"] = config_json::Encode(*t.retry_config);
  if (t.maintenance_windows) o["maintenanceWindows"] = config_json::Encode(*t.maintenance_windows);
  if (!t.destination_package_versions.empty()) {
    o["destinationPackageVersions"] = StringListToJson(t.destination_package_versions);
  }
  return o;
}

json::object EncodeJobTemplateSummary(const JobTemplate& t) {
  json::object o;
  o["jobTemplateArn"] = t.template_arn;
  o["jobTemplateId"] = t.template_id;
  o["description"] = t.description;
  o["createdAt"] = ControlTime(t.created_at);
  return o;
}

json::object EncodeThingDescription(const Thing& t) {
  json::object o;
  o["defaultClientId"] = t.thing_name;
  o["thingName"] = t.thing_name;
  o["thingId"] = t.thing_id;
  o["thingArn"] = t.thing_arn;
  SetIf(o, "thingTypeName", t.thing_type_name);
  o["attributes"] = StringMapToJson(t.attributes);
  o["version"] = t.version;
  SetIf(o, "billingGroupName", t.billing_group_name);
  return o;
}

json::object EncodeThingAttribute(const Thing& t) {
  json::object o;
  o["thingName"] = t.thing_name;
  SetIf(o, "thingTypeName", t.thing_type_name);
  o["thingArn"] = t.thing_arn;
  o["attributes"] = StringMapToJson(t.attributes);
  o["version"] = t.version;
  return o;
}

json::object EncodeGroupNameAndArn(const ThingGroup& g) {
  json::object o;
  o["groupName"] = g.group_name;
  o["groupArn"] = g.group_arn;
  return o;
}

json::object EncodeThingGroupDescription(const ThingGroupDescription& d) {
  const ThingGroup& g = d.group;
  json::object o;
  o["thingGroupName"] = g.group_name;
  o["thingGroupId"] = g.group_id;
  o["thingGroupArn"] = g.group_arn;
  o["version"] = g.version;
  json::object props;
  SetIf(props, "thingGroupDescription", g.description);
  if (!g.attributes.empty()) {
    json::object payload;
    payload["attributes"] = StringMapToJson(g.attributes);
    props["attributePayload"] = std::move(payload);
  }
  o["thingGroupProperties"] = std::move(props);
  json::object meta;
  SetIf(meta, "parentGroupName", g.parent_group_name);
  if (!d.root_to_parent.empty()) {
    json::array chain;
    for (const ThingGroup& ancestor : d.root_to_parent) chain.push_back(EncodeGroupNameAndArn(ancestor));
    meta["rootToParentThingGroups"] = std::move(chain);
  }
  meta["creationDate"] = ControlTime(g.created_at);
  o["thingGroupMetadata"] = std::move(meta);
  return o;
}

}  // namespace fleetjobs::api::control
