#include "sim/mqtt_device_codec.h"

#include <boost/json.hpp>

namespace fleetjobs::sim {
namespace {

std::string Prefix(std::string_view thing) { return "$aws/things/" + std::string(thing) + "/jobs/"; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> ExecutionJobId(const boost::json::object& o) {
  const boost::json::value* exec = o.if_contains("execution");
  if (exec == nullptr || !exec->is_object()) return std::nullopt;
  const boost::json::value* id = exec->get_object().if_contains("jobId");
  if (id == nullptr || !id->is_string()) return std::nullopt;
  return std::string(id->get_string());
}

}  // namespace

MqttRequest EncodeMqttStep(std::string_view thing, const DeviceStep& step, int progress_total,
                           std::string_view client_token) {
  MqttRequest r;
  boost::json::object body;
  switch (step.op) {
    case Operation::kGetPending:
      r.topic = Prefix(thing) + "get";
      break;
    case Operation::kStartNext:
      r.topic = Prefix(thing) + "start-next";
      break;
    case Operation::kUpdate:
      r.topic = Prefix(thing) + step.job_id + "/update";
      body["status"] = UpdateStatusName(step.status);
      if (step.status == UpdateStatus::kInProgress) {
        body["statusDetails"] = boost::json::object{
            {"progress", std::to_string(step.progress) + "/" + std::to_string(progress_total)}};
      }
      break;
  }
  body["clientToken"] = client_token;
  r.payload = boost::json::serialize(body);
  return r;
}

std::vector<std::string> DeviceSubscriptions(std::string_view thing, bool notify_next) {
  const std::string p = Prefix(thing);
  std::vector<std::string> out = {p + "get/+", p + "start-next/+", p + "+/update/+"};
  if (notify_next) out.push_back(p + "notify-next");
  return out;
}

MqttReply DecodeMqttMessage(std::string_view thing, std::string_view topic, std::string_view payload) {
  MqttReply r;
  const std::string prefix = Prefix(thing);
  if (topic.substr(0, prefix.size()) != prefix) return r;
  const std::string_view rest = topic.substr(prefix.size());
  MqttReplyKind kind = MqttReplyKind::kOther;
  if (rest == "notify-next") {
    kind = MqttReplyKind::kNotifyNext;
  } else if (EndsWith(rest, "/accepted")) {
    kind = MqttReplyKind::kAccepted;
  } else if (EndsWith(rest, "/rejected")) {
    kind = MqttReplyKind::kRejected;
  } else {
    return r;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) return r;
  const boost::json::object& o = v.get_object();
  r.kind = kind;
  if (kind == MqttReplyKind::kNotifyNext) {
    r.job_id = ExecutionJobId(o);
    return r;
  }
  if (const boost::json::value* t = o.if_contains("clientToken"); t != nullptr && t->is_string()) {
    r.client_token = std::string(t->get_string());
  }
  if (kind == MqttReplyKind::kAccepted) {
    for (const char* key : {"inProgressJobs", "queuedJobs"}) {
      const boost::json::value* list = o.if_contains(key);
      if (list != nullptr && list->is_array() && !list->get_array().empty()) r.anything_pending = true;
    }
    r.job_id = ExecutionJobId(o);
  }
  return r;
}

}  // namespace fleetjobs::sim
