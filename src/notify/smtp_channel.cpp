#include "notify/smtp_channel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "notify/curl_error.h"
#include "notify/mail_encoding.h"
#include "notify/mime_message.h"

namespace esc::notify {

namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

std::string Url(const SmtpConfig& config) {
  const char* scheme = config.security == SmtpSecurity::kImplicitTls ? "smtps" : "smtp";
  return fmt::format("{}://{}:{}/{}", scheme, config.host, config.port, config.domain);
}

}  // namespace

std::string BareAddress(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return SanitizeHeaderValue(mailbox);
  }
  return SanitizeHeaderValue(mailbox.substr(open + 1, close - open - 1));
}

SmtpChannel::SmtpChannel(SmtpConfig config) : config_(std::move(config)) {}

DeliveryResult SmtpChannel::Send(const Notification& notification, core::Instant now) {
  const std::string to = BareAddress(notification.recipient);
  if (to.empty() || to.find('@') == std::string::npos) {
    return DeliveryResult::Permanent(fmt::format("not a mail address: '{}'", to));
  }
  const std::string message =
      ComposeMessage(MailHeaders{config_.from, to, config_.domain, now}, notification);
  const std::string url = Url(config_);
  const std::string envelope_from =
      fmt::format("<{}>", config_.envelope_from.empty() ? BareAddress(config_.from)
                                                        : BareAddress(config_.envelope_from));
  const std::string rcpt = "<" + to + ">";

  CURL* curl = curl_.get();
  curl_easy_reset(curl);
  CurlHeaders recipients;
  recipients.Add(rcpt);
  Upload upload{&message};
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   config_.security == SmtpSecurity::kNone ? static_cast<long>(CURLUSESSL_NONE)
                                                           : static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code == CURLE_OK) return DeliveryResult::Sent();
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  // 535 (bad credentials) stays wrong until someone fixes the setup; 454 (temporary
  // authentication failure) is worth another try.
  if (code == CURLE_LOGIN_DENIED && (reply < 400 || reply >= 500)) {
    return DeliveryResult::Permanent(fmt::format("SMTP login denied ({})", error));
  }
  if (reply >= 400) return ClassifySmtpReply(reply, error);
  return ClassifyCurlError(code, error);
}

}  // namespace esc::notify
