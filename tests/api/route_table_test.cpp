#include "api/route_table.h"

#include <gtest/gtest.h>

namespace fleetjobs::api {
namespace {

RouteHandler Noop() {
  return [](const ApiCall&) -> Result<boost::json::object> { return boost::json::object(); };
}

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add("GET", "/things/{thingName}/jobs/{jobId}", Plane::kControl, "DescribeJobExecution");
    Add("GET", "/things/{thingName}/jobs/{jobId}", Plane::kData, "DataDescribeJobExecution");
    Add("PUT", "/things/{thingName}/jobs/$next", Plane::kData, "StartNextPendingJobExecution");
    Add("POST", "/things/{thingName}/jobs/{jobId}", Plane::kData, "UpdateJobExecution");
    Add("PUT", "/thing-groups/{thingGroupName}", Plane::kControl, "UpdateThingGroupLike");
    Add("PUT", "/thing-groups/addThingToThingGroup", Plane::kControl, "AddThingToThingGroup");
    Add("GET", "/jobs", Plane::kControl, "ListJobs");
    Add("GET", "/jobs/{jobId}", Plane::kControl, "DescribeJob");
    Add("DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", Plane::kControl,
        "DeleteJobExecution");
  }
  void Add(std::string method, std::string path, Plane plane, std::string op) {
    table_.Add({std::move(method), std::move(path), plane, std::move(op), Noop()});
  }
  std::string Op(std::string_view method, std::string_view path, Plane plane) {
    auto m = table_.Match(method, path, plane);
    return m.ok() ? m->route->operation : "error:" + std::to_string(static_cast<int>(m.error().code));
  }
  RouteTable table_;
};

TEST_F(RouteTableTest, MatchesTemplatesAndDecodesLabels) {
  auto m = table_.Match("GET", "/things/my%3Athing/jobs/job%3Aa%20b%2Fc", Plane::kControl);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->route->operation, "DescribeJobExecution");
  EXPECT_EQ(m->params.Get("thingName"), "my:thing");
  EXPECT_EQ(m->params.Get("jobId"), "job:a b/c");  // %2F stays inside its segment
}

TEST_F(RouteTableTest, PlaneSelectsBetweenCollidingRoutes) {
  EXPECT_EQ(Op("GET", "/things/t1/jobs/j1", Plane::kControl), "DescribeJobExecution");
  EXPECT_EQ(Op("GET", "/things/t1/jobs/j1", Plane::kData), "DataDescribeJobExecution");
}

TEST_F(RouteTableTest, EncodedDollarNextIsALabelValueOnGet) {
  auto m = table_.Match("GET", "/things/t1/jobs/%24next", Plane::kData);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->route->operation, "DataDescribeJobExecution");
  EXPECT_EQ(m->params.Get("jobId"), "$next");
}

TEST_F(RouteTableTest, LiteralBeatsLabel) {
  EXPECT_EQ(Op("PUT", "/things/t1/jobs/$next", Plane::kData), "StartNextPendingJobExecution");
  EXPECT_EQ(Op("PUT", "/things/t1/jobs/%24next", Plane::kData), "StartNextPendingJobExecution");
  EXPECT_EQ(Op("PUT", "/thing-groups/addThingToThingGroup", Plane::kControl), "AddThingToThingGroup");
  EXPECT_EQ(Op("PUT", "/thing-groups/g1", Plane::kControl), "UpdateThingGroupLike");
  // The order of registration does not matter.
  RouteTable reversed;
  reversed.Add({"PUT", "/thing-groups/addThingToThingGroup", Plane::kControl, "Add", Noop()});
  reversed.Add({"PUT", "/thing-groups/{thingGroupName}", Plane::kControl, "Label", Noop()});
  EXPECT_EQ(reversed.Match("PUT", "/thing-groups/addThingToThingGroup", Plane::kControl)->route->operation,
            "Add");
}

TEST_F(RouteTableTest, UnknownRoutesAndMethods) {
  EXPECT_EQ(Op("GET", "/nothing", Plane::kControl),
            "error:" + std::to_string(int(ErrorCode::kUnknownOperation)));
  EXPECT_EQ(Op("PATCH", "/jobs", Plane::kControl),
            "error:" + std::to_string(int(ErrorCode::kUnknownOperation)));
  EXPECT_EQ(Op("PUT", "/things/t1/jobs/$next", Plane::kControl),
            "error:" + std::to_string(int(ErrorCode::kUnknownOperation)));
  // An empty label value does not match.
  EXPECT_EQ(Op("GET", "/jobs/", Plane::kControl),
            "error:" + std::to_string(int(ErrorCode::kUnknownOperation)));
}

TEST_F(RouteTableTest, InvalidEscapeIsInvalidRequest) {
  auto m = table_.Match("GET", "/jobs/a%2", Plane::kControl);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidRequest);
  m = table_.Match("GET", "/jobs/a%zz", Plane::kControl);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidRequest);
}

TEST_F(RouteTableTest, PlusIsLiteralInPaths) {
  auto m = table_.Match("GET", "/jobs/a+b", Plane::kControl);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->params.Get("jobId"), "a+b");
}

TEST_F(RouteTableTest, MultipleLabels) {
  auto m = table_.Match("DELETE", "/things/t1/jobs/j1/executionNumber/3", Plane::kControl);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->params.Get("thingName"), "t1");
  EXPECT_EQ(m->params.Get("jobId"), "j1");
  EXPECT_EQ(m->params.Get("executionNumber"), "3");
  EXPECT_TRUE(m->params.Has("jobId"));
  EXPECT_FALSE(m->params.Has("nope"));
}

TEST(RouteTableSplitTest, SplitsThenDecodes) {
  auto s = RouteTable::SplitPath("/a%2Fb/c");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (std::vector<std::string>{"a/b", "c"}));
  EXPECT_TRUE(RouteTable::SplitPath("/")->empty());
  EXPECT_EQ(*RouteTable::SplitPath("/a/"), (std::vector<std::string>{"a", ""}));
  EXPECT_FALSE(RouteTable::SplitPath("").ok());
  EXPECT_FALSE(RouteTable::SplitPath("jobs").ok());
}

}  // namespace
}  // namespace fleetjobs::api
