// Pure readers of the IMAP server answers the mailbox client needs (RFC 3501): the UIDs of
// a `UID SEARCH` answer. libcurl hands a custom command's untagged responses over as
// text; other untagged lines that a server may send alongside (FLAGS, OK, EXISTS) are
// skipped. No I/O: tested on their own.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace esc::intake {

// The UIDs listed by the "* SEARCH ..." lines of `text`, in ascending order, without
// duplicates. An answer with no SEARCH line is an error (the server did not search).
core::Result<std::vector<std::uint32_t>> ParseSearchResponse(std::string_view text);

// True when `keyword` is a valid IMAP flag keyword (an atom, optionally with a leading `$`):
// letters, digits and `$ _ - .`, 1-64 characters. Keywords end up in IMAP commands, so
// anything else is refused.
bool IsImapKeyword(std::string_view keyword);

}  // namespace esc::intake
