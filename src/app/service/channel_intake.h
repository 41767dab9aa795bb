// Customers who write from a chat or social channel (the message webhook) or the public
// web form: each message becomes a ticket, or a reply on the ticket of its conversation, in
// ONE write transaction with the sender's contact record (intake_contacts.h: the same
// contacts and organisations as mail) and its attachments. The customer's words go the way
// of every customer message (TicketService: folded keywords and the sentiment score, seen
// by the triggers).
//
// Chat: a conversation continues on its latest ticket, only within the sender's own
// organisation (another organisation's sender with the same conversation id gets a ticket
// of their own), never on a closed ticket; a source's message id seen before changes
// nothing. The web form: honeypot, field checks, then the submission limiter; a ticket
// with channel "web".
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "app/service/inbound_mail.h"
#include "app/service/submission_limiter.h"
#include "app/service/ticket_service.h"

namespace esc::app {

// One message as a chat or social source posts it (POST /api/v1/intake/messages).
struct ChatMessage {
  std::string source;        // a name of the policy's intake.channels
  std::string conversation;  // the source's conversation id
  std::string message_id;    // the source's message id (unique per source)
  std::string sender_email;  // at least one of email and handle
  std::string sender_handle;
  std::string sender_name;
  std::string subject;  // of a new ticket; empty: from the first line of the text
  std::string text;
  std::vector<InboundAttachment> attachments;
};

// Limits of a chat message (the HTTP body limit, 1 MiB by default, comes first).
inline constexpr std::size_t kMaxChatAttachments = 10;
inline constexpr std::size_t kMaxChatAttachmentBytes = 5 * 1024 * 1024;

enum class ChannelOutcomeKind { kOpened, kThreaded, kDuplicate };
std::string_view ToString(ChannelOutcomeKind kind);

struct ChannelOutcome {
  ChannelOutcomeKind kind = ChannelOutcomeKind::kOpened;
  Id ticket_id = 0;
  std::string ticket_key;
  std::string channel;  // the ticket's channel: chat:<source> or web
  std::string detail;
};

// The fields of the public form, as submitted.
struct ContactForm {
  std::string name, email, subject, description, category;
  std::string honeypot;  // a field people never see: anything in it is a robot
};

struct FormProblem {
  std::string field;  // the form field; empty: the form as a whole
  std::string message;
};

// What a submission became: a ticket, problems to show beside the fields, or a wait.
struct FormOutcome {
  std::vector<FormProblem> problems;
  std::chrono::seconds retry_after{0};  // > 0: rate-limited, nothing done
  Id ticket_id = 0;
  std::string ticket_key;
  bool spam = false;  // the honeypot was filled in
};

// Checks a chat message (no store access): Invalid with the field on the first problem.
Result<void> CheckChatMessage(const ChatMessage& message, const core::IntakePolicy& intake);
// Checks the form's fields against the policy's web form (no store access).
std::vector<FormProblem> CheckContactForm(const ContactForm& form,
                                          const core::IntakePolicy& intake);
// The categories the form offers: web_form.categories, else the intake's category.
std::vector<std::string> FormCategories(const core::IntakePolicy& intake);
// Whether `signature` ("sha256=<hex>", any case) is the HMAC-SHA256 of `body` under
// `secret`; Unauthenticated otherwise.
Result<void> CheckSignature(std::string_view secret, std::string_view body,
                            std::string_view signature);

class ChannelIntake {
 public:
  ChannelIntake(ServiceContext& context, TicketService& tickets)
      : context_(context), tickets_(tickets) {}

  // Errors: Invalid (the message; nothing changed), Forbidden (a handle naming staff),
  // Unavailable (the store, or a policy without intake:).
  Result<ChannelOutcome> DeliverChat(const ChatMessage& message);
  // `client`: the submitter's address, for the limiter. Errors: NotFound (the form is not
  // enabled), Unavailable.
  Result<FormOutcome> SubmitForm(const ContactForm& form, const std::string& client);

 private:
  Result<ChannelOutcome> DeliverChatIn(StoreTx& tx, const core::IntakePolicy& intake,
                                       const ChatMessage& message);

  ServiceContext& context_;
  TicketService& tickets_;
  SubmissionLimiter limiter_;
};

}  // namespace esc::app
