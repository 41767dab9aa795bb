// Small JSON helpers shared by the JSON Lines readers and writers: string literals with
// the escapes JSON requires, and a full check of a value a reader does not use (so that
// malformed JSON inside an ignored key is still an error).
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>

namespace esc::app {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);

// Reads `value` to its end; SUCCESS when it is well-formed JSON.
simdjson::error_code CheckJsonValue(simdjson::ondemand::value value, int depth = 0);

}  // namespace esc::app
