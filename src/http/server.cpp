// The Beast/Asio implementation of server.h: the only translation unit that includes Beast
// (it takes a minute to compile). One coroutine per connection on its own strand; handlers
// run on a worker pool; SSE streams wait on a timer that the feed's wake function cancels.
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange without it

#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/error_response.h"
#include "http/request_target.h"
#include "http/response_headers.h"

namespace esc::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

constexpr std::size_t kReadChunk = 4096;
// After an error answer the client may still be sending; reading (and dropping) what it
// sends for a moment before closing keeps the kernel from resetting the connection before
// the client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;
// Accept failures such as EMFILE repeat at once; pausing keeps the loop from spinning.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
constexpr std::string_view kHeartbeat = ": keepalive\n\n";

inline auto Redirect(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string Str(beast::string_view s) { return std::string(s.data(), s.size()); }
beast::string_view Bsv(std::string_view s) { return beast::string_view(s.data(), s.size()); }

std::string Lower(beast::string_view s) {
  std::string out = Str(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void AddExtraHeaders(bhttp::fields& fields,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    if (IsWritableResponseHeader(name, value)) fields.insert(Bsv(name), Bsv(value));
  }
}

std::system_error ToSystemError(const beast::error_code& ec, const std::string& what) {
  const std::string text = what + ": " + ec.message();
  if (ec.category() == boost::system::system_category()) {
    return std::system_error(std::error_code(ec.value(), std::system_category()), text);
  }
  return std::system_error(std::make_error_code(std::errc::invalid_argument), text);
}

std::string PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

// Beast's parser errors mean "not HTTP"; the others (end of stream, timeouts, resets) mean
// there is nobody left to answer.
bool IsMalformed(const beast::error_code& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

enum class Phase { kIdle, kBusy, kStreaming };

struct Connection {
  explicit Connection(tcp::socket socket)
      : executor(socket.get_executor()), remote(PeerAddress(socket)), stream(std::move(socket)) {}

  // Runs on the strand when the server stops: only a connection waiting for a request or
  // streaming events is interrupted; one reading or answering a request finishes first.
  void Interrupt() {
    beast::error_code ignored;
    if (phase == Phase::kIdle) stream.socket().cancel(ignored);
    if (stream_timer != nullptr) stream_timer->cancel();
  }

  const asio::any_io_executor executor;  // the connection's strand
  const std::string remote;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  // Touched on the strand only.
  Phase phase = Phase::kBusy;
  bool client_gone = false;
  asio::steady_timer* stream_timer = nullptr;  // the SSE wait, while streaming
};

// The link between an event feed's wake function (any thread, any time, also after the
// stream or the whole server is gone) and the stream's timer (on the strand). Wakes that
// come while one is already on its way are folded into it.
class WakeSignal : public std::enable_shared_from_this<WakeSignal> {
 public:
  WakeSignal(asio::any_io_executor strand, asio::steady_timer& timer)
      : strand_(std::move(strand)), timer_(&timer) {}

  void Wake() {
    std::lock_guard lock(mutex_);
    if (!open_ || posted_) return;
    posted_ = true;
    asio::post(strand_, [self = shared_from_this()] { self->OnStrand(); });
  }
  // On the strand, when the stream ends: later wakes do nothing.
  void Close() {
    std::lock_guard lock(mutex_);
    open_ = false;
    timer_ = nullptr;
  }

 private:
  void OnStrand() {
    asio::steady_timer* timer = nullptr;
    {
      std::lock_guard lock(mutex_);
      posted_ = false;
      timer = timer_;
    }
    // The stream calls Take() after every wait, so cancelling the wait is enough; a wake
    // during a write needs nothing, as Take() follows the write.
    if (timer != nullptr) timer->cancel();
  }

  std::mutex mutex_;
  const asio::any_io_executor strand_;
  bool open_ = true;
  bool posted_ = false;
  asio::steady_timer* timer_;
};

Request ToRequest(BeastRequest& message, RequestTarget target, const std::string& remote) {
  Request request;
  request.method = Str(message.method_string());
  request.target = Str(message.target());
  request.path = std::move(target.path);
  request.query = std::move(target.query);
  for (const auto& field : message) {
    request.headers.emplace_back(Lower(field.name_string()), Str(field.value()));
  }
  request.body = std::move(message.body());
  request.remote = remote;
  return request;
}

BeastResponse ToBeast(Response response, unsigned version, bool keep_alive, bool head) {
  // A 1xx is only an interim answer and anything outside 100-599 is no status at all: a
  // handler bug, answered as one.
  if (response.status < 200 || response.status > 599) response = InternalErrorResponse();
  BeastResponse res;
  res.version(version);
  res.result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty() &&
      IsWritableResponseHeader("Content-Type", response.content_type)) {
    res.set(bhttp::field::content_type, Bsv(response.content_type));
  }
  AddExtraHeaders(res.base(), response.headers);
  const bool bodiless = response.status == 204 || response.status == 304;
  if (!bodiless) res.body() = std::move(response.body);
  res.set(bhttp::field::connection, keep_alive ? "keep-alive" : "close");
  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length stays that of the GET body
  return res;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, Handler h, std::function<void(const RequestLog&)> l);

  void RunLoop();
  void Stop();
  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(std::shared_ptr<Connection> c);
  asio::awaitable<bool> ServeOne(std::shared_ptr<Connection> c);
  std::optional<Response> ReadErrorResponse(const beast::error_code& ec,
                                            std::size_t body_limit) const;
  asio::awaitable<void> AnswerAndClose(Connection& c, unsigned version, Response response,
                                       std::string method, std::string path,
                                       SteadyClock::time_point started);
  asio::awaitable<void> StreamEvents(std::shared_ptr<Connection> c, const Request& request,
                                     Response response, unsigned version,
                                     SteadyClock::time_point started);
  static asio::awaitable<void> WatchForHangUp(std::shared_ptr<Connection> c);
  Response CallHandler(const Request& request) const;
  void Log(std::string method, std::string path, int status, SteadyClock::time_point started,
           const std::string& remote) const;

  const ServerOptions options;
  const Handler handler;
  const std::function<void(const RequestLog&)> log;
  asio::io_context ioc;
  tcp::acceptor acceptor;  // on its own strand: Accept() and Stop() both touch it
  asio::thread_pool pool;  // declared after ioc: destroyed (joined) before it
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};

  std::mutex mutex;  // guards the two below
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
};

namespace {

ServerOptions Normalized(ServerOptions options) {
  options.io_threads = std::max(options.io_threads, 1);
  options.worker_threads = std::max(options.worker_threads, 1);
  // A zero heartbeat would write keepalives back to back.
  options.heartbeat = std::max(options.heartbeat, std::chrono::seconds(1));
  return options;
}

tcp::endpoint ListenEndpoint(asio::io_context& ioc, const std::string& host, std::uint16_t port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  tcp::resolver resolver(ioc);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec) throw ToSystemError(ec, "cannot resolve " + host);
  if (results.empty()) {
    throw std::system_error(std::make_error_code(std::errc::address_not_available),
                            "no address for " + host);
  }
  return results.begin()->endpoint();
}

}  // namespace

Server::Impl::Impl(ServerOptions opts, Handler h, std::function<void(const RequestLog&)> l)
    : options(Normalized(std::move(opts))),
      handler(std::move(h)),
      log(std::move(l)),
      ioc(options.io_threads),
      acceptor(asio::make_strand(ioc)),
      pool(static_cast<std::size_t>(options.worker_threads)) {
  const tcp::endpoint endpoint = ListenEndpoint(ioc, options.host, options.port);
  const std::string where = options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw ToSystemError(ec, "cannot open a socket for " + where);
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) throw ToSystemError(ec, "cannot set SO_REUSEADDR for " + where);
  acceptor.bind(endpoint, ec);
  if (ec) throw ToSystemError(ec, "cannot bind " + where);
  // A short backlog makes bursts of connects wait for SYN retransmits (seconds).
  acceptor.listen(std::max(1024, static_cast<int>(asio::socket_base::max_listen_connections)), ec);
  if (ec) throw ToSystemError(ec, "cannot listen on " + where);
  port = acceptor.local_endpoint(ec).port();
}

void Server::Impl::RunLoop() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (...) {
      // Every coroutine catches its own exceptions; this is a last line, never a crash.
    }
  }
}

void Server::Impl::Stop() {
  if (stopping.exchange(true)) return;
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
  });
  // Connections that register after this snapshot see `stopping` before they next wait.
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex);
    for (const auto& [id, weak] : connections) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) {
    asio::post(c->executor, [c] { c->Interrupt(); });
  }
}

asio::awaitable<void> Server::Impl::Accept() {
  while (!stopping) {
    tcp::socket socket(asio::make_strand(ioc));
    beast::error_code ec;
    co_await acceptor.async_accept(socket, Redirect(ec));
    if (stopping || !acceptor.is_open() || ec == asio::error::operation_aborted) break;
    if (ec) {
      asio::steady_timer pause(co_await asio::this_coro::executor, kAcceptBackoff);
      co_await pause.async_wait(Redirect(ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    const auto executor = connection->executor;
    asio::co_spawn(executor, Session(std::move(connection)), [](std::exception_ptr) {});
  }
}

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> c) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex);
    id = next_id++;
    connections.emplace(id, c);
  }
  try {
    for (;;) {
      if (c->buffer.size() == 0) {
        // Checked and waited in one strand turn, so Stop()'s Interrupt cannot slip between.
        if (stopping) break;
        c->phase = Phase::kIdle;
        c->stream.expires_after(options.idle_timeout);
        beast::error_code ec;
        const std::size_t n =
            co_await c->stream.async_read_some(c->buffer.prepare(kReadChunk), Redirect(ec));
        c->phase = Phase::kBusy;
        if (ec) break;
        c->buffer.commit(n);
      }
      if (!co_await ServeOne(c)) break;
    }
  } catch (...) {
    // One connection's failure (e.g. out of memory) must not take the server down.
  }
  beast::error_code ignored;
  c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  c->stream.close();
  std::lock_guard lock(mutex);
  connections.erase(id);
}

// Reads one request, answers it; true when the connection stays open for the next one.
asio::awaitable<bool> Server::Impl::ServeOne(std::shared_ptr<Connection> c) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // With a limit per request, none until the header says which request it is (the
  // largest value: Boost 1.74's parser refuses every body when given boost::none).
  parser.body_limit(options.body_limit_for ? std::numeric_limits<std::uint64_t>::max()
                                           : static_cast<std::uint64_t>(options.max_body_bytes));
  // One deadline for the whole request (header, 100 Continue, body).
  c->stream.expires_after(options.read_timeout);
  beast::error_code ec;
  co_await bhttp::async_read_header(c->stream, c->buffer, parser, Redirect(ec));
  // The header said how much is coming (or the chunks will): this request's own limit.
  std::size_t body_limit = options.max_body_bytes;
  if (!ec && options.body_limit_for) {
    body_limit = options.body_limit_for(Str(parser.get().method_string()),
                                        Str(parser.get().target()));
    const auto length = parser.content_length();
    if (length && *length > body_limit) {
      ec = bhttp::error::body_limit;
    } else {
      parser.body_limit(static_cast<std::uint64_t>(body_limit));
    }
  }
  if (!ec && beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
    co_await bhttp::async_write(c->stream, go_on, Redirect(ec));
  }
  if (!ec && !parser.is_done()) {
    co_await bhttp::async_read(c->stream, c->buffer, parser, Redirect(ec));
  }
  const auto started = SteadyClock::now();
  if (ec) {
    const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
    std::string method = parser.is_header_done() ? Str(parser.get().method_string()) : "";
    std::string target = parser.is_header_done() ? Str(parser.get().target()) : "";
    if (auto answer = ReadErrorResponse(ec, body_limit)) {
      co_await AnswerAndClose(*c, version, std::move(*answer), std::move(method),
                              std::move(target), started);
    }
    co_return false;
  }

  BeastRequest& message = parser.get();
  const unsigned version = message.version();
  const bool head = message.method() == bhttp::verb::head;
  const bool client_keeps_alive = message.keep_alive();
  auto target =
      ParseRequestTarget(std::string_view(message.target().data(), message.target().size()));
  if (!target) {
    Response bad = ErrorResponse(400, "bad_request", target.error());
    const bool keep = client_keeps_alive && !stopping;
    auto res = ToBeast(std::move(bad), version, keep, head);
    c->stream.expires_after(options.write_timeout);
    co_await bhttp::async_write(c->stream, res, Redirect(ec));
    Log(Str(message.method_string()), Str(message.target()), 400, started, c->remote);
    co_return keep && !ec;
  }
  const Request request = ToRequest(message, std::move(*target), c->remote);

  // The handler may block (database): run it on the pool; the coroutine resumes here on
  // the connection's strand. (asio::post(pool, use_awaitable) would not switch threads.)
  Response response = co_await asio::co_spawn(
      pool, [this, &request]() -> asio::awaitable<Response> { co_return CallHandler(request); },
      asio::use_awaitable);

  if (response.feed) {
    co_await StreamEvents(c, request, std::move(response), version, started);
    co_return false;
  }
  const bool keep = client_keeps_alive && !stopping;
  auto res = ToBeast(std::move(response), version, keep, head);
  const int status = static_cast<int>(res.result_int());
  c->stream.expires_after(options.write_timeout);
  co_await bhttp::async_write(c->stream, res, Redirect(ec));
  Log(request.method, request.path, status, started, request.remote);
  co_return keep && !ec;
}

// What a failed read is answered with; nothing when there is nobody left to answer.
std::optional<Response> Server::Impl::ReadErrorResponse(const beast::error_code& ec,
                                                        std::size_t body_limit) const {
  if (ec == bhttp::error::body_limit) {
    return ErrorResponse(413, "payload_too_large",
                         "request body larger than " + std::to_string(body_limit) +
                             " bytes");
  }
  if (ec == bhttp::error::header_limit) {
    return ErrorResponse(431, "headers_too_large",
                         "request headers larger than " +
                             std::to_string(options.max_header_bytes) + " bytes");
  }
  if (IsMalformed(ec)) return ErrorResponse(400, "bad_request", "malformed HTTP request");
  return std::nullopt;
}

// For errors found while reading: the rest of the input is unusable, so answer and close,
// draining what the client still sends for a moment (see kLingerTime).
asio::awaitable<void> Server::Impl::AnswerAndClose(Connection& c, unsigned version,
                                                   Response response, std::string method,
                                                   std::string path,
                                                   SteadyClock::time_point started) {
  const int status = response.status;
  auto res = ToBeast(std::move(response), version, /*keep_alive=*/false, /*head=*/false);
  beast::error_code ec;
  c.stream.expires_after(options.write_timeout);
  co_await bhttp::async_write(c.stream, res, Redirect(ec));
  Log(std::move(method), std::move(path), status, started, c.remote);
  if (ec) co_return;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c.stream.expires_after(kLingerTime);
  std::array<char, kReadChunk> scratch;
  std::size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    drained += co_await c.stream.async_read_some(asio::buffer(scratch), Redirect(ec));
  }
}

asio::awaitable<void> Server::Impl::StreamEvents(std::shared_ptr<Connection> c,
                                                 const Request& request, Response response,
                                                 unsigned version,
                                                 SteadyClock::time_point started) {
  const bool chunked = version >= 11;  // HTTP/1.0 has no chunks: the stream ends by closing
  bhttp::response<bhttp::empty_body> head{bhttp::status::ok, version};
  head.set(bhttp::field::content_type, "text/event-stream");
  head.set(bhttp::field::cache_control, "no-cache");
  AddExtraHeaders(head.base(), response.headers);
  head.set(bhttp::field::connection, chunked ? "keep-alive" : "close");
  if (chunked) head.chunked(true);
  bhttp::response_serializer<bhttp::empty_body> serializer{head};
  beast::error_code ec;
  c->stream.expires_after(options.write_timeout);
  co_await bhttp::async_write_header(c->stream, serializer, Redirect(ec));

  if (!ec) {
    asio::steady_timer timer(c->executor);
    auto signal = std::make_shared<WakeSignal>(c->executor, timer);
    // Undone however the stream ends (also if the frame is destroyed with the io_context).
    struct Detach {
      Connection& c;
      WakeSignal& signal;
      ~Detach() {
        signal.Close();
        c.stream_timer = nullptr;
        c.phase = Phase::kBusy;
      }
    } detach{*c, *signal};
    c->phase = Phase::kStreaming;
    c->stream_timer = &timer;
    asio::co_spawn(c->executor, WatchForHangUp(c), [](std::exception_ptr) {});

    const std::shared_ptr<EventFeed> feed = std::move(response.feed);
    try {
      feed->Start([weak = std::weak_ptr<WakeSignal>(signal)] {
        if (const auto s = weak.lock()) s->Wake();
      });
      auto last_write = SteadyClock::now();
      while (!ec && !c->client_gone && !stopping) {
        std::string frames = feed->Take();
        if (frames.empty()) {
          timer.expires_at(last_write + options.heartbeat);
          beast::error_code wait_ec;
          co_await timer.async_wait(Redirect(wait_ec));
          if (wait_ec) continue;  // woken: the feed has frames, the server stops, or hang-up
          if (c->client_gone || stopping) break;
          frames = kHeartbeat;
        }
        c->stream.expires_after(options.write_timeout);
        if (chunked) {
          co_await asio::async_write(c->stream, bhttp::make_chunk(asio::buffer(frames)),
                                     Redirect(ec));
        } else {
          co_await asio::async_write(c->stream, asio::buffer(frames), Redirect(ec));
        }
        last_write = SteadyClock::now();
      }
      if (!ec && !c->client_gone && chunked) {
        c->stream.expires_after(options.write_timeout);
        co_await asio::async_write(c->stream, bhttp::make_chunk_last(), Redirect(ec));
      }
    } catch (...) {
      // A feed that throws ends its stream, not the server.
    }
  }
  Log(request.method, request.path, 200, started, request.remote);
}

// A streaming client sends nothing; a finished read means it left (or the socket closed).
// Reads the socket itself, not the tcp_stream, so the stream's write timeouts stay apart.
asio::awaitable<void> Server::Impl::WatchForHangUp(std::shared_ptr<Connection> c) {
  std::array<char, 512> scratch;
  beast::error_code ec;
  while (!ec) {
    co_await c->stream.socket().async_read_some(asio::buffer(scratch), Redirect(ec));
  }
  c->client_gone = true;
  if (c->stream_timer != nullptr) c->stream_timer->cancel();
}

Response Server::Impl::CallHandler(const Request& request) const {
  try {
    return handler(request);
  } catch (...) {
    return InternalErrorResponse();
  }
}

void Server::Impl::Log(std::string method, std::string path, int status,
                       SteadyClock::time_point started, const std::string& remote) const {
  if (!log) return;
  try {
    log(RequestLog{std::move(method), std::move(path), status,
                   std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() -
                                                                         started),
                   remote});
  } catch (...) {
    // A failing logger must not fail the request.
  }
}

Server::Server(ServerOptions options, Handler handler, std::function<void(const RequestLog&)> log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(log))) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  Impl& impl = *impl_;
  if (!impl.stopping) {
    asio::co_spawn(impl.acceptor.get_executor(), impl.Accept(), [](std::exception_ptr) {});
  }
  std::vector<std::thread> extra;
  for (int i = 1; i < impl.options.io_threads; ++i) {
    extra.emplace_back([&impl] { impl.RunLoop(); });
  }
  impl.RunLoop();  // returns when nothing is left: acceptor closed, every connection ended
  for (auto& thread : extra) thread.join();
}

void Server::Stop() { impl_->Stop(); }

}  // namespace esc::http
