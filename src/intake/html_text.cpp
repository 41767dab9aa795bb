#include "intake/html_text.h"

#include <array>
#include <cstdint>
#include <string>

#include "core/text/utf8.h"

namespace esc::intake {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(s[at + i]) != prefix[i]) return false;
  }
  return true;
}

struct Entity {
  std::string_view name;
  std::uint32_t code_point;
};
constexpr std::array<Entity, 14> kEntities{{{"amp", '&'},
                                            {"lt", '<'},
                                            {"gt", '>'},
                                            {"quot", '"'},
                                            {"apos", '\''},
                                            {"nbsp", ' '},
                                            {"ndash", 0x2013},
                                            {"mdash", 0x2014},
                                            {"hellip", 0x2026},
                                            {"euro", 0x20AC},
                                            {"copy", 0xA9},
                                            {"auml", 0xE4},
                                            {"ouml", 0xF6},
                                            {"uuml", 0xFC}}};

// Decodes the entity at html[at] == '&'; returns the characters consumed (0: not one).
std::size_t DecodeEntity(std::string_view html, std::size_t at, std::string& out) {
  // Entities are short: looking further would make a text full of '&' quadratic.
  const std::size_t semicolon = html.substr(at, 34).find(';');
  if (semicolon == std::string_view::npos) return 0;
  const std::size_t end = at + semicolon;
  const std::string_view body = html.substr(at + 1, end - at - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    std::uint32_t cp = 0;
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) return 0;
      cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, no overflow
    }
    core::AppendUtf8(out, cp == 0xA0 ? U' ' : static_cast<char32_t>(cp));
    return end - at + 1;
  }
  for (const Entity& e : kEntities) {
    if (body == e.name) {
      core::AppendUtf8(out, static_cast<char32_t>(e.code_point));
      return end - at + 1;
    }
  }
  return 0;
}

// 0: inline; 1: ends a line; 2: ends a paragraph (a blank line follows).
int BreakAfter(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kLines{"br", "div", "li", "tr", "hr"};
  static constexpr std::array<std::string_view, 12> kParagraphs{
      "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"};
  for (std::string_view b : kLines) {
    if (name == b) return 1;
  }
  for (std::string_view b : kParagraphs) {
    if (name == b) return 2;
  }
  return 0;
}

// Appends text, collapsing white space into one space and trimming it around line ends.
class TextSink {
 public:
  void Char(char c) {
    if (IsSpace(c)) {
      pending_space_ = !out_.empty() && out_.back() != '\n';
      return;
    }
    if (pending_space_) out_ += ' ';
    pending_space_ = false;
    out_ += c;
  }
  void Text(std::string_view s) {
    for (char c : s) Char(c);
  }
  // Ends the line; `lines` 2 leaves a blank line. Breaks do not add up beyond that.
  void Break(int lines) {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (out_.empty()) return;
    int newlines = 0;
    for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n'; ++it) ++newlines;
    for (; newlines < lines; ++newlines) out_ += '\n';
  }
  std::string Finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    return std::move(out_);
  }

 private:
  std::string out_;
  bool pending_space_ = false;
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  TextSink sink;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      std::string decoded;
      const std::size_t used = DecodeEntity(html, i, decoded);
      if (used > 0) {
        sink.Text(decoded);
        i += used;
        continue;
      }
      sink.Char(c);
      ++i;
      continue;
    }
    if (c != '<') {
      sink.Char(c);
      ++i;
      continue;
    }
    if (StartsWithNoCase(html, i, "<!--")) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t close = html.find('>', i);
    if (close == std::string_view::npos) break;  // a truncated tag: drop the rest
    std::size_t n = i + 1;
    if (n < close && html[n] == '/') ++n;
    std::string name;
    while (n < close && name.size() < 16 && !IsSpace(html[n]) && html[n] != '/') {
      name += LowerAscii(html[n++]);
    }
    i = close + 1;
    if (name == "script" || name == "style" || name == "head" || name == "title") {
      if (html[close - 1] == '/') continue;
      const std::string end_tag = "</" + name;
      std::size_t end = i;
      while (end < html.size() && !StartsWithNoCase(html, end, end_tag)) ++end;
      const std::size_t gt = html.find('>', end);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (const int lines = BreakAfter(name); lines > 0) sink.Break(lines);
    if (name == "td" || name == "th") sink.Char(' ');
  }
  return sink.Finish();
}

}  // namespace esc::intake
