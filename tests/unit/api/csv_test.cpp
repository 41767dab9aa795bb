// CSV export rows: RFC 4180 quoting and the guard against spreadsheet formulas.
#include "api/csv.h"

#include <gtest/gtest.h>

namespace esc::api {
namespace {

std::string Row(const std::vector<CsvField>& fields) {
  std::string out;
  AppendCsvRow(out, fields);
  return out;
}

TEST(Csv, PlainFieldsAreWrittenAsTheyAreAndRowsEndInCrlf) {
  EXPECT_EQ(Row({{"tickets"}, {""}, {"L2"}, {"42", false}}), "tickets,,L2,42\r\n");
}

TEST(Csv, FieldsWithSeparatorsQuotesOrLineBreaksAreQuoted) {
  EXPECT_EQ(Row({{"a,b"}, {"say \"hi\""}, {"two\nlines"}, {"cr\r"}}),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
}

TEST(Csv, TextThatASpreadsheetWouldRunAsAFormulaGetsAnApostrophe) {
  EXPECT_EQ(Row({{"=HYPERLINK(\"x\")"}, {"+1"}, {"-2"}, {"@SUM(A1)"}, {"\tx"}}),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tx\r\n");
}

TEST(Csv, NumbersAreNotGuarded) {
  EXPECT_EQ(Row({{"-3", false}, {"2026-03-02T14:00:00+00:00", false}}),
            "-3,2026-03-02T14:00:00+00:00\r\n");
}

}  // namespace
}  // namespace esc::api
