#include "app/service/policy_holder.h"

namespace esc::app {

PolicyHolder::PolicyHolder(std::string path, core::Policy initial) : path_(std::move(path)) {
  Install(std::move(initial));
}

std::shared_ptr<const core::Policy> PolicyHolder::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

core::PolicyLookup PolicyHolder::Lookup() const {
  return [this](std::string_view version) -> const core::Policy* {
    std::lock_guard lock(mutex_);
    auto it = versions_.find(version);
    return it == versions_.end() ? nullptr : it->second.get();
  };
}

void PolicyHolder::Install(core::Policy next) {
  auto policy = std::make_shared<const core::Policy>(std::move(next));
  std::lock_guard lock(mutex_);
  versions_.emplace(policy->version, policy);
  current_ = std::move(policy);
}

}  // namespace esc::app
