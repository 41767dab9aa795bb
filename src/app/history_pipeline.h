// Reads and parses a history on a thread of its own, handing tickets over in batches,
// so that parsing JSON overlaps with replaying tickets (simulate's throughput on a
// multi-core machine). The consumer sees exactly what HistoryReader would return, in
// order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <istream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/simulation/history.h"

namespace esc::app {

struct ReadTicket {
  std::uint64_t line = 0;                   // of the ticket (or of the problem)
  core::Result<core::HistoryTicket> ticket;
};

class HistoryPipeline {
 public:
  explicit HistoryPipeline(std::istream& in);
  ~HistoryPipeline();  // stops and joins the reader
  HistoryPipeline(const HistoryPipeline&) = delete;
  HistoryPipeline& operator=(const HistoryPipeline&) = delete;

  // The next batch, in input order; empty at the end of the input.
  std::vector<ReadTicket> NextBatch();

 private:
  void Read(std::istream& in);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ReadTicket>> batches_;
  bool done_ = false;
  bool stop_ = false;
  std::thread reader_;
};

}  // namespace esc::app
