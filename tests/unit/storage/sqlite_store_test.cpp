// The SQLite store against a real database file: migrations, group-committed writes that
// fail one by one, snapshot reads, optimistic versions, and the append-only audit trail.
#include "storage/sqlite/sqlite_store.h"

#include "storage/sqlite/migrations.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "support/scratch_dir.h"

namespace esc::storage {
namespace {

using app::Result;
using app::StoreTx;
using test_support::ScratchDir;

app::TicketRecord SampleTicket(app::Id customer) {
  app::TicketRecord t;
  t.customer_id = customer;
  t.requester_id = 1;
  t.subject = "Disk full on the build server";
  t.description = "The nightly build fails";
  t.category = "technical";
  t.impact = "high";
  t.urgency = "low";
  t.priority = "medium";
  t.tier = "gold";
  t.team = "frontline";
  t.level = "L1";
  t.tags = {"infra", "build"};
  t.created_at = t.updated_at = t.last_update = t.team_since = core::FromEpochSeconds(1000);
  t.next_deadline = core::FromEpochSeconds(5000);
  t.next_wakeup = core::FromEpochSeconds(4000);
  return t;
}

std::unique_ptr<SqliteStore> OpenStore(const std::filesystem::path& dir) {
  auto store = SqliteStore::Open({(dir / "test.db").string(), false, 64});
  EXPECT_TRUE(store) << (store ? "" : store.error().ToString());
  return store ? std::move(*store) : nullptr;
}

app::Id AddCustomer(SqliteStore& store) {
  app::Id id = 0;
  EXPECT_TRUE(store.Write([&](StoreTx& tx) -> Result<void> {
    auto inserted = tx.InsertCustomer({0, "Acme", "gold", core::FromEpochSeconds(1)});
    if (!inserted) return std::unexpected(inserted.error());
    id = *inserted;
    return {};
  }));
  return id;
}

TEST(SqliteStore, MigratesOnceAndReopensAtTheSameVersion) {
  ScratchDir dir;
  {
    auto store = OpenStore(dir);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), Migrations().back().version);
  }
  auto again = OpenStore(dir);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion(), Migrations().back().version);
}

TEST(SqliteStore, RefusesADatabaseWithANewerSchema) {
  ScratchDir dir;
  { ASSERT_TRUE(OpenStore(dir)); }
  {
    SQLite::Database db((dir / "test.db").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  auto store = SqliteStore::Open({(dir / "test.db").string(), false, 64});
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST(SqliteStore, StoresAndReadsBackEveryTicketField) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  app::TicketRecord written = SampleTicket(customer);
  written.sentiment = -0.5;
  written.csat_rating = 4;
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto id = tx.InsertTicket(written);
    if (!id) return std::unexpected(id.error());
    return {};
  }));
  EXPECT_EQ(written.key, "ESC-1");
  app::TicketRecord read;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindTicket(written.id);
    if (!found) return std::unexpected(found.error());
    EXPECT_TRUE(found->has_value());
    if (*found) read = **found;
    return {};
  }));
  EXPECT_EQ(read.subject, written.subject);
  EXPECT_EQ(read.tags, written.tags);
  EXPECT_EQ(read.next_deadline, written.next_deadline);
  EXPECT_EQ(read.next_wakeup, written.next_wakeup);
  EXPECT_EQ(read.sentiment, written.sentiment);
  EXPECT_EQ(read.csat_rating, written.csat_rating);
  EXPECT_FALSE(read.acknowledged_at.has_value());
}

TEST(SqliteStore, AFailingWriteInABatchUndoesOnlyItself) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  std::vector<std::function<Result<void>(StoreTx&)>> works;
  for (int i = 0; i < 3; ++i) {
    works.push_back([&, i](StoreTx& tx) -> Result<void> {
      auto ticket = SampleTicket(customer);
      if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
      if (i == 1) return std::unexpected(core::Error::Invalid("the second one fails"));
      return {};
    });
  }
  const auto results = store->WriteAll(works);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
  std::int64_t count = 0;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    auto n = tx.CountTickets({});
    if (!n) return std::unexpected(n.error());
    count = *n;
    return {};
  }));
  EXPECT_EQ(count, 2);
}

TEST(SqliteStore, AnUpdateOnAStaleVersionIsAConflict) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  app::TicketRecord ticket = SampleTicket(AddCustomer(*store));
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto id = tx.InsertTicket(ticket);
    if (!id) return std::unexpected(id.error());
    return {};
  }));
  app::TicketRecord next = ticket;
  next.version = 2;
  next.subject = "first edit";
  ASSERT_TRUE(store->Write([&](StoreTx& tx) { return tx.UpdateTicket(next); }));
  app::TicketRecord stale = ticket;
  stale.version = 2;  // made from version 1 again
  stale.subject = "lost update";
  auto result = store->Write([&](StoreTx& tx) { return tx.UpdateTicket(stale); });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
}

TEST(SqliteStore, TheAuditTrailCannotBeChangedOrDeleted) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  app::TicketRecord ticket = SampleTicket(AddCustomer(*store));
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto id = tx.InsertTicket(ticket);
    if (!id) return std::unexpected(id.error());
    auto event = tx.AppendEvent({0, *id, core::FromEpochSeconds(1000), "ana", "created", "{}"});
    if (!event) return std::unexpected(event.error());
    return {};
  }));
  SQLite::Database db((dir / "test.db").string(), SQLite::OPEN_READWRITE);
  EXPECT_THROW(db.exec("UPDATE ticket_events SET actor = 'mallory'"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM ticket_events"), SQLite::Exception);
  EXPECT_EQ(db.execAndGet("SELECT actor FROM ticket_events").getString(), "ana");
}

TEST(SqliteStore, ConcurrentWritersAreAllCommitted) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto ok = store->Write([&](StoreTx& tx) -> Result<void> {
          auto ticket = SampleTicket(customer);
          auto id = tx.InsertTicket(ticket);
          if (!id) return std::unexpected(id.error());
          return {};
        });
        EXPECT_TRUE(ok);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::int64_t count = 0;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    auto n = tx.CountTickets({});
    if (!n) return std::unexpected(n.error());
    count = *n;
    return {};
  }));
  EXPECT_EQ(count, 200);
}

TEST(SqliteStore, QueuesSortByDeadlineAndSearchFindsWords) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    for (int i = 0; i < 5; ++i) {
      auto ticket = SampleTicket(customer);
      ticket.next_deadline = core::FromEpochSeconds(10000 - i * 100);
      if (i == 3) ticket.subject = "Printer on fire";
      if (i == 4) ticket.next_deadline.reset();
      if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
    }
    return {};
  }));
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    app::TicketFilter queue;
    queue.team = "frontline";
    queue.open_only = true;
    auto rows = tx.ListTickets(queue);
    if (!rows) return std::unexpected(rows.error());
    std::vector<app::Id> order;
    for (const auto& t : *rows) order.push_back(t.id);
    EXPECT_EQ(order, (std::vector<app::Id>{4, 3, 2, 1, 5}));  // no deadline last
    app::TicketFilter search;
    search.text = "fire";
    auto found = tx.ListTickets(search);
    if (!found) return std::unexpected(found.error());
    EXPECT_EQ(found->size(), 1u);
    if (!found->empty()) {
      EXPECT_EQ(found->front().id, 4);
    }
    return {};
  }));
}

// Reports page through the tickets created in a range by id (keyset paging).
TEST(SqliteStore, ListsTicketsCreatedInARangePageByPage) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    for (int i = 0; i < 7; ++i) {
      auto ticket = SampleTicket(customer);
      ticket.created_at = core::FromEpochSeconds(1000 + i * 100);  // 1000, 1100, ... 1600
      if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
    }
    return {};
  }));
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    app::TicketFilter f;
    f.created_from = core::FromEpochSeconds(1100);
    f.created_to = core::FromEpochSeconds(1600);  // excluded
    f.sort = app::TicketFilter::Sort::kOldest;
    f.limit = 2;
    std::vector<std::vector<app::Id>> pages;
    for (;;) {
      auto page = tx.ListTickets(f);
      if (!page) return std::unexpected(page.error());
      if (page->empty()) break;
      pages.emplace_back();
      for (const auto& t : *page) pages.back().push_back(t.id);
      f.after_id = page->back().id;
    }
    EXPECT_EQ(pages, (std::vector<std::vector<app::Id>>{{2, 3}, {4, 5}, {6}}));
    return {};
  }));
}

}  // namespace
}  // namespace esc::storage
