#include "api/registry_requests.h"

#include <gtest/gtest.h>

#include "api_call_builder.h"

namespace fleetjobs::api {
namespace {
using testing::MakeCall;

TEST(RegistryRequestsTest, CreateThing) {
  auto req = DecodeCreateThing(MakeCall({{"thingName", "t1"}}, "",
                                        R"({"attributePayload": {"attributes": {"a": "1"}, "merge": true},
                                            "thingTypeName": "type", "billingGroupName": "bg"})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->thing_name, "t1");
  EXPECT_EQ(req->attributes->at("a"), "1");
  EXPECT_EQ(req->thing_type_name, "type");
  EXPECT_EQ(req->billing_group_name, "bg");
  auto empty = DecodeCreateThing(MakeCall({{"thingName", "t1"}}));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->attributes);
  auto bad =
      DecodeCreateThing(MakeCall({{"thingName", "t1"}}, "", R"({"attributePayload": {"merge": "yes"}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "attributePayload.merge must be a boolean");
}

TEST(RegistryRequestsTest, ListThings) {
  auto req = DecodeListThings(MakeCall(
      {}, "attributeName=a&attributeValue=v&thingTypeName=t&usePrefixAttributeValue=true&maxResults=3"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->filter.attribute_name, "a");
  EXPECT_EQ(req->filter.attribute_value, "v");
  EXPECT_EQ(req->filter.thing_type_name, "t");
  EXPECT_TRUE(req->filter.use_prefix_attribute_value);
  EXPECT_EQ(req->page.limit, 3);
}

TEST(RegistryRequestsTest, CreateThingGroup) {
  auto req = DecodeCreateThingGroup(
      MakeCall({{"thingGroupName", "g1"}}, "",
               R"({"parentGroupName": "root", "thingGroupProperties": {"thingGroupDescription": "d",
          "attributePayload": {"attributes": {"x": "y"}}}, "tags": [{"Key": "k", "Value": "v"}]})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->group_name, "g1");
  EXPECT_EQ(req->parent_group_name, "root");
  EXPECT_EQ(req->description, "d");
  EXPECT_EQ(req->attributes->at("x"), "y");
  EXPECT_EQ(req->tags.at("k"), "v");
  auto bad = DecodeCreateThingGroup(
      MakeCall({{"thingGroupName", "g1"}}, "",
               R"({"thingGroupProperties": {"attributePayload": {"attributes": []}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.error().message.rfind("thingGroupProperties.attributePayload.attributes must be an object", 0), 0u);
}

TEST(RegistryRequestsTest, ListGroupsAndMembers) {
  auto groups = DecodeListThingGroups(MakeCall({}, "parentGroup=p&namePrefixFilter=a&recursive=false"));
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->parent_group, "p");
  EXPECT_EQ(groups->name_prefix, "a");
  EXPECT_FALSE(groups->recursive);
  EXPECT_TRUE(DecodeListThingGroups(MakeCall({}))->recursive);  // engine default kept

  auto things = DecodeListThingsInThingGroup(MakeCall({{"thingGroupName", "g"}}, "recursive=true"));
  ASSERT_TRUE(things.ok());
  EXPECT_EQ(things->group_name, "g");
  EXPECT_TRUE(things->recursive);
  EXPECT_FALSE(DecodeListThingsInThingGroup(MakeCall({{"thingGroupName", "g"}}))->recursive);
}

TEST(RegistryRequestsTest, Membership) {
  auto req = DecodeMembership(MakeCall({}, "", R"({"thingGroupName": "g1", "thingName": "t1"})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->group_name, "g1");
  EXPECT_EQ(req->thing_name, "t1");
  EXPECT_FALSE(req->group_arn);
  auto arns = DecodeMembership(MakeCall({}, "", R"({"thingGroupArn": "ga", "thingArn": "ta",
                                                     "overrideDynamicGroups": false})"));
  ASSERT_TRUE(arns.ok());
  EXPECT_EQ(arns->group_arn, "ga");
  EXPECT_EQ(arns->thing_arn, "ta");
}

TEST(RegistryRequestsTest, Tags) {
  auto tag =
      DecodeTagResource(MakeCall({}, "", R"({"resourceArn": "arn", "tags": [{"Key": "k", "Value": "v"}]})"));
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(tag->resource_arn, "arn");
  EXPECT_EQ(tag->tags.at("k"), "v");
  EXPECT_EQ(DecodeTagResource(MakeCall({}, "", R"({"resourceArn": "arn"})")).error().message,
            "tags is required");
  EXPECT_EQ(DecodeTagResource(MakeCall({}, "", R"({"tags": []})")).error().message,
            "resourceArn is required");

  auto untag = DecodeUntagResource(MakeCall({}, "", R"({"resourceArn": "arn", "tagKeys": ["a", "b"]})"));
  ASSERT_TRUE(untag.ok());
  EXPECT_EQ(untag->tag_keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(DecodeUntagResource(MakeCall({}, "", R"({"resourceArn": "arn"})")).ok());

  EXPECT_EQ(*DecodeListTagsForResource(MakeCall({}, "resourceArn=arn%3Aaws%3Aiot")), "arn:aws:iot");
  EXPECT_FALSE(DecodeListTagsForResource(MakeCall({})).ok());
}

TEST(RegistryRequestsTest, EventConfigurations) {
  auto req = DecodeUpdateEventConfigurations(
      MakeCall({}, "", R"({"eventConfigurations": {"JOB": {"Enabled": true}, "JOB_EXECUTION": {}}})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(*req, (std::map<std::string, bool>{{"JOB", true}, {"JOB_EXECUTION", false}}));
  EXPECT_TRUE(DecodeUpdateEventConfigurations(MakeCall({}))->empty());
  auto bad = DecodeUpdateEventConfigurations(
      MakeCall({}, "", R"({"eventConfigurations": {"JOB": {"Enabled": 1}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "eventConfigurations.JOB.Enabled must be a boolean");
}

TEST(RegistryRequestsTest, EndpointType) {
  EXPECT_EQ(*DecodeEndpointType(MakeCall({}, "endpointType=iot%3AJobs")), "iot:Jobs");
  EXPECT_EQ(*DecodeEndpointType(MakeCall({}, "endpointType=iot:data-ats")), "iot:Data-ATS");
  EXPECT_EQ(*DecodeEndpointType(MakeCall({})), "iot:Data");
  EXPECT_FALSE(DecodeEndpointType(MakeCall({}, "endpointType=iot:Other")).ok());
}

}  // namespace
}  // namespace fleetjobs::api
