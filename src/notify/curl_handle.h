// A libcurl easy handle owned by one object, and the process-wide curl_global_init done
// once before the first handle. A channel keeps its handle between sends so that libcurl
// reuses the open connection (keep-alive, TLS session). Not thread-safe: one handle per
// thread, which is how the outbox worker uses channels.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace esc::notify {

class CurlHandle {
 public:
  CurlHandle();  // throws std::runtime_error when libcurl cannot make a handle
  CURL* get() const { return handle_.get(); }

 private:
  struct Cleanup {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  };
  std::unique_ptr<CURL, Cleanup> handle_;
};

// Owns a curl_slist of headers.
class CurlHeaders {
 public:
  void Add(const std::string& line);
  curl_slist* get() const { return list_.get(); }

 private:
  struct Free {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };
  std::unique_ptr<curl_slist, Free> list_;
};

}  // namespace esc::notify
