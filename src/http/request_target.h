// Splits an HTTP request target ("/tickets/ESC%2D1?q=disk+full&page=2") into the decoded
// path and the decoded query pairs the handlers see. Kept apart from the Beast server so
// it can be tested alone and compiled in seconds. Bad input (a broken %-escape, an encoded
// or raw NUL, a target that is not a path) is an error value the server answers with 400.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace esc::http {

struct RequestTarget {
  std::string path;                                        // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
};

// Decodes %XX escapes; with `plus_is_space` also '+' (form encoding, used in queries).
// nullopt when an escape is malformed or the result would contain a NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Origin form ("/path?query") or absolute form ("http://host/path?query"); a fragment is
// dropped. Query parts without '=' get an empty value; empty parts ("a=1&&b=2") are
// skipped. The error is a message for the client.
std::expected<RequestTarget, std::string> ParseRequestTarget(std::string_view target);

}  // namespace esc::http
