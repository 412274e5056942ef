#include "auth/credentials.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace fleetjobs::auth {
namespace {

std::vector<std::string_view> SplitWhitespace(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

Error LineError(size_t line_no, const std::string& what) {
  return MakeError(ErrorCode::kInvalidRequest, "credentials line " + std::to_string(line_no) + ": " + what);
}

// Random characters from `alphabet`, unbiased (rejection sampling).
Result<std::string> RandomString(std::string_view alphabet, size_t n) {
  std::string out;
  const unsigned limit = 256 - (256 % alphabet.size());
  while (out.size() < n) {
    unsigned char buf[64];
    if (RAND_bytes(buf, sizeof(buf)) != 1) return MakeError(ErrorCode::kInternal, "RAND_bytes failed");
    for (unsigned char b : buf) {
      if (b < limit && out.size() < n) out.push_back(alphabet[b % alphabet.size()]);
    }
  }
  return out;
}

}  // namespace

Result<CredentialStore> CredentialStore::Parse(std::string_view text) {
  CredentialStore store;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    auto fields = SplitWhitespace(line);
    if (fields.empty() || fields[0][0] == '#') continue;
    if (fields.size() != 3) return LineError(line_no, "expected ACCESS_KEY_ID SECRET_ACCESS_KEY ROLE");
    Credential c;
    c.access_key_id = std::string(fields[0]);
    c.secret = std::string(fields[1]);
    std::string_view role = fields[2];
    if (role == "admin") {
      c.role = Role::kAdmin;
    } else if (role.substr(0, 6) == "thing:" && role.size() > 6) {
      c.role = Role::kThing;
      c.thing_name = std::string(role.substr(6));
    } else {
      return LineError(line_no, "role must be admin or thing:NAME, got " + std::string(role));
    }
    if (store.by_id_.count(c.access_key_id))
      return LineError(line_no, "duplicate access key id " + c.access_key_id);
    std::string id = c.access_key_id;
    store.by_id_.emplace(std::move(id), std::move(c));
  }
  return store;
}

Result<CredentialStore> CredentialStore::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot read credentials file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = Parse(ss.str());
  if (!parsed.ok()) {
    Error e = parsed.take_error();
    e.message = path + ": " + e.message;
    return e;
  }
  return parsed;
}

Result<std::string> CredentialStore::GenerateAdminFile(const std::string& path) {
  FJ_ASSIGN_OR_RETURN(std::string id_tail, RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
  FJ_ASSIGN_OR_RETURN(std::string secret,
                      RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40));
  std::string key_id = "AKIA" + id_tail;
  std::string content =
      "# fleetjobs credentials: ACCESS_KEY_ID SECRET_ACCESS_KEY ROLE (admin or thing:NAME)\n" + key_id + " " +
      secret + " admin\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    ErrorCode code = errno == EEXIST ? ErrorCode::kConflict : ErrorCode::kInternal;
    return MakeError(code, "cannot create " + path + ": " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return MakeError(ErrorCode::kInternal, "cannot write " + path + ": " + std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  ::fchmod(fd, 0600);
  ::fsync(fd);
  ::close(fd);
  return key_id;
}

const Credential* CredentialStore::Find(std::string_view access_key_id) const {
  auto it = by_id_.find(std::string(access_key_id));
  return it == by_id_.end() ? nullptr : &it->second;
}

std::vector<const Credential*> CredentialStore::All() const {
  std::vector<const Credential*> out;
  out.reserve(by_id_.size());
  for (const auto& [id, cred] : by_id_) out.push_back(&cred);
  std::sort(out.begin(), out.end(),
            [](const Credential* a, const Credential* b) { return a->access_key_id < b->access_key_id; });
  return out;
}

}  // namespace fleetjobs::auth
