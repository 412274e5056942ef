#include "engine/target_resolver.h"

#include <gtest/gtest.h>

#include <set>
#include <unordered_set>

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

// A single childless group is expanded without remembering its things; a second Expand on the
// same resolver still reports each thing once.
TEST_F(TargetResolverTest, SingleGroupFastPathStillReportsEachThingOnce) {
  AddThings("t", 4);
  AddGroup("g");
  AddGroup("h");
  Join("g", "t0");
  Join("g", "t1");
  Join("h", "t1");
  Join("h", "t2");
  std::vector<std::string> reported;
  ASSERT_OK(store_->Read([&](StoreTxn& txn) -> Status {
    TargetResolver r(ctx_->arns, txn);
    auto visit = [&](const std::string& thing) {
      reported.push_back(thing);
      return Status::Ok();
    };
    FJ_RETURN_IF_ERROR(r.Expand({GroupArn("g")}, visit));
    FJ_RETURN_IF_ERROR(r.Expand({GroupArn("h"), ThingArn("t0"), ThingArn("t3")}, visit));
    return r.Expand({GroupArn("g")}, visit);
  }));
  EXPECT_EQ(reported, (std::vector<std::string>{"t0", "t1", "t2", "t3"}));
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

TEST_F(TargetResolverTest, TargetsReachingIsTheInverseOfExpand) {
  AddThings("t", 2);
  AddGroup("root");
  AddGroup("mid", "root");
  AddGroup("leaf", "mid");
  AddGroup("other");
  AddGroup("sibling", "root");
  Join("leaf", "t0");
  Join("other", "t0");
  using Set = std::unordered_set<std::string>;
  Set all, without_leaf, lonely;
  std::vector<std::string> chain, root_chain;
  ASSERT_OK(store_->Read([&](StoreTxn& txn) -> Status {
    TargetResolver r(ctx_->arns, txn);
    FJ_ASSIGN_OR_RETURN(all, r.TargetsReaching("t0"));
    FJ_ASSIGN_OR_RETURN(without_leaf, r.TargetsReaching("t0", std::string("leaf")));
    FJ_ASSIGN_OR_RETURN(lonely, r.TargetsReaching("t1"));
    FJ_ASSIGN_OR_RETURN(chain, r.GroupAndAncestorArns("leaf"));
    FJ_ASSIGN_OR_RETURN(root_chain, r.GroupAndAncestorArns("root"));
    return Status::Ok();
  }));
  EXPECT_EQ(all,
            (Set{ThingArn("t0"), GroupArn("leaf"), GroupArn("mid"), GroupArn("root"), GroupArn("other")}));
  EXPECT_EQ(without_leaf, (Set{ThingArn("t0"), GroupArn("other")}));
  EXPECT_EQ(lonely, (Set{ThingArn("t1")}));
  EXPECT_EQ(chain, (std::vector<std::string>{GroupArn("leaf"), GroupArn("mid"), GroupArn("root")}));
  EXPECT_EQ(root_chain, (std::vector<std::string>{GroupArn("root")}));
}

TEST_F(TargetResolverTest, AncestorChainErrors) {
  AddGroup("orphan", "gone");  // the store does not check parents
  std::optional<ErrorCode> missing, orphan;
  ASSERT_OK(store_->Read([&](StoreTxn& txn) -> Status {
    TargetResolver r(ctx_->arns, txn);
    auto m = r.GroupAndAncestorArns("missing");
    if (!m.ok()) missing = m.error().code;
    auto o = r.GroupAndAncestorArns("orphan");
    if (!o.ok()) orphan = o.error().code;
    return Status::Ok();
  }));
  EXPECT_EQ(missing, ErrorCode::kNotFound);
  EXPECT_EQ(orphan, ErrorCode::kInternal);
}

}  // namespace
}  // namespace fleetjobs::testing
