// Saved views: each user keeps named ticket-list queries (a queue's filters and sort) to
// come back to from the web app. The query is stored as the query string of
// GET /api/v1/tickets; the API checks it with the list's own parser before they reach
// this service, so a saved view always runs. A user sees and deletes only their own.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"

namespace esc::app {

inline constexpr std::size_t kMaxSavedViews = 100;       // per user
inline constexpr std::size_t kMaxSavedViewName = 80;     // characters (bytes of UTF-8)

class SavedViews {
 public:
  explicit SavedViews(ServiceContext& context) : context_(context) {}

  Result<std::vector<SavedViewRecord>> List(const Actor& actor);
  // Invalid: a blank or over-long name; Conflict: the name is taken, or the user has
  // kMaxSavedViews already.
  Result<SavedViewRecord> Create(const Actor& actor, std::string name,
                                 std::string query);
  Result<void> Delete(const Actor& actor, Id id);  // NotFound: not one of theirs

 private:
  ServiceContext& context_;
};

}  // namespace esc::app
