// Signed links in mail to customers: a feedback link (rate the resolution) and a portal
// link (sign in to the portal on the ticket) name a ticket and the person, expire, and
// cannot be forged or altered without the service's key (HMAC-SHA256 over the purpose and
// the fields, so one kind of link never passes for the other). The token travels in a URL
// path: "<ticket>.<user>.<expires unix seconds>.<hex HMAC>" (digits, dots and hex only).
// The key is the service's own secret, kept with its data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"

namespace esc::auth {

struct FeedbackLink {
  std::int64_t ticket_id = 0;
  std::int64_t user_id = 0;
  core::Instant expires;
};

std::string SignFeedbackLink(std::string_view key, const FeedbackLink& link);
// The link a token stands for. Errors: Invalid (malformed, or a signature that does not
// match: altered, or signed with another key), Forbidden (expired at `now`).
core::Result<FeedbackLink> VerifyFeedbackLink(std::string_view key, std::string_view token,
                                              core::Instant now);

// The same fields for signing in to the portal on the ticket; the same errors.
std::string SignPortalLink(std::string_view key, const FeedbackLink& link);
core::Result<FeedbackLink> VerifyPortalLink(std::string_view key, std::string_view token,
                                            core::Instant now);

}  // namespace esc::auth
