// What every way in for customers (mail, chat and social webhooks, the public web form)
// shares: the sender's contact record, found or created in the organisation the policy's
// `intake:` section names for their mail domain, and the rule for which ticket a message
// may continue (only a ticket of the sender's own organisation that is not closed; a
// merged one hands over to the ticket it went into; in the default organisation, where
// strangers gather, only the sender's own ticket). Also the write that takes a message in,
// and the small text helpers of intake: cutting to a number of code points, trimming,
// plausible mail addresses.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/service/records.h"
#include "app/service/store.h"
#include "core/policy/intake.h"

namespace esc::app {

struct ContactRequest {
  std::string email;         // lower case; empty: a contact known by `username` only
  std::string username;      // the login name of a new contact
  std::string alternative;   // used instead when `username` belongs to someone else
  std::string display_name;  // empty: the address or user name
};

// The contact with `email` (any case) when given, else the user named `username`; a new
// customer contact without a password (no login until an admin sets one) otherwise, in
// the organisation of the address's domain (created with its tier the first time).
// A user found by name who is not a customer contact is Forbidden: a chat handle must not
// speak for a member of staff.
Result<UserRecord> FindOrCreateContact(StoreTx& tx, const core::IntakePolicy& intake, Instant now,
                                       const ContactRequest& request);

// `ticket` if `contact` may add a message to it (see above), else nullopt.
Result<std::optional<TicketRecord>> ThreadableTicket(StoreTx& tx, const core::IntakePolicy& intake,
                                                     const UserRecord& contact,
                                                     std::optional<TicketRecord> ticket);

// Runs `work` in a write transaction; on a Conflict (the same message taken in by another
// request or process at the same moment) runs it once more, when the first one is visible
// and `work` finds it a duplicate.
Result<void> WriteTakingIn(Store& store, const std::function<Result<void>(StoreTx&)>& work);

// At most `max` UTF-8 code points of `text`.
std::string ClipText(const std::string& text, std::size_t max);
std::string TrimText(std::string_view text);  // without surrounding spaces, tabs, CR and LF
std::string LowerAscii(std::string text);
// "local@domain": one '@' with something on each side, no spaces, controls, <, > or ','.
bool PlausibleAddress(const std::string& address);

}  // namespace esc::app
