#include "api/json_body.h"

#include <fmt/format.h>

#include <charconv>

namespace esc::api {
namespace {

core::Error Wrong(std::string_view field, std::string_view expected, const nlohmann::json& got) {
  return core::Error::Invalid(
      fmt::format("{} must be {}, not {}", field, expected, got.type_name()), std::string(field));
}

core::Error Missing(std::string_view field) {
  return core::Error::Invalid(fmt::format("{} is required", field), std::string(field));
}

}  // namespace

core::Result<JsonBody> JsonBody::Parse(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return JsonBody(nlohmann::json::object());
  }
  try {
    auto value = nlohmann::json::parse(text);
    if (!value.is_object()) {
      return std::unexpected(core::Error::Invalid(
          fmt::format("the body must be a JSON object, not {}", value.type_name())));
    }
    return JsonBody(std::move(value));
  } catch (const nlohmann::json::parse_error& e) {
    return std::unexpected(core::Error::Invalid(fmt::format("the body is not valid JSON: {}", e.what())));
  }
}

const nlohmann::json* JsonBody::Field(std::string_view field) {
  known_.emplace(field);
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) return nullptr;
  return &*it;
}

core::Result<std::optional<std::string>> JsonBody::String(std::string_view field, bool required) {
  const auto* value = Field(field);
  if (!value) {
    if (required) return std::unexpected(Missing(field));
    return std::nullopt;
  }
  if (!value->is_string()) return std::unexpected(Wrong(field, "a string", *value));
  return value->get<std::string>();
}

core::Result<std::optional<std::int64_t>> JsonBody::Integer(std::string_view field, bool required) {
  const auto* value = Field(field);
  if (!value) {
    if (required) return std::unexpected(Missing(field));
    return std::nullopt;
  }
  if (!value->is_number_integer()) return std::unexpected(Wrong(field, "an integer", *value));
  return value->get<std::int64_t>();
}

std::optional<std::int64_t> TicketNumber(std::string_view text) {
  if (text.starts_with("ESC-")) text.remove_prefix(4);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

core::Result<std::optional<std::int64_t>> JsonBody::TicketRef(std::string_view field,
                                                              bool required) {
  const auto* value = Field(field);
  if (!value) {
    if (required) return std::unexpected(Missing(field));
    return std::nullopt;
  }
  if (value->is_number_integer() && value->get<std::int64_t>() > 0) {
    return value->get<std::int64_t>();
  }
  if (value->is_string()) {
    if (auto id = TicketNumber(value->get_ref<const std::string&>())) return *id;
  }
  return std::unexpected(Wrong(field, "a ticket id (a positive integer) or key (ESC-<number>)",
                               *value));
}

core::Result<std::optional<bool>> JsonBody::Bool(std::string_view field, bool required) {
  const auto* value = Field(field);
  if (!value) {
    if (required) return std::unexpected(Missing(field));
    return std::nullopt;
  }
  if (!value->is_boolean()) return std::unexpected(Wrong(field, "true or false", *value));
  return value->get<bool>();
}

core::Result<std::optional<std::vector<std::string>>> JsonBody::Strings(std::string_view field) {
  const auto* value = Field(field);
  if (!value) return std::nullopt;
  if (!value->is_array()) return std::unexpected(Wrong(field, "an array of strings", *value));
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string()) return std::unexpected(Wrong(field, "an array of strings", *value));
    out.push_back(item.get<std::string>());
  }
  if (out.size() > 100) {
    return std::unexpected(core::Error::Invalid(fmt::format("{} has more than 100 items", field),
                                                std::string(field)));
  }
  return out;
}

core::Result<void> JsonBody::Finish() const {
  for (const auto& [key, value] : value_.items()) {
    if (!known_.contains(key)) {
      std::string expected;
      for (const auto& k : known_) expected += expected.empty() ? k : ", " + k;
      return std::unexpected(core::Error::Invalid(
          fmt::format("unknown field \"{}\"; this endpoint takes: {}", key,
                      expected.empty() ? "no fields" : expected),
          key));
    }
  }
  return {};
}

}  // namespace esc::api
