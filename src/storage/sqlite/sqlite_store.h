// The SQLite store (the embedded default): one database file in WAL mode, versioned
// schema migrations applied at open, one writer thread that groups concurrent Write calls
// into one commit (each in its own savepoint, so one failing call does not undo the
// others), a completion thread that runs the after-commit callbacks and answers the
// callers, and a pool of read-only connections for Read. A Write returns only once its
// commit is on disk: what the API acknowledged survives a crash of the process (and,
// with `durable`, of the machine).
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/service/store.h"
#include "storage/sqlite/connection.h"

namespace esc::storage {

struct SqliteOptions {
  std::string path = "escalator.db";
  bool durable = true;     // synchronous=FULL; false: NORMAL (safe against process crashes)
  int max_batch = 512;     // Write calls grouped into one commit at most
};

class SqliteStore final : public app::Store {
 public:
  // Opens (creating if needed) and migrates. Errors: Unavailable with SQLite's message.
  static app::Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);
  ~SqliteStore() override;

  app::Result<void> Write(const std::function<app::Result<void>(app::StoreTx&)>& work) override;
  std::vector<app::Result<void>> WriteAll(
      const std::vector<std::function<app::Result<void>(app::StoreTx&)>>& works) override;
  app::Result<void> Read(const std::function<app::Result<void>(app::StoreTx&)>& work) override;
  int SchemaVersion() const override { return schema_version_; }

 private:
  struct Job {
    const std::function<app::Result<void>(app::StoreTx&)>* work;
    std::promise<app::Result<void>> done;
  };

  // A batch's outcome, handed from the writer to the completion thread.
  struct Completion {
    std::vector<Job*> jobs;
    std::vector<app::Result<void>> results;
    std::vector<std::vector<std::function<void()>>> callbacks;  // of the committed jobs
  };

  explicit SqliteStore(const SqliteOptions& options);
  void WriterLoop();
  void RunBatch(std::vector<Job*>& batch);
  // Hands a batch's outcome to the completion thread.
  void Complete(Completion done);
  // Runs each committed job's after-commit callbacks, then answers its caller, batch by
  // batch in commit order.
  void CompletionLoop();
  std::unique_ptr<Connection> TakeReader();
  void ReturnReader(std::unique_ptr<Connection> reader);

  SqliteOptions options_;
  int schema_version_ = 0;
  std::unique_ptr<Connection> writer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex completion_mutex_;
  std::condition_variable completion_wake_;
  std::deque<Completion> completions_;
  bool writer_stopped_ = false;
  std::thread completion_thread_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;
};

}  // namespace esc::storage
