// Notification preferences in the service, against a real SQLite store: they are stored
// per user through the use case (bad input refused with the field named, nothing
// changed; customers and other people's preferences refused), and applied when the
// engine's notifications are written to the outbox (preferred channel only, personal
// quiet hours where the policy allows them, the fallback when no preferred channel is
// among the trigger's).
#include "app/service/notification_preferences.h"

#include <gtest/gtest.h>

#include "app/service/ticket_service.h"
#include "core/rfc3339.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/scratch_dir.h"

namespace esc::app {
namespace {

Instant At(std::string_view text) { return core::ToInstant(*core::ParseDateTime(text)); }

// Team frontline (ana, bo) on a 24/7 calendar; at half the 2 h resolution target the
// trigger tells the team by mail and webhook; `pager` is a channel no trigger uses.
core::Policy TestPolicy(bool personal_quiet_hours) {
  const std::string text = std::string(R"(calendars:
  always-on: {hours: 24/7}
priorities:
  order: [high, low]
  default: low
  matrix:
    high: {high: high, low: low}
    low: {high: low, low: low}
categories:
  technical: {name: Technical}
levels:
  L1: {name: Frontline}
teams:
  frontline: {name: Frontline, level: L1, skills: [technical], members: [ana, bo], calendar: always-on}
sla:
  - name: everyone
    calendar: always-on
    targets: {first_response: 2h, resolution: 2h}
escalation_paths:
  technical:
    - {team: frontline}
notifications:
  desk-mail: {type: email, from: desk@example.com}
  desk-hook: {type: webhook, url: "http://127.0.0.1:9/hook"}
  pager: {type: webhook, url: "http://127.0.0.1:9/pager"}
quiet_hours: {calendar: always-on, personal: )") +
                           (personal_quiet_hours ? "true" : "false") + R"(}
triggers:
  - name: half-time
    when: {sla: {target: resolution, at: 50%}}
    then:
      - notify: {to: [team], via: [desk-mail, desk-hook]}
)";
  auto loaded = policy::LoadPolicyText(text, "p.yaml", ".");
  if (!loaded) ADD_FAILURE() << loaded.error().front().ToString();
  return loaded ? std::move(*loaded) : core::Policy{};
}

class NotificationPreferencesTest : public ::testing::Test {
 protected:
  NotificationPreferencesTest()
      : store_(Open()),
        policies_("", TestPolicy(true)),
        context_{*store_, policies_, clock_, live_, routing_, {}, {}, {}, {}, {}},
        tickets_(context_) {
    routing_.Install(policies_.Current(), {});
    EXPECT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
      auto customer = tx.InsertCustomer({0, "Acme", "gold", clock_.Now()});
      if (!customer) return std::unexpected(customer.error());
      customer_ = *customer;
      for (const char* name : {"ana", "bo"}) {
        UserRecord user;
        user.username = name;
        user.email = std::string(name) + "@example.com";
        user.role = Role::kAgent;
        user.created_at = clock_.Now();
        auto id = tx.InsertUser(user);
        if (!id) return std::unexpected(id.error());
        (std::string(name) == "ana" ? ana_ : bo_) = *id;
      }
      UserRecord contact;
      contact.username = "carla";
      contact.role = Role::kCustomer;
      contact.customer_id = customer_;
      contact.created_at = clock_.Now();
      auto id = tx.InsertUser(contact);
      if (!id) return std::unexpected(id.error());
      carla_ = *id;
      return {};
    }));
  }

  std::unique_ptr<storage::SqliteStore> Open() {
    auto store = storage::SqliteStore::Open({(dir_ / "test.db").string(), false, 64});
    if (!store) ADD_FAILURE() << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  Actor As(Id id, std::string name, Role role = Role::kAgent) {
    return Actor{id, std::move(name), role, std::nullopt};
  }

  // Opens a ticket now, moves the clock to its half-time and lets the engine run.
  std::vector<OutboxRecord> NotifyAtHalfTime() {
    NewTicket input;
    input.subject = "Checkout fails";
    input.category = "technical";
    input.impact = input.urgency = "high";
    input.customer_id = customer_;
    auto view = tickets_.Create(Actor::System(), input);
    EXPECT_TRUE(view) << (view ? "" : view.error().ToString());
    if (!view) return {};
    const Id id = view->ticket.id;
    clock_.Set(clock_.Now() + std::chrono::hours(1));
    EXPECT_TRUE(tickets_.Reevaluate({id}));
    std::vector<OutboxRecord> rows;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      auto found = tx.Outbox(id, "", 100);
      if (!found) return std::unexpected(found.error());
      rows = std::move(*found);
      return {};
    }));
    return rows;
  }

  static std::vector<std::string> Channels(const std::vector<OutboxRecord>& rows,
                                           const std::string& recipient) {
    std::vector<std::string> out;
    for (const auto& row : rows) {
      if (row.recipient == recipient) out.push_back(row.channel);
    }
    return out;
  }

  esc::test_support::ScratchDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  PolicyHolder policies_;
  ManualClock clock_{At("2026-03-02T22:30:00Z")};
  LiveEvents live_;
  Routing routing_;
  ServiceContext context_;
  TicketService tickets_;
  Id customer_ = 0, ana_ = 0, bo_ = 0, carla_ = 0;
};

TEST_F(NotificationPreferencesTest, StoredPerUserAndReadBack) {
  PreferencesInput input;
  input.channels = std::vector<std::string>{"desk-hook"};
  input.quiet_hours = "22:00-07:00";
  input.timezone = "Europe/Berlin";
  auto put = PutNotificationPreferences(context_, As(ana_, "ana"), ana_, input);
  ASSERT_TRUE(put) << put.error().ToString();
  auto got = GetNotificationPreferences(context_, As(ana_, "ana"), ana_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->preferences.channels, std::vector<std::string>{"desk-hook"});
  ASSERT_TRUE(got->preferences.quiet_hours);
  EXPECT_EQ(FormatQuietHours(*got->preferences.quiet_hours), "22:00-07:00");
  EXPECT_EQ(got->preferences.quiet_hours->timezone, "Europe/Berlin");
  EXPECT_TRUE(got->quiet_hours_apply);
  // bo has none; an admin reads ana's.
  auto bo = GetNotificationPreferences(context_, As(bo_, "bo"), bo_);
  ASSERT_TRUE(bo);
  EXPECT_TRUE(bo->preferences.channels.empty());
  EXPECT_FALSE(bo->preferences.quiet_hours);
  EXPECT_TRUE(GetNotificationPreferences(context_, Actor::System(), ana_));
}

TEST_F(NotificationPreferencesTest, BadInputNamesTheFieldAndChangesNothing) {
  PreferencesInput good;
  good.channels = std::vector<std::string>{"desk-hook"};
  ASSERT_TRUE(PutNotificationPreferences(context_, As(ana_, "ana"), ana_, good));
  auto expect_invalid = [&](PreferencesInput input, const std::string& field) {
    auto put = PutNotificationPreferences(context_, As(ana_, "ana"), ana_, input);
    ASSERT_FALSE(put);
    EXPECT_EQ(put.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(put.error().where, field) << put.error().message;
  };
  PreferencesInput bad;
  bad.channels = std::vector<std::string>{"desk-mail", "sms"};
  expect_invalid(bad, "channels[1]");
  bad.channels = std::vector<std::string>{"desk-mail", "desk-mail"};
  expect_invalid(bad, "channels[1]");
  bad = {};
  bad.quiet_hours = "10pm-7am";
  bad.timezone = "Etc/UTC";
  expect_invalid(bad, "quiet_hours");
  bad.quiet_hours = "22:00-07:00";
  bad.timezone = "Mars/Olympus";
  expect_invalid(bad, "timezone");
  bad.timezone.reset();
  expect_invalid(bad, "timezone");
  bad.quiet_hours = "07:00-07:00";
  bad.timezone = "Etc/UTC";
  expect_invalid(bad, "quiet_hours");
  auto got = GetNotificationPreferences(context_, As(ana_, "ana"), ana_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->preferences.channels, std::vector<std::string>{"desk-hook"});
  EXPECT_FALSE(got->preferences.quiet_hours);
}

TEST_F(NotificationPreferencesTest, OnlyTheUserOrAnAdminAndNeverForCustomers) {
  PreferencesInput input;
  auto other = PutNotificationPreferences(context_, As(bo_, "bo"), ana_, input);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kForbidden);
  EXPECT_TRUE(PutNotificationPreferences(context_, Actor::System(), ana_, input));
  auto customer = GetNotificationPreferences(
      context_, Actor{carla_, "carla", Role::kCustomer, customer_}, carla_);
  ASSERT_FALSE(customer);
  EXPECT_EQ(customer.error().code, core::ErrorCode::kForbidden);
  auto of_customer = PutNotificationPreferences(context_, Actor::System(), carla_, input);
  ASSERT_FALSE(of_customer);
  EXPECT_EQ(of_customer.error().code, core::ErrorCode::kInvalid);
}

TEST_F(NotificationPreferencesTest, AppliedWhenTheOutboxRowsAreWritten) {
  PreferencesInput hook_only;
  hook_only.channels = std::vector<std::string>{"desk-hook"};
  ASSERT_TRUE(PutNotificationPreferences(context_, As(ana_, "ana"), ana_, hook_only));
  PreferencesInput night;
  night.channels = std::vector<std::string>{"pager"};  // not among the trigger's: fallback
  night.quiet_hours = "22:00-07:00";
  night.timezone = "Etc/UTC";
  ASSERT_TRUE(PutNotificationPreferences(context_, As(bo_, "bo"), bo_, night));
  const auto rows = NotifyAtHalfTime();  // at 23:30 UTC
  EXPECT_EQ(Channels(rows, "ana"), std::vector<std::string>{"desk-hook"});
  EXPECT_EQ(Channels(rows, "bo"), (std::vector<std::string>{"desk-mail", "desk-hook"}));
  for (const auto& row : rows) {
    const Instant expected =
        row.recipient == "bo" ? At("2026-03-03T07:00:00Z") : At("2026-03-02T23:30:00Z");
    EXPECT_EQ(row.send_at, expected) << row.recipient << " on " << row.channel;
  }
}

TEST_F(NotificationPreferencesTest, PersonalQuietHoursWaitForThePolicysPermission) {
  policies_.Install(TestPolicy(false));
  routing_.Install(policies_.Current(), {});
  PreferencesInput night;
  night.quiet_hours = "22:00-07:00";
  night.timezone = "Etc/UTC";
  auto put = PutNotificationPreferences(context_, As(bo_, "bo"), bo_, night);
  ASSERT_TRUE(put);
  EXPECT_FALSE(put->quiet_hours_apply);  // kept, not applied
  const auto rows = NotifyAtHalfTime();
  ASSERT_EQ(Channels(rows, "bo").size(), 2u);
  for (const auto& row : rows) EXPECT_EQ(row.send_at, At("2026-03-02T23:30:00Z"));
}

}  // namespace
}  // namespace esc::app
