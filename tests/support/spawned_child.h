// Test support: starts a server or helper as a child process (fork + execve, no shell)
// with stdin from /dev/null, stdout a pipe back to the test and stderr into a file, and
// PR_SET_PDEATHSIG so that it dies with a crashed test instead of lingering; and
// StdoutLines, which reads that pipe line by line with a deadline (poll, no sleeps).
#pragma once

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace esc::test_support {

struct Spawned {
  pid_t pid = -1;
  int out_fd = -1;    // the read end of the child's stdout
  std::string error;  // why it could not be started
};

inline Spawned SpawnWithStdoutPipe(std::vector<std::string> args,
                                   const std::filesystem::path& stderr_path) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {-1, -1, fmt::format("pipe2 failed: {}", errno)};
  // Everything the child needs is ready before fork: between fork and execve it calls
  // only async-signal-safe functions.
  const std::string err_path = stderr_path.string();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent is already gone
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    // dup2 onto itself would keep O_CLOEXEC: then clear the flag instead.
    auto place = [](int fd, int target) {
      return fd == target ? ::fcntl(fd, F_SETFD, 0) : ::dup2(fd, target);
    };
    if (in < 0 || err < 0 || place(in, 0) < 0 || place(fds[1], 1) < 0 || place(err, 2) < 0) {
      ::_exit(127);
    }
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return {-1, -1, fmt::format("fork failed: {}", errno)};
  }
  return {pid, fds[0], ""};
}

// Owns the read end of a child's stdout.
class StdoutLines {
 public:
  StdoutLines() = default;
  ~StdoutLines() { Close(); }
  StdoutLines(const StdoutLines&) = delete;
  StdoutLines& operator=(const StdoutLines&) = delete;

  void Open(int fd) {
    Close();
    fd_ = fd;
    pending_.clear();
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // The next line (without '\n'); nullopt on end of file or when none is complete within
  // the timeout.
  std::optional<std::string> Next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (const auto end = pending_.find('\n'); end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      if (fd_ < 0) return std::nullopt;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return std::nullopt;
      char buffer[4096];
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        Close();
        continue;  // a last line without '\n' is not a line
      }
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  std::string pending_;
};

}  // namespace esc::test_support
