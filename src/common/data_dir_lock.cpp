#include "common/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fleetjobs {

Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const std::string& data_dir, Mode mode) {
  std::string path = (std::filesystem::path(data_dir) / "fleetjobs.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open " + path + ": " + std::strerror(errno));
  const int op = (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  while (::flock(fd, op) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return MakeError(ErrorCode::kConflict,
                       mode == Mode::kShared
                           ? "an offline tool (import-things) is using " + data_dir
                           : "a fleetjobs server (or another tool) is using " + data_dir + "; stop it first");
    }
    return MakeError(ErrorCode::kUnavailable, "cannot lock " + path + ": " + std::strerror(err));
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() { ::close(fd_); }

}  // namespace fleetjobs
