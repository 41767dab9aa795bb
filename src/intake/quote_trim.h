// Cuts the quoted history of earlier mails from a reply's text, so that a ticket comment
// holds what the person wrote now. Recognised: a trailing block of '>' lines, an
// "On <date>, <name> wrote:" line (also split over two lines, and German "Am ... schrieb")
// followed only by quoted lines, Outlook's "-----Original Message-----" and its
// "From:/Sent:" header block after a rule. A forwarded mail ("---------- Forwarded message
// ----------", "Begin forwarded message:", "-------- Forwarded Message --------") is
// content, not history: nothing at or after its marker is cut. Inline answers between
// quotes are kept.
#pragma once

#include <string>
#include <string_view>

namespace esc::intake {

// `text` uses '\n' line ends (a '\r' before it is ignored). The result has no trailing
// blank lines; when everything would be cut, `text` is returned trimmed instead.
std::string TrimQuotedHistory(std::string_view text);

}  // namespace esc::intake
