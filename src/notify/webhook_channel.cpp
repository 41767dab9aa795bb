#include "notify/webhook_channel.h"

#include <fmt/format.h>

#include "notify/curl_error.h"
#include "notify/webhook_signature.h"

namespace esc::notify {

namespace {

std::size_t Discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

std::string OneLine(std::string value) {
  for (char& c : value) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return value;
}

}  // namespace

WebhookChannel::WebhookChannel(WebhookConfig config) : config_(std::move(config)) {}

DeliveryResult WebhookChannel::Send(const Notification& notification, core::Instant now) {
  return Post(WebhookBody(config_.format, notification), notification.idempotency_key, now);
}

DeliveryResult WebhookChannel::Post(const std::string& body, const std::string& idempotency_key,
                                    core::Instant now) {
  CURL* curl = curl_.get();
  curl_easy_reset(curl);  // keeps the connection cache; forgets the previous options
  const std::int64_t timestamp = core::ToEpochSeconds(now);
  CurlHeaders headers;
  headers.Add("Content-Type: application/json; charset=utf-8");
  headers.Add("Expect:");  // no 100-continue round trip for bodies over 1 KiB
  headers.Add("Idempotency-Key: " + OneLine(idempotency_key));
  headers.Add(fmt::format("X-Escalator-Timestamp: {}", timestamp));
  if (!config_.secret.empty()) {
    headers.Add("X-Escalator-Signature: " + SignWebhook(config_.secret, timestamp, body));
  }
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, config_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a 3xx: permanent
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return ClassifyCurlError(code, error);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  return ClassifyHttpStatus(status);
}

}  // namespace esc::notify
