#include "engine/name_validation.h"

#include <gtest/gtest.h>

#include <string>

namespace fleetjobs {
namespace {

void ExpectInvalid(const Status& st, const std::string& needle) {
  ASSERT_FALSE(st.ok()) << "expected an error mentioning " << needle;
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(st.error().message.find(needle), std::string::npos) << st.error().message;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(NameValidationTest, ThingName) {
  EXPECT_TRUE(ValidateThingName("thing:1_a-B").ok());
  EXPECT_TRUE(ValidateThingName(std::string(128, 'a')).ok());
  ExpectInvalid(ValidateThingName(std::string(129, 'a')), "length less than or equal to 128");
  ExpectInvalid(ValidateThingName(""), "length greater than or equal to 1");
  ExpectInvalid(ValidateThingName("a/b"), "[a-zA-Z0-9:_-]+");
  ExpectInvalid(ValidateThingName("a b"), "'thingName'");
  ExpectInvalid(ValidateThingName("a.b", "thingArn"), "'thingArn'");
}

TEST(NameValidationTest, MessageFollowsAwsForm) {
  Status st = ValidateThingName("a/b");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(
      st.error().message,
      "1 validation error detected: Value 'a/b' at 'thingName' failed to satisfy constraint: Member must "
      "satisfy regular expression pattern: [a-zA-Z0-9:_-]+");
}

TEST(NameValidationTest, GroupTypeAndBillingGroupNames) {
  EXPECT_TRUE(ValidateThingGroupName("group:1_a-B").ok());
  ExpectInvalid(ValidateThingGroupName(std::string(129, 'g')), "'thingGroupName'");
  ExpectInvalid(ValidateThingGroupName("g$"), "thingGroupName");

  EXPECT_TRUE(ValidateThingTypeName("LightBulb:v2_x-y").ok());
  EXPECT_TRUE(ValidateThingTypeName(std::string(128, 't')).ok());
  ExpectInvalid(ValidateThingTypeName(std::string(129, 't')), "length less than or equal to 128");
  ExpectInvalid(ValidateThingTypeName(""), "'thingTypeName'");
  ExpectInvalid(ValidateThingTypeName("type.1"), "[a-zA-Z0-9:_-]+");

  EXPECT_TRUE(ValidateBillingGroupName("billing-1").ok());
  ExpectInvalid(ValidateBillingGroupName("billing 1"), "'billingGroupName'");
  ExpectInvalid(ValidateBillingGroupName(""), "billingGroupName");
}

TEST(NameValidationTest, AttributeName) {
  EXPECT_TRUE(ValidateAttributeName("a-Z_0.,@/:#").ok());
  EXPECT_TRUE(ValidateAttributeName(std::string(128, 'n')).ok());
  ExpectInvalid(ValidateAttributeName(std::string(129, 'n')), "length less than or equal to 128");
  ExpectInvalid(ValidateAttributeName(""), "length greater than or equal to 1");
  ExpectInvalid(ValidateAttributeName("a=b"), "[a-zA-Z0-9_.,@/:#-]+");  // '=' only in values
  ExpectInvalid(ValidateAttributeName("a b"), "'attributeName'");
  ExpectInvalid(ValidateAttributeName("a\"b"), "attributeName");
}

TEST(NameValidationTest, AttributeValue) {
  EXPECT_TRUE(ValidateAttributeValue("").ok());
  EXPECT_TRUE(ValidateAttributeValue("v=1,[a]_b.c@d/e:f#g-h").ok());
  EXPECT_TRUE(ValidateAttributeValue(std::string(800, 'v')).ok());
  ExpectInvalid(ValidateAttributeValue(std::string(801, 'v')), "length less than or equal to 800");
  ExpectInvalid(ValidateAttributeValue("a b"), "[a-zA-Z0-9_.,@/:#=\\[\\]-]*");
  ExpectInvalid(ValidateAttributeValue("caf\xC3\xA9"), "'attributeValue'");
}

TEST(NameValidationTest, AttributesCountAndContent) {
  Attributes three = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
  EXPECT_TRUE(ValidateAttributes(three, kMaxThingAttributesWithoutType).ok());
  Attributes four = three;
  four["d"] = "4";
  ExpectInvalid(ValidateAttributes(four, kMaxThingAttributesWithoutType), "at most 3 attributes");
  EXPECT_TRUE(ValidateAttributes(four).ok());  // default: 50 (a thing with a type)

  Attributes fifty;
  for (int i = 0; i < 50; ++i) fifty["k" + std::to_string(i)] = "v";
  EXPECT_TRUE(ValidateAttributes(fifty).ok());
  fifty["k50"] = "v";
  ExpectInvalid(ValidateAttributes(fifty), "at most 50 attributes");

  ExpectInvalid(ValidateAttributes({{"bad name", "v"}}), "'attributePayload.attributes'");
  ExpectInvalid(ValidateAttributes({{"color", "dark red"}}), "'attributePayload.attributes.color'");
  ExpectInvalid(ValidateAttributes({{"color", "x y"}}, 3, "thingGroupProperties"),
                "thingGroupProperties.color");
  EXPECT_TRUE(ValidateAttributes({}).ok());
}

TEST(NameValidationTest, ThingGroupDescription) {
  EXPECT_TRUE(ValidateThingGroupDescription("").ok());
  EXPECT_TRUE(ValidateThingGroupDescription("Lights of building 7 (floor 2)!").ok());
  EXPECT_TRUE(ValidateThingGroupDescription("Caf\xC3\xA9 lights").ok());  // non-ASCII letters accepted
  EXPECT_TRUE(ValidateThingGroupDescription(std::string(2028, 'd')).ok());
  EXPECT_TRUE(ValidateThingGroupDescription(Repeat("\xC3\xA9", 2028)).ok());  // counts characters, not bytes
  ExpectInvalid(ValidateThingGroupDescription(std::string(2029, 'd')), "length less than or equal to 2028");
  ExpectInvalid(ValidateThingGroupDescription(Repeat("\xC3\xA9", 2029)), "2028");
  ExpectInvalid(ValidateThingGroupDescription("line\nbreak"), "'thingGroupDescription'");
  ExpectInvalid(ValidateThingGroupDescription("tab\there"), "thingGroupDescription");
  ExpectInvalid(ValidateThingGroupDescription("bad \xC3"), "UTF-8");
}

TEST(NameValidationTest, Tags) {
  EXPECT_TRUE(ValidateTags({}).ok());
  EXPECT_TRUE(ValidateTags({{"team", "firmware"}, {"cost center", ""}, {"a_.:/=+-@", "x"}}).ok());
  EXPECT_TRUE(ValidateTags({{std::string(128, 'k'), std::string(256, 'v')}}).ok());
  ExpectInvalid(ValidateTags({{"", "v"}}), "tags.Key");
  ExpectInvalid(ValidateTags({{std::string(129, 'k'), "v"}}), "length less than or equal to 128");
  ExpectInvalid(ValidateTags({{"k", std::string(257, 'v')}}), "tags.Value");
  ExpectInvalid(ValidateTags({{"bad!", "v"}}), "tags.Key");

  std::map<std::string, std::string> fifty;
  for (int i = 0; i < 50; ++i) fifty["k" + std::to_string(i)] = "v";
  EXPECT_TRUE(ValidateTags(fifty).ok());
  fifty["k50"] = "v";
  Status st = ValidateTags(fifty);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kLimitExceeded);
}

TEST(NameValidationTest, TagKeys) {
  EXPECT_TRUE(ValidateTagKeys({}).ok());
  EXPECT_TRUE(ValidateTagKeys({"team", "cost center", "a_.:/=+-@", "\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87"}).ok());
  EXPECT_TRUE(ValidateTagKeys({std::string(128, 'k')}).ok());
  ExpectInvalid(ValidateTagKeys({"ok", ""}), "length greater than or equal to 1");
  ExpectInvalid(ValidateTagKeys({std::string(129, 'k')}), "length less than or equal to 128");
  ExpectInvalid(ValidateTagKeys({"bad!"}), "'tagKeys'");
  ExpectInvalid(ValidateTagKeys({"tab\tkey"}), "tagKeys");
  ExpectInvalid(ValidateTagKeys({"bad \xC3"}), "UTF-8");
}

TEST(NameValidationTest, MaxResults) {
  EXPECT_TRUE(ValidateMaxResults(1).ok());
  EXPECT_TRUE(ValidateMaxResults(250).ok());
  ExpectInvalid(ValidateMaxResults(0), "greater than or equal to 1");
  ExpectInvalid(ValidateMaxResults(-5), "'maxResults'");
  ExpectInvalid(ValidateMaxResults(251), "less than or equal to 250");
}

}  // namespace
}  // namespace fleetjobs
