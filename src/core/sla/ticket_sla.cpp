#include "core/sla/ticket_sla.h"

#include <fmt/format.h>

#include "core/rfc3339.h"

namespace esc::core {
namespace {

bool Closes(TicketStatus s) { return s == TicketStatus::kResolved || s == TicketStatus::kClosed; }

class Replay {
 public:
  Replay(const SlaPolicy& sla, const Policy& policy) : sla_(sla), policy_(policy) {}

  Result<TicketSla> Run(std::span<const TicketEvent> events) {
    if (events.empty() || events.front().kind != TicketEventKind::kCreated) {
      return std::unexpected(Error::Invalid("a ticket's history must start with its creation"));
    }
    Instant previous = events.front().at;
    for (const TicketEvent& event : events) {
      if (event.at < previous) {
        return std::unexpected(Error::Invalid(fmt::format(
            "a ticket's history must be in time order: {} comes after {}",
            FormatRfc3339(event.at, Seconds{0}), FormatRfc3339(previous, Seconds{0}))));
      }
      previous = event.at;
      if (auto ok = Apply(event); !ok) return std::unexpected(ok.error());
    }
    return std::move(result_);
  }

 private:
  std::optional<SlaClock>& Clock(SlaTargetKind kind) {
    return result_.clocks[static_cast<std::size_t>(kind)];
  }

  Result<void> Start(SlaTargetKind kind, Instant at) {
    const auto& target = sla_.Target(kind);
    if (!target) return {};
    const Calendar* calendar = policy_.FindCalendar(target->calendar);
    if (!calendar) {
      return std::unexpected(Error::NotFound(fmt::format(
          "SLA \"{}\" {} uses calendar \"{}\", which the policy does not define", sla_.name,
          ToString(kind), target->calendar)));
    }
    auto& clock = Clock(kind);
    ++result_.cycles[static_cast<std::size_t>(kind)];
    if (clock) {
      if (auto ok = clock->Restart(at); !ok) return ok;
    } else {
      auto started = SlaClock::Start(SlaTarget{*calendar, target->duration}, at);
      if (!started) return std::unexpected(started.error());
      clock = std::move(*started);
    }
    if (sla_.PausesIn(result_.status)) return clock->Pause(at);
    return {};
  }

  Result<void> Apply(const TicketEvent& e) {
    switch (e.kind) {
      case TicketEventKind::kCreated:
        if (auto ok = Start(SlaTargetKind::kFirstResponse, e.at); !ok) return ok;
        return Start(SlaTargetKind::kResolution, e.at);
      case TicketEventKind::kAgentReplied: {
        if (Closes(result_.status)) return {};
        auto& first = Clock(SlaTargetKind::kFirstResponse);
        if (first && !first->stopped()) {
          if (auto ok = first->Stop(e.at); !ok) return ok;
        }
        return Start(SlaTargetKind::kNextUpdate, e.at);
      }
      case TicketEventKind::kCustomerReplied: {
        const auto& next = Clock(SlaTargetKind::kNextUpdate);
        if (Closes(result_.status) || !next) return {};  // no update owed before first reply
        return Start(SlaTargetKind::kNextUpdate, e.at);
      }
      case TicketEventKind::kStatusChanged:
        return ChangeStatus(e.status, e.at);
    }
    return {};
  }

  Result<void> ChangeStatus(TicketStatus next, Instant at) {
    const TicketStatus before = result_.status;
    result_.status = next;
    if (Closes(next)) {
      if (Closes(before)) return {};
      for (auto& clock : result_.clocks) {
        if (clock && !clock->stopped()) {
          if (auto ok = clock->Stop(at); !ok) return ok;
        }
      }
      return {};
    }
    if (Closes(before)) {  // reopened
      auto& resolution = Clock(SlaTargetKind::kResolution);
      if (resolution && resolution->stopped()) {
        if (auto ok = resolution->Reopen(at); !ok) return ok;
        if (sla_.PausesIn(next)) {
          if (auto ok = resolution->Pause(at); !ok) return ok;
        }
      }
      if (Clock(SlaTargetKind::kNextUpdate)) return Start(SlaTargetKind::kNextUpdate, at);
      return {};
    }
    const bool was_paused = sla_.PausesIn(before), pause = sla_.PausesIn(next);
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

  const SlaPolicy& sla_;
  const Policy& policy_;
  TicketSla result_;
};

}  // namespace

Result<TicketSla> ReplaySla(const SlaPolicy& sla, const Policy& policy,
                            std::span<const TicketEvent> events) {
  return Replay(sla, policy).Run(events);
}

}  // namespace esc::core
