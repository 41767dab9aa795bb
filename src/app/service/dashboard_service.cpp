#include "app/service/dashboard_service.h"

#include <chrono>

namespace esc::app {
namespace {

constexpr auto kAtRiskWindow = std::chrono::hours(1);

Result<DashboardList> ListOf(StoreTx& tx, TicketFilter filter) {
  DashboardList list;
  filter.limit = kDashboardListSize;
  auto count = tx.CountTickets(filter, kMaxCounted + 1);
  if (!count) return std::unexpected(count.error());
  list.capped = *count > kMaxCounted;
  list.count = list.capped ? kMaxCounted : *count;
  auto tickets = tx.ListTickets(filter);
  if (!tickets) return std::unexpected(tickets.error());
  list.tickets = std::move(*tickets);
  return list;
}

}  // namespace

Result<Dashboard> DashboardService::Get(const Actor& actor, std::optional<Instant> since) {
  if (!actor.staff()) {
    return std::unexpected(core::Error::Forbidden("the dashboard is for staff"));
  }
  const auto policy = context_.policies.Current();
  Dashboard d;
  d.now = context_.clock.Now();
  d.since = since.value_or(std::chrono::floor<std::chrono::days>(d.now));
  d.horizon = d.now + kAtRiskWindow;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto escalations = tx.CountOpenEscalationsBy();
    if (!escalations) return std::unexpected(escalations.error());
    d.escalations = std::move(*escalations);

    TicketFilter at_risk;
    at_risk.open_only = true;
    at_risk.due_from = d.now;
    at_risk.due_before = d.horizon;
    auto risky = ListOf(tx, at_risk);
    if (!risky) return std::unexpected(risky.error());
    d.at_risk = std::move(*risky);

    auto breaches = tx.CountEventsSince("sla_breached", d.since);
    if (!breaches) return std::unexpected(breaches.error());
    d.breached_today.count = *breaches;
    auto breached = tx.TicketsWithEventSince("sla_breached", d.since, kDashboardListSize);
    if (!breached) return std::unexpected(breached.error());
    for (const Id id : *breached) {
      auto ticket = tx.FindTicket(id);
      if (!ticket) return std::unexpected(ticket.error());
      if (*ticket) d.breached_today.tickets.push_back(std::move(**ticket));
    }

    auto queued = tx.CountQueuedEscalationsBy();
    if (!queued) return std::unexpected(queued.error());
    for (const auto& limit : policy->limits) {
      LimitLoad load;
      load.scope = limit.level ? "level" : "team";
      load.id = limit.level ? *limit.level : limit.team.value_or("");
      load.max = limit.max_open_escalations;
      load.beyond = limit.beyond == core::OverloadAction::kQueue ? "queue" : "notify_manager";
      auto open = tx.CountOpenEscalations(load.scope, load.id, 0);
      if (!open) return std::unexpected(open.error());
      load.open = *open;
      for (const auto& row : *queued) {
        if (row.keys == std::vector<std::string>{load.scope, load.id}) load.queued = row.count;
      }
      d.limits.push_back(std::move(load));
    }

    TicketFilter signoffs;
    signoffs.signoff_state = "pending";
    signoffs.sort = TicketFilter::Sort::kOldest;
    auto pending = ListOf(tx, signoffs);
    if (!pending) return std::unexpected(pending.error());
    d.signoffs = std::move(*pending);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return d;
}

}  // namespace esc::app
