// The outcome of one delivery attempt, as the outbox worker needs it: sent, worth retrying
// later (the far side is down, slow or asks us to back off), or never going to work (the
// far side refused this message: bad address, bad credentials, a 4xx webhook answer).
// The reason is for a person reading the outbox row or the log.
#pragma once

#include <string>

namespace esc::notify {

enum class DeliveryStatus { kSent, kRetryable, kPermanent };

struct DeliveryResult {
  DeliveryStatus status = DeliveryStatus::kSent;
  std::string reason;  // empty when sent

  static DeliveryResult Sent() { return {}; }
  static DeliveryResult Retryable(std::string why) {
    return {DeliveryStatus::kRetryable, std::move(why)};
  }
  static DeliveryResult Permanent(std::string why) {
    return {DeliveryStatus::kPermanent, std::move(why)};
  }
  bool sent() const { return status == DeliveryStatus::kSent; }
};

// HTTP answer -> outcome: 2xx sent; 408, 425, 429 and 5xx retryable; other codes permanent.
DeliveryResult ClassifyHttpStatus(long status);

// SMTP reply code of a failed transaction -> outcome: 4xx retryable, 5xx (and anything
// else) permanent.
DeliveryResult ClassifySmtpReply(long code, std::string detail);

}  // namespace esc::notify
