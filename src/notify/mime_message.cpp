#include "notify/mime_message.h"

#include <fmt/format.h>

#include <chrono>

#include "notify/mail_encoding.h"

namespace esc::notify {

namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string TextPart(std::string_view media_type, std::string_view body) {
  return fmt::format(
      "Content-Type: {}; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
      media_type, QuotedPrintable(body));
}

}  // namespace

std::string MessageId(std::int64_t outbox_id, const std::string& domain) {
  return fmt::format("<escalator.outbox.{}@{}>", outbox_id, SanitizeHeaderValue(domain));
}

std::string MailDate(core::Instant t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday weekday{day};
  const std::chrono::hh_mm_ss time{t - day};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[weekday.c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::string ComposeMessage(const MailHeaders& headers, const Notification& notification) {
  const std::string domain = SanitizeHeaderValue(headers.domain);
  std::string message = fmt::format(
      "From: {}\r\n"
      "To: {}\r\n"
      "Subject: {}\r\n"
      "Date: {}\r\n"
      "Message-ID: {}\r\n"
      "Auto-Submitted: auto-generated\r\n"
      "X-Auto-Response-Suppress: All\r\n"
      "X-Escalator-Loop: {}\r\n"
      "MIME-Version: 1.0\r\n",
      SanitizeHeaderValue(headers.from), SanitizeHeaderValue(headers.to),
      EncodeHeaderText(notification.subject), MailDate(headers.date),
      MessageId(notification.outbox_id, domain), domain);
  if (!notification.ticket_key.empty()) {
    message +=
        fmt::format("X-Escalator-Ticket: {}\r\n", SanitizeHeaderValue(notification.ticket_key));
  }
  if (notification.html.empty()) return message + TextPart("text/plain", notification.text);
  // The boundary cannot occur in quoted-printable output: '=' followed by '_' is not a
  // valid escape, so no encoded line contains "=_".
  const std::string boundary = fmt::format("=_escalator_{}", notification.outbox_id);
  message += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
  message += "This is a multipart message in MIME format.\r\n";
  message += fmt::format("--{}\r\n{}", boundary, TextPart("text/plain", notification.text));
  message += fmt::format("--{}\r\n{}", boundary, TextPart("text/html", notification.html));
  message += fmt::format("--{}--\r\n", boundary);
  return message;
}

}  // namespace esc::notify
