#include "app/service/outbox_digest.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/service/outbox_message.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

constexpr int kCandidatesPerRound = 500;

}  // namespace

Instant DigestWindowStart(Instant t, core::Seconds per) {
  const auto since_epoch = t.time_since_epoch();
  auto start = since_epoch - since_epoch % per;
  if (since_epoch.count() < 0 && since_epoch % per != core::Seconds{0}) start -= per;
  return Instant{std::chrono::duration_cast<core::Seconds>(start)};
}

Result<bool> BeyondAllowance(StoreTx& tx, const core::Policy& policy, const OutboxRecord& row) {
  const core::Channel* channel = policy.FindChannel(row.channel);
  if (!channel || !channel->digest || row.attempts > 0 || row.digest_id ||
      row.role == "customer" || row.role == "digest") {
    return false;
  }
  const Instant start = DigestWindowStart(row.due_at.value_or(row.send_at), channel->digest->per);
  auto alone = tx.CountAloneBefore(row, start, start + channel->digest->per);
  if (!alone) return std::unexpected(alone.error());
  return *alone >= channel->digest->after;
}

Result<std::size_t> FormDigests(StoreTx& tx, const core::Policy& policy, Instant now) {
  std::vector<std::string> channels;
  for (const auto& channel : policy.channels) {
    if (channel.digest) channels.push_back(channel.id);
  }
  if (channels.empty()) return 0;
  std::size_t folded = 0;
  for (;;) {
    auto rows = tx.DigestCandidates(now, channels, kCandidatesPerRound);
    if (!rows) return std::unexpected(rows.error());
    std::size_t folded_now = 0;
    for (const OutboxRecord& row : *rows) {
      auto beyond = BeyondAllowance(tx, policy, row);
      if (!beyond) return std::unexpected(beyond.error());
      if (!*beyond) continue;  // within the allowance: goes on its own
      const core::Channel::Digest& digest = *policy.FindChannel(row.channel)->digest;
      const Instant start = DigestWindowStart(row.due_at.value_or(row.send_at), digest.per);
      auto open = tx.FindOpenDigest(row.recipient, row.channel, start);
      if (!open) return std::unexpected(open.error());
      Id digest_id = open->value_or(0);
      if (!*open) {
        OutboxRecord d;
        d.ticket_id = 0;
        d.created_at = now;
        d.send_at = start + digest.per;
        d.due_at = start;
        d.event = "digest";
        d.recipient = row.recipient;
        d.role = "digest";
        d.channel = row.channel;
        d.payload = nlohmann::json{{"window_start", core::FormatRfc3339(start, {})},
                                   {"window_end", core::FormatRfc3339(start + digest.per, {})}}
                        .dump();
        auto id = tx.InsertOutbox(d);
        if (!id) return std::unexpected(id.error());
        digest_id = *id;
      }
      if (auto ok = tx.MarkDigested(row.id, digest_id); !ok) return std::unexpected(ok.error());
      ++folded_now;
    }
    folded += folded_now;
    // Rows left alone stay candidates until claimed: stop when a round folds nothing new
    // or the candidates are exhausted.
    if (rows->size() < static_cast<std::size_t>(kCandidatesPerRound) || folded_now == 0) break;
  }
  return folded;
}

Result<std::string> DigestContext(StoreTx& tx, const core::Policy& policy,
                                  const OutboxRecord& digest, const std::string& public_url) {
  auto rows = tx.DigestedRows(digest.id);
  if (!rows) return std::unexpected(rows.error());
  nlohmann::json items = nlohmann::json::array();
  for (const OutboxRecord& row : *rows) {
    auto ticket = tx.FindTicket(row.ticket_id);
    if (!ticket) return std::unexpected(ticket.error());
    const std::string key = *ticket ? (*ticket)->key : fmt::format("#{}", row.ticket_id);
    const std::string title = *ticket ? (*ticket)->subject : "";
    items.push_back(
        {{"ticket",
          {{"key", key},
           {"title", title},
           {"url", public_url.empty() ? "" : fmt::format("{}/tickets/{}", public_url, key)}}},
         {"event", row.event},
         {"kind", NotificationKind(policy, row)},
         {"at", core::FormatRfc3339(row.due_at.value_or(row.send_at), {})}});
  }
  const auto payload = nlohmann::json::parse(digest.payload, nullptr, false);
  auto text = [&](const char* key) {
    return payload.is_object() && payload.contains(key) && payload[key].is_string()
               ? payload[key].get<std::string>()
               : std::string();
  };
  const nlohmann::json context = {
      {"count", items.size()},
      {"more", items.size()},
      {"recipient", digest.recipient},
      {"role", "digest"},
      {"window", {{"start", text("window_start")}, {"end", text("window_end")}}},
      {"items", std::move(items)},
      {"url", public_url.empty() ? "" : public_url + "/tickets"}};
  return context.dump();
}

}  // namespace esc::app
