// Reading an HTML form post (application/x-www-form-urlencoded) strictly: every name and
// value percent-decoded ('+' is a space), valid UTF-8, no field twice, no field the form
// does not have. Errors name the field; the caller answers 400 and shows the form again.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "core/error.h"

namespace esc::api {

// The fields of `body` by name; only names in `known` are accepted. An absent field is
// absent from the map.
core::Result<std::map<std::string, std::string, std::less<>>> ParseFormBody(
    std::string_view body, std::initializer_list<std::string_view> known);

}  // namespace esc::api
