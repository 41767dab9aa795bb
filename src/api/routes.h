// The API's route table: METHOD + path pattern ("/api/v1/tickets/{id}/messages") to a
// handler. Handlers get the request, the path parameters in order and who is calling,
// and return a Response or an Error (which Api turns into the JSON error shape).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/service/account_service.h"
#include "core/error.h"
#include "http/http_types.h"

namespace esc::api {

struct Call {
  const http::Request& request;
  std::vector<std::string> params;            // the {...} segments, in order
  std::optional<app::Authenticated> caller;   // empty on public routes
  const app::Actor& actor() const { return caller->actor; }
};

using RouteHandler = std::function<core::Result<http::Response>(Call&)>;

class Routes {
 public:
  // `public_route`: no authentication needed.
  void Add(std::string method, std::string_view pattern, RouteHandler handler,
           bool public_route = false);

  struct Match {
    const RouteHandler* handler = nullptr;
    bool public_route = false;
    std::vector<std::string> params;
    bool path_known = false;  // some route has this path (405 instead of 404)
  };
  Match Find(std::string_view method, std::string_view path) const;

  struct Listed {
    std::string method;
    std::string pattern;  // with {} for parameters
    bool public_route;
  };
  std::vector<Listed> List() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" for a parameter
    RouteHandler handler;
    bool public_route;
  };
  std::vector<Route> routes_;
};

// Helpers for handlers.
http::Response JsonResponse(int status, const nlohmann::json& body);
// The ticket id of a path parameter: "42" or "ESC-42"; NotFound otherwise.
core::Result<app::Id> ParseId(const std::string& text);

}  // namespace esc::api
