#include "core/sla/ticket_sla.h"

#include <fmt/format.h>

#include "core/rfc3339.h"

namespace esc::core {
namespace {

}  // namespace

Result<void> SlaTracker::Apply(const TicketEvent& e) {
  if (!previous_ && e.kind != TicketEventKind::kCreated) {
    return std::unexpected(Error::Invalid("a ticket's history must start with its creation"));
  }
  if (previous_ && e.kind == TicketEventKind::kCreated) {
    return std::unexpected(Error::Invalid("a ticket is created only once"));
  }
  if (previous_ && e.at < *previous_) {
    return std::unexpected(Error::Invalid(fmt::format(
        "a ticket's history must be in time order: {} comes after {}",
        FormatRfc3339(e.at, Seconds{0}), FormatRfc3339(*previous_, Seconds{0}))));
  }
  previous_ = e.at;
  switch (e.kind) {
    case TicketEventKind::kCreated:
      if (auto ok = Start(SlaTargetKind::kFirstResponse, e.at); !ok) return ok;
      return Start(SlaTargetKind::kResolution, e.at);
    case TicketEventKind::kAgentReplied: {
      if (IsClosed(result_.status)) return {};
      auto& first = Clock(SlaTargetKind::kFirstResponse);
      if (first && !first->stopped()) {
        if (auto ok = EndCycle(SlaTargetKind::kFirstResponse, e.at, false); !ok) return ok;
      }
      return Start(SlaTargetKind::kNextUpdate, e.at);
    }
    case TicketEventKind::kCustomerReplied: {
      const auto& next = Clock(SlaTargetKind::kNextUpdate);
      if (IsClosed(result_.status) || !next) return {};  // no update owed before first reply
      return Start(SlaTargetKind::kNextUpdate, e.at);
    }
    case TicketEventKind::kStatusChanged:
      return ChangeStatus(e.status, e.at);
  }
  return {};
}

// Stops or restarts a clock, counting the cycle it ends if that one missed its target.
Result<void> SlaTracker::EndCycle(SlaTargetKind kind, Instant at, bool restart) {
  auto& clock = Clock(kind);
  const auto index = static_cast<std::size_t>(kind);
  if (!clock->stopped() && !breach_counted_[index]) {
    auto status = clock->StatusAt(at);
    if (!status) return std::unexpected(status.error());
    if (status->state == SlaState::kBreached) {
      ++result_.breaches[index];
      breach_counted_[index] = true;  // a reopened cycle that ends late again is one miss
    }
  }
  if (restart) breach_counted_[index] = false;
  return restart ? clock->Restart(at) : clock->Stop(at);
}

Result<void> SlaTracker::Start(SlaTargetKind kind, Instant at) {
  const auto& target = sla_->Target(kind);
  if (!target) return {};
  const Calendar* calendar = policy_->FindCalendar(target->calendar);
  if (!calendar) {
    return std::unexpected(Error::NotFound(fmt::format(
        "SLA \"{}\" {} uses calendar \"{}\", which the policy does not define", sla_->name,
        ToString(kind), target->calendar)));
  }
  auto& clock = Clock(kind);
  ++result_.cycles[static_cast<std::size_t>(kind)];
  breach_counted_[static_cast<std::size_t>(kind)] = false;
  if (clock) {
    if (auto ok = EndCycle(kind, at, true); !ok) return ok;
  } else {
    auto started = SlaClock::Start(SlaTarget{*calendar, target->duration}, at);
    if (!started) return std::unexpected(started.error());
    clock = std::move(*started);
  }
  if (sla_->PausesIn(result_.status)) return clock->Pause(at);
  return {};
}

Result<void> SlaTracker::ChangeStatus(TicketStatus next, Instant at) {
  const TicketStatus before = result_.status;
  result_.status = next;
  if (IsClosed(next)) {
    if (IsClosed(before)) return {};
    for (SlaTargetKind kind : kAllSlaTargetKinds) {
      auto& clock = Clock(kind);
      if (clock && !clock->stopped()) {
        if (auto ok = EndCycle(kind, at, false); !ok) return ok;
      }
    }
    return {};
  }
  if (IsClosed(before)) {  // reopened
    auto& resolution = Clock(SlaTargetKind::kResolution);
    if (resolution && resolution->stopped()) {
      if (auto ok = resolution->Reopen(at); !ok) return ok;
      if (sla_->PausesIn(next)) {
        if (auto ok = resolution->Pause(at); !ok) return ok;
      }
    }
    if (Clock(SlaTargetKind::kNextUpdate)) return Start(SlaTargetKind::kNextUpdate, at);
    return {};
  }
  const bool was_paused = sla_->PausesIn(before), pause = sla_->PausesIn(next);
  for (auto& clock : result_.clocks) {
    if (!clock) continue;
    if (pause && !was_paused && clock->running()) {
      if (auto ok = clock->Pause(at); !ok) return ok;
    } else if (!pause && was_paused && clock->paused()) {
      if (auto ok = clock->Resume(at); !ok) return ok;
    }
  }
  return {};
}

Result<TicketSla> ReplaySla(const SlaPolicy& sla, const Policy& policy,
                            std::span<const TicketEvent> events) {
  if (events.empty()) {
    return std::unexpected(Error::Invalid("a ticket's history must start with its creation"));
  }
  SlaTracker tracker(sla, policy);
  for (const TicketEvent& event : events) {
    if (auto ok = tracker.Apply(event); !ok) return std::unexpected(ok.error());
  }
  return tracker.clocks();
}

}  // namespace esc::core
