#include "mqtt/jobs_topic.h"

#include <vector>

namespace fleetjobs::mqtt {
namespace {

constexpr std::string_view kThingsPrefix = "$aws/things/";
constexpr std::string_view kJobsLevel = "jobs";

std::vector<std::string_view> SplitLevels(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t slash = s.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
}

bool IsReplyLevel(std::string_view level) { return level == "accepted" || level == "rejected"; }

}  // namespace

JobsTopic ParseJobsTopic(std::string_view topic) {
  JobsTopic out;
  if (topic.substr(0, kThingsPrefix.size()) != kThingsPrefix) return out;
  std::vector<std::string_view> levels = SplitLevels(topic.substr(kThingsPrefix.size()));
  // levels[0] = thing, levels[1] = "jobs", the rest is the operation.
  if (levels.size() < 2 || levels[1] != kJobsLevel) return out;
  out.thing_name = std::string(levels[0]);
  const size_t n = levels.size() - 2;  // levels after "jobs"
  auto level = [&](size_t i) { return levels[2 + i]; };
  if (n >= 1 && IsReplyLevel(level(n - 1))) {
    out.kind = JobsTopicKind::kOwnOutput;
    return out;
  }
  out.kind = JobsTopicKind::kInvalidTopic;
  if (n == 1) {
    std::string_view op = level(0);
    if (op == "get") out.kind = JobsTopicKind::kGetPending;
    if (op == "start-next") out.kind = JobsTopicKind::kStartNext;
    if (op == "notify" || op == "notify-next" || op.substr(0, 17) == "notify-namespace-") {
      out.kind = JobsTopicKind::kOwnOutput;
    }
    return out;
  }
  if (n == 2 && !level(0).empty()) {
    std::string_view op = level(1);
    if (op == "get") out.kind = JobsTopicKind::kDescribe;
    if (op == "update") out.kind = JobsTopicKind::kUpdate;
    if (out.kind != JobsTopicKind::kInvalidTopic) out.job_id = std::string(level(0));
  }
  return out;
}

std::string ThingJobsPrefix(std::string_view thing_name) {
  std::string s(kThingsPrefix);
  s += thing_name;
  s += "/jobs/";
  return s;
}

std::string NotifyTopic(std::string_view thing_name) { return ThingJobsPrefix(thing_name) + "notify"; }

std::string NotifyNextTopic(std::string_view thing_name) {
  return ThingJobsPrefix(thing_name) + "notify-next";
}

std::string AcceptedTopic(std::string_view request_topic) { return std::string(request_topic) + "/accepted"; }

std::string RejectedTopic(std::string_view request_topic) { return std::string(request_topic) + "/rejected"; }

std::string RequestSubscription(std::string_view shared_group) {
  std::string filter = std::string(kThingsPrefix) + "+/jobs/#";
  if (shared_group.empty()) return filter;
  return "$share/" + std::string(shared_group) + "/" + filter;
}

}  // namespace fleetjobs::mqtt
