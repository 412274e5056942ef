// Helpers shared by the store tests: assertion macros, entity builders, field-by-field
// comparisons, page walking and a self-deleting temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

// Work on Status and Result<T> alike.
#define FJ_ASSERT_OK(expr)                                       \
  do {                                                           \
    auto _r = (expr);                                            \
    ASSERT_TRUE(_r.ok()) << #expr << ": " << _r.error().message; \
  } while (0)

#define FJ_EXPECT_OK(expr)                                       \
  do {                                                           \
    auto _r = (expr);                                            \
    EXPECT_TRUE(_r.ok()) << #expr << ": " << _r.error().message; \
  } while (0)

#define FJ_EXPECT_CODE(expr, want)                                               \
  do {                                                                           \
    auto _r = (expr);                                                            \
    if (_r.ok()) {                                                               \
      ADD_FAILURE() << "expected an error from " #expr;                          \
    } else {                                                                     \
      EXPECT_EQ(_r.error().code, (want)) << #expr << ": " << _r.error().message; \
    }                                                                            \
  } while (0)

namespace fleetjobs {

// Readable codes in failure output.
inline void PrintTo(ErrorCode code, std::ostream* os) {
  *os << "ErrorCode(" << static_cast<int>(code) << ")";
}

}  // namespace fleetjobs

namespace fleetjobs::store_testing {

// The value of `r`, or a test failure and T{}.
template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().message;
    return T{};
  }
  return std::move(r).value();
}

// 2023-11-14T22:13:20Z plus `ms` milliseconds.
inline Timestamp At(int64_t ms) { return FromEpochMillis(1'700'000'000'000 + ms); }

// A directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fleetjobs-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// ---- builders: required members only ------------------------------------------------------------

inline Thing MakeThing(const std::string& name) {
  Thing t;
  t.thing_name = name;
  t.thing_id = "id-" + name;
  t.thing_arn = "arn:aws:iot:us-east-1:123456789012:thing/" + name;
  return t;
}

inline ThingGroup MakeGroup(const std::string& name, std::optional<std::string> parent = std::nullopt) {
  ThingGroup g;
  g.group_name = name;
  g.group_id = "gid-" + name;
  g.group_arn = "arn:aws:iot:us-east-1:123456789012:thinggroup/" + name;
  g.parent_group_name = std::move(parent);
  g.created_at = At(0);
  return g;
}

// Every optional member absent, every collection empty; created and last updated at At(created_ms).
inline Job MakeJob(const std::string& id, int64_t created_ms = 0) {
  Job j;
  j.job_id = id;
  j.job_arn = "arn:aws:iot:us-east-1:123456789012:job/" + id;
  j.created_at = At(created_ms);
  j.last_updated_at = At(created_ms);
  return j;
}

inline JobExecution MakeExecution(const std::string& job_id, const std::string& thing, int64_t number = 1,
                                  ExecutionStatus status = ExecutionStatus::kQueued, int64_t queued_ms = 0) {
  JobExecution e;
  e.job_id = job_id;
  e.thing_name = thing;
  e.execution_number = number;
  e.status = status;
  e.queued_at = At(queued_ms);
  e.last_updated_at = At(queued_ms);
  return e;
}

inline JobTemplate MakeTemplate(const std::string& id) {
  JobTemplate t;
  t.template_id = id;
  t.template_arn = "arn:aws:iot:us-east-1:123456789012:jobtemplate/" + id;
  t.description = "template " + id;
  t.created_at = At(0);
  return t;
}

// ---- comparisons --------------------------------------------------------------------------------

inline void ExpectSameThing(const Thing& got, const Thing& want) {
  SCOPED_TRACE("thing " + want.thing_name);
  EXPECT_EQ(got.thing_name, want.thing_name);
  EXPECT_EQ(got.thing_id, want.thing_id);
  EXPECT_EQ(got.thing_arn, want.thing_arn);
  EXPECT_EQ(got.thing_type_name, want.thing_type_name);
  EXPECT_EQ(got.billing_group_name, want.billing_group_name);
  EXPECT_EQ(got.attributes, want.attributes);
  EXPECT_EQ(got.version, want.version);
}

inline void ExpectSameGroup(const ThingGroup& got, const ThingGroup& want) {
  SCOPED_TRACE("group " + want.group_name);
  EXPECT_EQ(got.group_name, want.group_name);
  EXPECT_EQ(got.group_id, want.group_id);
  EXPECT_EQ(got.group_arn, want.group_arn);
  EXPECT_EQ(got.parent_group_name, want.parent_group_name);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.attributes, want.attributes);
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.created_at, want.created_at);
}

inline void ExpectSameJob(const Job& got, const Job& want) {
  SCOPED_TRACE("job " + want.job_id);
  EXPECT_EQ(got.job_id, want.job_id);
  EXPECT_EQ(got.job_arn, want.job_arn);
  EXPECT_EQ(got.target_selection, want.target_selection);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.force_canceled, want.force_canceled);
  EXPECT_EQ(got.reason_code, want.reason_code);
  EXPECT_EQ(got.comment, want.comment);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.targets, want.targets);
  EXPECT_EQ(got.document, want.document);
  EXPECT_EQ(got.document_source, want.document_source);
  EXPECT_TRUE(got.presigned_url_config == want.presigned_url_config) << "presigned_url_config";
  EXPECT_TRUE(got.rollout_config == want.rollout_config) << "rollout_config";
  EXPECT_TRUE(got.abort_config == want.abort_config) << "abort_config";
  EXPECT_TRUE(got.timeout_config == want.timeout_config) << "timeout_config";
  EXPECT_TRUE(got.retry_config == want.retry_config) << "retry_config";
  EXPECT_TRUE(got.scheduling_config == want.scheduling_config) << "scheduling_config";
  EXPECT_EQ(got.namespace_id, want.namespace_id);
  EXPECT_EQ(got.job_template_arn, want.job_template_arn);
  EXPECT_EQ(got.document_parameters, want.document_parameters);
  EXPECT_EQ(got.destination_package_versions, want.destination_package_versions);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.last_updated_at, want.last_updated_at);
  EXPECT_EQ(got.completed_at, want.completed_at);
  EXPECT_TRUE(got.process_details == want.process_details) << "process_details";
  EXPECT_TRUE(got.thing_details == want.thing_details) << "thing_details";
  EXPECT_EQ(got.rollout, want.rollout) << "rollout";
  EXPECT_EQ(got.processing_targets, want.processing_targets);
  EXPECT_EQ(got.is_concurrent, want.is_concurrent);
  EXPECT_EQ(got.row_version, want.row_version);
}

inline void ExpectSameExecution(const JobExecution& got, const JobExecution& want) {
  SCOPED_TRACE("execution " + want.job_id + "/" + want.thing_name + "#" +
               std::to_string(want.execution_number));
  EXPECT_EQ(got.job_id, want.job_id);
  EXPECT_EQ(got.thing_name, want.thing_name);
  EXPECT_EQ(got.execution_number, want.execution_number);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.force_canceled, want.force_canceled);
  EXPECT_EQ(got.status_details, want.status_details);
  EXPECT_EQ(got.queued_at, want.queued_at);
  EXPECT_EQ(got.started_at, want.started_at);
  EXPECT_EQ(got.last_updated_at, want.last_updated_at);
  EXPECT_EQ(got.version_number, want.version_number);
  EXPECT_EQ(got.retry_attempt, want.retry_attempt);
  EXPECT_EQ(got.in_progress_deadline, want.in_progress_deadline);
  EXPECT_EQ(got.step_deadline, want.step_deadline);
  EXPECT_EQ(got.namespace_id, want.namespace_id);
}

inline void ExpectSameTemplate(const JobTemplate& got, const JobTemplate& want) {
  SCOPED_TRACE("template " + want.template_id);
  EXPECT_EQ(got.template_id, want.template_id);
  EXPECT_EQ(got.template_arn, want.template_arn);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.document, want.document);
  EXPECT_EQ(got.document_source, want.document_source);
  EXPECT_TRUE(got.presigned_url_config == want.presigned_url_config) << "presigned_url_config";
  EXPECT_TRUE(got.rollout_config == want.rollout_config) << "rollout_config";
  EXPECT_TRUE(got.abort_config == want.abort_config) << "abort_config";
  EXPECT_TRUE(got.timeout_config == want.timeout_config) << "timeout_config";
  EXPECT_TRUE(got.retry_config == want.retry_config) << "retry_config";
  EXPECT_TRUE(got.maintenance_windows == want.maintenance_windows) << "maintenance_windows";
  EXPECT_EQ(got.destination_package_versions, want.destination_package_versions);
  EXPECT_EQ(got.created_at, want.created_at);
}

// ---- listings -----------------------------------------------------------------------------------

// Every item of a listing, one Read per page as an API client would page. Checks the page
// contract on the way: no page exceeds the limit, a page with a next cursor is full, only the
// first page may be empty. An error is a test failure and ends the walk.
template <typename T>
std::vector<T> WalkPages(Store& store, int limit,
                         const std::function<Result<Page<T>>(StoreTxn&, const PageRequest&)>& list) {
  std::vector<T> all;
  PageRequest page;
  page.limit = limit;
  for (int n = 0; n < 100000; ++n) {
    std::optional<Result<Page<T>>> got;
    Status st = store.Read([&](StoreTxn& txn) {
      got.emplace(list(txn, page));
      return Status::Ok();
    });
    if (!st.ok()) {
      ADD_FAILURE() << "Read failed: " << st.error().message;
      return all;
    }
    if (!got->ok()) {
      ADD_FAILURE() << "listing failed on page " << n << ": " << got->error().message;
      return all;
    }
    Page<T>& p = got->value();
    EXPECT_LE(p.items.size(), static_cast<size_t>(limit)) << "page " << n;
    if (n > 0) {
      EXPECT_FALSE(p.items.empty()) << "empty page " << n;
    }
    if (p.next) {
      EXPECT_EQ(p.items.size(), static_cast<size_t>(limit)) << "short page " << n << " with a next";
    }
    for (auto& item : p.items) all.push_back(std::move(item));
    if (!p.next) return all;
    EXPECT_FALSE(p.next->empty()) << "empty cursor";
    page.after = *p.next;
  }
  ADD_FAILURE() << "pagination does not end";
  return all;
}

template <typename T, typename KeyFn>
auto Keys(const std::vector<T>& items, KeyFn key) {
  std::vector<std::decay_t<decltype(key(std::declval<const T&>()))>> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(key(item));
  return out;
}

}  // namespace fleetjobs::store_testing
