// Import file parsing for `fleetjobs import-things` (docs/import.md).
//
// Two formats, one record per line:
// * CSV (RFC 4180 quoting within a line): `thingName,attributes,groups` where attributes is
//   `name=value;name2=value2` (split at the first '='; values may contain '=' and ',', the latter
//   only inside a quoted field) and groups is `group1;group2`. Trailing fields may be omitted. An
//   optional header line `thingName,attributes,groups` is skipped.
// * JSON lines: `{"thingName":"t","attributes":{"k":"v"},"groups":["g"]}`; attributes and groups
//   optional, no other keys.
// In both, blank lines and lines whose first non-blank character is '#' are skipped.
//
// Parsing checks the shape of a line only; the registry rules (name patterns, attribute limits)
// are the importer's (bulk/thing_importer.h). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/thing.h"

namespace fleetjobs::bulk {

enum class ImportFormat { kCsv, kJsonLines };

struct ImportRecord {
  size_t line = 0;  // 1-based line number in the file
  std::string thing_name;
  Attributes attributes;
  std::vector<std::string> groups;  // in the order given, duplicates removed
};

// "csv" or "jsonl"; nullopt otherwise.
std::optional<ImportFormat> ParseImportFormat(std::string_view name);
// .jsonl, .ndjson and .json files are JSON lines; everything else CSV.
ImportFormat ImportFormatForPath(std::string_view path);

// One line (without its newline; a trailing '\r' is ignored). Ok(nullopt) for a line to skip;
// kInvalidRequest describing the problem (without the line number) for a malformed line.
Result<std::optional<ImportRecord>> ParseImportLine(ImportFormat format, std::string_view line,
                                                    size_t line_number);

}  // namespace fleetjobs::bulk
