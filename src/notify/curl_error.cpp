#include "notify/curl_error.h"

#include <fmt/format.h>

namespace esc::notify {

DeliveryResult ClassifyCurlError(CURLcode code, const char* detail) {
  std::string why = fmt::format("curl: {}", curl_easy_strerror(code));
  if (detail != nullptr && *detail != '\0') why += fmt::format(" ({})", detail);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_AGAIN:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return DeliveryResult::Retryable(std::move(why));
    default:
      return DeliveryResult::Permanent(std::move(why));
  }
}

}  // namespace esc::notify
