// Remembers who a session cookie or an API token belongs to, so that a request does not
// need a database read to authenticate (at thousands of requests a second that read was
// a tenth of the work). Entries are keyed by the token's digest, never the token itself.
//
// Invalidation is exact within the process: every change that can end or alter an
// authentication (logout, token revocation, any user update) commits first and then
// calls Forget or ForgetAll. A lookup that read the database before such a change must
// not put its stale answer back afterwards, so Remember takes the generation that was
// current before the read (Generation()) and is ignored when a change came in between.
// Entries also end at their session's expiry and after `lifetime` on the service clock,
// which bounds how long a change made outside this process (another node, a restored
// database) can go unseen.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/service/actor.h"
#include "core/time.h"

namespace esc::app {

struct CachedAuthentication {
  Actor actor;
  std::string csrf_token;  // empty for API tokens
  Instant valid_until;     // the earlier of the session's expiry and now + lifetime
  std::string scope = "full";  // an API token's scope (ApiTokenRecord::scope)
};

class AuthCache {
 public:
  explicit AuthCache(std::chrono::seconds lifetime, std::size_t capacity = 10'000)
      : lifetime_(lifetime), capacity_(capacity) {}

  std::uint64_t Generation() const;
  std::optional<CachedAuthentication> Find(const std::string& digest, Instant now) const;
  // Keeps `entry` until min(entry.valid_until, now + lifetime), unless the generation has
  // moved on since `generation` was read.
  void Remember(const std::string& digest, std::uint64_t generation, CachedAuthentication entry,
                Instant now);
  void Forget(const std::string& digest);
  void ForgetAll();
  std::size_t size() const;

 private:
  const std::chrono::seconds lifetime_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, CachedAuthentication> entries_;
};

}  // namespace esc::app
