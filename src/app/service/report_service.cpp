#include "app/service/report_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "app/service/ticket_facts.h"
#include "core/engine/escalation_target.h"
#include "core/rfc3339.h"
#include "core/sla/ticket_sla.h"

namespace esc::app {
namespace {

constexpr int kPage = 1000;
constexpr std::size_t kTopRootCauses = 10;

// Accumulates tickets one at a time into a report.
class ReportBuilder {
 public:
  ReportBuilder(const core::Policy& policy, KpiReport& report, Instant now, bool rows)
      : policy_(policy), report_(report), now_(now), rows_(rows) {
    report_.kpis.policy_version = policy.version;
  }

  Result<void> Add(StoreTx& tx, const TicketRecord& t) {
    auto& k = report_.kpis;
    ++k.tickets;
    if (!k.first_created || t.created_at < *k.first_created) k.first_created = t.created_at;
    const bool resolved = t.resolved_at.has_value() ||
                          t.status == core::TicketStatus::kResolved ||
                          t.status == core::TicketStatus::kClosed;
    if (!resolved) ++k.unresolved;
    if (t.resolved_at) to_resolve_.push_back((*t.resolved_at - t.created_at).count());
    if (t.signoff_required) ++k.signoffs_required;
    if (!t.root_cause_category.empty()) ++root_causes_[t.root_cause_category];
    if (t.csat_rating && *t.csat_rating >= 1 && *t.csat_rating <= 5) {
      ++report_.csat.responses;
      ++report_.csat.by_rating[static_cast<std::size_t>(*t.csat_rating - 1)];
    }

    auto escalations = tx.Escalations(t.id);
    if (!escalations) return std::unexpected(escalations.error());
    std::optional<Instant> first_escalation;
    int escalation_count = 0;
    for (const EscalationRecord& e : *escalations) {
      if (e.type == core::ToString(core::EscalationType::kDeescalation)) {
        ++report_.deescalations;
        continue;
      }
      ++escalation_count;
      ++k.escalations;
      ++k.escalations_by_type[e.type];
      ++k.escalations_by_level[e.to_level];
      ++report_.escalations_by_team[e.to_team];
      if (!first_escalation) first_escalation = e.at;
    }
    if (first_escalation) {
      ++k.escalated_tickets;
      to_escalate_.push_back((*first_escalation - t.created_at).count());
    }

    auto fired = tx.Fired(t.id);
    if (!fired) return std::unexpected(fired.error());
    for (const FiredRecord& f : *fired) {
      ++k.decisions;
      ++k.decisions_by_trigger[f.trigger];
    }

    const std::int64_t breached_before = k.tickets_breached;
    auto events = tx.Events(t.id);
    if (!events) return std::unexpected(events.error());
    const core::TicketFacts facts = BuildFacts(t, *events, {});
    const core::SlaPolicy* sla = core::SelectSlaPolicy(
        policy_.sla, core::SlaFacts{facts.tier, facts.priority, facts.category, facts.channel});
    if (sla && !facts.history.empty()) {
      auto clocks = core::ReplaySla(*sla, policy_, facts.history);
      if (clocks) {
        core::CountSlaOutcome(*clocks, std::max(now_, facts.history.back().at), t.priority, k);
      } else {
        ++report_.sla_unmeasured;
      }
    }
    if (rows_) {
      if (report_.tickets.size() >= kMaxReportRows) {
        return std::unexpected(core::Error::Invalid(
            fmt::format("the range holds more than {} tickets; export a shorter range",
                        kMaxReportRows),
            "from"));
      }
      report_.tickets.push_back(TicketReportRow{
          t.key, t.created_at, t.customer_id, t.category, t.priority,
          std::string(core::ToString(t.status)), t.team, t.level, escalation_count,
          first_escalation, t.resolved_at, k.tickets_breached > breached_before,
          t.root_cause_category, t.csat_rating});
    }
    return {};
  }

  void Finish() {
    auto& k = report_.kpis;
    k.time_to_escalate = core::Summarize(to_escalate_);
    k.time_to_resolve = core::Summarize(to_resolve_);
    k.last_instant = now_;
    for (const auto& [category, count] : root_causes_) {
      report_.root_causes.push_back(RootCauseCount{category, count});
    }
    std::stable_sort(report_.root_causes.begin(), report_.root_causes.end(),
                     [](const RootCauseCount& a, const RootCauseCount& b) {
                       return a.tickets > b.tickets;
                     });
    if (report_.root_causes.size() > kTopRootCauses) report_.root_causes.resize(kTopRootCauses);
  }

 private:
  const core::Policy& policy_;
  KpiReport& report_;
  Instant now_;
  bool rows_;
  std::vector<std::int64_t> to_escalate_, to_resolve_;
  std::map<std::string, std::int64_t> root_causes_;
};

}  // namespace

std::optional<double> CsatSummary::Average() const {
  if (responses == 0) return std::nullopt;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < by_rating.size(); ++i) {
    sum += by_rating[i] * static_cast<std::int64_t>(i + 1);
  }
  return static_cast<double>(sum) / static_cast<double>(responses);
}

std::optional<double> KpiReport::EscalationRate() const {
  if (kpis.tickets == 0) return std::nullopt;
  return static_cast<double>(kpis.escalated_tickets) / static_cast<double>(kpis.tickets);
}

Result<KpiReport> ReportService::Kpis(const Actor& actor, const ReportQuery& query) {
  if (!IsSupervisorOrAbove(actor)) {
    return std::unexpected(
        core::Error::Forbidden("reports are for supervisors, managers and admins"));
  }
  KpiReport report;
  report.computed_at = context_.clock.Now();
  report.to = query.to.value_or(report.computed_at);
  report.from = query.from.value_or(report.to - std::chrono::days(30));
  if (report.from >= report.to) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the range is empty: from {} is not before to {}", core::FormatRfc3339(report.from, core::Seconds{0}),
                    core::FormatRfc3339(report.to, core::Seconds{0})),
        "from"));
  }
  if (report.to - report.from > kMaxReportRange) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("a report covers at most {} days", kMaxReportRange.count() / 86400), "from"));
  }
  auto policy = context_.policies.Current();
  ReportBuilder builder(*policy, report, report.computed_at, query.with_tickets);
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    TicketFilter filter;
    filter.created_from = report.from;
    filter.created_to = report.to;
    filter.sort = TicketFilter::Sort::kOldest;
    filter.limit = kPage;
    for (;;) {
      auto page = tx.ListTickets(filter);
      if (!page) return std::unexpected(page.error());
      for (const TicketRecord& ticket : *page) {
        if (auto added = builder.Add(tx, ticket); !added) return added;
      }
      if (page->size() < static_cast<std::size_t>(kPage)) return {};
      filter.after_id = page->back().id;
    }
  });
  if (!read) return std::unexpected(read.error());
  builder.Finish();
  return report;
}

}  // namespace esc::app
