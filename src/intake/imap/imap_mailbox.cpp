#include "intake/imap/imap_mailbox.h"

#include <fmt/format.h>

#include "intake/imap/imap_response.h"

namespace esc::intake {
namespace {

struct Sink {
  std::string data;
  std::size_t limit = 0;
  bool overflowed = false;
};

std::size_t Collect(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->data.size() + n > sink->limit) {
    sink->overflowed = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  sink->data.append(bytes, n);
  return n;
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The answer to a custom command is a few untagged lines; more than this is not an answer
// to the commands we send.
constexpr std::size_t kMaxCommandAnswer = 16u << 20;

}  // namespace

core::Result<void> CheckImapSettings(const ImapSettings& s) {
  const bool plain = StartsWith(s.url, "imap://");
  const bool tls = StartsWith(s.url, "imaps://");
  if (!plain && !tls) {
    return std::unexpected(core::Error::Invalid(
        "expected an imap://host[:port]/MAILBOX or imaps://host[:port]/MAILBOX URL, got '" + s.url +
            "'",
        "url"));
  }
  const std::size_t host_start = plain ? 7 : 8;
  const std::size_t slash = s.url.find('/', host_start);
  if (slash == std::string::npos || slash == host_start || slash + 1 >= s.url.size()) {
    return std::unexpected(core::Error::Invalid(
        "the URL names no host or no mailbox (e.g. imaps://mail.example.com/INBOX): '" + s.url +
            "'",
        "url"));
  }
  if (s.url.find_first_of(";?# \r\n", slash) != std::string::npos) {
    return std::unexpected(core::Error::Invalid(
        "the mailbox in the URL may not contain ';', '?', '#' or spaces (percent-encode them)",
        "url"));
  }
  if (s.username.empty()) {
    return std::unexpected(core::Error::Invalid("a user name is required", "username"));
  }
  if (!IsImapKeyword(s.taken_keyword)) {
    return std::unexpected(core::Error::Invalid(
        "expected an IMAP keyword (letters, digits, $ _ - .), got '" + s.taken_keyword + "'",
        "taken_keyword"));
  }
  if (s.max_message_bytes == 0) {
    return std::unexpected(core::Error::Invalid("must be more than 0", "max_message_bytes"));
  }
  return {};
}

ImapMailbox::ImapMailbox(ImapSettings settings) : settings_(std::move(settings)) {}

core::Result<std::string> ImapMailbox::Transfer(const std::string& url, const char* custom_request,
                                                std::size_t limit) {
  CURL* curl = curl_.get();
  Sink sink{{}, limit, false};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, custom_request);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
  const bool implicit_tls = StartsWith(settings_.url, "imaps://");
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   implicit_tls || settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code == CURLE_OK) return std::move(sink.data);
  if (sink.overflowed) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the message is larger than {} bytes", limit), "max_message_bytes"));
  }
  if (code == CURLE_REMOTE_FILE_NOT_FOUND) {
    return std::unexpected(core::Error::NotFound("no such message in the mailbox"));
  }
  return std::unexpected(core::Error::Unavailable(
      fmt::format("IMAP {}: {}", curl_easy_strerror(code), error[0] ? error : "no detail")));
}

core::Result<std::string> ImapMailbox::Command(const std::string& command) {
  return Transfer(settings_.url, command.c_str(), kMaxCommandAnswer);
}

core::Result<std::vector<std::uint32_t>> ImapMailbox::Pending() {
  auto answer = Command("UID SEARCH UNDELETED UNKEYWORD " + settings_.taken_keyword);
  if (!answer) return std::unexpected(answer.error());
  auto uids = ParseSearchResponse(*answer);
  if (!uids) return std::unexpected(core::Error::Unavailable(uids.error().message));
  return uids;
}

core::Result<std::string> ImapMailbox::Fetch(std::uint32_t uid) {
  // libcurl fetches "UID FETCH n BODY[]" for a URL that names the UID.
  return Transfer(fmt::format("{};UID={}", settings_.url, uid), nullptr,
                  settings_.max_message_bytes);
}

core::Result<void> ImapMailbox::MarkTaken(std::uint32_t uid) {
  const std::string flags = settings_.delete_taken
                                ? fmt::format("(\\Seen \\Deleted {})", settings_.taken_keyword)
                                : fmt::format("(\\Seen {})", settings_.taken_keyword);
  auto stored = Command(fmt::format("UID STORE {} +FLAGS {}", uid, flags));
  if (!stored) return std::unexpected(stored.error());
  if (settings_.delete_taken) {
    // UID EXPUNGE (RFC 4315) removes just this message where the server has UIDPLUS;
    // a plain EXPUNGE would also remove what others marked \Deleted.
    auto expunged = Command(fmt::format("UID EXPUNGE {}", uid));
    if (!expunged) return std::unexpected(expunged.error());
  }
  return {};
}

core::Result<void> ImapMailbox::MarkSkipped(std::uint32_t uid, const std::string& keyword) {
  if (!IsImapKeyword(keyword)) {
    return std::unexpected(core::Error::Invalid("not an IMAP keyword: '" + keyword + "'"));
  }
  auto stored =
      Command(fmt::format("UID STORE {} +FLAGS ({} {})", uid, keyword, settings_.taken_keyword));
  if (!stored) return std::unexpected(stored.error());
  return {};
}

}  // namespace esc::intake
