#include "api/routes.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_body.h"

namespace esc::api {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

void Routes::Add(std::string method, std::string_view pattern, RouteHandler handler,
                 bool public_route) {
  auto segments = Split(pattern);
  for (auto& s : segments) {
    if (s.starts_with('{')) s = "{}";
  }
  routes_.push_back(Route{std::move(method), std::move(segments), std::move(handler), public_route});
}

Routes::Match Routes::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  const auto parts = Split(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    std::vector<std::string> params;
    bool same = true;
    for (std::size_t i = 0; i < parts.size() && same; ++i) {
      if (route.segments[i] == "{}") {
        if (parts[i].empty()) same = false;
        params.push_back(parts[i]);
      } else {
        same = route.segments[i] == parts[i];
      }
    }
    if (!same) continue;
    match.path_known = true;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      match.handler = &route.handler;
      match.public_route = route.public_route;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

std::vector<Routes::Listed> Routes::List() const {
  std::vector<Listed> out;
  for (const auto& route : routes_) {
    std::string pattern;
    for (const auto& segment : route.segments) pattern += "/" + segment;
    out.push_back({route.method, pattern, route.public_route});
  }
  return out;
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  http::Response response;
  response.status = status;
  response.body = body.dump();
  return response;
}

core::Result<app::Id> ParseId(const std::string& text) {
  if (auto id = TicketNumber(text)) return *id;
  return std::unexpected(core::Error::NotFound(
      fmt::format("\"{}\" is not a ticket id (a number or ESC-<number>)", text), "id"));
}

}  // namespace esc::api
