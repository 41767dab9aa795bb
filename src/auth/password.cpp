#include "auth/password.h"

#include <sodium.h>

#include <array>
#include <mutex>
#include <semaphore>
#include <stdexcept>

namespace esc::auth {
namespace {

// Each argon2id run at the INTERACTIVE limits holds 64 MiB for about 90 ms; two at a time
// keeps a burst of logins from pushing the server into swap. Function-local so that it
// exists before any static initialiser elsewhere could log someone in.
std::counting_semaphore<2>& HashSlots() {
  static std::counting_semaphore<2> slots{2};
  return slots;
}

// Holds one slot for the lifetime of a hash or verify, released even if it throws.
class HashSlot {
 public:
  HashSlot() { HashSlots().acquire(); }
  ~HashSlot() { HashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

// libsodium reads the hash as a NUL-terminated string inside a crypto_pwhash_STRBYTES
// buffer; copying into one keeps it from reading past a string_view's end.
using HashBuffer = std::array<char, crypto_pwhash_STRBYTES>;

bool ToHashBuffer(std::string_view hash, HashBuffer& buffer) {
  if (hash.size() >= buffer.size() || hash.find('\0') != std::string_view::npos) {
    return false;
  }
  buffer.fill('\0');
  hash.copy(buffer.data(), hash.size());
  return true;
}

}  // namespace

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init returns 1 when already initialised (e.g. by another library): fine.
    if (sodium_init() < 0) {
      throw std::runtime_error("libsodium could not be initialised");
    }
  });
}

std::string HashPassword(std::string_view password) {
  InitCrypto();  // cheap after the first call; protects callers that forgot it
  HashBuffer out{};
  int rc = 0;
  {
    HashSlot slot;
    rc = crypto_pwhash_str(out.data(), password.data(), password.size(),
                           crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
  }
  if (rc != 0) {
    throw std::runtime_error("password hashing failed (out of memory)");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitCrypto();
  HashBuffer buffer{};
  if (!ToHashBuffer(hash, buffer)) {
    return false;
  }
  HashSlot slot;
  return crypto_pwhash_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  InitCrypto();
  HashBuffer buffer{};
  if (!ToHashBuffer(hash, buffer)) {
    return true;  // unusable as it is: the next successful login should replace it
  }
  // 1 = other limits (weaker or, after a downgrade of ours, stronger); -1 = not an argon2id
  // string libsodium understands. Either way a fresh hash is the right answer.
  return crypto_pwhash_str_needs_rehash(buffer.data(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace esc::auth
