#include "api/csv.h"

namespace esc::api {
namespace {

bool LooksLikeFormula(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: return false;
  }
}

}  // namespace

void AppendCsvRow(std::string& out, const std::vector<CsvField>& fields) {
  bool first = true;
  for (const CsvField& field : fields) {
    if (!first) out += ',';
    first = false;
    std::string value = field.text && LooksLikeFormula(field.value) ? "'" + field.value
                                                                       : field.value;
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
      out += value;
      continue;
    }
    out += '"';
    for (char c : value) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace esc::api
