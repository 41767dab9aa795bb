// HTML mail body -> plain text, for mail that has no text/plain alternative. Not a browser:
// tags are dropped, block elements (p, div, br, li, tr, headings) end lines, <script>,
// <style>, <head> and comments vanish, entities are decoded, runs of spaces collapse and
// at most one blank line separates blocks. Linear in the input; malformed HTML is fine.
#pragma once

#include <string>
#include <string_view>

namespace esc::intake {

// `html` must be UTF-8; so is the result.
std::string HtmlToText(std::string_view html);

}  // namespace esc::intake
