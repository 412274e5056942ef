#include "engine/registry_service.h"

#include <algorithm>
#include <set>

#include "engine/execution_mutator.h"
#include "engine/uuid.h"
#include "engine/validation.h"

namespace fleetjobs {
namespace {

constexpr int kMaxGroupDepth = 7;  // AWS: a thing group hierarchy is at most 7 levels deep
constexpr size_t kMaxAttributes = 50;

bool AttributeChar(char c, bool value) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  std::string_view extra = value ? "_.,@/:#-=[]" : "_.,@/:#-";
  return extra.find(c) != std::string_view::npos;
}

// AWS AttributeName: 1-128 [a-zA-Z0-9_.,@/:#-]+; AttributeValue: <=800 [a-zA-Z0-9_.,@/:#=\[\]-]*.
Status ValidateAttributes(const Attributes& attrs, std::string_view field) {
  if (attrs.size() > kMaxAttributes) {
    return validation::ConstraintError(field, "", "Member must have at most 50 attributes");
  }
  for (const auto& [name, value] : attrs) {
    if (name.empty() || name.size() > 128 ||
        !std::all_of(name.begin(), name.end(), [](char c) { return AttributeChar(c, false); })) {
      return validation::ConstraintError(
          std::string(field) + ".attributes", name,
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#-]+");
    }
    if (value.size() > 800 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return AttributeChar(c, true); })) {
      return validation::ConstraintError(
          std::string(field) + ".attributes." + name, value,
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#=\\[\\]-]*");
    }
  }
  return Status::Ok();
}

// Drops the value of a look-up, keeping its error.
template <typename T>
Status Found(Result<T> r) {
  return r.ok() ? Status::Ok() : Status(r.take_error());
}

Status CheckExpectedVersion(std::optional<int64_t> expected, int64_t actual, std::string_view what) {
  if (expected && *expected != actual) {
    return MakeError(ErrorCode::kVersionMismatch,
                     "The version for " + std::string(what) + " does not match the expected version " +
                         std::to_string(*expected) + " (current " + std::to_string(actual) + ").");
  }
  return Status::Ok();
}

// Ancestors of `group` (root first), read from the store.
Result<std::vector<ThingGroup>> Ancestors(StoreTxn& txn, const ThingGroup& group) {
  std::vector<ThingGroup> chain;
  std::optional<std::string> parent = group.parent_group_name;
  while (parent && chain.size() <= static_cast<size_t>(kMaxGroupDepth)) {
    FJ_ASSIGN_OR_RETURN(ThingGroup g, txn.GetThingGroup(*parent));
    parent = g.parent_group_name;
    chain.push_back(std::move(g));
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

Result<std::string> RootOf(StoreTxn& txn, const std::string& group_name) {
  FJ_ASSIGN_OR_RETURN(ThingGroup g, txn.GetThingGroup(group_name));
  FJ_ASSIGN_OR_RETURN(auto chain, Ancestors(txn, g));
  return chain.empty() ? g.group_name : chain.front().group_name;
}

// Every group below `root` (not including it), breadth first.
Result<std::vector<std::string>> Descendants(StoreTxn& txn, const std::string& root) {
  std::vector<std::string> out;
  std::vector<std::string> frontier{root};
  while (!frontier.empty()) {
    std::vector<std::string> next;
    for (const auto& g : frontier) {
      FJ_ASSIGN_OR_RETURN(auto children, txn.ListChildGroupNames(g));
      for (auto& c : children) {
        out.push_back(c);
        next.push_back(std::move(c));
      }
    }
    frontier = std::move(next);
  }
  return out;
}

// In-memory pagination over a sorted list, with the last item as cursor.
template <typename T, typename KeyFn>
Page<T> PageOf(std::vector<T> items, const PageRequest& page, KeyFn key) {
  Page<T> out;
  auto it = items.begin();
  if (!page.after.empty()) {
    it = std::find_if(items.begin(), items.end(), [&](const T& t) { return key(t) > page.after; });
  }
  size_t limit = static_cast<size_t>(page.limit < 1 ? 1 : page.limit);
  for (; it != items.end() && out.items.size() < limit; ++it) out.items.push_back(*it);
  if (it != items.end()) out.next = key(out.items.back());
  return out;
}

}  // namespace

// ---- things -----------------------------------------------------------------------------------

Result<Thing> RegistryService::CreateThing(const CreateThingRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(req.thing_name));
  if (req.thing_type_name)
    FJ_RETURN_IF_ERROR(validation::ValidateThingName(*req.thing_type_name, "thingTypeName"));
  if (req.billing_group_name) {
    FJ_RETURN_IF_ERROR(validation::ValidateThingName(*req.billing_group_name, "billingGroupName"));
  }
  if (req.attributes) FJ_RETURN_IF_ERROR(ValidateAttributes(*req.attributes, "attributePayload"));
  Thing thing;
  thing.thing_name = req.thing_name;
  thing.thing_id = NewUuid();
  thing.thing_arn = ctx_.arns.Thing(req.thing_name);
  // We keep no thing-type or billing-group registry: the names are stored as given.
  thing.thing_type_name = req.thing_type_name;
  thing.billing_group_name = req.billing_group_name;
  thing.attributes = req.attributes.value_or(Attributes{});
  Thing result;
  FJ_RETURN_IF_ERROR(ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    auto existing = txn.GetThing(req.thing_name);
    if (existing.ok()) {
      if (existing->thing_type_name == thing.thing_type_name && existing->attributes == thing.attributes &&
          existing->billing_group_name == thing.billing_group_name) {
        result = *existing;
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
  }));
  return result;
}

Result<Thing> RegistryService::DescribeThing(const std::string& thing_name) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  Thing out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out, txn.GetThing(thing_name));
    return Status::Ok();
  }));
  return out;
}

Status RegistryService::DeleteThing(const std::string& thing_name, std::optional<int64_t> expected_version) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    auto thing = txn.GetThing(thing_name);
    if (!thing.ok()) {
      if (thing.error().code == ErrorCode::kNotFound)
        return Status::Ok();  // AWS: deleting a missing thing succeeds
      return thing.take_error();
    }
    FJ_RETURN_IF_ERROR(CheckExpectedVersion(expected_version, thing->version, "thing " + thing_name));
    FJ_RETURN_IF_ERROR(MarkThingExecutionsRemoved(ctx_, txn, thing_name));
    return txn.DeleteThing(thing_name);
  });
}

Result<Page<Thing>> RegistryService::ListThings(const ThingFilter& filter, const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
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

// ---- thing groups -----------------------------------------------------------------------------

Result<ThingGroup> RegistryService::CreateThingGroup(const CreateThingGroupRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(req.group_name));
  if (req.parent_group_name) {
    FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(*req.parent_group_name, "parentGroupName"));
  }
  if (req.description)
    FJ_RETURN_IF_ERROR(validation::ValidateDescription(*req.description, "thingGroupDescription"));
  if (req.attributes) FJ_RETURN_IF_ERROR(ValidateAttributes(*req.attributes, "attributePayload"));
  FJ_RETURN_IF_ERROR(validation::ValidateTags(req.tags));
  ThingGroup group;
  group.group_name = req.group_name;
  group.group_id = NewUuid();
  group.group_arn = ctx_.arns.ThingGroup(req.group_name);
  group.parent_group_name = req.parent_group_name;
  group.description = req.description;
  group.attributes = req.attributes.value_or(Attributes{});
  group.created_at = ctx_.clock.Now();
  ThingGroup result;
  FJ_RETURN_IF_ERROR(ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    auto existing = txn.GetThingGroup(req.group_name);
    if (existing.ok()) {
      if (existing->parent_group_name == group.parent_group_name &&
          existing->description == group.description && existing->attributes == group.attributes) {
        result = *existing;
        return Status::Ok();
      }
      Error e = MakeError(ErrorCode::kAlreadyExists,
                          "Thing group " + req.group_name + " already exists with different properties");
      e.resource_id = existing->group_id;
      e.resource_arn = existing->group_arn;
      return e;
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    if (req.parent_group_name) {
      auto parent = txn.GetThingGroup(*req.parent_group_name);
      if (!parent.ok()) return parent.take_error();
      FJ_ASSIGN_OR_RETURN(auto chain, Ancestors(txn, *parent));
      if (chain.size() + 2 > static_cast<size_t>(kMaxGroupDepth)) {
        return MakeError(ErrorCode::kInvalidRequest, "Thing group hierarchy cannot be deeper than 7 levels");
      }
    }
    FJ_RETURN_IF_ERROR(txn.InsertThingGroup(group));
    if (!req.tags.empty()) FJ_RETURN_IF_ERROR(txn.PutTags(group.group_arn, req.tags));
    result = group;
    return Status::Ok();
  }));
  return result;
}

Result<ThingGroupDescription> RegistryService::DescribeThingGroup(const std::string& group_name) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(group_name));
  ThingGroupDescription out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out.group, txn.GetThingGroup(group_name));
    FJ_ASSIGN_OR_RETURN(out.root_to_parent, Ancestors(txn, out.group));
    return Status::Ok();
  }));
  return out;
}

Status RegistryService::DeleteThingGroup(const std::string& group_name,
                                         std::optional<int64_t> expected_version) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(group_name));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    auto group = txn.GetThingGroup(group_name);
    if (!group.ok()) {
      if (group.error().code == ErrorCode::kNotFound) return Status::Ok();  // idempotent, as AWS
      return group.take_error();
    }
    FJ_RETURN_IF_ERROR(CheckExpectedVersion(expected_version, group->version, "thing group " + group_name));
    FJ_ASSIGN_OR_RETURN(auto children, txn.ListChildGroupNames(group_name));
    if (!children.empty()) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "Cannot delete thing group : " + group_name + " when it still has child groups");
    }
    FJ_RETURN_IF_ERROR(txn.DeleteAllTags(group->group_arn));
    return txn.DeleteThingGroup(group_name);
  });
}

Result<Page<ThingGroup>> RegistryService::ListThingGroups(const ListThingGroupsRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(req.page));
  if (req.parent_group)
    FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(*req.parent_group, "parentGroup"));
  Page<ThingGroup> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    if (!req.parent_group || !req.recursive) {
      ThingGroupFilter filter;
      filter.parent_group = req.parent_group;
      filter.name_prefix = req.name_prefix;
      filter.root_only = !req.parent_group && !req.recursive;
      FJ_ASSIGN_OR_RETURN(out, txn.ListThingGroups(filter, req.page));
      return Status::Ok();
    }
    FJ_RETURN_IF_ERROR(Found(txn.GetThingGroup(*req.parent_group)));
    FJ_ASSIGN_OR_RETURN(auto names, Descendants(txn, *req.parent_group));
    std::sort(names.begin(), names.end());
    std::vector<ThingGroup> groups;
    for (const auto& n : names) {
      if (req.name_prefix && n.compare(0, req.name_prefix->size(), *req.name_prefix) != 0) continue;
      FJ_ASSIGN_OR_RETURN(ThingGroup g, txn.GetThingGroup(n));
      groups.push_back(std::move(g));
    }
    out = PageOf(std::move(groups), req.page, [](const ThingGroup& g) { return g.group_name; });
    return Status::Ok();
  }));
  return out;
}

// ---- membership -------------------------------------------------------------------------------

namespace {

Result<std::string> ResolveName(const ArnFormat& arns, const std::optional<std::string>& name,
                                const std::optional<std::string>& arn, ArnKind kind, std::string_view what) {
  if (name) return *name;
  if (arn) {
    auto parsed = arns.Parse(*arn);
    if (!parsed || parsed->kind != kind) {
      return MakeError(ErrorCode::kInvalidRequest, std::string(what) + "Arn " + *arn + " is not a valid " +
                                                       std::string(what) + " ARN of this account and region");
    }
    return parsed->name;
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(what) + "Name or " + std::string(what) + "Arn is required");
}

}  // namespace

Status RegistryService::AddThingToThingGroup(const MembershipRequest& req) {
  FJ_ASSIGN_OR_RETURN(std::string group, ResolveName(ctx_.arns, req.group_name, req.group_arn,
                                                     ArnKind::kThingGroup, "thingGroup"));
  FJ_ASSIGN_OR_RETURN(std::string thing,
                      ResolveName(ctx_.arns, req.thing_name, req.thing_arn, ArnKind::kThing, "thing"));
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(group));
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(Found(txn.GetThing(thing)));
    FJ_ASSIGN_OR_RETURN(std::string root, RootOf(txn, group));
    FJ_ASSIGN_OR_RETURN(auto groups, txn.ListGroupsOfThing(thing));
    if (std::find(groups.begin(), groups.end(), group) != groups.end()) return Status::Ok();
    if (groups.size() >= static_cast<size_t>(ctx_.options.max_groups_per_thing)) {
      return MakeError(ErrorCode::kInvalidRequest, "Thing " + thing + " cannot be added to more than " +
                                                       std::to_string(ctx_.options.max_groups_per_thing) +
                                                       " thing groups");
    }
    for (const auto& g : groups) {
      FJ_ASSIGN_OR_RETURN(std::string other_root, RootOf(txn, g));
      if (other_root == root) {
        return MakeError(ErrorCode::kInvalidRequest, "Thing " + thing + " already belongs to thing group " +
                                                         g + " in the same hierarchy as " + group);
      }
    }
    // Continuous jobs react to membership changes in the engine issue (RolloutEngine).
    return txn.AddMembership(group, thing);
  });
}

Status RegistryService::RemoveThingFromThingGroup(const MembershipRequest& req) {
  FJ_ASSIGN_OR_RETURN(std::string group, ResolveName(ctx_.arns, req.group_name, req.group_arn,
                                                     ArnKind::kThingGroup, "thingGroup"));
  FJ_ASSIGN_OR_RETURN(std::string thing,
                      ResolveName(ctx_.arns, req.thing_name, req.thing_arn, ArnKind::kThing, "thing"));
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(group));
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(Found(txn.GetThingGroup(group)));
    FJ_RETURN_IF_ERROR(Found(txn.GetThing(thing)));
    return txn.RemoveMembership(group, thing);
  });
}

Result<Page<std::string>> RegistryService::ListThingsInThingGroup(const std::string& group_name,
                                                                  bool recursive, const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(group_name));
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
  Page<std::string> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(Found(txn.GetThingGroup(group_name)));
    if (!recursive) {
      FJ_ASSIGN_OR_RETURN(out, txn.ListThingsInGroup(group_name, page));
      return Status::Ok();
    }
    FJ_ASSIGN_OR_RETURN(auto groups, Descendants(txn, group_name));
    groups.push_back(group_name);
    std::set<std::string> things;
    for (const auto& name : groups) {
      PageRequest all{"", 1000};
      while (true) {
        FJ_ASSIGN_OR_RETURN(auto p, txn.ListThingsInGroup(name, all));
        things.insert(p.items.begin(), p.items.end());
        if (!p.next) break;
        all.after = *p.next;
      }
    }
    out = PageOf(std::vector<std::string>(things.begin(), things.end()), page,
                 [](const std::string& s) { return s; });
    return Status::Ok();
  }));
  return out;
}

Result<Page<ThingGroup>> RegistryService::ListThingGroupsForThing(const std::string& thing_name,
                                                                  const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
  Page<ThingGroup> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(Found(txn.GetThing(thing_name)));
    FJ_ASSIGN_OR_RETURN(auto names, txn.ListGroupsOfThing(thing_name));
    std::vector<ThingGroup> groups;
    for (const auto& n : names) {
      FJ_ASSIGN_OR_RETURN(ThingGroup g, txn.GetThingGroup(n));
      groups.push_back(std::move(g));
    }
    out = PageOf(std::move(groups), page, [](const ThingGroup& g) { return g.group_name; });
    return Status::Ok();
  }));
  return out;
}

}  // namespace fleetjobs
