// JobsTopic: the parser of the MQTT jobs topics a device publishes to (digest §4.1), and the
// builders of the topics the server publishes.
//
//   $aws/things/{thingName}/jobs/get                 GetPendingJobExecutions
//   $aws/things/{thingName}/jobs/start-next          StartNextPendingJobExecution
//   $aws/things/{thingName}/jobs/{jobId}/get         DescribeJobExecution (jobId may be $next)
//   $aws/things/{thingName}/jobs/{jobId}/update      UpdateJobExecution
//
// Topics the server itself publishes (…/accepted, …/rejected, notify, notify-next, the namespaced
// notify) come back to it through its `$aws/things/+/jobs/#` subscription: they parse as kOwnOutput
// and must be ignored. Any other topic under `$aws/things/{t}/jobs/` is kInvalidTopic (answered
// with an InvalidTopic rejection); a topic outside that prefix is kForeign (ignored).
//
// The thing name and job id are returned as they appear in the topic; their syntax is validated
// by the engine (InvalidRequest), as for HTTP. Input is untrusted: any byte string parses to one of
// the kinds, nothing asserts. Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace fleetjobs::mqtt {

enum class JobsTopicKind {
  kGetPending,
  kStartNext,
  kDescribe,
  kUpdate,
  kOwnOutput,     // a reply or notification topic: ignore
  kInvalidTopic,  // under $aws/things/{t}/jobs/ but no API: reject with InvalidTopic
  kForeign,       // not a jobs topic at all: ignore
};

struct JobsTopic {
  JobsTopicKind kind = JobsTopicKind::kForeign;
  std::string thing_name;  // set for every kind but kForeign
  std::string job_id;      // kDescribe and kUpdate
};

JobsTopic ParseJobsTopic(std::string_view topic);

// "$aws/things/{thing}/jobs/" (the prefix of every jobs topic of a thing).
std::string ThingJobsPrefix(std::string_view thing_name);
std::string NotifyTopic(std::string_view thing_name);
std::string NotifyNextTopic(std::string_view thing_name);
// The reply topics of a request topic: "<request>/accepted", "<request>/rejected".
std::string AcceptedTopic(std::string_view request_topic);
std::string RejectedTopic(std::string_view request_topic);

// The subscription that receives every device request: "$aws/things/+/jobs/#", or in shared mode
// "$share/{group}/$aws/things/+/jobs/#" (empty group: not shared).
std::string RequestSubscription(std::string_view shared_group);

}  // namespace fleetjobs::mqtt
