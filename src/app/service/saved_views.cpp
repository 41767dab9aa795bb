#include "app/service/saved_views.h"

#include <fmt/format.h>

#include <algorithm>

namespace esc::app {
namespace {

std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Result<std::vector<SavedViewRecord>> SavedViews::List(const Actor& actor) {
  std::vector<SavedViewRecord> views;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.SavedViews(actor.user_id);
    if (!found) return std::unexpected(found.error());
    views = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return views;
}

Result<SavedViewRecord> SavedViews::Create(const Actor& actor, std::string name,
                                           std::string query) {
  name = Trimmed(name);
  if (name.empty()) return std::unexpected(core::Error::Invalid("name must not be blank", "name"));
  if (name.size() > kMaxSavedViewName) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("name has more than {} characters", kMaxSavedViewName), "name"));
  }
  SavedViewRecord view;
  view.user_id = actor.user_id;
  view.name = std::move(name);
  view.query = std::move(query);
  view.created_at = context_.clock.Now();
  auto write = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto existing = tx.SavedViews(actor.user_id);
    if (!existing) return std::unexpected(existing.error());
    if (std::any_of(existing->begin(), existing->end(),
                    [&](const SavedViewRecord& v) { return v.name == view.name; })) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("you already have a view named \"{}\"", view.name), "name"));
    }
    if (existing->size() >= kMaxSavedViews) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("you have {} saved views, the most there can be", kMaxSavedViews)));
    }
    auto id = tx.InsertSavedView(view);
    if (!id) return std::unexpected(id.error());
    view.id = *id;
    return {};
  });
  if (!write) return std::unexpected(write.error());
  return view;
}

Result<void> SavedViews::Delete(const Actor& actor, Id id) {
  return context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto deleted = tx.DeleteSavedView(actor.user_id, id);
    if (!deleted) return std::unexpected(deleted.error());
    if (!*deleted) {
      return std::unexpected(core::Error::NotFound(fmt::format("you have no view {}", id)));
    }
    return {};
  });
}

}  // namespace esc::app
