// Text made safe to put into HTML, as element content or a quoted attribute value: the
// five characters that mean something there (& < > " ') become entities. Used by the
// notification templates (HTML mail) and the feedback pages.
#pragma once

#include <string>
#include <string_view>

namespace esc::core {

std::string HtmlEscape(std::string_view text);

}  // namespace esc::core
