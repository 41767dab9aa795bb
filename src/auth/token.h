// Secrets handed to clients (session cookies, CSRF tokens, API tokens) and their digests
// for storage: the database never holds a usable secret, only its SHA-256.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace esc::auth {

// 32 random bytes as unpadded base64url (43 characters), from libsodium's CSPRNG;
// `prefix` is prepended (e.g. "esc_" for API tokens, so leaked ones are recognisable).
std::string NewToken(std::string_view prefix = {});
// Lower-case hex SHA-256 of `token` (64 characters).
std::string DigestToken(std::string_view token);
// Constant-time comparison (sodium_memcmp); false when lengths differ.
bool SameSecret(std::string_view a, std::string_view b);
// HMAC-SHA256 of `message` under `key`, lower-case hex (for signed links and webhooks).
std::string HmacSha256Hex(std::string_view key, std::string_view message);
// The bytes of standard base64 text (RFC 4648 section 4, with padding; spaces and line
// breaks ignored); nullopt when it is not valid base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace esc::auth
