// Loopback tests of Server-Sent Events: frames pushed from another thread arrive in order,
// a quiet feed gets heartbeats, and a stream ends cleanly when the client leaves or the
// server stops, with the feed's wake function still safe to call afterwards.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/server.h"
#include "support/http_client.h"
#include "unit/http/running_server.h"

namespace esc::http {
namespace {

using namespace std::chrono_literals;
using testing::LogRecorder;
using testing::LoopbackOptions;
using testing::RunningServer;
using test_support::SseReader;

// A feed whose frames a test pushes from any thread.
class QueueFeed : public EventFeed {
 public:
  void Start(std::function<void()> wake) override {
    {
      std::lock_guard lock(mutex_);
      wake_ = std::move(wake);
    }
    started_.set_value();
  }
  std::string Take() override {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, std::string());
  }

  void Push(const std::string& frame) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      pending_ += frame;
      wake = wake_;
    }
    if (wake) wake();
  }
  // Calls the wake function the server gave, whatever state the stream is in.
  void Wake() {
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      wake = wake_;
    }
    if (wake) wake();
  }
  bool WaitStarted(std::chrono::milliseconds timeout) {
    return started_future_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  std::mutex mutex_;
  std::string pending_;
  std::function<void()> wake_;
  std::promise<void> started_;
  std::shared_future<void> started_future_ = started_.get_future().share();
};

Handler StreamOf(std::shared_ptr<QueueFeed> feed) {
  return [feed](const Request& request) {
    Response response;
    if (request.path != "/events") {
      response.status = 404;
      return response;
    }
    response.feed = feed;
    response.headers = {{"X-Stream", "1"}};
    return response;
  };
}

TEST(HttpServerEvents, DeliversFramesWokenFromAnotherThreadInOrder) {
  auto feed = std::make_shared<QueueFeed>();
  RunningServer server(StreamOf(feed));
  SseReader reader(server.url() + "/events");
  constexpr int kFrames = 200;

  std::jthread producer([&] {
    if (!feed->WaitStarted(20s)) return;
    for (int i = 0; i < kFrames; ++i) {
      feed->Push("event: tick\ndata: " + std::to_string(i) + "\n\n");
    }
  });
  for (int i = 0; i < kFrames; ++i) {
    ASSERT_TRUE(reader.WaitFor("data: " + std::to_string(i) + "\n\n", 20s))
        << "frame " << i << "; received: " << reader.received();
  }
  producer.join();  // (a failed ASSERT above leaves it to the jthread destructor)

  EXPECT_EQ(reader.status(), 200);
  const auto header = [&](std::string_view name) {
    for (const auto& [key, value] : reader.headers()) {
      if (key == name) return value;
    }
    return std::string();
  };
  EXPECT_EQ(header("content-type"), "text/event-stream");
  EXPECT_EQ(header("cache-control"), "no-cache");
  EXPECT_EQ(header("transfer-encoding"), "chunked");
  EXPECT_EQ(header("x-stream"), "1");
}

TEST(HttpServerEvents, SendsAHeartbeatWhenTheFeedIsQuiet) {
  auto feed = std::make_shared<QueueFeed>();
  auto options = LoopbackOptions();
  options.heartbeat = 1s;
  RunningServer server(StreamOf(feed), options);
  SseReader reader(server.url() + "/events");

  ASSERT_TRUE(reader.WaitFor(": keepalive\n\n", 20s)) << reader.received();
  feed->Push("data: after\n\n");
  EXPECT_TRUE(reader.WaitFor("data: after\n\n", 20s));
}

TEST(HttpServerEvents, EndsTheStreamWhenTheClientLeavesAndWakeStaysSafe) {
  auto feed = std::make_shared<QueueFeed>();
  LogRecorder recorder;
  {
    RunningServer server(StreamOf(feed), LoopbackOptions(), recorder.Callback());
    {
      SseReader reader(server.url() + "/events");
      feed->Push("data: hello\n\n");  // buffered until Start; Take() runs right after it
      ASSERT_TRUE(reader.WaitFor("data: hello\n\n", 20s));
    }  // the reader closes its connection

    ASSERT_TRUE(recorder.WaitForCount(1, 20s)) << "the stream did not end";
    const auto entry = recorder.Entries().front();
    EXPECT_EQ(entry.path, "/events");
    EXPECT_EQ(entry.status, 200);
    feed->Push("data: nobody listens\n\n");  // wake after the stream ended
    feed->Wake();
  }
  feed->Wake();  // and after the server is gone
}

TEST(HttpServerEvents, StopEndsOpenStreamsAndRunReturns) {
  auto feed = std::make_shared<QueueFeed>();
  RunningServer server(StreamOf(feed));
  SseReader reader(server.url() + "/events");
  feed->Push("data: first\n\n");
  ASSERT_TRUE(reader.WaitFor("data: first\n\n", 20s));

  server.Stop();

  EXPECT_TRUE(reader.WaitForEnd(20s));
  EXPECT_TRUE(server.WaitUntilStopped(20s));
  feed->Wake();
}

}  // namespace
}  // namespace esc::http
