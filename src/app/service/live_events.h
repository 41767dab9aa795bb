// Live ticket and escalation events for Server-Sent Events subscribers. The service
// publishes after a commit; each subscriber has a bounded queue and a filter deciding
// what it may see (a customer only their organisation's public events). A subscriber too
// slow to keep up loses its oldest events and is told so with a "lagged" event.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/service/records.h"

namespace esc::app {

struct LiveEvent {
  std::uint64_t sequence = 0;  // set by Publish, increasing
  std::string type;            // e.g. "ticket.created", "ticket.escalated"
  Id ticket_id = 0;
  Id customer_id = 0;
  bool internal = false;    // not for customers at all (notes, engine firings)
  std::string data;         // JSON object, for staff
  std::string public_data;  // JSON object without internal detail, for customers
};

class LiveEvents {
 public:
  class Subscription {
   public:
    // Frames ready for the client ("id: N\nevent: T\ndata: {...}\n\n"), oldest first.
    std::string Take();
    void OnReady(std::function<void()> wake);

   private:
    friend class LiveEvents;
    std::function<const std::string*(const LiveEvent&)> filter;
    std::mutex mutex;
    std::deque<std::string> frames;
    bool lagged = false;
    std::function<void()> wake;
  };

  // `filter` returns the data the subscriber may see of an event (event.data or
  // event.public_data), or nullptr to skip it.
  std::shared_ptr<Subscription> Subscribe(
      std::function<const std::string*(const LiveEvent&)> filter);
  void Publish(LiveEvent event);

 private:
  static constexpr std::size_t kMaxQueued = 1000;
  mutable std::mutex mutex_;
  std::uint64_t sequence_ = 0;
  std::vector<std::weak_ptr<Subscription>> subscribers_;
};

}  // namespace esc::app
