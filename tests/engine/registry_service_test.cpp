#include "engine/registry_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;

class RegistryServiceTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    registry_ = std::make_unique<RegistryService>(*ctx_);
  }

  Thing MustCreateThing(const std::string& name, Attributes attrs = {},
                        std::optional<std::string> type = std::nullopt) {
    CreateThingRequest req;
    req.thing_name = name;
    if (!attrs.empty()) req.attributes = std::move(attrs);
    req.thing_type_name = std::move(type);
    auto r = registry_->CreateThing(req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : Thing{};
  }

  ThingGroup MustCreateGroup(const std::string& name, std::optional<std::string> parent = std::nullopt) {
    CreateThingGroupRequest req;
    req.group_name = name;
    req.parent_group_name = std::move(parent);
    auto r = registry_->CreateThingGroup(req);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : ThingGroup{};
  }

  Status AddToGroup(const std::string& group, const std::string& thing) {
    MembershipRequest req;
    req.group_name = group;
    req.thing_name = thing;
    return registry_->AddThingToThingGroup(req);
  }

  Status RemoveFromGroup(const std::string& group, const std::string& thing) {
    MembershipRequest req;
    req.group_name = group;
    req.thing_name = thing;
    return registry_->RemoveThingFromThingGroup(req);
  }

  static PageRequest Limit(int n, std::string after = "") {
    PageRequest p;
    p.limit = n;
    p.after = std::move(after);
    return p;
  }

  static std::vector<std::string> Names(const std::vector<Thing>& things) {
    std::vector<std::string> out;
    out.reserve(things.size());
    for (const Thing& t : things) out.push_back(t.thing_name);
    return out;
  }

  static std::vector<std::string> Names(const std::vector<ThingGroup>& groups) {
    std::vector<std::string> out;
    out.reserve(groups.size());
    for (const ThingGroup& g : groups) out.push_back(g.group_name);
    return out;
  }

  std::vector<std::string> AllThings(const ThingFilter& filter = {}) {
    auto r = registry_->ListThings(filter, Limit(250));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? Names(r->items) : std::vector<std::string>{};
  }

  std::vector<std::string> Groups(ListThingGroupsRequest req) {
    req.page = Limit(250);
    auto r = registry_->ListThingGroups(req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (r.ok()) {
      EXPECT_FALSE(r->next);
    }
    return r.ok() ? Names(r->items) : std::vector<std::string>{};
  }

  std::vector<std::string> ThingsIn(const std::string& group, bool recursive) {
    auto r = registry_->ListThingsInThingGroup(group, recursive, Limit(250));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->items : std::vector<std::string>{};
  }

  std::vector<std::string> GroupsOf(const std::string& thing) {
    auto r = registry_->ListThingGroupsForThing(thing, Limit(250));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? Names(r->items) : std::vector<std::string>{};
  }

  // A tree: a { a1 { a11 }, a2 }, b { b1 }.
  void CreateTree() {
    MustCreateGroup("a");
    MustCreateGroup("a1", "a");
    MustCreateGroup("a11", "a1");
    MustCreateGroup("a2", "a");
    MustCreateGroup("b");
    MustCreateGroup("b1", "b");
  }

  std::unique_ptr<RegistryService> registry_;
};

bool IsUuidV4(const std::string& s) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(s, kUuid);
}

// ---- things ---------------------------------------------------------------------------------

TEST_F(RegistryServiceTest, CreateAndDescribeThing) {
  Thing t = MustCreateThing("t1", {{"color", "red"}});
  EXPECT_EQ(t.thing_name, "t1");
  EXPECT_EQ(t.thing_arn, ThingArn("t1"));
  EXPECT_TRUE(IsUuidV4(t.thing_id)) << t.thing_id;
  EXPECT_EQ(t.version, 1);

  auto d = registry_->DescribeThing("t1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->thing_id, t.thing_id);
  EXPECT_EQ(d->thing_arn, t.thing_arn);
  EXPECT_EQ(d->attributes, (Attributes{{"color", "red"}}));
  EXPECT_EQ(d->version, 1);
  EXPECT_FALSE(d->thing_type_name);

  Thing other = MustCreateThing("t2");
  EXPECT_NE(other.thing_id, t.thing_id);
}

TEST_F(RegistryServiceTest, TypeAndBillingGroupAreStoredWithoutARegistry) {
  CreateThingRequest req;
  req.thing_name = "t1";
  req.thing_type_name = "LightBulb";
  req.billing_group_name = "fleet-a";
  ASSERT_OK(registry_->CreateThing(req));
  auto d = registry_->DescribeThing("t1");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->thing_type_name, "LightBulb");
  EXPECT_EQ(d->billing_group_name, "fleet-a");
}

TEST_F(RegistryServiceTest, IdenticalCreateThingReturnsTheExistingThing) {
  CreateThingRequest req;
  req.thing_name = "t1";
  req.thing_type_name = "LightBulb";
  req.attributes = Attributes{{"a", "1"}};
  req.billing_group_name = "bg";
  auto first = registry_->CreateThing(req);
  ASSERT_TRUE(first.ok());
  auto again = registry_->CreateThing(req);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->thing_id, first->thing_id);
  EXPECT_EQ(again->version, 1);

  // No attributes given and an empty map are the same configuration.
  MustCreateThing("t2");
  CreateThingRequest empty;
  empty.thing_name = "t2";
  empty.attributes = Attributes{};
  EXPECT_TRUE(registry_->CreateThing(empty).ok());
}

TEST_F(RegistryServiceTest, DifferentCreateThingIsAlreadyExists) {
  CreateThingRequest req;
  req.thing_name = "t1";
  req.thing_type_name = "LightBulb";
  req.attributes = Attributes{{"a", "1"}};
  auto first = registry_->CreateThing(req);
  ASSERT_TRUE(first.ok());

  auto expect_conflict = [&](const CreateThingRequest& r) {
    auto res = registry_->CreateThing(r);
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(res.error().resource_id, first->thing_id);
    EXPECT_EQ(res.error().resource_arn, ThingArn("t1"));
    EXPECT_NE(res.error().message.find("t1"), std::string::npos);
  };
  CreateThingRequest other_attrs = req;
  other_attrs.attributes = Attributes{{"a", "2"}};
  expect_conflict(other_attrs);
  CreateThingRequest other_type = req;
  other_type.thing_type_name = "Switch";
  expect_conflict(other_type);
  CreateThingRequest no_type = req;
  no_type.thing_type_name.reset();
  expect_conflict(no_type);
  CreateThingRequest billing = req;
  billing.billing_group_name = "bg";
  expect_conflict(billing);

  auto d = registry_->DescribeThing("t1");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->attributes, (Attributes{{"a", "1"}}));  // unchanged
}

TEST_F(RegistryServiceTest, CreateThingValidation) {
  CreateThingRequest bad_name;
  bad_name.thing_name = "a/b";
  EXPECT_CODE(registry_->CreateThing(bad_name), ErrorCode::kInvalidRequest);
  CreateThingRequest empty_name;
  EXPECT_CODE(registry_->CreateThing(empty_name), ErrorCode::kInvalidRequest);

  CreateThingRequest bad_type;
  bad_type.thing_name = "t1";
  bad_type.thing_type_name = "type.1";
  EXPECT_CODE(registry_->CreateThing(bad_type), ErrorCode::kInvalidRequest);

  CreateThingRequest bad_billing;
  bad_billing.thing_name = "t1";
  bad_billing.billing_group_name = "";
  EXPECT_CODE(registry_->CreateThing(bad_billing), ErrorCode::kInvalidRequest);

  CreateThingRequest bad_value;
  bad_value.thing_name = "t1";
  bad_value.attributes = Attributes{{"color", "dark red"}};
  EXPECT_CODE(registry_->CreateThing(bad_value), ErrorCode::kInvalidRequest);

  CreateThingRequest bad_attr_name;
  bad_attr_name.thing_name = "t1";
  bad_attr_name.attributes = Attributes{{"", "x"}};
  EXPECT_CODE(registry_->CreateThing(bad_attr_name), ErrorCode::kInvalidRequest);

  EXPECT_CODE(registry_->DescribeThing("t1"), ErrorCode::kNotFound);  // nothing was created
}

TEST_F(RegistryServiceTest, AttributeQuotaDependsOnThingType) {
  Attributes four = {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}};
  CreateThingRequest untyped;
  untyped.thing_name = "t1";
  untyped.attributes = Attributes{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  ASSERT_OK(registry_->CreateThing(untyped));
  untyped.thing_name = "t2";
  untyped.attributes = four;
  EXPECT_CODE(registry_->CreateThing(untyped), ErrorCode::kInvalidRequest);

  CreateThingRequest typed;
  typed.thing_name = "t3";
  typed.thing_type_name = "LightBulb";
  typed.attributes = four;
  ASSERT_OK(registry_->CreateThing(typed));
  Attributes fifty_one;
  for (int i = 0; i <= 50; ++i) fifty_one["k" + std::to_string(i)] = "v";
  typed.thing_name = "t4";
  typed.attributes = fifty_one;
  EXPECT_CODE(registry_->CreateThing(typed), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, DescribeThingErrors) {
  auto missing = registry_->DescribeThing("ghost");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "Thing ghost cannot be found.");
  EXPECT_CODE(registry_->DescribeThing("bad name"), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, DeleteThing) {
  MustCreateThing("t1");
  ASSERT_OK(registry_->DeleteThing("t1", std::nullopt));
  EXPECT_CODE(registry_->DescribeThing("t1"), ErrorCode::kNotFound);
  // Deleting a missing thing succeeds, with or without an expected version.
  ASSERT_OK(registry_->DeleteThing("t1", std::nullopt));
  ASSERT_OK(registry_->DeleteThing("ghost", 7));
  EXPECT_CODE(registry_->DeleteThing("bad/name", std::nullopt), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, DeleteThingChecksTheExpectedVersion) {
  MustCreateThing("t1");
  EXPECT_CODE(registry_->DeleteThing("t1", 2), ErrorCode::kVersionMismatch);
  EXPECT_TRUE(registry_->DescribeThing("t1").ok());
  ASSERT_OK(registry_->DeleteThing("t1", 1));
  EXPECT_CODE(registry_->DescribeThing("t1"), ErrorCode::kNotFound);
}

TEST_F(RegistryServiceTest, DeleteThingDropsMemberships) {
  MustCreateThing("t1");
  MustCreateGroup("g");
  ASSERT_OK(AddToGroup("g", "t1"));
  ASSERT_OK(registry_->DeleteThing("t1", std::nullopt));
  EXPECT_TRUE(ThingsIn("g", false).empty());
  // A new thing of the same name starts with no groups.
  MustCreateThing("t1");
  EXPECT_TRUE(GroupsOf("t1").empty());
}

TEST_F(RegistryServiceTest, DeleteThingRemovesPendingExecutions) {
  MustCreateThing("t0");
  MustCreateThing("t1");
  MustCreate(JobRequest("a", {ThingArn("t0"), ThingArn("t1")}));
  MustCreate(JobRequest("done", {ThingArn("t0")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "a", S::kInProgress)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "done", S::kSucceeded)));

  ASSERT_OK(registry_->DeleteThing("t0", std::nullopt));
  EXPECT_EQ(GetExec("a", "t0").status, S::kRemoved);
  EXPECT_EQ(GetExec("a", "t1").status, S::kQueued);
  EXPECT_EQ(GetExec("done", "t0").status, S::kSucceeded);  // terminal executions stay as they are
  ExpectCounts("a", {{S::kQueued, 1}, {S::kRemoved, 1}});
  ExpectCounts("done", {{S::kSucceeded, 1}});
}

TEST_F(RegistryServiceTest, DeleteThingWithAVersionMismatchRemovesNothing) {
  MustCreateThing("t0");
  MustCreate(JobRequest("a", {ThingArn("t0")}));
  EXPECT_CODE(registry_->DeleteThing("t0", 5), ErrorCode::kVersionMismatch);
  EXPECT_EQ(GetExec("a", "t0").status, S::kQueued);
}

TEST_F(RegistryServiceTest, ListThingsWithFilters) {
  MustCreateThing("t1", {{"color", "red"}, {"size", "xl"}});
  MustCreateThing("t2", {{"color", "redish"}});
  MustCreateThing("t3", {{"color", "blue"}}, "LightBulb");
  MustCreateThing("t4");

  EXPECT_EQ(AllThings(), (std::vector<std::string>{"t1", "t2", "t3", "t4"}));

  ThingFilter exact;
  exact.attribute_name = "color";
  exact.attribute_value = "red";
  EXPECT_EQ(AllThings(exact), (std::vector<std::string>{"t1"}));

  ThingFilter prefix = exact;
  prefix.use_prefix_attribute_value = true;
  EXPECT_EQ(AllThings(prefix), (std::vector<std::string>{"t1", "t2"}));

  ThingFilter has_attribute;
  has_attribute.attribute_name = "size";
  EXPECT_EQ(AllThings(has_attribute), (std::vector<std::string>{"t1"}));

  ThingFilter by_type;
  by_type.thing_type_name = "LightBulb";
  EXPECT_EQ(AllThings(by_type), (std::vector<std::string>{"t3"}));

  auto full = registry_->ListThings(by_type, Limit(10));
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->items.size(), 1u);
  EXPECT_EQ(full->items[0].thing_arn, ThingArn("t3"));
  EXPECT_EQ(full->items[0].attributes, (Attributes{{"color", "blue"}}));
  EXPECT_EQ(full->items[0].version, 1);
}

TEST_F(RegistryServiceTest, ListThingsValidation) {
  ThingFilter value_only;
  value_only.attribute_value = "red";
  EXPECT_CODE(registry_->ListThings(value_only, Limit(10)), ErrorCode::kInvalidRequest);
  ThingFilter bad_name;
  bad_name.attribute_name = "a b";
  EXPECT_CODE(registry_->ListThings(bad_name, Limit(10)), ErrorCode::kInvalidRequest);
  ThingFilter bad_value;
  bad_value.attribute_name = "a";
  bad_value.attribute_value = "x y";
  EXPECT_CODE(registry_->ListThings(bad_value, Limit(10)), ErrorCode::kInvalidRequest);
  ThingFilter bad_type;
  bad_type.thing_type_name = "";
  EXPECT_CODE(registry_->ListThings(bad_type, Limit(10)), ErrorCode::kInvalidRequest);
  EXPECT_CODE(registry_->ListThings({}, Limit(0)), ErrorCode::kInvalidRequest);
  EXPECT_CODE(registry_->ListThings({}, Limit(251)), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, ListThingsPaginates) {
  for (int i = 0; i < 5; ++i) MustCreateThing("t" + std::to_string(i));
  std::vector<std::string> seen;
  PageRequest page = Limit(2);
  int pages = 0;
  for (;;) {
    auto r = registry_->ListThings({}, page);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ++pages;
    for (const Thing& t : r->items) seen.push_back(t.thing_name);
    if (!r->next) break;
    page.after = *r->next;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"}));
}

// ---- thing groups ---------------------------------------------------------------------------

TEST_F(RegistryServiceTest, CreateAndDescribeThingGroup) {
  CreateThingGroupRequest req;
  req.group_name = "g1";
  req.description = "Lights of floor 2";
  req.attributes = Attributes{{"floor", "2"}};
  req.tags = {{"team", "fw"}};
  auto g = registry_->CreateThingGroup(req);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->group_name, "g1");
  EXPECT_EQ(g->group_arn, GroupArn("g1"));
  EXPECT_TRUE(IsUuidV4(g->group_id)) << g->group_id;
  EXPECT_EQ(g->version, 1);
  EXPECT_EQ(g->created_at, Now());
  EXPECT_EQ(Tags(GroupArn("g1")), req.tags);

  auto d = registry_->DescribeThingGroup("g1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->group.group_id, g->group_id);
  EXPECT_EQ(d->group.description, "Lights of floor 2");
  EXPECT_EQ(d->group.attributes, (Attributes{{"floor", "2"}}));
  EXPECT_FALSE(d->group.parent_group_name);
  EXPECT_TRUE(d->root_to_parent.empty());
}

TEST_F(RegistryServiceTest, DescribeThingGroupListsAncestorsRootFirst) {
  MustCreateGroup("root");
  MustCreateGroup("mid", "root");
  MustCreateGroup("leaf", "mid");
  auto d = registry_->DescribeThingGroup("leaf");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->group.parent_group_name, "mid");
  EXPECT_EQ(Names(d->root_to_parent), (std::vector<std::string>{"root", "mid"}));
  EXPECT_EQ(d->root_to_parent[0].group_arn, GroupArn("root"));

  auto missing = registry_->DescribeThingGroup("ghost");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "Thing group ghost cannot be found.");
  EXPECT_CODE(registry_->DescribeThingGroup("bad name"), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, IdenticalCreateThingGroupReturnsTheExistingGroup) {
  MustCreateGroup("p");
  CreateThingGroupRequest req;
  req.group_name = "g";
  req.parent_group_name = "p";
  req.description = "d";
  req.attributes = Attributes{{"k", "v"}};
  req.tags = {{"a", "1"}};
  auto first = registry_->CreateThingGroup(req);
  ASSERT_TRUE(first.ok());
  Advance(std::chrono::seconds(5));
  // Tags are not part of the configuration: a repeat with other tags succeeds and changes none.
  req.tags = {{"b", "2"}};
  auto again = registry_->CreateThingGroup(req);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->group_id, first->group_id);
  EXPECT_EQ(again->created_at, first->created_at);
  EXPECT_EQ(Tags(GroupArn("g")), (std::map<std::string, std::string>{{"a", "1"}}));
}

TEST_F(RegistryServiceTest, DifferentCreateThingGroupIsAlreadyExists) {
  MustCreateGroup("p");
  MustCreateGroup("q");
  CreateThingGroupRequest req;
  req.group_name = "g";
  req.parent_group_name = "p";
  req.description = "d";
  auto first = registry_->CreateThingGroup(req);
  ASSERT_TRUE(first.ok());

  auto expect_conflict = [&](const CreateThingGroupRequest& r) {
    auto res = registry_->CreateThingGroup(r);
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(res.error().resource_id, first->group_id);
    EXPECT_EQ(res.error().resource_arn, GroupArn("g"));
  };
  CreateThingGroupRequest other_parent = req;
  other_parent.parent_group_name = "q";  // a group's parent cannot change
  expect_conflict(other_parent);
  CreateThingGroupRequest no_parent = req;
  no_parent.parent_group_name.reset();
  expect_conflict(no_parent);
  CreateThingGroupRequest other_description = req;
  other_description.description = "e";
  expect_conflict(other_description);
  CreateThingGroupRequest attrs = req;
  attrs.attributes = Attributes{{"k", "v"}};
  expect_conflict(attrs);
}

TEST_F(RegistryServiceTest, CreateThingGroupNeedsAnExistingParent) {
  CreateThingGroupRequest req;
  req.group_name = "g";
  req.parent_group_name = "ghost";
  EXPECT_CODE(registry_->CreateThingGroup(req), ErrorCode::kNotFound);
  EXPECT_CODE(registry_->DescribeThingGroup("g"), ErrorCode::kNotFound);
}

TEST_F(RegistryServiceTest, HierarchyIsAtMostSevenLevelsDeep) {
  MustCreateGroup("l1");
  for (int level = 2; level <= 7; ++level) {
    MustCreateGroup("l" + std::to_string(level), "l" + std::to_string(level - 1));
  }
  CreateThingGroupRequest req;
  req.group_name = "l8";
  req.parent_group_name = "l7";
  EXPECT_CODE(registry_->CreateThingGroup(req), ErrorCode::kInvalidRequest);
  auto d = registry_->DescribeThingGroup("l7");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->root_to_parent.size(), 6u);
}

TEST_F(RegistryServiceTest, AGroupHasAtMostOneHundredChildren) {
  MustCreateGroup("p");
  for (int i = 0; i < 100; ++i) MustCreateGroup("c" + std::to_string(i), "p");
  CreateThingGroupRequest req;
  req.group_name = "c100";
  req.parent_group_name = "p";
  EXPECT_CODE(registry_->CreateThingGroup(req), ErrorCode::kInvalidRequest);
  req.parent_group_name = "c0";  // grandchildren do not count against p
  EXPECT_TRUE(registry_->CreateThingGroup(req).ok());
}

TEST_F(RegistryServiceTest, CreateThingGroupValidation) {
  CreateThingGroupRequest bad_name;
  bad_name.group_name = "g g";
  EXPECT_CODE(registry_->CreateThingGroup(bad_name), ErrorCode::kInvalidRequest);

  CreateThingGroupRequest bad_parent;
  bad_parent.group_name = "g";
  bad_parent.parent_group_name = "p/q";
  EXPECT_CODE(registry_->CreateThingGroup(bad_parent), ErrorCode::kInvalidRequest);

  CreateThingGroupRequest bad_description;
  bad_description.group_name = "g";
  bad_description.description = "two\nlines";
  EXPECT_CODE(registry_->CreateThingGroup(bad_description), ErrorCode::kInvalidRequest);
  bad_description.description = std::string(2029, 'd');
  EXPECT_CODE(registry_->CreateThingGroup(bad_description), ErrorCode::kInvalidRequest);

  CreateThingGroupRequest bad_attrs;
  bad_attrs.group_name = "g";
  bad_attrs.attributes = Attributes{{"k", "a b"}};
  EXPECT_CODE(registry_->CreateThingGroup(bad_attrs), ErrorCode::kInvalidRequest);
  Attributes fifty_one;
  for (int i = 0; i <= 50; ++i) fifty_one["k" + std::to_string(i)] = "v";
  bad_attrs.attributes = fifty_one;
  EXPECT_CODE(registry_->CreateThingGroup(bad_attrs), ErrorCode::kInvalidRequest);

  CreateThingGroupRequest bad_tag;
  bad_tag.group_name = "g";
  bad_tag.tags = {{"bad!", "v"}};
  EXPECT_CODE(registry_->CreateThingGroup(bad_tag), ErrorCode::kInvalidRequest);
  CreateThingGroupRequest many_tags;
  many_tags.group_name = "g";
  for (int i = 0; i <= 50; ++i) many_tags.tags["k" + std::to_string(i)] = "v";
  EXPECT_CODE(registry_->CreateThingGroup(many_tags), ErrorCode::kInvalidRequest);

  EXPECT_CODE(registry_->DescribeThingGroup("g"), ErrorCode::kNotFound);

  CreateThingGroupRequest ok;
  ok.group_name = "g";
  ok.description = "";  // may be empty
  EXPECT_TRUE(registry_->CreateThingGroup(ok).ok());
}

TEST_F(RegistryServiceTest, DeleteThingGroup) {
  CreateThingGroupRequest req;
  req.group_name = "g";
  req.tags = {{"team", "fw"}};
  ASSERT_OK(registry_->CreateThingGroup(req));
  MustCreateThing("t1");
  ASSERT_OK(AddToGroup("g", "t1"));

  EXPECT_CODE(registry_->DeleteThingGroup("g", 3), ErrorCode::kVersionMismatch);
  EXPECT_TRUE(registry_->DescribeThingGroup("g").ok());
  ASSERT_OK(registry_->DeleteThingGroup("g", 1));
  EXPECT_CODE(registry_->DescribeThingGroup("g"), ErrorCode::kNotFound);
  EXPECT_TRUE(GroupsOf("t1").empty());
  EXPECT_TRUE(Tags(GroupArn("g")).empty());

  // Idempotent: a missing group is success.
  ASSERT_OK(registry_->DeleteThingGroup("g", std::nullopt));
  ASSERT_OK(registry_->DeleteThingGroup("ghost", 4));
  EXPECT_CODE(registry_->DeleteThingGroup("bad name", std::nullopt), ErrorCode::kInvalidRequest);

  // A re-created group starts empty and untagged.
  MustCreateGroup("g");
  EXPECT_TRUE(ThingsIn("g", false).empty());
  EXPECT_TRUE(Tags(GroupArn("g")).empty());
}

TEST_F(RegistryServiceTest, DeleteThingGroupRefusesAGroupWithChildren) {
  MustCreateGroup("p");
  MustCreateGroup("c", "p");
  auto r = registry_->DeleteThingGroup("p", std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(r.error().message,
            "Cannot delete thing group : p when there are still child groups attached to it");
  EXPECT_TRUE(registry_->DescribeThingGroup("p").ok());
  ASSERT_OK(registry_->DeleteThingGroup("c", std::nullopt));
  ASSERT_OK(registry_->DeleteThingGroup("p", std::nullopt));
}

TEST_F(RegistryServiceTest, ListThingGroupsByParentAndRecursion) {
  CreateTree();
  ListThingGroupsRequest all;  // recursive defaults to true
  EXPECT_EQ(Groups(all), (std::vector<std::string>{"a", "a1", "a11", "a2", "b", "b1"}));

  ListThingGroupsRequest roots;
  roots.recursive = false;
  EXPECT_EQ(Groups(roots), (std::vector<std::string>{"a", "b"}));

  ListThingGroupsRequest children;
  children.parent_group = "a";
  children.recursive = false;
  EXPECT_EQ(Groups(children), (std::vector<std::string>{"a1", "a2"}));

  ListThingGroupsRequest descendants;
  descendants.parent_group = "a";
  EXPECT_EQ(Groups(descendants), (std::vector<std::string>{"a1", "a11", "a2"}));

  ListThingGroupsRequest leaf;
  leaf.parent_group = "a11";
  EXPECT_TRUE(Groups(leaf).empty());
}

TEST_F(RegistryServiceTest, ListThingGroupsWithNamePrefix) {
  CreateTree();
  ListThingGroupsRequest req;
  req.name_prefix = "a1";
  EXPECT_EQ(Groups(req), (std::vector<std::string>{"a1", "a11"}));
  req.parent_group = "a";
  EXPECT_EQ(Groups(req), (std::vector<std::string>{"a1", "a11"}));
  req.recursive = false;
  EXPECT_EQ(Groups(req), (std::vector<std::string>{"a1"}));
  ListThingGroupsRequest roots;
  roots.recursive = false;
  roots.name_prefix = "b";
  EXPECT_EQ(Groups(roots), (std::vector<std::string>{"b"}));
}

TEST_F(RegistryServiceTest, ListThingGroupsErrors) {
  CreateTree();
  ListThingGroupsRequest missing;
  missing.parent_group = "ghost";
  missing.page = Limit(10);
  EXPECT_CODE(registry_->ListThingGroups(missing), ErrorCode::kNotFound);
  missing.recursive = false;
  EXPECT_CODE(registry_->ListThingGroups(missing), ErrorCode::kNotFound);

  ListThingGroupsRequest bad;
  bad.page = Limit(0);
  EXPECT_CODE(registry_->ListThingGroups(bad), ErrorCode::kInvalidRequest);
  bad.page = Limit(251);
  EXPECT_CODE(registry_->ListThingGroups(bad), ErrorCode::kInvalidRequest);
  ListThingGroupsRequest bad_prefix;
  bad_prefix.page = Limit(10);
  bad_prefix.name_prefix = "a b";
  EXPECT_CODE(registry_->ListThingGroups(bad_prefix), ErrorCode::kInvalidRequest);
  ListThingGroupsRequest bad_parent;
  bad_parent.page = Limit(10);
  bad_parent.parent_group = "a/b";
  EXPECT_CODE(registry_->ListThingGroups(bad_parent), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, ListThingGroupsPaginates) {
  CreateTree();
  for (bool recursive_under_a : {true, false}) {
    ListThingGroupsRequest req;
    if (recursive_under_a) req.parent_group = "a";  // in-memory walk
    req.page = Limit(2);
    std::vector<std::string> seen;
    int pages = 0;
    for (;;) {
      auto r = registry_->ListThingGroups(req);
      ASSERT_TRUE(r.ok()) << r.error().message;
      ++pages;
      ASSERT_LE(r->items.size(), 2u);
      for (const ThingGroup& g : r->items) {
        EXPECT_EQ(g.group_arn, GroupArn(g.group_name));
        seen.push_back(g.group_name);
      }
      if (!r->next) break;
      req.page.after = *r->next;
    }
    if (recursive_under_a) {
      EXPECT_EQ(seen, (std::vector<std::string>{"a1", "a11", "a2"}));
      EXPECT_EQ(pages, 2);
    } else {
      EXPECT_EQ(seen, (std::vector<std::string>{"a", "a1", "a11", "a2", "b", "b1"}));
      EXPECT_EQ(pages, 3);
    }
  }
}

// ---- membership -----------------------------------------------------------------------------

TEST_F(RegistryServiceTest, AddThingToThingGroupByNameOrArn) {
  MustCreateThing("t1");
  MustCreateThing("t2");
  MustCreateThing("t3");
  MustCreateGroup("g");
  ASSERT_OK(AddToGroup("g", "t1"));

  MembershipRequest by_arn;
  by_arn.group_arn = GroupArn("g");
  by_arn.thing_arn = ThingArn("t2");
  ASSERT_OK(registry_->AddThingToThingGroup(by_arn));

  MembershipRequest both;  // a name and an ARN that agree
  both.group_name = "g";
  both.group_arn = GroupArn("g");
  both.thing_arn = ThingArn("t3");
  ASSERT_OK(registry_->AddThingToThingGroup(both));

  EXPECT_EQ(ThingsIn("g", false), (std::vector<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(GroupsOf("t2"), (std::vector<std::string>{"g"}));

  // Re-adding is a no-op.
  ASSERT_OK(AddToGroup("g", "t1"));
  EXPECT_EQ(ThingsIn("g", false), (std::vector<std::string>{"t1", "t2", "t3"}));
}

TEST_F(RegistryServiceTest, MembershipRequestsNeedValidIdentifiers) {
  MustCreateThing("t1");
  MustCreateGroup("g");
  auto expect_invalid = [&](const MembershipRequest& req) {
    EXPECT_CODE(registry_->AddThingToThingGroup(req), ErrorCode::kInvalidRequest);
    EXPECT_CODE(registry_->RemoveThingFromThingGroup(req), ErrorCode::kInvalidRequest);
  };
  MembershipRequest no_group;
  no_group.thing_name = "t1";
  expect_invalid(no_group);
  MembershipRequest no_thing;
  no_thing.group_name = "g";
  expect_invalid(no_thing);

  MembershipRequest wrong_kind;  // a thing ARN where a group ARN belongs
  wrong_kind.group_arn = ThingArn("t1");
  wrong_kind.thing_name = "t1";
  expect_invalid(wrong_kind);
  MembershipRequest wrong_kind_thing;
  wrong_kind_thing.group_name = "g";
  wrong_kind_thing.thing_arn = GroupArn("g");
  expect_invalid(wrong_kind_thing);

  MembershipRequest foreign;
  foreign.group_arn = "arn:aws:iot:us-east-1:999999999999:thinggroup/g";
  foreign.thing_name = "t1";
  expect_invalid(foreign);
  MembershipRequest other_region;
  other_region.group_name = "g";
  other_region.thing_arn = "arn:aws:iot:eu-west-1:123456789012:thing/t1";
  expect_invalid(other_region);
  MembershipRequest malformed;
  malformed.group_arn = "not-an-arn";
  malformed.thing_name = "t1";
  expect_invalid(malformed);
  MembershipRequest bad_name_in_arn;
  bad_name_in_arn.group_arn = GroupArn("bad name");
  bad_name_in_arn.thing_name = "t1";
  expect_invalid(bad_name_in_arn);

  MembershipRequest disagree;
  disagree.group_name = "g";
  disagree.thing_name = "t1";
  disagree.thing_arn = ThingArn("t2");
  expect_invalid(disagree);

  MembershipRequest bad_name;
  bad_name.group_name = "g";
  bad_name.thing_name = "t 1";
  expect_invalid(bad_name);

  EXPECT_TRUE(GroupsOf("t1").empty());
}

TEST_F(RegistryServiceTest, MembershipNeedsAnExistingThingAndGroup) {
  MustCreateThing("t1");
  MustCreateGroup("g");
  EXPECT_CODE(AddToGroup("ghost", "t1"), ErrorCode::kNotFound);
  EXPECT_CODE(AddToGroup("g", "ghost"), ErrorCode::kNotFound);
  EXPECT_CODE(RemoveFromGroup("ghost", "t1"), ErrorCode::kNotFound);
  EXPECT_CODE(RemoveFromGroup("g", "ghost"), ErrorCode::kNotFound);
}

TEST_F(RegistryServiceTest, AThingIsInOneGroupPerHierarchy) {
  CreateTree();
  MustCreateThing("t1");
  ASSERT_OK(AddToGroup("a1", "t1"));
  EXPECT_CODE(AddToGroup("a2", "t1"), ErrorCode::kInvalidRequest);   // sibling
  EXPECT_CODE(AddToGroup("a", "t1"), ErrorCode::kInvalidRequest);    // ancestor
  EXPECT_CODE(AddToGroup("a11", "t1"), ErrorCode::kInvalidRequest);  // descendant
  ASSERT_OK(AddToGroup("b1", "t1"));                                 // another hierarchy
  EXPECT_EQ(GroupsOf("t1"), (std::vector<std::string>{"a1", "b1"}));

  // After leaving a1 the thing may join another group of that hierarchy.
  ASSERT_OK(RemoveFromGroup("a1", "t1"));
  ASSERT_OK(AddToGroup("a11", "t1"));
  EXPECT_EQ(GroupsOf("t1"), (std::vector<std::string>{"a11", "b1"}));
}

TEST_F(RegistryServiceTest, AThingIsInAtMostTenGroups) {
  MustCreateThing("t1");
  for (int i = 0; i < 11; ++i) MustCreateGroup("g" + std::to_string(i));
  for (int i = 0; i < 10; ++i) ASSERT_OK(AddToGroup("g" + std::to_string(i), "t1"));
  EXPECT_CODE(AddToGroup("g10", "t1"), ErrorCode::kInvalidRequest);
  ASSERT_OK(AddToGroup("g3", "t1"));  // re-adding at the limit is still a no-op success
  EXPECT_EQ(GroupsOf("t1").size(), 10u);
  ASSERT_OK(RemoveFromGroup("g0", "t1"));
  ASSERT_OK(AddToGroup("g10", "t1"));
}

TEST_F(RegistryServiceTest, RemoveThingFromThingGroup) {
  MustCreateThing("t1");
  MustCreateThing("t2");
  MustCreateGroup("g");
  ASSERT_OK(AddToGroup("g", "t1"));
  ASSERT_OK(AddToGroup("g", "t2"));
  MembershipRequest by_arn;
  by_arn.group_arn = GroupArn("g");
  by_arn.thing_arn = ThingArn("t1");
  ASSERT_OK(registry_->RemoveThingFromThingGroup(by_arn));
  EXPECT_EQ(ThingsIn("g", false), (std::vector<std::string>{"t2"}));
  EXPECT_TRUE(GroupsOf("t1").empty());
  // Not a member (any more): success.
  ASSERT_OK(registry_->RemoveThingFromThingGroup(by_arn));
  EXPECT_EQ(ThingsIn("g", false), (std::vector<std::string>{"t2"}));
}

TEST_F(RegistryServiceTest, ListThingsInThingGroup) {
  CreateTree();
  for (const char* t : {"t1", "t2", "t3", "t4", "t5"}) MustCreateThing(t);
  ASSERT_OK(AddToGroup("a", "t3"));
  ASSERT_OK(AddToGroup("a1", "t1"));
  ASSERT_OK(AddToGroup("a11", "t5"));
  ASSERT_OK(AddToGroup("a2", "t2"));
  ASSERT_OK(AddToGroup("b", "t4"));

  EXPECT_EQ(ThingsIn("a", false), (std::vector<std::string>{"t3"}));
  EXPECT_EQ(ThingsIn("a", true), (std::vector<std::string>{"t1", "t2", "t3", "t5"}));
  EXPECT_EQ(ThingsIn("a1", true), (std::vector<std::string>{"t1", "t5"}));
  EXPECT_EQ(ThingsIn("b1", true), (std::vector<std::string>{}));

  EXPECT_CODE(registry_->ListThingsInThingGroup("ghost", false, Limit(10)), ErrorCode::kNotFound);
  EXPECT_CODE(registry_->ListThingsInThingGroup("ghost", true, Limit(10)), ErrorCode::kNotFound);
  EXPECT_CODE(registry_->ListThingsInThingGroup("bad name", true, Limit(10)), ErrorCode::kInvalidRequest);
  EXPECT_CODE(registry_->ListThingsInThingGroup("a", true, Limit(0)), ErrorCode::kInvalidRequest);
  EXPECT_CODE(registry_->ListThingsInThingGroup("a", false, Limit(251)), ErrorCode::kInvalidRequest);
}

TEST_F(RegistryServiceTest, RecursiveListingReportsEachThingOnceAndPaginates) {
  CreateTree();
  // The registry never puts a thing in two groups of one hierarchy; seed such rows through the
  // store to check the walk still reports each thing once.
  for (int i = 0; i < 7; ++i) MustCreateThing("t" + std::to_string(i));
  for (int i = 0; i < 7; ++i) Join(i % 2 == 0 ? "a1" : "a11", "t" + std::to_string(i));
  Join("a2", "t0");
  Join("a", "t1");
  Join("a", "t6");

  EXPECT_EQ(ThingsIn("a", true), (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4", "t5", "t6"}));
  for (int limit : {1, 2, 3, 7, 8}) {
    std::vector<std::string> seen;
    PageRequest page = Limit(limit);
    for (;;) {
      auto r = registry_->ListThingsInThingGroup("a", true, page);
      ASSERT_TRUE(r.ok()) << r.error().message;
      ASSERT_LE(r->items.size(), static_cast<size_t>(limit));
      seen.insert(seen.end(), r->items.begin(), r->items.end());
      if (!r->next) break;
      page.after = *r->next;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4", "t5", "t6"}))
        << "limit " << limit;
  }
}

TEST_F(RegistryServiceTest, NonRecursiveListingPaginates) {
  MustCreateGroup("g");
  for (int i = 0; i < 5; ++i) {
    MustCreateThing("t" + std::to_string(i));
    ASSERT_OK(AddToGroup("g", "t" + std::to_string(i)));
  }
  auto first = registry_->ListThingsInThingGroup("g", false, Limit(3));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->items, (std::vector<std::string>{"t0", "t1", "t2"}));
  ASSERT_TRUE(first->next);
  auto second = registry_->ListThingsInThingGroup("g", false, Limit(3, *first->next));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->items, (std::vector<std::string>{"t3", "t4"}));
  EXPECT_FALSE(second->next);
}

TEST_F(RegistryServiceTest, ListThingGroupsForThing) {
  CreateTree();
  MustCreateThing("t1");
  ASSERT_OK(AddToGroup("a11", "t1"));
  ASSERT_OK(AddToGroup("b", "t1"));
  MustCreateGroup("c");
  ASSERT_OK(AddToGroup("c", "t1"));
  // Direct groups only: not a1 or a, the ancestors of a11.
  EXPECT_EQ(GroupsOf("t1"), (std::vector<std::string>{"a11", "b", "c"}));

  auto first = registry_->ListThingGroupsForThing("t1", Limit(2));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Names(first->items), (std::vector<std::string>{"a11", "b"}));
  EXPECT_EQ(first->items[0].group_arn, GroupArn("a11"));
  ASSERT_TRUE(first->next);
  auto second = registry_->ListThingGroupsForThing("t1", Limit(2, *first->next));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Names(second->items), (std::vector<std::string>{"c"}));
  EXPECT_FALSE(second->next);

  MustCreateThing("lonely");
  EXPECT_TRUE(GroupsOf("lonely").empty());
  EXPECT_CODE(registry_->ListThingGroupsForThing("ghost", Limit(10)), ErrorCode::kNotFound);
  EXPECT_CODE(registry_->ListThingGroupsForThing("bad name", Limit(10)), ErrorCode::kInvalidRequest);
  EXPECT_CODE(registry_->ListThingGroupsForThing("t1", Limit(0)), ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace fleetjobs::testing
