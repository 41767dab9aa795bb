#include "http/error_response.h"

#include <cstdio>

namespace esc::http {
namespace {

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

std::string ErrorJson(std::string_view code, std::string_view message) {
  std::string out = R"({"error":{"code":)";
  AppendJsonString(out, code);
  out += R"(,"message":)";
  AppendJsonString(out, message);
  out += R"(,"field":null}})";
  return out;
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
