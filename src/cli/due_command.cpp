// `escalator due`: a streaming loop over stdin. Requests are answered chunk by chunk as
// they arrive (so a pipe gets its answers without waiting for end of input) and memory
// stays bounded by the longest line, whatever the number of lines.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/due_line_processor.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

namespace esc::cli {
namespace {

bool WriteAll(int fd, std::string& buffer) {
  std::size_t done = 0;
  while (done < buffer.size()) {
    const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<std::size_t>(n);
  }
  buffer.clear();
  return true;
}

std::string_view WithoutCarriageReturn(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

int RunDue(const DueOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  const core::Calendar* calendar = policy->FindCalendar(options.calendar_id);
  if (!calendar) {
    std::string known;
    for (const auto& [id, c] : policy->calendars) known += (known.empty() ? "" : ", ") + id;
    std::fprintf(stderr, "%s: no calendar \"%s\"; the policy defines: %s\n",
                 options.policy_file.c_str(), options.calendar_id.c_str(), known.c_str());
    return 2;
  }
  app::DueLineProcessor processor(*calendar);
  std::vector<char> chunk(1 << 20);
  std::string partial;  // a line split across reads
  std::string out;
  out.reserve(chunk.size() * 2);
  std::uint64_t number = 0;
  bool any_failed = false;
  auto answer = [&](std::string_view line) {
    any_failed |= !processor.Process(WithoutCarriageReturn(line), ++number, out);
  };
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::fprintf(stderr, "reading stdin: %s\n", std::strerror(errno));
      return 2;
    }
    if (n == 0) break;
    std::string_view data(chunk.data(), static_cast<std::size_t>(n));
    std::size_t newline = data.find('\n');
    if (!partial.empty() && newline != std::string_view::npos) {
      partial.append(data.substr(0, newline));
      answer(partial);
      partial.clear();
      data.remove_prefix(newline + 1);
      newline = data.find('\n');
    }
    while (newline != std::string_view::npos) {
      answer(data.substr(0, newline));
      data.remove_prefix(newline + 1);
      newline = data.find('\n');
    }
    partial.append(data);
    if (!WriteAll(STDOUT_FILENO, out)) {
      std::fprintf(stderr, "writing stdout: %s\n", std::strerror(errno));
      return 2;
    }
  }
  if (!partial.empty()) answer(partial);
  if (!WriteAll(STDOUT_FILENO, out)) {
    std::fprintf(stderr, "writing stdout: %s\n", std::strerror(errno));
    return 2;
  }
  return any_failed ? 1 : 0;
}

}  // namespace esc::cli
