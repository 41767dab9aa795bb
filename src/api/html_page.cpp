#include "api/html_page.h"

#include <fmt/format.h>

#include "core/text/html_escape.h"

namespace esc::api {

http::Response HtmlPage(int status, const std::string& title, const std::string& body_html,
                        const std::string& css) {
  http::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.headers = {{"Cache-Control", "no-store"},
                      {"Referrer-Policy", "no-referrer"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"X-Frame-Options", "DENY"},
                      {"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                       "frame-ancestors 'none'"}};
  response.body = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title><style>"
      "body{{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;"
      "color:#1a1a1a}}a.star{{display:inline-block;margin:.2rem;padding:.5rem .9rem;"
      "border:1px solid #555;border-radius:.4rem;color:#1a1a1a;text-decoration:none}}"
      "textarea{{width:100%;min-height:6rem}}button{{padding:.5rem 1rem}}{}</style></head>"
      "<body><main><h1>{}</h1>{}</main></body></html>\n",
      core::HtmlEscape(title), css, core::HtmlEscape(title), body_html);
  return response;
}

}  // namespace esc::api
