#include "app/service/report_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <tuple>

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

Result<std::pair<Instant, Instant>> ReportService::Range(const Actor& actor,
                                                        const ReportQuery& query, Instant now) {
  if (!IsSupervisorOrAbove(actor)) {
    return std::unexpected(
        core::Error::Forbidden("reports are for supervisors, managers and admins"));
  }
  const Instant to = query.to.value_or(now);
  const Instant from = query.from.value_or(to - std::chrono::days(30));
  if (from >= to) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the range is empty: from {} is not before to {}",
                    core::FormatRfc3339(from, core::Seconds{0}),
                    core::FormatRfc3339(to, core::Seconds{0})),
        "from"));
  }
  if (to - from > kMaxReportRange) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("a report covers at most {} days", kMaxReportRange.count() / 86400), "from"));
  }
  if (query.team && !context_.policies.Current()->FindTeam(*query.team)) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the policy has no team \"{}\"", *query.team), "team"));
  }
  return std::pair{from, to};
}

Result<void> ReportService::ForEachTicket(
    const ReportQuery& query, Instant from, Instant to,
    const std::function<Result<void>(StoreTx&, const TicketRecord&)>& add) {
  return context_.store.Read([&](StoreTx& tx) -> Result<void> {
    TicketFilter filter;
    filter.created_from = from;
    filter.created_to = to;
    filter.team = query.team;
    filter.sort = TicketFilter::Sort::kOldest;
    filter.limit = kPage;
    for (;;) {
      auto page = tx.ListTickets(filter);
      if (!page) return std::unexpected(page.error());
      for (const TicketRecord& ticket : *page) {
        if (auto added = add(tx, ticket); !added) return added;
      }
      if (page->size() < static_cast<std::size_t>(kPage)) return {};
      filter.after_id = page->back().id;
    }
  });
}

Result<KpiReport> ReportService::Kpis(const Actor& actor, const ReportQuery& query) {
  KpiReport report;
  report.computed_at = context_.clock.Now();
  auto range = Range(actor, query, report.computed_at);
  if (!range) return std::unexpected(range.error());
  std::tie(report.from, report.to) = *range;
  auto policy = context_.policies.Current();
  ReportBuilder builder(*policy, report, report.computed_at, query.with_tickets);
  auto read = ForEachTicket(query, report.from, report.to,
                            [&](StoreTx& tx, const TicketRecord& t) { return builder.Add(tx, t); });
  if (!read) return std::unexpected(read.error());
  builder.Finish();
  return report;
}

namespace {

// The start of the bucket after the one holding `at`.
Instant NextBucket(Instant at, ReportInterval interval) {
  using namespace std::chrono;
  const auto day = floor<days>(at);
  switch (interval) {
    case ReportInterval::kDay:
      return Instant{(day + days(1)).time_since_epoch()};
    case ReportInterval::kWeek: {
      const weekday wd{day};
      const auto monday = day - (wd - Monday);
      return Instant{(monday + days(7)).time_since_epoch()};
    }
    case ReportInterval::kMonth: {
      const year_month_day ymd{day};
      const auto next = (ymd.year() / ymd.month() / 1) + months(1);
      return Instant{sys_days(next).time_since_epoch()};
    }
  }
  return at;
}

}  // namespace

Result<std::vector<KpiReport>> ReportService::Series(const Actor& actor,
                                                     const ReportQuery& query,
                                                     ReportInterval interval) {
  const Instant now = context_.clock.Now();
  auto range = Range(actor, query, now);
  if (!range) return std::unexpected(range.error());
  const auto [from, to] = *range;
  std::vector<KpiReport> buckets;
  for (Instant start = from; start < to;) {
    if (buckets.size() == kMaxReportBuckets) {
      return std::unexpected(core::Error::Invalid(
          fmt::format("a series has at most {} buckets: choose a longer interval or a "
                      "shorter range",
                      kMaxReportBuckets),
          "interval"));
    }
    KpiReport bucket;
    bucket.computed_at = now;
    bucket.from = start;
    bucket.to = std::min(NextBucket(start, interval), to);
    start = bucket.to;
    buckets.push_back(std::move(bucket));
  }
  auto policy = context_.policies.Current();
  std::vector<std::unique_ptr<ReportBuilder>> builders;
  for (auto& bucket : buckets) {
    builders.push_back(std::make_unique<ReportBuilder>(*policy, bucket, now, false));
  }
  std::size_t current = 0;  // tickets come in id order, so creation order up to ties
  auto read = ForEachTicket(query, from, to, [&](StoreTx& tx, const TicketRecord& t) {
    if (t.created_at < buckets[current].from || t.created_at >= buckets[current].to) {
      const auto it = std::upper_bound(
          buckets.begin(), buckets.end(), t.created_at,
          [](Instant at, const KpiReport& b) { return at < b.to; });
      current = static_cast<std::size_t>(it - buckets.begin());
    }
    return builders[current]->Add(tx, t);
  });
  if (!read) return std::unexpected(read.error());
  for (auto& builder : builders) builder->Finish();
  return buckets;
}

}  // namespace esc::app
