// Drawing a DOT graph as SVG with Graphviz: runs `dot -Tsvg` as a child process on a
// temporary file. Used by `escalator policy graph --format svg` and by the API's policy
// flowchart. Graphviz (Debian package graphviz) must be installed; without it the error
// says so.
#pragma once

#include <string>

#include "core/error.h"

namespace esc::app {

// The SVG text; Unavailable (with the reason: dot missing, dot's own message) otherwise.
core::Result<std::string> RenderGraphvizSvg(const std::string& dot_text);

}  // namespace esc::app
