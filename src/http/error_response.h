// The JSON error responses the server writes on its own behalf (malformed request, body or
// headers too large, a handler that threw): {"error":{"code":..,"message":..,"field":null}},
// the same shape the API uses for its errors, so clients parse one format. Beast-free.
#pragma once

#include <string>
#include <string_view>

#include "http/http_types.h"

namespace esc::http {

// The JSON text; `message` is escaped as JSON requires.
std::string ErrorJson(std::string_view code, std::string_view message);

// A Response with that body and content type application/json.
Response ErrorResponse(int status, std::string_view code, std::string_view message);

// What a handler that threw is answered with: 500 {"error":{"code":"internal",...}}.
Response InternalErrorResponse();

}  // namespace esc::http
