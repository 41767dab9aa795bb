// Reading a JSON request body strictly: it must be one JSON object (valid UTF-8, which
// the parser checks), each field of the type the endpoint expects, and no field the
// endpoint does not know (a typo is an error, not silently ignored). Errors name the
// field and say what was expected; the caller answers them with 400.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace esc::api {

// The number of a ticket reference: "42" or "ESC-42" (positive); nullopt otherwise.
std::optional<std::int64_t> TicketNumber(std::string_view text);

class JsonBody {
 public:
  // An empty body counts as {} for endpoints whose fields are all optional.
  static core::Result<JsonBody> Parse(std::string_view text);

  core::Result<std::optional<std::string>> String(std::string_view field, bool required = false);
  core::Result<std::optional<std::int64_t>> Integer(std::string_view field, bool required = false);
  // A ticket: its id (an integer) or its key ("ESC-42", or "42").
  core::Result<std::optional<std::int64_t>> TicketRef(std::string_view field,
                                                      bool required = false);
  core::Result<std::optional<bool>> Bool(std::string_view field, bool required = false);
  core::Result<std::optional<std::vector<std::string>>> Strings(std::string_view field);
  // Invalid when the body has a field none of the getters asked for.
  core::Result<void> Finish() const;

 private:
  explicit JsonBody(nlohmann::json value) : value_(std::move(value)) {}
  const nlohmann::json* Field(std::string_view field);

  nlohmann::json value_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace esc::api
