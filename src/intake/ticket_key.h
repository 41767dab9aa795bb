// Finds the ticket a mail belongs to from its subject: Escalator's notifications carry
// "[ESC-123]" there, and replies keep it ("Re: [ESC-123] Disk full").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace esc::intake {

// The first "[<prefix>-<digits>]" in `subject` (prefix matched case-insensitively, at
// most 18 digits), as "<PREFIX>-<digits>" in upper case; nullopt when there is none.
std::optional<std::string> FindTicketKey(std::string_view subject, std::string_view prefix);

}  // namespace esc::intake
