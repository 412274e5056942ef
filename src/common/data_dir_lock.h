// DataDirLock: an advisory lock (flock) on DATA_DIR/fleetjobs.lock that keeps offline tools and
// servers apart.
//
// `fleetjobs serve` holds it shared (several servers may share one SQLite file, as the store
// allows); `fleetjobs import-things` holds it exclusive, so an import refuses to run while a server
// uses the directory and a server refuses to start during an import. The lock goes with the
// process (also on kill -9): a stale lock file is harmless.
//
// Thread safety: a DataDirLock is owned by one thread; the lock lasts until it is destroyed.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace fleetjobs {

class DataDirLock {
 public:
  enum class Mode { kShared, kExclusive };

  // Never waits: kConflict when another process holds the lock in a conflicting mode,
  // kUnavailable when the lock file cannot be opened.
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::string& data_dir, Mode mode);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace fleetjobs
