#include "intake/mime_walk.h"

#include <fmt/format.h>

#include <string>

#include "intake/charset.h"
#include "intake/gmime_support.h"
#include "intake/html_text.h"

namespace esc::intake {
namespace {

class Walker {
 public:
  explicit Walker(const MailLimits& limits) : limits_(limits) {}

  // Returns false when a limit stopped the walk (error() says which).
  bool Walk(GMimeObject* object, int depth, bool in_report) {
    if (++parts_ > limits_.max_parts) {
      return Fail(fmt::format("more than {} MIME parts", limits_.max_parts), kLimitParts);
    }
    if (depth > limits_.max_depth) {
      return Fail(fmt::format("MIME nesting deeper than {}", limits_.max_depth), kLimitDepth);
    }
    if (GMIME_IS_MULTIPART(object)) return WalkMultipart(GMIME_MULTIPART(object), depth, in_report);
    if (GMIME_IS_MESSAGE_PART(object)) {
      return WalkMessage(GMIME_MESSAGE_PART(object), depth, in_report);
    }
    if (GMIME_IS_PART(object)) return WalkLeaf(GMIME_PART(object));
    return true;  // something GMime knows and we do not (signed/encrypted wrappers are multiparts)
  }

  core::Error error() const { return error_; }
  MimeContent Finish() {
    std::string body;
    for (const std::string& segment : segments_) {
      if (segment.empty()) continue;
      if (!body.empty()) body += "\n\n";
      body += segment;
    }
    content_.body = std::move(body);
    return std::move(content_);
  }

 private:
  bool Fail(std::string message, std::string_view where) {
    error_ = core::Error::Invalid(std::move(message), std::string(where));
    return false;
  }

  static bool IsBodyText(GMimePart* part, const std::string& type) {
    if (type != "text/plain" && type != "text/html") return false;
    return !g_mime_part_is_attachment(part) && g_mime_part_get_filename(part) == nullptr;
  }

  bool WalkMultipart(GMimeMultipart* multipart, int depth, bool in_report) {
    const int count = g_mime_multipart_get_count(multipart);
    const std::string type = MimeType(GMIME_OBJECT(multipart));
    if (type == "multipart/alternative" && count > 0) {
      // One rendering only: the plain one when there is one, else the richest (the last).
      GMimeObject* chosen = g_mime_multipart_get_part(multipart, count - 1);
      for (int i = 0; i < count; ++i) {
        GMimeObject* child = g_mime_multipart_get_part(multipart, i);
        if (GMIME_IS_PART(child) && MimeType(child) == "text/plain" &&
            IsBodyText(GMIME_PART(child), "text/plain")) {
          chosen = child;
          break;
        }
      }
      return Walk(chosen, depth + 1, in_report);
    }
    const bool report = in_report || type == "multipart/report";
    for (int i = 0; i < count; ++i) {
      if (!Walk(g_mime_multipart_get_part(multipart, i), depth + 1, report)) return false;
    }
    return true;
  }

  bool WalkMessage(GMimeMessagePart* part, int depth, bool in_report) {
    GMimeMessage* message = g_mime_message_part_get_message(part);
    std::string filename =
        Utf8(g_mime_object_get_content_disposition_parameter(GMIME_OBJECT(part), "filename"));
    if (filename.empty()) filename = "message.eml";
    if (!AddAttachment(std::move(filename), "message/rfc822",
                       message ? Serialized(GMIME_OBJECT(message)) : std::string())) {
      return false;
    }
    if (message == nullptr || in_report) return true;  // a bounce's copy is not content
    // A forwarded mail is content: its text joins the body under a forwarding header.
    std::string header = "---------- Forwarded message ----------";
    InternetAddressList* from = g_mime_message_get_from(message);
    if (from != nullptr && internet_address_list_length(from) > 0) {
      char* text = internet_address_list_to_string(from, nullptr, FALSE);
      header += "\nFrom: " + Utf8(text);
      g_free(text);
    }
    header += "\nSubject: " + Utf8(g_mime_message_get_subject(message));
    segments_.push_back(std::move(header));
    GMimeObject* inner = g_mime_message_get_mime_part(message);
    return inner == nullptr || Walk(inner, depth + 1, in_report);
  }

  bool WalkLeaf(GMimePart* part) {
    const std::string type = MimeType(GMIME_OBJECT(part));
    if (!IsBodyText(part, type)) {
      return AddAttachment(Utf8(g_mime_part_get_filename(part)), type, DecodedContent(part));
    }
    const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string text = ToUtf8(DecodedContent(part), charset ? charset : "");
    if (type == "text/html") {
      text = HtmlToText(text);
      content_.body_from_html = true;
    }
    segments_.push_back(NormaliseLines(text));
    return true;
  }

  bool AddAttachment(std::string filename, std::string type, std::string bytes) {
    if (content_.attachments.size() >= limits_.max_attachments) {
      return Fail(fmt::format("more than {} attachments", limits_.max_attachments),
                  kLimitAttachments);
    }
    Attachment a;
    a.filename = std::move(filename);
    a.content_type = std::move(type);
    a.size = bytes.size();
    a.bytes = std::move(bytes);
    content_.attachments.push_back(std::move(a));
    return true;
  }

  // CRLF and lone CR -> LF; trailing blank lines dropped.
  static std::string NormaliseLines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        out += text[i];
      }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

  const MailLimits& limits_;
  std::size_t parts_ = 0;
  std::vector<std::string> segments_;
  MimeContent content_;
  core::Error error_;
};

}  // namespace

core::Result<MimeContent> CollectContent(GMimeObject* root, const MailLimits& limits) {
  Walker walker(limits);
  if (root != nullptr && !walker.Walk(root, 0, false)) return std::unexpected(walker.error());
  return walker.Finish();
}

}  // namespace esc::intake
