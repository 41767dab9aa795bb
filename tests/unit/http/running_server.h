// Test support for the HTTP server tests: a Server on 127.0.0.1 (port 0) whose Run() runs
// in its own thread, stopped and joined when the object goes away; a recorder for the
// request log that tests can wait on; and a raw socket exchange for input curl would never
// send (malformed or incomplete requests). Waits are on futures and condition variables;
// timeouts are only safety nets.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "http/server.h"

namespace esc::http::testing {

inline ServerOptions LoopbackOptions() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 4;
  return options;
}

class RunningServer {
 public:
  explicit RunningServer(Handler handler, ServerOptions options = LoopbackOptions(),
                         std::function<void(const RequestLog&)> log = {})
      : server_(std::move(options), std::move(handler), std::move(log)),
        thread_([this] {
          server_.Run();
          done_.set_value();
        }) {}
  ~RunningServer() {
    server_.Stop();
    if (!WaitUntilStopped(std::chrono::seconds(30))) {
      // Joining would hang the whole test binary; fail loudly instead.
      std::fprintf(stderr, "RunningServer: Run() did not return after Stop()\n");
      std::abort();
    }
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  std::uint16_t port() const { return server_.port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  void Stop() { server_.Stop(); }
  // True once Run() has returned (waiting at most `timeout`).
  bool WaitUntilStopped(std::chrono::milliseconds timeout) {
    return stopped_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  Server server_;
  std::promise<void> done_;
  std::shared_future<void> stopped_ = done_.get_future().share();
  std::thread thread_;
};

// Collects RequestLog entries from the server's threads.
class LogRecorder {
 public:
  std::function<void(const RequestLog&)> Callback() {
    return [this](const RequestLog& entry) {
      std::lock_guard lock(mutex_);
      entries_.push_back(entry);
      changed_.notify_all();
    };
  }
  // True once at least `count` entries arrived (waiting at most `timeout`).
  bool WaitForCount(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return entries_.size() >= count; });
  }
  std::vector<RequestLog> Entries() {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<RequestLog> entries_;
};

struct RawOutcome {
  std::string received;
  bool closed_by_server = false;  // false: the safety timeout ran out first
};

// Connects, sends `bytes` as they are, and reads until the server closes the connection.
inline RawOutcome RawExchange(std::uint16_t port, std::string_view bytes,
                              std::chrono::seconds timeout = std::chrono::seconds(20)) {
  RawOutcome outcome;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return outcome;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count());
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    char buffer[4096];
    for (;;) {
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        outcome.received.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      // 0: orderly close; ECONNRESET also means the server closed it.
      outcome.closed_by_server = n == 0 || errno == ECONNRESET;
      break;
    }
  }
  ::close(fd);
  return outcome;
}

}  // namespace esc::http::testing
