// Test support: a helper server (a Python script, ...) run as a child process that prints
// "port N" as its first stdout line once it listens on 127.0.0.1:N. The constructor waits
// for that line with a deadline (poll, no sleeps); the destructor kills the child and
// reaps it. PR_SET_PDEATHSIG takes the child down with a crashed test. stderr goes to a
// file for the failure message. Also: `RunCommand` for one-shot tools (openssl), and
// `WaitUntil`, polling a condition until a deadline.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "support/scratch_dir.h"

extern char** environ;

namespace esc::test_support {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> args, std::filesystem::path stderr_path,
               std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : stderr_path_(std::move(stderr_path)) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string err_path = stderr_path_.string();
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err < 0 || ::dup2(fds[1], 1) < 0 || ::dup2(err, 2) < 0) ::_exit(127);
      ::execve(argv[0], argv.data(), environ);
      ::_exit(127);
    }
    ::close(fds[1]);
    out_fd_ = fds[0];
    if (pid_ < 0) return;
    ReadPort(timeout);
  }
  ~ChildProcess() {
    if (out_fd_ >= 0) ::close(out_fd_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  std::string Stderr() const { return ReadFile(stderr_path_); }

 private:
  void ReadPort(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      pollfd p{out_fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return;
      char buffer[256];
      const ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
      if (n <= 0) return;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    if (line.starts_with("port ")) port_ = static_cast<std::uint16_t>(std::stoi(line.substr(5)));
  }

  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::uint16_t port_ = 0;
};

// Runs a command to completion (no shell); its exit code, or -1.
inline int RunCommand(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  if (pid < 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A throwaway self-signed certificate for 127.0.0.1 / localhost (EC P-256, one day):
// dir/cert.pem and dir/key.pem. Whether openssl succeeded.
inline bool MakeSelfSignedCert(const std::filesystem::path& dir) {
  return RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                     "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                     "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                     "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()}) ==
         0;
}

// Polls `condition` until it holds or `timeout` passes; whether it held. For conditions
// another process makes true (a file appears); the short pause between polls only spares
// the CPU, it is not a guess at how long something takes.
inline bool WaitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace esc::test_support
