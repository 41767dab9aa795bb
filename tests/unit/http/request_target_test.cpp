#include "http/request_target.h"

#include <gtest/gtest.h>

#include "http/error_response.h"

namespace esc::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(RequestTarget, DecodesPercentEscapesInThePathButKeepsPlus) {
  const auto target = ParseRequestTarget("/tickets/ESC%2D1/a+b%20c");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/tickets/ESC-1/a+b c");
  EXPECT_TRUE(target->query.empty());
}

TEST(RequestTarget, DecodesQueryPairsInOrderWithPlusAsSpace) {
  const auto target = ParseRequestTarget("/s?q=disk+full&empty=&flag&&caf%C3%A9=cr%C3%A8me&q=2");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/s");
  EXPECT_EQ(target->query, (Pairs{{"q", "disk full"},
                                  {"empty", ""},
                                  {"flag", ""},
                                  {"caf\xC3\xA9", "cr\xC3\xA8me"},
                                  {"q", "2"}}));
}

TEST(RequestTarget, ValueMayContainEqualsSign) {
  const auto target = ParseRequestTarget("/s?expr=a%3Db=c");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->query, (Pairs{{"expr", "a=b=c"}}));
}

TEST(RequestTarget, RejectsMalformedPercentEscapes) {
  EXPECT_FALSE(ParseRequestTarget("/a%zz").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%4").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a?x=%g1").has_value());
}

TEST(RequestTarget, RejectsEncodedNul) {
  EXPECT_FALSE(ParseRequestTarget("/a%00b").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a?x=%00").has_value());
}

TEST(RequestTarget, RejectsTargetsThatAreNotPaths) {
  EXPECT_FALSE(ParseRequestTarget("").has_value());
  EXPECT_FALSE(ParseRequestTarget("*").has_value());
  EXPECT_FALSE(ParseRequestTarget("tickets").has_value());
}

TEST(RequestTarget, AcceptsAbsoluteFormAndDropsFragment) {
  const auto target = ParseRequestTarget("HTTP://example.com:8080/x%20y?a=1#frag");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/x y");
  EXPECT_EQ(target->query, (Pairs{{"a", "1"}}));
  EXPECT_EQ(ParseRequestTarget("http://example.com")->path, "/");
}

TEST(PercentDecode, DecodesUpperAndLowerCaseHex) {
  EXPECT_EQ(PercentDecode("%2f%2F", false), "//");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
}

TEST(ErrorJson, EscapesTheMessage) {
  EXPECT_EQ(ErrorJson("bad_request", "say \"hi\"\n\\"),
            R"({"error":{"code":"bad_request","message":"say \"hi\"\n\\","field":null}})");
  EXPECT_EQ(ErrorJson("x", std::string_view("\x01", 1)),
            R"({"error":{"code":"x","message":"\u0001","field":null}})");
}

}  // namespace
}  // namespace esc::http
