#include "app/graphviz_svg.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace esc::app {

core::Result<std::string> RenderGraphvizSvg(const std::string& dot_text) {
  std::error_code ignored;
  std::string path_text =
      (std::filesystem::temp_directory_path(ignored) / "escalator-graph-XXXXXX").string();
  char* path = path_text.data();
  const int fd = ::mkstemp(path);
  if (fd < 0) {
    return std::unexpected(core::Error::Unavailable("cannot create a temporary file for dot"));
  }
  const bool written = ::write(fd, dot_text.data(), dot_text.size()) ==
                       static_cast<ssize_t>(dot_text.size());
  ::close(fd);
  core::Result<std::string> svg =
      std::unexpected(core::Error::Unavailable("cannot write the graph for dot"));
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
        svg = std::unexpected(core::Error::Unavailable(
            "Graphviz's dot is not installed (Debian: apt-get install graphviz)"));
      } else {
        svg = std::unexpected(core::Error::Unavailable("dot failed: " + out));
      }
    } else {
      svg = std::unexpected(core::Error::Unavailable("cannot run dot"));
    }
  }
  ::unlink(path);
  return svg;
}

}  // namespace esc::app
