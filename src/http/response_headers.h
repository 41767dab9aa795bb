// Which of a handler's extra response headers the server writes. A header must not be able
// to split the response (CR, LF or NUL in it, a name that is not an HTTP token) nor change
// the framing the server owns (Content-Length, Transfer-Encoding, Connection); such headers
// are dropped rather than failing the response. Beast-free, so it is tested on its own.
#pragma once

#include <string_view>

namespace esc::http {

bool IsWritableResponseHeader(std::string_view name, std::string_view value);

}  // namespace esc::http
