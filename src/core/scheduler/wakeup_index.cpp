#include "core/scheduler/wakeup_index.h"

namespace esc::core {

void WakeupIndex::Place(std::size_t index, Entry entry) {
  heap_[index] = entry;
  position_[entry.id] = index;
}

void WakeupIndex::Up(std::size_t index) {
  const Entry entry = heap_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / 2;
    if (!Before(entry, heap_[parent])) break;
    Place(index, heap_[parent]);
    index = parent;
  }
  Place(index, entry);
}

void WakeupIndex::Down(std::size_t index) {
  const Entry entry = heap_[index];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * index + 1;
    if (child >= n) break;
    if (child + 1 < n && Before(heap_[child + 1], heap_[child])) ++child;
    if (!Before(heap_[child], entry)) break;
    Place(index, heap_[child]);
    index = child;
  }
  Place(index, entry);
}

void WakeupIndex::Set(TicketId id, Instant at) {
  auto found = position_.find(id);
  if (found == position_.end()) {
    heap_.push_back({at, id});
    position_[id] = heap_.size() - 1;
    Up(heap_.size() - 1);
    return;
  }
  const std::size_t index = found->second;
  const Entry before = heap_[index];
  heap_[index].at = at;
  if (Before(heap_[index], before)) {
    Up(index);
  } else {
    Down(index);
  }
}

void WakeupIndex::RemoveAt(std::size_t index) {
  position_.erase(heap_[index].id);
  const Entry last = heap_.back();
  heap_.pop_back();
  if (index == heap_.size()) return;  // it was the last one
  heap_[index] = last;
  position_[last.id] = index;
  Up(index);
  Down(position_[last.id]);
}

void WakeupIndex::Clear(TicketId id) {
  auto found = position_.find(id);
  if (found != position_.end()) RemoveAt(found->second);
}

std::optional<Instant> WakeupIndex::At(TicketId id) const {
  auto found = position_.find(id);
  if (found == position_.end()) return std::nullopt;
  return heap_[found->second].at;
}

std::optional<Instant> WakeupIndex::Next() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

std::vector<WakeupIndex::TicketId> WakeupIndex::TakeDue(Instant now, std::size_t limit) {
  std::vector<TicketId> due;
  while (!heap_.empty() && heap_.front().at <= now && due.size() < limit) {
    due.push_back(heap_.front().id);
    RemoveAt(0);
  }
  return due;
}

std::size_t WakeupIndex::MemoryBytes() const {
  // The heap's array, plus the map's buckets and one node per entry as libstdc++ lays
  // them out (next pointer, key, value), with the allocator's 8-byte header.
  constexpr std::size_t kNode = sizeof(void*) + sizeof(TicketId) + sizeof(std::size_t) +
                                sizeof(std::size_t);
  return heap_.capacity() * sizeof(Entry) + position_.bucket_count() * sizeof(void*) +
         position_.size() * kNode;
}

}  // namespace esc::core
