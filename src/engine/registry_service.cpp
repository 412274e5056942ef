#include "engine/registry_service.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "common/uuid.h"
#include "engine/continuous_membership.h"
#include "engine/execution_mutator.h"
#include "engine/name_validation.h"

// Decisions where AWS documents nothing or where we deliberately differ:
// * thingTypeName / billingGroupName: AWS requires both to exist. fleetjobs keeps no thing types or
//   billing groups, so the names are validated and stored as given. The attribute quota still
//   follows the type: 3 attributes without a thing type, 50 with one [D: Thing types].
// * Registry quotas that the operation's model gives no LimitExceededException for are
//   InvalidRequestException: hierarchy depth 7 and 100 direct children per group (CreateThingGroup),
//   10 groups per thing (AddThingToThingGroup) [D: AWS IoT Device Management quotas].
// * "Same hierarchy" [D: Static thing groups] = the same root group: a thing may not be in a group
//   and in its ancestor, descendant, sibling or cousin.
// * A missing parent group at CreateThingGroup is ResourceNotFoundException.
// * Things are not taggable in AWS IoT, so DeleteThing drops no tags; a deleted group's tags go.

namespace fleetjobs {
namespace {

// [D: AWS IoT Device Management quotas] (hard limits).
constexpr size_t kMaxHierarchyDepth = 7;  // a root group is at depth 1
constexpr size_t kMaxChildGroups = 100;   // direct children of one group

Error ThingNotFound(std::string_view name) {
  return MakeError(ErrorCode::kNotFound, "Thing " + std::string(name) + " cannot be found.");
}

Error GroupNotFound(std::string_view name) {
  return MakeError(ErrorCode::kNotFound, "Thing group " + std::string(name) + " cannot be found.");
}

// The thing, or kNotFound in the AWS wording; other store errors unchanged.
Result<Thing> LoadThing(StoreTxn& txn, std::string_view name) {
  Result<Thing> r = txn.GetThing(name);
  if (!r.ok() && r.error().code == ErrorCode::kNotFound) return ThingNotFound(name);
  return r;
}

Result<ThingGroup> LoadGroup(StoreTxn& txn, std::string_view name) {
  Result<ThingGroup> r = txn.GetThingGroup(name);
  if (!r.ok() && r.error().code == ErrorCode::kNotFound) return GroupNotFound(name);
  return r;
}

Status CheckExpectedVersion(std::optional<int64_t> expected, int64_t actual, const std::string& what) {
  if (expected && *expected != actual) {
    return MakeError(ErrorCode::kVersionMismatch, what + " is at version " + std::to_string(actual) +
                                                      ", not the expected version " +
                                                      std::to_string(*expected));
  }
  return Status::Ok();
}

// The ancestors of `group`, root first; empty for a root group. A parent cannot be deleted while
// it has children, so a missing ancestor or a chain longer than the depth limit is corruption.
Result<std::vector<ThingGroup>> Ancestors(StoreTxn& txn, const ThingGroup& group) {
  std::vector<ThingGroup> chain;
  std::optional<std::string> parent = group.parent_group_name;
  while (parent) {
    if (chain.size() >= kMaxHierarchyDepth) {
      return MakeError(ErrorCode::kInternal, "the hierarchy above thing group " + group.group_name +
                                                 " is deeper than " + std::to_string(kMaxHierarchyDepth) +
                                                 " levels");
    }
    Result<ThingGroup> g = txn.GetThingGroup(*parent);
    if (!g.ok()) {
      if (g.error().code != ErrorCode::kNotFound) return g.take_error();
      return MakeError(ErrorCode::kInternal,
                       "parent group " + *parent + " of thing group " + group.group_name + " is missing");
    }
    parent = g->parent_group_name;
    chain.push_back(std::move(g).value());
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// The root of the hierarchy that holds `group_name` (the group itself for a root group).
Result<std::string> RootOf(StoreTxn& txn, const std::string& group_name) {
  FJ_ASSIGN_OR_RETURN(ThingGroup group, LoadGroup(txn, group_name));
  FJ_ASSIGN_OR_RETURN(std::vector<ThingGroup> chain, Ancestors(txn, group));
  return chain.empty() ? group.group_name : chain.front().group_name;
}

// Every group below `root` (not `root` itself), level by level.
Result<std::vector<std::string>> Descendants(StoreTxn& txn, const std::string& root) {
  std::vector<std::string> out;
  std::vector<std::string> level{root};
  for (size_t depth = 0; !level.empty(); ++depth) {
    if (depth > kMaxHierarchyDepth) {
      return MakeError(ErrorCode::kInternal, "the hierarchy below thing group " + root + " is deeper than " +
                                                 std::to_string(kMaxHierarchyDepth) + " levels");
    }
    std::vector<std::string> next;
    for (const std::string& g : level) {
      FJ_ASSIGN_OR_RETURN(std::vector<std::string> children, txn.ListChildGroupNames(g));
      for (std::string& c : children) next.push_back(std::move(c));
    }
    out.insert(out.end(), next.begin(), next.end());
    level = std::move(next);
  }
  return out;
}

// One page of `sorted_names` (ascending, unique): the names after the cursor `page.after`, at most
// page.limit of them; the cursor of the next page is the last name returned. The same cursor form
// as the store's name-ordered lists, so a listing may switch between the two.
Page<std::string> NamePage(const std::vector<std::string>& sorted_names, const PageRequest& page) {
  Page<std::string> out;
  auto it = page.after.empty() ? sorted_names.begin()
                               : std::upper_bound(sorted_names.begin(), sorted_names.end(), page.after);
  const size_t limit = static_cast<size_t>(std::max(page.limit, 1));
  for (; it != sorted_names.end() && out.items.size() < limit; ++it) out.items.push_back(*it);
  if (it != sorted_names.end()) out.next = out.items.back();
  return out;
}

Result<Page<ThingGroup>> LoadGroupPage(StoreTxn& txn, const Page<std::string>& names) {
  Page<ThingGroup> out;
  out.next = names.next;
  for (const std::string& n : names.items) {
    FJ_ASSIGN_OR_RETURN(ThingGroup g, LoadGroup(txn, n));
    out.items.push_back(std::move(g));
  }
  return out;
}

bool HasPrefix(std::string_view s, const std::optional<std::string>& prefix) {
  return !prefix || s.substr(0, prefix->size()) == *prefix;
}

// The thing or group a membership call names: by name, by ARN of this account, or both when they
// agree. kInvalidRequest for none, a malformed or foreign ARN, an ARN of another resource type, or
// a name and an ARN that disagree.
Result<std::string> ResolveMember(const ArnFormat& arns, const std::optional<std::string>& name,
                                  const std::optional<std::string>& arn, ArnKind kind) {
  const bool is_thing = kind == ArnKind::kThing;
  const std::string name_field = is_thing ? "thingName" : "thingGroupName";
  const std::string arn_field = is_thing ? "thingArn" : "thingGroupArn";
  auto validate = [&](std::string_view v, std::string_view field) {
    return is_thing ? ValidateThingName(v, field) : ValidateThingGroupName(v, field);
  };
  if (name) FJ_RETURN_IF_ERROR(validate(*name, name_field));
  if (!arn) {
    if (!name) return MakeError(ErrorCode::kInvalidRequest, name_field + " or " + arn_field + " is required");
    return *name;
  }
  std::optional<ParsedArn> parsed = arns.Parse(*arn);
  if (!parsed || parsed->kind != kind) {
    return MakeError(ErrorCode::kInvalidRequest, arn_field + " " + *arn + " is not a " +
                                                     (is_thing ? "thing" : "thing group") +
                                                     " ARN of this account and region");
  }
  FJ_RETURN_IF_ERROR(validate(parsed->name, arn_field));
  if (name && *name != parsed->name) {
    return MakeError(ErrorCode::kInvalidRequest, name_field + " " + *name + " and " + arn_field + " " + *arn +
                                                     " name different resources");
  }
  return parsed->name;
}

}  // namespace

// ---- things ---------------------------------------------------------------------------------

Result<Thing> RegistryService::CreateThing(const CreateThingRequest& req) {
  FJ_RETURN_IF_ERROR(ValidateThingName(req.thing_name));
  if (req.thing_type_name) FJ_RETURN_IF_ERROR(ValidateThingTypeName(*req.thing_type_name));
  if (req.billing_group_name) FJ_RETURN_IF_ERROR(ValidateBillingGroupName(*req.billing_group_name));
  if (req.attributes) {
    FJ_RETURN_IF_ERROR(ValidateAttributes(
        *req.attributes, req.thing_type_name ? kMaxThingAttributesWithType : kMaxThingAttributesWithoutType));
  }

  Thing thing;
  thing.thing_name = req.thing_name;
  thing.thing_id = NewUuid();
  thing.thing_arn = ctx_.arns.Thing(req.thing_name);
  thing.thing_type_name = req.thing_type_name;
  thing.billing_group_name = req.billing_group_name;
  thing.attributes = req.attributes.value_or(Attributes{});
  thing.version = 1;

  Thing result;
  auto create = [&](StoreTxn& txn) -> Status {
    Result<Thing> existing = txn.GetThing(req.thing_name);
    if (existing.ok()) {
      // AWS: the same name and configuration answers 200 with the existing thing.
      if (existing->thing_type_name == thing.thing_type_name && existing->attributes == thing.attributes &&
          existing->billing_group_name == thing.billing_group_name) {
        result = std::move(existing).value();
        return Status::Ok();
      }
      Error e = MakeError(ErrorCode::kAlreadyExists,
                          "Thing " + req.thing_name + " already exists with different attributes");
      e.resource_id = existing->thing_id;
      e.resource_arn = existing->thing_arn;
      return e;
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    FJ_RETURN_IF_ERROR(txn.InsertThing(thing));
    result = thing;
    return Status::Ok();
  };
  Status st = ctx_.store.Transact(create);
  // A concurrent CreateThing of the same name may win the insert on a backend that does not
  // serialise writers (the error then carries no resource id); once more sees its row and answers
  // as for a repeat.
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists && !st.error().resource_id) {
    st = ctx_.store.Transact(create);
  }
  FJ_RETURN_IF_ERROR(std::move(st));
  return result;
}

Result<Thing> RegistryService::DescribeThing(const std::string& thing_name) {
  FJ_RETURN_IF_ERROR(ValidateThingName(thing_name));
  Thing out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out, LoadThing(txn, thing_name));
    return Status::Ok();
  }));
  return out;
}

Status RegistryService::DeleteThing(const std::string& thing_name, std::optional<int64_t> expected_version) {
  FJ_RETURN_IF_ERROR(ValidateThingName(thing_name));
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    Result<Thing> thing = txn.GetThing(thing_name);
    if (!thing.ok()) {
      // AWS: deleting a thing that does not exist succeeds (also with an expectedVersion).
      if (thing.error().code == ErrorCode::kNotFound) return Status::Ok();
      return thing.take_error();
    }
    FJ_RETURN_IF_ERROR(CheckExpectedVersion(expected_version, thing->version, "Thing " + thing_name));
    // Pending (QUEUED / IN_PROGRESS) executions of the thing become REMOVED, with job counters
    // and SNAPSHOT completion kept exact, in this same transaction.
    FJ_RETURN_IF_ERROR(MarkThingExecutionsRemoved(ctx_, txn, changes, thing_name));
    // Also drops the thing's group memberships. Continuous jobs need no extra step: the thing's
    // executions are already REMOVED and it can no longer join a group.
    return txn.DeleteThing(thing_name);
  });
}

Result<Page<Thing>> RegistryService::ListThings(const ThingFilter& filter, const PageRequest& page) {
  FJ_RETURN_IF_ERROR(ValidateMaxResults(page.limit));
  if (filter.attribute_name) FJ_RETURN_IF_ERROR(ValidateAttributeName(*filter.attribute_name));
  if (filter.attribute_value) FJ_RETURN_IF_ERROR(ValidateAttributeValue(*filter.attribute_value));
  if (filter.thing_type_name) FJ_RETURN_IF_ERROR(ValidateThingTypeName(*filter.thing_type_name));
  // A value filter means "attribute <name> has this value": without a name it selects nothing
  // meaningful, so it is refused rather than silently answered with an empty list.
  if (filter.attribute_value && !filter.attribute_name) {
    return MakeError(ErrorCode::kInvalidRequest, "attributeValue requires attributeName");
  }
  Page<Thing> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out, txn.ListThings(filter, page));
    return Status::Ok();
  }));
  return out;
}

// ---- thing groups ---------------------------------------------------------------------------

Result<ThingGroup> RegistryService::CreateThingGroup(const CreateThingGroupRequest& req) {
  FJ_RETURN_IF_ERROR(ValidateThingGroupName(req.group_name));
  if (req.parent_group_name)
    FJ_RETURN_IF_ERROR(ValidateThingGroupName(*req.parent_group_name, "parentGroupName"));
  if (req.description) FJ_RETURN_IF_ERROR(ValidateThingGroupDescription(*req.description));
  if (req.attributes) {
    FJ_RETURN_IF_ERROR(ValidateAttributes(*req.attributes, kMaxThingGroupAttributes,
                                          "thingGroupProperties.attributePayload.attributes"));
  }
  // CreateThingGroup models no LimitExceededException: too many tags is a bad request here.
  if (req.tags.size() > kMaxTagsPerResource) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "A thing group can have at most " + std::to_string(kMaxTagsPerResource) + " tags");
  }
  FJ_RETURN_IF_ERROR(ValidateTags(req.tags));

  ThingGroup group;
  group.group_name = req.group_name;
  group.group_id = NewUuid();
  group.group_arn = ctx_.arns.ThingGroup(req.group_name);
  group.parent_group_name = req.parent_group_name;
  group.description = req.description;
  group.attributes = req.attributes.value_or(Attributes{});
  group.version = 1;
  group.created_at = ctx_.clock.Now();

  ThingGroup result;
  auto create = [&](StoreTxn& txn) -> Status {
    Result<ThingGroup> existing = txn.GetThingGroup(req.group_name);
    if (existing.ok()) {
      // AWS: the same parent and properties answer 200 with the existing group. Tags are not part
      // of the comparison and are left as they are.
      if (existing->parent_group_name == group.parent_group_name &&
          existing->description == group.description && existing->attributes == group.attributes) {
        result = std::move(existing).value();
        return Status::Ok();
      }
      Error e = MakeError(ErrorCode::kAlreadyExists, "Thing Group " + req.group_name +
                                                         " already exists in current account with different "
                                                         "properties");
      e.resource_id = existing->group_id;
      e.resource_arn = existing->group_arn;
      return e;
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    if (req.parent_group_name) {
      FJ_ASSIGN_OR_RETURN(ThingGroup parent, LoadGroup(txn, *req.parent_group_name));
      FJ_ASSIGN_OR_RETURN(std::vector<ThingGroup> chain, Ancestors(txn, parent));
      const size_t depth = chain.size() + 2;  // the parent's ancestors, the parent, the new group
      if (depth > kMaxHierarchyDepth) {
        return MakeError(ErrorCode::kInvalidRequest, "Cannot create thing group " + req.group_name +
                                                         " under " + parent.group_name +
                                                         ": a thing group hierarchy is at most " +
                                                         std::to_string(kMaxHierarchyDepth) + " levels deep");
      }
      FJ_ASSIGN_OR_RETURN(std::vector<std::string> siblings, txn.ListChildGroupNames(parent.group_name));
      if (siblings.size() >= kMaxChildGroups) {
        return MakeError(ErrorCode::kInvalidRequest, "Thing group " + parent.group_name + " already has " +
                                                         std::to_string(kMaxChildGroups) +
                                                         " child groups, the maximum");
      }
    }
    FJ_RETURN_IF_ERROR(txn.InsertThingGroup(group));
    if (!req.tags.empty()) FJ_RETURN_IF_ERROR(txn.PutTags(group.group_arn, req.tags));
    result = group;
    return Status::Ok();
  };
  Status st = ctx_.store.Transact(create);
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists && !st.error().resource_id) {
    st = ctx_.store.Transact(create);  // lost an insert race; see CreateThing
  }
  FJ_RETURN_IF_ERROR(std::move(st));
  return result;
}

Result<ThingGroupDescription> RegistryService::DescribeThingGroup(const std::string& group_name) {
  FJ_RETURN_IF_ERROR(ValidateThingGroupName(group_name));
  ThingGroupDescription out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out.group, LoadGroup(txn, group_name));
    FJ_ASSIGN_OR_RETURN(out.root_to_parent, Ancestors(txn, out.group));
    return Status::Ok();
  }));
  return out;
}

Status RegistryService::DeleteThingGroup(const std::string& group_name,
                                         std::optional<int64_t> expected_version) {
  FJ_RETURN_IF_ERROR(ValidateThingGroupName(group_name));
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    Result<ThingGroup> group = txn.GetThingGroup(group_name);
    if (!group.ok()) {
      // AWS DeleteThingGroup is idempotent: a missing group is success.
      if (group.error().code == ErrorCode::kNotFound) return Status::Ok();
      return group.take_error();
    }
    FJ_RETURN_IF_ERROR(CheckExpectedVersion(expected_version, group->version, "Thing group " + group_name));
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> children, txn.ListChildGroupNames(group_name));
    if (!children.empty()) {
      return MakeError(ErrorCode::kInvalidRequest, "Cannot delete thing group : " + group_name +
                                                       " when there are still child groups attached to it");
    }
    // The group's things leave it: CONTINUOUS jobs they no longer reach lose their pending
    // executions (REMOVED), in this same transaction.
    FJ_RETURN_IF_ERROR(ContinuousMembership(ctx_, txn, changes).OnGroupDeleting(group_name));
    FJ_RETURN_IF_ERROR(txn.DeleteAllTags(group->group_arn));
    return txn.DeleteThingGroup(group_name);  // also drops its memberships
  });
}

Result<Page<ThingGroup>> RegistryService::ListThingGroups(const ListThingGroupsRequest& req) {
  FJ_RETURN_IF_ERROR(ValidateMaxResults(req.page.limit));
  if (req.parent_group) FJ_RETURN_IF_ERROR(ValidateThingGroupName(*req.parent_group, "parentGroup"));
  if (req.name_prefix) FJ_RETURN_IF_ERROR(ValidateThingGroupName(*req.name_prefix, "namePrefixFilter"));
  Page<ThingGroup> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    if (req.parent_group) FJ_RETURN_IF_ERROR(LoadGroup(txn, *req.parent_group));
    if (!req.parent_group || !req.recursive) {
      // All groups, root groups only, or the direct children of parentGroup: one store query.
      ThingGroupFilter filter;
      filter.parent_group = req.parent_group;
      filter.name_prefix = req.name_prefix;
      filter.root_only = !req.parent_group && !req.recursive;
      FJ_ASSIGN_OR_RETURN(out, txn.ListThingGroups(filter, req.page));
      return Status::Ok();
    }
    // Every descendant of parentGroup: at most 7 levels of at most 100 children each, walked in
    // memory and paged by name (the cursor is the last name, like the store's).
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> all, Descendants(txn, *req.parent_group));
    std::vector<std::string> names;
    for (std::string& n : all) {
      if (HasPrefix(n, req.name_prefix)) names.push_back(std::move(n));
    }
    std::sort(names.begin(), names.end());
    FJ_ASSIGN_OR_RETURN(out, LoadGroupPage(txn, NamePage(names, req.page)));
    return Status::Ok();
  }));
  return out;
}

// ---- membership -----------------------------------------------------------------------------

Status RegistryService::AddThingToThingGroup(const MembershipRequest& req) {
  FJ_ASSIGN_OR_RETURN(std::string group,
                      ResolveMember(ctx_.arns, req.group_name, req.group_arn, ArnKind::kThingGroup));
  FJ_ASSIGN_OR_RETURN(std::string thing,
                      ResolveMember(ctx_.arns, req.thing_name, req.thing_arn, ArnKind::kThing));
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_RETURN_IF_ERROR(LoadGroup(txn, group));
    FJ_RETURN_IF_ERROR(LoadThing(txn, thing));
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> current, txn.ListGroupsOfThing(thing));
    if (std::find(current.begin(), current.end(), group) != current.end()) return Status::Ok();  // idempotent
    const auto max_groups = static_cast<size_t>(ctx_.options.max_groups_per_thing);
    if (current.size() >= max_groups) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "Thing " + thing + " is already in " + std::to_string(current.size()) +
                           " thing groups; a thing can be in at most " + std::to_string(max_groups));
    }
    FJ_ASSIGN_OR_RETURN(std::string root, RootOf(txn, group));
    std::optional<std::string> same_hierarchy;
    for (const std::string& other : current) {
      FJ_ASSIGN_OR_RETURN(std::string other_root, RootOf(txn, other));
      if (other_root == root) {
        same_hierarchy = other;
        break;
      }
    }
    if (same_hierarchy) {
      return MakeError(ErrorCode::kInvalidRequest, "Thing " + thing + " cannot be added to thing group " +
                                                       group + ": it already belongs to thing group " +
                                                       *same_hierarchy + " of the same hierarchy");
    }
    FJ_RETURN_IF_ERROR(txn.AddMembership(group, thing));
    // CONTINUOUS jobs targeting `group` or one of its ancestors queue an execution for `thing`.
    return ContinuousMembership(ctx_, txn, changes).OnThingAdded(group, thing);
  });
}

Status RegistryService::RemoveThingFromThingGroup(const MembershipRequest& req) {
  FJ_ASSIGN_OR_RETURN(std::string group,
                      ResolveMember(ctx_.arns, req.group_name, req.group_arn, ArnKind::kThingGroup));
  FJ_ASSIGN_OR_RETURN(std::string thing,
                      ResolveMember(ctx_.arns, req.thing_name, req.thing_arn, ArnKind::kThing));
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_RETURN_IF_ERROR(LoadGroup(txn, group));
    FJ_RETURN_IF_ERROR(LoadThing(txn, thing));
    // Removing a thing that is not a member is success, and changes nothing.
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> current, txn.ListGroupsOfThing(thing));
    if (std::find(current.begin(), current.end(), group) == current.end()) return Status::Ok();
    FJ_RETURN_IF_ERROR(txn.RemoveMembership(group, thing));
    // CONTINUOUS jobs that `thing` no longer reaches through any target lose its pending execution.
    return ContinuousMembership(ctx_, txn, changes).OnThingRemoved(group, thing);
  });
}

Result<Page<std::string>> RegistryService::ListThingsInThingGroup(const std::string& group_name,
                                                                  bool recursive, const PageRequest& page) {
  FJ_RETURN_IF_ERROR(ValidateThingGroupName(group_name));
  FJ_RETURN_IF_ERROR(ValidateMaxResults(page.limit));
  Page<std::string> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(LoadGroup(txn, group_name));
    if (!recursive) {
      FJ_ASSIGN_OR_RETURN(out, txn.ListThingsInGroup(group_name, page));
      return Status::Ok();
    }
    // The group and every descendant, each thing once, by name. Each group's list is sorted, so
    // the limit+1 smallest names after the cursor across the subtree are among the limit+1
    // smallest of some group: a page costs (groups x page size), not the subtree's size.
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> groups, Descendants(txn, group_name));
    groups.push_back(group_name);
    const size_t want = static_cast<size_t>(page.limit) + 1;
    PageRequest probe{page.after, page.limit + 1};
    std::set<std::string> merged;
    for (const std::string& g : groups) {
      FJ_ASSIGN_OR_RETURN(Page<std::string> p, txn.ListThingsInGroup(g, probe));
      merged.insert(p.items.begin(), p.items.end());
      while (merged.size() > want) merged.erase(std::prev(merged.end()));
    }
    for (const std::string& name : merged) {
      if (out.items.size() == static_cast<size_t>(page.limit)) {
        out.next = out.items.back();
        break;
      }
      out.items.push_back(name);
    }
    return Status::Ok();
  }));
  return out;
}

Result<Page<ThingGroup>> RegistryService::ListThingGroupsForThing(const std::string& thing_name,
                                                                  const PageRequest& page) {
  FJ_RETURN_IF_ERROR(ValidateThingName(thing_name));
  FJ_RETURN_IF_ERROR(ValidateMaxResults(page.limit));
  Page<ThingGroup> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(LoadThing(txn, thing_name));
    // The direct groups only (at most 10), by name.
    FJ_ASSIGN_OR_RETURN(std::vector<std::string> names, txn.ListGroupsOfThing(thing_name));
    std::sort(names.begin(), names.end());
    FJ_ASSIGN_OR_RETURN(out, LoadGroupPage(txn, NamePage(names, page)));
    return Status::Ok();
  }));
  return out;
}

}  // namespace fleetjobs
