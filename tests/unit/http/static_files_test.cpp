// StaticFiles on a small web root in a temporary directory: content types, caching
// headers, ETag revalidation, precompressed files, the SPA fallback, the paths the API
// keeps, and that no request path reaches a file outside the root.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace esc::http {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

Request Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request request;
  request.method = "GET";
  request.target = path;
  request.path = std::move(path);
  request.headers = std::move(headers);
  return request;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::temp_directory_path() /
            ("escalator-static-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    Write(root_ / "index.html", "<!doctype html><title>Escalator</title>");
    Write(root_ / "assets" / "index-AbC123.js", "console.log(1)");
    Write(root_ / "assets" / "index-AbC123.js.gz", "GZIPPED");
    Write(root_ / "assets" / "index-9f8e.css", "body{}");
    Write(root_ / "favicon.svg", "<svg/>");
    Write(base_ / "secret.txt", "outside the root");
    files_.emplace(root_);
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  fs::path root_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesIndexAtTheRootWithoutCaching) {
  const auto response = files_->Serve(Get("/"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response->body, "<!doctype html><title>Escalator</title>");
  EXPECT_EQ(HeaderOf(*response, "Cache-Control"), "no-cache");
  EXPECT_FALSE(HeaderOf(*response, "ETag").empty());
  EXPECT_FALSE(HeaderOf(*response, "Content-Security-Policy").empty());
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableWithTheirContentType) {
  const auto js = files_->Serve(Get("/assets/index-AbC123.js"));
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(HeaderOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  const auto css = files_->Serve(Get("/assets/index-9f8e.css"));
  ASSERT_TRUE(css);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  const auto svg = files_->Serve(Get("/favicon.svg"));
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->content_type, "image/svg+xml");
  EXPECT_EQ(HeaderOf(*svg, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchIsNotModified) {
  const auto first = files_->Serve(Get("/"));
  ASSERT_TRUE(first);
  const std::string etag = HeaderOf(*first, "ETag");
  const auto again = files_->Serve(Get("/", {{"if-none-match", etag}}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(HeaderOf(*again, "ETag"), etag);
  const auto other = files_->Serve(Get("/", {{"if-none-match", "\"something-else\""}}));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(StaticFilesTest, SendsThePrecompressedFileToClientsThatAcceptGzip) {
  const auto gz = files_->Serve(Get("/assets/index-AbC123.js", {{"accept-encoding", "gzip, br"}}));
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->body, "GZIPPED");
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(gz->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*gz, "Vary"), "Accept-Encoding");
  const auto plain = files_->Serve(Get("/assets/index-AbC123.js", {{"accept-encoding", "gzip;q=0"}}));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "console.log(1)");
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndexButMissingFilesAre404) {
  for (const char* route : {"/tickets/ESC-4", "/queue", "/signin"}) {
    const auto response = files_->Serve(Get(route));
    ASSERT_TRUE(response) << route;
    EXPECT_EQ(response->status, 200) << route;
    EXPECT_EQ(response->body, "<!doctype html><title>Escalator</title>") << route;
    EXPECT_EQ(HeaderOf(*response, "Cache-Control"), "no-cache") << route;
  }
  for (const char* missing : {"/assets/gone-123.js", "/missing.png", "/assets/nope"}) {
    const auto response = files_->Serve(Get(missing));
    ASSERT_TRUE(response) << missing;
    EXPECT_EQ(response->status, 404) << missing;
  }
}

TEST_F(StaticFilesTest, LeavesTheApiAndOperationsPathsAlone) {
  for (const char* path : {"/api", "/api/v1/tickets", "/api/openapi.json", "/metrics", "/healthz",
                           "/readyz", "/feedback/abc", "/contact", "/portal/link/1.2.3.ab",
                           "/_test/clock"}) {
    EXPECT_FALSE(files_->Serve(Get(path))) << path;
  }
  EXPECT_TRUE(files_->Serve(Get("/apiary")));  // a route of the app, not /api
  EXPECT_TRUE(files_->Serve(Get("/portal")));  // so is the rest of /portal
  Request post = Get("/");
  post.method = "POST";
  EXPECT_FALSE(files_->Serve(post));
}

TEST_F(StaticFilesTest, NoPathLeavesTheRoot) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/a/..",
                           "/assets\\..\\..\\secret.txt"}) {
    const auto response = files_->Serve(Get(path));
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 400) << path;
    EXPECT_EQ(response->body.find("outside the root"), std::string::npos) << path;
  }
  // A symlink inside the root that points out of it is not followed out.
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  const auto linked = files_->Serve(Get("/leak.txt"));
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->status, 404);
  EXPECT_EQ(linked->body.find("outside the root"), std::string::npos);
}

TEST(StaticFilesContentType, KnowsTheWebTypesAndDefaultsToOctetStream) {
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("x.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("js"), "application/octet-stream");
}

TEST(StaticFilesWebRoot, NeedsAnIndexHtml) {
  EXPECT_FALSE(StaticFiles::IsWebRoot("/nonexistent-escalator-dir"));
}

}  // namespace
}  // namespace esc::http
