#include "storage/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_tx.h"

#include <sqlite3.h>

namespace esc::storage {
namespace {

using app::Result;

// SQLite's exceptions (and any other) become an Unavailable error; a constraint that the
// use case should have checked becomes Conflict.
template <typename F>
Result<void> Guarded(F&& run) {
  try {
    return run();
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    if (code == SQLITE_CONSTRAINT) {
      return std::unexpected(core::Error::Conflict(fmt::format("storage constraint: {}", e.what())));
    }
    return std::unexpected(core::Error::Unavailable(fmt::format("storage: {}", e.what())));
  } catch (const std::exception& e) {
    return std::unexpected(core::Error::Unavailable(fmt::format("storage: {}", e.what())));
  }
}

// Indexes the text of the tickets a commit inserted, after every job's savepoint is
// released and in one statement: FTS5 writes its pending terms out at the end of each
// savepoint, statement savepoints included, so this makes one index segment per commit
// (migration 0004 says more). The rows hold each ticket's final text.
void IndexTicketText(Connection& connection, const std::vector<app::Id>& ids) {
  if (ids.empty()) return;
  std::string list = "[";
  for (const app::Id id : ids) list += (list.size() > 1 ? "," : "") + std::to_string(id);
  list += "]";
  auto& insert = connection.Prepare(
      "INSERT INTO tickets_text(rowid, subject, description) "
      "SELECT id, subject, description FROM tickets "
      "WHERE id IN (SELECT value FROM json_each(?))");
  insert.bind(1, list);
  insert.exec();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  std::unique_ptr<SqliteStore> store;
  Result<void> opened = Guarded([&]() -> Result<void> {
    store.reset(new SqliteStore(options));
    auto version = Migrate(*store->writer_);
    if (!version) return std::unexpected(version.error());
    store->schema_version_ = *version;
    return {};
  });
  if (!opened) return std::unexpected(opened.error());
  store->completion_thread_ = std::thread([s = store.get()] { s->CompletionLoop(); });
  store->thread_ = std::thread([s = store.get()] { s->WriterLoop(); });
  return store;
}

SqliteStore::SqliteStore(const SqliteOptions& options)
    : options_(options),
      writer_(std::make_unique<Connection>(options.path, false, options.durable)) {}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(completion_mutex_);
    writer_stopped_ = true;
  }
  completion_wake_.notify_all();
  if (completion_thread_.joinable()) completion_thread_.join();
}

Result<void> SqliteStore::Write(const std::function<Result<void>(app::StoreTx&)>& work) {
  Job job{&work, {}};
  auto done = job.done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return std::unexpected(core::Error::Unavailable("the store is closing"));
    queue_.push_back(&job);
  }
  wake_.notify_one();
  return done.get();
}

std::vector<Result<void>> SqliteStore::WriteAll(
    const std::vector<std::function<Result<void>(app::StoreTx&)>>& works) {
  std::vector<Job> jobs(works.size());
  std::vector<std::future<Result<void>>> done;
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < works.size(); ++i) {
      jobs[i].work = &works[i];
      done.push_back(jobs[i].done.get_future());
      if (!stopping_) queue_.push_back(&jobs[i]);
    }
    if (stopping_) {
      return std::vector<Result<void>>(
          works.size(), std::unexpected(core::Error::Unavailable("the store is closing")));
    }
  }
  wake_.notify_one();
  std::vector<Result<void>> results;
  for (auto& future : done) results.push_back(future.get());
  return results;
}

void SqliteStore::WriterLoop() {
  std::vector<Job*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void SqliteStore::RunBatch(std::vector<Job*>& batch) {
  std::vector<Result<void>> results(batch.size());
  std::vector<std::vector<std::function<void()>>> callbacks(batch.size());
  std::vector<app::Id> new_tickets;
  auto& db = writer_->db();
  Result<void> begun = Guarded([&]() -> Result<void> {
    db.exec("BEGIN IMMEDIATE");
    return {};
  });
  if (!begun) {
    for (auto& result : results) result = std::unexpected(begun.error());
    Complete({batch, std::move(results), std::move(callbacks)});
    return;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    SqliteTx tx(*writer_);
    results[i] = Guarded([&]() -> Result<void> {
      db.exec("SAVEPOINT job");
      return {};
    });
    if (!results[i]) continue;
    results[i] = Guarded([&] { return (*batch[i]->work)(tx); });
    writer_->ResetStatements();
    Result<void> closed = Guarded([&]() -> Result<void> {
      if (!results[i]) db.exec("ROLLBACK TO job");
      db.exec("RELEASE job");
      return {};
    });
    if (!closed && results[i]) results[i] = std::unexpected(closed.error());
    if (results[i]) {
      callbacks[i] = tx.TakeCallbacks();
      for (const app::Id id : tx.TakeNewTickets()) new_tickets.push_back(id);
    }
  }
  Result<void> committed = Guarded([&]() -> Result<void> {
    IndexTicketText(*writer_, new_tickets);
    writer_->ResetStatements();
    db.exec("COMMIT");
    return {};
  });
  if (!committed) {
    Guarded([&]() -> Result<void> {
      writer_->ResetStatements();
      db.exec("ROLLBACK");
      return {};
    });
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!committed && results[i]) results[i] = std::unexpected(committed.error());
    if (!results[i]) callbacks[i].clear();
  }
  Complete({batch, std::move(results), std::move(callbacks)});
}

void SqliteStore::Complete(Completion done) {
  // The callbacks and the wake-ups of the waiting callers run on the completion thread,
  // so the writer can start the next commit at once.
  {
    std::lock_guard lock(completion_mutex_);
    completions_.push_back(std::move(done));
  }
  completion_wake_.notify_one();
}

void SqliteStore::CompletionLoop() {
  for (;;) {
    Completion done;
    {
      std::unique_lock lock(completion_mutex_);
      completion_wake_.wait(lock, [&] { return writer_stopped_ || !completions_.empty(); });
      if (completions_.empty()) return;  // the writer has stopped and everything is answered
      done = std::move(completions_.front());
      completions_.pop_front();
    }
    for (std::size_t i = 0; i < done.jobs.size(); ++i) {
      for (auto& callback : done.callbacks[i]) callback();
      done.jobs[i]->done.set_value(std::move(done.results[i]));
    }
  }
}

std::unique_ptr<Connection> SqliteStore::TakeReader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto reader = std::move(readers_.back());
      readers_.pop_back();
      return reader;
    }
  }
  return std::make_unique<Connection>(options_.path, true, options_.durable);
}

void SqliteStore::ReturnReader(std::unique_ptr<Connection> reader) {
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 64) readers_.push_back(std::move(reader));
}

Result<void> SqliteStore::Read(const std::function<Result<void>(app::StoreTx&)>& work) {
  std::unique_ptr<Connection> reader;
  Result<void> result = Guarded([&]() -> Result<void> {
    reader = TakeReader();
    reader->db().exec("BEGIN");
    SqliteTx tx(*reader);
    Result<void> r = Guarded([&] { return work(tx); });
    reader->ResetStatements();
    reader->db().exec("COMMIT");
    for (auto& callback : tx.TakeCallbacks()) callback();
    return r;
  });
  if (reader) {
    if (result) {
      ReturnReader(std::move(reader));
    } else {
      // A failed read may leave its transaction open: start the next one afresh.
      Guarded([&]() -> Result<void> {
        if (!reader->db().getHandle() || sqlite3_get_autocommit(reader->db().getHandle()) == 0) {
          reader->db().exec("ROLLBACK");
        }
        return {};
      });
      ReturnReader(std::move(reader));
    }
  }
  return result;
}

}  // namespace esc::storage
