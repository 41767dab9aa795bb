// Problems found in a policy file, each with the place it was found: FILE:LINE:COL
// (1-based) and a message saying what is wrong and what was expected. Loaders collect
// every problem instead of stopping at the first, so an admin fixes a file in one pass.
#pragma once

#include <string>
#include <vector>

namespace esc::policy {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem concerns the file as a whole
  int column = 0;  // 1-based
  std::string message;

  // "FILE:LINE:COL: message" (or "FILE: message" without a position).
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace esc::policy
