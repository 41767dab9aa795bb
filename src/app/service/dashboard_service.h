// The live escalation dashboard for staff: open escalations by level and team, tickets
// whose next SLA deadline falls within the next hour, SLA breaches since the start of the
// caller's day, levels and teams against their limits on open escalations (with what
// waits in their queues), and pending management sign-offs. One read transaction, so the
// figures agree with each other; the web app reads it again when the event stream says a
// ticket changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "app/service/store.h"
#include "app/service/ticket_service.h"  // kMaxCounted

namespace esc::app {

// How many tickets a dashboard list shows (its count says how many there are).
inline constexpr int kDashboardListSize = 20;

struct DashboardList {
  std::int64_t count = 0;  // up to kMaxCounted
  bool capped = false;     // more than kMaxCounted
  std::vector<TicketRecord> tickets;
};

// A level or team with a limit on open escalations (policy `limits:`).
struct LimitLoad {
  std::string scope;  // "level" or "team"
  std::string id;
  std::int64_t open = 0;   // open tickets there by an escalation
  std::int64_t max = 0;    // the policy's max_open_escalations
  std::int64_t queued = 0; // escalations waiting for room
  std::string beyond;      // "queue" or "notify_manager"
  bool overloaded() const { return open >= max; }
};

struct Dashboard {
  Instant now;
  Instant since;     // the start of "today" the breaches count from
  Instant horizon;   // now + 1 h: "at risk" is a next deadline in [now, horizon)
  std::vector<CountRow> escalations;  // keys {level, team}
  DashboardList at_risk;              // soonest deadline first
  DashboardList breached_today;       // latest breach first
  std::vector<LimitLoad> limits;      // in policy order
  DashboardList signoffs;             // pending, oldest ticket first
};

class DashboardService {
 public:
  explicit DashboardService(ServiceContext& context) : context_(context) {}

  // Staff only. `since`: the start of the caller's day (default: midnight UTC today).
  Result<Dashboard> Get(const Actor& actor, std::optional<Instant> since);

 private:
  ServiceContext& context_;
};

}  // namespace esc::app
