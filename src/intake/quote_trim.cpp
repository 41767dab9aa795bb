#include "intake/quote_trim.h"

#include <optional>
#include <string>
#include <vector>

namespace esc::intake {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool IsQuoted(std::string_view line) { return StartsWith(TrimSpaces(line), ">"); }
bool IsBlank(std::string_view line) { return TrimSpaces(line).empty(); }

bool IsForwardMarker(std::string_view line) {
  const std::string l = Lower(TrimSpaces(line));
  return (l.find("forwarded message") != std::string::npos && StartsWith(l, "--")) ||
         l == "begin forwarded message:" ||
         (StartsWith(l, "-----") && l.find("weitergeleitete nachricht") != std::string::npos);
}

bool IsOriginalMessageMarker(std::string_view line) {
  const std::string l = Lower(TrimSpaces(line));
  return StartsWith(l, "---") && (l.find("original message") != std::string::npos ||
                                  l.find("ursprüngliche nachricht") != std::string::npos);
}

// "On Mon, 2 Nov 2026 at 10:00, Alice <a@x> wrote:" (or German), possibly wrapped so that
// "wrote:" ends the next line. Returns how many lines the attribution takes (0: none).
std::size_t AttributionLines(const std::vector<std::string_view>& lines, std::size_t i) {
  const std::string first = Lower(TrimSpaces(lines[i]));
  const bool opens =
      StartsWith(first, "on ") || StartsWith(first, "am ") || StartsWith(first, "le ");
  if (!opens) return 0;
  const auto closes = [](const std::string& l) {
    return EndsWith(l, "wrote:") || EndsWith(l, "schrieb:") || EndsWith(l, "a écrit :") ||
           EndsWith(l, "a écrit:") ||
           (StartsWith(l, "am ") && l.find("schrieb") != l.npos && EndsWith(l, ":"));
  };
  if (closes(first)) return 1;
  if (i + 1 < lines.size() && closes(Lower(TrimSpaces(lines[i + 1])))) return 2;
  return 0;
}

// Outlook's reply header after a rule: "____" (or a blank line), then "From:" and within
// the next lines "Sent:" or "Date:".
bool IsOutlookHeader(const std::vector<std::string_view>& lines, std::size_t i) {
  const std::string l = Lower(TrimSpaces(lines[i]));
  if (!StartsWith(l, "from:") && !StartsWith(l, "von:")) return false;
  const bool after_rule =
      i > 0 && (StartsWith(TrimSpaces(lines[i - 1]), "____") || IsBlank(lines[i - 1]));
  if (!after_rule) return false;
  for (std::size_t k = i + 1; k < lines.size() && k <= i + 3; ++k) {
    const std::string n = Lower(TrimSpaces(lines[k]));
    if (StartsWith(n, "sent:") || StartsWith(n, "date:") || StartsWith(n, "gesendet:")) {
      return true;
    }
  }
  return false;
}

bool OnlyQuotedAfter(const std::vector<std::string_view>& lines, std::size_t from) {
  for (std::size_t k = from; k < lines.size(); ++k) {
    if (!IsBlank(lines[k]) && !IsQuoted(lines[k])) return false;
  }
  return true;
}

std::string Join(const std::vector<std::string_view>& lines, std::size_t count) {
  while (count > 0 && IsBlank(lines[count - 1])) --count;
  std::string out;
  for (std::size_t k = 0; k < count; ++k) {
    std::string_view line = lines[k];
    if (EndsWith(line, "\r")) line.remove_suffix(1);
    out.append(line);
    if (k + 1 < count) out += '\n';
  }
  return out;
}

}  // namespace

std::string TrimQuotedHistory(std::string_view text) {
  const std::vector<std::string_view> lines = SplitLines(text);
  std::size_t cut = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (IsForwardMarker(lines[i])) break;  // a forwarded mail is content: keep it all
    if (IsOriginalMessageMarker(lines[i]) || IsOutlookHeader(lines, i)) {
      cut = i;
      if (i > 0 && StartsWith(TrimSpaces(lines[i - 1]), "____")) cut = i - 1;
      break;
    }
    const std::size_t attribution = AttributionLines(lines, i);
    if (attribution > 0 && OnlyQuotedAfter(lines, i + attribution)) {
      cut = i;
      break;
    }
  }
  if (cut == lines.size()) {
    // No history marker: drop a trailing block of quoted lines (inline answers stay).
    std::size_t end = lines.size();
    while (end > 0 && (IsBlank(lines[end - 1]) || IsQuoted(lines[end - 1]))) --end;
    bool forwarded = false;
    for (std::size_t k = 0; k < end && !forwarded; ++k) forwarded = IsForwardMarker(lines[k]);
    if (!forwarded) cut = end;
  }
  std::string trimmed = Join(lines, cut);
  if (TrimSpaces(trimmed).empty()) return Join(lines, lines.size());
  return trimmed;
}

}  // namespace esc::intake
