// `escalator policy graph FILE [--format dot|svg] [--category C]`: the escalation
// flowchart as DOT, or as SVG drawn by Graphviz's `dot` (run as a child process).
#include <cstdio>
#include <string>

#include "app/graphviz_svg.h"
#include "app/policy_graph.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

namespace esc::cli {

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
  auto svg = app::RenderGraphvizSvg(dot_text);
  if (!svg) {
    std::fprintf(stderr, "escalator policy graph: %s%s\n", svg.error().message.c_str(),
                 svg.error().message.starts_with("Graphviz") ? "; --format dot works without it"
                                                             : "");
    return 2;
  }
  std::fwrite(svg->data(), 1, svg->size(), stdout);
  return 0;
}

}  // namespace esc::cli
