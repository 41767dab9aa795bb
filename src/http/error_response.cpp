#include "http/error_response.h"

#include <nlohmann/json.hpp>

// Key order as clients read it: code, message, field.
namespace esc::http {

std::string ErrorJson(std::string_view code, std::string_view message) {
  const nlohmann::ordered_json body = {
      {"error", {{"code", code}, {"message", message}, {"field", nullptr}}}};
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = ErrorJson(code, message);
  return response;
}

Response InternalErrorResponse() { return ErrorResponse(500, "internal", "internal error"); }

}  // namespace esc::http
