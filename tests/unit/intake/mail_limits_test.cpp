// ParseMail's limits and its robustness: a 20 MB attachment generated here (never stored)
// parses within a 32 MiB limit and is refused under a 10 MiB one; too many headers,
// attachments, parts or nesting are refused with the limit's name; no header block is
// not mail; truncated, garbage and deeply nested input parses or is refused, never crashes.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "intake/mail.h"

namespace esc::intake {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(bytes.size() / 3 * 4 + bytes.size() / 57 * 2 + 8);
  std::size_t line = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto at = [&](std::size_t k) {
      return i + k < bytes.size() ? static_cast<unsigned char>(bytes[i + k]) : 0u;
    };
    const unsigned v = (at(0) << 16) | (at(1) << 8) | at(2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
    if (++line == 19) {  // 76 characters a line
      out += "\r\n";
      line = 0;
    }
  }
  return out + "\r\n";
}

std::string WithAttachment(const std::string& content) {
  return "From: a@customer.example\r\nTo: support@escalator.example\r\nSubject: big\r\n"
         "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"xx\"\r\n\r\n"
         "--xx\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
         "--xx\r\nContent-Type: application/octet-stream\r\n"
         "Content-Disposition: attachment; filename=\"dump.bin\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         Base64(content) + "--xx--\r\n";
}

std::string TwentyMegabytes() {
  std::string content(20u * 1000 * 1000, '\0');
  std::mt19937 random(42);
  for (char& c : content) c = static_cast<char>(random() & 0xFF);
  return content;
}

// Base64 makes 20 MB of attachment 27.4 MB of mail: more than the default 25 MiB (which
// holds attachments up to about 18.5 MB), so the limit here is raised to 32 MiB.
TEST(MailLimits, TwentyMegabyteAttachmentParsesWithinTheLimit) {
  const std::string content = TwentyMegabytes();
  const std::string raw = WithAttachment(content);
  ParseOptions options;
  options.limits.max_total_bytes = 32u * 1024 * 1024;
  ASSERT_LT(raw.size(), options.limits.max_total_bytes);
  auto refused = ParseMail(raw);  // the default refuses it
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().where, kLimitTotalBytes);
  auto mail = ParseMail(raw, options);
  ASSERT_TRUE(mail.has_value()) << mail.error().ToString();
  EXPECT_EQ(mail->body, "see attachment");
  ASSERT_EQ(mail->attachments.size(), 1u);
  EXPECT_EQ(mail->attachments[0].filename, "dump.bin");
  EXPECT_EQ(mail->attachments[0].size, content.size());
  EXPECT_TRUE(mail->attachments[0].bytes == content);
}

TEST(MailLimits, TwentyMegabyteMailIsRefusedUnderATenMebibyteLimit) {
  ParseOptions options;
  options.limits.max_total_bytes = 10u * 1024 * 1024;
  auto mail = ParseMail(WithAttachment(TwentyMegabytes()), options);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(mail.error().where, kLimitTotalBytes);
  EXPECT_NE(mail.error().message.find("the limit is 10485760"), std::string::npos);
}

TEST(MailLimits, TooManyHeadersAreRefused) {
  std::string raw = "From: a@customer.example\r\n";
  for (int i = 0; i < 20; ++i) raw += "X-Filler-" + std::to_string(i) + ": x\r\n";
  raw += "\r\nbody\r\n";
  ParseOptions options;
  options.limits.max_headers = 20;
  auto mail = ParseMail(raw, options);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().where, kLimitHeaders);
  options.limits.max_headers = 21;
  EXPECT_TRUE(ParseMail(raw, options).has_value());
}

TEST(MailLimits, TooManyAttachmentsAreRefused) {
  std::string raw = "From: a@customer.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 4; ++i) {
    raw +=
        "--b\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=f" +
        std::to_string(i) + "\r\n\r\nx\r\n";
  }
  raw += "--b--\r\n";
  ParseOptions options;
  options.limits.max_attachments = 3;
  auto mail = ParseMail(raw, options);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().where, kLimitAttachments);
  options.limits.max_attachments = 4;
  auto accepted = ParseMail(raw, options);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->attachments.size(), 4u);
}

std::string Nested(int depth) {
  std::string raw = "From: a@customer.example\r\n";
  for (int i = 0; i < depth; ++i) {
    raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
           std::to_string(i) + "\r\n";
  }
  raw += "Content-Type: text/plain\r\n\r\ndeep\r\n";
  for (int i = depth - 1; i >= 0; --i) raw += "--b" + std::to_string(i) + "--\r\n";
  return raw;
}

TEST(MailLimits, DeepNestingIsRefusedByDepthOrPartCount) {
  ParseOptions options;
  options.limits.max_depth = 10;
  auto shallow = ParseMail(Nested(5), options);
  ASSERT_TRUE(shallow.has_value()) << shallow.error().ToString();
  EXPECT_EQ(shallow->body, "deep");
  auto deep = ParseMail(Nested(20), options);
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().where, kLimitDepth);
  // Thousands of levels never reach GMime's recursion: the part count stops them first.
  auto abusive = ParseMail(Nested(5000));
  ASSERT_FALSE(abusive.has_value());
  EXPECT_EQ(abusive.error().where, kLimitParts);
}

TEST(MailLimits, InputWithoutHeadersIsNotMail) {
  for (std::string_view raw : {std::string_view(""), std::string_view("\r\n\r\nbody only")}) {
    auto mail = ParseMail(raw);
    ASSERT_FALSE(mail.has_value());
    EXPECT_EQ(mail.error().where, kNotMail);
  }
}

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(ESCALATOR_SOURCE_DIR) + "/tests/data/mail/" + name,
                   std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Every prefix of a multipart message (cut mid-header, mid-boundary, mid-base64) parses
// or is refused; whatever comes out is valid for the caller.
TEST(MailRobustness, EveryTruncationOfAMultipartMailIsHandled) {
  const std::string raw = ReadCorpus("attachments.eml");
  ASSERT_FALSE(raw.empty());
  for (std::size_t n = 0; n <= raw.size(); ++n) {
    auto mail = ParseMail(std::string_view(raw).substr(0, n));
    if (!mail) {
      EXPECT_EQ(mail.error().where, kNotMail) << n;
    }
  }
}

TEST(MailRobustness, RandomBytesAndMutationsNeverCrash) {
  std::mt19937 random(7);
  const std::string seed = ReadCorpus("bounce_dsn.eml");
  for (int round = 0; round < 300; ++round) {
    std::string raw = seed;
    for (int k = 0; k < 20; ++k) {
      raw[random() % raw.size()] = static_cast<char>(random() & 0xFF);
    }
    (void)ParseMail(raw);
    std::string noise(random() % 2000, '\0');
    for (char& c : noise) c = static_cast<char>(random() & 0xFF);
    (void)ParseMail(noise);
  }
  SUCCEED();
}

}  // namespace
}  // namespace esc::intake
