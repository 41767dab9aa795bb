// What every use case of the service needs: the store, the policy, the clock, live
// events, the router (who takes a case) and the scheduler's hook. Built once by `serve`
// and shared; the use cases themselves hold no state.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "app/service/clock.h"
#include "app/service/live_events.h"
#include "app/service/policy_holder.h"
#include "app/service/store.h"
#include "core/engine/router.h"

namespace esc::app {

// The router for the current policy. Loads are seeded from the open tickets' assignees
// when the service starts and when the policy changes.
class Routing {
 public:
  // `policy` must stay alive as long as it is installed (the holder keeps every version).
  void Install(std::shared_ptr<const core::Policy> policy, const std::vector<std::string>& held);
  std::string Assign(const std::string& team, Instant at);
  void Release(const std::string& person);
  std::string OnCall(const std::string& team, Instant at);

 private:
  std::mutex mutex_;
  std::shared_ptr<const core::Policy> policy_;
  std::unique_ptr<core::Router> router_;
};

struct ServiceContext {
  Store& store;
  PolicyHolder& policies;
  Clock& clock;
  LiveEvents& live;
  Routing& routing;
  // Called after a commit with a ticket's next wake-up (nullopt: none).
  std::function<void(Id, std::optional<Instant>)> schedule;
  // Called after a commit with each audit event it stored (metrics, logs).
  std::function<void(const AuditEvent&)> observe;
  // Called after a commit that added outbox rows or put one back to pending (wakes the
  // outbox worker).
  std::function<void()> outbox_changed;
  // The signed feedback link for (ticket, customer user, expiry) in customer mail; empty:
  // the mail carries no link.
  std::function<std::string(Id ticket, Id user, Instant expires)> feedback_url;
  // The signed portal sign-in link for (ticket, customer user, expiry) in customer mail;
  // empty: the mail links to the ticket, where the customer signs in.
  std::function<std::string(Id ticket, Id user, Instant expires)> portal_url;
};

}  // namespace esc::app
