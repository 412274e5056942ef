// fleetjobs entry point: parses flags and wires the object graph. No logic lives here.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "api/request_handler.h"
#include "api/responses.h"
#include "auth/credentials.h"
#include "auth/s3_presigner.h"
#include "auth/sigv4_verifier.h"
#include "bulk/import_command.h"
#include "common/clock.h"
#include "common/data_dir_lock.h"
#include "engine/engine.h"
#include "engine/timer_runner.h"
#include "engine/url_presigner.h"
#include "engine/virtual_time.h"
#include "http/http_server.h"
#include "http/signal_waiter.h"
#include "mqtt/mqtt_front_end.h"
#include "mqtt/mqtt_url.h"
#include "sim/mqtt_bench_command.h"
#include "sim/simulate_command.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs {
namespace {

struct ServeFlags {
  std::string data_dir = "./fleetjobs-data";
  std::string listen = "127.0.0.1:8080";
  std::string data_plane_listen;
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  std::string credentials;
  std::string auth = "sigv4";
  size_t threads = 4;
  int commit_batch = 256;
  bool virtual_clock = false;
  auth::S3PresignerConfig s3;
  // MQTT front end (off unless --mqtt is given).
  std::string mqtt_url;
  std::string mqtt_ca;
  std::string mqtt_cert;
  std::string mqtt_key;
  std::string mqtt_username;
  std::string mqtt_password;
  std::string mqtt_client_id;
  std::string mqtt_shared_group;
  size_t mqtt_workers = 4;
};

// The engine's UrlPresigner over the S3 SigV4 query presigner.
class S3UrlPresigner final : public UrlPresigner {
 public:
  explicit S3UrlPresigner(auth::S3PresignerConfig config) : presigner_(std::move(config)) {}
  Result<std::string> PresignGet(std::string_view url, int64_t expires_in_sec, Timestamp now) const override {
    return presigner_.PresignGet(url, expires_in_sec, now);
  }

 private:
  auth::S3Presigner presigner_;
};

// Loads --credentials, or DATA_DIR/credentials, generating the latter on first start.
Result<auth::CredentialStore> LoadCredentials(const ServeFlags& flags) {
  if (!flags.credentials.empty()) return auth::CredentialStore::LoadFile(flags.credentials);
  std::string path = (std::filesystem::path(flags.data_dir) / "credentials").string();
  if (!std::filesystem::exists(path)) {
    auto key_id = auth::CredentialStore::GenerateAdminFile(path);
    if (!key_id.ok()) return key_id.take_error();
    spdlog::info("generated admin credentials in {} (access key id {})", path, *key_id);
  }
  return auth::CredentialStore::LoadFile(path);
}

int Serve(const ServeFlags& flags) {
  // glibc returns the top of a thread's heap to the kernel once 128 KiB are free there; a request
  // cycle crosses that line again and again, and re-faulting the pages cost 40 % of the data-plane
  // throughput (BENCHMARKS.md, B1). Keep up to 64 MiB per arena instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  std::error_code ec;
  std::filesystem::create_directories(flags.data_dir, ec);
  if (ec) {
    spdlog::error("cannot create data directory {}: {}", flags.data_dir, ec.message());
    return 1;
  }
  // Shared: servers may share the directory; an offline import-things holds it exclusively.
  auto dir_lock = DataDirLock::Acquire(flags.data_dir, DataDirLock::Mode::kShared);
  if (!dir_lock.ok()) {
    spdlog::error("{}", dir_lock.error().message);
    return 1;
  }
  const bool auth_enabled = flags.auth != "none";
  std::optional<auth::CredentialStore> credentials;
  if (auth_enabled) {
    auto loaded = LoadCredentials(flags);
    if (!loaded.ok()) {
      spdlog::error("credentials: {}", loaded.error().message);
      return 1;
    }
    credentials.emplace(std::move(loaded).value());
  } else {
    spdlog::warn("--auth none: request signatures are NOT checked; every caller is an administrator");
  }

  std::optional<mqtt::MqttFrontEndOptions> mqtt_options;
  if (!flags.mqtt_url.empty()) {
    auto url = mqtt::ParseMqttUrl(flags.mqtt_url);
    if (!url.ok()) {
      spdlog::error("--mqtt: {}", url.error().message);
      return 1;
    }
    mqtt_options.emplace();
    mqtt_options->client.url = *url;
    mqtt_options->client.ca_file = flags.mqtt_ca;
    mqtt_options->client.cert_file = flags.mqtt_cert;
    mqtt_options->client.key_file = flags.mqtt_key;
    mqtt_options->client.username = flags.mqtt_username;
    mqtt_options->client.password = flags.mqtt_password;
    mqtt_options->client.client_id = flags.mqtt_client_id;
    mqtt_options->shared_group = flags.mqtt_shared_group;
    mqtt_options->workers = flags.mqtt_workers;
  } else if (!flags.mqtt_ca.empty() || !flags.mqtt_cert.empty() || !flags.mqtt_key.empty() ||
             !flags.mqtt_username.empty() || !flags.mqtt_shared_group.empty()) {
    spdlog::error("--mqtt-* options need --mqtt URL");
    return 1;
  }

  std::string db_path = (std::filesystem::path(flags.data_dir) / "fleetjobs.db").string();
  SqliteOptions store_options;
  store_options.max_batch = flags.commit_batch;
  auto store = SqliteStore::Open(db_path, store_options);
  if (!store.ok()) {
    spdlog::error("cannot open {}: {}", db_path, store.error().message);
    return 1;
  }
  // Signatures are always checked against real time; the engine may run on a virtual clock.
  SystemClock clock;
  std::unique_ptr<ManualClock> virtual_clock;
  if (flags.virtual_clock) virtual_clock = std::make_unique<ManualClock>(clock.Now());
  std::unique_ptr<S3UrlPresigner> presigner;
  if (!flags.s3.endpoint.empty()) {
    if (Status st = auth::S3Presigner::ValidateConfig(flags.s3); !st.ok()) {
      spdlog::error("--s3-*: {}", st.error().message);
      return 1;
    }
    presigner = std::make_unique<S3UrlPresigner>(flags.s3);
  }
  EngineOptions engine_options;
  engine_options.presigner = presigner.get();
  engine_options.region = flags.region;
  engine_options.account_id = flags.account_id;
  const Clock& engine_clock = virtual_clock ? static_cast<const Clock&>(*virtual_clock) : clock;
  Engine engine(**store, engine_clock, engine_options);
  // Registers its engine listeners now, before anything can commit; connects below.
  std::unique_ptr<mqtt::MqttFrontEnd> mqtt_front_end;
  if (mqtt_options)
    mqtt_front_end = std::make_unique<mqtt::MqttFrontEnd>(engine, engine_clock, *mqtt_options);
  std::unique_ptr<VirtualTime> virtual_time;
  if (virtual_clock) {
    virtual_time = std::make_unique<VirtualTime>(*virtual_clock, **store, engine.timers());
    if (Status st = virtual_time->Restore(); !st.ok()) {
      spdlog::error("virtual clock: {}", st.error().message);
      return 1;
    }
    spdlog::info("virtual clock at {} ms since the epoch; move it with POST /_fleetjobs/clock/advance",
                 ToEpochMillis(virtual_clock->Now()));
  }
  if (Status st = engine.timers().Recover(); !st.ok()) {
    spdlog::error("cannot restore timers: {}", st.error().message);
    return 1;
  }
  TimerRunner timer_runner(engine.timers(), /*real_time=*/!virtual_clock);
  timer_runner.Start();

  std::unique_ptr<auth::SigV4Verifier> verifier;
  if (auth_enabled) verifier = std::make_unique<auth::SigV4Verifier>(*credentials, flags.region, clock);

  http::ServerOptions server_options;
  server_options.listen.push_back(flags.listen);
  if (!flags.data_plane_listen.empty()) server_options.listen.push_back(flags.data_plane_listen);
  server_options.threads = flags.threads;

  // The handler needs the bound addresses (DescribeEndpoint) and the server must be bound to know
  // them: bind first with a forwarding handler that answers 503 until the real one is published.
  std::unique_ptr<api::ApiHandler> handler;
  std::atomic<const api::ApiHandler*> ready{nullptr};
  server_options.on_body_too_large = [](size_t limit) { return api::ApiHandler::BodyTooLarge(limit); };
  server_options.on_bad_request = [](std::string_view reason) { return api::ApiHandler::BadRequest(reason); };
  auto server = http::HttpServer::Start(std::move(server_options), [&ready](http::Request&& r) {
    const api::ApiHandler* h = ready.load(std::memory_order_acquire);
    if (h == nullptr) {
      return api::ErrorResponse(MakeError(ErrorCode::kUnavailable, "server is starting"),
                                api::Plane::kControl, api::NewRequestId());
    }
    return h->Handle(std::move(r));
  });
  if (!server.ok()) {
    spdlog::error("cannot listen: {}", server.error().message);
    return 1;
  }
  auto addresses = (*server)->BoundAddresses();
  api::ApiHandlerOptions api_options;
  api_options.public_endpoint = addresses[0];
  if (addresses.size() > 1) {
    api_options.data_plane_listeners.push_back(1);
    api_options.jobs_endpoint = addresses[1];
  }
  api_options.virtual_time = virtual_time.get();
  handler = std::make_unique<api::ApiHandler>(engine, verifier.get(), api_options);
  ready.store(handler.get(), std::memory_order_release);

  if (mqtt_front_end) {
    if (Status st = mqtt_front_end->Start(); !st.ok()) {
      spdlog::error("mqtt: {}", st.error().message);
      (*server)->Stop();
      timer_runner.Stop();
      return 1;
    }
  }

  std::string line = "fleetjobs listening on http://" + addresses[0] + " (control+data)";
  if (addresses.size() > 1) line += ", http://" + addresses[1] + " (data plane)";
  if (mqtt_front_end)
    line += ", " + mqtt_options->client.url.ToString() + " (mqtt " + mqtt_front_end->subscription() + ")";
  line += "; data dir " + flags.data_dir;
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);

  int sig = http::WaitForTerminationSignal();
  spdlog::info("signal {} received, stopping", sig);
  (*server)->Stop();
  timer_runner.Stop();
  if (mqtt_front_end) mqtt_front_end->Stop();
  return 0;
}

}  // namespace
}  // namespace fleetjobs

int main(int argc, char** argv) {
  // Before any thread exists, so SIGTERM is held for WaitForTerminationSignal in every thread.
  fleetjobs::http::BlockTerminationSignals();
  CLI::App app{"fleetjobs: an AWS IoT Jobs compatible server"};
  app.require_subcommand(1);
  fleetjobs::ServeFlags flags;
  CLI::App* serve = app.add_subcommand("serve", "run the server");
  serve->add_option("--data-dir", flags.data_dir, "SQLite database and generated credentials")
      ->capture_default_str();
  serve->add_option("--listen", flags.listen, "HOST:PORT for the control plane, data plane and health")
      ->capture_default_str();
  serve->add_option("--data-plane-listen", flags.data_plane_listen,
                    "extra HOST:PORT where every request is data plane");
  serve->add_option("--region", flags.region, "region in ARNs and SigV4 scopes")->capture_default_str();
  serve->add_option("--account-id", flags.account_id, "account id in ARNs")->capture_default_str();
  serve->add_option("--credentials", flags.credentials,
                    "access keys file (default DATA_DIR/credentials, generated)");
  serve->add_option("--auth", flags.auth, "sigv4 (default) or none (development: no signature checks)")
      ->check(CLI::IsMember({"sigv4", "none"}));
  serve->add_option("--threads", flags.threads, "HTTP worker threads")->capture_default_str();
  serve
      ->add_option("--commit-batch", flags.commit_batch,
                   "most concurrent writes made durable by one fsync (group commit); 1 disables it")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve->add_option(
      "--s3-endpoint", flags.s3.endpoint,
      "S3-compatible endpoint for ${aws:iot:s3-presigned-url:...} (e.g. http://127.0.0.1:9000)");
  serve->add_option("--s3-region", flags.s3.region, "region the S3 presigned URLs are signed for")
      ->default_val("us-east-1");
  serve->add_option("--s3-access-key-id", flags.s3.access_key_id, "access key id that signs S3 URLs")
      ->envname("FLEETJOBS_S3_ACCESS_KEY_ID");
  serve->add_option("--s3-secret-access-key", flags.s3.secret_access_key, "its secret")
      ->envname("FLEETJOBS_S3_SECRET_ACCESS_KEY");
  serve->add_option("--s3-session-token", flags.s3.session_token, "optional session token");
  serve->add_flag("--virtual-clock", flags.virtual_clock,
                  "engine time moves only through POST /_fleetjobs/clock/advance (tests, dry runs)");
  serve->add_option("--mqtt", flags.mqtt_url,
                    "serve devices through an MQTT broker: mqtt://HOST:PORT or mqtts://HOST:PORT");
  serve->add_option("--mqtt-ca", flags.mqtt_ca, "mqtts: CA file verifying the broker (default: system CAs)");
  serve->add_option("--mqtt-cert", flags.mqtt_cert, "mqtts: client certificate file (PEM)");
  serve->add_option("--mqtt-key", flags.mqtt_key, "mqtts: client private key file (PEM, unencrypted)");
  serve->add_option("--mqtt-username", flags.mqtt_username, "MQTT username");
  serve->add_option("--mqtt-password", flags.mqtt_password, "MQTT password")
      ->envname("FLEETJOBS_MQTT_PASSWORD");
  serve->add_option("--mqtt-client-id", flags.mqtt_client_id, "MQTT client id (default fleetjobs-<random>)");
  serve->add_option("--mqtt-shared-group", flags.mqtt_shared_group,
                    "subscribe through $share/NAME/ (brokers that deliver shared subscriptions on $ topics)");
  serve->add_option("--mqtt-workers", flags.mqtt_workers, "MQTT request worker threads")
      ->capture_default_str();

  fleetjobs::bulk::ImportFlags import_flags;
  CLI::App* import = app.add_subcommand(
      "import-things", "load things and group memberships from a CSV or JSON-lines file (offline)");
  import
      ->add_option("FILE", import_flags.file,
                   "thingName,attr=v;attr2=v2,group1;group2 per line, or JSON lines")
      ->required();
  import->add_option("--data-dir", import_flags.data_dir, "the server's data directory (server stopped)")
      ->capture_default_str();
  import->add_option("--format", import_flags.format, "csv or jsonl (default: by file extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  import->add_option("--region", import_flags.region, "region in thing and group ARNs (as the server's)")
      ->capture_default_str();
  import->add_option("--account-id", import_flags.account_id, "account id in ARNs (as the server's)")
      ->capture_default_str();

  fleetjobs::sim::SimulateFlags sim_flags;
  CLI::App* simulate =
      app.add_subcommand("simulate", "run N virtual devices through their jobs over HTTP or MQTT");
  simulate->add_option("--endpoint", sim_flags.endpoint, "server URL")->capture_default_str();
  simulate->add_option(
      "--credentials", sim_flags.credentials,
      "the server's key file: the first admin key signs, thing:NAME keys sign for NAME (http, "
      "and --thing-group)");
  simulate->add_option("--region", sim_flags.region, "region of the signatures")->capture_default_str();
  simulate->add_option("--things", sim_flags.things_prefix, "devices are PREFIX0 .. PREFIX{N-1}");
  simulate->add_option("--thing-group", sim_flags.thing_group, "devices are the things of this group");
  simulate->add_option("--devices", sim_flags.devices, "number of devices (with --thing-group: at most)");
  simulate->add_option("--connections", sim_flags.connections, "keep-alive connections")
      ->capture_default_str();
  simulate->add_option("--threads", sim_flags.threads, "client threads")->capture_default_str();
  simulate
      ->add_option("--progress-updates", sim_flags.behavior.progress_updates,
                   "IN_PROGRESS updates (with statusDetails) per execution")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000000));
  simulate->add_option("--fail-rate", sim_flags.behavior.fail_rate, "share of executions ending FAILED")
      ->capture_default_str();
  simulate->add_option("--reject-rate", sim_flags.behavior.reject_rate, "share ending REJECTED")
      ->capture_default_str();
  simulate->add_option("--delay-ms", sim_flags.delay_ms, "pause between a device's steps")
      ->capture_default_str();
  simulate->add_option("--poll-ms", sim_flags.poll_ms, "idle devices poll again after this (with --duration)")
      ->capture_default_str();
  simulate->add_flag("--until-idle", sim_flags.until_idle, "stop when every device has found nothing to do");
  simulate->add_option("--duration", sim_flags.duration_s, "stop after this many seconds");
  simulate->add_option("--seed", sim_flags.seed, "seed of the outcome draws")->capture_default_str();
  simulate->add_option("--transport", sim_flags.transport, "http or mqtt")->capture_default_str();
  simulate->add_option("--broker", sim_flags.broker, "mqtt: the broker, mqtt://HOST:PORT")
      ->capture_default_str();
  simulate->add_flag("--wake-on-notify", sim_flags.wake_on_notify,
                     "mqtt: idle devices wait for notify-next instead of polling");
  simulate->add_option("--qos", sim_flags.qos, "mqtt: QoS of the requests (0 or 1)")->capture_default_str();
  simulate->add_option("--json", sim_flags.json_path, "also write the summary as JSON to this file");
  fleetjobs::sim::MqttBenchFlags bench_flags;
  CLI::App* mqtt_bench = app.add_subcommand("mqtt-bench", "the MQTT load tool of benchmark B5 (bench/run)");
  mqtt_bench->add_option("MODE", bench_flags.mode, "rate, fanout or publish")->required();
  mqtt_bench->add_option("--broker", bench_flags.broker, "mqtt://HOST:PORT")->capture_default_str();
  mqtt_bench->add_option("--things", bench_flags.things_prefix, "devices are PREFIX0 .. PREFIX{N-1}")
      ->required();
  mqtt_bench->add_option("--devices", bench_flags.devices, "devices (one connection each)")
      ->capture_default_str();
  mqtt_bench->add_option("--op", bench_flags.op, "rate: describe, update or loopback")->capture_default_str();
  mqtt_bench->add_option("--job", bench_flags.job_id, "rate: the job of the requests");
  mqtt_bench->add_option("--rate", bench_flags.rate, "rate: offered requests per second")
      ->capture_default_str();
  mqtt_bench->add_option("--duration", bench_flags.duration_s, "rate: seconds of sending")
      ->capture_default_str();
  mqtt_bench->add_option("--qos", bench_flags.qos, "rate: QoS of the requests")->capture_default_str();
  mqtt_bench->add_option("--drain", bench_flags.drain_s, "rate: seconds to wait for the last replies")
      ->capture_default_str();
  mqtt_bench->add_option("--first", bench_flags.first, "fanout, publish: number of the first device")
      ->capture_default_str();
  mqtt_bench->add_flag("--raw", bench_flags.raw, "fanout: also list every arrival");
  mqtt_bench->add_flag("--notify-only", bench_flags.notify_only, "fanout: wait for notify only");
  mqtt_bench->add_option("--timeout", bench_flags.timeout_s, "fanout: seconds to wait for every message")
      ->capture_default_str();
  mqtt_bench->add_option("--json", bench_flags.json_path, "also write the figures to this file");
  CLI11_PARSE(app, argc, argv);
  if (mqtt_bench->parsed()) return fleetjobs::sim::RunMqttBench(bench_flags);
  if (serve->parsed()) return fleetjobs::Serve(flags);
  if (simulate->parsed()) return fleetjobs::sim::RunSimulate(sim_flags);
  if (import->parsed()) return fleetjobs::bulk::RunImportThings(import_flags);
  return 0;
}
