// Store: the persistence interface of fleetjobs.
//
// The engine talks only to this interface; src/store/sqlite/ implements it on SQLite (the embedded
// default) and a PostgreSQL implementation will sit beside it. One conformance suite
// (tests/store/store_conformance_test.cpp) runs against every backend.
//
// Model: every read and write happens inside Transact(fn). The backend begins a transaction,
// calls fn with a StoreTxn bound to it, and commits if fn returns Ok (rolls back otherwise).
// When Transact returns Ok every write of fn is durable (fsync'd on SQLite, committed on
// PostgreSQL). Backend failures become ErrorCode values inside the backend (a unique-key violation
// is kAlreadyExists, a busy database kUnavailable); nothing upstream looks at message text.
//
// Thread safety: Store::Transact may be called from any thread; a StoreTxn must only be used by
// the thread running fn and must not outlive it.
//
// Pagination: List* calls take a PageRequest whose `after` is the opaque cursor of the previous
// page's Page::next (empty for the first page). The cursor is produced and understood only by the
// backend; the API layer wraps it into the wire nextToken.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "model/job_template.h"
#include "model/thing.h"
#include "model/thing_group.h"

namespace fleetjobs {

struct PageRequest {
  std::string after;  // cursor from the previous Page::next; empty = first page
  int limit = 50;     // 1..1000; the engine enforces the API's 1..250
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next;  // absent on the last page
};

struct ThingFilter {
  std::optional<std::string> attribute_name;
  std::optional<std::string> attribute_value;
  bool use_prefix_attribute_value = false;
  std::optional<std::string> thing_type_name;
};

struct ThingGroupFilter {
  std::optional<std::string> parent_group;  // direct children of this group only
  std::optional<std::string> name_prefix;
  bool root_only = false;  // only groups without a parent
};

struct JobFilter {
  std::optional<JobStatus> status;
  std::optional<TargetSelection> target_selection;
  std::optional<std::string> namespace_id;
  std::optional<std::string> target_arn;  // jobs whose targets contain this ARN
};

struct ExecutionFilter {
  std::optional<ExecutionStatus> status;
  std::optional<std::string> namespace_id;  // ListExecutionsForThing only
  std::optional<std::string> job_id;        // ListExecutionsForThing only
  // Only the latest execution of each (job, thing) when true.
  bool latest_only = false;
};

// Transaction-scoped data access. Every method is one statement or a few; the engine composes them.
class StoreTxn {
 public:
  virtual ~StoreTxn() = default;

  // Things. InsertThing: kAlreadyExists on a duplicate name. Update/Delete: kNotFound if absent.
  virtual Result<Thing> GetThing(std::string_view name) = 0;
  virtual Status InsertThing(const Thing& thing) = 0;
  virtual Status UpdateThing(const Thing& thing) = 0;
  virtual Status DeleteThing(std::string_view name) = 0;  // also drops its group memberships
  virtual Result<Page<Thing>> ListThings(const ThingFilter& filter, const PageRequest& page) = 0;

  // Thing groups. Ordered by name.
  virtual Result<ThingGroup> GetThingGroup(std::string_view name) = 0;
  virtual Status InsertThingGroup(const ThingGroup& group) = 0;
  virtual Status DeleteThingGroup(std::string_view name) = 0;  // also drops its memberships
  virtual Result<Page<ThingGroup>> ListThingGroups(const ThingGroupFilter& filter,
                                                   const PageRequest& page) = 0;
  virtual Result<std::vector<std::string>> ListChildGroupNames(std::string_view parent) = 0;

  // Direct group membership. AddMembership is idempotent; RemoveMembership of a non-member is Ok.
  virtual Status AddMembership(std::string_view group, std::string_view thing) = 0;
  virtual Status RemoveMembership(std::string_view group, std::string_view thing) = 0;
  virtual Result<std::vector<std::string>> ListGroupsOfThing(std::string_view thing) = 0;
  // Things directly in `group`, ordered by name.
  virtual Result<Page<std::string>> ListThingsInGroup(std::string_view group, const PageRequest& page) = 0;

  // Jobs. UpdateJob rewrites the whole row. DeleteJob removes the job and all its executions.
  virtual Result<Job> GetJob(std::string_view job_id) = 0;
  // The job's schedulingConfig alone (the device paths ask it of every QUEUED execution they
  // offer; the whole job row costs several JSON decodes). kNotFound like GetJob.
  virtual Result<std::optional<SchedulingConfig>> GetJobSchedulingConfig(std::string_view job_id) = 0;
  virtual Status InsertJob(const Job& job) = 0;
  virtual Status UpdateJob(const Job& job) = 0;
  virtual Status DeleteJob(std::string_view job_id) = 0;
  // Newest first (created_at descending, then job_id).
  virtual Result<Page<Job>> ListJobs(const JobFilter& filter, const PageRequest& page) = 0;
  virtual Result<int64_t> CountJobs(JobStatus status) = 0;

  // Executions. GetExecution with no number returns the highest-numbered one.
  virtual Result<JobExecution> GetExecution(std::string_view job_id, std::string_view thing_name,
                                            std::optional<int64_t> execution_number) = 0;
  virtual Status InsertExecution(const JobExecution& execution) = 0;  // kAlreadyExists on duplicate key
  virtual Status UpdateExecution(const JobExecution& execution) = 0;
  virtual Status DeleteExecution(std::string_view job_id, std::string_view thing_name,
                                 int64_t execution_number) = 0;
  // Ordered by thing name then execution number.
  virtual Result<Page<JobExecution>> ListExecutionsForJob(std::string_view job_id,
                                                          const ExecutionFilter& filter,
                                                          const PageRequest& page) = 0;
  // Ordered by queued_at descending, then job id.
  virtual Result<Page<JobExecution>> ListExecutionsForThing(std::string_view thing_name,
                                                            const ExecutionFilter& filter,
                                                            const PageRequest& page) = 0;
  // QUEUED and IN_PROGRESS executions of a thing: IN_PROGRESS first, then queued_at ascending,
  // then job id. At most `limit`.
  virtual Result<std::vector<JobExecution>> ListPendingExecutionsForThing(std::string_view thing_name,
                                                                          int limit) = 0;

  // Executions with a running timer (an in-progress or step deadline), ordered by key; for
  // rebuilding the timer queue at start-up.
  virtual Result<Page<JobExecution>> ListTimedExecutions(const PageRequest& page) = 0;

  // Rollout queue: the things a rollout has not reached yet, per job, in the order appended.
  // DeleteJob also empties the job's queue.
  virtual Status AppendRolloutThings(std::string_view job_id, const std::vector<std::string>& things) = 0;
  // Removes and returns up to `limit` things from the head of the job's queue.
  virtual Result<std::vector<std::string>> TakeRolloutThings(std::string_view job_id, int limit) = 0;
  virtual Status ClearRolloutThings(std::string_view job_id) = 0;

  // Job templates. InsertJobTemplate: kAlreadyExists on duplicate id. Ordered by id.
  virtual Result<JobTemplate> GetJobTemplate(std::string_view template_id) = 0;
  virtual Status InsertJobTemplate(const JobTemplate& tmpl) = 0;
  virtual Status DeleteJobTemplate(std::string_view template_id) = 0;
  virtual Result<Page<JobTemplate>> ListJobTemplates(const PageRequest& page) = 0;

  // Tags by resource ARN. PutTags merges (a key given again is overwritten).
  virtual Result<std::map<std::string, std::string>> GetTags(std::string_view resource_arn) = 0;
  virtual Status PutTags(std::string_view resource_arn, const std::map<std::string, std::string>& tags) = 0;
  virtual Status RemoveTags(std::string_view resource_arn, const std::vector<std::string>& keys) = 0;
  virtual Status DeleteAllTags(std::string_view resource_arn) = 0;

  // Small account-wide settings (event configurations, virtual clock time, ...). kNotFound if unset.
  virtual Result<std::string> GetSetting(std::string_view key) = 0;
  virtual Status PutSetting(std::string_view key, std::string_view value) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs fn in one read-write transaction; durable when Ok is returned. fn's error is returned
  // unchanged after rollback. kUnavailable when the backend cannot start or commit.
  virtual Status Transact(const std::function<Status(StoreTxn&)>& fn) = 0;

  // Runs fn in a read-only snapshot (writes through the txn are an error).
  virtual Status Read(const std::function<Status(StoreTxn&)>& fn) = 0;
};

}  // namespace fleetjobs
