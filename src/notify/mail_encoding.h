// The encodings an outgoing mail needs, RFC 2045 and RFC 2047, with CRLF line ends:
// quoted-printable and base64 bodies, encoded-words for non-ASCII header text, and
// header-value hygiene (no CR/LF injection). Pure functions; mime_message.h puts them
// together.
#pragma once

#include <string>
#include <string_view>

namespace esc::notify {

// Quoted-printable (RFC 2045 6.7) of UTF-8 text with '\n' or "\r\n" line ends: lines of
// at most 76 characters (soft breaks), CRLF hard breaks, trailing blanks encoded, and a
// line-leading '.' or "From " encoded too, so the result is safe for SMTP and mbox.
std::string QuotedPrintable(std::string_view text);

// Base64 (RFC 2045 6.8) in lines of 76 characters, each ended by CRLF.
std::string Base64Lines(std::string_view data);

// A header value: as-is when it is printable ASCII, else RFC 2047 "B" encoded-words in
// UTF-8 (whole characters per word, words at most 75 characters, folded with CRLF SP).
// CR and LF in the input become spaces either way.
std::string EncodeHeaderText(std::string_view text);

// Whether `text` is printable ASCII (space to '~') only.
bool IsPlainAscii(std::string_view text);

// A value for an address header: CR, LF and NUL removed.
std::string SanitizeHeaderValue(std::string_view value);

}  // namespace esc::notify
