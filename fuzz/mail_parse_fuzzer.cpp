// libFuzzer target for intake::ParseMail (scripts/fuzz.sh runs it). Beyond "no crash, no
// leak, no undefined behaviour", it checks the promises of ParsedMail: every text field is
// valid UTF-8, attachment sizes match their bytes, a refusal names its limit.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "intake/charset.h"
#include "intake/mail.h"

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

void RequireUtf8(const std::string& text) { Require(esc::intake::IsValidUtf8(text)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace esc::intake;
  static const ParseOptions options = [] {
    ParseOptions o;
    o.our_message_id_domain = "mail.escalator.example";
    o.limits.max_attachments = 20;
    o.limits.max_parts = 50;
    o.limits.max_depth = 10;
    return o;
  }();
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto mail = ParseMail(raw, options);
  if (!mail) {
    const std::string& where = mail.error().where;
    Require(where == kLimitHeaders || where == kLimitAttachments || where == kLimitParts ||
            where == kLimitDepth || where == kNotMail);
    return 0;
  }
  RequireUtf8(mail->from.address);
  RequireUtf8(mail->from.name);
  for (const auto* list : {&mail->to, &mail->cc}) {
    for (const MailAddress& a : *list) {
      RequireUtf8(a.address);
      RequireUtf8(a.name);
    }
  }
  RequireUtf8(mail->subject);
  RequireUtf8(mail->message_id);
  RequireUtf8(mail->in_reply_to);
  for (const std::string& id : mail->references) RequireUtf8(id);
  RequireUtf8(mail->body);
  RequireUtf8(mail->reply_text);
  Require(mail->reply_text.size() <= mail->body.size());
  Require(mail->attachments.size() <= options.limits.max_attachments);
  for (const Attachment& a : mail->attachments) {
    RequireUtf8(a.filename);
    Require(a.size == a.bytes.size());
  }
  return 0;
}
