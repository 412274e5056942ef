#include "bulk/import_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "bulk/thing_importer.h"
#include "cli/progress_bar.h"
#include "common/data_dir_lock.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs::bulk {
namespace {

constexpr int kWriterCacheKib = 256 * 1024;

void PrintProblems(const std::vector<ImportProblem>& problems, size_t max_shown) {
  size_t shown = 0;
  for (const ImportProblem& p : problems) {
    if (shown++ == max_shown) {
      std::printf("... and %zu more\n", problems.size() - max_shown);
      break;
    }
    std::printf("line %zu: %s\n", p.line, p.message.c_str());
  }
  std::printf("nothing imported: %zu bad line(s)\n", problems.size());
}

}  // namespace

int RunImportThings(const ImportFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  ImportFormat format = ImportFormatForPath(flags.file);
  if (!flags.format.empty()) format = *ParseImportFormat(flags.format);  // CLI11 checked the value
  std::ifstream in(flags.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "import-things: cannot read %s\n", flags.file.c_str());
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(flags.data_dir, ec);
  auto lock = DataDirLock::Acquire(flags.data_dir, DataDirLock::Mode::kExclusive);
  if (!lock.ok()) {
    std::fprintf(stderr, "import-things: %s\n", lock.error().message.c_str());
    return 2;
  }
  SqliteOptions options;
  options.writer_cache_kib = kWriterCacheKib;
  options.read_connections = 0;
  std::string db_path = (std::filesystem::path(flags.data_dir) / "fleetjobs.db").string();
  auto store = SqliteStore::Open(db_path, options);
  if (!store.ok()) {
    std::fprintf(stderr, "import-things: cannot open %s: %s\n", db_path.c_str(),
                 store.error().message.c_str());
    return 2;
  }
  SystemClock clock;
  EngineOptions engine_options;
  engine_options.region = flags.region;
  engine_options.account_id = flags.account_id;
  EngineContext ctx(**store, clock, engine_options);

  cli::ProgressBar bar(stderr, "import-things");
  std::string phase;
  size_t last_done = 0;
  size_t last_total = 0;
  ThingImporter importer(ctx, [&](std::string_view p, size_t done, size_t total) {
    if (p != phase && !phase.empty()) bar.Finish(last_done, last_total, phase);
    phase = p;
    last_done = done;
    last_total = total;
    bar.Update(done, total, p);
  });
  std::vector<ImportProblem> problems;
  std::vector<ImportRecord> records = importer.Read(in, format, problems);
  importer.Check(records, problems);
  if (!problems.empty()) {
    std::sort(problems.begin(), problems.end(),
              [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    PrintProblems(problems, flags.max_problems_shown);
    return 1;
  }
  const size_t total = records.size();
  Result<ImportReport> report = importer.Apply(std::move(records), problems);
  bar.Finish(last_done, last_total, phase);
  if (!report.ok()) {
    if (!problems.empty()) {
      std::sort(problems.begin(), problems.end(),
                [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
      PrintProblems(problems, flags.max_problems_shown);
      return 1;
    }
    std::fprintf(stderr, "import-things: %s (nothing imported)\n", report.error().message.c_str());
    return 2;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "imported %zu records in %.2f s: %zu things created, %zu already present, %zu groups created, "
      "%zu memberships added, %zu executions queued\n",
      total, secs, report->things_created, report->things_existing, report->groups_created,
      report->memberships_added, report->executions_queued);
  return 0;
}

}  // namespace fleetjobs::bulk
