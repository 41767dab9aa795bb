// Bench support: the typical messages of tests/data/mail (plain, multipart/alternative,
// HTML only, attachments, ISO-8859-1, Shift_JIS, encoded-word subjects, a quoted reply, an
// out-of-office reply, a bounce), read whole; exits when one is missing.
#pragma once

#include <array>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

inline std::vector<std::string> LoadTypicalMessages() {
  static constexpr std::array<const char*, 11> kNames{
      "plain.eml",        "alternative.eml",   "html_only.eml",         "attachments.eml",
      "latin1.eml",       "shift_jis.eml",     "encoded_subject_q.eml", "encoded_subject_b.eml",
      "reply_quoted.eml", "out_of_office.eml", "bounce_dsn.eml"};
  std::vector<std::string> messages;
  for (const char* name : kNames) {
    std::ifstream in(std::string(ESCALATOR_SOURCE_DIR) + "/tests/data/mail/" + name,
                     std::ios::binary);
    if (!in) {
      std::cerr << "cannot read tests/data/mail/" << name << "\n";
      std::exit(1);
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    messages.push_back(bytes.str());
  }
  return messages;
}
