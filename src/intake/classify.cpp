#include "intake/classify.h"

#include <array>
#include <string>

namespace esc::intake {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

bool IdIsOurs(std::string_view id, std::string_view our_domain) {
  if (our_domain.empty()) return false;
  const std::size_t at = id.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string domain = Lower(id.substr(at + 1));
  const std::string ours = Lower(our_domain);
  return domain == ours || (domain.size() > ours.size() && domain.ends_with("." + ours));
}

}  // namespace

bool IsAutoReplySubject(std::string_view subject) {
  const std::string s = Lower(subject);
  static constexpr std::array<std::string_view, 5> kPrefixes{
      "automatic reply:", "auto:", "autoreply:", "auto-reply:", "automatische antwort:"};
  for (std::string_view p : kPrefixes) {
    if (s.starts_with(p)) return true;
  }
  static constexpr std::array<std::string_view, 5> kPhrases{
      "out of office", "out of the office", "abwesenheitsnotiz", "réponse automatique",
      "vacation reply"};
  for (std::string_view p : kPhrases) {
    if (s.find(p) != std::string::npos) return true;
  }
  return false;
}

Classification Classify(const MailSignals& m, std::string_view our_domain) {
  if (m.has_loop_header) return {MailKind::kLoop, "X-Escalator-Loop header"};
  if (IdIsOurs(m.message_id, our_domain)) {
    return {MailKind::kLoop, "Message-ID in our domain: our own mail came back"};
  }
  if (m.content_type == "multipart/report" && m.report_type == "delivery-status") {
    return {MailKind::kBounce, "multipart/report; report-type=delivery-status"};
  }
  const std::string from = Lower(m.from_address);
  if (from.starts_with("mailer-daemon@") || from == "mailer-daemon" ||
      from.starts_with("postmaster@")) {
    return {MailKind::kBounce, "From: " + m.from_address};
  }

  std::string auto_reason;
  if (m.auto_submitted && Lower(Trimmed(*m.auto_submitted)).substr(0, 2) != "no") {
    auto_reason = "Auto-Submitted: " + Trimmed(*m.auto_submitted);
  } else if (m.precedence) {
    const std::string p = Lower(Trimmed(*m.precedence));
    if (p == "bulk" || p == "junk" || p == "list") auto_reason = "Precedence: " + p;
  }
  if (auto_reason.empty() && m.has_autoreply_header) auto_reason = "X-Autoreply header";
  if (auto_reason.empty() && IsAutoReplySubject(m.subject)) {
    auto_reason = "automatic-reply subject";
  }
  if (!auto_reason.empty()) {
    // An automatic answer to one of our mails would answer our answer: a loop.
    bool answers_us = IdIsOurs(m.in_reply_to, our_domain);
    for (const std::string& ref : m.references) {
      answers_us = answers_us || IdIsOurs(ref, our_domain);
    }
    if (answers_us) return {MailKind::kLoop, auto_reason + " answering our mail"};
    return {MailKind::kAutoReply, auto_reason};
  }
  if (m.return_path && (Trimmed(*m.return_path) == "<>" || Trimmed(*m.return_path).empty())) {
    return {MailKind::kBounce, "empty Return-Path"};
  }
  return {MailKind::kNormal, {}};
}

}  // namespace esc::intake
