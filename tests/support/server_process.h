// Test support: runs `escalator serve` (ESCALATOR_BINARY) as a child process for black-box
// tests over HTTP. stdout is a pipe: the first line ("escalator listening on http://H:P")
// is read blocking, with a poll() timeout, to learn the port (the server listens on port
// 0); stderr (the JSON log) goes to a file of the given directory. The destructor sends
// SIGTERM and waits; Kill() sends SIGKILL; Terminate() returns the exit status. A new
// ServerProcess on the same --db is a restart. No shell, no sleeps: waiting for the child
// to exit uses a pidfd with poll(), so a hung server fails the test instead of hanging it.
// The child is started by SpawnWithStdoutPipe (support/spawned_child.h), which has it
// killed with the test process should that die.
#pragma once

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/scratch_dir.h"
#include "support/spawned_child.h"

namespace esc::test_support {

inline constexpr std::string_view kDemoPassword = "demo-password-1";
inline constexpr std::string_view kTestStart =
    "2026-03-02T14:00:00Z";  // a Monday, 09:00 in New York

struct ServeOptions {
  std::filesystem::path db;       // --db
  std::filesystem::path log_dir;  // stderr goes to log_dir/serve-<n>.stderr
  std::string policy = ESCALATOR_SOURCE_DIR "/examples/saas-support.yaml";
  bool testing = true;                               // --testing (manual clock)
  std::string start{kTestStart};                     // --start, with --testing; empty: none
  bool demo = false;                                 // --demo --demo-password kDemoPassword
  std::vector<std::string> extra;                    // more arguments
  std::chrono::milliseconds startup_timeout{60000};  // for the first stdout line
};

// Options for a server on `db` that logs into `log_dir`; the rest as declared above.
inline ServeOptions ServeOn(std::filesystem::path db, std::filesystem::path log_dir) {
  ServeOptions options;
  options.db = std::move(db);
  options.log_dir = std::move(log_dir);
  return options;
}

class ServerProcess {
 public:
  explicit ServerProcess(ServeOptions options) : options_(std::move(options)) { Start(); }
  ~ServerProcess() { (void)Terminate(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Whether the server started and announced its address; else `error()` says why.
  bool ok() const { return port_ != 0; }
  const std::string& error() const { return error_; }
  std::uint16_t port() const { return port_; }
  const std::string& base_url() const { return base_url_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  const std::filesystem::path& stderr_path() const { return stderr_path_; }
  std::string Stderr() const { return ReadFile(stderr_path_); }

  // The next line of the server's stdout (without '\n'); nullopt on end of file or when
  // none is complete within the timeout.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    return stdout_.Next(timeout);
  }

  // SIGTERM, then waits (at most `timeout`; after it, SIGKILL). The exit code when the
  // server exited by itself, -1 when a signal ended it (or it was not running).
  int Terminate(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    if (pid_ <= 0) return last_status_;
    ::kill(pid_, SIGTERM);
    if (!WaitFor(timeout)) {
      ::kill(pid_, SIGKILL);
      WaitFor(std::chrono::seconds(30));
      error_ = "the server did not stop within the timeout after SIGTERM; killed";
    }
    return last_status_;
  }

  // SIGKILL (no chance to clean up) and waits.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    WaitFor(std::chrono::seconds(30));
  }

  // How the last stop went: the raw waitpid status.
  int wait_status() const { return wait_status_; }

 private:
  void Start() {
    static int counter = 0;
    stderr_path_ = options_.log_dir / fmt::format("serve-{}.stderr", ++counter);
    std::vector<std::string> args = {ESCALATOR_BINARY,
                                     "serve",
                                     "--policy",
                                     options_.policy,
                                     "--db",
                                     options_.db.string(),
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--no-access-log",
                                     "--workers",
                                     "8"};
    if (options_.testing) {
      args.emplace_back("--testing");
      if (!options_.start.empty()) {
        args.emplace_back("--start");
        args.push_back(options_.start);
      }
    }
    if (options_.demo) {
      args.emplace_back("--demo");
      args.emplace_back("--demo-password");
      args.emplace_back(kDemoPassword);
    }
    args.insert(args.end(), options_.extra.begin(), options_.extra.end());
    Spawned child = SpawnWithStdoutPipe(std::move(args), stderr_path_);
    if (child.pid < 0) {
      error_ = child.error;
      return;
    }
    stdout_.Open(child.out_fd);
    const pid_t pid = child.pid;
    pid_ = pid;
    const auto line = ReadLine(options_.startup_timeout);
    constexpr std::string_view kPrefix = "escalator listening on http://";
    if (!line || !line->starts_with(kPrefix)) {
      error_ = fmt::format("the server did not announce its address (first line: {}); stderr:\n",
                           line ? *line : std::string("none"));
      Kill();
      error_ += Stderr();
      return;
    }
    base_url_ = "http://" + line->substr(kPrefix.size());
    const auto colon = base_url_.rfind(':');
    port_ = static_cast<std::uint16_t>(std::stoul(base_url_.substr(colon + 1)));
  }

  // Waits for the child to exit within `timeout`; false when it is still running.
  bool WaitFor(std::chrono::milliseconds timeout) {
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      int ready = 0;
      do {
        ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
      } while (ready < 0 && errno == EINTR);
      ::close(pidfd);
      if (ready == 0) return false;
    }
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    wait_status_ = status;
    last_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_ = -1;
    stdout_.Close();
    return true;
  }

  ServeOptions options_;
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  StdoutLines stdout_;
  std::string error_;
  std::string base_url_;
  std::uint16_t port_ = 0;
  int last_status_ = -1;
  int wait_status_ = 0;
};

}  // namespace esc::test_support
