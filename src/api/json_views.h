// How the API shows the service's records as JSON (snake_case, instants as RFC 3339 in
// UTC). Tickets have two views: the staff view with everything, and the customer view
// without internal detail (no team, assignee, internal tags or trail).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "app/service/intake_records.h"
#include "app/service/records.h"

namespace esc::api {

std::string Time(app::Instant t);
nlohmann::json Time(const std::optional<app::Instant>& t);

nlohmann::json TicketJson(const app::TicketRecord& t, bool customer_view);
// An escalation waiting under a policy limit; null when none waits.
nlohmann::json QueuedEscalationJson(const std::optional<app::QueuedEscalation>& q);
nlohmann::json MessageJson(const app::MessageRecord& m);
nlohmann::json EscalationJson(const app::EscalationRecord& e);
nlohmann::json EventJson(const app::AuditEvent& e);
nlohmann::json UserJson(const app::UserRecord& u);
nlohmann::json CustomerJson(const app::CustomerRecord& c);
nlohmann::json LinkJson(const app::LinkRecord& l);
nlohmann::json OutboxJson(const app::OutboxRecord& o);
nlohmann::json ApiTokenJson(const app::ApiTokenRecord& t);
nlohmann::json AttachmentJson(const app::AttachmentRecord& a);  // without the content
nlohmann::json QuarantineJson(const app::QuarantineRecord& q);  // without the raw bytes

}  // namespace esc::api
