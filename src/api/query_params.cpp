#include "api/query_params.h"

#include <fmt/format.h>

#include <charconv>

#include "core/rfc3339.h"

namespace esc::api {

core::Result<void> CheckQueryNames(const http::Request& request,
                                   std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query) {
    bool found = false;
    for (auto k : known) found = found || k == name;
    if (!found) {
      std::string list;
      for (auto k : known) list += list.empty() ? std::string(k) : ", " + std::string(k);
      return std::unexpected(core::Error::Invalid(
          fmt::format("unknown query parameter \"{}\"; this endpoint takes: {}", name,
                      list.empty() ? "none" : list),
          name));
    }
  }
  return {};
}

core::Result<std::optional<std::int64_t>> QueryInteger(const http::Request& request,
                                                       std::string_view name, std::int64_t min,
                                                       std::int64_t max) {
  auto text = request.Query(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("{} must be an integer from {} to {}, not \"{}\"", name, min, max, *text),
        std::string(name)));
  }
  return value;
}

core::Result<std::optional<bool>> QueryBool(const http::Request& request, std::string_view name) {
  auto text = request.Query(name);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  return std::unexpected(core::Error::Invalid(
      fmt::format("{} must be true or false, not \"{}\"", name, *text), std::string(name)));
}

core::Result<Page> QueryPage(const http::Request& request) {
  Page page;
  auto limit = QueryInteger(request, "limit", 1, 200);
  if (!limit) return std::unexpected(limit.error());
  auto offset = QueryInteger(request, "offset", 0, 1000000);
  if (!offset) return std::unexpected(offset.error());
  if (*limit) page.limit = static_cast<int>(**limit);
  if (*offset) page.offset = static_cast<int>(**offset);
  return page;
}

core::Result<std::optional<core::Instant>> QueryInstant(const http::Request& r, std::string_view name,
                                                        bool end_of_day) {
  auto text = r.Query(name);
  if (!text) return std::nullopt;
  if (text->size() == 10) {
    auto day = core::ParseDate(*text);
    if (day) {
      auto midnight = core::Instant{date::sys_days(*day).time_since_epoch()};
      return end_of_day ? midnight + std::chrono::days(1) : midnight;
    }
  }
  auto parsed = core::ParseDateTime(*text);
  if (!parsed || !parsed->utc_offset) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("{} must be a date (2026-11-01) or an RFC 3339 instant with an offset "
                    "(2026-11-01T00:00:00Z)",
                    name),
        std::string(name)));
  }
  return core::ToInstant(*parsed);
}

}  // namespace esc::api
