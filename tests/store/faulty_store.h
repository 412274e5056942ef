// FaultyStore: a Store decorator that injects storage failures, for testing callers' recovery
// (STYLE.md §13). Everything else passes straight through to the inner store.
//
// Two faults, each armed for one occurrence and counted from the moment it is armed:
//  - FailTransactNumber(n): the n-th Transact call fails as if its commit had failed. fn runs
//    normally; then the decorator returns kUnavailable from inside the inner transaction, so the
//    inner store rolls every write of fn back. If fn itself fails, fn's error wins and the fault
//    stays armed for no later call (that Transact was the n-th).
//  - FailWriteNumber(n): the n-th write through a StoreTxn of Transact (Insert*, Update*, Delete*,
//    AddMembership, RemoveMembership, PutTags, RemoveTags, DeleteAllTags, PutSetting) returns
//    kUnavailable without reaching the inner store. The caller sees the error like any storage
//    failure; what it does with it (usually: return it, so Transact rolls back) is what is tested.
// Reads (Get*, List*, Count*) and Read calls are never failed and not counted.
//
// Ownership: owns the inner store (unique_ptr constructor) or borrows it (reference constructor,
// which must outlive the decorator). Thread safety: as the inner store; counters are atomic.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace fleetjobs::store_testing {

class FaultyStore final : public Store {
 public:
  explicit FaultyStore(std::unique_ptr<Store> inner) : owned_(std::move(inner)), inner_(*owned_) {}
  explicit FaultyStore(Store& inner) : inner_(inner) {}

  // The n-th Transact from now (1 = the next one) fails at commit with kUnavailable; 0 disarms.
  void FailTransactNumber(int n) {
    transacts_.store(0);
    fail_transact_at_.store(n);
  }
  // The n-th write from now (1 = the next one) fails with kUnavailable; 0 disarms.
  void FailWriteNumber(int n) {
    writes_.store(0);
    fail_write_at_.store(n);
  }
  // Faults injected so far (both kinds).
  int injected_failures() const { return injected_.load(); }
  // Writes attempted since the last FailWriteNumber (all of them, including a failed one).
  int writes() const { return writes_.load(); }

  Status Transact(const std::function<Status(StoreTxn&)>& fn) override {
    const int call = transacts_.fetch_add(1) + 1;
    const bool fail_commit = call == fail_transact_at_.load();
    return inner_.Transact([&](StoreTxn& txn) -> Status {
      Txn faulty(*this, txn);
      FJ_RETURN_IF_ERROR(fn(faulty));
      if (!fail_commit) return Status::Ok();
      injected_.fetch_add(1);
      return MakeError(ErrorCode::kUnavailable, "injected commit failure");
    });
  }

  Status Read(const std::function<Status(StoreTxn&)>& fn) override { return inner_.Read(fn); }

 private:
  // Forwards every call; writes first ask the owner whether to fail.
  class Txn final : public StoreTxn {
   public:
    Txn(FaultyStore& owner, StoreTxn& inner) : owner_(owner), in_(inner) {}

    Result<Thing> GetThing(std::string_view name) override { return in_.GetThing(name); }
    Status InsertThing(const Thing& t) override {
      return Write([&] { return in_.InsertThing(t); });
    }
    Status UpdateThing(const Thing& t) override {
      return Write([&] { return in_.UpdateThing(t); });
    }
    Status DeleteThing(std::string_view name) override {
      return Write([&] { return in_.DeleteThing(name); });
    }
    Result<Page<Thing>> ListThings(const ThingFilter& f, const PageRequest& p) override {
      return in_.ListThings(f, p);
    }

    Result<ThingGroup> GetThingGroup(std::string_view name) override { return in_.GetThingGroup(name); }
    Status InsertThingGroup(const ThingGroup& g) override {
      return Write([&] { return in_.InsertThingGroup(g); });
    }
    Status DeleteThingGroup(std::string_view name) override {
      return Write([&] { return in_.DeleteThingGroup(name); });
    }
    Result<Page<ThingGroup>> ListThingGroups(const ThingGroupFilter& f, const PageRequest& p) override {
      return in_.ListThingGroups(f, p);
    }
    Result<std::vector<std::string>> ListChildGroupNames(std::string_view parent) override {
      return in_.ListChildGroupNames(parent);
    }

    Status AddMembership(std::string_view group, std::string_view thing) override {
      return Write([&] { return in_.AddMembership(group, thing); });
    }
    Status RemoveMembership(std::string_view group, std::string_view thing) override {
      return Write([&] { return in_.RemoveMembership(group, thing); });
    }
    Result<std::vector<std::string>> ListGroupsOfThing(std::string_view thing) override {
      return in_.ListGroupsOfThing(thing);
    }
    Result<Page<std::string>> ListThingsInGroup(std::string_view group, const PageRequest& p) override {
      return in_.ListThingsInGroup(group, p);
    }

    Result<Job> GetJob(std::string_view job_id) override { return in_.GetJob(job_id); }
    Result<std::optional<SchedulingConfig>> GetJobSchedulingConfig(std::string_view job_id) override {
      return in_.GetJobSchedulingConfig(job_id);
    }
    Status InsertJob(const Job& j) override {
      return Write([&] { return in_.InsertJob(j); });
    }
    Status UpdateJob(const Job& j) override {
      return Write([&] { return in_.UpdateJob(j); });
    }
    Status DeleteJob(std::string_view job_id) override {
      return Write([&] { return in_.DeleteJob(job_id); });
    }
    Result<Page<Job>> ListJobs(const JobFilter& f, const PageRequest& p) override {
      return in_.ListJobs(f, p);
    }
    Result<int64_t> CountJobs(JobStatus s) override { return in_.CountJobs(s); }

    Result<JobExecution> GetExecution(std::string_view job_id, std::string_view thing_name,
                                      std::optional<int64_t> number) override {
      return in_.GetExecution(job_id, thing_name, number);
    }
    Status InsertExecution(const JobExecution& e) override {
      return Write([&] { return in_.InsertExecution(e); });
    }
    Status UpdateExecution(const JobExecution& e) override {
      return Write([&] { return in_.UpdateExecution(e); });
    }
    Status DeleteExecution(std::string_view job_id, std::string_view thing_name, int64_t number) override {
      return Write([&] { return in_.DeleteExecution(job_id, thing_name, number); });
    }
    Result<Page<JobExecution>> ListExecutionsForJob(std::string_view job_id, const ExecutionFilter& f,
                                                    const PageRequest& p) override {
      return in_.ListExecutionsForJob(job_id, f, p);
    }
    Result<Page<JobExecution>> ListExecutionsForThing(std::string_view thing_name, const ExecutionFilter& f,
                                                      const PageRequest& p) override {
      return in_.ListExecutionsForThing(thing_name, f, p);
    }
    Result<std::vector<JobExecution>> ListPendingExecutionsForThing(std::string_view thing_name,
                                                                    int limit) override {
      return in_.ListPendingExecutionsForThing(thing_name, limit);
    }
    Result<Page<JobExecution>> ListTimedExecutions(const PageRequest& p) override {
      return in_.ListTimedExecutions(p);
    }
    Status AppendRolloutThings(std::string_view job_id, const std::vector<std::string>& things) override {
      return Write([&] { return in_.AppendRolloutThings(job_id, things); });
    }
    Result<std::vector<std::string>> TakeRolloutThings(std::string_view job_id, int limit) override {
      Result<std::vector<std::string>> out = std::vector<std::string>{};
      Status st = Write([&] {
        out = in_.TakeRolloutThings(job_id, limit);
        return out.ok() ? Status::Ok() : Status(out.error());
      });
      if (!st.ok()) return st.take_error();
      return out;
    }
    Status ClearRolloutThings(std::string_view job_id) override {
      return Write([&] { return in_.ClearRolloutThings(job_id); });
    }

    Result<JobTemplate> GetJobTemplate(std::string_view id) override { return in_.GetJobTemplate(id); }
    Status InsertJobTemplate(const JobTemplate& t) override {
      return Write([&] { return in_.InsertJobTemplate(t); });
    }
    Status DeleteJobTemplate(std::string_view id) override {
      return Write([&] { return in_.DeleteJobTemplate(id); });
    }
    Result<Page<JobTemplate>> ListJobTemplates(const PageRequest& p) override {
      return in_.ListJobTemplates(p);
    }

    Result<std::map<std::string, std::string>> GetTags(std::string_view arn) override {
      return in_.GetTags(arn);
    }
    Status PutTags(std::string_view arn, const std::map<std::string, std::string>& tags) override {
      return Write([&] { return in_.PutTags(arn, tags); });
    }
    Status RemoveTags(std::string_view arn, const std::vector<std::string>& keys) override {
      return Write([&] { return in_.RemoveTags(arn, keys); });
    }
    Status DeleteAllTags(std::string_view arn) override {
      return Write([&] { return in_.DeleteAllTags(arn); });
    }

    Result<std::string> GetSetting(std::string_view key) override { return in_.GetSetting(key); }
    Status PutSetting(std::string_view key, std::string_view value) override {
      return Write([&] { return in_.PutSetting(key, value); });
    }

   private:
    template <typename Fn>
    Status Write(Fn&& write) {
      const int n = owner_.writes_.fetch_add(1) + 1;
      if (n == owner_.fail_write_at_.load()) {
        owner_.injected_.fetch_add(1);
        return MakeError(ErrorCode::kUnavailable, "injected write failure");
      }
      return write();
    }

    FaultyStore& owner_;
    StoreTxn& in_;
  };

  std::unique_ptr<Store> owned_;
  Store& inner_;
  std::atomic<int> transacts_{0};
  std::atomic<int> fail_transact_at_{0};
  std::atomic<int> writes_{0};
  std::atomic<int> fail_write_at_{0};
  std::atomic<int> injected_{0};
};

}  // namespace fleetjobs::store_testing
