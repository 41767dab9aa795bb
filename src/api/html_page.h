// The small self-contained HTML pages the server answers people with (the feedback link,
// the public contact form): a title, a body of already escaped HTML, inline styles only,
// no scripts, and headers that keep them out of caches and frames.
#pragma once

#include <string>

#include "http/http_types.h"

namespace esc::api {

// `body_html` must be escaped by the caller (core/text/html_escape.h); the title is
// escaped here. `css` is added to the page's style sheet.
http::Response HtmlPage(int status, const std::string& title, const std::string& body_html,
                        const std::string& css = {});

}  // namespace esc::api
