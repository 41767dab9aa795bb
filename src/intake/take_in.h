// Takes one raw inbound mail into the service: parses it (ParseMail), hands the result to
// the mail intake use case (app::MailIntake), and quarantines, with the original bytes,
// whatever cannot be taken in: over a limit, not mail, refused by the use case, or a
// parser failure of any kind. Only an unavailable store (or a policy without `intake:`)
// comes back as an error, so the caller can have the mail delivered again later.
#pragma once

#include <string_view>

#include "app/service/mail_intake.h"
#include "intake/mail.h"

namespace esc::intake {

// The inbound mail the use case sees, from a parsed one.
app::InboundMail ToInboundMail(ParsedMail parsed);

// The parse options the policy's intake section implies (our Message-ID domain).
ParseOptions ParseOptionsFor(const core::Policy& policy);

// Errors: Unavailable only (the mail was neither delivered nor quarantined).
Result<app::MailOutcome> TakeIn(app::MailIntake& intake, std::string_view raw,
                                const ParseOptions& options);

}  // namespace esc::intake
