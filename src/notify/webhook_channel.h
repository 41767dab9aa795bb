// Delivers notifications to an HTTP endpoint: a signed JSON POST (see webhook_signature.h)
// in the endpoint's format (webhook_body.h), with an `Idempotency-Key` that stays the same
// across retries of one outbox row. TLS peers are always verified. The result says
// whether to retry: connection failures, timeouts, 408/425/429 and 5xx are retryable,
// other 4xx permanent. One instance per worker thread: it keeps its connection open
// between sends (keep-alive), which is what makes a burst of notifications cheap.
#pragma once

#include <chrono>
#include <string>

#include "core/time.h"
#include "notify/curl_handle.h"
#include "notify/delivery_result.h"
#include "notify/notification.h"
#include "notify/webhook_body.h"

namespace esc::notify {

struct WebhookConfig {
  std::string url;                                 // http:// or https://
  WebhookFormat format = WebhookFormat::kGeneric;  // body layout
  std::string secret;                              // HMAC key; empty: no signature header
  std::string ca_file;                             // extra trust anchor; empty: system store
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{15000};  // the whole request
  std::string user_agent = "Escalator-Webhook/1";
};

class WebhookChannel {
 public:
  explicit WebhookChannel(WebhookConfig config);

  // Posts `notification`, signed with `now` as its timestamp.
  DeliveryResult Send(const Notification& notification, core::Instant now);

  // Sends an already formatted body (the benchmark and Send use it).
  DeliveryResult Post(const std::string& body, const std::string& idempotency_key,
                      core::Instant now);

 private:
  WebhookConfig config_;
  CurlHandle curl_;
};

}  // namespace esc::notify
