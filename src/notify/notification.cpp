#include "notify/notification.h"

#include <string>

namespace esc::notify {

std::string IdempotencyKey(std::int64_t outbox_id) {
  return "escalator-outbox-" + std::to_string(outbox_id);
}

}  // namespace esc::notify
