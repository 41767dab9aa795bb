// What admins do with the outbox: list notifications by state (dead ones show their
// last error, attempts and next attempt) and put a dead one back to pending, which
// gives it a fresh set of attempts at once. Admin only; everyone else gets Forbidden.
#pragma once

#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/service_context.h"

namespace esc::app {

class NotificationAdmin {
 public:
  explicit NotificationAdmin(ServiceContext& context) : context_(context) {}

  // `state`: pending, sent, dead, or empty for all; newest first.
  Result<std::vector<OutboxRecord>> List(const Actor& actor, const std::string& state, int limit,
                                         int offset);
  // Conflict unless the row is dead; NotFound when there is no such row.
  Result<OutboxRecord> Retry(const Actor& actor, Id id);

 private:
  ServiceContext& context_;
};

}  // namespace esc::app
