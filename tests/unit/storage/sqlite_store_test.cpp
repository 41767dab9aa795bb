// The SQLite store against a real database file: migrations (in order, and upgrading an
// older database), group-committed writes that fail one by one, snapshot reads,
// optimistic versions, the append-only audit trail, and the counts and queues of the
// policy's limits on open escalations.
#include "storage/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "storage/sqlite/migrations.h"
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

// The newest schema version this binary knows (the last migration file).
int LatestVersion() { return Migrations().back().version; }

TEST(SqliteStore, MigrationsAreInStrictlyIncreasingVersionOrder) {
  const auto& all = Migrations();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().version, 1);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].version, all[i].version) << "migration " << i;
  }
}

// Every stored ticket (-1 when the read fails, which fails the test too).
std::int64_t CountAll(SqliteStore& store) {
  std::int64_t count = -1;
  EXPECT_TRUE(store.Read([&](StoreTx& tx) -> Result<void> {
    auto n = tx.CountTickets({}, INT64_MAX);
    if (!n) return std::unexpected(n.error());
    count = *n;
    return {};
  }));
  return count;
}

TEST(SqliteStore, MigratesOnceAndReopensAtTheSameVersion) {
  ScratchDir dir;
  {
    auto store = OpenStore(dir);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), LatestVersion());
  }
  auto again = OpenStore(dir);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion(), LatestVersion());
}

// A database made by a binary that knew only the first migration: the later ones apply in
// order at open, and its open tickets that came to their team by an escalation count as
// open escalations from then on (the audit trail says how each arrived).
TEST(SqliteStore, UpgradesADatabaseOfTheFirstSchema) {
  ScratchDir dir;
  {
    SQLite::Database db((dir / "test.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(std::string(Migrations().front().sql));
    db.exec("PRAGMA user_version = 1");
    db.exec("INSERT INTO customers(name, tier, created_at) VALUES ('Acme', 'gold', 1)");
    // Columns of the first schema, in its order: key .. merged_into.
    const char* insert =
        "INSERT INTO tickets VALUES (?, ?, 1, 1, 's', 'd', 'technical', 'high', 'low', "
        "'medium', 'web', 'gold', ?, ?, ?, ?, '', '', 1000, 1000, 1, '', 0, 0, 0, NULL, '', "
        "NULL, 1000, NULL, 1000, NULL, 9223372036854775807, NULL, 'none', 0, NULL, NULL, '', "
        "'', 0, '', NULL, '', NULL)";
    struct Row {
      int id;
      const char* status;
      bool open;
      const char* team;
      const char* level;
      std::vector<std::pair<const char*, const char*>> events;  // kind, data
    };
    const std::vector<Row> rows = {
        {1, "open", true, "specialists", "L2", {{"assigned", "{}"}, {"escalated", "{}"}}},
        {2, "open", true, "frontline", "L1", {{"escalated", "{}"}, {"deescalated", "{}"}}},
        {3, "resolved", false, "specialists", "L2", {{"escalated", "{}"}}},
        {4, "reopened", true, "specialists", "L2",
         {{"escalated", "{}"}, {"status_changed", R"({"from":"resolved","to":"reopened"})"}}},
        {5, "open", true, "frontline", "L1", {{"assigned", "{}"}}},
    };
    for (const Row& row : rows) {
      SQLite::Statement ticket(db, insert);
      ticket.bind(1, row.id);
      ticket.bind(2, "ESC-" + std::to_string(row.id));
      ticket.bind(3, row.status);
      ticket.bind(4, row.open ? 1 : 0);
      ticket.bind(5, row.team);
      ticket.bind(6, row.level);
      ticket.exec();
      for (const auto& [kind, data] : row.events) {
        SQLite::Statement event(
            db, "INSERT INTO ticket_events(ticket_id, at, actor, kind, data) "
                "VALUES (?, 1000, 'ana', ?, ?)");
        event.bind(1, row.id);
        event.bind(2, kind);
        event.bind(3, data);
        event.exec();
      }
    }
  }
  auto store = OpenStore(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), LatestVersion());
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    std::vector<app::Id> escalated;
    for (app::Id id = 1; id <= 5; ++id) {
      auto found = tx.FindTicket(id);
      if (!found) return std::unexpected(found.error());
      EXPECT_TRUE(found->has_value()) << id;
      if (*found && (*found)->arrived_by_escalation) escalated.push_back(id);
      if (*found) {
        EXPECT_FALSE((*found)->queued_escalation.has_value()) << id;
      }
    }
    EXPECT_EQ(escalated, (std::vector<app::Id>{1}));
    auto open = tx.CountOpenEscalations("level", "L2", 0);
    if (!open) return std::unexpected(open.error());
    EXPECT_EQ(*open, 1);
    return {};
  }));
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
  EXPECT_FALSE(read.arrived_by_escalation);
  EXPECT_FALSE(read.queued_escalation.has_value());
}

app::QueuedEscalation WaitingFor(std::string scope, std::string id, std::int64_t sequence) {
  return app::QueuedEscalation{std::move(scope), std::move(id), "hierarchical",
                               "specialists",   "L2",           "first response breached",
                               "sla-breach",    "system",       core::FromEpochSeconds(2000),
                               sequence};
}

TEST(SqliteStore, StoresAndReadsBackTheQueuedEscalation) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  app::TicketRecord written = SampleTicket(AddCustomer(*store));
  written.arrived_by_escalation = true;
  written.queued_escalation = WaitingFor("level", "L2", 7);
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto id = tx.InsertTicket(written);
    if (!id) return std::unexpected(id.error());
    return {};
  }));
  ASSERT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindTicket(written.id);
    if (!found) return std::unexpected(found.error());
    EXPECT_TRUE(found->has_value());
    if (!*found) return {};
    const app::TicketRecord& read = **found;
    EXPECT_TRUE(read.arrived_by_escalation);
    EXPECT_TRUE(read.queued_escalation.has_value());
    if (!read.queued_escalation) return {};
    const app::QueuedEscalation& q = *read.queued_escalation;
    const app::QueuedEscalation& w = *written.queued_escalation;
    EXPECT_EQ(q.limit_scope, w.limit_scope);
    EXPECT_EQ(q.limit_id, w.limit_id);
    EXPECT_EQ(q.type, w.type);
    EXPECT_EQ(q.to_team, w.to_team);
    EXPECT_EQ(q.to_level, w.to_level);
    EXPECT_EQ(q.reason, w.reason);
    EXPECT_EQ(q.trigger, w.trigger);
    EXPECT_EQ(q.by, w.by);
    EXPECT_EQ(q.queued_at, w.queued_at);
    EXPECT_EQ(q.sequence, w.sequence);
    return {};
  }));
}

TEST(SqliteStore, CountsOpenEscalationsAndFindsTheOldestInAQueue) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  std::vector<app::TicketRecord> tickets(8, SampleTicket(customer));
  for (std::size_t i : {0u, 1u, 2u}) {  // 1, 2: escalated to L2 and open; 3: resolved there
    tickets[i].team = "specialists";
    tickets[i].level = "L2";
    tickets[i].arrived_by_escalation = true;
  }
  tickets[2].status = core::TicketStatus::kResolved;
  tickets[3].team = "specialists";  // 4: assigned there, not escalated
  tickets[3].level = "L2";
  // Waiting in the L2 queue: 6 came before 5; 7 was resolved while it waited; 8 waits in
  // another queue.
  tickets[4].queued_escalation = WaitingFor("level", "L2", 9);
  tickets[5].queued_escalation = WaitingFor("level", "L2", 4);
  tickets[6].queued_escalation = WaitingFor("level", "L2", 1);
  tickets[6].status = core::TicketStatus::kResolved;
  tickets[7].queued_escalation = WaitingFor("team", "billing", 2);
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    for (auto& ticket : tickets) {
      if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
    }
    return {};
  }));
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto level = tx.CountOpenEscalations("level", "L2", 0);
    auto team = tx.CountOpenEscalations("team", "specialists", 0);
    auto except = tx.CountOpenEscalations("level", "L2", 2);
    auto other = tx.CountOpenEscalations("level", "L1", 0);
    if (!level || !team || !except || !other) {
      return std::unexpected(core::Error::Invalid("a count failed"));
    }
    EXPECT_EQ(*level, 2);
    EXPECT_EQ(*team, 2);
    EXPECT_EQ(*except, 1);
    EXPECT_EQ(*other, 0);
    EXPECT_FALSE(tx.CountOpenEscalations("priority", "high", 0));
    auto oldest = tx.OldestQueued("level", "L2");
    if (!oldest) return std::unexpected(oldest.error());
    EXPECT_TRUE(oldest->has_value());
    if (*oldest) {
      EXPECT_EQ((*oldest)->id, 6);
    }
    auto none = tx.OldestQueued("team", "specialists");
    if (!none) return std::unexpected(none.error());
    EXPECT_FALSE(none->has_value());
    auto next = tx.NextQueueSequence();
    if (!next) return std::unexpected(next.error());
    EXPECT_EQ(*next, 10);
    return {};
  }));
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
  EXPECT_EQ(CountAll(*store), 2);
}

// A statement that SQLite refuses (here a unique index) fails its Write with Conflict;
// the writer goes on, and the next Write on the same cached statements commits.
TEST(SqliteStore, AStatementSqliteRefusesFailsOnlyItsWrite) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  auto twice = store->Write([&](StoreTx& tx) -> Result<void> {
    for (int i = 0; i < 2; ++i) {
      auto ticket = SampleTicket(customer);
      ticket.idempotency_key = "same-key";
      if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
    }
    return {};
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(CountAll(*store), 0);
  ASSERT_TRUE(store->Write([&](StoreTx& tx) -> Result<void> {
    auto ticket = SampleTicket(customer);
    ticket.idempotency_key = "same-key";
    if (auto id = tx.InsertTicket(ticket); !id) return std::unexpected(id.error());
    return {};
  }));
  EXPECT_EQ(CountAll(*store), 1);
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
  EXPECT_EQ(CountAll(*store), 200);
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

// Ticket text is indexed once per commit, after the savepoints of its Writes: a ticket
// edited in the commit that created it is found by its final words only, a Write that
// failed leaves nothing in the index, a later edit re-indexes, and FTS5's own check of the
// index against the tickets table passes.
TEST(SqliteStore, IndexesTicketTextOncePerCommitWithItsFinalWords) {
  ScratchDir dir;
  auto store = OpenStore(dir);
  const app::Id customer = AddCustomer(*store);
  app::TicketRecord printer = SampleTicket(customer);
  printer.subject = "Printer on fire";
  std::vector<std::function<Result<void>(StoreTx&)>> works;
  works.push_back([&](StoreTx& tx) -> Result<void> {
    if (auto id = tx.InsertTicket(printer); !id) return std::unexpected(id.error());
    return {};
  });
  works.push_back([&](StoreTx& tx) -> Result<void> {
    auto scanner = SampleTicket(customer);
    scanner.subject = "Scanner jammed";
    if (auto id = tx.InsertTicket(scanner); !id) return std::unexpected(id.error());
    return std::unexpected(core::Error::Invalid("this Write fails"));
  });
  works.push_back([&](StoreTx& tx) -> Result<void> {
    printer.version = 2;
    printer.subject = "Printer smoking";
    return tx.UpdateTicket(printer);
  });
  const auto results = store->WriteAll(works);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
  const auto found = [&](const std::string& words) {
    std::vector<app::Id> ids;
    EXPECT_TRUE(store->Read([&](StoreTx& tx) -> Result<void> {
      app::TicketFilter search;
      search.text = words;
      auto rows = tx.ListTickets(search);
      if (!rows) return std::unexpected(rows.error());
      for (const auto& t : *rows) ids.push_back(t.id);
      return {};
    }));
    return ids;
  };
  const auto index_matches_tickets = [&] {
    SQLite::Database db((dir / "test.db").string(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO tickets_text(tickets_text, rank) VALUES ('integrity-check', 1)");
  };
  EXPECT_EQ(found("smoking"), std::vector<app::Id>{printer.id});
  EXPECT_TRUE(found("fire").empty());
  EXPECT_TRUE(found("scanner").empty());
  EXPECT_NO_THROW(index_matches_tickets());

  printer.version = 3;
  printer.subject = "Toner low";
  ASSERT_TRUE(store->Write([&](StoreTx& tx) { return tx.UpdateTicket(printer); }));
  EXPECT_EQ(found("toner"), std::vector<app::Id>{printer.id});
  EXPECT_TRUE(found("smoking").empty());
  EXPECT_NO_THROW(index_matches_tickets());
}

// Reports page through the tickets created in a range by id (keyset paging); counts can
// stop early.
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
    // Counting stops where asked.
    app::TicketFilter all;
    auto capped = tx.CountTickets(all, 3);
    auto exact = tx.CountTickets(all, INT64_MAX);
    if (!capped || !exact) return std::unexpected(core::Error::Unavailable("count failed"));
    EXPECT_EQ(*capped, 3);
    EXPECT_EQ(*exact, 7);
    return {};
  }));
}

}  // namespace
}  // namespace esc::storage
