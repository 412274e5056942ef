// ApiHandler end to end: signed requests (signed like boto3) through authentication, plane
// selection, routing, access control, codecs and a real engine over an in-memory SQLite store.
#include "api/request_handler.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <ctime>
#include <memory>

#include "auth/credentials.h"
#include "auth/sigv4_verifier.h"
#include "capture_requests.h"
#include "sigv4_test_signer.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs::api {
namespace {
namespace json = boost::json;
using testing::kCaptureAccessKey;
using testing::kCaptureSecret;

// 2026-11-23T01:10:20.123Z: inside the 15-minute window of every captured request.
constexpr int64_t kNowMillis = 1795396220123;
constexpr const char* kThingKey = "AKIDTHINGT1";
constexpr const char* kThingSecret = "thing-secret-t1";
constexpr size_t kDataListener = 1;

std::string Header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return "";
}

class ApiHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    engine_ = std::make_unique<Engine>(*store_, clock_, EngineOptions{});
    auto creds = auth::CredentialStore::Parse(std::string(kCaptureAccessKey) + " " + kCaptureSecret +
                                              " admin\n" + kThingKey + " " + kThingSecret + " thing:t1\n");
    ASSERT_TRUE(creds.ok()) << creds.error().message;
    credentials_ = std::move(creds).value();
    verifier_ = std::make_unique<auth::SigV4Verifier>(credentials_, "us-east-1", clock_);
    handler_ = MakeHandler(verifier_.get());
  }

  std::unique_ptr<ApiHandler> MakeHandler(const auth::SigV4Verifier* verifier) {
    ApiHandlerOptions options;
    options.public_endpoint = "127.0.0.1:18443";
    options.jobs_endpoint = "127.0.0.1:18444";
    options.data_plane_listeners = {kDataListener};
    return std::make_unique<ApiHandler>(*engine_, verifier, options);
  }

  static std::string AmzDate(Timestamp t) {
    std::time_t secs = ToEpochSeconds(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
    return buf;
  }

  // A request signed like boto3 (host;x-amz-date, + content-type with a body).
  http::Request Signed(std::string method, std::string target, std::string body = "",
                       std::string_view service = "iot", std::string_view key = kCaptureAccessKey,
                       std::string_view secret = kCaptureSecret) {
    testing::SigningInput in;
    in.method = std::move(method);
    in.target = std::move(target);
    in.body = std::move(body);
    in.headers = {{"host", "127.0.0.1:18443"}, {"X-Amz-Date", AmzDate(clock_.Now())}};
    in.signed_headers = {"host", "x-amz-date"};
    if (!in.body.empty()) {
      in.headers.emplace_back("Content-Type", "application/json");
      in.signed_headers.push_back("content-type");
    }
    std::string authorization = testing::Sign(in, key, secret, "us-east-1", service);
    http::Request r;
    r.method = in.method;
    r.target = in.target;
    r.headers = in.headers;
    r.headers.emplace_back("Authorization", authorization);
    r.body = in.body;
    r.listener_index = 0;
    return r;
  }

  http::Response Send(http::Request r) { return handler_->Handle(std::move(r)); }
  http::Response Control(std::string method, std::string target, std::string body = "") {
    return Send(Signed(std::move(method), std::move(target), std::move(body), "iot"));
  }
  http::Response Data(std::string method, std::string target, std::string body = "") {
    return Send(Signed(std::move(method), std::move(target), std::move(body), "iot-jobs-data"));
  }

  static json::object Body(const http::Response& r) {
    if (r.body.empty()) return {};
    return json::parse(r.body).as_object();
  }

  static void ExpectError(const http::Response& r, int status, std::string_view code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(Header(r, "x-amzn-ErrorType"), code) << r.body;
    json::object body = Body(r);
    EXPECT_EQ(body["__type"], json::value(code)) << r.body;
    EXPECT_TRUE(body["message"].is_string()) << r.body;
    EXPECT_FALSE(Header(r, "x-amzn-RequestId").empty());
  }

  void AddThing(const std::string& name) {
    Thing t;
    t.thing_name = name;
    t.thing_id = "id-" + name;
    t.thing_arn = engine_->context().arns.Thing(name);
    ASSERT_TRUE(store_->Transact([&](StoreTxn& txn) { return txn.InsertThing(t); }).ok());
  }

  // Seeds t1 and creates job `id` targeting it through the API.
  void CreateJob(const std::string& id, const std::string& thing = "t1") {
    http::Response r = Control("PUT", "/jobs/" + id,
                               R"({"targets":[")" + engine_->context().arns.Thing(thing) +
                                   R"("],"document":"{\"op\":\"reboot\"}","description":"d"})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  ManualClock clock_{FromEpochMillis(kNowMillis)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Engine> engine_;
  auth::CredentialStore credentials_;
  std::unique_ptr<auth::SigV4Verifier> verifier_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(ApiHandlerTest, HealthNeedsNoSignature) {
  http::Request r;
  r.method = "GET";
  r.target = "/health";
  http::Response resp = Send(std::move(r));
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, R"({"status":"ok"})");
  EXPECT_EQ(Header(resp, "Content-Type"), "application/json");
  EXPECT_EQ(Header(resp, "x-amzn-RequestId").size(), 36u);
}

TEST_F(ApiHandlerTest, AuthenticationFailures) {
  http::Request unsigned_request;
  unsigned_request.method = "GET";
  unsigned_request.target = "/jobs";
  ExpectError(Send(std::move(unsigned_request)), 403, "MissingAuthenticationTokenException");

  http::Request tampered = Signed("PUT", "/jobs/j1", R"({"targets":[]})");
  tampered.body = R"({"targets":["x"]})";
  ExpectError(Send(std::move(tampered)), 403, "InvalidSignatureException");

  ExpectError(Send(Signed("GET", "/jobs", "", "iot", "AKIDUNKNOWN", "nope")), 403,
              "UnrecognizedClientException");
}

TEST_F(ApiHandlerTest, TransportFailureResponses) {
  ExpectError(ApiHandler::BodyTooLarge(1024), 413, "RequestEntityTooLargeException");
  http::Response bad = ApiHandler::BadRequest("malformed request line");
  ExpectError(bad, 400, "InvalidRequestException");
  EXPECT_EQ(Body(bad)["message"], "malformed request line");
}

TEST_F(ApiHandlerTest, RequestIdsAreUnique) {
  http::Response a = Control("GET", "/jobs");
  http::Response b = Control("GET", "/jobs");
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_NE(Header(a, "x-amzn-RequestId"), Header(b, "x-amzn-RequestId"));
}

TEST_F(ApiHandlerTest, UnknownRoute) {
  ExpectError(Control("GET", "/nothing-here"), 404, "UnknownOperationException");
  ExpectError(Control("GET", "/managed-job-templates"), 404, "UnknownOperationException");
  ExpectError(Data("POST", "/command-executions", "{}"), 404, "UnknownOperationException");
  // StartNext exists only on the data plane.
  ExpectError(Control("PUT", "/things/t1/jobs/$next", "{}"), 404, "UnknownOperationException");
}

TEST_F(ApiHandlerTest, InvalidPathEscapeIsInvalidRequest) {
  ExpectError(Control("GET", "/jobs/a%zz"), 400, "InvalidRequestException");
}

TEST_F(ApiHandlerTest, JobLifecycleAcrossBothPlanes) {
  AddThing("t1");
  http::Response created = Control("PUT", "/jobs/j1",
                                   R"({"targets":["arn:aws:iot:us-east-1:123456789012:thing/t1"],
                                       "document":"{\"op\":\"reboot\"}","description":"first"})");
  ASSERT_EQ(created.status, 200) << created.body;
  json::object c = Body(created);
  EXPECT_EQ(c["jobId"], "j1");
  EXPECT_EQ(c["jobArn"], "arn:aws:iot:us-east-1:123456789012:job/j1");
  EXPECT_EQ(c["description"], "first");

  http::Response described = Control("GET", "/jobs/j1");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_NE(described.body.find("\"createdAt\":1795396220.123"), std::string::npos) << described.body;
  json::object job = Body(described)["job"].as_object();
  EXPECT_EQ(job["status"], "IN_PROGRESS");
  EXPECT_EQ(job["targetSelection"], "SNAPSHOT");
  EXPECT_FALSE(job.contains("document"));

  http::Response doc = Control("GET", "/jobs/j1/job-document");
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(Body(doc)["document"], "{\"op\":\"reboot\"}");

  // Control-plane execution: thingArn, statusDetails {}, fractional epoch seconds.
  http::Response control_exec = Control("GET", "/things/t1/jobs/j1");
  ASSERT_EQ(control_exec.status, 200) << control_exec.body;
  json::object ce = Body(control_exec)["execution"].as_object();
  EXPECT_EQ(ce["thingArn"], "arn:aws:iot:us-east-1:123456789012:thing/t1");
  EXPECT_FALSE(ce.contains("thingName"));
  EXPECT_FALSE(ce.contains("jobDocument"));
  EXPECT_EQ(ce["status"], "QUEUED");
  EXPECT_TRUE(ce["statusDetails"].is_object());
  EXPECT_NE(control_exec.body.find("\"queuedAt\":1795396220.123"), std::string::npos) << control_exec.body;

  // Same path on the data plane: thingName, flat statusDetails, integer seconds, the document.
  http::Response data_exec = Data("GET", "/things/t1/jobs/j1");
  ASSERT_EQ(data_exec.status, 200) << data_exec.body;
  json::object de = Body(data_exec)["execution"].as_object();
  EXPECT_EQ(de["thingName"], "t1");
  EXPECT_FALSE(de.contains("thingArn"));
  EXPECT_EQ(de["jobDocument"], "{\"op\":\"reboot\"}");
  EXPECT_EQ(de["queuedAt"], 1795396220);
  EXPECT_TRUE(de["queuedAt"].is_int64());

  http::Response next = Data("GET", "/things/t1/jobs/%24next?includeJobDocument=false");
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(Body(next)["execution"].at("jobId"), "j1");
  EXPECT_FALSE(Body(next)["execution"].as_object().contains("jobDocument"));

  http::Response pending = Data("GET", "/things/t1/jobs");
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_EQ(Body(pending)["queuedJobs"].as_array().size(), 1u);
  EXPECT_TRUE(Body(pending)["inProgressJobs"].as_array().empty());

  http::Response started = Data("PUT", "/things/t1/jobs/$next", R"({"statusDetails":{"step":"1"}})");
  ASSERT_EQ(started.status, 200) << started.body;
  json::object se = Body(started)["execution"].as_object();
  EXPECT_EQ(se["status"], "IN_PROGRESS");
  EXPECT_EQ(se["statusDetails"].at("step"), "1");
  int64_t version = se["versionNumber"].as_int64();

  ExpectError(Data("POST", "/things/t1/jobs/j1", R"({"status":"SUCCEEDED","expectedVersion":999})"), 409,
              "VersionConflictException");
  ExpectError(Data("POST", "/things/t1/jobs/j1", R"({"status":"SUCCESS"})"), 400, "InvalidRequestException");

  http::Response updated = Data("POST", "/things/t1/jobs/j1",
                                R"({"status":"SUCCEEDED","expectedVersion":)" + std::to_string(version) +
                                    R"(,"includeJobExecutionState":true,"includeJobDocument":true})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Body(updated)["executionState"].at("status"), "SUCCEEDED");
  EXPECT_EQ(Body(updated)["jobDocument"], "{\"op\":\"reboot\"}");

  ExpectError(Data("POST", "/things/t1/jobs/j1", R"({"status":"FAILED"})"), 409,
              "InvalidStateTransitionException");

  // Nothing pending any more: StartNext and $next answer without `execution`.
  http::Response none = Data("PUT", "/things/t1/jobs/$next", "");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_FALSE(Body(none).contains("execution"));

  http::Response for_job = Control("GET", "/jobs/j1/things");
  ASSERT_EQ(for_job.status, 200) << for_job.body;
  json::array summaries = Body(for_job)["executionSummaries"].as_array();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].at("thingArn"), "arn:aws:iot:us-east-1:123456789012:thing/t1");
  EXPECT_EQ(summaries[0].at("jobExecutionSummary").at("status"), "SUCCEEDED");

  http::Response for_thing = Control("GET", "/things/t1/jobs?status=SUCCEEDED");
  ASSERT_EQ(for_thing.status, 200) << for_thing.body;
  EXPECT_EQ(Body(for_thing)["executionSummaries"].at(0).at("jobId"), "j1");
}

TEST_F(ApiHandlerTest, ExecuteApiScopeIsTheControlPlane) {
  AddThing("t1");
  CreateJob("j1");
  http::Response r = Send(Signed("GET", "/things/t1/jobs/j1", "", "execute-api"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["execution"].as_object().contains("thingArn"));
}

TEST_F(ApiHandlerTest, ErrorsOfTheEngineAreMapped) {
  ExpectError(Control("GET", "/jobs/nope"), 404, "ResourceNotFoundException");
  ExpectError(Control("PUT", "/jobs/j1", R"({"targets":)"), 400, "InvalidRequestException");
  EXPECT_EQ(Body(Control("PUT", "/jobs/j1", "{not json"))["message"],
            "Could not parse request body into json");
  ExpectError(Control("PUT", "/jobs/j1", R"({"targets":"x"})"), 400, "InvalidRequestException");
  ExpectError(Control("GET", "/jobs?maxResults=0"), 400, "InvalidRequestException");
  http::Response bad_token = Control("GET", "/jobs?nextToken=tok");
  ExpectError(bad_token, 400, "InvalidRequestException");
  EXPECT_EQ(Body(bad_token)["message"], "Invalid nextToken");
  AddThing("t1");
  CreateJob("j1");
  http::Response dup =
      Control("PUT", "/jobs/j1", R"({"targets":["arn:aws:iot:us-east-1:123456789012:thing/t1"],
                                                    "document":"{}"})");
  ExpectError(dup, 409, "ResourceAlreadyExistsException");
}

TEST_F(ApiHandlerTest, ListJobsPaginates) {
  AddThing("t1");
  for (int i = 0; i < 3; ++i) {
    CreateJob("p" + std::to_string(i));
    clock_.Advance(std::chrono::seconds(1));
  }
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    std::string target = "/jobs?maxResults=2";
    if (!token.empty()) target += "&nextToken=" + token;
    http::Response r = Control("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    json::object b = Body(r);
    for (const auto& j : b["jobs"].as_array()) seen.emplace_back(j.at("jobId").as_string());
    token = b.contains("nextToken") ? std::string(b["nextToken"].as_string()) : "";
    ++pages;
  } while (!token.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::vector<std::string>{"p2", "p1", "p0"}));  // newest first
}

TEST_F(ApiHandlerTest, ThingCredentialIsConfinedToItsOwnThing) {
  AddThing("t1");
  AddThing("t2");
  CreateJob("j1", "t1");
  http::Response own = Send(Signed("GET", "/things/t1/jobs", "", "iot-jobs-data", kThingKey, kThingSecret));
  EXPECT_EQ(own.status, 200) << own.body;

  http::Response other = Send(Signed("GET", "/things/t2/jobs", "", "iot-jobs-data", kThingKey, kThingSecret));
  ExpectError(other, 403, "AccessDeniedException");
  std::string message(Body(other)["message"].as_string());
  EXPECT_NE(message.find("iotjobsdata:GetPendingJobExecutions"), std::string::npos) << message;
  EXPECT_NE(message.find("arn:aws:iot:us-east-1:123456789012:thing/t2"), std::string::npos) << message;

  http::Response control = Send(Signed("GET", "/jobs", "", "iot", kThingKey, kThingSecret));
  ExpectError(control, 403, "AccessDeniedException");
  EXPECT_NE(std::string(Body(control)["message"].as_string()).find("iot:ListJobs"), std::string::npos);

  // Control-plane form of the thing's own path is still the control plane: denied.
  ExpectError(Send(Signed("GET", "/things/t1/jobs/j1", "", "iot", kThingKey, kThingSecret)), 403,
              "AccessDeniedException");
}

TEST_F(ApiHandlerTest, DataPlaneListenerForcesTheDataPlane) {
  AddThing("t1");
  CreateJob("j1");
  http::Request r = Signed("GET", "/things/t1/jobs/j1", "", "iot");
  r.listener_index = kDataListener;
  http::Response resp = Send(std::move(r));
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_TRUE(Body(resp)["execution"].as_object().contains("thingName"));

  http::Request control_only = Signed("GET", "/jobs", "", "iot");
  control_only.listener_index = kDataListener;
  ExpectError(Send(std::move(control_only)), 404, "UnknownOperationException");
}

TEST_F(ApiHandlerTest, AuthNoneChoosesThePlaneFromListenerSignatureOrRoute) {
  auto open = MakeHandler(nullptr);
  AddThing("t1");
  CreateJob("j1");
  auto unsigned_request = [](std::string method, std::string target, std::string body = "") {
    http::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    return r;
  };
  // No signature: the control plane ...
  http::Response control = open->Handle(unsigned_request("GET", "/things/t1/jobs/j1"));
  ASSERT_EQ(control.status, 200) << control.body;
  EXPECT_TRUE(Body(control)["execution"].as_object().contains("thingArn"));
  // ... unless the route exists only on the data plane.
  http::Response start = open->Handle(unsigned_request("PUT", "/things/t1/jobs/$next", "{}"));
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_EQ(Body(start)["execution"].at("status"), "IN_PROGRESS");
  // A signature (not verified) names the plane.
  http::Request scoped = Signed("GET", "/things/t1/jobs/j1", "", "iot-jobs-data", "ANYKEY", "anything");
  http::Response data = open->Handle(std::move(scoped));
  ASSERT_EQ(data.status, 200) << data.body;
  EXPECT_TRUE(Body(data)["execution"].as_object().contains("thingName"));
  // So does the listener.
  http::Request on_data = unsigned_request("GET", "/things/t1/jobs");
  on_data.listener_index = kDataListener;
  http::Response pending = open->Handle(std::move(on_data));
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_TRUE(Body(pending).contains("inProgressJobs"));
}

TEST_F(ApiHandlerTest, RegistryAndAccountOperations) {
  http::Response thing = Control("POST", "/things/t1", R"({"attributePayload":{"attributes":{"a":"1"}}})");
  ASSERT_EQ(thing.status, 200) << thing.body;
  EXPECT_EQ(Body(thing)["thingArn"], "arn:aws:iot:us-east-1:123456789012:thing/t1");
  http::Response group = Control("POST", "/thing-groups/g1", R"({"tags":[{"Key":"k","Value":"v"}]})");
  ASSERT_EQ(group.status, 200) << group.body;
  http::Response add =
      Control("PUT", "/thing-groups/addThingToThingGroup", R"({"thingGroupName":"g1","thingName":"t1"})");
  ASSERT_EQ(add.status, 200) << add.body;
  http::Response members = Control("GET", "/thing-groups/g1/things");
  ASSERT_EQ(members.status, 200) << members.body;
  EXPECT_EQ(Body(members)["things"].at(0), "t1");
  http::Response described = Control("GET", "/things/t1");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_EQ(Body(described)["attributes"].at("a"), "1");
  http::Response groups = Control("GET", "/things/t1/thing-groups");
  ASSERT_EQ(groups.status, 200) << groups.body;
  EXPECT_EQ(Body(groups)["thingGroups"].at(0).at("groupName"), "g1");

  http::Response endpoint = Control("GET", "/endpoint?endpointType=iot%3AJobs");
  ASSERT_EQ(endpoint.status, 200) << endpoint.body;
  EXPECT_EQ(Body(endpoint)["endpointAddress"], "127.0.0.1:18444");
  http::Response ats = Control("GET", "/endpoint?endpointType=iot%3AData-ATS");
  ASSERT_EQ(ats.status, 200) << ats.body;
  EXPECT_EQ(Body(ats)["endpointAddress"], "127.0.0.1:18443");
  ExpectError(Control("GET", "/endpoint?endpointType=iot%3AOther"), 400, "InvalidRequestException");

  std::string group_arn = "arn:aws:iot:us-east-1:123456789012:thinggroup/g1";
  http::Response tag =
      Control("POST", "/tags", R"({"resourceArn":")" + group_arn + R"(","tags":[{"Key":"x","Value":"y"}]})");
  ASSERT_EQ(tag.status, 200) << tag.body;
  http::Response tags =
      Control("GET", "/tags?resourceArn=arn%3Aaws%3Aiot%3Aus-east-1%3A123456789012%3Athinggroup%2Fg1");
  ASSERT_EQ(tags.status, 200) << tags.body;
  EXPECT_EQ(Body(tags)["tags"].as_array().size(), 2u);

  http::Response events =
      Control("PATCH", "/event-configurations", R"({"eventConfigurations":{"JOB":{"Enabled":true}}})");
  ASSERT_EQ(events.status, 200) << events.body;
  http::Response described_events = Control("GET", "/event-configurations");
  ASSERT_EQ(described_events.status, 200) << described_events.body;
  EXPECT_EQ(Body(described_events)["eventConfigurations"].at("JOB").at("Enabled"), true);
}

TEST_F(ApiHandlerTest, EveryCapturedClientRequestAuthenticatesAndRoutes) {
  std::vector<testing::CapturedRequest> captured = testing::LoadCapturedRequests();
  if (captured.empty()) GTEST_SKIP() << "sigv4-capture.jsonl not found";
  int replayed = 0;
  for (const testing::CapturedRequest& c : captured) {
    if (c.Header("Authorization").empty()) continue;
    http::Request r;
    r.method = c.method;
    r.target = c.target;
    r.headers = c.headers;
    r.body = c.body;
    http::Response resp = Send(std::move(r));
    std::string type = Header(resp, "x-amzn-ErrorType");
    EXPECT_NE(resp.status, 403) << c.mark << " " << c.target << ": " << resp.body;
    EXPECT_NE(type, "UnknownOperationException") << c.mark << " " << c.target;
    EXPECT_LT(resp.status, 500) << c.mark << " " << c.target << ": " << resp.body;
    EXPECT_FALSE(Header(resp, "x-amzn-RequestId").empty());
    ++replayed;
  }
  EXPECT_GT(replayed, 150);
}

}  // namespace
}  // namespace fleetjobs::api
