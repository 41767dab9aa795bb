// Test support for black-box tests of `escalator serve`: an API session over HttpClient
// (log in with a cookie session and send X-CSRF-Token on every state change, or use an
// API token), JSON helpers and a check of the error shape, a per-suite scratch directory,
// and a demo-seeded database made once per test process and copied for each server that
// wants one (the demo seed hashes ~18 passwords; a copy costs nothing).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "support/http_client.h"
#include "support/scratch_dir.h"
#include "support/server_process.h"

namespace esc::test_support {

using Json = nlohmann::json;

// The body as JSON; a discarded value when it is not JSON.
inline Json BodyJson(const HttpResult& r) { return Json::parse(r.body, nullptr, false); }

// Whether `r` is the API's error shape {"error": {"code", "message", "field"}} with this
// status and code (and field, when given; "" means a null field).
inline ::testing::AssertionResult IsApiError(const HttpResult& r, long status,
                                             std::string_view code,
                                             std::optional<std::string_view> field = std::nullopt) {
  const Json body = BodyJson(r);
  auto fail = [&](std::string_view why) {
    return ::testing::AssertionFailure()
           << why << " (status " << r.status << ", body " << r.body << ")";
  };
  if (r.status != status) return fail(fmt::format("expected status {}", status));
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
    return fail("no {\"error\": {...}} object");
  }
  const Json& error = body["error"];
  if (!error.contains("code") || !error.contains("message") || !error.contains("field")) {
    return fail("the error lacks code, message or field");
  }
  if (error["code"] != code) return fail(fmt::format("expected code \"{}\"", code));
  if (!error["message"].is_string() || error["message"].get<std::string>().empty()) {
    return fail("the message is not a non-empty string");
  }
  if (field) {
    const bool same = field->empty() ? error["field"].is_null()
                                     : error["field"].is_string() && error["field"] == *field;
    if (!same) return fail(fmt::format("expected field \"{}\"", *field));
  }
  return ::testing::AssertionSuccess();
}

// One caller of the API: its own connection and cookie jar; after Login() every non-GET
// call carries the CSRF token; after UseToken() every call carries the bearer token.
class ApiSession {
 public:
  explicit ApiSession(const std::string& base_url) : http_(base_url) {}

  HttpResult Login(std::string_view username, std::string_view password = kDemoPassword) {
    HttpResult r = http_.Post("/api/v1/session",
                              Json{{"username", username}, {"password", password}}.dump());
    if (r.status == 201) {
      const Json body = BodyJson(r);
      csrf_ = body.value("csrf_token", "");
      user_ = body.value("user", Json::object());
      const std::string set_cookie = r.Header("set-cookie");
      cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    }
    return r;
  }
  void UseToken(std::string token) { token_ = std::move(token); }
  void ForgetCsrf() { csrf_.clear(); }

  HttpResult Get(std::string_view path) { return Send("GET", path, ""); }
  HttpResult Post(std::string_view path, const Json& body) { return Send("POST", path, body.dump()); }
  HttpResult PostRaw(std::string_view path, std::string_view body) { return Send("POST", path, body); }
  HttpResult Patch(std::string_view path, const Json& body) { return Send("PATCH", path, body.dump()); }
  HttpResult PatchRaw(std::string_view path, std::string_view body) { return Send("PATCH", path, body); }
  HttpResult Delete(std::string_view path) { return Send("DELETE", path, ""); }

  HttpResult Send(std::string_view method, std::string_view path, std::string_view body,
                  HeaderList headers = {}) {
    if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
    if (method != "GET" && !csrf_.empty()) headers.emplace_back("X-CSRF-Token", csrf_);
    return http_.Send(method, path, body, headers);
  }

  // GET that must answer 200: the JSON body (a discarded value, and a test failure, if not).
  Json GetJson(std::string_view path) {
    const HttpResult r = Get(path);
    EXPECT_EQ(r.status, 200) << "GET " << path << ": " << r.body;
    return r.status == 200 ? BodyJson(r) : Json(Json::value_t::discarded);
  }

  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }  // "esc_session=..."
  const Json& user() const { return user_; }
  HttpClient& http() { return http_; }

 private:
  HttpClient http_;
  std::string csrf_;
  std::string cookie_;
  std::string token_;
  Json user_;
};

// A directory for a whole test suite (ScratchDir needs a running test): made in
// SetUpTestSuite, removed with the suite unless one of its tests failed.
class SuiteDir {
 public:
  explicit SuiteDir(std::string_view name) {
    path_ = std::filesystem::path(::testing::TempDir()) /
            fmt::format("escalator-{}-{}", name, ::getpid());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~SuiteDir() {
    const auto* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    std::error_code ignored;
    if (suite == nullptr || suite->failed_test_count() == 0) std::filesystem::remove_all(path_, ignored);
  }
  SuiteDir(const SuiteDir&) = delete;
  SuiteDir& operator=(const SuiteDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

namespace detail {

struct DemoTemplate {
  std::filesystem::path dir;
  std::filesystem::path db;
  std::string error;
  ~DemoTemplate() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
};

// Seeds the demo data once per process: `serve --demo` on an empty database, then SIGTERM.
inline const DemoTemplate& Demo() {
  static const DemoTemplate demo = [] {
    DemoTemplate t;
    t.dir = std::filesystem::path(::testing::TempDir()) /
            fmt::format("escalator-demo-template-{}", ::getpid());
    std::filesystem::remove_all(t.dir);
    std::filesystem::create_directories(t.dir);
    t.db = t.dir / "demo.db";
    ServeOptions options = ServeOn(t.db, t.dir);
    options.demo = true;
    ServerProcess server(std::move(options));
    if (!server.ok()) {
      t.error = "the demo template server did not start: " + server.error();
      return t;
    }
    std::vector<std::string> logins;
    while (logins.size() < 19) {
      auto line = server.ReadLine(std::chrono::seconds(30));
      if (!line) break;
      logins.push_back(*line);
    }
    if (logins.size() != 19 || !logins[0].starts_with("demo logins")) {
      t.error = "the demo server did not list its 18 demo logins";
    }
    if (const int status = server.Terminate(); status != 0) {
      t.error = fmt::format("the demo template server exited with {}: {}", status, server.Stderr());
    }
    return t;
  }();
  return demo;
}

}  // namespace detail

// Copies the demo database (seeded at kTestStart: users, customers Acme Corp / Globex /
// Initech, tickets ESC-1..ESC-8) to `to`; throws when the seed failed.
inline void CopyDemoDatabase(const std::filesystem::path& to) {
  const auto& demo = detail::Demo();
  if (!demo.error.empty()) throw std::runtime_error(demo.error);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path from = demo.db.string() + suffix;
    const std::filesystem::path dest = to.string() + suffix;
    std::filesystem::remove(dest);
    if (std::filesystem::exists(from)) std::filesystem::copy_file(from, dest);
  }
}

// A server on a fresh copy of the demo database in `dir` (named `db_name`).
inline std::unique_ptr<ServerProcess> StartDemoServer(const std::filesystem::path& dir,
                                                      std::string_view db_name = "escalator.db",
                                                      ServeOptions options = {}) {
  options.db = dir / db_name;
  options.log_dir = dir;
  CopyDemoDatabase(options.db);
  return std::make_unique<ServerProcess>(std::move(options));
}

// A running server on a copy of the demo database, with one logged-in session per demo
// user (made on first use and kept) and the test clock.
class DemoServer {
 public:
  explicit DemoServer(const std::filesystem::path& dir, ServeOptions options = {},
                      std::string_view db_name = "escalator.db") {
    try {
      server_ = StartDemoServer(dir, db_name, std::move(options));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  bool ok() const { return server_ && server_->ok(); }
  std::string error() const { return server_ ? server_->error() : error_; }
  ServerProcess& process() { return *server_; }
  const std::string& url() const { return server_->base_url(); }

  // The session of a demo user, logged in on first use (a failed login fails the test).
  ApiSession& As(const std::string& username) {
    auto& slot = sessions_[username];
    if (!slot) {
      slot = std::make_unique<ApiSession>(url());
      const HttpResult r = slot->Login(username);
      EXPECT_EQ(r.status, 201) << "login of " << username << ": " << r.body;
    }
    return *slot;
  }

  // POST /_test/clock with `body`; the answer ({"now", "evaluated"}), which must be 200.
  Json Clock(const Json& body) {
    const HttpResult r = clock_http().Post("/_test/clock", body.dump());
    EXPECT_EQ(r.status, 200) << "POST /_test/clock " << body.dump() << ": " << r.body;
    return BodyJson(r);
  }
  Json Advance(std::int64_t seconds) { return Clock(Json{{"advance_seconds", seconds}}); }
  Json SetClock(std::string_view instant) { return Clock(Json{{"set", instant}}); }

  // SIGTERM; the exit status (0 when it stopped cleanly).
  int Stop() {
    sessions_.clear();
    clock_.reset();
    return server_ ? server_->Terminate() : -1;
  }

 private:
  HttpClient& clock_http() {
    if (!clock_) clock_ = std::make_unique<HttpClient>(url());
    return *clock_;
  }

  std::unique_ptr<ServerProcess> server_;
  std::string error_;
  std::map<std::string, std::unique_ptr<ApiSession>, std::less<>> sessions_;
  std::unique_ptr<HttpClient> clock_;
};

// The kinds of an audit trail ({"items": [...]}), in order.
inline std::vector<std::string> EventKinds(const Json& events) {
  std::vector<std::string> kinds;
  if (!events.contains("items")) return kinds;
  for (const auto& e : events["items"]) kinds.push_back(e.value("kind", ""));
  return kinds;
}

// The trigger_fired events of an audit trail for one trigger.
inline std::vector<Json> TriggerFired(const Json& events, std::string_view trigger) {
  std::vector<Json> fired;
  if (!events.contains("items")) return fired;
  for (const auto& e : events["items"]) {
    if (e.value("kind", "") == "trigger_fired" && e.contains("data") &&
        e["data"].value("trigger", "") == trigger) {
      fired.push_back(e);
    }
  }
  return fired;
}

// Whether `wanted` occurs in `kinds` in this order (other kinds may come in between).
inline ::testing::AssertionResult InOrder(const std::vector<std::string>& kinds,
                                          const std::vector<std::string>& wanted) {
  std::size_t next = 0;
  for (const auto& kind : kinds) {
    if (next < wanted.size() && kind == wanted[next]) ++next;
  }
  if (next == wanted.size()) return ::testing::AssertionSuccess();
  std::string all;
  for (const auto& k : kinds) all += (all.empty() ? "" : ", ") + k;
  return ::testing::AssertionFailure()
         << "\"" << wanted[next] << "\" (and what follows it) missing in order from: " << all;
}

}  // namespace esc::test_support
