#include "auth/credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace fleetjobs::auth {
namespace {

TEST(CredentialStoreTest, ParsesRolesCommentsAndBlankLines) {
  auto s = CredentialStore::Parse("# comment\n\nAK1 s1 admin\n  AK2\ts2 thing:t-1  \r\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->size(), 2u);
  ASSERT_NE(s->Find("AK1"), nullptr);
  EXPECT_EQ(s->Find("AK1")->role, Role::kAdmin);
  EXPECT_EQ(s->Find("AK1")->secret, "s1");
  ASSERT_NE(s->Find("AK2"), nullptr);
  EXPECT_EQ(s->Find("AK2")->role, Role::kThing);
  EXPECT_EQ(s->Find("AK2")->thing_name, "t-1");
  EXPECT_EQ(s->Find("AK3"), nullptr);
}

TEST(CredentialStoreTest, BadLinesNameTheLine) {
  struct Case {
    const char* text;
    const char* needle;
  } cases[] = {
      {"AK1 s1 admin\nAK2 s2\n", "line 2"}, {"AK1 s1 root\n", "line 1"},
      {"AK1 s1 thing:\n", "line 1"},        {"AK1 s1 admin\n# x\nAK1 s2 admin\n", "line 3"},
      {"AK1 s1 admin extra\n", "line 1"},
  };
  for (const auto& c : cases) {
    auto s = CredentialStore::Parse(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
    EXPECT_NE(s.error().message.find(c.needle), std::string::npos) << s.error().message;
  }
}

TEST(CredentialStoreTest, GeneratesAPrivateAdminFileOnce) {
  auto dir = std::filesystem::temp_directory_path() / ("fj-creds-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "credentials").string();
  std::filesystem::remove(path);
  auto id = CredentialStore::GenerateAdminFile(path);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->substr(0, 4), "AKIA");
  EXPECT_EQ(id->size(), 20u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = CredentialStore::LoadFile(path);
  ASSERT_TRUE(loaded.ok());
  ASSERT_NE(loaded->Find(*id), nullptr);
  EXPECT_EQ(loaded->Find(*id)->role, Role::kAdmin);
  EXPECT_EQ(loaded->Find(*id)->secret.size(), 40u);
  auto again = CredentialStore::GenerateAdminFile(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetjobs::auth
