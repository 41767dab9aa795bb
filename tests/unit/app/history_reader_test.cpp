// Tests of the history reader (app/history_reader.h): one ticket per JSON line in the
// format of docs/simulation.md, every known field checked, errors naming the field, and
// the reader's "line N: " prefix; plus the round trip through app::AppendHistoryJson.
#include "app/history_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "app/history_json.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using core::HistoryEvent;
using core::HistoryTicket;
using core::Instant;
using core::TicketEventKind;
using core::TicketStatus;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Instant At(std::string_view text) {
  auto parsed = core::ParseDateTime(text);
  EXPECT_TRUE(parsed.has_value() && parsed->utc_offset.has_value()) << text;
  return core::ToInstant(*parsed);
}

// The documented example of docs/simulation.md, on one line, with every field.
constexpr const char* kFullTicket =
    R"({"id": "T0000001", "created": "2026-01-05T00:56:35+00:00", "tier": "gold", )"
    R"("impact": "medium", "urgency": "low", "priority": "low", "category": "technical", )"
    R"("channel": "portal", "events": [)"
    R"({"at": "2026-01-05T08:24:22+00:00", "type": "agent_reply"}, )"
    R"({"at": "2026-01-05T12:40:26+00:00", "type": "customer_reply", "sentiment": -0.05}, )"
    R"({"at": "2026-01-05T14:15:29+00:00", "type": "status", "status": "waiting_on_customer"}, )"
    R"({"at": "2026-01-07T00:48:22+00:00", "type": "customer_reply", "sentiment": -0.85, )"
    R"("words": ["cancel", "lawyer"], "asks_to_escalate": true}, )"
    R"({"at": "2026-01-07T00:48:23+00:00", "type": "status", "status": "open"}, )"
    R"({"at": "2026-01-07T02:00:00+01:00", "type": "status", "status": "waiting_on_third_party"}, )"
    R"({"at": "2026-01-07T02:00:00Z", "type": "status", "status": "open"}, )"
    R"({"at": "2026-01-08T09:26:55+00:00", "type": "status", "status": "resolved"}, )"
    R"({"at": "2026-01-09T09:00:00+00:00", "type": "status", "status": "reopened"}, )"
    R"({"at": "2026-01-09T10:00:00+00:00", "type": "status", "status": "closed"}]})";

// A minimal valid ticket with `replace` substituted for the text `find` in it.
std::string Minimal(std::string_view find = "", std::string_view replace = "") {
  std::string text =
      R"({"id": "A", "created": "2026-01-05T10:00:00Z", "tier": "gold", "priority": "low", )"
      R"("category": "tech", "channel": "email", "events": [)"
      R"({"at": "2026-01-05T11:00:00Z", "type": "agent_reply"}]})";
  if (!find.empty()) {
    const auto pos = text.find(find);
    EXPECT_NE(pos, std::string::npos) << find;
    if (pos != std::string::npos) text.replace(pos, find.size(), replace);
  }
  return text;
}

// The message of parsing `json`, which must fail.
std::string ErrorOf(std::string_view json) {
  HistoryParser parser;
  auto parsed = parser.Parse(json);
  if (parsed) {
    ADD_FAILURE() << "parsed: " << json;
    return "";
  }
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalid);
  return parsed.error().message;
}

void ExpectSameTicket(const HistoryTicket& a, const HistoryTicket& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.tier, b.tier);
  EXPECT_EQ(a.impact, b.impact);
  EXPECT_EQ(a.urgency, b.urgency);
  EXPECT_EQ(a.priority, b.priority);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.channel, b.channel);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a.events[i].event.at, b.events[i].event.at);
    EXPECT_EQ(a.events[i].event.kind, b.events[i].event.kind);
    EXPECT_EQ(a.events[i].event.status, b.events[i].event.status);
    EXPECT_EQ(a.events[i].sentiment, b.events[i].sentiment);
    EXPECT_EQ(a.events[i].words, b.events[i].words);
    EXPECT_EQ(a.events[i].asks_to_escalate, b.events[i].asks_to_escalate);
  }
}

// ---------------------------------------------------------------------------------------
// Parsing

TEST(HistoryParser, ReadsEveryFieldAndEveryKindOfEvent) {
  HistoryParser parser;
  auto parsed = parser.Parse(kFullTicket);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const HistoryTicket& t = *parsed;
  EXPECT_EQ(t.id, "T0000001");
  EXPECT_EQ(t.created, At("2026-01-05T00:56:35Z"));
  EXPECT_EQ(t.tier, "gold");
  EXPECT_EQ(t.impact, "medium");
  EXPECT_EQ(t.urgency, "low");
  EXPECT_EQ(t.priority, "low");
  EXPECT_EQ(t.category, "technical");
  EXPECT_EQ(t.channel, "portal");
  ASSERT_EQ(t.events.size(), 10u);

  EXPECT_EQ(t.events[0].event.at, At("2026-01-05T08:24:22Z"));
  EXPECT_EQ(t.events[0].event.kind, TicketEventKind::kAgentReplied);
  EXPECT_EQ(t.events[0].sentiment, std::nullopt);
  EXPECT_TRUE(t.events[0].words.empty());
  EXPECT_FALSE(t.events[0].asks_to_escalate);

  EXPECT_EQ(t.events[1].event.kind, TicketEventKind::kCustomerReplied);
  EXPECT_EQ(t.events[1].sentiment, -0.05);
  EXPECT_FALSE(t.events[1].asks_to_escalate);

  EXPECT_EQ(t.events[2].event.kind, TicketEventKind::kStatusChanged);
  EXPECT_EQ(t.events[2].event.status, TicketStatus::kWaitingOnCustomer);

  EXPECT_EQ(t.events[3].event.kind, TicketEventKind::kCustomerReplied);
  EXPECT_EQ(t.events[3].event.at, At("2026-01-07T00:48:22Z"));
  EXPECT_EQ(t.events[3].sentiment, -0.85);
  EXPECT_THAT(t.events[3].words, ElementsAre("cancel", "lawyer"));
  EXPECT_TRUE(t.events[3].asks_to_escalate);

  EXPECT_EQ(t.events[4].event.status, TicketStatus::kOpen);
  EXPECT_EQ(t.events[5].event.status, TicketStatus::kWaitingOnThirdParty);
  EXPECT_EQ(t.events[5].event.at, At("2026-01-07T01:00:00Z"));  // 02:00 at +01:00
  EXPECT_EQ(t.events[6].event.at, At("2026-01-07T02:00:00Z"));
  EXPECT_EQ(t.events[7].event.status, TicketStatus::kResolved);
  EXPECT_EQ(t.events[8].event.status, TicketStatus::kReopened);
  EXPECT_EQ(t.events[9].event.status, TicketStatus::kClosed);
}

TEST(HistoryParser, UnknownKeysAreIgnoredAtEveryLevel) {
  HistoryParser parser;
  auto parsed = parser.Parse(
      R"({"source": {"system": "zendesk", "ids": [1, 2, {"x": null}]}, "id": "A", )"
      R"("created": "2026-01-05T10:00:00Z", "tier": "gold", "priority": "low", "score": 3.5, )"
      R"("category": "tech", "channel": "email", "tags": [], "events": [)"
      R"({"at": "2026-01-05T11:00:00Z", "author": "ana", "type": "agent_reply", "public": true}]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->id, "A");
  EXPECT_EQ(parsed->tier, "gold");
  EXPECT_EQ(parsed->impact, "");
  ASSERT_EQ(parsed->events.size(), 1u);
  EXPECT_EQ(parsed->events[0].event.kind, TicketEventKind::kAgentReplied);
}

TEST(HistoryParser, AnOffsetIsAppliedAndEscapesAreDecoded) {
  HistoryParser parser;
  auto parsed =
      parser.Parse(Minimal(R"("id": "A", "created": "2026-01-05T10:00:00Z")",
                           R"("id": "T\u00e9\"1", "created": "2026-01-05T12:30:00+02:00")"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->id, "T\xc3\xa9\"1");
  EXPECT_EQ(parsed->created, At("2026-01-05T10:30:00Z"));
}

TEST(HistoryParser, SentimentBoundsAndAnEmptyEventListAreAccepted) {
  HistoryParser parser;
  auto parsed = parser.Parse(
      Minimal(R"({"at": "2026-01-05T11:00:00Z", "type": "agent_reply"})",
              R"({"at": "2026-01-05T11:00:00Z", "type": "customer_reply", "sentiment": -1}, )"
              R"({"at": "2026-01-05T11:00:00Z", "type": "customer_reply", "sentiment": 1, )"
              R"("asks_to_escalate": false, "words": []})"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->events.size(), 2u);
  EXPECT_EQ(parsed->events[0].sentiment, -1.0);
  EXPECT_EQ(parsed->events[1].sentiment, 1.0);
  EXPECT_EQ(parsed->events[1].event.at, parsed->events[0].event.at);  // equal instants: in order

  auto empty =
      parser.Parse(Minimal(R"({"at": "2026-01-05T11:00:00Z", "type": "agent_reply"})", ""));
  ASSERT_TRUE(empty.has_value()) << empty.error().message;
  EXPECT_TRUE(empty->events.empty());
}

TEST(HistoryParser, EachMissingRequiredFieldIsNamed) {
  EXPECT_EQ(ErrorOf(Minimal(R"("id": "A", )", "")), "\"id\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("created": "2026-01-05T10:00:00Z", )", "")),
            "\"created\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("tier": "gold", )", "")), "\"tier\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("priority": "low", )", "")), "\"priority\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("category": "tech", )", "")), "\"category\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("channel": "email", )", "")), "\"channel\" is required");
  EXPECT_EQ(ErrorOf(Minimal(
                R"(, "events": [{"at": "2026-01-05T11:00:00Z", "type": "agent_reply"}])", "")),
            "\"events\" is required");
  EXPECT_EQ(ErrorOf(Minimal(R"("id": "A")", R"("id": "")")), "\"id\" is required");
}

TEST(HistoryParser, WrongTypesAreNamed) {
  EXPECT_EQ(ErrorOf(Minimal(R"("id": "A")", R"("id": 17)")), "\"id\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("tier": "gold")", R"("tier": ["gold"])")),
            "\"tier\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("priority": "low")", R"("priority": null)")),
            "\"priority\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("channel": "email")", R"("channel": true)")),
            "\"channel\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("tier": "gold")", R"("tier": "gold", "impact": 2)")),
            "\"impact\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("created": "2026-01-05T10:00:00Z")", R"("created": 1767607200)")),
            "\"created\" must be a string such as \"2026-03-06T16:30:00Z\"");
  EXPECT_EQ(ErrorOf(Minimal(R"("events": [)", R"("events": {"x": [)") + "}"),
            "\"events\" must be a list");
  EXPECT_EQ(ErrorOf(Minimal(R"({"at": "2026-01-05T11:00:00Z", "type": "agent_reply"})", "3")),
            "events[0]: must be an object");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply")", R"("type": 1)")),
            "events[0]: \"type\" must be a string");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply")",
                            R"("type": "customer_reply", "words": "cancel")")),
            "events[0]: \"words\" must be a list of strings");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply")",
                            R"("type": "customer_reply", "words": ["cancel", 3])")),
            "events[0]: \"words\" must be a list of strings");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply")",
                            R"("type": "customer_reply", "asks_to_escalate": "yes")")),
            "events[0]: \"asks_to_escalate\" must be true or false");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply")",
                            R"("type": "customer_reply", "sentiment": "bad")")),
            "events[0]: \"sentiment\" must be a number from -1 to 1");
}

TEST(HistoryParser, BadInstantsAreNamed) {
  const std::string bad = ErrorOf(Minimal("2026-01-05T10:00:00Z", "2026-01-05 10:00"));
  EXPECT_THAT(bad, StartsWith("\"created\": "));
  EXPECT_THAT(bad, HasSubstr("2026-01-05 10:00"));
  const std::string month = ErrorOf(Minimal("2026-01-05T10:00:00Z", "2026-13-05T10:00:00Z"));
  EXPECT_THAT(month, StartsWith("\"created\": "));
  EXPECT_EQ(ErrorOf(Minimal("2026-01-05T10:00:00Z", "2026-01-05T10:00:00")),
            "\"created\": \"2026-01-05T10:00:00\" needs an offset (Z or +HH:MM)");
  EXPECT_EQ(ErrorOf(Minimal("2026-01-05T11:00:00Z", "2026-01-05T11:00:00")),
            "events[0]: \"at\": \"2026-01-05T11:00:00\" needs an offset (Z or +HH:MM)");
  EXPECT_THAT(ErrorOf(Minimal("2026-01-05T11:00:00Z", "yesterday")),
              StartsWith("events[0]: \"at\": "));
  EXPECT_EQ(ErrorOf(Minimal(R"("at": "2026-01-05T11:00:00Z")", R"("at": 5)")),
            "events[0]: \"at\" must be a string such as \"2026-03-06T16:30:00Z\"");
}

TEST(HistoryParser, EventProblemsAreNamedWithTheirIndex) {
  auto with_second = [&](std::string_view event) {
    return Minimal(R"("type": "agent_reply"})",
                   std::string(R"("type": "agent_reply"}, )") + std::string(event));
  };
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "note"})")),
            "events[1]: type \"note\" is not one of agent_reply, customer_reply, status");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "status", )"
                                R"("status": "pending"})")),
            "events[1]: status \"pending\" is not one of open, waiting_on_customer, "
            "waiting_on_third_party, resolved, closed, reopened");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "status", )"
                                R"("status": "new"})")),
            "events[1]: status \"new\" is not one of open, waiting_on_customer, "
            "waiting_on_third_party, resolved, closed, reopened");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "status"})")),
            "events[1]: of type status needs \"status\"");
  EXPECT_EQ(ErrorOf(with_second(R"({"type": "agent_reply"})")), "events[1]: needs \"at\"");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z"})")), "events[1]: needs \"type\"");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "customer_reply", )"
                                R"("sentiment": 1.5})")),
            "events[1]: \"sentiment\" must be a number from -1 to 1");
  EXPECT_EQ(ErrorOf(with_second(R"({"at": "2026-01-05T12:00:00Z", "type": "customer_reply", )"
                                R"("sentiment": -1.01})")),
            "events[1]: \"sentiment\" must be a number from -1 to 1");
}

TEST(HistoryParser, EventsOutOfOrderOrBeforeCreationAreRefused) {
  EXPECT_EQ(ErrorOf(Minimal("2026-01-05T11:00:00Z", "2026-01-05T09:59:59Z")),
            "events[0] at 2026-01-05T09:59:59+00:00 comes before 2026-01-05T10:00:00+00:00: "
            "events must be in time order");
  EXPECT_EQ(ErrorOf(Minimal(R"("type": "agent_reply"})",
                            R"("type": "agent_reply"}, {"at": "2026-01-05T10:30:00Z", )"
                            R"("type": "customer_reply"})")),
            "events[1] at 2026-01-05T10:30:00+00:00 comes before 2026-01-05T11:00:00+00:00: "
            "events must be in time order");
}

TEST(HistoryParser, TextThatIsNotOneJsonObjectIsRefused) {
  EXPECT_THAT(ErrorOf(R"({"id": "A)"), StartsWith("not JSON: "));
  EXPECT_THAT(ErrorOf(R"({"id": "A, "created": 1})"), StartsWith("not JSON: "));
  EXPECT_THAT(ErrorOf("[1, 2]"), "a ticket must be a JSON object");
  EXPECT_THAT(ErrorOf("\"ticket\""), "a ticket must be a JSON object");
  EXPECT_EQ(ErrorOf(Minimal() + " {}"), "unexpected text after the ticket object");
  EXPECT_EQ(ErrorOf(Minimal(R"("tier": "gold")", R"("tier": "gold", "extra": [1, })")),
            "malformed JSON in \"extra\"");
}

// A complete ticket object followed by text that is not JSON is refused for its trailing
// text, like one followed by a second object (" {}" above); it is a JSON object.
TEST(HistoryParser, TrailingWordsAfterTheObjectAreReportedAsTrailingText) {
  EXPECT_EQ(ErrorOf(Minimal() + " x"), "unexpected text after the ticket object");
  EXPECT_EQ(ErrorOf(Minimal() + " trailing"), "unexpected text after the ticket object");
}

// ---------------------------------------------------------------------------------------
// Reading a stream

TEST(HistoryReader, SkipsBlankLinesToleratesCrlfAndCountsLines) {
  std::istringstream in("\n" + Minimal() + "\r\n  \t\r\n\r\n" +
                        Minimal(R"("id": "A")", R"("id": "B")") + "\r\n" +
                        Minimal(R"("id": "A")", R"("id": "C")"));  // no final newline
  HistoryReader reader(in);
  auto a = reader.Next();
  ASSERT_TRUE(a.has_value()) << a.error().message;
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->id, "A");
  EXPECT_EQ((*a)->channel, "email");  // the '\r' is not part of the JSON
  EXPECT_EQ(reader.line(), 2u);
  auto b = reader.Next();
  ASSERT_TRUE(b.has_value() && b->has_value());
  EXPECT_EQ((*b)->id, "B");
  EXPECT_EQ(reader.line(), 5u);
  auto c = reader.Next();
  ASSERT_TRUE(c.has_value() && c->has_value());
  EXPECT_EQ((*c)->id, "C");
  EXPECT_EQ(reader.line(), 6u);
  auto end = reader.Next();
  ASSERT_TRUE(end.has_value());
  EXPECT_FALSE(end->has_value());
  auto still_end = reader.Next();
  ASSERT_TRUE(still_end.has_value());
  EXPECT_FALSE(still_end->has_value());
}

TEST(HistoryReader, ErrorsStartWithTheLineNumberAndReadingGoesOn) {
  std::istringstream in(Minimal() + "\n\n" + Minimal(R"("tier": "gold", )", "") + "\n" +
                        Minimal(R"("id": "A")", R"("id": "B")") + " {}\n" +
                        Minimal(R"("id": "A")", R"("id": "D")") + "\n");
  HistoryReader reader(in);
  auto first = reader.Next();
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->id, "A");
  auto missing = reader.Next();
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(missing.error().message, "line 3: \"tier\" is required");
  auto trailing = reader.Next();
  ASSERT_FALSE(trailing.has_value());
  EXPECT_EQ(trailing.error().message, "line 4: unexpected text after the ticket object");
  auto next = reader.Next();
  ASSERT_TRUE(next.has_value() && next->has_value());
  EXPECT_EQ((*next)->id, "D");
  EXPECT_EQ(reader.line(), 5u);
}

// ---------------------------------------------------------------------------------------
// Round trip

TEST(HistoryJson, WhatIsWrittenReadsBackAsTheSameTicket) {
  HistoryTicket t;
  t.id = "T-\"quoted\"\\é";
  t.created = At("2026-01-05T00:56:35Z");
  t.tier = "gold";
  t.impact = "high";
  t.urgency = "medium";
  t.priority = "high";
  t.category = "technical";
  t.channel = "portal";
  auto event = [](std::string_view at, TicketEventKind kind,
                  TicketStatus status = TicketStatus::kNew) {
    HistoryEvent e;
    e.event = {At(at), kind, status};
    return e;
  };
  t.events.push_back(event("2026-01-05T08:24:22Z", TicketEventKind::kAgentReplied));
  HistoryEvent reply = event("2026-01-05T12:40:26Z", TicketEventKind::kCustomerReplied);
  reply.sentiment = -0.123456789012345;
  t.events.push_back(reply);
  t.events.push_back(event("2026-01-05T14:15:29Z", TicketEventKind::kStatusChanged,
                           TicketStatus::kWaitingOnCustomer));
  HistoryEvent angry = event("2026-01-07T00:48:22Z", TicketEventKind::kCustomerReplied);
  angry.sentiment = -0.85;
  angry.words = {"cancel", "law\"yer"};
  angry.asks_to_escalate = true;
  t.events.push_back(angry);
  HistoryEvent neutral = event("2026-01-07T00:50:00Z", TicketEventKind::kCustomerReplied);
  neutral.sentiment = 0.0;
  t.events.push_back(neutral);
  for (TicketStatus s : {TicketStatus::kOpen, TicketStatus::kWaitingOnThirdParty,
                         TicketStatus::kResolved, TicketStatus::kReopened, TicketStatus::kClosed}) {
    t.events.push_back(event("2026-01-08T09:26:55Z", TicketEventKind::kStatusChanged, s));
  }

  std::string line;
  AppendHistoryJson(line, t);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line
  HistoryParser parser;
  auto back = parser.Parse(std::string_view(line).substr(0, line.size() - 1));
  ASSERT_TRUE(back.has_value()) << back.error().message << "\n" << line;
  ExpectSameTicket(t, *back);

  // Without impact and urgency (optional), through the reader.
  t.impact.clear();
  t.urgency.clear();
  std::string text;
  AppendHistoryJson(text, t);
  EXPECT_EQ(text.find("impact"), std::string::npos);
  std::istringstream in(text + text);
  HistoryReader reader(in);
  for (int i = 0; i < 2; ++i) {
    auto read = reader.Next();
    ASSERT_TRUE(read.has_value()) << read.error().message;
    ASSERT_TRUE(read->has_value());
    ExpectSameTicket(t, **read);
  }
  EXPECT_EQ(reader.line(), 2u);
}

}  // namespace
}  // namespace esc::app
