#include "sim/simulate_command.h"

#include <sys/resource.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <random>

#include "auth/credentials.h"
#include "cli/progress_bar.h"
#include "mqtt/mqtt_url.h"
#include "sim/mqtt_simulator.h"
#include "sim/simulator.h"

namespace fleetjobs::sim {
namespace {

int CannotRun(const std::string& message) {
  std::fprintf(stderr, "simulate: %s\n", message.c_str());
  return 2;
}

// Raises the soft limit of open files towards `wanted` (up to the hard limit).
void RaiseFileLimit(size_t wanted) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= wanted) return;
  rl.rlim_cur = std::min<rlim_t>(wanted, rl.rlim_max);
  setrlimit(RLIMIT_NOFILE, &rl);
}

// One request, waited for (set-up calls before the run).
Result<http::Response> SendAndWait(http::HttpClient& client, http::Request req) {
  std::promise<Result<http::Response>> done;
  auto answer = done.get_future();
  client.Send(0, std::move(req),
              [&done](Result<http::Response> r, std::chrono::microseconds) { done.set_value(std::move(r)); });
  return answer.get();
}

// Every thing of `group` and its descendants (ListThingsInThingGroup, recursive, all pages).
Result<std::vector<std::string>> ThingsOfGroup(http::HttpClient& client, const auth::SigV4Signer& signer,
                                               const std::string& group) {
  std::vector<std::string> out;
  std::string token;
  SystemClock wall;
  for (;;) {
    http::Request req;
    req.method = "GET";
    req.target = "/thing-groups/" + group + "/things?recursive=true&maxResults=250";
    if (!token.empty()) req.target += "&nextToken=" + token;
    auth::SignedHeaders h = signer.Sign(req.method, req.target, client.host(), "", wall.Now());
    req.headers = {{"X-Amz-Date", h.amz_date}, {"Authorization", h.authorization}};
    FJ_ASSIGN_OR_RETURN(http::Response resp, SendAndWait(client, std::move(req)));
    if (resp.status != 200) {
      return MakeError(ErrorCode::kInvalidRequest, "ListThingsInThingGroup " + group + " answered " +
                                                       std::to_string(resp.status) + ": " + resp.body);
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(resp.body, ec);
    if (ec || !v.is_object())
      return MakeError(ErrorCode::kInternal, "unreadable ListThingsInThingGroup answer");
    if (const auto* things = v.get_object().if_contains("things"); things && things->is_array()) {
      for (const auto& t : things->get_array()) {
        if (t.is_string()) out.emplace_back(t.get_string());
      }
    }
    const auto* next = v.get_object().if_contains("nextToken");
    if (next == nullptr || !next->is_string() || next->get_string().empty()) break;
    // The token is opaque: percent-encode everything but unreserved characters.
    token.clear();
    for (unsigned char c : next->get_string()) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        token.push_back(static_cast<char>(c));
      } else {
        char hex[4];
        std::snprintf(hex, sizeof(hex), "%%%02X", c);
        token += hex;
      }
    }
  }
  return out;
}

// The options shared by both transports (things filled in by the caller).
SimulatorOptions CommonOptions(const SimulateFlags& flags) {
  SimulatorOptions options;
  options.behavior = flags.behavior;
  options.step_delay = std::chrono::milliseconds(flags.delay_ms);
  options.poll_interval = std::chrono::milliseconds(std::max<int64_t>(flags.poll_ms, 1));
  options.until_idle = flags.until_idle;
  options.duration = std::chrono::milliseconds(static_cast<int64_t>(flags.duration_s * 1000));
  options.seed = flags.seed;
  return options;
}

// Runs `run` with a progress bar on stderr, prints the summary and writes the JSON.
int RunWithProgress(const SimulateFlags& flags,
                    const std::function<SimSummary(const std::function<void(const SimProgress&)>&)>& run) {
  cli::ProgressBar bar(stderr, "simulate");
  const bool until_idle = flags.until_idle;
  const double duration_s = flags.duration_s;
  SimProgress last;
  SimSummary summary = run([&](const SimProgress& p) {
    last = p;
    char extra[160];
    std::snprintf(extra, sizeof(extra), "%.1f s, %llu requests (%.0f/s), %lld executions finished", p.seconds,
                  static_cast<unsigned long long>(p.requests),
                  p.seconds > 0 ? static_cast<double>(p.requests) / p.seconds : 0.0,
                  static_cast<long long>(p.finished));
    if (until_idle) {
      bar.Update(p.idle, p.devices, std::string("idle devices; ") + extra);
    } else {
      bar.Update(static_cast<size_t>(p.seconds * 10), static_cast<size_t>(duration_s * 10), extra);
    }
  });
  bar.Finish(until_idle ? last.idle : static_cast<size_t>(duration_s * 10),
             until_idle ? last.devices : static_cast<size_t>(duration_s * 10), "done");
  std::fputs(FormatSummary(summary).c_str(), stdout);
  std::fflush(stdout);
  if (!flags.json_path.empty()) {
    std::ofstream out(flags.json_path);
    out << SummaryJson(summary) << "\n";
    if (!out) return CannotRun("cannot write " + flags.json_path);
  }
  return 0;
}

int RunMqtt(const SimulateFlags& flags, std::vector<std::string> things) {
  auto url = mqtt::ParseMqttUrl(flags.broker);
  if (!url.ok()) return CannotRun("--broker: " + url.error().message);
  if (url->tls) return CannotRun("--broker: mqtts is not supported by the simulator (plain mqtt:// only)");
  if (flags.qos < 0 || flags.qos > 1) return CannotRun("--qos must be 0 or 1");
  MqttSimulatorOptions options;
  options.sim = CommonOptions(flags);
  options.sim.things = std::move(things);
  options.broker.host = url->host;
  options.broker.port = url->port;
  options.broker.client_id_prefix = "fjsim-" + std::to_string(std::random_device{}() % 100000);
  options.threads = flags.threads;
  options.qos = flags.qos;
  options.wake_on_notify = flags.wake_on_notify;
  // Each device is a connection: a socket here, another in the broker.
  RaiseFileLimit(options.sim.things.size() * 2 + 64);
  MqttSimulator simulator(std::move(options));
  if (Status st = simulator.Connect(); !st.ok()) return CannotRun(st.error().message);
  return RunWithProgress(flags, [&](const auto& progress) { return simulator.Run(progress); });
}

}  // namespace

int RunSimulate(const SimulateFlags& flags) {
  if (flags.transport != "http" && flags.transport != "mqtt") {
    return CannotRun("--transport must be http or mqtt, not " + flags.transport);
  }
  const bool mqtt = flags.transport == "mqtt";
  if (flags.things_prefix.empty() == flags.thing_group.empty()) {
    return CannotRun("give exactly one of --things PREFIX and --thing-group GROUP");
  }
  if (flags.thing_group.empty() && flags.devices == 0) return CannotRun("--things PREFIX needs --devices N");
  if (!flags.until_idle && flags.duration_s <= 0) return CannotRun("give --until-idle or --duration SECONDS");
  if (flags.wake_on_notify && !mqtt) return CannotRun("--wake-on-notify needs --transport mqtt");
  const DeviceBehavior& b = flags.behavior;
  if (b.fail_rate < 0 || b.reject_rate < 0 || b.fail_rate + b.reject_rate > 1) {
    return CannotRun("--fail-rate and --reject-rate must be >= 0 and add up to at most 1");
  }
  std::vector<std::string> prefixed;
  if (flags.thing_group.empty()) {
    prefixed.reserve(flags.devices);
    for (size_t i = 0; i < flags.devices; ++i) prefixed.push_back(flags.things_prefix + std::to_string(i));
    // Over MQTT nothing is signed: no credentials needed for --things.
    if (mqtt) return RunMqtt(flags, std::move(prefixed));
  }
  if (flags.credentials.empty()) return CannotRun("--credentials FILE is required (the server's key file)");
  auto creds = auth::CredentialStore::LoadFile(flags.credentials);
  if (!creds.ok()) return CannotRun("credentials: " + creds.error().message);
  const auth::Credential* admin = nullptr;
  std::vector<std::unique_ptr<auth::SigV4Signer>> owned;
  std::map<std::string, const auth::SigV4Signer*> thing_signers;
  for (const auth::Credential* c : creds->All()) {
    if (c->role == auth::Role::kAdmin) {
      if (admin == nullptr) admin = c;
    } else if (thing_signers.count(c->thing_name) == 0) {
      owned.push_back(
          std::make_unique<auth::SigV4Signer>(c->access_key_id, c->secret, flags.region, "iot-jobs-data"));
      thing_signers[c->thing_name] = owned.back().get();
    }
  }
  if (admin == nullptr) return CannotRun("no admin key in " + flags.credentials);
  auth::SigV4Signer admin_data(admin->access_key_id, admin->secret, flags.region, "iot-jobs-data");
  auth::SigV4Signer admin_control(admin->access_key_id, admin->secret, flags.region, "iot");

  http::ClientOptions client_options;
  client_options.endpoint = flags.endpoint;
  client_options.connections = flags.connections;
  client_options.threads = flags.threads;
  auto client = http::HttpClient::Start(client_options);
  if (!client.ok()) return CannotRun(client.error().message);

  SimulatorOptions options = CommonOptions(flags);
  if (!flags.thing_group.empty()) {
    auto things = ThingsOfGroup(**client, admin_control, flags.thing_group);
    if (!things.ok()) return CannotRun(things.error().message);
    options.things = std::move(things).value();
    if (flags.devices > 0 && options.things.size() > flags.devices) options.things.resize(flags.devices);
    if (options.things.empty()) return CannotRun("thing group " + flags.thing_group + " has no things");
    if (mqtt) {
      (*client)->Stop();
      return RunMqtt(flags, std::move(options.things));
    }
  } else {
    options.things = std::move(prefixed);
  }

  Simulator simulator(std::move(options), **client, admin_data, thing_signers);
  return RunWithProgress(flags, [&](const auto& progress) { return simulator.Run(progress); });
}

}  // namespace fleetjobs::sim
