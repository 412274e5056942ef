#include "engine/target_resolver.h"

#include <deque>
#include <iterator>

#include "engine/validation.h"

namespace fleetjobs {

Result<std::vector<std::string>> TargetResolver::NormalizeTargets(const ArnFormat& arns,
                                                                  const std::vector<std::string>& targets,
                                                                  std::string_view field) {
  if (targets.empty()) {
    return validation::ConstraintError(field, "", "Member must have length greater than or equal to 1");
  }
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  out.reserve(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string& t = targets[i];
    std::string item = std::string(field) + "[" + std::to_string(i) + "]";
    if (t.size() > validation::kMaxTargetArnLength) {
      return validation::ConstraintError(
          item, "",
          "Member must have length less than or equal to " + std::to_string(validation::kMaxTargetArnLength));
    }
    auto parsed = arns.Parse(t);
    if (!parsed || (parsed->kind != ArnKind::kThing && parsed->kind != ArnKind::kThingGroup)) {
      std::string msg = item;
      msg.append(" '").append(t).append("' is not a thing or thing group ARN of account ");
      msg.append(arns.account_id()).append(" in region ").append(arns.region());
      return MakeError(ErrorCode::kInvalidRequest, std::move(msg));
    }
    Status name_ok = parsed->kind == ArnKind::kThing ? validation::ValidateThingName(parsed->name, item)
                                                     : validation::ValidateThingGroupName(parsed->name, item);
    FJ_RETURN_IF_ERROR(name_ok);
    if (seen.insert(t).second) out.push_back(t);
  }
  return out;
}

Status TargetResolver::CheckExist(const std::vector<std::string>& targets) {
  for (const std::string& t : targets) {
    auto parsed = arns_.Parse(t);
    if (!parsed) return MakeError(ErrorCode::kInvalidRequest, "Target '" + t + "' is not a valid ARN");
    if (parsed->kind == ArnKind::kThing) {
      auto thing = txn_.GetThing(parsed->name);
      if (!thing.ok()) {
        if (thing.error().code == ErrorCode::kNotFound) {
          return MakeError(ErrorCode::kNotFound,
                           "Thing " + parsed->name + " (target " + t + ") does not exist");
        }
        return thing.take_error();
      }
    } else if (parsed->kind == ArnKind::kThingGroup) {
      auto group = txn_.GetThingGroup(parsed->name);
      if (!group.ok()) {
        if (group.error().code == ErrorCode::kNotFound) {
          return MakeError(ErrorCode::kNotFound,
                           "Thing group " + parsed->name + " (target " + t + ") does not exist");
        }
        return group.take_error();
      }
    } else {
      return MakeError(ErrorCode::kInvalidRequest, "Target '" + t + "' is not a thing or thing group ARN");
    }
  }
  return Status::Ok();
}

Status TargetResolver::Expand(const std::vector<std::string>& targets,
                              const std::function<Status(const std::string&)>& visit) {
  FJ_RETURN_IF_ERROR(RecordUnrecordedGroup());
  // The common fan-out, one group without child groups on a fresh resolver: its members are
  // unique, so none needs remembering now (a million-entry set costs a third of a 1M fan-out). A
  // later Expand first records them (RecordUnrecordedGroup) to keep "once per resolver".
  if (targets.size() == 1 && seen_things_.empty() && seen_groups_.empty()) {
    auto parsed = arns_.Parse(targets.front());
    if (parsed && parsed->kind == ArnKind::kThingGroup) {
      FJ_ASSIGN_OR_RETURN(std::vector<std::string> children, txn_.ListChildGroupNames(parsed->name));
      if (children.empty()) {
        seen_groups_.insert(parsed->name);
        unrecorded_group_ = parsed->name;
        return ForEachMember(parsed->name, visit);
      }
    }
  }
  for (const std::string& t : targets) {
    auto parsed = arns_.Parse(t);
    if (!parsed) continue;
    if (parsed->kind == ArnKind::kThing) {
      if (seen_things_.insert(parsed->name).second) FJ_RETURN_IF_ERROR(visit(parsed->name));
    } else if (parsed->kind == ArnKind::kThingGroup) {
      FJ_RETURN_IF_ERROR(ExpandGroup(parsed->name, visit));
    }
  }
  return Status::Ok();
}

Status TargetResolver::ForEachMember(const std::string& group,
                                     const std::function<Status(const std::string&)>& visit) {
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    FJ_ASSIGN_OR_RETURN(Page<std::string> things, txn_.ListThingsInGroup(group, page));
    for (const std::string& thing : things.items) FJ_RETURN_IF_ERROR(visit(thing));
    if (!things.next) return Status::Ok();
    page.after = *things.next;
  }
}

Status TargetResolver::RecordUnrecordedGroup() {
  if (!unrecorded_group_) return Status::Ok();
  std::string group = std::move(*unrecorded_group_);
  unrecorded_group_.reset();
  return ForEachMember(group, [this](const std::string& thing) {
    seen_things_.insert(thing);
    return Status::Ok();
  });
}

Status TargetResolver::ExpandGroup(const std::string& root,
                                   const std::function<Status(const std::string&)>& visit) {
  std::deque<std::string> todo{root};
  while (!todo.empty()) {
    std::string group = std::move(todo.front());
    todo.pop_front();
    if (!seen_groups_.insert(group).second) continue;
    PageRequest page;
    page.limit = 1000;
    for (;;) {
      FJ_ASSIGN_OR_RETURN(Page<std::string> things, txn_.ListThingsInGroup(group, page));
      for (std::string& thing : things.items) {
        if (seen_things_.insert(thing).second) FJ_RETURN_IF_ERROR(visit(thing));
      }
      if (!things.next) break;
      page.after = *things.next;
    }
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> children, txn_.ListChildGroupNames(group));
    for (std::string& child : children) todo.push_back(std::move(child));
  }
  return Status::Ok();
}

Result<std::optional<std::string>> TargetResolver::ParentOf(const std::string& group_name) {
  auto it = parents_.find(group_name);
  if (it != parents_.end()) return it->second;
  FJ_ASSIGN_OR_RETURN(ThingGroup group, txn_.GetThingGroup(group_name));
  parents_.emplace(group_name, group.parent_group_name);
  return group.parent_group_name;
}

Result<std::vector<std::string>> TargetResolver::GroupAndAncestorArns(const std::string& group_name) {
  // A hierarchy is at most 7 levels deep (registry quota); the bound only stops a corrupt cycle.
  constexpr size_t kMaxLevels = 64;
  std::vector<std::string> out;
  std::optional<std::string> group = group_name;
  while (group) {
    if (out.size() >= kMaxLevels) {
      return MakeError(ErrorCode::kInternal,
                       "the hierarchy above thing group " + group_name + " has a cycle");
    }
    Result<std::optional<std::string>> parent = ParentOf(*group);
    if (!parent.ok()) {
      if (parent.error().code != ErrorCode::kNotFound || out.empty()) return parent.take_error();
      return MakeError(ErrorCode::kInternal,
                       "thing group " + *group + ", an ancestor of " + group_name + ", is missing");
    }
    out.push_back(arns_.ThingGroup(*group));
    group = std::move(parent).value();
  }
  return out;
}

Result<std::unordered_set<std::string>> TargetResolver::TargetsReaching(
    const std::string& thing_name, const std::optional<std::string>& ignored_group) {
  std::unordered_set<std::string> out{arns_.Thing(thing_name)};
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> groups, txn_.ListGroupsOfThing(thing_name));
  for (const std::string& g : groups) {
    if (ignored_group && g == *ignored_group) continue;
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> chain, GroupAndAncestorArns(g));
    out.insert(std::make_move_iterator(chain.begin()), std::make_move_iterator(chain.end()));
  }
  return out;
}

}  // namespace fleetjobs
