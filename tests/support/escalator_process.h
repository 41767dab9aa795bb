// Test support: runs the real `escalator` binary (ESCALATOR_BINARY) as a child process
// with posix_spawn, stdin from a file and stdout / stderr captured in files of a scratch
// directory, and returns its exit status and output. No shell, no sleeps.
#pragma once

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "support/scratch_dir.h"

extern char** environ;

namespace esc::test_support {

struct Outcome {
  int status = -1;  // exit status, or -1 if the child did not exit normally
  std::string out;
  std::string err;
};

// argv for the binary: ESCALATOR_BINARY then `args` (which must outlive the result).
inline std::vector<char*> EscalatorArgv(std::vector<std::string>& args) {
  args.insert(args.begin(), ESCALATOR_BINARY);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

inline int WaitForExit(pid_t pid) {
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

inline Outcome RunEscalator(std::vector<std::string> args, std::string_view input,
                            const std::filesystem::path& dir) {
  const auto in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  WriteFile(in, input);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  auto argv = EscalatorArgv(args);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Outcome{-1, "", fmt::format("posix_spawn failed: {}", rc)};
  const int status = WaitForExit(pid);
  return Outcome{status, ReadFile(out), ReadFile(err)};
}

// The lines of `text`; a last line without '\n' is marked "<no newline>".
inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) {
      lines.push_back(text.substr(pos) + "<no newline>");
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

}  // namespace esc::test_support
