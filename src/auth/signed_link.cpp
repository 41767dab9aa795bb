#include "auth/signed_link.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "auth/token.h"
#include "core/rfc3339.h"

namespace esc::auth {
namespace {

std::string Payload(std::int64_t ticket, std::int64_t user, std::int64_t expires) {
  return fmt::format("feedback:{}.{}.{}", ticket, user, expires);
}

bool ParsePositive(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out > 0;
}

core::Error Malformed() {
  return core::Error::Invalid(
      "this feedback link is not valid (it may be incomplete: copy the "
      "whole link from the mail)",
      "token");
}

}  // namespace

std::string SignFeedbackLink(std::string_view key, const FeedbackLink& link) {
  const std::int64_t expires = link.expires.time_since_epoch().count();
  return fmt::format("{}.{}.{}.{}", link.ticket_id, link.user_id, expires,
                     HmacSha256Hex(key, Payload(link.ticket_id, link.user_id, expires)));
}

core::Result<FeedbackLink> VerifyFeedbackLink(std::string_view key, std::string_view token,
                                              core::Instant now) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t dot = token.find('.');
    parts.push_back(token.substr(0, dot));
    if (dot == std::string_view::npos || parts.size() > 4) break;
    token.remove_prefix(dot + 1);
  }
  if (parts.size() != 4) {
    return std::unexpected(Malformed());
  }
  std::int64_t ticket = 0, user = 0, expires = 0;
  if (!ParsePositive(parts[0], ticket) || !ParsePositive(parts[1], user) ||
      !ParsePositive(parts[2], expires) || parts[3].size() != 64) {
    return std::unexpected(Malformed());
  }
  if (!SameSecret(parts[3], HmacSha256Hex(key, Payload(ticket, user, expires)))) {
    return std::unexpected(Malformed());
  }
  const core::Instant until{std::chrono::seconds(expires)};
  if (until <= now) {
    return std::unexpected(
        core::Error::Forbidden(fmt::format("this feedback link expired at {}",
                                           core::FormatRfc3339(until, core::Seconds(0))),
                               "token"));
  }
  return FeedbackLink{ticket, user, until};
}

}  // namespace esc::auth
