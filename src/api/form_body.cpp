#include "api/form_body.h"

#include <fmt/format.h>

#include "intake/charset.h"
#include "http/request_target.h"

namespace esc::api {

core::Result<std::map<std::string, std::string, std::less<>>> ParseFormBody(
    std::string_view body, std::initializer_list<std::string_view> known) {
  std::map<std::string, std::string, std::less<>> fields;
  while (!body.empty()) {
    const std::size_t end = body.find('&');
    const std::string_view pair = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto name = http::PercentDecode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : http::PercentDecode(pair.substr(eq + 1), true);
    if (!name || !value) {
      return std::unexpected(core::Error::Invalid(
          "the form data is not application/x-www-form-urlencoded (a broken %-escape or a NUL)",
          "body"));
    }
    bool expected = false;
    for (auto k : known) expected = expected || k == *name;
    if (!expected) {
      return std::unexpected(
          core::Error::Invalid(fmt::format("the form has no field \"{}\"", *name), *name));
    }
    if (!intake::IsValidUtf8(*value)) {
      return std::unexpected(
          core::Error::Invalid(fmt::format("the field {} is not valid UTF-8", *name), *name));
    }
    if (!fields.emplace(*name, std::move(*value)).second) {
      return std::unexpected(
          core::Error::Invalid(fmt::format("the field {} was sent twice", *name), *name));
    }
  }
  return fields;
}

}  // namespace esc::api
