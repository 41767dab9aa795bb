#include "http/response_headers.h"

#include <gtest/gtest.h>

#include <string_view>

namespace esc::http {
namespace {

TEST(ResponseHeaders, AllowsOrdinaryHeaders) {
  EXPECT_TRUE(IsWritableResponseHeader("Set-Cookie", "session=abc; Path=/; HttpOnly"));
  EXPECT_TRUE(IsWritableResponseHeader("x-request-id", ""));
  EXPECT_TRUE(IsWritableResponseHeader("Location", "/tickets/ESC-1"));
}

TEST(ResponseHeaders, RejectsValuesThatWouldSplitTheResponse) {
  EXPECT_FALSE(IsWritableResponseHeader("X-A", "a\r\nX-Injected: 1"));
  EXPECT_FALSE(IsWritableResponseHeader("X-A", "a\nb"));
  EXPECT_FALSE(IsWritableResponseHeader("X-A", std::string_view("a\0b", 3)));
}

TEST(ResponseHeaders, RejectsNamesThatAreNotTokens) {
  EXPECT_FALSE(IsWritableResponseHeader("", "x"));
  EXPECT_FALSE(IsWritableResponseHeader("X A", "x"));
  EXPECT_FALSE(IsWritableResponseHeader("X:A", "x"));
}

TEST(ResponseHeaders, LeavesFramingToTheServer) {
  EXPECT_FALSE(IsWritableResponseHeader("Content-Length", "3"));
  EXPECT_FALSE(IsWritableResponseHeader("TRANSFER-ENCODING", "chunked"));
  EXPECT_FALSE(IsWritableResponseHeader("connection", "close"));
}

}  // namespace
}  // namespace esc::http
