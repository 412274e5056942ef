// `fleetjobs import-things FILE --data-dir DIR`: the command around ThingImporter (docs/import.md).
// Takes the data directory's exclusive lock, opens the store, reads, checks and applies the file,
// prints progress to stderr and the problems (by line number) or a summary to stdout.
#pragma once

#include <string>

namespace fleetjobs::bulk {

struct ImportFlags {
  std::string file;
  std::string data_dir = "./fleetjobs-data";
  std::string format;  // "csv", "jsonl" or empty (by extension)
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  size_t max_problems_shown = 50;
};

// The process exit code: 0 imported, 1 bad input (nothing written), 2 cannot run (lock, store, file).
int RunImportThings(const ImportFlags& flags);

}  // namespace fleetjobs::bulk
