// Serves the built web app (web/dist) on the same origin as the API. Serve() answers GET
// and HEAD for paths the API does not own: a file under the root when there is one; for
// an app route (a path whose last segment has no file extension) index.html, so that the
// browser's router can take over (the "SPA fallback"); 404 for a missing asset. Paths the
// API owns (/api/, /metrics, /healthz, /readyz, /feedback/, /_test/) are never answered
// here: Serve() returns nullopt and the caller hands the request to the API.
//
// Caching: files under /assets/ carry a content hash in their name (Vite), so they are
// `public, max-age=31536000, immutable`; everything else (index.html first) is `no-cache`
// and revalidated with its ETag (size and modification time), answered 304 when it
// matches If-None-Match. A precompressed `<file>.gz` beside a file is sent with
// `Content-Encoding: gzip` to clients that accept it.
//
// Safety: a path with a `..` segment, a backslash or a NUL is refused (400) before the
// file system is touched, and the resolved file must lie under the canonical root (no
// way out through symlinks either). Thread-safe: Serve() only reads the file system.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.h"

namespace esc::http {

class StaticFiles {
 public:
  // `root`: the directory holding index.html. REQUIRES: it exists (see IsWebRoot).
  explicit StaticFiles(const std::filesystem::path& root);

  // Whether `dir` looks like a built web app (a directory with an index.html).
  static bool IsWebRoot(const std::filesystem::path& dir);

  // The response for `request`, or nullopt when the request is not for the web app.
  std::optional<Response> Serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  Response File(const Request& request, const std::filesystem::path& file,
                bool immutable) const;

  std::filesystem::path root_;  // canonical
};

// Exposed for tests.
// Whether the API (not the web app) owns `path`.
bool IsApiPath(std::string_view path);
// The Content-Type for a file name, by its extension; application/octet-stream if unknown.
std::string ContentTypeFor(std::string_view filename);

}  // namespace esc::http
