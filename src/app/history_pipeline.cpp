#include "app/history_pipeline.h"

#include "app/history_reader.h"

namespace esc::app {
namespace {

constexpr std::size_t kBatchTickets = 512;
constexpr std::size_t kMaxBatchesAhead = 8;

}  // namespace

HistoryPipeline::HistoryPipeline(std::istream& in) : reader_([this, &in] { Read(in); }) {}

HistoryPipeline::~HistoryPipeline() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  reader_.join();
}

void HistoryPipeline::Read(std::istream& in) {
  HistoryReader reader(in);
  bool more = true;
  while (more) {
    std::vector<ReadTicket> batch;
    batch.reserve(kBatchTickets);
    while (batch.size() < kBatchTickets) {
      auto next = reader.Next();
      if (next && !*next) {
        more = false;
        break;
      }
      if (next) {
        batch.push_back({reader.line(), std::move(**next)});
      } else {
        batch.push_back({reader.line(), std::unexpected(next.error())});
      }
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || batches_.size() < kMaxBatchesAhead; });
    if (stop_) return;
    if (!batch.empty()) batches_.push_back(std::move(batch));
    changed_.notify_all();
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  changed_.notify_all();
}

std::vector<ReadTicket> HistoryPipeline::NextBatch() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return done_ || !batches_.empty(); });
  if (batches_.empty()) return {};
  std::vector<ReadTicket> batch = std::move(batches_.front());
  batches_.pop_front();
  changed_.notify_all();
  return batch;
}

}  // namespace esc::app
