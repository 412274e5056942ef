#include "engine/target_resolver.h"

#include <gtest/gtest.h>

#include <set>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

class TargetResolverTest : public EngineFixture {
 protected:
  Result<std::set<std::string>> Expand(const std::vector<std::string>& targets,
                                       const std::vector<std::string>& seen = {}) {
    std::set<std::string> out;
    size_t calls = 0;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      TargetResolver r(ctx_->arns, txn);
      FJ_RETURN_IF_ERROR(r.CheckExist(targets));
      for (const auto& s : seen) r.MarkSeen(s);
      return r.Expand(targets, [&](const std::string& thing) {
        ++calls;
        out.insert(thing);
        return Status::Ok();
      });
    });
    if (!st.ok()) return st.take_error();
    EXPECT_EQ(calls, out.size()) << "a thing was reported twice";
    return out;
  }
};

TEST_F(TargetResolverTest, GroupsReachAllDescendants) {
  AddThings("t", 6);
  AddGroup("root");
  AddGroup("a", "root");
  AddGroup("b", "root");
  AddGroup("a1", "a");
  AddGroup("other");
  Join("root", "t0");
  Join("a", "t1");
  Join("b", "t2");
  Join("a1", "t3");
  Join("a1", "t0");
  Join("other", "t4");
  auto all = Expand({GroupArn("root")});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(*all, (std::set<std::string>{"t0", "t1", "t2", "t3"}));
  auto sub = Expand({GroupArn("a"), ThingArn("t5"), GroupArn("a1")});
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(*sub, (std::set<std::string>{"t0", "t1", "t3", "t5"}));
  auto skip = Expand({GroupArn("root")}, {"t0", "t2"});
  ASSERT_TRUE(skip.ok());
  EXPECT_EQ(*skip, (std::set<std::string>{"t1", "t3"}));
}

TEST_F(TargetResolverTest, ManyThingsAcrossPages) {
  AddGroup("fleet");
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    for (int i = 0; i < 2100; ++i) {
      Thing t;
      t.thing_name = "d" + std::to_string(i);
      t.thing_id = t.thing_name;
      t.thing_arn = ThingArn(t.thing_name);
      FJ_RETURN_IF_ERROR(txn.InsertThing(t));
      FJ_RETURN_IF_ERROR(txn.AddMembership("fleet", t.thing_name));
    }
    return Status::Ok();
  }));
  auto r = Expand({GroupArn("fleet")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2100u);
}

TEST_F(TargetResolverTest, CheckExistAndNormalize) {
  AddThing("t0");
  AddGroup("g");
  EXPECT_CODE(Expand({ThingArn("missing")}), ErrorCode::kNotFound);
  EXPECT_CODE(Expand({GroupArn("missing")}), ErrorCode::kNotFound);
  auto n = TargetResolver::NormalizeTargets(ctx_->arns, {ThingArn("t0"), GroupArn("g"), ThingArn("t0")});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, (std::vector<std::string>{ThingArn("t0"), GroupArn("g")}));
  EXPECT_CODE(TargetResolver::NormalizeTargets(ctx_->arns, {}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(TargetResolver::NormalizeTargets(ctx_->arns, {TemplateArn("x")}), ErrorCode::kInvalidRequest);
  EXPECT_CODE(TargetResolver::NormalizeTargets(ctx_->arns, {ThingArn("bad name")}),
              ErrorCode::kInvalidRequest);
  EXPECT_CODE(TargetResolver::NormalizeTargets(ctx_->arns, {ThingArn(std::string(2048, 'a'))}),
              ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace fleetjobs::testing
