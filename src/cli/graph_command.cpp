// `escalator policy graph FILE [--format dot|svg] [--category C]`: the escalation
// flowchart as DOT, or as SVG drawn by Graphviz's `dot` (run as a child process).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <string>

#include "app/policy_graph.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

namespace esc::cli {
namespace {

// Runs `dot -Tsvg` on `dot_text`; nullopt (after printing why) when Graphviz fails.
std::optional<std::string> RenderSvg(const std::string& dot_text) {
  std::error_code ignored;
  std::string path_text =
      (std::filesystem::temp_directory_path(ignored) / "escalator-graph-XXXXXX").string();
  char* path = path_text.data();
  const int fd = ::mkstemp(path);
  if (fd < 0) {
    std::perror("escalator policy graph: temporary file");
    return std::nullopt;
  }
  const bool written = ::write(fd, dot_text.data(), dot_text.size()) ==
                       static_cast<ssize_t>(dot_text.size());
  ::close(fd);
  std::optional<std::string> svg;
  if (written) {
    const std::string command = std::string("dot -Tsvg ") + path + " 2>&1";
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      std::string out;
      char buffer[65536];
      std::size_t n = 0;
      while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
      const int status = ::pclose(pipe);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        svg = std::move(out);
      } else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        std::fprintf(stderr, "escalator policy graph: Graphviz's dot is not installed "
                             "(Debian: apt-get install graphviz); --format dot works without it\n");
      } else {
        std::fprintf(stderr, "escalator policy graph: dot failed: %s\n", out.c_str());
      }
    }
  }
  ::unlink(path);
  return svg;
}

}  // namespace

int RunPolicyGraph(const GraphOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  if (options.category && *options.category != "default" &&
      !policy->FindCategory(*options.category)) {
    std::fprintf(stderr, "%s: no category \"%s\"\n", options.policy_file.c_str(),
                 options.category->c_str());
    return 2;
  }
  const std::string dot_text = app::RenderPolicyGraph(*policy, options.category);
  if (options.format == "dot") {
    std::fwrite(dot_text.data(), 1, dot_text.size(), stdout);
    return 0;
  }
  auto svg = RenderSvg(dot_text);
  if (!svg) return 2;
  std::fwrite(svg->data(), 1, svg->size(), stdout);
  return 0;
}

}  // namespace esc::cli
