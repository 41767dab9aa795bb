#include "notify/delivery_result.h"

#include <fmt/format.h>

namespace esc::notify {

DeliveryResult ClassifyHttpStatus(long status) {
  if (status >= 200 && status < 300) return DeliveryResult::Sent();
  const std::string why = fmt::format("HTTP {}", status);
  if (status == 408 || status == 425 || status == 429 || status >= 500) {
    return DeliveryResult::Retryable(why);
  }
  return DeliveryResult::Permanent(why);
}

DeliveryResult ClassifySmtpReply(long code, std::string detail) {
  std::string why = fmt::format("SMTP {}: {}", code, detail);
  if (code >= 400 && code < 500) return DeliveryResult::Retryable(std::move(why));
  return DeliveryResult::Permanent(std::move(why));
}

}  // namespace esc::notify
