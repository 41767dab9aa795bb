#include "auth/token.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

#include "auth/password.h"

namespace esc::auth {
namespace {

class TokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

bool IsUrlSafe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

TEST_F(TokenTest, TokenIs43UrlSafeCharacters) {
  const std::string token = NewToken();
  ASSERT_EQ(token.size(), 43u);
  for (char c : token) {
    EXPECT_TRUE(IsUrlSafe(c)) << "unexpected character '" << c << "' in " << token;
  }
}

TEST_F(TokenTest, PrefixIsPrepended) {
  const std::string token = NewToken("esc_");
  ASSERT_EQ(token.size(), 4u + 43u);
  EXPECT_TRUE(token.starts_with("esc_"));
  for (char c : token.substr(4)) {
    EXPECT_TRUE(IsUrlSafe(c));
  }
}

TEST_F(TokenTest, ThousandTokensAreDistinct) {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    seen.insert(NewToken());
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(TokenTest, DigestIsSha256Hex) {
  EXPECT_EQ(DigestToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(DigestToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(TokenTest, SameSecretComparesContentAndLength) {
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_TRUE(SameSecret("", ""));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
  EXPECT_FALSE(SameSecret("", "a"));
}

// RFC 4231, test case 2.
TEST_F(TokenTest, HmacMatchesRfc4231Case2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231, test case 6: a 131-byte key, longer than the block, is hashed first.
TEST_F(TokenTest, HmacAcceptsKeyLongerThanBlock) {
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

}  // namespace
}  // namespace esc::auth
