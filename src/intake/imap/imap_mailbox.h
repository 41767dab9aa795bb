// One IMAP mailbox that Escalator takes mail from (libcurl; RFC 3501). The poller asks it
// for the messages not yet taken (`Pending`), fetches each whole (`Fetch`) and, once the
// message is stored in the database, marks it taken (`MarkTaken`): the keyword
// `taken_keyword` and \Seen, and with `delete_taken` \Deleted plus EXPUNGE. Because the mark
// comes after the store, a crash in between fetches the message again next time, and the
// intake recognises it by its Message-ID; a message is never marked before it is stored.
// Keeps its connection between calls. Not thread-safe: one mailbox per poller thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "notify/curl_handle.h"

namespace esc::intake {

struct ImapSettings {
  // imap://host[:port]/MAILBOX (STARTTLS) or imaps://host[:port]/MAILBOX (implicit TLS).
  std::string url;
  std::string username;
  std::string password;
  // imap:// only: STARTTLS is required unless this is false (plain text: for a server on
  // the same machine only).
  bool require_tls = true;
  std::string ca_file;  // a CA bundle for the server's certificate; empty: the system's
  std::string taken_keyword = "$EscalatorTaken";
  bool delete_taken = false;                  // false: taken mail stays in the mailbox, flagged
  std::size_t max_message_bytes = 64u << 20;  // larger messages are left alone (TooLarge)
  std::chrono::seconds timeout{60};
};

// What is wrong with the settings (field named in Error::where), or nothing.
core::Result<void> CheckImapSettings(const ImapSettings& settings);

class ImapMailbox {
 public:
  // REQUIRES: CheckImapSettings(settings) succeeded.
  explicit ImapMailbox(ImapSettings settings);

  // UIDs of the messages without the taken keyword (and not deleted), ascending.
  // Errors: Unavailable (network, login, TLS, a server that refuses the search).
  core::Result<std::vector<std::uint32_t>> Pending();
  // The raw message. Errors: NotFound (gone meanwhile), Invalid with where
  // "max_message_bytes" (larger than the limit; nothing is kept), Unavailable.
  core::Result<std::string> Fetch(std::uint32_t uid);
  // Marks the message taken (see above). Errors: Unavailable.
  core::Result<void> MarkTaken(std::uint32_t uid);
  // Flags a message that will never be taken (too large) so that Pending skips it:
  // the keyword `keyword` plus the taken keyword; the message stays in the mailbox.
  core::Result<void> MarkSkipped(std::uint32_t uid, const std::string& keyword);

 private:
  core::Result<std::string> Command(const std::string& command);
  core::Result<std::string> Transfer(const std::string& url, const char* custom_request,
                                     std::size_t limit);

  ImapSettings settings_;
  notify::CurlHandle curl_;
};

}  // namespace esc::intake
