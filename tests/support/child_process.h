// Test support: a helper server (a Python script, ...) run as a child process that prints
// "port N" as its first stdout line once it listens on 127.0.0.1:N. The constructor starts
// it with SpawnWithStdoutPipe and waits for that line with a deadline; the destructor
// kills the child and reaps it. stderr goes to a file for the failure message. Also: `RunCommand`
// for one-shot tools (openssl), and `WaitUntil`, polling a condition until a deadline; `FreePort`
// for servers that take a port.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
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
#include "support/spawned_child.h"

extern char** environ;

namespace esc::test_support {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> args, std::filesystem::path stderr_path,
               std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : stderr_path_(std::move(stderr_path)) {
    Spawned child = SpawnWithStdoutPipe(std::move(args), stderr_path_);
    pid_ = child.pid;
    if (pid_ < 0) return;
    stdout_.Open(child.out_fd);  // kept open while the child runs: it may print more
    const auto line = stdout_.Next(timeout);
    if (line && line->starts_with("port ")) {
      port_ = static_cast<std::uint16_t>(std::stoi(line->substr(5)));
    }
  }
  ~ChildProcess() {
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
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  StdoutLines stdout_;
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

// A free loopback port (bound, read, released) for a server started later.
inline std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
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
