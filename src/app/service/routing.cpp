#include "app/service/service_context.h"

namespace esc::app {

void Routing::Install(std::shared_ptr<const core::Policy> policy,
                      const std::vector<std::string>& held) {
  std::lock_guard lock(mutex_);
  policy_ = std::move(policy);
  router_ = std::make_unique<core::Router>(*policy_);
  for (const auto& person : held) router_->Hold(person);
}

std::string Routing::Assign(const std::string& team, Instant at) {
  std::lock_guard lock(mutex_);
  return router_ ? router_->Assign(team, at) : std::string();
}

void Routing::Release(const std::string& person) {
  std::lock_guard lock(mutex_);
  if (router_ && !person.empty()) router_->Release(person);
}

std::string Routing::OnCall(const std::string& team, Instant at) {
  std::lock_guard lock(mutex_);
  return router_ ? router_->OnCall(team, at) : std::string();
}

}  // namespace esc::app
