// Reading query parameters strictly (known names only, integers in range, booleans as
// true/false), with the same error shape as JSON bodies; and the limit/offset pair every
// list endpoint takes (limit 1-200, default 50: a larger page is refused, not truncated).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "http/http_types.h"

namespace esc::api {

core::Result<void> CheckQueryNames(const http::Request& request,
                                   std::initializer_list<std::string_view> known);
core::Result<std::optional<std::int64_t>> QueryInteger(const http::Request& request,
                                                       std::string_view name, std::int64_t min,
                                                       std::int64_t max);
core::Result<std::optional<bool>> QueryBool(const http::Request& request, std::string_view name);

// An instant: an RFC 3339 instant with an offset, or a date (midnight UTC starting it;
// with `end_of_day`, the midnight ending it, so a date as "to" includes that whole day).
core::Result<std::optional<core::Instant>> QueryInstant(const http::Request& request,
                                                        std::string_view name, bool end_of_day);

struct Page {
  int limit = 50;
  int offset = 0;
};
core::Result<Page> QueryPage(const http::Request& request);

}  // namespace esc::api
