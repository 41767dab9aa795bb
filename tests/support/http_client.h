// Test support: a small blocking HTTP client over libcurl for loopback tests of the server.
// `HttpClient` keeps one easy handle, so calls reuse one keep-alive connection and share a
// cookie jar (session cookies persist across calls on one client); a failed transfer gives
// status 0 and the curl message in `error`. `SseReader` opens an event stream on its own
// handle and `WaitFor` pumps it (curl multi, no sleeps) until a given text has arrived.
// Header-only; link CURL::libcurl. Not thread-safe: one client per thread.
#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace esc::test_support {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  long status = 0;     // 0 when the transfer failed (see `error`)
  std::string body;
  HeaderList headers;  // names in lower case, in order received
  std::string error;   // curl's message when the transfer failed
  long new_connections = 0;  // connections curl opened for this call (0: one was reused)

  // The first header of that (lower-case) name; empty when absent.
  std::string Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
};

namespace detail {

inline void InitCurlOnce() {
  // curl_global_init is not thread-safe; a function-local static is initialised once.
  static const bool done = [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl init");
    return true;
  }();
  (void)done;
}

inline std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

inline std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Called once per header line; a status line starts a new header block, so the headers of
// an interim "100 Continue" are dropped.
inline std::size_t AppendHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto& headers = *static_cast<HeaderList*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string name = Trim(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    headers.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
  }
  return size * count;
}

// Request headers as curl wants them; a body without a Content-Type is sent as JSON.
inline curl_slist* HeaderSlist(const HeaderList& headers, bool has_body) {
  curl_slist* list = nullptr;
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    has_type = has_type || lower == "content-type";
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  if (has_body && !has_type) list = curl_slist_append(list, "Content-Type: application/json");
  return list;
}

}  // namespace detail

class HttpClient {
 public:
  explicit HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
    detail::InitCurlOnce();
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // cookie engine on, nothing loaded
    curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 60L);  // a safety net, not a timing device
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &detail::AppendBody);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &detail::AppendHeader);
  }
  ~HttpClient() { curl_easy_cleanup(curl_); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  const std::string& base_url() const { return base_url_; }

  HttpResult Get(std::string_view path, const HeaderList& headers = {}) {
    return Send("GET", path, "", headers);
  }
  HttpResult Post(std::string_view path, std::string_view body, const HeaderList& headers = {}) {
    return Send("POST", path, body, headers);
  }
  HttpResult Put(std::string_view path, std::string_view body, const HeaderList& headers = {}) {
    return Send("PUT", path, body, headers);
  }
  HttpResult Patch(std::string_view path, std::string_view body, const HeaderList& headers = {}) {
    return Send("PATCH", path, body, headers);
  }
  HttpResult Delete(std::string_view path, const HeaderList& headers = {}) {
    return Send("DELETE", path, "", headers);
  }

  // Any method; `path` is appended to the base URL as is (already percent-encoded).
  HttpResult Send(std::string_view method, std::string_view path, std::string_view body,
                  const HeaderList& headers) {
    HttpResult result;
    const std::string url = base_url_ + std::string(path);
    const std::string verb(method);
    const bool sends_body = !body.empty() || (verb != "GET" && verb != "HEAD" && verb != "DELETE");
    curl_slist* header_list = detail::HeaderSlist(headers, !body.empty());

    // The handle is reused: reset what an earlier call may have set.
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl_, CURLOPT_NOBODY, verb == "HEAD" ? 1L : 0L);
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, nullptr);
    if (sends_body) {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
    }
    if (verb != "GET" && verb != "HEAD" && verb != "POST") {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, verb.c_str());
    } else if (verb == "GET" && sends_body) {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, "GET");
    }
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, header_list);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &result.headers);

    const CURLcode code = curl_easy_perform(curl_);
    if (code == CURLE_OK) {
      curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &result.status);
      curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &result.new_connections);
    } else {
      result.error = curl_easy_strerror(code);
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(header_list);
    return result;
  }

 private:
  std::string base_url_;
  CURL* curl_ = nullptr;
};

// One Server-Sent Events stream, read as raw bytes. The transfer runs only inside WaitFor
// (and WaitForEnd), which makes the reading deterministic: nothing happens between calls.
class SseReader {
 public:
  explicit SseReader(const std::string& url, const HeaderList& headers = {}) {
    detail::InitCurlOnce();
    curl_ = curl_easy_init();
    multi_ = curl_multi_init();
    if (curl_ == nullptr || multi_ == nullptr) throw std::runtime_error("curl init failed");
    header_list_ = detail::HeaderSlist(headers, false);
    header_list_ = curl_slist_append(header_list_, "Accept: text/event-stream");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, header_list_);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &detail::AppendBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &received_);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &detail::AppendHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &headers_);
    curl_multi_add_handle(multi_, curl_);
  }
  // Closes the connection: to the server, the client has gone.
  ~SseReader() {
    curl_multi_remove_handle(multi_, curl_);
    curl_easy_cleanup(curl_);
    curl_multi_cleanup(multi_);
    curl_slist_free_all(header_list_);
  }
  SseReader(const SseReader&) = delete;
  SseReader& operator=(const SseReader&) = delete;

  // True once `needle` has arrived after the end of the previous match, so successive calls
  // check order; false when the timeout passes or the stream ends first.
  bool WaitFor(std::string_view needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (const auto at = received_.find(needle, cursor_); at != std::string::npos) {
        cursor_ = at + needle.size();
        return true;
      }
      if (finished_ || !Pump(deadline)) return false;
    }
  }

  // True once the server has ended the stream (or the connection) within the timeout.
  bool WaitForEnd(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!finished_) {
      if (!Pump(deadline)) return false;
    }
    return true;
  }

  const std::string& received() const { return received_; }
  const HeaderList& headers() const { return headers_; }
  long status() const {
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    return status;
  }

 private:
  // Waits (at most until the deadline) for socket activity or a curl timer, then does the
  // transfer work that is due, so the caller sees new bytes as soon as they came; false
  // once the deadline has passed.
  bool Pump(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(std::min<long long>(left.count(), 1000)),
                    nullptr);
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg == CURLMSG_DONE) finished_ = true;
    }
    if (running == 0) finished_ = true;
    return true;
  }

  CURL* curl_ = nullptr;
  CURLM* multi_ = nullptr;
  curl_slist* header_list_ = nullptr;
  std::string received_;
  HeaderList headers_;
  std::size_t cursor_ = 0;
  bool finished_ = false;
};

}  // namespace esc::test_support
