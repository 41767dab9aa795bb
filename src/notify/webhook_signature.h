// Signing webhook requests so a receiver can check they come from us and are fresh:
// `X-Escalator-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the
// channel's shared secret, and the timestamp (Unix seconds) in `X-Escalator-Timestamp`.
// The receiver recomputes it over the raw body and rejects stale timestamps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace esc::notify {

// "sha256=" followed by 64 lowercase hex digits.
std::string SignWebhook(std::string_view secret, std::int64_t unix_timestamp,
                        std::string_view body);

}  // namespace esc::notify
