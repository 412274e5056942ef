// SqliteTxn: the StoreTxn of SqliteStore, bound to one open transaction on one connection.
//
// Created by SqliteStore::Transact/Read only; used by the thread running fn; never outlives the
// transaction. A read-only SqliteTxn (from Read) fails every write with kInternal before touching
// SQLite. Not-found messages name the resource ("Thing t1 does not exist"): they may reach users.
#pragma once

#include <functional>
#include <string>

#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace fleetjobs {

class SqliteTxn final : public StoreTxn {
 public:
  SqliteTxn(SqliteConnection& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Result<Thing> GetThing(std::string_view name) override;
  Status InsertThing(const Thing& thing) override;
  Status UpdateThing(const Thing& thing) override;
  Status DeleteThing(std::string_view name) override;
  Result<Page<Thing>> ListThings(const ThingFilter& filter, const PageRequest& page) override;

  Result<ThingGroup> GetThingGroup(std::string_view name) override;
  Status InsertThingGroup(const ThingGroup& group) override;
  Status DeleteThingGroup(std::string_view name) override;
  Result<Page<ThingGroup>> ListThingGroups(const ThingGroupFilter& filter, const PageRequest& page) override;
  Result<std::vector<std::string>> ListChildGroupNames(std::string_view parent) override;

  Status AddMembership(std::string_view group, std::string_view thing) override;
  Status RemoveMembership(std::string_view group, std::string_view thing) override;
  Result<std::vector<std::string>> ListGroupsOfThing(std::string_view thing) override;
  Result<Page<std::string>> ListThingsInGroup(std::string_view group, const PageRequest& page) override;

  Result<Job> GetJob(std::string_view job_id) override;
  Result<std::optional<SchedulingConfig>> GetJobSchedulingConfig(std::string_view job_id) override;
  Status InsertJob(const Job& job) override;
  Status UpdateJob(const Job& job) override;
  Status DeleteJob(std::string_view job_id) override;
  Result<Page<Job>> ListJobs(const JobFilter& filter, const PageRequest& page) override;
  Result<int64_t> CountJobs(JobStatus status) override;

  Result<JobExecution> GetExecution(std::string_view job_id, std::string_view thing_name,
                                    std::optional<int64_t> execution_number) override;
  Status InsertExecution(const JobExecution& execution) override;
  Status UpdateExecution(const JobExecution& execution) override;
  Status DeleteExecution(std::string_view job_id, std::string_view thing_name,
                         int64_t execution_number) override;
  Result<Page<JobExecution>> ListExecutionsForJob(std::string_view job_id, const ExecutionFilter& filter,
                                                  const PageRequest& page) override;
  Result<Page<JobExecution>> ListTimedExecutions(const PageRequest& page) override;
  Status AppendRolloutThings(std::string_view job_id, const std::vector<std::string>& things) override;
  Result<std::vector<std::string>> TakeRolloutThings(std::string_view job_id, int limit) override;
  Status ClearRolloutThings(std::string_view job_id) override;
  Result<Page<JobExecution>> ListExecutionsForThing(std::string_view thing_name,
                                                    const ExecutionFilter& filter,
                                                    const PageRequest& page) override;
  Result<std::vector<JobExecution>> ListPendingExecutionsForThing(std::string_view thing_name,
                                                                  int limit) override;

  Result<JobTemplate> GetJobTemplate(std::string_view template_id) override;
  Status InsertJobTemplate(const JobTemplate& tmpl) override;
  Status DeleteJobTemplate(std::string_view template_id) override;
  Result<Page<JobTemplate>> ListJobTemplates(const PageRequest& page) override;

  Result<std::map<std::string, std::string>> GetTags(std::string_view resource_arn) override;
  Status PutTags(std::string_view resource_arn, const std::map<std::string, std::string>& tags) override;
  Status RemoveTags(std::string_view resource_arn, const std::vector<std::string>& keys) override;
  Status DeleteAllTags(std::string_view resource_arn) override;

  Result<std::string> GetSetting(std::string_view key) override;
  Status PutSetting(std::string_view key, std::string_view value) override;

 private:
  Status CheckWritable() const;
  // Runs a write of one row; kNotFound with `missing` when it changed no row.
  Status WriteOne(const char* sql, const std::function<void(class SqliteQuery&)>& bind,
                  const std::string& missing);
  // Runs a write statement to completion.
  Status Write(const char* sql, const std::function<void(class SqliteQuery&)>& bind);
  // Makes job_targets hold exactly `job.targets`.
  Status ReplaceJobTargets(const Job& job);

  SqliteConnection& conn_;
  bool read_only_;
};

}  // namespace fleetjobs
