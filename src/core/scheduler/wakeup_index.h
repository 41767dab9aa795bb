// The scheduler's index of when each open ticket must next be looked at (the engine's
// next_wakeup): set, moved or cleared as tickets change, and asked for what is due in
// order of instant (ties by ticket id). An indexed binary heap: setting, moving and
// clearing cost O(log n), the next instant O(1), and taking k due tickets O(k log n),
// so the service never scans the ticket table to find what is due. Pure and
// single-threaded: the service owns one per process and rebuilds it from the database
// at start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/time.h"

namespace esc::core {

class WakeupIndex {
 public:
  using TicketId = std::uint64_t;

  // Schedules `id` at `at`, replacing any instant it had.
  void Set(TicketId id, Instant at);
  // Forgets `id` (no-op when it is not scheduled).
  void Clear(TicketId id);
  std::optional<Instant> At(TicketId id) const;

  // The earliest scheduled instant, if any.
  std::optional<Instant> Next() const;
  // Removes and returns every ticket due at or before `now`, earliest first (equal
  // instants by id), at most `limit` of them.
  std::vector<TicketId> TakeDue(Instant now, std::size_t limit = SIZE_MAX);

  std::size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }
  // Bytes held for the scheduled tickets (heap and position map), for capacity planning.
  std::size_t MemoryBytes() const;

 private:
  struct Entry {
    Instant at;
    TicketId id;
  };
  static bool Before(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  }
  void Place(std::size_t index, Entry entry);
  void Up(std::size_t index);
  void Down(std::size_t index);
  void RemoveAt(std::size_t index);

  std::vector<Entry> heap_;
  std::unordered_map<TicketId, std::size_t> position_;  // id -> index in heap_
};

}  // namespace esc::core
