// The policy the service runs, swappable at run time (SIGHUP, the admin API): readers
// take a shared snapshot, a reload replaces it only when the new files pass the check,
// and every version ever loaded stays available so escalations under way keep the
// version they started with (core::Evaluate's PolicyLookup).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/engine/evaluate.h"
#include "core/error.h"
#include "core/policy/policy.h"

namespace esc::app {

class PolicyHolder {
 public:
  // `path`: the policy file reloads read again.
  PolicyHolder(std::string path, core::Policy initial);

  std::shared_ptr<const core::Policy> Current() const;
  core::PolicyLookup Lookup() const;
  const std::string& path() const { return path_; }

  // Installs `next` (already checked) as the current policy.
  void Install(core::Policy next);

 private:
  std::string path_;
  mutable std::mutex mutex_;
  std::shared_ptr<const core::Policy> current_;
  std::map<std::string, std::shared_ptr<const core::Policy>, std::less<>> versions_;
};

}  // namespace esc::app
