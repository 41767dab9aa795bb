#include "notify/template_set.h"

#include <fmt/format.h>

#include <fstream>
#include <mstch/mstch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/text/html_escape.h"

namespace esc::notify {

namespace {

using nlohmann::json;

using core::HtmlEscape;

// JSON -> mstch context; strings escaped for HTML when asked.
mstch::node ToNode(const json& value, bool html) {
  switch (value.type()) {
    case json::value_t::object: {
      mstch::map map;
      for (const auto& [key, item] : value.items()) map.emplace(key, ToNode(item, html));
      return map;
    }
    case json::value_t::array: {
      mstch::array array;
      for (const auto& item : value) array.push_back(ToNode(item, html));
      return array;
    }
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      return html ? HtmlEscape(text) : text;
    }
    case json::value_t::boolean:
      return value.get<bool>();
    case json::value_t::null:
    case json::value_t::discarded:
      return false;
    default:
      return value.dump();  // numbers as written
  }
}

void DisableMstchEscaping() {
  // mstch escapes through one global function; we escape the context instead (see the
  // header), which keeps rendering free of shared mutable state.
  static std::once_flag once;
  std::call_once(once, [] { mstch::config::escape = [](const std::string& s) { return s; }; });
}

bool ValidKind(std::string_view kind) {
  if (kind.empty()) return false;
  for (const char c : kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string OneLine(const std::string& text) {
  std::string out;
  for (const char c : text) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

std::optional<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TemplateSet::TemplateSet(std::filesystem::path default_dir, std::filesystem::path override_dir)
    : default_dir_(std::move(default_dir)), override_dir_(std::move(override_dir)) {
  DisableMstchEscaping();
}

std::optional<std::string> TemplateSet::Load(const std::string& file) const {
  if (!override_dir_.empty()) {
    if (auto text = ReadText(override_dir_ / file)) return text;
  }
  return ReadText(default_dir_ / file);
}

core::Result<RenderedText> TemplateSet::Render(std::string_view kind,
                                               const nlohmann::json& context) const {
  if (!ValidKind(kind)) {
    return std::unexpected(core::Error::Invalid(fmt::format("bad notification kind '{}'", kind)));
  }
  const std::string name(kind);
  const auto subject = Load(name + ".subject.mustache");
  const auto text = Load(name + ".txt.mustache");
  if (!subject || !text) {
    return std::unexpected(core::Error::NotFound(
        fmt::format("no subject or text template for notification kind '{}'", kind)));
  }
  const mstch::node plain = ToNode(context, false);
  RenderedText out;
  out.subject = OneLine(mstch::render(*subject, plain));
  out.text = mstch::render(*text, plain);
  if (const auto html = Load(name + ".html.mustache")) {
    out.html = mstch::render(*html, ToNode(context, true));
  }
  return out;
}

}  // namespace esc::notify
