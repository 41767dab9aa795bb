// Notification texts from Mustache templates (libmstch). Each kind of notification has
// three files, `<kind>.subject.mustache`, `<kind>.txt.mustache` and (optional)
// `<kind>.html.mustache`; the defaults ship in `templates/notifications/`, and an
// override directory (beside the policy file) wins file by file, so an organisation can
// restyle the HTML and keep our text. Values are HTML-escaped in the HTML part only
// (whatever the tag: `{{x}}` and `{{{x}}}` both escape there), never in subject and text.
// Thread-safe: rendering reads the files and shares no state.
#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace esc::notify {

struct RenderedText {
  std::string subject;  // one line: line breaks folded, surrounding blanks trimmed
  std::string text;
  std::string html;  // empty when the kind has no HTML template
};

class TemplateSet {
 public:
  // `override_dir` empty: the defaults only.
  TemplateSet(std::filesystem::path default_dir, std::filesystem::path override_dir = {});

  // Renders `kind` with `context` (a JSON object: the outbox payload plus extras).
  // NotFound when the kind has no subject or text template; Invalid for a kind name that
  // is not [a-z0-9_]+.
  core::Result<RenderedText> Render(std::string_view kind, const nlohmann::json& context) const;

 private:
  // The file's text from the override directory if it has it, else from the defaults;
  // nullopt when neither has it.
  std::optional<std::string> Load(const std::string& file) const;

  std::filesystem::path default_dir_;
  std::filesystem::path override_dir_;
};

// The kinds the engine produces, each with default templates in the repository.
inline constexpr std::string_view kNotificationKinds[] = {
    "warning",           "escalated_to_you", "escalated_to_team", "breached",
    "signoff_requested", "customer_update",  "resolved_feedback", "notice",
    "digest"};

}  // namespace esc::notify
