// The HTTP vocabulary between the server (server.h, the only code that knows Beast) and
// the API: a parsed request, the response a handler returns, and a live event feed for
// Server-Sent Events. Handlers are plain synchronous functions run on a worker pool, so
// the API code never sees Asio.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace esc::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;  // peer address, e.g. "127.0.0.1"

  // The first header of that (lower-case) name; empty when absent.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
  std::optional<std::string_view> Query(std::string_view name) const {
    for (const auto& [key, value] : query) {
      if (key == name) return std::string_view(value);
    }
    return std::nullopt;
  }
};

// A live stream of Server-Sent Events. The server calls Take() on its own thread whenever
// the feed has called the wake function given to Start(), and writes what it returns (whole
// frames, "event: x\ndata: ...\n\n") to the client; it sends a comment line as a heartbeat
// when nothing came for a while, and drops the feed when the client leaves or the server
// stops. A feed is used by one connection only.
class EventFeed {
 public:
  virtual ~EventFeed() = default;
  // `wake` may be called from any thread, any number of times; it never blocks.
  virtual void Start(std::function<void()> wake) = 0;
  // The frames ready now (empty when none). Never blocks.
  virtual std::string Take() = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // When set, the response is a text/event-stream of this feed instead of `body`.
  std::shared_ptr<EventFeed> feed;
};

using Handler = std::function<Response(const Request&)>;

}  // namespace esc::http
