// The mail intake use case: one inbound mail becomes a ticket, a reply on its ticket, or a
// record that it came (auto-replies, bounces and loops: never answered, never a ticket),
// in ONE write transaction with the sender's contact record (created for an unknown
// sender, in the organisation the policy's `intake:` section names for their domain), the
// message's Message-ID and its attachments. Threading (docs/email.md): In-Reply-To and
// References naming a stored Message-ID, else the [ESC-n] key of the subject; either only
// onto a ticket of the sender's own organisation that is not closed, otherwise a new
// ticket (in the default organisation, where strangers gather, only onto the sender's own
// ticket). A second delivery of a known Message-ID changes nothing. Mail that cannot be
// taken in goes to the quarantine with its original bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/service/inbound_mail.h"
#include "app/service/ticket_service.h"

namespace esc::app {

enum class MailOutcomeKind { kOpened, kThreaded, kIgnored, kDuplicate, kQuarantined };
std::string_view ToString(MailOutcomeKind kind);

struct MailOutcome {
  MailOutcomeKind kind = MailOutcomeKind::kOpened;
  Id ticket_id = 0;  // opened or threaded (and a duplicate or ignored mail that had one)
  std::string ticket_key;
  Id quarantine_id = 0;
  std::string detail;  // why it was ignored or quarantined
};

struct MailIntakeOptions {
  // Leave a wake-up signal for another process's scheduler (mail-ingest beside a running
  // `escalator serve`; see ExternalWakeups).
  bool signal_other_process = false;
};

class MailIntake {
 public:
  MailIntake(ServiceContext& context, TicketService& tickets, MailIntakeOptions options = {})
      : context_(context), tickets_(tickets), options_(options) {}

  // Takes in one parsed mail; `raw` is its original bytes (kept if it is quarantined, and
  // the Message-ID of a mail without one is derived from them). Errors: Unavailable (the
  // store, or a policy without an `intake:` section: the mail should be retried later).
  Result<MailOutcome> Deliver(const InboundMail& mail, std::string_view raw);
  // Stores `raw` in the quarantine with the reason (a short name) and a detail.
  Result<MailOutcome> Quarantine(std::string_view raw, const std::string& reason,
                                 const std::string& detail, const std::string& sender);

  // Admins: the quarantine, newest first (without the bytes), and one mail with its bytes.
  Result<std::vector<QuarantineRecord>> ListQuarantine(const Actor& actor, int limit, int offset);
  Result<QuarantineRecord> Quarantined(const Actor& actor, Id id);
  // A ticket's attachments (without content) and one with its content; customers see their
  // organisation's tickets only (NotFound otherwise).
  Result<std::vector<AttachmentRecord>> Attachments(const Actor& actor, Id ticket_id);
  Result<AttachmentRecord> Attachment(const Actor& actor, Id ticket_id, Id attachment_id);
  // Adds a file to a ticket the actor may see and that is not closed or merged (a
  // customer's portal upload, an agent's file): `filename` is kept without any directory
  // part; the bytes may be at most kMaxUploadBytes. Writes an `attachment_added` event in
  // the same transaction. Returns the record without its content. (attachment_upload.cpp)
  static constexpr std::size_t kMaxUploadBytes = 25u * 1024 * 1024;
  Result<AttachmentRecord> AddAttachment(const Actor& actor, Id ticket_id, std::string filename,
                                         std::string content_type, std::string bytes);

 private:
  Result<MailOutcome> DeliverIn(StoreTx& tx, const core::IntakePolicy& intake,
                                const InboundMail& mail, std::string_view raw);
  Result<UserRecord> Contact(StoreTx& tx, const core::IntakePolicy& intake, const InboundMail& mail,
                             const std::string& address);
  // The open ticket of the sender's organisation the mail threads onto; nullopt: none.
  Result<std::optional<TicketRecord>> ThreadTarget(StoreTx& tx, const core::IntakePolicy& intake,
                                                   const InboundMail& mail,
                                                   const UserRecord& contact);
  Result<QuarantineRecord> QuarantineIn(StoreTx& tx, std::string_view raw,
                                        const std::string& reason, const std::string& detail,
                                        const std::string& sender);

  ServiceContext& context_;
  TicketService& tickets_;
  MailIntakeOptions options_;
};

}  // namespace esc::app
