#include "app/simulation_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/history_pipeline.h"

namespace esc::app {
namespace {

// The ticket's priority and category as the policy must know them.
core::Result<void> Check(const core::HistoryTicket& t, const core::Policy& policy) {
  const auto& priorities = policy.priorities.order;
  if (!priorities.empty() &&
      std::find(priorities.begin(), priorities.end(), t.priority) == priorities.end()) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("priority \"{}\" is not one of the policy's priorities ({})", t.priority,
                    fmt::join(priorities, ", "))));
  }
  if (!policy.categories.empty() && !policy.FindCategory(t.category)) {
    std::vector<std::string> ids;
    for (const auto& c : policy.categories) ids.push_back(c.id);
    return std::unexpected(core::Error::Invalid(
        fmt::format("category \"{}\" is not one of the policy's categories ({})", t.category,
                    fmt::join(ids, ", "))));
  }
  return {};
}

}  // namespace

SimulationOutcome RunSimulation(std::istream& history, const core::Policy& policy,
                                const core::Policy* candidate, core::DecisionSink sink) {
  SimulationOutcome out;
  core::Simulator baseline(policy, std::move(sink));
  std::optional<core::Simulator> other;
  if (candidate) other.emplace(*candidate);
  auto fail = [&](std::string message) {
    ++out.error_count;
    if (out.errors.size() < kMaxErrors) out.errors.push_back(std::move(message));
  };
  HistoryPipeline pipeline(history);
  for (auto batch = pipeline.NextBatch(); !batch.empty(); batch = pipeline.NextBatch()) {
    for (ReadTicket& read : batch) {
      if (!read.ticket) {
        fail(read.ticket.error().message);
        continue;
      }
      core::HistoryTicket& ticket = *read.ticket;
      ++out.tickets_read;
      auto checked = Check(ticket, policy);
      if (checked && candidate) checked = Check(ticket, *candidate);
      if (!checked) {
        fail(fmt::format("line {}: {}", read.line, checked.error().message));
        continue;
      }
      if (out.error_count > 0) continue;  // read on only to report every bad line
      if (other) {
        if (auto ok = other->Add(ticket); !ok) {
          fail(fmt::format("line {}: {}", read.line, ok.error().message));
          continue;
        }
      }
      if (auto ok = baseline.Add(std::move(ticket)); !ok) {
        fail(fmt::format("line {}: {}", read.line, ok.error().message));
      }
    }
  }
  if (out.error_count > 0) return out;
  if (auto ok = baseline.Finish(); !ok) fail(ok.error().message);
  if (other) {
    if (auto ok = other->Finish(); !ok) fail(ok.error().message);
  }
  out.report = baseline.report();
  out.events = baseline.events();
  if (other) {
    out.candidate = other->report();
  }
  return out;
}

SimulationOutcome RunSimulation(std::vector<core::HistoryTicket> tickets,
                                const core::Policy& policy, const core::Policy* candidate,
                                std::optional<core::Instant> until) {
  SimulationOutcome out;
  core::Simulator baseline(policy);
  std::optional<core::Simulator> other;
  if (candidate) other.emplace(*candidate);
  auto fail = [&](const std::string& id, const std::string& message) {
    ++out.error_count;
    if (out.errors.size() < kMaxErrors) out.errors.push_back(fmt::format("{}: {}", id, message));
  };
  for (auto& ticket : tickets) {
    ++out.tickets_read;
    auto checked = Check(ticket, policy);
    if (checked && candidate) checked = Check(ticket, *candidate);
    if (!checked) {
      fail(ticket.id, checked.error().message);
      continue;
    }
    if (out.error_count > 0) continue;  // on only to report every ticket that cannot run
    if (other) {
      if (auto ok = other->Add(ticket); !ok) {
        fail(ticket.id, ok.error().message);
        continue;
      }
    }
    const std::string id = ticket.id;
    if (auto ok = baseline.Add(std::move(ticket)); !ok) fail(id, ok.error().message);
  }
  if (out.error_count > 0) return out;
  if (auto ok = baseline.Finish(until); !ok) fail("history", ok.error().message);
  if (other) {
    if (auto ok = other->Finish(until); !ok) fail("history", ok.error().message);
  }
  out.report = baseline.report();
  out.events = baseline.events();
  if (other) out.candidate = other->report();
  return out;
}

}  // namespace esc::app
