// Test helper: loads the requests real clients sent to the capturing server
// (shared/spec/wire/sigv4-capture.jsonl, also copied to tests/auth/data/), each with the `mark`
// line naming its client and operation. Signed with AKIDEXAMPLE / kCaptureSecret, us-east-1.
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace fleetjobs::api::testing {

inline constexpr const char* kCaptureAccessKey = "AKIDEXAMPLE";
inline constexpr const char* kCaptureSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

struct CapturedRequest {
  std::string mark;  // e.g. "debian-boto3:iot.create_thing"
  std::string method;
  std::string target;  // raw path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return "";
  }
};

// Empty when the file is missing.
inline std::vector<CapturedRequest> LoadCapturedRequests() {
  std::ifstream in(std::string(FLEETJOBS_SHARED_DIR) + "/spec/wire/sigv4-capture.jsonl");
  if (!in) in.open(std::string(FLEETJOBS_SOURCE_DIR) + "/tests/auth/data/sigv4-capture.jsonl");
  std::vector<CapturedRequest> out;
  std::string line;
  std::string mark;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    boost::json::object o = boost::json::parse(line).as_object();
    if (o.contains("mark")) {
      mark = std::string(o.at("mark").as_string());
      continue;
    }
    CapturedRequest r;
    r.mark = mark;
    r.method = std::string(o.at("method").as_string());
    r.target = std::string(o.at("raw_path").as_string());
    for (const auto& h : o.at("headers").as_array()) {
      r.headers.emplace_back(std::string(h.as_array().at(0).as_string()),
                             std::string(h.as_array().at(1).as_string()));
    }
    r.body = std::string(o.at("body").as_string());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fleetjobs::api::testing
