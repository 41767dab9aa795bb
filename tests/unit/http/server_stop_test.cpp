// Graceful stop: a request in progress is finished and written, idle keep-alive connections
// are closed, nothing new is accepted, and Run() returns. The slow handler is held on a
// promise the test releases, never on a sleep.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "http/server.h"
#include "support/http_client.h"
#include "unit/http/running_server.h"

namespace esc::http {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackOptions;
using testing::RunningServer;
using test_support::HttpClient;
using test_support::HttpResult;

Handler Ok() {
  return [](const Request&) {
    Response response;
    response.body = "ok";
    return response;
  };
}

TEST(HttpServerStop, LetsTheRequestInProgressFinishAndBeWritten) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server([&, released](const Request& request) {
    Response response;
    if (request.path == "/slow") {
      entered.set_value();
      released.wait();
      response.body = std::string(256 << 10, 's');  // more than one socket write
    }
    return response;
  });
  HttpClient idle(server.url());
  ASSERT_EQ(idle.Get("/").status, 200);  // an idle keep-alive connection during the stop

  auto slow = std::async(std::launch::async, [url = server.url()] {
    HttpClient client(url);
    return client.Get("/slow");
  });
  ASSERT_EQ(entered.get_future().wait_for(20s), std::future_status::ready);

  server.Stop();
  EXPECT_FALSE(server.WaitUntilStopped(0ms)) << "Run() returned with a request in progress";
  release.set_value();
  const HttpResult result = slow.get();

  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body.size(), std::size_t{256 << 10});
  EXPECT_EQ(result.Header("connection"), "close");
  EXPECT_TRUE(server.WaitUntilStopped(20s));
  EXPECT_EQ(HttpClient(server.url()).Get("/").status, 0) << "still accepting after Stop()";
}

TEST(HttpServerStop, ClosesIdleKeepAliveConnectionsAndRunReturns) {
  RunningServer server(Ok());
  HttpClient first(server.url());
  HttpClient second(server.url());
  ASSERT_EQ(first.Get("/").Header("connection"), "keep-alive");
  ASSERT_EQ(second.Get("/").Header("connection"), "keep-alive");

  server.Stop();

  EXPECT_TRUE(server.WaitUntilStopped(20s));
  EXPECT_EQ(first.Get("/").status, 0);
}

TEST(HttpServerStop, StopBeforeRunMakesRunReturn) {
  Server server(LoopbackOptions(), Ok());
  server.Stop();
  auto run = std::async(std::launch::async, [&] { server.Run(); });
  EXPECT_EQ(run.wait_for(20s), std::future_status::ready);
}

TEST(HttpServerStop, StopFromInsideAHandlerStillAnswersIt) {
  Server* self = nullptr;
  Server server(LoopbackOptions(), [&](const Request&) {
    self->Stop();
    Response response;
    response.body = "bye";
    return response;
  });
  self = &server;
  auto run = std::async(std::launch::async, [&] { server.Run(); });
  HttpClient client("http://127.0.0.1:" + std::to_string(server.port()));

  const auto result = client.Get("/stop");

  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "bye");
  EXPECT_EQ(result.Header("connection"), "close");
  EXPECT_EQ(run.wait_for(20s), std::future_status::ready);
}

TEST(HttpServerStop, DestroyingAServerThatNeverRanIsFine) {
  Server server(LoopbackOptions(), Ok());
  EXPECT_NE(server.port(), 0);
}

}  // namespace
}  // namespace esc::http
