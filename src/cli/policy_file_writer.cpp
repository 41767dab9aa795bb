#include "cli/policy_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace esc::cli {
namespace {

core::Error Failed(const std::string& what, const std::filesystem::path& path) {
  return core::Error::Unavailable(
      fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

// Writes `text` to a new file at `path` and flushes it to disk.
core::Result<void> WriteDurably(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(Failed("create", path));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto error = Failed("write", path);
      ::close(fd);
      return std::unexpected(error);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto error = Failed("flush", path);
    ::close(fd);
    return std::unexpected(error);
  }
  if (::close(fd) != 0) return std::unexpected(Failed("close", path));
  return {};
}

}  // namespace

core::Result<void> ReplacePolicyFile(const std::filesystem::path& file, const std::string& text) {
  const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    std::filesystem::copy_file(file, file.string() + ".previous",
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
      return std::unexpected(core::Error::Unavailable(
          fmt::format("cannot keep the previous policy as {}.previous: {}", file.string(),
                      ec.message())));
    }
  }
  const std::filesystem::path temporary = file.string() + ".new";
  if (auto written = WriteDurably(temporary, text); !written) return written;
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    auto error = Failed("rename the new policy over", file);
    ::unlink(temporary.c_str());
    return std::unexpected(error);
  }
  // The rename itself is durable once the folder is flushed.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace esc::cli
