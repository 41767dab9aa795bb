// libcurl transfer errors -> delivery outcomes. Network trouble (cannot resolve or
// connect, timeout, connection dropped) is retryable; a refused login, a certificate
// that does not verify or a malformed URL is permanent until someone fixes the setup.
#pragma once

#include <curl/curl.h>

#include "notify/delivery_result.h"

namespace esc::notify {

// `detail` is curl's error buffer (may be empty).
DeliveryResult ClassifyCurlError(CURLcode code, const char* detail);

}  // namespace esc::notify
