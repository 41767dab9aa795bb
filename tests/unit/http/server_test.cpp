// Loopback tests of the server's request/response path: parsing, limits, errors, keep-alive
// and concurrency, through libcurl (and a raw socket for what curl cannot send).
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "http/error_response.h"
#include "support/http_client.h"
#include "unit/http/running_server.h"

namespace esc::http {
namespace {

using testing::LogRecorder;
using testing::LoopbackOptions;
using testing::RawExchange;
using testing::RunningServer;
using test_support::HttpClient;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// Remembers the last request and counts calls; answers with the request body.
class EchoHandler {
 public:
  Handler AsHandler() {
    return [this](const Request& request) {
      {
        std::lock_guard lock(mutex_);
        last_ = request;
      }
      ++calls_;
      Response response;
      response.status = request.method == "POST" ? 201 : 200;
      response.content_type = "text/plain";
      response.headers = {{"X-Echo", "yes"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}};
      response.body = request.body;
      return response;
    };
  }
  Request Last() {
    std::lock_guard lock(mutex_);
    return last_;
  }
  int calls() const { return calls_; }

 private:
  std::mutex mutex_;
  Request last_;
  std::atomic<int> calls_{0};
};

TEST(HttpServer, HandsTheHandlerDecodedPathQueryHeadersAndBody) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());

  const std::string target =
      "/tickets/ESC%2D1/notes%20x?q=disk+full&empty=&flag&caf%C3%A9=cr%C3%A8me";
  const auto result = client.Post(target, R"({"a":1})", {{"X-Trace-Id", "abc"}});

  ASSERT_EQ(result.status, 201) << result.error;
  const Request seen = echo.Last();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, target);
  EXPECT_EQ(seen.path, "/tickets/ESC-1/notes x");
  EXPECT_EQ(seen.query,
            (Pairs{{"q", "disk full"}, {"empty", ""}, {"flag", ""}, {"caf\xC3\xA9", "cr\xC3\xA8me"}}));
  EXPECT_EQ(seen.Header("x-trace-id"), "abc");
  EXPECT_EQ(seen.Header("content-type"), "application/json");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.remote, "127.0.0.1");
  EXPECT_EQ(seen.Query("q"), "disk full");
}

TEST(HttpServer, WritesStatusContentTypeExtraHeadersAndBody) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());

  const auto result = client.Put("/x", "hello");

  ASSERT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "hello");
  EXPECT_EQ(result.Header("content-type"), "text/plain");
  EXPECT_EQ(result.Header("content-length"), "5");
  EXPECT_EQ(result.Header("connection"), "keep-alive");
  EXPECT_EQ(result.Header("x-echo"), "yes");
  int cookies = 0;
  for (const auto& [name, value] : result.headers) cookies += name == "set-cookie";
  EXPECT_EQ(cookies, 2);
}

TEST(HttpServer, AnswersExpect100ContinueAndReadsTheBody) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());
  const std::string body(64 << 10, 'b');

  const auto result = client.Post("/big", body, {{"Expect", "100-continue"}});

  ASSERT_EQ(result.status, 201) << result.error;
  EXPECT_EQ(result.body, body);
}

TEST(HttpServer, ReusesOneConnectionForKeepAliveRequests) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());

  const auto first = client.Get("/1");
  const auto second = client.Post("/2", "x");
  const auto third = client.Delete("/3");

  ASSERT_EQ(first.status, 200) << first.error;
  EXPECT_EQ(first.new_connections, 1);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.new_connections, 0);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.new_connections, 0);
  EXPECT_EQ(echo.Last().method, "DELETE");
}

TEST(HttpServer, ClosesWhenTheClientAsksForIt) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());

  const auto first = client.Get("/1", {{"Connection", "close"}});
  const auto second = client.Get("/2");

  EXPECT_EQ(first.Header("connection"), "close");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.new_connections, 1);
}

TEST(HttpServer, HeadGetsTheHeadersWithoutTheBody) {
  EchoHandler echo;
  RunningServer server([](const Request&) {
    Response response;
    response.body = "12345";
    return response;
  });
  HttpClient client(server.url());

  const auto head = client.Send("HEAD", "/", "", {});
  const auto get = client.Get("/");

  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "5");
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(get.body, "12345");
  EXPECT_EQ(get.new_connections, 0);
}

TEST(HttpServer, CookiesSetByTheServerComeBackOnTheSameClient) {
  RunningServer server([](const Request& request) {
    Response response;
    if (request.path == "/login") {
      response.headers = {{"Set-Cookie", "session=abc; Path=/; HttpOnly"}};
    } else {
      response.body = std::string(request.Header("cookie"));
    }
    return response;
  });
  HttpClient client(server.url());
  HttpClient stranger(server.url());

  ASSERT_EQ(client.Post("/login", "{}").status, 200);

  EXPECT_EQ(client.Get("/me").body, "session=abc");
  EXPECT_EQ(stranger.Get("/me").body, "");
}

TEST(HttpServer, RejectsABodyOverTheLimitWith413WithoutCallingTheHandler) {
  EchoHandler echo;
  auto options = LoopbackOptions();
  options.max_body_bytes = 1024;
  RunningServer server(echo.AsHandler(), options);
  HttpClient client(server.url());

  const auto result = client.Post("/upload", std::string(4096, 'x'));

  ASSERT_EQ(result.status, 413) << result.error;
  EXPECT_EQ(result.Header("content-type"), "application/json");
  EXPECT_EQ(result.Header("connection"), "close");
  EXPECT_NE(result.body.find(R"({"error":{"code":"payload_too_large","message":")"),
            std::string::npos)
      << result.body;
  EXPECT_EQ(echo.calls(), 0);
  EXPECT_EQ(client.Post("/upload", std::string(1024, 'x')).status, 201);
}

TEST(HttpServer, RejectsAnOversizedBodySentWithoutWaitingWith413) {
  EchoHandler echo;
  auto options = LoopbackOptions();
  options.max_body_bytes = 1024;
  RunningServer server(echo.AsHandler(), options);
  const std::string body(4096, 'x');

  const auto declared = RawExchange(server.port(), "POST /u HTTP/1.1\r\nHost: x\r\n"
                                                   "Content-Length: 4096\r\n\r\n" + body);
  const auto chunked = RawExchange(server.port(), "POST /u HTTP/1.1\r\nHost: x\r\n"
                                                  "Transfer-Encoding: chunked\r\n\r\n"
                                                  "1000\r\n" + body + "\r\n0\r\n\r\n");

  EXPECT_TRUE(declared.closed_by_server);
  EXPECT_TRUE(declared.received.starts_with("HTTP/1.1 413 ")) << declared.received;
  EXPECT_TRUE(chunked.closed_by_server);
  EXPECT_TRUE(chunked.received.starts_with("HTTP/1.1 413 ")) << chunked.received;
  EXPECT_EQ(echo.calls(), 0);
}

TEST(HttpServer, RejectsHeadersOverTheLimitWith431) {
  EchoHandler echo;
  auto options = LoopbackOptions();
  options.max_header_bytes = 1024;
  RunningServer server(echo.AsHandler(), options);
  HttpClient client(server.url());

  const auto result = client.Get("/", {{"X-Big", std::string(4096, 'h')}});

  ASSERT_EQ(result.status, 431) << result.error;
  EXPECT_NE(result.body.find(R"("code":"headers_too_large")"), std::string::npos) << result.body;
  EXPECT_EQ(echo.calls(), 0);
}

TEST(HttpServer, AnswersMalformedHttpWith400AndCloses) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());

  const auto outcome = RawExchange(server.port(), "THIS IS NOT HTTP\r\n\r\n");

  EXPECT_TRUE(outcome.closed_by_server);
  EXPECT_TRUE(outcome.received.starts_with("HTTP/1.1 400 ")) << outcome.received;
  EXPECT_NE(outcome.received.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(outcome.received.find(R"({"error":{"code":"bad_request")"), std::string::npos);
  EXPECT_EQ(echo.calls(), 0);
}

TEST(HttpServer, AnswersBadPercentEncodingOrNulInThePathWith400) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  HttpClient client(server.url());

  const auto bad_escape = client.Get("/tickets/%zz");
  const auto nul = client.Get("/tickets/a%00b");
  const auto fine = client.Get("/tickets/a%20b");

  EXPECT_EQ(bad_escape.status, 400);
  EXPECT_EQ(bad_escape.Header("content-type"), "application/json");
  EXPECT_NE(bad_escape.body.find(R"("code":"bad_request")"), std::string::npos);
  EXPECT_EQ(nul.status, 400);
  EXPECT_EQ(fine.status, 200);
  EXPECT_EQ(fine.new_connections, 0);  // a 400 for a well-framed request keeps the connection
  EXPECT_EQ(echo.calls(), 1);
}

TEST(HttpServer, HandlerExceptionGives500JsonAndTheServerKeepsServing) {
  RunningServer server([](const Request& request) -> Response {
    if (request.path == "/boom") throw std::runtime_error("database on fire");
    if (request.path == "/int") throw 42;
    Response response;
    response.body = "ok";
    return response;
  });
  HttpClient client(server.url());

  const auto boom = client.Get("/boom");
  const auto thrown_int = client.Get("/int");
  const auto ok = client.Get("/ok");

  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.Header("content-type"), "application/json");
  EXPECT_EQ(boom.body, ErrorJson("internal", "internal error"));
  EXPECT_EQ(boom.body.find("fire"), std::string::npos);  // internals stay inside
  EXPECT_EQ(thrown_int.status, 500);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "ok");
  EXPECT_EQ(ok.new_connections, 0);
}

TEST(HttpServer, ReplacesAnImpossibleStatusAndUnsafeHeaders) {
  RunningServer server([](const Request& request) {
    Response response;
    response.status = request.path == "/bad-status" ? 42 : 200;
    response.headers = {{"X-Split", "a\r\nX-Injected: 1"}, {"Content-Length", "999"}};
    response.body = "body";
    return response;
  });
  HttpClient client(server.url());

  const auto bad_status = client.Get("/bad-status");
  const auto split = client.Get("/split");

  EXPECT_EQ(bad_status.status, 500);
  EXPECT_EQ(split.status, 200);
  EXPECT_EQ(split.Header("x-injected"), "");
  EXPECT_EQ(split.Header("x-split"), "");
  EXPECT_EQ(split.Header("content-length"), "4");
  EXPECT_EQ(split.body, "body");
}

TEST(HttpServer, ServesConcurrentRequestsFromSeveralThreads) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  constexpr int kThreads = 8;
  constexpr int kRequests = 25;
  std::atomic<int> good{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server.url());
      for (int i = 0; i < kRequests; ++i) {
        const std::string body = std::to_string(t) + "-" + std::to_string(i);
        const auto result = client.Post("/echo?t=" + std::to_string(t), body);
        if (result.status == 201 && result.body == body) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(good.load(), kThreads * kRequests);
  EXPECT_EQ(echo.calls(), kThreads * kRequests);
}

TEST(HttpServer, LogsOneEntryPerFinishedRequest) {
  LogRecorder recorder;
  EchoHandler echo;
  RunningServer server(echo.AsHandler(), LoopbackOptions(), recorder.Callback());
  HttpClient client(server.url());

  client.Get("/a%20b");
  client.Post("/c", "x");
  client.Get("/%zz");

  ASSERT_TRUE(recorder.WaitForCount(3, std::chrono::seconds(10)));
  const auto entries = recorder.Entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].path, "/a b");
  EXPECT_EQ(entries[0].status, 200);
  EXPECT_EQ(entries[0].remote, "127.0.0.1");
  EXPECT_GE(entries[0].duration.count(), 0);
  EXPECT_EQ(entries[1].method, "POST");
  EXPECT_EQ(entries[1].status, 201);
  EXPECT_EQ(entries[2].status, 400);
}

TEST(HttpServer, ClosesAConnectionWhoseRequestDoesNotArriveInTime) {
  EchoHandler echo;
  auto options = LoopbackOptions();
  options.read_timeout = std::chrono::seconds(1);
  RunningServer server(echo.AsHandler(), options);

  const auto outcome = RawExchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n");

  EXPECT_TRUE(outcome.closed_by_server);
  EXPECT_EQ(outcome.received, "");
  EXPECT_EQ(echo.calls(), 0);
}

TEST(HttpServer, ClosesAnIdleKeepAliveConnectionAfterTheIdleTimeout) {
  EchoHandler echo;
  auto options = LoopbackOptions();
  options.idle_timeout = std::chrono::seconds(1);
  RunningServer server(echo.AsHandler(), options);

  const auto outcome = RawExchange(server.port(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");

  EXPECT_TRUE(outcome.closed_by_server);
  EXPECT_TRUE(outcome.received.starts_with("HTTP/1.1 200 ")) << outcome.received;
  EXPECT_NE(outcome.received.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(HttpServer, ServesPipelinedRequestsInOrder) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());

  const auto outcome = RawExchange(server.port(),
                                   "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                                   "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                   "Connection: close\r\n\r\ntwo");

  EXPECT_TRUE(outcome.closed_by_server);
  const auto one = outcome.received.find("\r\n\r\none");
  const auto two = outcome.received.find("\r\n\r\ntwo");
  ASSERT_NE(one, std::string::npos) << outcome.received;
  ASSERT_NE(two, std::string::npos) << outcome.received;
  EXPECT_LT(one, two);
}

TEST(HttpServer, BindsAFreePortForPortZeroAndThrowsWhenThePortIsTaken) {
  EchoHandler echo;
  RunningServer server(echo.AsHandler());
  ASSERT_NE(server.port(), 0);

  auto options = LoopbackOptions();
  options.port = server.port();
  EXPECT_THROW(Server(options, echo.AsHandler()), std::system_error);
  options.host = "192.0.2.1";  // TEST-NET-1: a valid address that is not this machine's
  options.port = 0;
  EXPECT_THROW(Server(options, echo.AsHandler()), std::system_error);
}

}  // namespace
}  // namespace esc::http
