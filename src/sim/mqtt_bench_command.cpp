#include "sim/mqtt_bench_command.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "mqtt/mqtt_url.h"
#include "sim/latency_histogram.h"
#include "sim/mqtt_event_loop.h"

namespace fleetjobs::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

int Fail(const std::string& message) {
  std::fprintf(stderr, "mqtt-bench: %s\n", message.c_str());
  return 2;
}

int64_t RealtimeNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void RaiseFileLimit(size_t wanted) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= wanted) return;
  rl.rlim_cur = std::min<rlim_t>(wanted, rl.rlim_max);
  setrlimit(RLIMIT_NOFILE, &rl);
}

int Emit(const MqttBenchFlags& flags, const boost::json::object& out) {
  const std::string text = boost::json::serialize(out);
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
  if (!flags.json_path.empty()) {
    std::ofstream f(flags.json_path);
    f << text << "\n";
    if (!f) return Fail("cannot write " + flags.json_path);
  }
  return 0;
}

// The clientToken of a payload, as the request index; -1 when absent or not ours.
int64_t TokenIndex(std::string_view payload) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) return -1;
  const boost::json::value* t = v.get_object().if_contains("clientToken");
  if (t == nullptr || !t->is_string()) return -1;
  const auto& s = t->get_string();
  int64_t k = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    k = k * 10 + (c - '0');
  }
  return s.empty() ? -1 : k;
}

double Ms(uint64_t micros) { return static_cast<double>(micros) / 1000.0; }

int RunRate(const MqttBenchFlags& flags, const MqttEventLoopOptions& broker) {
  if (flags.rate <= 0 || flags.duration_s <= 0) return Fail("--rate and --duration must be > 0");
  if (flags.op != "loopback" && flags.job_id.empty()) return Fail("--op " + flags.op + " needs --job ID");
  std::vector<std::string> request_topic(flags.devices);
  std::vector<std::string> filter(flags.devices);
  for (size_t i = 0; i < flags.devices; ++i) {
    const std::string thing = flags.things_prefix + std::to_string(i);
    const std::string jobs = "$aws/things/" + thing + "/jobs/" + flags.job_id;
    if (flags.op == "describe") {
      request_topic[i] = jobs + "/get";
    } else if (flags.op == "update") {
      request_topic[i] = jobs + "/update";
    } else if (flags.op == "loopback") {
      request_topic[i] = "fleetjobs-bench/" + thing + "/loop";
    } else {
      return Fail("--op must be describe, update or loopback");
    }
    filter[i] = flags.op == "loopback" ? request_topic[i] : request_topic[i] + "/+";
  }
  const auto total = static_cast<size_t>(flags.rate * flags.duration_s);
  std::vector<uint8_t> answered(total, 0);
  LatencyHistogram latency;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t foreign = 0;
  SteadyClock::time_point t0;
  SteadyClock::time_point last_answer;
  const auto period = std::chrono::duration<double>(1.0 / flags.rate);
  auto due = [&](size_t k) {
    return t0 + std::chrono::duration_cast<SteadyClock::duration>(period * static_cast<double>(k));
  };
  MqttEventLoop loop(broker);
  Status st = loop.Open(
      flags.devices, [&](size_t i) { return std::vector<std::string>{filter[i]}; },
      [&](size_t, std::string_view topic, std::string_view payload) {
        const int64_t k = TokenIndex(payload);
        if (k < 0 || static_cast<size_t>(k) >= total || answered[static_cast<size_t>(k)] != 0) {
          ++foreign;
          return;
        }
        const auto now = SteadyClock::now();
        answered[static_cast<size_t>(k)] = 1;
        last_answer = now;
        latency.Record(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(now - due(static_cast<size_t>(k)))
                .count()));
        const bool rej = topic.size() >= 9 && topic.substr(topic.size() - 9) == "/rejected";
        ++(rej ? rejected : accepted);
      });
  if (!st.ok()) return Fail(st.error().message);

  std::string payload;
  uint64_t publish_failures = 0;
  uint64_t max_lag_us = 0;
  t0 = SteadyClock::now() + std::chrono::milliseconds(20);
  size_t next = 0;
  while (next < total) {
    const auto now = SteadyClock::now();
    while (next < total && due(next) <= now) {
      const size_t d = next % flags.devices;
      const std::string token = std::to_string(next);
      if (flags.op == "update") {
        payload = R"({"status":"IN_PROGRESS","statusDetails":{"step":")";
        payload.append(token).append(R"("},"clientToken":")").append(token).append("\"}");
      } else {
        payload = R"({"clientToken":")";
        payload.append(token).append("\"}");
      }
      max_lag_us = std::max<uint64_t>(
          max_lag_us, static_cast<uint64_t>(
                          std::chrono::duration_cast<std::chrono::microseconds>(now - due(next)).count()));
      if (!loop.Publish(d, request_topic[d], payload, flags.qos)) ++publish_failures;
      ++next;
    }
    const auto wait = next < total ? std::chrono::duration_cast<std::chrono::microseconds>(due(next) - now)
                                   : std::chrono::microseconds(0);
    loop.RunOnce(std::max(wait, std::chrono::microseconds(0)));
  }
  const auto send_end = SteadyClock::now();
  const auto drain_until = send_end + std::chrono::duration_cast<SteadyClock::duration>(
                                          std::chrono::duration<double>(flags.drain_s));
  while (latency.Count() < total && SteadyClock::now() < drain_until)
    loop.RunOnce(std::chrono::milliseconds(10));
  loop.Close();

  const double send_s = std::chrono::duration<double>(send_end - t0).count();
  const double answer_s = std::chrono::duration<double>(last_answer - t0).count();
  boost::json::object out;
  out["mode"] = "rate";
  out["op"] = flags.op;
  out["devices"] = flags.devices;
  out["qos"] = flags.qos;
  out["offered_per_s"] = flags.rate;
  out["sent"] = total;
  out["sent_per_s"] = send_s > 0 ? static_cast<double>(total) / send_s : 0.0;
  out["answered"] = latency.Count();
  out["achieved_per_s"] = answer_s > 0 ? static_cast<double>(latency.Count()) / answer_s : 0.0;
  out["accepted"] = accepted;
  out["rejected"] = rejected;
  out["unanswered"] = total - latency.Count();
  out["publish_failures"] = publish_failures;
  out["foreign"] = foreign;
  out["lost_connections"] = loop.lost();
  out["max_send_lag_ms"] = Ms(max_lag_us);
  out["p50_ms"] = Ms(latency.Percentile(50));
  out["p90_ms"] = Ms(latency.Percentile(90));
  out["p99_ms"] = Ms(latency.Percentile(99));
  out["p999_ms"] = Ms(latency.Percentile(99.9));
  out["max_ms"] = Ms(latency.Max());
  return Emit(flags, out);
}

// Arrival percentiles (ms after t0) of one kind of message.
boost::json::object ArrivalStats(const std::vector<int64_t>& arrivals_ns, int64_t t0_ns, size_t devices,
                                 bool raw) {
  std::vector<double> ms;
  for (int64_t a : arrivals_ns) {
    if (a != 0) ms.push_back(static_cast<double>(a - t0_ns) / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    if (ms.empty()) return 0.0;
    const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
    return ms[std::min(ms.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  boost::json::object o;
  o["received"] = ms.size();
  o["missing"] = devices - ms.size();
  o["first_ms"] = ms.empty() ? 0.0 : ms.front();
  o["p50_ms"] = pct(50);
  o["p99_ms"] = pct(99);
  o["last_ms"] = ms.empty() ? 0.0 : ms.back();
  if (raw) o["arrivals_ms"] = boost::json::value_from(ms);
  return o;
}

// Waits (on its own thread) for "go <epoch ns>" on stdin; 0 until then.
class GoLine {
 public:
  GoLine()
      : reader_([this] {
          std::string word;
          int64_t ns = 0;
          if (std::cin >> word >> ns && word == "go") t0_ns_ = ns;
        }) {}
  ~GoLine() { reader_.detach(); }  // stdin may never deliver a line
  GoLine(const GoLine&) = delete;
  GoLine& operator=(const GoLine&) = delete;
  int64_t t0_ns() const { return t0_ns_.load(); }

 private:
  std::atomic<int64_t> t0_ns_{0};
  std::thread reader_;
};

std::string ThingName(const MqttBenchFlags& flags, size_t i) {
  return flags.things_prefix + std::to_string(flags.first + i);
}

void Ready() {
  std::printf("ready\n");
  std::fflush(stdout);
}

int RunFanout(const MqttBenchFlags& flags, const MqttEventLoopOptions& broker) {
  const size_t n = flags.devices;
  std::vector<int64_t> notify_at(n, 0);
  std::vector<int64_t> next_at(n, 0);
  uint64_t duplicates = 0;
  MqttEventLoop loop(broker);
  Status st = loop.Open(
      n,
      [&](size_t i) {
        const std::string p = "$aws/things/" + ThingName(flags, i) + "/jobs/";
        std::vector<std::string> subs{p + "notify"};
        if (!flags.notify_only) subs.push_back(p + "notify-next");
        return subs;
      },
      [&](size_t i, std::string_view topic, std::string_view) {
        const int64_t now = RealtimeNs();
        const bool is_next = topic.size() >= 12 && topic.substr(topic.size() - 12) == "/notify-next";
        int64_t& slot = is_next ? next_at[i] : notify_at[i];
        if (slot != 0) {
          ++duplicates;
          return;
        }
        slot = now;
      });
  if (!st.ok()) return Fail(st.error().message);
  GoLine go;
  Ready();
  const auto timeout =
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(flags.timeout_s));
  const auto start = SteadyClock::now();
  size_t complete = 0;  // devices 0..complete-1 have every message
  while (SteadyClock::now() - start < timeout) {
    loop.RunOnce(std::chrono::milliseconds(5));
    while (complete < n && notify_at[complete] != 0 && (!!flags.notify_only || next_at[complete] != 0))
      ++complete;
    if (complete == n && go.t0_ns() != 0) break;
  }
  loop.Close();
  const int64_t t0 = go.t0_ns();
  if (t0 == 0) return Fail("no start time: no \"go <ns>\" line on stdin before the timeout");
  boost::json::object out;
  out["mode"] = "fanout";
  out["devices"] = n;
  out["notify"] = ArrivalStats(notify_at, t0, n, flags.raw);
  if (!flags.notify_only) out["notify_next"] = ArrivalStats(next_at, t0, n, flags.raw);
  out["duplicates"] = duplicates;
  out["lost_connections"] = loop.lost();
  return Emit(flags, out);
}

int RunPublish(const MqttBenchFlags& flags, const MqttEventLoopOptions& broker) {
  // A payload of the size of a notify with one queued job.
  const std::string payload =
      R"({"timestamp":1700000000,"jobs":{"QUEUED":[{"jobId":"b5-baseline","queuedAt":1700000000,)"
      R"("lastUpdatedAt":1700000000,"versionNumber":1,"executionNumber":1}]}})";
  MqttEventLoop loop(broker);
  Status st = loop.Open(1, nullptr, nullptr);
  if (!st.ok()) return Fail(st.error().message);
  GoLine go;
  Ready();
  const auto start = SteadyClock::now();
  while (go.t0_ns() == 0 && SteadyClock::now() - start < std::chrono::seconds(600)) {
    loop.RunOnce(std::chrono::milliseconds(1));
  }
  size_t failures = 0;
  for (size_t i = 0; i < flags.devices; ++i) {
    if (!loop.Publish(0, "$aws/things/" + ThingName(flags, i) + "/jobs/notify", payload, flags.qos))
      ++failures;
  }
  // Until the broker has acknowledged every message (bounded): closing a socket with unread PUBACKs
  // resets the connection and loses what the broker had not read yet.
  const auto sent = SteadyClock::now();
  while (loop.acknowledged() < flags.devices - failures &&
         SteadyClock::now() - sent < std::chrono::seconds(60)) {
    loop.RunOnce(std::chrono::milliseconds(5));
  }
  const auto flushed_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - sent).count();
  loop.Close();
  boost::json::object out;
  out["mode"] = "publish";
  out["published"] = flags.devices - failures;
  out["acknowledged"] = loop.acknowledged();
  out["acknowledged_ms"] = flushed_ms;
  return Emit(flags, out);
}

}  // namespace

int RunMqttBench(const MqttBenchFlags& flags) {
  auto url = mqtt::ParseMqttUrl(flags.broker);
  if (!url.ok()) return Fail("--broker: " + url.error().message);
  if (url->tls) return Fail("--broker: plain mqtt:// only");
  if (flags.things_prefix.empty() || flags.devices == 0) return Fail("give --things PREFIX and --devices N");
  if (flags.qos < 0 || flags.qos > 1) return Fail("--qos must be 0 or 1");
  MqttEventLoopOptions broker;
  broker.host = url->host;
  broker.port = url->port;
  broker.client_id_prefix = "fjbench-" + std::to_string(std::random_device{}() % 100000);
  RaiseFileLimit(flags.devices * 3 + 64);
  if (flags.mode == "rate") return RunRate(flags, broker);
  if (flags.mode == "fanout") return RunFanout(flags, broker);
  if (flags.mode == "publish") return RunPublish(flags, broker);
  return Fail("mode must be rate, fanout or publish");
}

}  // namespace fleetjobs::sim
