// CSV for spreadsheet exports (RFC 4180): fields quoted when they hold a comma, quote or
// line break, rows ended by CRLF. A text field that a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe, so an
// exported ticket subject can never execute in the reader's spreadsheet.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace esc::api {

// A field as it is written: `text` fields are guarded against formulas, numbers are not.
struct CsvField {
  std::string value;
  bool text = true;
};

void AppendCsvRow(std::string& out, const std::vector<CsvField>& fields);

}  // namespace esc::api
