// MailIntake::AddAttachment: a file uploaded to a ticket through the API (the portal's new
// request and reply forms, an agent's file), kept beside the attachments mail brings.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/service/intake_contacts.h"
#include "app/service/mail_intake.h"

namespace esc::app {
namespace {

constexpr std::size_t kMaxFilename = 255;

// The last path component, without control characters: a name to show and to offer as a
// download, never a path.
std::string PlainFilename(const std::string& given) {
  std::string name = given.substr(given.find_last_of("/\\") == std::string::npos
                                      ? 0
                                      : given.find_last_of("/\\") + 1);
  std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  return ClipText(name, kMaxFilename);
}

Result<void> CheckUpload(const std::string& filename, const std::string& content_type,
                         const std::string& bytes) {
  if (filename.empty() || filename == "." || filename == "..") {
    return std::unexpected(core::Error::Invalid(
        "filename is missing: name the file (e.g. ?filename=screenshot.png)", "filename"));
  }
  if (content_type.size() > 255 || content_type.find_first_of("\r\n") != std::string::npos) {
    return std::unexpected(core::Error::Invalid(
        "Content-Type is not a media type (e.g. image/png), at most 255 characters",
        "content_type"));
  }
  if (bytes.empty()) {
    return std::unexpected(core::Error::Invalid("the file is empty: send its bytes as the body",
                                                "body"));
  }
  if (bytes.size() > MailIntake::kMaxUploadBytes) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the file has {} bytes; at most {} are accepted", bytes.size(),
                    MailIntake::kMaxUploadBytes),
        "body"));
  }
  return {};
}

}  // namespace

Result<AttachmentRecord> MailIntake::AddAttachment(const Actor& actor, Id ticket_id,
                                                   std::string filename,
                                                   std::string content_type, std::string bytes) {
  filename = PlainFilename(filename);
  if (content_type.empty()) content_type = "application/octet-stream";
  if (auto ok = CheckUpload(filename, content_type, bytes); !ok) {
    return std::unexpected(ok.error());
  }
  AttachmentRecord row;
  row.ticket_id = ticket_id;
  row.filename = std::move(filename);
  row.content_type = std::move(content_type);
  row.size = static_cast<std::int64_t>(bytes.size());
  row.content = std::move(bytes);
  row.created_at = context_.clock.Now();
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto ticket = tx.FindTicket(ticket_id);
    if (!ticket) return std::unexpected(ticket.error());
    if (!*ticket || !MaySee(actor, **ticket)) {
      return std::unexpected(core::Error::NotFound(fmt::format("no ticket {}", ticket_id), "id"));
    }
    if ((*ticket)->merged_into || (*ticket)->status == core::TicketStatus::kClosed) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("ticket {} is {}: files can no longer be added", (*ticket)->key,
                      (*ticket)->merged_into ? "merged into another" : "closed"),
          "id"));
    }
    auto id = tx.InsertAttachment(row);
    if (!id) return std::unexpected(id.error());
    row.id = *id;
    const nlohmann::json data = {{"attachment_id", row.id},
                                 {"filename", row.filename},
                                 {"content_type", row.content_type},
                                 {"size", row.size}};
    auto event = tx.AppendEvent(AuditEvent{0, ticket_id, row.created_at, actor.username,
                                           "attachment_added", data.dump()});
    if (!event) return std::unexpected(event.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  row.content.clear();
  return row;
}

}  // namespace esc::app
