// Password hashing with argon2id (libsodium's crypto_pwhash_str at the INTERACTIVE limits:
// about 90 ms and 64 MiB per hash). At most a few hashes run at once (each needs its
// memory): callers beyond that wait for a slot instead of exhausting the machine.
#pragma once

#include <string>
#include <string_view>

namespace esc::auth {

// Call once before any other function here (initialises libsodium; thread-safe, idempotent).
void InitCrypto();

// "$argon2id$v=19$m=...,t=...,p=...$..." for `password`. Throws std::runtime_error only
// when the machine is out of memory.
std::string HashPassword(std::string_view password);
// Whether `password` matches `hash` (false for a malformed hash).
bool VerifyPassword(std::string_view hash, std::string_view password);
// Whether `hash` was made with weaker limits than HashPassword uses now.
bool NeedsRehash(std::string_view hash);

}  // namespace esc::auth
