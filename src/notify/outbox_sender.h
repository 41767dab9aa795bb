// The notify side of the outbox worker's port (app/service/delivery_port.h): renders a
// resolved outbox row with the templates and sends it on the channel the policy names,
// a WebhookChannel or an SmtpChannel built from the channel's settings. Secrets named
// by environment variable (`secret_env`, `smtp.password_env`) are read when a sender
// first builds that channel; a variable that is not set fails the row permanently with
// a message naming it. Each sender (one per worker thread) keeps its channel objects,
// and so their connections, until the policy version changes.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <random>

#include "app/service/delivery_port.h"
#include "notify/template_set.h"

namespace esc::notify {

class OutboxDeliveryPort final : public app::DeliveryPort {
 public:
  // `random`: uniform in [0, 1) for the retry jitter; empty: a seeded Mersenne twister.
  explicit OutboxDeliveryPort(TemplateSet templates, std::function<double()> random = {});

  std::unique_ptr<app::NotificationSender> NewSender() override;
  // Exponential backoff with full jitter (retry_schedule.h), from `retry.backoff`
  // doubling per failed attempt, capped at `retry.max_backoff`.
  std::optional<core::Seconds> RetryDelay(const core::RetrySettings& retry,
                                          int failed_attempts) override;

 private:
  double Random();

  TemplateSet templates_;
  std::function<double()> random_;
  std::mutex random_mutex_;
  std::mt19937_64 engine_{std::random_device{}()};
};

}  // namespace esc::notify
