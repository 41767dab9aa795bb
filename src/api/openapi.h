// The OpenAPI 3 document served at /api/openapi.json, generated from the route table so
// it never lists an endpoint that does not exist or misses one that does.
#pragma once

#include <nlohmann/json.hpp>

#include "api/routes.h"

namespace esc::api {

nlohmann::json OpenApiDocument(const Routes& routes);

}  // namespace esc::api
