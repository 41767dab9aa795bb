// The pure parts of the IMAP client: reading SEARCH answers, and checking the settings
// before anything is sent.
#include "intake/imap/imap_response.h"

#include <gtest/gtest.h>

#include "intake/imap/imap_mailbox.h"

namespace esc::intake {
namespace {

TEST(ImapSearchResponse, ReadsTheUidsAmongOtherUntaggedLines) {
  const auto uids = ParseSearchResponse(
      "* FLAGS (\\Answered \\Seen $EscalatorTaken)\r\n"
      "* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.\r\n"
      "* SEARCH 7 3 12\r\n");
  ASSERT_TRUE(uids) << uids.error().message;
  EXPECT_EQ(*uids, (std::vector<std::uint32_t>{3, 7, 12}));
}

TEST(ImapSearchResponse, AnEmptySearchIsNoUids) {
  const auto uids = ParseSearchResponse("* SEARCH\r\n");
  ASSERT_TRUE(uids);
  EXPECT_TRUE(uids->empty());
}

TEST(ImapSearchResponse, SeveralSearchLinesAreMergedWithoutDuplicates) {
  const auto uids = ParseSearchResponse("* SEARCH 4 2\r\n* search 2 9\n");
  ASSERT_TRUE(uids);
  EXPECT_EQ(*uids, (std::vector<std::uint32_t>{2, 4, 9}));
}

TEST(ImapSearchResponse, AnAnswerWithoutSearchOrWithGarbageIsAnError) {
  EXPECT_FALSE(ParseSearchResponse("* OK nothing here\r\n"));
  EXPECT_FALSE(ParseSearchResponse(""));
  const auto garbage = ParseSearchResponse("* SEARCH 1 two 3\r\n");
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("two"), std::string::npos);
  EXPECT_FALSE(ParseSearchResponse("* SEARCH 0\r\n"));            // UIDs start at 1
  EXPECT_FALSE(ParseSearchResponse("* SEARCH 99999999999\r\n"));  // over 32 bits
}

TEST(ImapKeyword, AcceptsAtomsAndRefusesWhatWouldBreakTheCommand) {
  EXPECT_TRUE(IsImapKeyword("$EscalatorTaken"));
  EXPECT_TRUE(IsImapKeyword("escalator-taken.v2"));
  EXPECT_FALSE(IsImapKeyword(""));
  EXPECT_FALSE(IsImapKeyword("two words"));
  EXPECT_FALSE(IsImapKeyword("x) UID EXPUNGE 1:*"));
  EXPECT_FALSE(IsImapKeyword("\\Seen"));
  EXPECT_FALSE(IsImapKeyword(std::string(65, 'a')));
}

ImapSettings Valid() {
  ImapSettings s;
  s.url = "imaps://mail.example.com/INBOX";
  s.username = "support";
  return s;
}

TEST(ImapSettingsCheck, AcceptsImapAndImapsUrlsWithAMailbox) {
  EXPECT_TRUE(CheckImapSettings(Valid()));
  ImapSettings plain = Valid();
  plain.url = "imap://127.0.0.1:1143/Support%20Queue";
  EXPECT_TRUE(CheckImapSettings(plain));
}

TEST(ImapSettingsCheck, NamesTheFieldThatIsWrong) {
  auto where = [](ImapSettings s) {
    auto checked = CheckImapSettings(s);
    return checked ? std::string("ok") : checked.error().where;
  };
  ImapSettings s = Valid();
  s.url = "pop3://mail.example.com/INBOX";
  EXPECT_EQ(where(s), "url");
  s.url = "imaps://mail.example.com/";
  EXPECT_EQ(where(s), "url");
  s.url = "imaps:///INBOX";
  EXPECT_EQ(where(s), "url");
  s.url = "imaps://mail.example.com/INBOX;UID=1";
  EXPECT_EQ(where(s), "url");
  s = Valid();
  s.username.clear();
  EXPECT_EQ(where(s), "username");
  s = Valid();
  s.taken_keyword = "bad keyword";
  EXPECT_EQ(where(s), "taken_keyword");
  s = Valid();
  s.max_message_bytes = 0;
  EXPECT_EQ(where(s), "max_message_bytes");
}

}  // namespace
}  // namespace esc::intake
