#include "model/arn_format.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

TEST(ArnFormatTest, BuildsAndParses) {
  ArnFormat arns("us-east-1", "123456789012");
  EXPECT_EQ(arns.Job("j1"), "arn:aws:iot:us-east-1:123456789012:job/j1");
  EXPECT_EQ(arns.Thing("t:1"), "arn:aws:iot:us-east-1:123456789012:thing/t:1");
  EXPECT_EQ(arns.ThingGroup("g"), "arn:aws:iot:us-east-1:123456789012:thinggroup/g");
  EXPECT_EQ(arns.JobTemplate("x"), "arn:aws:iot:us-east-1:123456789012:jobtemplate/x");
  auto p = arns.Parse("arn:aws:iot:us-east-1:123456789012:thinggroup/g1");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, ArnKind::kThingGroup);
  EXPECT_EQ(p->name, "g1");
  EXPECT_FALSE(arns.Parse("arn:aws:iot:eu-west-1:123456789012:thing/t1").has_value());
  EXPECT_FALSE(arns.Parse("arn:aws:iot:us-east-1:999999999999:thing/t1").has_value());
  EXPECT_FALSE(arns.Parse("arn:aws:iot:us-east-1:123456789012:thing/").has_value());
  EXPECT_FALSE(arns.Parse("arn:aws:iot:us-east-1:123456789012:policy/p").has_value());
  EXPECT_FALSE(arns.Parse("garbage").has_value());
}

}  // namespace
}  // namespace fleetjobs
