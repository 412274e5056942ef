#include "sim/simulator.h"

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "sim/run_control.h"
#include "sim/sim_recorder.h"

namespace fleetjobs::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Whether a GetPendingJobExecutions answer lists anything.
bool AnythingPending(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return false;
  for (const char* key : {"inProgressJobs", "queuedJobs"}) {
    const boost::json::value* list = v.get_object().if_contains(key);
    if (list != nullptr && list->is_array() && !list->get_array().empty()) return true;
  }
  return false;
}

// The jobId of a StartNextPendingJobExecution answer, nullopt for `{}` (nothing to start).
std::optional<std::string> StartedJob(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const boost::json::value* exec = v.get_object().if_contains("execution");
  if (exec == nullptr || !exec->is_object()) return std::nullopt;
  const boost::json::value* id = exec->get_object().if_contains("jobId");
  if (id == nullptr || !id->is_string()) return std::nullopt;
  return std::string(id->get_string());
}

}  // namespace

struct Simulator::State {
  SimulatorOptions options;
  http::HttpClient& client;
  const auth::SigV4Signer& admin;
  std::map<std::string, const auth::SigV4Signer*> thing_signers;
  SystemClock wall;

  std::vector<DeviceLoop> devices;
  std::vector<const auth::SigV4Signer*> signers;  // per device
  SimRecorder recorder;
  RunControl run;

  State(SimulatorOptions o, http::HttpClient& c, const auth::SigV4Signer& a,
        std::map<std::string, const auth::SigV4Signer*> t)
      : options(std::move(o)), client(c), admin(a), thing_signers(std::move(t)) {}

  void Step(size_t i) {
    if (run.stopping.load(std::memory_order_acquire)) return;
    DeviceLoop& d = devices[i];
    const DeviceStep step = d.Current();
    const std::string& thing = options.things[i];
    http::Request req;
    switch (step.op) {
      case Operation::kGetPending:
        req.method = "GET";
        req.target = "/things/" + thing + "/jobs";
        break;
      case Operation::kStartNext:
        req.method = "PUT";
        req.target = "/things/" + thing + "/jobs/$next";
        req.body = "{}";
        break;
      case Operation::kUpdate: {
        req.method = "POST";
        req.target = "/things/" + thing + "/jobs/" + step.job_id;
        boost::json::object body{{"status", UpdateStatusName(step.status)}};
        if (step.status == UpdateStatus::kInProgress) {
          body["statusDetails"] =
              boost::json::object{{"progress", std::to_string(step.progress) + "/" +
                                                   std::to_string(options.behavior.progress_updates)}};
        }
        req.body = boost::json::serialize(body);
        break;
      }
    }
    auth::SignedHeaders h = signers[i]->Sign(req.method, req.target, client.host(), req.body, wall.Now());
    req.headers = {{"X-Amz-Date", std::move(h.amz_date)}, {"Authorization", std::move(h.authorization)}};
    if (!req.body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    run.in_flight.fetch_add(1);
    client.Send(i, std::move(req),
                [this, i, op = step.op](Result<http::Response> r, std::chrono::microseconds us) {
                  OnAnswer(i, op, std::move(r), us);
                  run.RequestDone();
                });
  }

  void OnAnswer(size_t i, Operation op, Result<http::Response> r, std::chrono::microseconds us) {
    DeviceLoop& d = devices[i];
    if (!r.ok()) {
      recorder.OnTransportError(d, op);
    } else {
      AnswerFacts facts;
      facts.accepted = r->status >= 200 && r->status < 300;
      if (facts.accepted && op == Operation::kGetPending) facts.anything_pending = AnythingPending(r->body);
      if (facts.accepted && op == Operation::kStartNext) facts.started_job = StartedJob(r->body);
      recorder.OnAnswer(d, op, us, facts);
    }
    if (!d.idle()) {
      if (options.step_delay.count() > 0) {
        client.After(options.step_delay, [this, i] { Step(i); });
      } else {
        Step(i);
      }
      return;
    }
    run.DeviceIdle(devices.size(), options.until_idle);
    if (!options.until_idle) {
      client.After(options.poll_interval, [this, i] {
        run.idle.fetch_sub(1);
        devices[i].Wake();
        Step(i);
      });
    }
  }
};

Simulator::Simulator(SimulatorOptions options, http::HttpClient& client, const auth::SigV4Signer& admin,
                     std::map<std::string, const auth::SigV4Signer*> thing_signers)
    : state_(std::make_unique<State>(std::move(options), client, admin, std::move(thing_signers))) {}

Simulator::~Simulator() = default;

SimSummary Simulator::Run(const std::function<void(const SimProgress&)>& progress) {
  State& s = *state_;
  const size_t n = s.options.things.size();
  s.devices.reserve(n);
  s.signers.reserve(n);
  // One generator per device from the run's seed: a device's draws do not depend on timing.
  std::vector<uint64_t> seeds(n);
  {
    std::mt19937_64 master(s.options.seed);
    for (auto& x : seeds) x = master();
  }
  for (size_t i = 0; i < n; ++i) {
    s.devices.emplace_back(s.options.behavior, seeds[i]);
    auto it = s.thing_signers.find(s.options.things[i]);
    s.signers.push_back(it != s.thing_signers.end() ? it->second : &s.admin);
  }
  const auto start = SteadyClock::now();
  const auto deadline =
      s.options.duration.count() > 0 ? start + s.options.duration : SteadyClock::time_point::max();
  for (size_t i = 0; i < n; ++i) s.Step(i);

  auto report = [&] {
    if (progress) progress(s.run.Progress(n, s.recorder, start));
  };
  const bool interrupted = s.run.AwaitEnd(n, s.options.until_idle, deadline, report);
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  // Let the requests on the wire finish (bounded), then stop the client's threads.
  s.run.Drain(std::chrono::seconds(30));
  s.client.Stop();
  report();

  std::vector<const DeviceLoop*> loops;
  loops.reserve(n);
  for (const DeviceLoop& d : s.devices) loops.push_back(&d);
  return s.recorder.Summarize(loops, seconds, interrupted);
}

}  // namespace fleetjobs::sim
