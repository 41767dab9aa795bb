#include "app/service/auth_cache.h"

#include <algorithm>

namespace esc::app {

std::uint64_t AuthCache::Generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

std::optional<CachedAuthentication> AuthCache::Find(const std::string& digest, Instant now) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(digest);
  if (found == entries_.end() || found->second.valid_until <= now) return std::nullopt;
  return found->second;
}

void AuthCache::Remember(const std::string& digest, std::uint64_t generation,
                         CachedAuthentication entry, Instant now) {
  entry.valid_until = std::min(entry.valid_until, now + lifetime_);
  if (entry.valid_until <= now || capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;  // something changed while the caller read
  if (entries_.size() >= capacity_ && !entries_.contains(digest)) {
    // Drop what has expired; if everything is still valid, start afresh rather than grow.
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.valid_until <= now; });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_.insert_or_assign(digest, std::move(entry));
}

void AuthCache::Forget(const std::string& digest) {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.erase(digest);
}

void AuthCache::ForgetAll() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

std::size_t AuthCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace esc::app
