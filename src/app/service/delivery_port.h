// The outbox worker's port to the outside: what it hands a channel adapter (one outbox
// row, resolved and ready to render) and what it gets back. The app defines it; the
// notify adapters (src/notify/outbox_sender.h) implement it with templates, SMTP and
// webhooks, so the app never depends on them. A NotificationSender is used by one
// sender thread only (it may keep connections open); the DeliveryPort makes them and
// must be thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app/service/records.h"
#include "core/policy/policy.h"

namespace esc::app {

// One notification to deliver. `context` is the template context (a JSON object text):
// ticket {key, title, priority, status, team, level, url}, sla, escalation, team,
// explanation, ... (templates/notifications/README.md).
struct OutgoingNotification {
  Id outbox_id = 0;
  std::string kind;        // template kind: warning, escalated_to_team, notice, ...
  std::string channel_id;  // the policy's channel
  std::string address;     // email: the recipient's address; webhook: the recipient's name
  std::string ticket_key;
  std::string ticket_url;  // a link into the web app
  std::string context = "{}";
  Instant created_at;
};

enum class DeliveryStatus { kSent, kRetryable, kPermanent };

struct DeliveryOutcome {
  DeliveryStatus status = DeliveryStatus::kSent;
  std::string error;  // empty when sent
};

class NotificationSender {
 public:
  virtual ~NotificationSender() = default;
  // Delivers `n` on its channel as `policy` defines it, at `now`. A resend of the same
  // outbox row must be recognisable downstream (same idempotency key / Message-ID).
  virtual DeliveryOutcome Send(const OutgoingNotification& n, const core::Policy& policy,
                               Instant now) = 0;
};

class DeliveryPort {
 public:
  virtual ~DeliveryPort() = default;
  virtual std::unique_ptr<NotificationSender> NewSender() = 0;
  // The delay before the next attempt after `failed_attempts` (>= 1) failed attempts
  // under `retry`; nullopt: none left (the row is dead).
  virtual std::optional<core::Seconds> RetryDelay(const core::RetrySettings& retry,
                                                  int failed_attempts) = 0;
};

}  // namespace esc::app
