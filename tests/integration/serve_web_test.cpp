// Black-box test of `escalator serve --web-root DIR`: the built web app is served on the
// same origin as the API, with its caching headers and ETag revalidation, app routes fall
// back to index.html while the API keeps its JSON 404s, and no request path (encoded dots
// included) reads a file outside the web root. A web root without index.html is refused.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::HttpClient;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;
using test_support::WriteFile;

constexpr const char* kIndex = "<!doctype html><title>Escalator test app</title>";

ServeOptions WithWebRoot(ScratchDir& dir, const std::filesystem::path& root) {
  ServeOptions options = test_support::ServeOn(dir / "web.db", dir);
  options.extra = {"--web-root", root.string()};
  return options;
}

TEST(ServeWeb, ServesTheWebAppBesideTheApi) {
  ScratchDir dir;
  const auto root = dir / "dist";
  std::filesystem::create_directories(root / "assets");
  WriteFile(root / "index.html", kIndex);
  WriteFile(root / "assets" / "app-1a2b3c.js", "export const x = 1;");
  WriteFile(dir / "secret.txt", "must stay private");
  ServerProcess server(WithWebRoot(dir, root));
  ASSERT_TRUE(server.ok()) << server.error() << server.Stderr();
  HttpClient http(server.base_url());

  const HttpResult index = http.Get("/");
  ASSERT_EQ(index.status, 200) << index.error;
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
  const std::string etag = index.Header("etag");
  ASSERT_FALSE(etag.empty());
  const HttpResult again = http.Get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  const HttpResult asset = http.Get("/assets/app-1a2b3c.js");
  ASSERT_EQ(asset.status, 200);
  EXPECT_EQ(asset.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");

  const HttpResult route = http.Get("/tickets/ESC-1");
  ASSERT_EQ(route.status, 200);
  EXPECT_EQ(route.body, kIndex);
  EXPECT_EQ(http.Get("/assets/missing-000.js").status, 404);

  // The API and the operations endpoints are never the web app's.
  EXPECT_TRUE(IsApiError(http.Get("/api/v1/no-such-thing"), 404, "not_found"));
  EXPECT_TRUE(IsApiError(http.Get("/api/v1/tickets"), 401, "unauthenticated"));
  EXPECT_EQ(http.Get("/readyz").status, 200);
  // Nor are the pages for people the API answers: the signed links in customer mail and the
  // contact form.
  for (const char* path : {"/portal/link/1.2.3.abc", "/feedback/1.2.3.abc"}) {
    const HttpResult page = http.Get(path);
    EXPECT_EQ(page.status, 400) << path;
    EXPECT_NE(page.body.find("is not valid"), std::string::npos) << path << page.body;
  }
  const HttpResult contact = http.Get("/contact");
  EXPECT_EQ(contact.status, 200);
  EXPECT_NE(contact.body.find("<form"), std::string::npos) << contact.body;

  // Dots, encoded or not, never leave the root (curl would fold a literal "/../").
  for (const char* path : {"/%2e%2e/secret.txt", "/assets/%2E%2E/%2e%2e/secret.txt",
                           "/assets%2f..%2f..%2fsecret.txt", "/..%5csecret.txt"}) {
    const HttpResult escape = http.Get(path);
    EXPECT_EQ(escape.status, 400) << path;
    EXPECT_EQ(escape.body.find("must stay private"), std::string::npos) << path;
  }
  EXPECT_EQ(server.Terminate(), 0) << server.Stderr();
}

TEST(ServeWeb, RefusesAWebRootWithoutIndexHtml) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "empty");
  ServerProcess server(WithWebRoot(dir, dir / "empty"));
  EXPECT_FALSE(server.ok());
  EXPECT_NE(server.Stderr().find("no index.html"), std::string::npos) << server.Stderr();
}

}  // namespace
}  // namespace esc
