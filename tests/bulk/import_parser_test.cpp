#include "bulk/import_parser.h"

#include <gtest/gtest.h>

namespace fleetjobs::bulk {
namespace {

ImportRecord Parsed(ImportFormat f, std::string_view line) {
  auto r = ParseImportLine(f, line, 7);
  EXPECT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.ok() && r->has_value()) << "line was skipped";
  return r.ok() && r->has_value() ? **r : ImportRecord{};
}

std::string ParseError(ImportFormat f, std::string_view line) {
  auto r = ParseImportLine(f, line, 1);
  EXPECT_FALSE(r.ok()) << "accepted: " << line;
  return r.ok() ? "" : r.error().message;
}

bool Skipped(ImportFormat f, std::string_view line) {
  auto r = ParseImportLine(f, line, 1);
  return r.ok() && !r->has_value();
}

TEST(ImportParserTest, CsvFullLine) {
  ImportRecord r = Parsed(ImportFormat::kCsv, "dev-1,fw=1.2;room=lab,g1;g2");
  EXPECT_EQ(r.line, 7u);
  EXPECT_EQ(r.thing_name, "dev-1");
  EXPECT_EQ(r.attributes, (Attributes{{"fw", "1.2"}, {"room", "lab"}}));
  EXPECT_EQ(r.groups, (std::vector<std::string>{"g1", "g2"}));
}

TEST(ImportParserTest, CsvOptionalFieldsAndCrLf) {
  ImportRecord r = Parsed(ImportFormat::kCsv, "dev-2\r");
  EXPECT_EQ(r.thing_name, "dev-2");
  EXPECT_TRUE(r.attributes.empty());
  EXPECT_TRUE(r.groups.empty());
  r = Parsed(ImportFormat::kCsv, "dev-3,,g1;g1");
  EXPECT_TRUE(r.attributes.empty());
  EXPECT_EQ(r.groups, std::vector<std::string>{"g1"});  // duplicates dropped
}

TEST(ImportParserTest, CsvQuotedValuesKeepCommasAndEquals) {
  ImportRecord r = Parsed(ImportFormat::kCsv, R"(dev-4,"a=x,y=z;b=""q""",g)");
  EXPECT_EQ(r.attributes, (Attributes{{"a", "x,y=z"}, {"b", "\"q\""}}));
  EXPECT_EQ(r.groups, std::vector<std::string>{"g"});
}

TEST(ImportParserTest, SkipsBlankCommentAndHeader) {
  EXPECT_TRUE(Skipped(ImportFormat::kCsv, ""));
  EXPECT_TRUE(Skipped(ImportFormat::kCsv, "   "));
  EXPECT_TRUE(Skipped(ImportFormat::kCsv, "# things"));
  EXPECT_TRUE(Skipped(ImportFormat::kCsv, "thingName,attributes,groups"));
  EXPECT_TRUE(Skipped(ImportFormat::kJsonLines, "  # c"));
}

TEST(ImportParserTest, CsvMalformed) {
  EXPECT_NE(ParseError(ImportFormat::kCsv, "a,b=1,g,extra").find("at most 3 fields"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kCsv, "a,novalue,g").find("name=value"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kCsv, R"(a,"x=1)").find("unterminated"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kCsv, "a,x=1;x=2").find("twice"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kCsv, "a,,g1;;g2").find("empty group"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kCsv, ",x=1").find("thingName"), std::string::npos);
}

TEST(ImportParserTest, JsonLines) {
  ImportRecord r =
      Parsed(ImportFormat::kJsonLines, R"({"thingName":"d","attributes":{"k":"v"},"groups":["g1","g2"]})");
  EXPECT_EQ(r.thing_name, "d");
  EXPECT_EQ(r.attributes, (Attributes{{"k", "v"}}));
  EXPECT_EQ(r.groups, (std::vector<std::string>{"g1", "g2"}));
  EXPECT_EQ(Parsed(ImportFormat::kJsonLines, R"({"thingName":"e"})").thing_name, "e");
}

TEST(ImportParserTest, JsonLinesMalformed) {
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, "{").find("JSON"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, "[1]").find("object"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, R"({"attributes":{}})").find("required"), std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, R"({"thingName":"a","x":1})").find("unknown key"),
            std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, R"({"thingName":"a","attributes":{"k":1}})").find("string"),
            std::string::npos);
  EXPECT_NE(ParseError(ImportFormat::kJsonLines, R"({"thingName":"a","groups":"g"})").find("array"),
            std::string::npos);
}

TEST(ImportParserTest, Formats) {
  EXPECT_EQ(ImportFormatForPath("/x/things.jsonl"), ImportFormat::kJsonLines);
  EXPECT_EQ(ImportFormatForPath("things.ndjson"), ImportFormat::kJsonLines);
  EXPECT_EQ(ImportFormatForPath("things.csv"), ImportFormat::kCsv);
  EXPECT_EQ(ImportFormatForPath("things"), ImportFormat::kCsv);
  EXPECT_EQ(ParseImportFormat("jsonl"), ImportFormat::kJsonLines);
  EXPECT_EQ(ParseImportFormat("xml"), std::nullopt);
}

}  // namespace
}  // namespace fleetjobs::bulk
