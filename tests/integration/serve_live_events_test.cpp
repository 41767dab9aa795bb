// Black-box tests of the live event stream GET /api/v1/events (Server-Sent Events): staff
// see every ticket event as it is committed; a customer sees only the public events of
// their own organisation's tickets, never internal notes, and in the public shape.
//
// SseReader has no cookie jar: the session cookie is sent as a header. A stream is known
// to be subscribed once its response headers have arrived (the subscription is made
// before they are written), so each test waits for them before acting.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using namespace std::chrono_literals;
using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpResult;
using test_support::Json;
using test_support::SseReader;

constexpr auto kTimeout = 10s;

class ServeLiveEvents : public test_support::SharedDemoServerTest<ServeLiveEvents> {
 public:
  static constexpr const char* kSuiteName = "ServeLiveEvents";

 protected:

  // The event stream of a logged-in user, subscribed (its headers have arrived).
  static std::unique_ptr<SseReader> Stream(const std::string& user) {
    auto reader = std::make_unique<SseReader>(
        server_->url() + "/api/v1/events", test_support::HeaderList{{"Cookie", As(user).cookie()}});
    // Pump the transfer in short slices until the status line and headers are in.
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (reader->status() == 0 && std::chrono::steady_clock::now() < deadline) {
      reader->WaitFor("\x01 never sent", 20ms);
    }
    EXPECT_EQ(reader->status(), 200) << reader->received();
    return reader;
  }

  static Json Open(const std::string& customer, std::string_view subject) {
    HttpResult r = As(customer).Post(
        "/api/v1/tickets",
        Json{{"subject", subject}, {"category", "account"}, {"impact", "low"}, {"urgency", "low"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return BodyJson(r);
  }

};

TEST_F(ServeLiveEvents, StaffStreamReceivesTicketCreated) {
  auto staff = Stream("ben");
  ASSERT_EQ(staff->status(), 200);
  std::string content_type;
  for (const auto& [name, value] : staff->headers()) {
    if (name == "content-type") content_type = value;
  }
  EXPECT_EQ(content_type, "text/event-stream");

  const Json ticket = Open("alice", "Cannot reset my password");
  const std::string key = ticket["key"];
  ASSERT_TRUE(staff->WaitFor("event: ticket.created\ndata: ", kTimeout)) << staff->received();
  ASSERT_TRUE(staff->WaitFor("\n\n", kTimeout));
  // The frame's data is the staff shape: the ticket, who did it, where it is now.
  const std::string& text = staff->received();
  const auto start = text.find("event: ticket.created\ndata: ") +
                     std::string("event: ticket.created\ndata: ").size();
  const Json data = Json::parse(text.substr(start, text.find('\n', start) - start), nullptr, false);
  ASSERT_TRUE(data.is_object()) << text;
  EXPECT_EQ(data["key"], key);
  EXPECT_EQ(data["ticket_id"], ticket["id"]);
  EXPECT_EQ(data["actor"], "alice");
  EXPECT_EQ(data["team"], "frontline");
  EXPECT_EQ(data["data"]["subject"], "Cannot reset my password");
  // What followed in the same commit comes after it.
  EXPECT_TRUE(staff->WaitFor("event: ticket.assigned", kTimeout)) << staff->received();
}

TEST_F(ServeLiveEvents, CustomerStreamNeverReceivesInternalNotes) {
  const Json ticket = Open("alice", "Invoices show the wrong address");
  const std::int64_t id = ticket["id"];
  const std::string key = ticket["key"];
  const std::string path = "/api/v1/tickets/" + std::to_string(id) + "/messages";
  auto customer = Stream("alice");
  auto other_customer = Stream("bob");
  auto staff = Stream("ben");

  ASSERT_EQ(As("ben")
                .Post(path, Json{{"body", "Internal: address table is stale"}, {"internal", true}})
                .status,
            201);
  ASSERT_EQ(As("ben").Post(path, Json{{"body", "We are fixing the address."}}).status, 201);

  // Staff see the note, then the reply.
  ASSERT_TRUE(staff->WaitFor("event: ticket.note_added", kTimeout)) << staff->received();
  ASSERT_TRUE(staff->WaitFor("event: ticket.replied", kTimeout)) << staff->received();
  // The customer gets the reply; the note, published before it, never came.
  ASSERT_TRUE(customer->WaitFor("event: ticket.replied", kTimeout)) << customer->received();
  ASSERT_TRUE(customer->WaitFor("\n\n", kTimeout));
  EXPECT_EQ(customer->received().find("note_added"), std::string::npos) << customer->received();
  EXPECT_EQ(customer->received().find("address table"), std::string::npos);
  EXPECT_EQ(customer->received().find("\"team\""), std::string::npos) << "staff fields leaked";
  EXPECT_NE(customer->received().find("\"key\":\"" + key + "\""), std::string::npos);

  // Another organisation's customer sees none of it: a ticket of bob's own, opened after
  // all of the above, is the first thing on bob's stream.
  const Json bobs = Open("bob", "Our own ticket");
  ASSERT_TRUE(other_customer->WaitFor("event: ticket.created", kTimeout))
      << other_customer->received();
  const std::string& seen = other_customer->received();
  EXPECT_EQ(seen.find(key + "\""), std::string::npos) << seen;
  EXPECT_NE(seen.find(bobs["key"].get<std::string>() + "\""), std::string::npos) << seen;
  EXPECT_EQ(seen.find("event: ticket."), seen.find("event: ticket.created")) << seen;
}

}  // namespace
}  // namespace esc
