#include "app/service/live_events.h"

#include <fmt/format.h>

namespace esc::app {

std::string LiveEvents::Subscription::Take() {
  std::lock_guard lock(mutex);
  std::string out;
  if (lagged) {
    out += "event: lagged\ndata: {}\n\n";
    lagged = false;
  }
  for (auto& frame : frames) out += frame;
  frames.clear();
  return out;
}

void LiveEvents::Subscription::OnReady(std::function<void()> wake_fn) {
  bool pending = false;
  {
    std::lock_guard lock(mutex);
    wake = std::move(wake_fn);
    pending = !frames.empty();
  }
  if (pending) wake();
}

std::shared_ptr<LiveEvents::Subscription> LiveEvents::Subscribe(
    std::function<const std::string*(const LiveEvent&)> filter) {
  auto subscription = std::make_shared<Subscription>();
  subscription->filter = std::move(filter);
  std::lock_guard lock(mutex_);
  subscribers_.push_back(subscription);
  return subscription;
}

void LiveEvents::Publish(LiveEvent event) {
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard lock(mutex_);
    event.sequence = ++sequence_;
    std::erase_if(subscribers_, [&](const std::weak_ptr<Subscription>& weak) {
      auto subscriber = weak.lock();
      if (!subscriber) return true;
      targets.push_back(std::move(subscriber));
      return false;
    });
  }
  for (auto& subscriber : targets) {
    const std::string* data = subscriber->filter(event);
    if (!data) continue;
    std::string frame =
        fmt::format("id: {}\nevent: {}\ndata: {}\n\n", event.sequence, event.type, *data);
    std::function<void()> wake;
    {
      std::lock_guard lock(subscriber->mutex);
      if (subscriber->frames.size() >= kMaxQueued) {
        subscriber->frames.pop_front();
        subscriber->lagged = true;
      }
      subscriber->frames.push_back(std::move(frame));
      wake = subscriber->wake;
    }
    if (wake) wake();
  }
}

}  // namespace esc::app
