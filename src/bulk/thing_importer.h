// ThingImporter: loads many things and their group memberships into the store in one transaction
// (`fleetjobs import-things`, docs/import.md).
//
// Three steps, all or nothing:
// 1. Read: every line of the file is parsed (bulk/import_parser.h); malformed lines are problems.
// 2. Check, without the store: the same rules as CreateThing and AddThingToThingGroup (names,
//    attributes: at most 3 since no thing type is given, at most max_groups_per_thing groups),
//    and each thing name at most once in the file.
// 3. Apply, in one store transaction: the checks that need the store (an existing thing must have
//    the same attributes and no type or billing group, as a repeated CreateThing; the groups of a
//    thing, old and new, must lie in different hierarchies and number at most max_groups_per_thing),
//    then the writes. Missing groups are created as root groups; existing things are kept and only
//    gain memberships. A thing joining a group that an IN_PROGRESS CONTINUOUS job targets (directly
//    or through an ancestor) gets its execution queued as AddThingToThingGroup would.
// Any problem in any step rolls everything back: problems carry the line number and nothing is
// written. The caller reports them.
//
// The importer talks to the store through the engine context (no listeners are told: offline,
// the server recovers timers from the store when it starts). Not thread-safe; one import at a time
// (the CLI holds the data directory's exclusive lock, common/data_dir_lock.h).
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "bulk/import_parser.h"
#include "common/result.h"
#include "engine/engine_context.h"

namespace fleetjobs::bulk {

struct ImportProblem {
  size_t line = 0;
  std::string message;
};

struct ImportReport {
  size_t things_created = 0;
  size_t things_existing = 0;  // already present with the same attributes
  size_t groups_created = 0;
  size_t memberships_added = 0;
  size_t executions_queued = 0;  // by CONTINUOUS jobs of the groups joined
};

// phase is "read", "check" or "write"; done of total records.
using ImportProgress = std::function<void(std::string_view phase, size_t done, size_t total)>;

class ThingImporter {
 public:
  ThingImporter(EngineContext& ctx, ImportProgress progress = nullptr)
      : ctx_(ctx), progress_(std::move(progress)) {}

  // Step 1: parses every line of `in`; problems are appended, good records returned.
  std::vector<ImportRecord> Read(std::istream& in, ImportFormat format, std::vector<ImportProblem>& problems);

  // Step 2: appends a problem for every record that breaks a rule checkable without the store.
  void Check(const std::vector<ImportRecord>& records, std::vector<ImportProblem>& problems);

  // Step 3: one transaction. kInvalidRequest (problems appended, nothing written) when a record
  // conflicts with the store; a store error unchanged.
  Result<ImportReport> Apply(std::vector<ImportRecord> records, std::vector<ImportProblem>& problems);

 private:
  void Progress(std::string_view phase, size_t done, size_t total) const {
    if (progress_) progress_(phase, done, total);
  }

  EngineContext& ctx_;
  ImportProgress progress_;
};

}  // namespace fleetjobs::bulk
