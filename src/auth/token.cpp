#include "auth/token.h"

#include <sodium.h>

#include <array>

#include "auth/password.h"

namespace esc::auth {
namespace {

constexpr std::size_t kTokenBytes = 32;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

template <std::size_t N>
std::string Hex(const std::array<unsigned char, N>& bin) {
  std::array<char, N * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bin.data(), bin.size());
  return std::string(hex.data(), N * 2);
}

}  // namespace

std::string NewToken(std::string_view prefix) {
  InitCrypto();  // randombytes needs an initialised libsodium
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<unsigned char, kTokenBytes> bin{};
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text{};
  randombytes_buf(bin.data(), bin.size());
  sodium_bin2base64(text.data(), text.size(), bin.data(), bin.size(), kVariant);
  sodium_memzero(bin.data(), bin.size());
  std::string token;
  token.reserve(prefix.size() + text.size());
  token.append(prefix);
  token.append(text.data());  // NUL-terminated by libsodium
  sodium_memzero(text.data(), text.size());
  return token;
}

std::string DigestToken(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), Bytes(token), token.size());
  return Hex(digest);
}

bool SameSecret(std::string_view a, std::string_view b) {
  // Leaking the length is accepted: tokens have a fixed, public length.
  if (a.size() != b.size()) {
    return false;
  }
  if (a.empty()) {
    return true;  // and no null pointers handed to libsodium
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  // The init/update/final form, because crypto_auth_hmacsha256() insists on a 32-byte key
  // and webhook secrets are whatever the receiving side configured.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, Bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, Bytes(message), message.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return Hex(mac);
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), " \t\r\n", &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace esc::auth
