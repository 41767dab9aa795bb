// Delivers notifications as mail through an SMTP relay with libcurl: STARTTLS (required,
// never opportunistic), implicit TLS (smtps://) or plain, optional AUTH, peers verified.
// Outcome: sent; retryable for network trouble and 4xx replies (greylisting, a full
// queue); permanent for 5xx replies (unknown mailbox, policy) and a refused login. One
// instance per worker thread: it keeps its connection between sends when the server
// allows it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/time.h"
#include "notify/curl_handle.h"
#include "notify/delivery_result.h"
#include "notify/notification.h"

namespace esc::notify {

enum class SmtpSecurity { kStartTls, kImplicitTls, kNone };

struct SmtpConfig {
  std::string host = "localhost";
  std::uint16_t port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string username;  // empty: no AUTH
  std::string password;
  std::string ca_file;                       // extra trust anchor; empty: system store
  std::string from = "escalator@localhost";  // the From header; may be "Name <address>"
  std::string envelope_from;                 // MAIL FROM; empty: the address inside `from`
  std::string domain = "localhost";          // EHLO name, Message-ID and loop header domain
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};  // the whole transaction
};

class SmtpChannel {
 public:
  explicit SmtpChannel(SmtpConfig config);

  // Mails `notification` to `notification.recipient`, dated `now`.
  DeliveryResult Send(const Notification& notification, core::Instant now);

 private:
  SmtpConfig config_;
  CurlHandle curl_;
};

// The address in "Name <address>", or the text itself when it has no angle brackets.
std::string BareAddress(const std::string& mailbox);

}  // namespace esc::notify
