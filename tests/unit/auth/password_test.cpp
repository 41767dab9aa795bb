#include "auth/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

namespace esc::auth {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(PasswordTest, HashThenVerifySucceeds) {
  const std::string hash = HashPassword("correct horse battery staple");
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
}

TEST_F(PasswordTest, WrongPasswordFails) {
  const std::string hash = HashPassword("correct horse battery staple");
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST_F(PasswordTest, SamePasswordHashesDifferently) {
  EXPECT_NE(HashPassword("hunter2"), HashPassword("hunter2"));  // random salt
}

TEST_F(PasswordTest, HashIsArgon2id) {
  EXPECT_TRUE(HashPassword("hunter2").starts_with("$argon2id$"));
}

TEST_F(PasswordTest, MalformedHashDoesNotVerify) {
  EXPECT_FALSE(VerifyPassword("", "hunter2"));
  EXPECT_FALSE(VerifyPassword("not a hash", "hunter2"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=65536,t=2,p=1$garbage", "hunter2"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'x'), "hunter2"));  // longer than any hash
  std::string with_nul = HashPassword("hunter2");
  with_nul[5] = '\0';
  EXPECT_FALSE(VerifyPassword(with_nul, "hunter2"));
}

TEST_F(PasswordTest, FreshHashNeedsNoRehash) {
  EXPECT_FALSE(NeedsRehash(HashPassword("hunter2")));
}

TEST_F(PasswordTest, WeakerHashNeedsRehash) {
  std::array<char, crypto_pwhash_STRBYTES> weak{};
  const std::string password = "hunter2";
  ASSERT_EQ(crypto_pwhash_str(weak.data(), password.data(), password.size(),
                              crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN),
            0);
  const std::string hash(weak.data());
  EXPECT_TRUE(VerifyPassword(hash, password));  // still usable for this login
  EXPECT_TRUE(NeedsRehash(hash));
}

TEST_F(PasswordTest, MalformedHashNeedsRehash) {
  EXPECT_TRUE(NeedsRehash("not a hash"));
}

// More callers than hash slots: the extra ones wait for a slot rather than fail.
TEST_F(PasswordTest, ConcurrentCallersAllSucceed) {
  std::vector<int> ok(6, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&ok, i] {
      const std::string password = "pw" + std::to_string(i);
      ok[i] = VerifyPassword(HashPassword(password), password) ? 1 : 0;
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok, std::vector<int>(6, 1));
}

}  // namespace
}  // namespace esc::auth
