// TargetResolver: turns job targets (thing and thing-group ARNs) into the things they reach.
//
// A group reaches its own things and the things of every descendant group; each thing is
// reported once per resolver, however many targets reach it (digest §5.3). Checking is split from
// expansion so a request is refused before anything is written.
//
// Ownership: borrows `arns` and `txn`, which must outlive it. Not thread-safe (one transaction).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "model/arn_format.h"
#include "store/store.h"

namespace fleetjobs {

class TargetResolver {
 public:
  TargetResolver(const ArnFormat& arns, StoreTxn& txn) : arns_(arns), txn_(txn) {}

  // Syntax only: each target is at most 2048 chars and a thing or thing-group ARN of this account
  // and region (kInvalidRequest). `field` names the list in messages. Returns the targets with
  // duplicates removed, first occurrence kept.
  static Result<std::vector<std::string>> NormalizeTargets(const ArnFormat& arns,
                                                           const std::vector<std::string>& targets,
                                                           std::string_view field = "targets");

  // Every target names an existing thing or group, else kNotFound ("... does not exist").
  Status CheckExist(const std::vector<std::string>& targets);

  // Calls `visit` once for every thing reached by `targets` (as the store's memberships are now)
  // that this resolver has not reported or been told about (MarkSeen) before.
  Status Expand(const std::vector<std::string>& targets,
                const std::function<Status(const std::string&)>& visit);

  // Marks `thing_name` as already reported (e.g. it already has an execution).
  void MarkSeen(const std::string& thing_name) { seen_things_.insert(thing_name); }

  // The inverse of Expand: the ARNs of every target that reaches `thing_name` as the store's
  // memberships are now, i.e. the thing's own ARN and those of its groups and all their
  // ancestors. Memberships in `ignored_group` count as gone (a group being deleted).
  Result<std::unordered_set<std::string>> TargetsReaching(
      const std::string& thing_name, const std::optional<std::string>& ignored_group = std::nullopt);

  // The ARNs of `group_name` and of all its ancestors, the group first. kNotFound if the group
  // does not exist; kInternal for a missing ancestor or a cycle.
  Result<std::vector<std::string>> GroupAndAncestorArns(const std::string& group_name);

 private:
  Status ExpandGroup(const std::string& root, const std::function<Status(const std::string&)>& visit);
  // Every direct member of `group`, by name, without recording them.
  Status ForEachMember(const std::string& group, const std::function<Status(const std::string&)>& visit);
  // Puts the members of a group expanded without recording (Expand's fast path) in seen_things_.
  Status RecordUnrecordedGroup();
  // The parent of `group_name` (nullopt for a root group), cached per resolver.
  Result<std::optional<std::string>> ParentOf(const std::string& group_name);

  const ArnFormat& arns_;
  StoreTxn& txn_;
  std::unordered_set<std::string> seen_things_;
  std::unordered_set<std::string> seen_groups_;
  std::optional<std::string> unrecorded_group_;
  std::unordered_map<std::string, std::optional<std::string>> parents_;
};

}  // namespace fleetjobs
