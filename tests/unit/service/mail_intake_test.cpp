// The mail intake use case: new senders and their organisations, threading by each route,
// a key of another customer's ticket, auto-replies, duplicate deliveries, reopening, the
// text signals (keywords, sentiment) and the quarantine.
#include "app/service/mail_intake.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/service/external_wakeups.h"
#include "intake/take_in.h"
#include "unit/service/mail_intake_fixture.h"

namespace esc::app {
namespace {

using test_support::Mail;
using test_support::MailIntakeTest;

bool HasTag(const TicketRecord& t, const std::string& tag) {
  return std::find(t.tags.begin(), t.tags.end(), tag) != t.tags.end();
}

TEST_F(MailIntakeTest, UnknownSenderOpensTicketInTheOrganisationOfTheirDomain) {
  auto mail = Mail("Bob@Globex.Example", "Login fails", "Cannot log in since today", "m1@globex");
  mail.from_name = "Bob Builder";
  const MailOutcome outcome = Deliver(mail);
  ASSERT_EQ(outcome.kind, MailOutcomeKind::kOpened);
  const TicketRecord t = Ticket(outcome.ticket_id);
  EXPECT_EQ(t.key, outcome.ticket_key);
  EXPECT_EQ(t.channel, "email");
  EXPECT_EQ(t.subject, "Login fails");
  EXPECT_EQ(t.description, "Cannot log in since today");
  EXPECT_EQ(t.category, "technical");
  EXPECT_EQ(t.impact, "medium");
  EXPECT_EQ(t.tier, "gold");
  auto customer = Customer(t.customer_id);
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->name, "Globex");
  ASSERT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
    auto contact = tx.FindContactByEmail("bob@globex.example");
    EXPECT_TRUE(contact && *contact);
    if (contact && *contact) {
      EXPECT_EQ((*contact)->display_name, "Bob Builder");
      EXPECT_EQ((*contact)->customer_id, t.customer_id);
      EXPECT_EQ((*contact)->id, t.requester_id);
      EXPECT_TRUE((*contact)->password_hash.empty());
    }
    return {};
  }));
}

TEST_F(MailIntakeTest, UnknownSendersOfOtherDomainsShareTheDefaultOrganisation) {
  const auto a = Deliver(Mail("ann@one.example", "Hello", "Question", "a@one"));
  const auto b = Deliver(Mail("ben@two.example", "Hi", "Another question", "b@two"));
  ASSERT_EQ(a.kind, MailOutcomeKind::kOpened);
  ASSERT_EQ(b.kind, MailOutcomeKind::kOpened);
  const auto ta = Ticket(a.ticket_id), tb = Ticket(b.ticket_id);
  EXPECT_EQ(ta.customer_id, tb.customer_id);
  EXPECT_EQ(Customer(ta.customer_id)->name, "Email customers");
  EXPECT_EQ(ta.tier, "bronze");
  EXPECT_NE(ta.requester_id, tb.requester_id);
}

TEST_F(MailIntakeTest, ReplyThreadsByInReplyTo) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  auto reply = Mail("bob@globex.example", "Re: Disk full", "Still failing", "m2@globex");
  reply.in_reply_to = "m1@globex";
  const auto second = Deliver(reply);
  ASSERT_EQ(second.kind, MailOutcomeKind::kThreaded);
  EXPECT_EQ(second.ticket_id, first.ticket_id);
  const auto messages = Messages(first.ticket_id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, "Still failing");
  EXPECT_EQ(messages[0].channel, "email");
  EXPECT_TRUE(messages[0].from_customer);
  EXPECT_EQ(Ticket(first.ticket_id).customer_replies, 1);
  EXPECT_EQ(CountTickets(), 1);
}

TEST_F(MailIntakeTest, ReplyThreadsByReferencesOfAnEarlierReply) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  auto second = Mail("bob@globex.example", "Re: Disk full", "More", "m2@globex");
  second.in_reply_to = "m1@globex";
  Deliver(second);
  auto third = Mail("bob@globex.example", "Re: Disk full", "And more", "m3@globex");
  third.in_reply_to = "unknown@elsewhere";
  third.references = {"m2@globex", "unknown@elsewhere"};
  const auto outcome = Deliver(third);
  ASSERT_EQ(outcome.kind, MailOutcomeKind::kThreaded);
  EXPECT_EQ(outcome.ticket_id, first.ticket_id);
  EXPECT_EQ(Messages(first.ticket_id).size(), 2u);
}

TEST_F(MailIntakeTest, ReplyThreadsByTheTicketKeyInTheSubject) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  auto reply = Mail("carol@globex.example", "Re: [" + first.ticket_key + "] Disk full",
                    "My colleague's case: same here", "c1@globex");
  reply.ticket_key = first.ticket_key;
  const auto outcome = Deliver(reply);
  ASSERT_EQ(outcome.kind, MailOutcomeKind::kThreaded);
  EXPECT_EQ(outcome.ticket_id, first.ticket_id);
}

TEST_F(MailIntakeTest, KeyOfAnotherCustomersTicketOpensANewTicket) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  auto stranger =
      Mail("eve@evil.example", "Re: [" + first.ticket_key + "]", "Let me in", "e1@evil");
  stranger.ticket_key = first.ticket_key;
  stranger.in_reply_to = "m1@globex";  // a Message-ID seen in a forwarded mail does not help
  const auto outcome = Deliver(stranger);
  ASSERT_EQ(outcome.kind, MailOutcomeKind::kOpened);
  EXPECT_NE(outcome.ticket_id, first.ticket_id);
  EXPECT_TRUE(Messages(first.ticket_id).empty());
}

TEST_F(MailIntakeTest, StrangersInTheDefaultOrganisationCannotWriteOnEachOthersTickets) {
  const auto ann = Deliver(Mail("ann@one.example", "Hello", "Question", "a@one"));
  auto ben = Mail("ben@two.example", "Re: [" + ann.ticket_key + "]", "Me too", "b@two");
  ben.ticket_key = ann.ticket_key;
  const auto outcome = Deliver(ben);
  EXPECT_EQ(outcome.kind, MailOutcomeKind::kOpened);
  auto again = Mail("ann@one.example", "Re: [" + ann.ticket_key + "]", "More", "a2@one");
  again.ticket_key = ann.ticket_key;
  EXPECT_EQ(Deliver(again).kind, MailOutcomeKind::kThreaded);
}

TEST_F(MailIntakeTest, AutoRepliesBouncesAndLoopsAreRecordedButOpenNothing) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  for (const char* kind : {"auto_reply", "bounce", "loop"}) {
    auto mail = Mail("bob@globex.example", "Out of office", "I am away", std::string(kind) + "@x");
    mail.kind = kind;
    mail.kind_reason = "test";
    mail.in_reply_to = "m1@globex";
    const auto outcome = Deliver(mail);
    EXPECT_EQ(outcome.kind, MailOutcomeKind::kIgnored) << kind;
    EXPECT_EQ(outcome.ticket_id, first.ticket_id) << kind;
  }
  auto unthreaded = Mail("x@nowhere.example", "Auto: away", "away", "auto@nowhere");
  unthreaded.kind = "auto_reply";
  EXPECT_EQ(Deliver(unthreaded).kind, MailOutcomeKind::kIgnored);
  EXPECT_EQ(CountTickets(), 1);
  EXPECT_TRUE(Messages(first.ticket_id).empty());
  ASSERT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
    auto recorded = tx.FindMail("auto_reply@x");
    EXPECT_TRUE(recorded && *recorded && (*recorded)->outcome == "ignored");
    auto outbox = tx.Outbox(first.ticket_id, "", 100);
    EXPECT_TRUE(outbox);
    return {};
  }));
}

TEST_F(MailIntakeTest, SecondDeliveryOfAMessageIdChangesNothing) {
  const auto mail = Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex");
  const auto first = Deliver(mail);
  const auto again = Deliver(mail);
  EXPECT_EQ(again.kind, MailOutcomeKind::kDuplicate);
  EXPECT_EQ(again.ticket_id, first.ticket_id);
  EXPECT_EQ(CountTickets(), 1);
  const std::int64_t version = Ticket(first.ticket_id).version;
  EXPECT_EQ(Deliver(mail).kind, MailOutcomeKind::kDuplicate);
  EXPECT_EQ(Ticket(first.ticket_id).version, version);
}

TEST_F(MailIntakeTest, MailWithoutMessageIdIsRecognisedByItsBytes) {
  const auto mail = Mail("bob@globex.example", "Disk full", "Build fails", "");
  EXPECT_EQ(Deliver(mail, "the same bytes").kind, MailOutcomeKind::kOpened);
  EXPECT_EQ(Deliver(mail, "the same bytes").kind, MailOutcomeKind::kDuplicate);
  EXPECT_EQ(Deliver(mail, "other bytes").kind, MailOutcomeKind::kOpened);
}

TEST_F(MailIntakeTest, ReplyReopensAResolvedTicketAndAClosedOneGetsANewTicket) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  auto set_status = [&](core::TicketStatus status) {
    ASSERT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
      auto t = tx.FindTicket(first.ticket_id);
      if (!t) return std::unexpected(t.error());
      (*t)->status = status;
      ++(*t)->version;
      return tx.UpdateTicket(**t);
    }));
  };
  set_status(core::TicketStatus::kResolved);
  auto reply = Mail("bob@globex.example", "Re: Disk full", "Broken again", "m2@globex");
  reply.in_reply_to = "m1@globex";
  ASSERT_EQ(Deliver(reply).kind, MailOutcomeKind::kThreaded);
  const auto reopened = Ticket(first.ticket_id);
  EXPECT_EQ(reopened.status, core::TicketStatus::kReopened);
  EXPECT_TRUE(reopened.reopened);

  set_status(core::TicketStatus::kClosed);
  auto late = Mail("bob@globex.example", "Re: Disk full", "Hello?", "m3@globex");
  late.in_reply_to = "m2@globex";
  const auto outcome = Deliver(late);
  EXPECT_EQ(outcome.kind, MailOutcomeKind::kOpened);
  EXPECT_NE(outcome.ticket_id, first.ticket_id);
}

TEST_F(MailIntakeTest, CustomerWordsMatchTheKeywordTriggerWhateverTheirCaseAndAccents) {
  const auto outcome =
      Deliver(Mail("bob@globex.example", "Contract", "Our LAWYÉR will call you", "m1@globex"));
  const auto t = Ticket(outcome.ticket_id);
  EXPECT_TRUE(HasTag(t, "legal-risk"));  // trigger legal-words: [lawyer, ...]
  EXPECT_NE(t.customer_words.find("lawyer"), std::string::npos);
}

TEST_F(MailIntakeTest, SentimentIsStoredOnEachMessageAndDrivesTheTrigger) {
  const auto first = Deliver(Mail("bob@globex.example", "Disk full", "Build fails", "m1@globex"));
  EXPECT_EQ(Ticket(first.ticket_id).priority, "medium");
  auto angry = Mail("bob@globex.example", "Re: Disk full",
                    "This is unacceptable. Your service is useless and broken!", "m2@globex");
  angry.in_reply_to = "m1@globex";
  Deliver(angry);
  const auto messages = Messages(first.ticket_id);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_TRUE(messages[0].sentiment);
  EXPECT_LT(*messages[0].sentiment, -0.6);
  const auto t = Ticket(first.ticket_id);
  EXPECT_EQ(t.sentiment, messages[0].sentiment);
  EXPECT_EQ(t.priority, "high");  // trigger angry-gold-customer: sentiment_below -0.6
}

TEST_F(MailIntakeTest, AttachmentsAreStoredAndListedWithTheirTicket) {
  auto mail = Mail("bob@globex.example", "Logs", "Attached", "m1@globex");
  mail.attachments.push_back({"log.txt", "text/plain", std::string("a\0b", 3)});
  const auto outcome = Deliver(mail);
  auto list = intake_.Attachments(Actor::System(), outcome.ticket_id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].filename, "log.txt");
  EXPECT_EQ((*list)[0].size, 3);
  auto one = intake_.Attachment(Actor::System(), outcome.ticket_id, (*list)[0].id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->content, std::string("a\0b", 3));
  const Actor stranger{999, "eve", Role::kCustomer, 12345};
  EXPECT_EQ(intake_.Attachments(stranger, outcome.ticket_id).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(intake_.Attachment(stranger, outcome.ticket_id, (*list)[0].id).error().code,
            core::ErrorCode::kNotFound);
}

TEST_F(MailIntakeTest, MailThatCannotBeTakenInIsQuarantinedWithItsBytes) {
  intake::ParseOptions options;
  options.limits.max_total_bytes = 200;
  const std::string big = "From: a@b.example\r\nSubject: big\r\n\r\n" + std::string(500, 'x');
  auto over = intake::TakeIn(intake_, big, options);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->kind, MailOutcomeKind::kQuarantined);
  const std::string binary("\0\xff\xfe garbage without headers", 28);
  auto not_mail = intake::TakeIn(intake_, binary, {});
  ASSERT_TRUE(not_mail);
  EXPECT_EQ(not_mail->kind, MailOutcomeKind::kQuarantined);
  auto no_sender = intake::TakeIn(intake_, "Subject: who?\r\n\r\nbody\r\n", {});
  ASSERT_TRUE(no_sender);
  EXPECT_EQ(no_sender->kind, MailOutcomeKind::kQuarantined);
  EXPECT_EQ(CountTickets(), 0);

  const Actor admin{1, "root", Role::kAdmin, std::nullopt};
  auto listed = intake_.ListQuarantine(admin, 50, 0);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[2].reason, "max_total_bytes");
  EXPECT_EQ((*listed)[0].reason, "no_sender");
  auto kept = intake_.Quarantined(admin, over->quarantine_id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->raw, big);
  EXPECT_EQ(intake_.Quarantined(admin, not_mail->quarantine_id)->raw, binary);
  const Actor agent{2, "ana", Role::kAgent, std::nullopt};
  EXPECT_EQ(intake_.ListQuarantine(agent, 50, 0).error().code, core::ErrorCode::kForbidden);
}

TEST_F(MailIntakeTest, CorpusMailWithAttachmentsOpensATicketWithThem) {
  const std::string raw = esc::test_support::ReadFile(std::string(ESCALATOR_SOURCE_DIR) +
                                                      "/tests/data/mail/attachments.eml");
  auto first = intake::TakeIn(intake_, raw, {});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->kind, MailOutcomeKind::kOpened);  // ESC-77 does not exist yet
  auto list = intake_.Attachments(Actor::System(), first->ticket_id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].filename, "Fehlerprotokoll Müller.pdf");
  EXPECT_EQ((*list)[0].content_type, "application/pdf");
}

TEST_F(MailIntakeTest, AnotherProcessesTicketsReachTheSchedulerThroughSignals) {
  MailIntake other_process(context_, tickets_, {.signal_other_process = true});
  std::vector<std::pair<Id, std::optional<Instant>>> scheduled;
  ExternalWakeups external(
      *store_, [&](Id id, std::optional<Instant> at) { scheduled.emplace_back(id, at); });
  ASSERT_TRUE(other_process.Deliver(Mail("bob@globex.example", "Before", "x", "m0@globex"), "r"));
  ASSERT_TRUE(external.Start());  // what was there before is the scheduler's Load's
  auto outcome =
      other_process.Deliver(Mail("bob@globex.example", "Down", "Outage", "m1@globex"), "r");
  ASSERT_TRUE(outcome);
  auto polled = external.Poll();
  ASSERT_TRUE(polled);
  EXPECT_EQ(*polled, 1u);
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0].first, outcome->ticket_id);
  EXPECT_EQ(scheduled[0].second, Ticket(outcome->ticket_id).next_wakeup);
  EXPECT_TRUE(scheduled[0].second.has_value());
  EXPECT_EQ(*external.Poll(), 0u);
}

TEST_F(MailIntakeTest, WithoutAnIntakeSectionMailWaitsForLater) {
  core::Policy policy = test_support::ExamplePolicy();
  policy.intake.reset();
  policy.version = "no-intake";
  policies_.Install(std::move(policy));
  auto outcome = intake_.Deliver(Mail("bob@globex.example", "x", "y", "m1@globex"), "r");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace esc::app
