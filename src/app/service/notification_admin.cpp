#include "app/service/notification_admin.h"

#include <fmt/format.h>

namespace esc::app {

Result<std::vector<OutboxRecord>> NotificationAdmin::List(const Actor& actor,
                                                          const std::string& state, int limit,
                                                          int offset) {
  if (!IsAdmin(actor)) {
    return std::unexpected(core::Error::Forbidden("only admins list notifications"));
  }
  if (!state.empty() && state != "pending" && state != "sent" && state != "dead" &&
      state != "digested") {
    return std::unexpected(core::Error::Invalid(
        fmt::format("state must be pending, sent, dead or digested, got \"{}\"", state), "state"));
  }
  std::vector<OutboxRecord> rows;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto page = tx.OutboxPage(state, limit, offset);
    if (!page) return std::unexpected(page.error());
    rows = std::move(*page);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return rows;
}

Result<OutboxRecord> NotificationAdmin::Retry(const Actor& actor, Id id) {
  if (!IsAdmin(actor)) {
    return std::unexpected(core::Error::Forbidden("only admins retry notifications"));
  }
  OutboxRecord row;
  auto write = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindOutbox(id);
    if (!found) return std::unexpected(found.error());
    if (!*found)
      return std::unexpected(core::Error::NotFound(fmt::format("no notification {}", id)));
    row = std::move(**found);
    if (row.state != "dead") {
      return std::unexpected(core::Error::Conflict(
          fmt::format("notification {} is {}: only a dead one can be retried", id, row.state)));
    }
    row.state = "pending";
    row.attempts = 0;
    row.send_at = context_.clock.Now();
    if (auto ok = tx.UpdateOutboxDelivery(row); !ok) return ok;
    if (context_.outbox_changed) tx.AfterCommit([this] { context_.outbox_changed(); });
    return {};
  });
  if (!write) return std::unexpected(write.error());
  return row;
}

}  // namespace esc::app
