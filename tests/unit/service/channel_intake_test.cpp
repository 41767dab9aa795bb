// The channel intake on a real SQLite store with the SaaS example policy: chat and social
// messages open tickets, thread by conversation within one organisation, are taken once;
// the web form opens tickets with channel "web" behind its spam protection.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/service/channel_intake.h"
#include "unit/service/mail_intake_fixture.h"

namespace esc::app::test_support {
namespace {

using std::chrono::seconds;

class ChannelIntakeTest : public MailIntakeTest {
 protected:
  ChannelIntakeTest() : channels_(context_, tickets_) {
    core::Policy policy = ExamplePolicy();
    policy.intake->channels = {{"webchat", ""}, {"social", "SOCIAL_SECRET"}};
    policy.intake->web_form.enabled = true;
    policy.intake->web_form.categories = {"technical", "billing"};
    policy.intake->web_form.max_per_address = 2;
    policy.intake->web_form.max_per_email = 5;
    policy.intake->web_form.window = std::chrono::hours(1);
    policies_.Install(std::move(policy));
    routing_.Install(policies_.Current(), {});
  }

  static ChatMessage Chat(std::string conversation, std::string id, std::string email,
                          std::string text) {
    ChatMessage m;
    m.source = "webchat";
    m.conversation = std::move(conversation);
    m.message_id = std::move(id);
    m.sender_email = std::move(email);
    m.sender_name = "Bob Builder";
    m.text = std::move(text);
    return m;
  }

  ChannelOutcome DeliverChat(const ChatMessage& m) {
    auto outcome = channels_.DeliverChat(m);
    EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().ToString());
    return outcome ? *outcome : ChannelOutcome{};
  }

  std::int64_t CountChatRows() {
    std::int64_t n = 0;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      for (int i = 1; i <= 20; ++i) {
        auto row = tx.FindChatMessage("webchat", "m" + std::to_string(i));
        if (!row) return std::unexpected(row.error());
        n += *row ? 1 : 0;
      }
      return {};
    }));
    return n;
  }

  FormOutcome Submit(const ContactForm& form, const std::string& client = "192.0.2.1") {
    auto outcome = channels_.SubmitForm(form, client);
    EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().ToString());
    return outcome ? *outcome : FormOutcome{};
  }

  ChannelIntake channels_;
};

TEST_F(ChannelIntakeTest, NewConversationOpensATicketWithTheChatChannel) {
  const auto outcome =
      DeliverChat(Chat("conv-1", "m1", "Bob@Globex.Example", "Login fails\nsince this morning"));
  ASSERT_EQ(outcome.kind, ChannelOutcomeKind::kOpened);
  EXPECT_EQ(outcome.channel, "chat:webchat");
  const TicketRecord t = Ticket(outcome.ticket_id);
  EXPECT_EQ(t.key, outcome.ticket_key);
  EXPECT_EQ(t.channel, "chat:webchat");
  EXPECT_EQ(t.subject, "Login fails");
  EXPECT_EQ(t.description, "Login fails\nsince this morning");
  EXPECT_EQ(t.category, "technical");
  EXPECT_EQ(t.tier, "gold");  // globex.example's organisation, as for mail
  EXPECT_EQ(Customer(t.customer_id)->name, "Globex");
}

TEST_F(ChannelIntakeTest, TheSameContactAsMailIsUsed) {
  const auto mail = Deliver(Mail("bob@globex.example", "Disk", "Disk full", "m1@globex"));
  const auto chat = DeliverChat(Chat("conv-1", "m1", "BOB@globex.example", "Still full"));
  EXPECT_EQ(Ticket(mail.ticket_id).requester_id, Ticket(chat.ticket_id).requester_id);
}

TEST_F(ChannelIntakeTest, AMessageOfAKnownConversationThreadsOntoItsTicket) {
  const auto first = DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Build fails"));
  const auto reply = DeliverChat(Chat("conv-1", "m2", "bob@globex.example",
                                      "This is unacceptable. Your service is useless and broken!"));
  ASSERT_EQ(reply.kind, ChannelOutcomeKind::kThreaded);
  EXPECT_EQ(reply.ticket_id, first.ticket_id);
  const auto messages = Messages(first.ticket_id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].channel, "chat:webchat");
  EXPECT_TRUE(messages[0].from_customer);
  ASSERT_TRUE(messages[0].sentiment);
  EXPECT_LT(*messages[0].sentiment, -0.6);
  const auto t = Ticket(first.ticket_id);
  EXPECT_EQ(t.sentiment, messages[0].sentiment);
  EXPECT_EQ(t.priority, "high");  // trigger angry-gold-customer: sentiment_below -0.6
  EXPECT_EQ(t.customer_replies, 1);
}

TEST_F(ChannelIntakeTest, CustomerWordsReachTheKeywordTriggers) {
  const auto outcome =
      DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Our LAWYÉR will call you"));
  const auto t = Ticket(outcome.ticket_id);
  EXPECT_NE(std::find(t.tags.begin(), t.tags.end(), "legal-risk"), t.tags.end());
  EXPECT_NE(t.customer_words.find("lawyer"), std::string::npos);
}

TEST_F(ChannelIntakeTest, ADuplicateMessageIdChangesNothing) {
  const auto first = DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Build fails"));
  const auto again = DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Build fails"));
  EXPECT_EQ(again.kind, ChannelOutcomeKind::kDuplicate);
  EXPECT_EQ(again.ticket_id, first.ticket_id);
  EXPECT_EQ(again.ticket_key, first.ticket_key);
  EXPECT_EQ(CountTickets(), 1);
  EXPECT_TRUE(Messages(first.ticket_id).empty());
  EXPECT_EQ(Ticket(first.ticket_id).version, Ticket(again.ticket_id).version);
  EXPECT_EQ(CountChatRows(), 1);
}

TEST_F(ChannelIntakeTest, ASenderOfAnotherOrganisationCannotThreadOntoTheConversation) {
  const auto first = DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Build fails"));
  const auto stranger = DeliverChat(Chat("conv-1", "m2", "eve@initech.example", "Hi there"));
  EXPECT_EQ(stranger.kind, ChannelOutcomeKind::kOpened);
  EXPECT_NE(stranger.ticket_id, first.ticket_id);
  EXPECT_TRUE(Messages(first.ticket_id).empty());
  EXPECT_NE(Ticket(stranger.ticket_id).customer_id, Ticket(first.ticket_id).customer_id);
  // Bob's next message still goes to Bob's ticket, Eve's to hers.
  EXPECT_EQ(DeliverChat(Chat("conv-1", "m3", "bob@globex.example", "Any news?")).ticket_id,
            first.ticket_id);
  EXPECT_EQ(DeliverChat(Chat("conv-1", "m4", "eve@initech.example", "Hello?")).ticket_id,
            stranger.ticket_id);
}

TEST_F(ChannelIntakeTest, AClosedTicketTakesNoMoreMessagesAndANewOneOpens) {
  const auto first = DeliverChat(Chat("conv-1", "m1", "bob@globex.example", "Build fails"));
  ASSERT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
    auto t = tx.FindTicket(first.ticket_id);
    if (!t) return std::unexpected(t.error());
    (*t)->status = core::TicketStatus::kClosed;
    ++(*t)->version;
    return tx.UpdateTicket(**t);
  }));
  const auto next = DeliverChat(Chat("conv-1", "m2", "bob@globex.example", "Again"));
  EXPECT_EQ(next.kind, ChannelOutcomeKind::kOpened);
  EXPECT_NE(next.ticket_id, first.ticket_id);
  EXPECT_EQ(DeliverChat(Chat("conv-1", "m3", "bob@globex.example", "And?")).ticket_id,
            next.ticket_id);
}

TEST_F(ChannelIntakeTest, AHandleWithoutAnAddressBecomesAContactOfTheDefaultOrganisation) {
  auto m = Chat("dm-42", "m1", "", "Where is my order?");
  m.sender_handle = "@Carol";
  m.sender_name = "";
  const auto outcome = DeliverChat(m);
  const auto t = Ticket(outcome.ticket_id);
  EXPECT_EQ(Customer(t.customer_id)->name, "Email customers");
  ASSERT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
    auto user = tx.FindUserByName("chat:webchat:@carol");
    EXPECT_TRUE(user && *user);
    if (user && *user) {
      EXPECT_EQ((*user)->id, t.requester_id);
      EXPECT_EQ((*user)->display_name, "@Carol");
      EXPECT_EQ((*user)->email, "");
    }
    return {};
  }));
  m.message_id = "m2";
  EXPECT_EQ(DeliverChat(m).ticket_id, outcome.ticket_id);
}

TEST_F(ChannelIntakeTest, AHandleNamingStaffIsRefused) {
  auto m = Chat("dm-1", "m1", "", "hi");
  m.sender_handle = "x";
  ASSERT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
    UserRecord staff;
    staff.username = "chat:webchat:x";
    staff.role = Role::kAgent;
    staff.created_at = clock_.Now();
    auto id = tx.InsertUser(staff);
    if (!id) return std::unexpected(id.error());
    return {};
  }));
  auto outcome = channels_.DeliverChat(m);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(CountTickets(), 0);
}

TEST_F(ChannelIntakeTest, AttachmentsAreStoredWithTheTicket) {
  auto m = Chat("conv-1", "m1", "bob@globex.example", "");
  m.attachments.push_back({"screen.png", "image/png", std::string("\x89PNG\0\1", 6)});
  const auto outcome = DeliverChat(m);
  EXPECT_EQ(Ticket(outcome.ticket_id).subject, "(attachments only)");
  auto list = intake_.Attachments(Actor::System(), outcome.ticket_id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].filename, "screen.png");
  EXPECT_EQ((*list)[0].size, 6);
}

TEST_F(ChannelIntakeTest, AnInvalidMessageChangesNothing) {
  auto m = Chat("conv-1", "m1", "bob@globex.example", "hi");
  m.source = "telegram";
  auto outcome = channels_.DeliverChat(m);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(outcome.error().where, "source");
  EXPECT_EQ(CountTickets(), 0);
}

ContactForm Form(std::string email = "ann@initech.example") {
  return ContactForm{"Ann Example", std::move(email), "Invoice wrong",
                     "The March invoice charges twice.", "billing", ""};
}

TEST_F(ChannelIntakeTest, TheFormOpensATicketWithTheWebChannel) {
  const auto outcome = Submit(Form());
  ASSERT_TRUE(outcome.problems.empty());
  ASSERT_NE(outcome.ticket_id, 0);
  const auto t = Ticket(outcome.ticket_id);
  EXPECT_EQ(t.key, outcome.ticket_key);
  EXPECT_EQ(t.channel, "web");
  EXPECT_EQ(t.category, "billing");
  EXPECT_EQ(t.subject, "Invoice wrong");
  EXPECT_EQ(t.description, "The March invoice charges twice.");
  ASSERT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
    auto contact = tx.FindContactByEmail("ann@initech.example");
    EXPECT_TRUE(contact && *contact);
    if (contact && *contact) {
      EXPECT_EQ((*contact)->display_name, "Ann Example");
    }
    return {};
  }));
}

TEST_F(ChannelIntakeTest, TheHoneypotOpensNothing) {
  auto form = Form();
  form.honeypot = "http://spam.example";
  const auto outcome = Submit(form);
  EXPECT_TRUE(outcome.spam);
  EXPECT_EQ(outcome.ticket_id, 0);
  EXPECT_EQ(CountTickets(), 0);
}

TEST_F(ChannelIntakeTest, AFormWithProblemsOpensNothing) {
  auto form = Form("nobody");
  form.category = "legal";  // not offered by the form
  const auto outcome = Submit(form);
  EXPECT_EQ(outcome.problems.size(), 2u);
  EXPECT_EQ(CountTickets(), 0);
}

TEST_F(ChannelIntakeTest, TheFormIsRateLimitedPerClientUntilTheClockMoves) {
  EXPECT_NE(Submit(Form("a@initech.example")).ticket_id, 0);
  EXPECT_NE(Submit(Form("b@initech.example")).ticket_id, 0);
  const auto limited = Submit(Form("c@initech.example"));
  EXPECT_EQ(limited.retry_after, seconds(3600));
  EXPECT_EQ(limited.ticket_id, 0);
  EXPECT_EQ(CountTickets(), 2);
  EXPECT_NE(Submit(Form("c@initech.example"), "192.0.2.99").ticket_id, 0);  // another client
  clock_.Set(clock_.Now() + seconds(3600));
  EXPECT_NE(Submit(Form("c@initech.example")).ticket_id, 0);
  EXPECT_EQ(CountTickets(), 4);
}

TEST_F(ChannelIntakeTest, TheFormIsAbsentUnlessThePolicyEnablesIt) {
  core::Policy policy = ExamplePolicy();
  policy.intake->web_form.enabled = false;
  policies_.Install(std::move(policy));
  auto outcome = channels_.SubmitForm(Form(), "192.0.2.1");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(CountTickets(), 0);
}

}  // namespace
}  // namespace esc::app::test_support
