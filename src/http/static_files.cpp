#include "http/static_files.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "http/error_response.h"

namespace esc::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";
// The app talks to its own origin only; no inline scripts, no framing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Each segment of `path` (which starts with '/'), checked: no "..", no backslash, no NUL.
bool SafePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos) return false;
  if (path.find('\0') != std::string_view::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

// The last segment has a dot that is not its first character: "app.js", not "tickets".
bool HasExtension(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  const std::size_t dot = last.rfind('.');
  return dot != std::string_view::npos && dot > 0;
}

bool AcceptsGzip(const Request& request) {
  const std::string_view accept = request.Header("accept-encoding");
  std::size_t at = accept.find("gzip");
  while (at != std::string_view::npos) {
    // "gzip;q=0" refuses it; anything else after the token accepts.
    const std::string_view rest = accept.substr(at + 4);
    const std::size_t comma = rest.find(',');
    const std::string_view params = rest.substr(0, comma);
    if (params.find("q=0") == std::string_view::npos || params.find("q=0.") != std::string_view::npos) {
      return true;
    }
    at = accept.find("gzip", at + 4);
  }
  return false;
}

// Whether `inner` (canonical) is `root` (canonical) or below it.
bool Within(const fs::path& root, const fs::path& inner) {
  auto r = root.begin();
  auto i = inner.begin();
  for (; r != root.end(); ++r, ++i) {
    if (i == inner.end() || *r != *i) return false;
  }
  return true;
}

std::optional<std::string> ReadWhole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::string ETagOf(const fs::path& file, std::uintmax_t size) {
  std::error_code ec;
  const auto mtime = fs::last_write_time(file, ec);
  const auto ticks = ec ? 0 : mtime.time_since_epoch().count();
  char text[64];
  std::snprintf(text, sizeof text, "\"%jx-%llx\"", size, static_cast<unsigned long long>(ticks));
  return text;
}

// If-None-Match: a list of ETags or "*"; weak ones (W/"...") compare by their value.
bool Matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.find('*') != std::string_view::npos) return true;
  std::size_t at = if_none_match.find(etag);
  return at != std::string_view::npos;
}

Response NotFound() { return ErrorResponse(404, "not_found", "no such file"); }

}  // namespace

bool IsApiPath(std::string_view path) {
  static constexpr std::array<std::string_view, 8> kExact = {
      "/api",     "/metrics", "/healthz", "/readyz",
      "/feedback", "/contact", "/portal/link", "/_test"};
  for (const auto exact : kExact) {
    if (path == exact || StartsWith(path, std::string(exact) + "/")) return true;
  }
  return false;
}

std::string ContentTypeFor(std::string_view filename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (filename.size() > extension.size() &&
        filename.substr(filename.size() - extension.size()) == extension) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) : root_(fs::canonical(root)) {}

bool StaticFiles::IsWebRoot(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.html", ec);
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  if (IsApiPath(request.path)) return std::nullopt;
  if (!SafePath(request.path)) return ErrorResponse(400, "bad_request", "bad path");

  std::string relative = request.path.substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  const bool immutable = StartsWith(relative, "assets/");
  std::error_code ec;
  const fs::path wanted = fs::weakly_canonical(root_ / relative, ec);
  if (!ec && Within(root_, wanted) && fs::is_regular_file(wanted, ec)) {
    return File(request, wanted, immutable);
  }
  // A missing file is a 404; a route of the app is the app's to answer.
  if (HasExtension(request.path) || immutable) return NotFound();
  return File(request, root_ / "index.html", false);
}

Response StaticFiles::File(const Request& request, const fs::path& file, bool immutable) const {
  fs::path source = file;
  bool gzipped = false;
  if (AcceptsGzip(request)) {
    fs::path gz = file;
    gz += ".gz";
    std::error_code ec;
    if (fs::is_regular_file(gz, ec)) {
      source = std::move(gz);
      gzipped = true;
    }
  }
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(source, ec);
  if (ec) return NotFound();
  const std::string etag = ETagOf(source, size);

  Response response;
  response.content_type = ContentTypeFor(file.filename().string());
  response.headers.emplace_back("Cache-Control", std::string(immutable ? kImmutable : kRevalidate));
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file.extension() == ".html") {
    response.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
    response.headers.emplace_back("Referrer-Policy", "same-origin");
  }
  if (gzipped) response.headers.emplace_back("Content-Encoding", "gzip");

  const std::string_view if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty() && Matches(if_none_match, etag)) {
    response.status = 304;
    return response;
  }
  auto bytes = ReadWhole(source);
  if (!bytes) return NotFound();
  response.body = std::move(*bytes);
  return response;
}

}  // namespace esc::http
