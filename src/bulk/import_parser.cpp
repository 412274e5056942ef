#include "bulk/import_parser.h"

#include <algorithm>
#include <boost/json.hpp>

namespace fleetjobs::bulk {
namespace {

Error Bad(std::string message) { return MakeError(ErrorCode::kInvalidRequest, std::move(message)); }

std::string_view TrimBlank(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits one CSV line into fields: RFC 4180 quoting ("..." with "" for a quote), no newlines.
Result<std::vector<std::string>> SplitCsv(std::string_view line) {
  std::vector<std::string> fields(1);
  size_t i = 0;
  bool at_field_start = true;
  while (i < line.size()) {
    char c = line[i];
    if (at_field_start && c == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return Bad("unterminated quoted field");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            fields.back().push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        fields.back().push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',') return Bad("text after the closing quote of a field");
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      fields.emplace_back();
      at_field_start = true;
    } else if (c == '"') {
      return Bad("a quote inside an unquoted field");
    } else {
      fields.back().push_back(c);
      at_field_start = false;
    }
    ++i;
  }
  return fields;
}

std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  for (;;) {
    size_t semi = s.find(';', pos);
    out.push_back(s.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return out;
}

Status AddGroup(ImportRecord& rec, std::string group) {
  if (group.empty()) return Bad("empty group name");
  if (std::find(rec.groups.begin(), rec.groups.end(), group) == rec.groups.end()) {
    rec.groups.push_back(std::move(group));
  }
  return Status::Ok();
}

Status AddAttribute(ImportRecord& rec, std::string name, std::string value) {
  if (rec.attributes.count(name) != 0) return Bad("attribute " + name + " given twice");
  rec.attributes.emplace(std::move(name), std::move(value));
  return Status::Ok();
}

Result<std::optional<ImportRecord>> ParseCsv(std::string_view line, size_t line_number) {
  if (line == "thingName,attributes,groups") return std::optional<ImportRecord>();
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> fields, SplitCsv(line));
  if (fields.size() > 3) {
    return Bad("expected at most 3 fields (thingName,attributes,groups), got " +
               std::to_string(fields.size()));
  }
  ImportRecord rec;
  rec.line = line_number;
  rec.thing_name = fields[0];
  if (rec.thing_name.empty()) return Bad("empty thingName");
  if (fields.size() > 1 && !fields[1].empty()) {
    for (std::string_view pair : SplitList(fields[1])) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        return Bad("attribute '" + std::string(pair) + "' is not name=value");
      }
      FJ_RETURN_IF_ERROR(
          AddAttribute(rec, std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1))));
    }
  }
  if (fields.size() > 2 && !fields[2].empty()) {
    for (std::string_view g : SplitList(fields[2])) FJ_RETURN_IF_ERROR(AddGroup(rec, std::string(g)));
  }
  return std::optional<ImportRecord>(std::move(rec));
}

Result<std::optional<ImportRecord>> ParseJsonLine(std::string_view line, size_t line_number) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec) return Bad("not valid JSON: " + ec.message());
  if (!v.is_object()) return Bad("expected a JSON object");
  ImportRecord rec;
  rec.line = line_number;
  bool has_name = false;
  for (const auto& [key, value] : v.get_object()) {
    if (key == "thingName") {
      if (!value.is_string()) return Bad("thingName must be a string");
      rec.thing_name = std::string(value.get_string());
      has_name = true;
    } else if (key == "attributes") {
      if (!value.is_object()) return Bad("attributes must be an object of strings");
      for (const auto& [name, val] : value.get_object()) {
        if (!val.is_string()) return Bad("attribute " + std::string(name) + " must be a string");
        FJ_RETURN_IF_ERROR(AddAttribute(rec, std::string(name), std::string(val.get_string())));
      }
    } else if (key == "groups") {
      if (!value.is_array()) return Bad("groups must be an array of strings");
      for (const auto& g : value.get_array()) {
        if (!g.is_string()) return Bad("groups must be an array of strings");
        FJ_RETURN_IF_ERROR(AddGroup(rec, std::string(g.get_string())));
      }
    } else {
      return Bad("unknown key " + std::string(key));
    }
  }
  if (!has_name || rec.thing_name.empty()) return Bad("thingName is required");
  return std::optional<ImportRecord>(std::move(rec));
}

}  // namespace

std::optional<ImportFormat> ParseImportFormat(std::string_view name) {
  if (name == "csv") return ImportFormat::kCsv;
  if (name == "jsonl") return ImportFormat::kJsonLines;
  return std::nullopt;
}

ImportFormat ImportFormatForPath(std::string_view path) {
  for (std::string_view ext : {".jsonl", ".ndjson", ".json"}) {
    if (path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext) {
      return ImportFormat::kJsonLines;
    }
  }
  return ImportFormat::kCsv;
}

Result<std::optional<ImportRecord>> ParseImportLine(ImportFormat format, std::string_view line,
                                                    size_t line_number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string_view trimmed = TrimBlank(line);
  if (trimmed.empty() || trimmed.front() == '#') return std::optional<ImportRecord>();
  return format == ImportFormat::kCsv ? ParseCsv(line, line_number) : ParseJsonLine(trimmed, line_number);
}

}  // namespace fleetjobs::bulk
