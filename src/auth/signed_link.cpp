#include "auth/signed_link.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "auth/token.h"
#include "core/rfc3339.h"

namespace esc::auth {
namespace {

// What a link is for: its name in the signed payload and in messages.
struct Purpose {
  std::string_view tag;   // "feedback", "portal"
  std::string_view name;  // "feedback link", "sign-in link"
};
constexpr Purpose kFeedback{"feedback", "feedback link"};
constexpr Purpose kPortal{"portal", "sign-in link"};

std::string Payload(const Purpose& purpose, std::int64_t ticket, std::int64_t user,
                    std::int64_t expires) {
  return fmt::format("{}:{}.{}.{}", purpose.tag, ticket, user, expires);
}

bool ParsePositive(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out > 0;
}

core::Error Malformed(const Purpose& purpose) {
  return core::Error::Invalid(
      fmt::format("this {} is not valid (it may be incomplete: copy the whole link from the mail)",
                  purpose.name),
      "token");
}

std::string Sign(const Purpose& purpose, std::string_view key, const FeedbackLink& link) {
  const std::int64_t expires = link.expires.time_since_epoch().count();
  return fmt::format("{}.{}.{}.{}", link.ticket_id, link.user_id, expires,
                     HmacSha256Hex(key, Payload(purpose, link.ticket_id, link.user_id, expires)));
}

core::Result<FeedbackLink> Verify(const Purpose& purpose, std::string_view key,
                                  std::string_view token, core::Instant now) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t dot = token.find('.');
    parts.push_back(token.substr(0, dot));
    if (dot == std::string_view::npos || parts.size() > 4) break;
    token.remove_prefix(dot + 1);
  }
  if (parts.size() != 4) {
    return std::unexpected(Malformed(purpose));
  }
  std::int64_t ticket = 0, user = 0, expires = 0;
  if (!ParsePositive(parts[0], ticket) || !ParsePositive(parts[1], user) ||
      !ParsePositive(parts[2], expires) || parts[3].size() != 64) {
    return std::unexpected(Malformed(purpose));
  }
  if (!SameSecret(parts[3], HmacSha256Hex(key, Payload(purpose, ticket, user, expires)))) {
    return std::unexpected(Malformed(purpose));
  }
  const core::Instant until{std::chrono::seconds(expires)};
  if (until <= now) {
    return std::unexpected(
        core::Error::Forbidden(fmt::format("this {} expired at {}", purpose.name,
                                           core::FormatRfc3339(until, core::Seconds(0))),
                               "token"));
  }
  return FeedbackLink{ticket, user, until};
}

}  // namespace

std::string SignFeedbackLink(std::string_view key, const FeedbackLink& link) {
  return Sign(kFeedback, key, link);
}

core::Result<FeedbackLink> VerifyFeedbackLink(std::string_view key, std::string_view token,
                                              core::Instant now) {
  return Verify(kFeedback, key, token, now);
}

std::string SignPortalLink(std::string_view key, const FeedbackLink& link) {
  return Sign(kPortal, key, link);
}

core::Result<FeedbackLink> VerifyPortalLink(std::string_view key, std::string_view token,
                                            core::Instant now) {
  return Verify(kPortal, key, token, now);
}

}  // namespace esc::auth
