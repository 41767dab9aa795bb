#include "core/engine/evaluate.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/duration.h"
#include "core/rfc3339.h"
#include "core/text/words.h"

namespace esc::core {
namespace {

// Whether the conditions on ticket facts hold; with `reasons`, appends one for each.
bool FactsHold(const TriggerConditions& when, const TicketFacts& t,
               std::vector<std::string>* reasons) {
  auto note = [&](std::string text) {
    if (reasons) reasons->push_back(std::move(text));
  };
  auto listed = [&](const std::vector<std::string>& allowed, const std::string& value,
                    std::string_view what) {
    if (allowed.empty()) return true;
    if (!ListAllows(allowed, value)) return false;
    if (reasons && !allowed.empty()) note(fmt::format("{} {}", what, value));
    return true;
  };
  if (!listed(when.priorities, t.priority, "priority") ||
      !listed(when.categories, t.category, "category") || !listed(when.tiers, t.tier, "tier") ||
      !listed(when.channels, t.channel, "channel")) {
    return false;
  }
  if (when.customer_replies) {
    if (t.customer_replies < *when.customer_replies) return false;
    if (reasons) note(fmt::format("{} customer replies", t.customer_replies));
  }
  if (when.reopened) {
    if (t.reopened != *when.reopened) return false;
    note(t.reopened ? "reopened" : "never reopened");
  }
  if (when.customer_asked_to_escalate) {
    if (t.customer_asked_to_escalate != *when.customer_asked_to_escalate) return false;
    if (t.customer_asked_to_escalate) note("the customer asked to escalate");
  }
  // The customer's words are stored folded (lower case, no accents: core/text/words.h);
  // the policy's word is folded the same way, so both sides compare whole folded words.
  if (!when.words.empty()) {
    auto found = std::find_if(when.words.begin(), when.words.end(), [&](const std::string& w) {
      const std::string folded = FoldText(w);
      return std::any_of(t.customer_words.begin(), t.customer_words.end(),
                         [&](const std::string& said) { return said == folded; });
    });
    if (found == when.words.end()) return false;
    if (reasons) note(fmt::format("the customer wrote \"{}\"", *found));
  }
  if (when.sentiment_below) {
    if (!t.sentiment || *t.sentiment >= *when.sentiment_below) return false;
    if (reasons) note(fmt::format("sentiment {} below {}", *t.sentiment, *when.sentiment_below));
  }
  return true;
}

// When a trigger's time conditions all hold (the latest of them) and the occurrence they
// name; nullopt when they never will (or not yet knowably: a paused clock).
struct TimeCondition {
  Instant reached;
  std::string occurrence;
};

Result<std::optional<TimeCondition>> TimeConditions(const TriggerConditions& when,
                                                    const TicketFacts& t, const TicketSla* clocks,
                                                    const SlaPolicy* sla,
                                                    std::vector<std::string>* reasons) {
  using None = std::optional<TimeCondition>;
  // The latest of the time conditions; without any, facts change with events, so the
  // conditions on facts alone hold from the latest one.
  TimeCondition out{Instant::min(), ""};
  auto join = [&](std::string_view part) {
    if (!out.occurrence.empty()) out.occurrence += '|';
    out.occurrence += part;
  };
  if (when.sla) {
    const SlaPoint& point = *when.sla;
    if (!clocks) return None();
    const auto& clock = clocks->Clock(point.target);
    if (!clock) return None();
    const double share = point.percent_used / 100.0 * static_cast<double>(clock->duration().count());
    const Seconds threshold =
        std::max(Seconds{0}, Seconds{std::llround(share)} + point.offset);
    auto at = clock->WhenUsed(threshold);
    if (!at) return std::unexpected(at.error());
    if (!*at) return None();
    out.reached = std::max(out.reached, **at);
    const auto index = static_cast<std::size_t>(point.target);
    join(ToString(point.target));
    out.occurrence += '#';
    out.occurrence += std::to_string(clocks->cycles[index]);
    if (reasons) {
      reasons->push_back(fmt::format("{} of SLA \"{}\" has used {} of {}",
                                     ToString(point.target), sla->name,
                                     FormatDuration(threshold), FormatDuration(clock->duration())));
    }
  }
  if (when.unassigned_for) {
    if (!t.unassigned_since) return None();
    out.reached = std::max(out.reached, *t.unassigned_since + *when.unassigned_for);
    join("unassigned@" + std::to_string(ToEpochSeconds(*t.unassigned_since)));
    if (reasons) {
      reasons->push_back(fmt::format("unassigned for {}", FormatDuration(*when.unassigned_for)));
    }
  }
  if (when.no_update_for) {
    out.reached = std::max(out.reached, t.last_update + *when.no_update_for);
    join("no-update@" + std::to_string(ToEpochSeconds(t.last_update)));
    if (reasons) {
      reasons->push_back(fmt::format("no update for {}", FormatDuration(*when.no_update_for)));
    }
  }
  if (out.occurrence.empty()) {
    out.occurrence = "ticket";
    out.reached = t.history.back().at;
  }
  return std::optional<TimeCondition>(std::move(out));
}

// The escalation under way an occurrence belongs to: an SLA cycle as a whole, else the
// trigger's own occurrence.
std::string Family(std::string_view trigger, const std::string& occurrence) {
  if (occurrence.find('#') != std::string::npos) return occurrence;
  return fmt::format("{}/{}", trigger, occurrence);
}

// Which version decides each escalation under way.
struct Pins {
  std::map<std::string, std::string, std::less<>> version_of;  // family -> version
};

Pins PinsOf(const TicketFacts& t) {
  Pins pins;
  std::vector<const FiredTrigger*> fired;
  for (const FiredTrigger& f : t.fired) {
    if (f.policy_version.empty()) continue;
    if (t.reapplied_at && f.at <= *t.reapplied_at) continue;
    fired.push_back(&f);
  }
  std::stable_sort(fired.begin(), fired.end(),
                   [](const FiredTrigger* a, const FiredTrigger* b) { return a->at < b->at; });
  for (const FiredTrigger* f : fired) {
    pins.version_of.emplace(Family(f->trigger, f->occurrence), f->policy_version);
  }
  return pins;
}

// A calendar that is always open, for path steps of teams without working hours.
const Calendar& AlwaysOpen() {
  static const Calendar calendar = [] {
    CalendarSpec spec;
    spec.id = "always-open";
    for (auto& day : spec.weekly) day = {LocalInterval{0, 86400}};
    return *Calendar::Create(std::move(spec));
  }();
  return calendar;
}

// One policy version's decisions for the occurrences it owns.
class Pass {
 public:
  using Owns = std::function<bool(const std::string& family)>;

  Pass(const TicketFacts& t, const Policy& policy, const SlaPolicy* sla, const TicketSla* clocks,
       Instant now, const Owns* owns, Evaluation& out, bool explain = true,
       EvaluationCache* cache = nullptr)
      : t_(t), policy_(policy), sla_(sla), clocks_(clocks), now_(now), owns_(owns), out_(out),
        explain_(explain), cache_(cache) {}

  Result<void> Run() {
    const bool reuse = cache_ && cache_->computed_for == cache_->state;
    if (cache_ && !reuse) cache_->triggers.resize(policy_.triggers.size());
    if (cache_ && cache_->path_computed_for != cache_->path_state) {
      auto path = PathTiming();
      if (!path) return std::unexpected(path.error());
      cache_->path = std::move(*path);
      cache_->path_computed_for = cache_->path_state;
    }
    for (std::size_t i = 0; i < policy_.triggers.size(); ++i) {
      const Trigger& trigger = policy_.triggers[i];
      TimeCondition fresh;
      Instant reached;
      const std::string* occurrence = nullptr;
      if (reuse) {
        const EvaluationCache::Timing& cached = cache_->triggers[i];
        if (!cached.applies) continue;
        reached = cached.reached;
        occurrence = &cached.occurrence;
      } else {
        EvaluationCache::Timing* cached = cache_ ? &cache_->triggers[i] : nullptr;
        if (!FactsHold(trigger.when, t_, nullptr)) {
          if (cached) cached->applies = false;
          continue;
        }
        // A trigger on an SLA point alone whose clock has not changed keeps its timing.
        const std::optional<SlaClock>* clock = nullptr;
        if (clocks_ && trigger.when.sla && !trigger.when.unassigned_for &&
            !trigger.when.no_update_for) {
          clock = &clocks_->Clock(trigger.when.sla->target);
        }
        const int cycle =
            clock ? clocks_->cycles[static_cast<std::size_t>(trigger.when.sla->target)] : 0;
        if (cached && clock && *clock && cached->clock == (*clock)->key() &&
            cached->cycle == cycle) {
          if (!cached->applies) continue;  // was: never reached on this clock
          reached = cached->reached;
          occurrence = &cached->occurrence;
        } else {
          auto timing = TimeConditions(trigger.when, t_, clocks_, sla_, nullptr);
          if (!timing) return std::unexpected(timing.error());
          if (cached) {
            cached->clock = clock && *clock ? std::optional((*clock)->key()) : std::nullopt;
            cached->cycle = cycle;
            cached->applies = timing->has_value();
          }
          if (!*timing) continue;
          fresh = std::move(**timing);
          reached = fresh.reached;
          occurrence = &fresh.occurrence;
          if (cached) {
            cached->reached = fresh.reached;
            cached->occurrence = std::move(fresh.occurrence);
            occurrence = &cached->occurrence;
          }
        }
        if (cached) cached->applies = true;
      }
      if (owns_ && !(*owns_)(Family(trigger.name, *occurrence))) continue;
      Consider(trigger.name, trigger.repeat, reached, *occurrence, trigger.then, [&] {
        std::vector<std::string> reasons;
        FactsHold(trigger.when, t_, &reasons);
        (void)TimeConditions(trigger.when, t_, clocks_, sla_, &reasons);
        return reasons;
      });
    }
    if (cache_) {
      if (cache_->computed_for != cache_->state) cache_->computed_for = cache_->state;
      return PathRule(cache_->path);
    }
    auto path = PathTiming();
    if (!path) return std::unexpected(path.error());
    return PathRule(*path);
  }

 private:
  void WakeAt(Instant at) {
    if (at > now_ && (!out_.next_wakeup || at < *out_.next_wakeup)) out_.next_wakeup = at;
  }

  // Fires, repeats or waits for one trigger whose conditions hold from `time.reached`.
  template <typename ReasonsFn>
  void Consider(const std::string& name, const std::optional<Repeat>& repeat, Instant reached,
                const std::string& occurrence, std::span<const TriggerAction> actions,
                ReasonsFn reasons_of) {
    if (reached > now_) {
      WakeAt(reached);
      return;
    }
    // Firings of this occurrence so far: the first one and the latest repeat.
    const FiredTrigger* first = nullptr;
    int last_repeat = -1;
    for (const FiredTrigger& f : t_.fired) {
      if (f.trigger != name || f.occurrence != occurrence) continue;
      if (f.repeat == 0) first = &f;
      last_repeat = std::max(last_repeat, f.repeat);
    }
    Decision decision{name, occurrence, 0, reached, actions, "", policy_.version};
    std::string repeat_note;
    if (first) {
      if (!repeat || last_repeat >= repeat->times) return;
      if (t_.acknowledged_at && *t_.acknowledged_at >= first->at) return;
      // Repeats missed by a late evaluation collapse into the latest one due.
      const auto periods = static_cast<int>(std::min<std::int64_t>(
          (now_ - first->at) / repeat->every, repeat->times));
      if (periods <= last_repeat) {
        WakeAt(first->at + repeat->every * (last_repeat + 1));
        return;
      }
      decision.repeat = periods;
      decision.due_at = first->at + repeat->every * periods;
      const Instant next = decision.due_at;
      if (explain_) {
        repeat_note = fmt::format("not acknowledged: repeat {} of {}", decision.repeat, repeat->times);
      }
      if (decision.repeat < repeat->times) WakeAt(next + repeat->every);
    } else if (repeat) {
      WakeAt(now_ + repeat->every);  // the first repeat, if recorded at `now`
    }
    if (explain_) {
      std::vector<std::string> reasons = reasons_of();
      if (!repeat_note.empty()) reasons.push_back(std::move(repeat_note));
      decision.explanation = fmt::format("trigger \"{}\" at {}: {}", name,
                                         FormatRfc3339(decision.due_at, Seconds{0}),
                                         fmt::join(reasons, "; "));
    }
    out_.decisions.push_back(std::move(decision));
  }

  // Where the escalation path stands: the holding team's step, and when its time runs out.
  struct PathPlace {
    const EscalationPath* path = nullptr;
    const Team* team = nullptr;
    const PathStep* step = nullptr;
    const Calendar* calendar = nullptr;
  };
  PathPlace Place() const {
    PathPlace place;
    if (t_.team.empty()) return place;
    const EscalationPath* path = policy_.PathFor(t_.category);
    const Team* team = policy_.FindTeam(t_.team);
    if (!path || !team) return place;
    auto step = std::find_if(path->steps.begin(), path->steps.end(), [&](const PathStep& s) {
      return s.team ? *s.team == team->id : s.level == team->level;
    });
    if (step == path->steps.end() || !step->time || step + 1 == path->steps.end()) return place;
    const Calendar* calendar = team->calendar ? policy_.FindCalendar(*team->calendar) : nullptr;
    if (!calendar && sla_ && sla_->Target(SlaTargetKind::kResolution)) {
      calendar = policy_.FindCalendar(sla_->Target(SlaTargetKind::kResolution)->calendar);
    }
    return {path, team, &*step, calendar ? calendar : &AlwaysOpen()};
  }

  Result<EvaluationCache::Timing> PathTiming() {
    const PathPlace place = Place();
    if (!place.step) return EvaluationCache::Timing{};
    auto reached = StepDeadline(*place.calendar, *place.step->time);
    if (!reached) return std::unexpected(reached.error());
    if (!*reached) return EvaluationCache::Timing{};
    return EvaluationCache::Timing{
        true, **reached,
        "step:" + place.team->id + "@" + std::to_string(ToEpochSeconds(t_.team_since)),
        place.step, std::nullopt, 0};
  }

  // The escalation path's own rule: the holding team's step time runs out.
  Result<void> PathRule(const EvaluationCache::Timing& timing) {
    if (!timing.applies) return {};
    const std::string name(kPathTrigger);
    if (owns_ && !(*owns_)(Family(name, timing.occurrence))) return {};
    Consider(name, std::nullopt, timing.reached, timing.occurrence, timing.step->hand_over, [&] {
      const PathPlace place = Place();
      const PathStep& next = *(place.step + 1);
      return std::vector<std::string>{fmt::format(
          "team \"{}\" has held the case for {} of business time on calendar \"{}\", its time "
          "on the {} path; next: {} \"{}\"",
          place.team->id, FormatDuration(*place.step->time), place.calendar->id(),
          place.path->category, next.team ? "team" : "level", next.team ? *next.team : *next.level)};
    });
    return {};
  }

  // When the holding team has used `budget` of business time since it took the case,
  // not counting time in a status the SLA policy pauses in (waiting, by default).
  Result<std::optional<Instant>> StepDeadline(const Calendar& calendar, Seconds budget) {
    auto pauses = [&](TicketStatus s) {
      if (IsClosed(s)) return true;  // resolved until reopened
      if (sla_) return sla_->PausesIn(s);
      return s == TicketStatus::kWaitingOnCustomer || s == TicketStatus::kWaitingOnThirdParty;
    };
    TicketStatus status = TicketStatus::kNew;
    auto event = t_.history.begin();
    for (; event != t_.history.end() && event->at <= t_.team_since; ++event) {
      if (event->kind == TicketEventKind::kStatusChanged) status = event->status;
    }
    auto clock = SlaClock::Start(SlaTarget{calendar, budget}, t_.team_since);
    if (!clock) return std::unexpected(clock.error());
    if (pauses(status)) {
      if (auto ok = clock->Pause(t_.team_since); !ok) return std::unexpected(ok.error());
    }
    for (; event != t_.history.end(); ++event) {
      if (event->kind != TicketEventKind::kStatusChanged) continue;
      const bool was = pauses(status), is = pauses(event->status);
      status = event->status;
      if (is && !was) {
        if (auto ok = clock->Pause(event->at); !ok) return std::unexpected(ok.error());
      } else if (was && !is) {
        if (auto ok = clock->Resume(event->at); !ok) return std::unexpected(ok.error());
      }
    }
    return clock->WhenUsed(budget);
  }

  const TicketFacts& t_;
  const Policy& policy_;
  const SlaPolicy* sla_;
  const TicketSla* clocks_;
  Instant now_;
  const Owns* owns_;
  Evaluation& out_;
  bool explain_;
  EvaluationCache* cache_;
};

Result<void> CheckHistory(const TicketFacts& t) {
  if (t.history.empty() || t.history.front().kind != TicketEventKind::kCreated) {
    return std::unexpected(Error::Invalid("a ticket's history must start with its creation"));
  }
  return {};
}

// One version's pass with the clocks replayed under its SLA policy for the ticket.
Result<void> ReplayedPass(const TicketFacts& t, const Policy& policy, Instant now,
                          const Pass::Owns* owns, Evaluation& out) {
  const SlaPolicy* sla = SelectSlaPolicy(policy.sla, {t.tier, t.priority, t.category, t.channel});
  std::optional<TicketSla> clocks;
  if (sla) {
    auto replayed = ReplaySla(*sla, policy, t.history);
    if (!replayed) return std::unexpected(replayed.error());
    clocks = std::move(*replayed);
  }
  return Pass(t, policy, sla, clocks ? &*clocks : nullptr, now, owns, out).Run();
}

}  // namespace

TicketStatus CurrentStatus(const TicketFacts& t) {
  for (auto it = t.history.rbegin(); it != t.history.rend(); ++it) {
    if (it->kind == TicketEventKind::kStatusChanged) return it->status;
  }
  return TicketStatus::kNew;
}

Result<Evaluation> Evaluate(const TicketFacts& t, const Policy& policy, Instant now,
                            const PolicyLookup& earlier) {
  if (auto ok = CheckHistory(t); !ok) return std::unexpected(ok.error());
  Evaluation out;
  if (IsClosed(CurrentStatus(t))) return out;
  const Pins pins = PinsOf(t);
  // Versions still deciding escalations under way, besides the current one.
  std::map<std::string, const Policy*, std::less<>> others;
  for (const auto& [family, version] : pins.version_of) {
    if (version == policy.version || others.contains(version)) continue;
    const Policy* older = earlier ? earlier(version) : nullptr;
    if (older) others.emplace(version, older);
  }
  if (others.empty()) {
    if (auto ok = ReplayedPass(t, policy, now, nullptr, out); !ok) return std::unexpected(ok.error());
  } else {
    const Pass::Owns current = [&](const std::string& family) {
      auto pin = pins.version_of.find(family);
      return pin == pins.version_of.end() || !others.contains(pin->second);
    };
    if (auto ok = ReplayedPass(t, policy, now, &current, out); !ok) {
      return std::unexpected(ok.error());
    }
    for (const auto& [version, older] : others) {
      const Pass::Owns owned = [&, v = version](const std::string& family) {
        auto pin = pins.version_of.find(family);
        return pin != pins.version_of.end() && pin->second == v;
      };
      if (auto ok = ReplayedPass(t, *older, now, &owned, out); !ok) {
        return std::unexpected(ok.error());
      }
    }
  }
  return out;
}

Result<Evaluation> EvaluateTracked(const TicketFacts& t, const Policy& policy,
                                   const SlaPolicy* sla, const TicketSla* clocks, Instant now,
                                   bool explain, EvaluationCache* cache) {
  if (auto ok = CheckHistory(t); !ok) return std::unexpected(ok.error());
  Evaluation out;
  if (IsClosed(CurrentStatus(t))) return out;
  if (auto ok = Pass(t, policy, sla, clocks, now, nullptr, out, explain, cache).Run(); !ok) {
    return std::unexpected(ok.error());
  }
  return out;
}

}  // namespace esc::core
