// Resolution with its root cause, management sign-off, customer feedback, knowledge and
// ticket links, and merging duplicates: the TicketService use cases that end a case.
#include <fmt/format.h>

#include "app/service/input_checks.h"
#include "app/service/ticket_service.h"

namespace esc::app {
namespace {

using core::TicketStatus;

bool Escalated(TicketChange& change) { return !change.escalations().empty(); }

bool IsWebUrl(const std::string& url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

}  // namespace

Result<TicketRecord> TicketService::Resolve(const Actor& actor, Id id, const Resolution& r) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff resolve tickets"));
  if (auto ok = CheckLength("root_cause_category", r.root_cause_category, 0, 100); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckLength("root_cause", r.root_cause, 0, 10000); !ok) {
    return std::unexpected(ok.error());
  }
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (core::IsClosed(t.status) || t.merged_into) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} is already {}", t.key, core::ToString(t.status)), "status"));
    }
    if (Escalated(change) && (r.root_cause_category.empty() || r.root_cause.empty())) {
      return std::unexpected(core::Error::Invalid(
          "an escalated ticket needs a root cause to resolve: root_cause_category and root_cause",
          r.root_cause_category.empty() ? "root_cause_category" : "root_cause"));
    }
    t.root_cause_category = r.root_cause_category;
    t.root_cause = r.root_cause;
    change.SetStatus(TicketStatus::kResolved);
    change.Event("resolved", {{"root_cause_category", r.root_cause_category},
                              {"root_cause", r.root_cause},
                              {"escalated", Escalated(change)}});
    if (t.signoff_required) {
      t.signoff_state = "pending";
      change.Event("signoff_requested", nlohmann::json::object());
    }
    return {};
  });
}

Result<TicketRecord> TicketService::SignOff(const Actor& actor, Id id, bool approve,
                                            const std::string& comment) {
  auto policy = context_.policies.Current();
  if (!MayApprove(*policy, actor)) {
    return std::unexpected(core::Error::Forbidden(
        "management sign-off needs a manager, an escalation manager or a level with may_approve"));
  }
  if (auto ok = CheckLength("comment", comment, approve ? 0 : 1, 4000); !ok) {
    return std::unexpected(ok.error());
  }
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (t.signoff_state != "pending") {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} has no sign-off pending", t.key), "signoff"));
    }
    t.signoff_state = approve ? "approved" : "rejected";
    change.Event(approve ? "signoff_approved" : "signoff_rejected", {{"comment", comment}});
    if (!approve) change.SetStatus(TicketStatus::kReopened);  // the work is not done
    return {};
  });
}

Result<TicketRecord> TicketService::Feedback(const Actor& actor, Id id, int rating,
                                             const std::string& comment) {
  if (!actor.customer()) {
    return std::unexpected(core::Error::Forbidden("feedback comes from the customer"));
  }
  if (rating < 1 || rating > 5) {
    return std::unexpected(
        core::Error::Invalid(fmt::format("rating {} is not between 1 and 5", rating), "rating"));
  }
  if (auto ok = CheckLength("comment", comment, 0, 4000); !ok) return std::unexpected(ok.error());
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (!core::IsClosed(t.status)) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} is not resolved yet: feedback comes after the resolution", t.key)));
    }
    if (t.signoff_state == "pending") {
      return std::unexpected(core::Error::Conflict(fmt::format(
          "{} awaits management sign-off: feedback opens once the resolution is approved", t.key)));
    }
    if (t.csat_rating) {
      return std::unexpected(
          core::Error::Conflict(fmt::format("feedback for {} was already given", t.key), "rating"));
    }
    t.csat_rating = rating;
    t.csat_comment = comment;
    change.Event("feedback", {{"rating", rating}, {"comment", comment}});
    return {};
  });
}

Result<TicketRecord> TicketService::FeedbackComment(const Actor& actor, Id id,
                                                    const std::string& comment) {
  if (!actor.customer()) {
    return std::unexpected(core::Error::Forbidden("feedback comes from the customer"));
  }
  if (auto ok = CheckLength("comment", comment, 1, 4000); !ok) return std::unexpected(ok.error());
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (!t.csat_rating) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} has no rating yet: rate it first", t.key), "comment"));
    }
    if (!t.csat_comment.empty()) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("the feedback for {} already has a comment", t.key), "comment"));
    }
    t.csat_comment = comment;
    change.Event("feedback_comment", {{"comment", comment}});
    return {};
  });
}

Result<LinkRecord> TicketService::AddLink(const Actor& actor, Id id, LinkRecord link) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff link tickets"));
  static const std::vector<std::string> kinds = {"knowledge", "related", "parent", "child"};
  if (auto ok = CheckOneOf("kind", link.kind, kinds); !ok) return std::unexpected(ok.error());
  if (link.kind == "knowledge") {
    if (auto ok = CheckLength("title", link.title, 1, 200); !ok) return std::unexpected(ok.error());
    if (auto ok = CheckLength("url", link.url, 1, 2000); !ok) return std::unexpected(ok.error());
    if (!IsWebUrl(link.url)) {
      return std::unexpected(core::Error::Invalid("url must start with http:// or https://", "url"));
    }
    link.other_ticket.reset();
  } else if (!link.other_ticket) {
    return std::unexpected(core::Error::Invalid("ticket_id of the other ticket is required", "ticket_id"));
  } else if (*link.other_ticket == id) {
    return std::unexpected(core::Error::Invalid("a ticket cannot link to itself", "ticket_id"));
  }
  auto changed = Change(actor, id, [&](TicketChange& change) -> Result<void> {
    auto& tx = change.tx();
    link.ticket_id = id;
    link.at = change.now();
    link.by = actor.username;
    if (link.other_ticket) {
      auto other = Find(tx, actor, *link.other_ticket);
      if (!other) {
        return std::unexpected(core::Error::NotFound(
            fmt::format("no ticket {} to link to", *link.other_ticket), "ticket_id"));
      }
      link.title = other->key;
      LinkRecord back = link;
      back.ticket_id = other->id;
      back.other_ticket = id;
      back.title = change.ticket().key;
      back.kind = link.kind == "parent" ? "child" : link.kind == "child" ? "parent" : "related";
      if (auto ok = tx.InsertLink(back); !ok) return std::unexpected(ok.error());
      if (auto ok = tx.AppendEvent(AuditEvent{0, other->id, change.now(), actor.username,
                                              "link_added",
                                              nlohmann::json{{"kind", back.kind},
                                                             {"ticket_id", id}}
                                                  .dump()});
          !ok) {
        return std::unexpected(ok.error());
      }
    }
    auto link_id = tx.InsertLink(link);
    if (!link_id) return std::unexpected(link_id.error());
    link.id = *link_id;
    change.Event("link_added", {{"kind", link.kind},
                                {"title", link.title},
                                {"url", link.url},
                                {"ticket_id", link.other_ticket ? nlohmann::json(*link.other_ticket)
                                                                : nlohmann::json()}});
    return {};
  });
  if (!changed) return std::unexpected(changed.error());
  return link;
}

Result<std::vector<LinkRecord>> TicketService::Links(const Actor& actor, Id id) {
  std::vector<LinkRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto links = tx.Links(id);
    if (!links) return std::unexpected(links.error());
    result = std::move(*links);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<TicketRecord> TicketService::Merge(const Actor& actor, Id id, Id into) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff merge tickets"));
  if (id == into) {
    return std::unexpected(core::Error::Invalid("a ticket cannot be merged into itself", "into"));
  }
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    auto& tx = change.tx();
    TicketRecord& t = change.ticket();
    if (t.merged_into) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} was already merged into ESC-{}", t.key, *t.merged_into)));
    }
    auto target = Find(tx, actor, into);
    if (!target) {
      return std::unexpected(core::Error::NotFound(fmt::format("no ticket {}", into), "into"));
    }
    if (target->merged_into) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} was itself merged into ESC-{}", target->key, *target->merged_into), "into"));
    }
    t.merged_into = into;
    if (!core::IsClosed(t.status)) change.SetStatus(TicketStatus::kClosed);
    change.Event("merged_into", {{"ticket_id", into}, {"key", target->key}});
    LinkRecord link{0, id, "duplicate_of", target->key, "", into, change.now(), actor.username};
    if (auto ok = tx.InsertLink(link); !ok) return std::unexpected(ok.error());
    if (auto ok = tx.AppendEvent(AuditEvent{0, into, change.now(), actor.username, "merged",
                                            nlohmann::json{{"ticket_id", id}, {"key", t.key}}.dump()});
        !ok) {
      return std::unexpected(ok.error());
    }
    return {};
  });
}

}  // namespace esc::app
