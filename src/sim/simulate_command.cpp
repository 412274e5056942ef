#include "sim/simulate_command.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <memory>

#include "auth/credentials.h"
#include "cli/progress_bar.h"
#include "sim/simulator.h"

namespace fleetjobs::sim {
namespace {

int CannotRun(const std::string& message) {
  std::fprintf(stderr, "simulate: %s\n", message.c_str());
  return 2;
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

}  // namespace

int RunSimulate(const SimulateFlags& flags) {
  if (flags.transport != "http") {
    return CannotRun("--transport " + flags.transport +
                     " is not supported: only http (an MQTT front end is being built separately)");
  }
  if (flags.things_prefix.empty() == flags.thing_group.empty()) {
    return CannotRun("give exactly one of --things PREFIX and --thing-group GROUP");
  }
  if (flags.thing_group.empty() && flags.devices == 0) return CannotRun("--things PREFIX needs --devices N");
  if (!flags.until_idle && flags.duration_s <= 0) return CannotRun("give --until-idle or --duration SECONDS");
  const DeviceBehavior& b = flags.behavior;
  if (b.fail_rate < 0 || b.reject_rate < 0 || b.fail_rate + b.reject_rate > 1) {
    return CannotRun("--fail-rate and --reject-rate must be >= 0 and add up to at most 1");
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

  SimulatorOptions options;
  if (!flags.thing_group.empty()) {
    auto things = ThingsOfGroup(**client, admin_control, flags.thing_group);
    if (!things.ok()) return CannotRun(things.error().message);
    options.things = std::move(things).value();
    if (flags.devices > 0 && options.things.size() > flags.devices) options.things.resize(flags.devices);
    if (options.things.empty()) return CannotRun("thing group " + flags.thing_group + " has no things");
  } else {
    options.things.reserve(flags.devices);
    for (size_t i = 0; i < flags.devices; ++i)
      options.things.push_back(flags.things_prefix + std::to_string(i));
  }
  options.behavior = flags.behavior;
  options.step_delay = std::chrono::milliseconds(flags.delay_ms);
  options.poll_interval = std::chrono::milliseconds(std::max<int64_t>(flags.poll_ms, 1));
  options.until_idle = flags.until_idle;
  options.duration = std::chrono::milliseconds(static_cast<int64_t>(flags.duration_s * 1000));
  options.seed = flags.seed;

  cli::ProgressBar bar(stderr, "simulate");
  const bool until_idle = flags.until_idle;
  const double duration_s = flags.duration_s;
  Simulator simulator(std::move(options), **client, admin_data, thing_signers);
  SimProgress last;
  SimSummary summary = simulator.Run([&](const SimProgress& p) {
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

}  // namespace fleetjobs::sim
