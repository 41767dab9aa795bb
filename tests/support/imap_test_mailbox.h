// Test support: the test's own hand on an IMAP mailbox (the Dovecot of imap_server.py),
// over libcurl: a raw IMAP command and its untagged answer, and delivering a message the
// way a mail server would (unseen, no keywords; libcurl's APPEND marks it \Seen, so the
// flag is taken off again).
#pragma once

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace esc::test_support {

class TestMailbox {
 public:
  // `url`: imap://127.0.0.1:PORT/INBOX
  TestMailbox(std::string url, std::string user, std::string password)
      : url_(std::move(url)), user_(std::move(user)), password_(std::move(password)) {}

  std::string Command(const std::string& command) const {
    CURL* curl = Open();
    std::string answer;
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Keep);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    EXPECT_EQ(curl_easy_perform(curl), CURLE_OK) << command;
    curl_easy_cleanup(curl);
    return answer;
  }

  void Deliver(const std::string& raw) const {
    CURL* curl = Open();
    std::string_view rest = raw;
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &rest);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
    EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
    curl_easy_cleanup(curl);
    Command("UID STORE 1:* -FLAGS (\\Seen)");
  }

 private:
  CURL* Open() const {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
    return curl;
  }
  static std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* rest = static_cast<std::string_view*>(user);
    const std::size_t n = std::min(size * count, rest->size());
    std::memcpy(buffer, rest->data(), n);
    rest->remove_prefix(n);
    return n;
  }
  static std::size_t Keep(char* bytes, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(bytes, size * count);
    return size * count;
  }

  std::string url_, user_, password_;
};

}  // namespace esc::test_support
