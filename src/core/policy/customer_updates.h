// What the customer is told, and how (the policy's `customer_updates:` section): an
// acknowledgement when a request comes in, a status update when it is escalated (never
// saying to whom or why), a progress update when the next-update target falls due, the
// resolution, and a request for feedback with a signed one-click link. Plain data; the
// service turns it into outbox rows (src/app/service/customer_updates.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esc::core {

enum class CustomerUpdate { kReceived, kEscalated, kProgress, kResolved, kFeedback };
std::string_view ToString(CustomerUpdate update);
std::optional<CustomerUpdate> ParseCustomerUpdate(std::string_view text);
// Every kind, in the order a case meets them.
const std::vector<CustomerUpdate>& AllCustomerUpdates();

struct CustomerUpdates {
  std::string via;  // the notification channel (an email channel)
  std::vector<CustomerUpdate> send = AllCustomerUpdates();
  std::chrono::seconds feedback_after{0};                    // after the resolution
  std::chrono::seconds feedback_link_valid{14 * 24 * 3600};  // the signed link's life

  bool Sends(CustomerUpdate update) const;
};

}  // namespace esc::core
