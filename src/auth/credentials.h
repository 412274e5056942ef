// CredentialStore: the access keys this server accepts, loaded from a credentials file.
//
// File format: one key per line, `ACCESS_KEY_ID SECRET_ACCESS_KEY ROLE`, where ROLE is `admin`
// (every operation, both planes, every thing) or `thing:NAME` (the data plane of thing NAME
// only). Blank lines and lines starting with `#` are ignored.
//
// Thread safety: immutable after construction; Find() may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace fleetjobs::auth {

enum class Role { kAdmin, kThing };

struct Credential {
  std::string access_key_id;
  std::string secret;
  Role role = Role::kAdmin;
  std::string thing_name;  // set when role == kThing
};

class CredentialStore {
 public:
  CredentialStore() = default;

  // kInvalidRequest naming the line on a malformed line or a duplicate key id.
  static Result<CredentialStore> Parse(std::string_view text);
  static Result<CredentialStore> LoadFile(const std::string& path);
  // Writes a new file (mode 0600) holding one random admin key; returns its access key id.
  // Fails with kConflict if the file exists.
  static Result<std::string> GenerateAdminFile(const std::string& path);

  const Credential* Find(std::string_view access_key_id) const;
  // Every key, ordered by access key id (clients pick theirs: the simulator's device keys).
  std::vector<const Credential*> All() const;
  size_t size() const { return by_id_.size(); }

 private:
  std::unordered_map<std::string, Credential> by_id_;
};

}  // namespace fleetjobs::auth
