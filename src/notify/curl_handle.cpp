#include "notify/curl_handle.h"

#include <mutex>
#include <stdexcept>

namespace esc::notify {

CurlHandle::CurlHandle() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
  handle_.reset(curl_easy_init());
  if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

void CurlHeaders::Add(const std::string& line) {
  curl_slist* grown = curl_slist_append(list_.get(), line.c_str());
  if (grown == nullptr) throw std::runtime_error("curl_slist_append failed");
  (void)list_.release();
  list_.reset(grown);
}

}  // namespace esc::notify
