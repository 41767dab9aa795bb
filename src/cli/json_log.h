// JSON log lines on stderr: one object per line with the time, level, message and
// fields, written whole under a lock so lines from several threads never interleave.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/rfc3339.h"

namespace esc::cli {

class JsonLog {
 public:
  void Write(const char* level, const char* message, nlohmann::json fields) {
    fields["ts"] = core::FormatRfc3339(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
        core::Seconds{0});
    fields["level"] = level;
    fields["msg"] = message;
    const std::string line =
        fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

 private:
  std::mutex mutex_;
};

}  // namespace esc::cli
