// The HTTP/1.1 server: Boost.Beast on Asio C++20 coroutines, keep-alive, no thread per
// connection. Each request is read (with size and time limits), handed to the Handler on
// a worker thread pool (handlers may block on the database), and its Response written
// back; a response with a feed becomes a Server-Sent Events stream. Stop() is graceful:
// it stops accepting, lets requests in progress finish and be written, then closes idle
// and streaming connections; Run() returns when all of that is done.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/http_types.h"

namespace esc::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  int io_threads = 1;
  int worker_threads = 4;
  std::size_t max_body_bytes = 1 << 20;     // larger bodies get 413 without calling the handler
  // When set, the body limit of a request by its method and target (path and query), e.g.
  // larger for file uploads, asked once the header is read (instead of max_body_bytes).
  std::function<std::size_t(std::string_view method, std::string_view target)> body_limit_for;
  std::size_t max_header_bytes = 16 << 10;  // larger headers get 431
  std::chrono::seconds read_timeout{30};    // a request must arrive whole within this
  std::chrono::seconds idle_timeout{75};    // keep-alive connections idle longer are closed
  std::chrono::seconds heartbeat{15};       // SSE comment line when nothing else was sent
  std::chrono::seconds write_timeout{30};   // a response (or SSE frame) must be taken within this
};

// Called once per finished request (for logs and metrics), on a server thread.
struct RequestLog {
  std::string method;
  std::string path;
  int status = 0;
  std::chrono::microseconds duration{0};  // from the request read to the response written
  std::string remote;
};

class Server {
 public:
  // Throws std::system_error when the address cannot be bound.
  Server(ServerOptions options, Handler handler, std::function<void(const RequestLog&)> log = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;  // the bound port (useful with port 0)
  // Serves until Stop(); blocks the calling thread (which becomes one of the io threads).
  void Run();
  // Thread-safe and async-signal-unsafe: call from a normal thread (e.g. a signal waiter).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace esc::http
