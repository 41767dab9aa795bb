#include "app/service/external_wakeups.h"

#include <utility>
#include <vector>

namespace esc::app {

Result<void> ExternalWakeups::Start() {
  std::lock_guard lock(mutex_);
  return store_.Read([&](StoreTx& tx) -> Result<void> {
    for (;;) {
      auto rows = tx.WakeupSignals(last_seq_);
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return {};
      last_seq_ = rows->back().first;
    }
  });
}

Result<std::size_t> ExternalWakeups::Poll() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<Id, std::optional<Instant>>> due;
  std::int64_t seen = last_seq_;
  auto read = store_.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.WakeupSignals(seen);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& [seq, ticket] : *rows) {
      auto at = tx.TicketWakeup(ticket);
      if (!at) return std::unexpected(at.error());
      due.emplace_back(ticket, *at);
      seen = seq;
    }
    return {};
  });
  if (!read) return std::unexpected(read.error());
  last_seq_ = seen;
  for (const auto& [ticket, at] : due) schedule_(ticket, at);
  return due.size();
}

}  // namespace esc::app
