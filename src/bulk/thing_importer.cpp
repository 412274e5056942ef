#include "bulk/thing_importer.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/uuid.h"
#include "engine/continuous_membership.h"
#include "engine/name_validation.h"

namespace fleetjobs::bulk {
namespace {

constexpr size_t kProgressEvery = 10000;
constexpr size_t kMaxHierarchyDepth = 7;  // as RegistryService

struct GroupInfo {
  bool exists = false;
  std::string root;         // the root group of its hierarchy (itself for a new group)
  bool continuous = false;  // an IN_PROGRESS CONTINUOUS job targets it or an ancestor
};

// Resolves groups against the store once each, with their hierarchy root and CONTINUOUS targeting.
class GroupTable {
 public:
  GroupTable(EngineContext& ctx, StoreTxn& txn) : ctx_(ctx), txn_(txn) {}

  Result<const GroupInfo*> Get(const std::string& name) {
    auto it = groups_.find(name);
    if (it != groups_.end()) return &it->second;
    GroupInfo info;
    Result<ThingGroup> group = txn_.GetThingGroup(name);
    if (!group.ok()) {
      if (group.error().code != ErrorCode::kNotFound) return group.take_error();
      info.root = name;
      // A job may still name the ARN of a group deleted earlier: a recreated group is targeted again.
      FJ_ASSIGN_OR_RETURN(info.continuous, TargetedByContinuousJob(ctx_.arns.ThingGroup(name)));
    } else {
      info.exists = true;
      std::vector<std::string> chain{name};
      std::optional<std::string> parent = group->parent_group_name;
      while (parent && chain.size() <= kMaxHierarchyDepth) {
        chain.push_back(*parent);
        FJ_ASSIGN_OR_RETURN(ThingGroup p, txn_.GetThingGroup(*parent));
        parent = p.parent_group_name;
      }
      info.root = chain.back();
      for (const std::string& g : chain) {
        FJ_ASSIGN_OR_RETURN(bool targeted, TargetedByContinuousJob(ctx_.arns.ThingGroup(g)));
        info.continuous = info.continuous || targeted;
      }
    }
    return &groups_.emplace(name, std::move(info)).first->second;
  }

  const std::unordered_map<std::string, GroupInfo>& all() const { return groups_; }

 private:
  Result<bool> TargetedByContinuousJob(const std::string& arn) {
    JobFilter filter;
    filter.status = JobStatus::kInProgress;
    filter.target_selection = TargetSelection::kContinuous;
    filter.target_arn = arn;
    PageRequest page;
    page.limit = 1;
    FJ_ASSIGN_OR_RETURN(Page<Job> jobs, txn_.ListJobs(filter, page));
    return !jobs.items.empty();
  }

  EngineContext& ctx_;
  StoreTxn& txn_;
  std::unordered_map<std::string, GroupInfo> groups_;
};

std::string FirstError(const Status& st) { return st.ok() ? std::string() : st.error().message; }

}  // namespace

std::vector<ImportRecord> ThingImporter::Read(std::istream& in, ImportFormat format,
                                              std::vector<ImportProblem>& problems) {
  std::vector<ImportRecord> records;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    Result<std::optional<ImportRecord>> rec = ParseImportLine(format, line, line_number);
    if (!rec.ok()) {
      problems.push_back({line_number, rec.error().message});
    } else if (*rec) {
      records.push_back(std::move(**rec));
    }
    if (line_number % kProgressEvery == 0) Progress("read", line_number, 0);
  }
  Progress("read", line_number, line_number);
  return records;
}

void ThingImporter::Check(const std::vector<ImportRecord>& records, std::vector<ImportProblem>& problems) {
  std::unordered_map<std::string_view, size_t> first_line;
  first_line.reserve(records.size());
  const auto max_groups = static_cast<size_t>(ctx_.options.max_groups_per_thing);
  std::unordered_map<std::string, Status> group_names;  // each group name validated once
  for (size_t i = 0; i < records.size(); ++i) {
    const ImportRecord& r = records[i];
    auto report = [&](std::string message) { problems.push_back({r.line, std::move(message)}); };
    if (Status st = ValidateThingName(r.thing_name); !st.ok()) report(FirstError(st));
    if (Status st = ValidateAttributes(r.attributes, kMaxThingAttributesWithoutType, "attributes");
        !st.ok()) {
      report(FirstError(st));
    }
    for (const std::string& g : r.groups) {
      auto it = group_names.find(g);
      if (it == group_names.end()) it = group_names.emplace(g, ValidateThingGroupName(g, "groups")).first;
      if (!it->second.ok()) report(FirstError(it->second));
    }
    if (r.groups.size() > max_groups) {
      report("thing " + r.thing_name + " is in " + std::to_string(r.groups.size()) +
             " groups; a thing can be in at most " + std::to_string(max_groups));
    }
    auto [it, inserted] = first_line.emplace(r.thing_name, r.line);
    if (!inserted)
      report("thing " + r.thing_name + " is already given on line " + std::to_string(it->second));
    if ((i + 1) % kProgressEvery == 0) Progress("check", i + 1, records.size());
  }
  Progress("check", records.size(), records.size());
}

Result<ImportReport> ThingImporter::Apply(std::vector<ImportRecord> records,
                                          std::vector<ImportProblem>& problems) {
  // Name order: B-tree inserts land next to each other, and the report is deterministic.
  std::sort(records.begin(), records.end(),
            [](const ImportRecord& a, const ImportRecord& b) { return a.thing_name < b.thing_name; });
  const Timestamp now = ctx_.clock.Now();
  const auto max_groups = static_cast<size_t>(ctx_.options.max_groups_per_thing);
  ImportReport report;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    report = ImportReport{};
    const size_t problems_before = problems.size();
    GroupTable groups(ctx_, txn);
    // Per record: whether the thing exists, and which of its groups are new memberships.
    std::vector<char> exists(records.size(), 0);
    std::vector<std::vector<std::string>> existing_groups(records.size());

    for (size_t i = 0; i < records.size(); ++i) {
      const ImportRecord& r = records[i];
      auto report_problem = [&](std::string message) { problems.push_back({r.line, std::move(message)}); };
      Result<Thing> thing = txn.GetThing(r.thing_name);
      if (thing.ok()) {
        exists[i] = 1;
        if (thing->attributes != r.attributes || thing->thing_type_name || thing->billing_group_name) {
          report_problem("Thing " + r.thing_name + " already exists with different attributes");
        }
        FJ_ASSIGN_OR_RETURN(existing_groups[i], txn.ListGroupsOfThing(r.thing_name));
      } else if (thing.error().code != ErrorCode::kNotFound) {
        return thing.take_error();
      }
      // Every group of the thing after the import, each in its own hierarchy.
      std::unordered_map<std::string, std::string> root_to_group;
      std::unordered_set<std::string> all(existing_groups[i].begin(), existing_groups[i].end());
      all.insert(r.groups.begin(), r.groups.end());
      if (all.size() > max_groups) {
        report_problem("thing " + r.thing_name + " would be in " + std::to_string(all.size()) +
                       " groups; a thing can be in at most " + std::to_string(max_groups));
      }
      for (const std::vector<std::string>* list : {&std::as_const(existing_groups[i]), &r.groups}) {
        for (const std::string& g : *list) {
          FJ_ASSIGN_OR_RETURN(const GroupInfo* info, groups.Get(g));
          auto [it, inserted] = root_to_group.emplace(info->root, g);
          if (!inserted && it->second != g) {
            report_problem("thing " + r.thing_name + " cannot be in both " + it->second + " and " + g +
                           ": they are in the same hierarchy");
          }
        }
      }
      if ((i + 1) % kProgressEvery == 0) Progress("check", i + 1, records.size());
    }
    if (problems.size() > problems_before) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::to_string(problems.size() - problems_before) + " lines conflict with the store");
    }

    std::vector<std::string> new_groups;
    for (const auto& [name, info] : groups.all()) {
      if (!info.exists) new_groups.push_back(name);
    }
    std::sort(new_groups.begin(), new_groups.end());
    for (const std::string& name : new_groups) {
      ThingGroup g;
      g.group_name = name;
      g.group_id = NewUuid();
      g.group_arn = ctx_.arns.ThingGroup(name);
      g.version = 1;
      g.created_at = now;
      FJ_RETURN_IF_ERROR(txn.InsertThingGroup(g));
      ++report.groups_created;
    }

    ContinuousMembership continuous(ctx_, txn, changes);
    Thing thing;
    thing.version = 1;
    for (size_t i = 0; i < records.size(); ++i) {
      const ImportRecord& r = records[i];
      if (exists[i]) {
        ++report.things_existing;
      } else {
        thing.thing_name = r.thing_name;
        thing.thing_id = NewUuid();
        thing.thing_arn = ctx_.arns.Thing(r.thing_name);
        thing.attributes = r.attributes;
        FJ_RETURN_IF_ERROR(txn.InsertThing(thing));
        ++report.things_created;
      }
      for (const std::string& g : r.groups) {
        const auto& old = existing_groups[i];
        if (std::find(old.begin(), old.end(), g) != old.end()) continue;
        FJ_RETURN_IF_ERROR(txn.AddMembership(g, r.thing_name));
        ++report.memberships_added;
        FJ_ASSIGN_OR_RETURN(const GroupInfo* info, groups.Get(g));
        if (info->continuous) FJ_RETURN_IF_ERROR(continuous.OnThingAdded(g, r.thing_name));
      }
      if ((i + 1) % kProgressEvery == 0) Progress("write", i + 1, records.size());
    }
    Progress("write", records.size(), records.size());
    report.executions_queued = changes.executions.size();
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return report;
}

}  // namespace fleetjobs::bulk
