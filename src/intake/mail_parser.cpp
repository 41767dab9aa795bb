// ParseMail: limits first (on the raw bytes, before GMime sees them), then GMime's parse,
// the headers, the MIME content and the classification.
#include <fmt/format.h>

#include <string>

#include "intake/charset.h"
#include "intake/classify.h"
#include "intake/gmime_support.h"
#include "intake/mail.h"
#include "intake/mime_walk.h"
#include "intake/quote_trim.h"
#include "intake/ticket_key.h"

namespace esc::intake {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Header fields of the top-level header block (continuation lines are not fields).
std::size_t CountTopHeaders(std::string_view raw) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (start < raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view line = raw.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() != ' ' && line.front() != '\t') ++count;
    start = end + 1;
  }
  return count;
}

// Occurrences of "multipart/" and "message/rfc822" anywhere: an upper bound on the
// containers GMime would build (and recurse into), checked before it does.
std::size_t CountContainers(std::string_view raw) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 10 <= raw.size(); ++i) {
    const char c = LowerAscii(raw[i]);
    if (c != 'm') continue;
    const auto matches = [&](std::string_view word) {
      if (raw.size() - i < word.size()) return false;
      for (std::size_t k = 0; k < word.size(); ++k) {
        if (LowerAscii(raw[i + k]) != word[k]) return false;
      }
      return true;
    };
    if (matches("multipart/") || matches("message/rfc822")) ++count;
  }
  return count;
}

core::Error Refuse(std::string message, std::string_view where) {
  return core::Error::Invalid(std::move(message), std::string(where));
}

void AppendAddresses(InternetAddressList* list, std::vector<MailAddress>& out, int depth) {
  if (list == nullptr || depth > 2) return;
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      AppendAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out,
                      depth + 1);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      out.push_back({Utf8(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address))),
                     Utf8(internet_address_get_name(address))});
    }
  }
}

std::vector<std::string> ParseIds(GMimeParserOptions* options, const char* header) {
  std::vector<std::string> ids;
  if (header == nullptr) return ids;
  GMimeReferences* refs = g_mime_references_parse(options, header);
  if (refs == nullptr) return ids;
  const int n = g_mime_references_length(refs);
  for (int i = 0; i < n; ++i) ids.push_back(Utf8(g_mime_references_get_message_id(refs, i)));
  g_mime_references_free(refs);
  return ids;
}

std::optional<std::string> Header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  if (value == nullptr) return std::nullopt;
  return Utf8(value);
}

struct OptionsDeleter {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

std::unique_ptr<GMimeParserOptions, OptionsDeleter> LenientOptions() {
  std::unique_ptr<GMimeParserOptions, OptionsDeleter> options(g_mime_parser_options_new());
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  // Raw 8-bit header text: UTF-8 when it is, else what Windows mailers send.
  const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  return options;
}

}  // namespace

std::string_view ToString(MailKind kind) {
  switch (kind) {
    case MailKind::kNormal:
      return "normal";
    case MailKind::kAutoReply:
      return "auto_reply";
    case MailKind::kBounce:
      return "bounce";
    case MailKind::kLoop:
      return "loop";
  }
  return "normal";
}

Result<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options) {
  const MailLimits& limits = options.limits;
  if (raw.size() > limits.max_total_bytes) {
    return std::unexpected(Refuse(fmt::format("the message has {} bytes; the limit is {}",
                                              raw.size(), limits.max_total_bytes),
                                  kLimitTotalBytes));
  }
  const std::size_t headers = CountTopHeaders(raw);
  if (headers == 0) return std::unexpected(Refuse("no header block: not a mail", kNotMail));
  if (headers > limits.max_headers) {
    return std::unexpected(
        Refuse(fmt::format("{} header fields; the limit is {}", headers, limits.max_headers),
               kLimitHeaders));
  }
  if (CountContainers(raw) > limits.max_parts) {
    return std::unexpected(
        Refuse(fmt::format("more than {} MIME parts", limits.max_parts), kLimitParts));
  }

  EnsureGMime();
  auto parser_options = LenientOptions();
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(
      g_mime_parser_construct_message(parser.get(), parser_options.get()));
  if (!message) return std::unexpected(Refuse("no header block: not a mail", kNotMail));
  GMimeObject* object = GMIME_OBJECT(message.get());

  ParsedMail mail;
  std::vector<MailAddress> from;
  AppendAddresses(g_mime_message_get_from(message.get()), from, 0);
  if (!from.empty()) mail.from = std::move(from.front());
  AppendAddresses(g_mime_message_get_to(message.get()), mail.to, 0);
  AppendAddresses(g_mime_message_get_cc(message.get()), mail.cc, 0);
  mail.subject = Utf8(g_mime_message_get_subject(message.get()));
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    mail.date = core::FromEpochSeconds(g_date_time_to_unix(date));
  }
  mail.message_id = Utf8(g_mime_message_get_message_id(message.get()));
  const std::vector<std::string> in_reply_to =
      ParseIds(parser_options.get(), g_mime_object_get_header(object, "In-Reply-To"));
  if (!in_reply_to.empty()) mail.in_reply_to = in_reply_to.front();
  mail.references = ParseIds(parser_options.get(), g_mime_object_get_header(object, "References"));
  mail.ticket_key = FindTicketKey(mail.subject, options.ticket_key_prefix);

  GMimeObject* root = g_mime_message_get_mime_part(message.get());
  auto content = CollectContent(root, limits);
  if (!content) return std::unexpected(content.error());
  mail.body = std::move(content->body);
  mail.body_from_html = content->body_from_html;
  mail.attachments = std::move(content->attachments);
  mail.reply_text = TrimQuotedHistory(mail.body);

  MailSignals signals;
  signals.from_address = mail.from.address;
  signals.subject = mail.subject;
  if (root != nullptr) {
    signals.content_type = MimeType(root);
    signals.report_type = Utf8(g_mime_object_get_content_type_parameter(root, "report-type"));
    for (char& c : signals.report_type) c = LowerAscii(c);
  }
  signals.return_path = Header(object, "Return-Path");
  signals.auto_submitted = Header(object, "Auto-Submitted");
  signals.precedence = Header(object, "Precedence");
  signals.has_autoreply_header =
      Header(object, "X-Autoreply").has_value() || Header(object, "X-Autorespond").has_value();
  signals.has_loop_header = Header(object, std::string(kLoopHeader).c_str()).has_value();
  signals.message_id = mail.message_id;
  signals.in_reply_to = mail.in_reply_to;
  signals.references = mail.references;
  Classification classification = Classify(signals, options.our_message_id_domain);
  mail.kind = classification.kind;
  mail.kind_reason = std::move(classification.reason);
  return mail;
}

}  // namespace esc::intake
