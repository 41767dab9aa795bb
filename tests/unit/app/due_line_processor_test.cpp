// Tests of one `escalator due` request line -> one answer line, without processes.
#include <gtest/gtest.h>

#include <string>

#include "app/due_line_processor.h"
#include "app/json_text.h"
#include "core/calendar/calendar.h"

namespace esc::app {
namespace {

core::Calendar NewYorkNineToFive() {
  core::CalendarSpec spec;
  spec.id = "ny";
  spec.timezone = "America/New_York";
  for (unsigned d = 1; d <= 5; ++d) spec.weekly[d] = {core::LocalInterval{9 * 3600, 17 * 3600}};
  return core::Calendar::Create(spec).value();
}

class DueLineProcessorTest : public ::testing::Test {
 protected:
  std::string Answer(std::string_view line, std::uint64_t number = 1) {
    std::string out;
    last_ok_ = processor_.Process(line, number, out);
    return out;
  }
  core::Calendar calendar_ = NewYorkNineToFive();
  DueLineProcessor processor_{calendar_};
  bool last_ok_ = false;
};

TEST_F(DueLineProcessorTest, DueIsWrittenInTheCalendarsOffsetAtThatInstant) {
  // Fri 16:00 EST + 2h: 1h on Friday, 1h on Monday after the switch to daylight time.
  EXPECT_EQ(Answer(R"({"start": "2026-03-06T16:00:00-05:00", "minutes": 120})"),
            "{\"due\": \"2026-03-09T10:00:00-04:00\"}\n");
  EXPECT_TRUE(last_ok_);
  // The cached offset must not leak into an instant on the other side of the change.
  EXPECT_EQ(Answer(R"({"start": "2026-03-06T09:00:00-05:00", "seconds": 3600})"),
            "{\"due\": \"2026-03-06T10:00:00-05:00\"}\n");
  EXPECT_EQ(Answer(R"({"start": "2026-11-02T14:00:00Z", "minutes": 60})"),
            "{\"due\": \"2026-11-02T10:00:00-05:00\"}\n");
}

TEST_F(DueLineProcessorTest, ElapsedBetweenTwoInstants) {
  EXPECT_EQ(Answer(R"({"start": "2026-03-06T16:00:00-05:00", "end": "2026-03-09T10:00:00-04:00"})"),
            "{\"elapsed_seconds\": 7200}\n");
  EXPECT_EQ(Answer(R"({"end": "2026-03-06T16:00:00-05:00", "start": "2026-03-09T10:00:00-04:00"})"),
            "{\"elapsed_seconds\": -7200}\n");
}

TEST_F(DueLineProcessorTest, StartWithoutOffsetIsTheCalendarsWallClock) {
  EXPECT_EQ(Answer(R"({"start": "2026-07-01T16:30:00", "minutes": 60})"),
            "{\"due\": \"2026-07-02T09:30:00-04:00\"}\n");
}

TEST_F(DueLineProcessorTest, NegativeAndZeroDurations) {
  EXPECT_EQ(Answer(R"({"start": "2026-07-02T09:30:00-04:00", "minutes": -60})"),
            "{\"due\": \"2026-07-01T16:30:00-04:00\"}\n");
  EXPECT_EQ(Answer(R"({"start": "2026-07-04T12:00:00-04:00", "seconds": 0})"),
            "{\"due\": \"2026-07-04T12:00:00-04:00\"}\n");
}

TEST_F(DueLineProcessorTest, UnknownKeysAreIgnoredAndIntegralFloatsAccepted) {
  EXPECT_EQ(Answer(R"({"id": 7, "note": {"a": [1, 2]}, "start": "2026-07-01T09:00:00-04:00", "minutes": 60.0})"),
            "{\"due\": \"2026-07-01T10:00:00-04:00\"}\n");
}

TEST_F(DueLineProcessorTest, BadLinesGiveNumberedErrorsThatSayWhatWasExpected) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {"garbage", "line 7: expected a JSON object such as"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5)", "line 7: not valid JSON"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5, "note": nul})", "line 7: not valid JSON"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5, "tags": [1 2]})", "line 7: not valid JSON"},
      {R"({"x": {"a": tru}, "start": "2026-07-01T09:00:00Z", "minutes": 5})", "line 7: not valid JSON"},
      {"", "line 7: empty line: expected a JSON object"},
      {"[1, 2]", "line 7: expected a JSON object"},
      {R"({"minutes": 5})", "line 7: \\\"start\\\" is missing"},
      {R"({"start": "2026-07-01T09:00:00Z"})", "line 7: expected exactly one of"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5, "seconds": 5})", "expected exactly one of"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 1.5})", "\\\"minutes\\\" must be a whole number"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": "5"})", "\\\"minutes\\\" must be a number"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5, "minutes": 6})", "\\\"minutes\\\" appears twice"},
      {R"({"start": "2026-02-30T09:00:00Z", "minutes": 5})", "\\\"start\\\": expected an RFC 3339"},
      {R"({"start": 20260701, "minutes": 5})", "\\\"start\\\" must be a string"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 5} x)", "line 7: not valid JSON"},
      {R"({"start": "2026-07-01T09:00:00Z", "minutes": 1e30})", "\\\"minutes\\\" is out of range"},
      {R"({"start": "2500-07-01T09:00:00Z", "minutes": 5})", "outside the supported range"},
  };
  for (const Case& c : cases) {
    const std::string out = Answer(c.line, 7);
    EXPECT_FALSE(last_ok_) << c.line;
    EXPECT_EQ(out.rfind("{\"error\": \"", 0), 0u) << out;
    EXPECT_NE(out.find(c.message), std::string::npos) << c.line << " -> " << out;
    EXPECT_EQ(out.back(), '\n');
    EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line per answer: " << out;
  }
}

TEST_F(DueLineProcessorTest, ErrorTextIsValidJsonEvenWithQuotesAndControlCharacters) {
  const std::string out = Answer("{\"start\": \"x\\\"\\ty\", \"minutes\": 1}");
  EXPECT_NE(out.find("got \\\"x\\\"\\ty\\\""), std::string::npos) << out;
}

TEST(AppendJsonString, EscapesWhatJsonRequires) {
  std::string out;
  AppendJsonString(out, "a\"b\\c\nd\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\"");
}

}  // namespace
}  // namespace esc::app
