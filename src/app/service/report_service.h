// Reports over live data: the KPIs `escalator simulate` computes for a history (the same
// core::SimulationReport, counted the same way), here for the tickets created in a date
// range: escalation rate by type, level and team, SLA attainment per target and priority,
// breaches, time to escalate and to resolve, plus what only live data has: the top root
// causes and customer feedback (CSAT). Optionally one row per ticket for CSV export.
// Supervisors and above only.
#pragma once

#include <array>
#include <functional>
#include <utility>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/service_context.h"
#include "core/simulation/report.h"

namespace esc::app {

struct ReportQuery {
  std::optional<Instant> from, to;  // defaults: the 30 days up to now
  std::optional<std::string> team;  // only the tickets this team holds now
  bool with_tickets = false;        // also one row per ticket
};

// The buckets of a report over time (by creation instant, UTC): days, ISO weeks from
// Monday, or calendar months. A bucket is cut to the report's range at both ends.
enum class ReportInterval { kDay, kWeek, kMonth };
// The most buckets one series may have.
inline constexpr std::size_t kMaxReportBuckets = 400;

struct RootCauseCount {
  std::string category;
  std::int64_t tickets = 0;
};

struct CsatSummary {
  std::int64_t responses = 0;
  std::array<std::int64_t, 5> by_rating{};  // index 0 = rating 1
  std::optional<double> Average() const;
};

// One ticket of the range as a report row.
struct TicketReportRow {
  std::string key;
  Instant created_at;
  Id customer_id = 0;
  std::string category, priority, status, team, level;
  int escalations = 0;
  std::optional<Instant> first_escalated_at, resolved_at;
  bool breached = false;  // missed an SLA target
  std::string root_cause_category;
  std::optional<int> csat_rating;
};

struct KpiReport {
  Instant from, to;   // tickets created in [from, to)
  Instant computed_at;
  core::SimulationReport kpis;
  std::map<std::string, std::int64_t> escalations_by_team;  // receiving team
  std::int64_t deescalations = 0;
  // Tickets whose SLA clocks the current policy cannot replay (e.g. a calendar it no
  // longer defines): counted in everything but SLA attainment.
  std::int64_t sla_unmeasured = 0;
  std::vector<RootCauseCount> root_causes;  // most frequent first, at most 10
  CsatSummary csat;
  std::vector<TicketReportRow> tickets;     // with_tickets only, in id order

  // Escalated tickets / tickets, or nullopt without tickets.
  std::optional<double> EscalationRate() const;
};

// The most tickets one per-ticket export may hold.
inline constexpr std::size_t kMaxReportRows = 100000;
// The longest range one report may cover.
inline constexpr core::Seconds kMaxReportRange{std::chrono::days(400)};

class ReportService {
 public:
  explicit ReportService(ServiceContext& context) : context_(context) {}

  // Errors: Forbidden below supervisor; Invalid (field "from") for from >= to, a range
  // over kMaxReportRange, or more than kMaxReportRows tickets to list.
  Result<KpiReport> Kpis(const Actor& actor, const ReportQuery& query);
  // The same KPIs per bucket of `interval`, in time order (for charts over time); each
  // bucket's from/to is its part of the range. Invalid (field "interval") beyond
  // kMaxReportBuckets.
  Result<std::vector<KpiReport>> Series(const Actor& actor, const ReportQuery& query,
                                        ReportInterval interval);

 private:
  // The checked range of `query` (errors as Kpis).
  Result<std::pair<Instant, Instant>> Range(const Actor& actor, const ReportQuery& query,
                                            Instant now);
  // Every ticket of the range (and team), in id order, to `add`; one read transaction.
  Result<void> ForEachTicket(const ReportQuery& query, Instant from, Instant to,
                             const std::function<Result<void>(StoreTx&, const TicketRecord&)>& add);

  ServiceContext& context_;
};

}  // namespace esc::app
