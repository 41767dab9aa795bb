// Test support for black-box tests of `escalator serve`: an API session over HttpClient
// (log in with a cookie session and send X-CSRF-Token on every state change, or use an
// API token), JSON helpers and a check of the error shape, a per-suite scratch directory,
// and a demo-seeded database with a saved session per demo user, made once (and cached in
// the test temp directory while the binary and the policy stay the same) and copied for
// each server that wants one: the demo seed and every login hash a password (~0.1 s
// each); a copy costs nothing.
#pragma once

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/file.h>
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
#include <thread>
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
    HttpResult r =
        http_.Post("/api/v1/session", Json{{"username", username}, {"password", password}}.dump());
    if (r.status == 201) {
      const Json body = BodyJson(r);
      csrf_ = body.value("csrf_token", "");
      user_ = body.value("user", Json::object());
      const std::string set_cookie = r.Header("set-cookie");
      cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    }
    return r;
  }
  // Takes over a session made by an earlier login (its cookie goes as a header).
  void Adopt(std::string cookie, std::string csrf, Json user) {
    cookie_ = std::move(cookie);
    csrf_ = std::move(csrf);
    user_ = std::move(user);
    adopted_ = true;
  }
  void UseToken(std::string token) { token_ = std::move(token); }

  HttpResult Get(std::string_view path) { return Send("GET", path, ""); }
  HttpResult Post(std::string_view path, const Json& body) {
    return Send("POST", path, body.dump());
  }
  HttpResult PostRaw(std::string_view path, std::string_view body) {
    return Send("POST", path, body);
  }
  HttpResult Patch(std::string_view path, const Json& body) {
    return Send("PATCH", path, body.dump());
  }
  HttpResult PatchRaw(std::string_view path, std::string_view body) {
    return Send("PATCH", path, body);
  }
  HttpResult Delete(std::string_view path) { return Send("DELETE", path, ""); }

  HttpResult Send(std::string_view method, std::string_view path, std::string_view body,
                  HeaderList headers = {}) {
    if (method != "GET" && !csrf_.empty()) headers.emplace_back("X-CSRF-Token", csrf_);
    return SendWithoutCsrf(method, path, body, std::move(headers));
  }
  // With the session's credentials but without its X-CSRF-Token.
  HttpResult SendWithoutCsrf(std::string_view method, std::string_view path, std::string_view body,
                             HeaderList headers = {}) {
    if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
    if (adopted_) headers.emplace_back("Cookie", cookie_);
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
  bool adopted_ = false;
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
    if (suite == nullptr || suite->failed_test_count() == 0)
      std::filesystem::remove_all(path_, ignored);
  }
  SuiteDir(const SuiteDir&) = delete;
  SuiteDir& operator=(const SuiteDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

namespace detail {

struct SavedSession {
  std::string cookie;
  std::string csrf;
  Json user;
};

struct DemoTemplate {
  std::filesystem::path dir;
  std::filesystem::path db;
  std::string error;
  // A session of every demo user, stored in the database: valid in each copy until
  // kTestStart + 12 h on its clock.
  std::map<std::string, SavedSession, std::less<>> sessions;
};

inline std::uint64_t Fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ull) {
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// What identifies a build of a file: its path, size and modification time.
inline std::string FileStamp(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
  return fmt::format("{}|{}|{};", path.string(), size, static_cast<long long>(time));
}

// flock() on a lock file, released when destroyed; `held()` false when not obtained.
class FileLock {
 public:
  FileLock(const std::filesystem::path& path, int operation)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, operation) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

inline std::filesystem::path LockPath(const std::filesystem::path& dir) {
  return dir.string() + ".lock";
}

// Builds the demo database in t.dir: `serve --demo` on an empty database, one login per
// demo user (logins hash passwords: made once here, the copies adopt them), SIGTERM; the
// sessions go to sessions.json, written last (its presence marks a finished cache).
inline void BuildDemo(DemoTemplate& t) {
  std::filesystem::remove_all(t.dir);
  std::filesystem::create_directories(t.dir);
  ServeOptions options = ServeOn(t.db, t.dir);
  options.demo = true;
  ServerProcess server(std::move(options));
  if (!server.ok()) {
    t.error = "the demo template server did not start: " + server.error();
    return;
  }
  std::vector<std::string> logins;
  while (logins.size() < 19) {
    auto line = server.ReadLine(std::chrono::seconds(30));
    if (!line) break;
    logins.push_back(*line);
  }
  if (logins.size() != 19 || !logins[0].starts_with("demo logins")) {
    t.error = "the demo server did not list its 18 demo logins";
    return;
  }
  std::vector<std::string> users;
  for (std::size_t i = 1; i < logins.size(); ++i) {
    const auto first = logins[i].find_first_not_of(' ');
    users.push_back(logins[i].substr(first, logins[i].find(' ', first) - first));
  }
  HttpClient warm_up(server.base_url());  // curl's global init, before the threads
  std::vector<std::optional<SavedSession>> saved(users.size());
  std::vector<std::thread> threads;
  constexpr std::size_t kThreads = 3;
  for (std::size_t k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (std::size_t i = k; i < users.size(); i += kThreads) {
        ApiSession session(server.base_url());
        if (session.Login(users[i]).status == 201) {
          saved[i] = SavedSession{session.cookie(), session.csrf(), session.user()};
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  Json file = Json::object();
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (!saved[i]) {
      t.error = "the demo user " + users[i] + " could not log in";
      return;
    }
    file[users[i]] = {
        {"cookie", saved[i]->cookie}, {"csrf", saved[i]->csrf}, {"user", saved[i]->user}};
    t.sessions.emplace(users[i], std::move(*saved[i]));
  }
  if (const int status = server.Terminate(); status != 0) {
    t.error = fmt::format("the demo template server exited with {}: {}", status, server.Stderr());
    return;
  }
  WriteFile(t.dir / "sessions.json.part", file.dump());
  std::filesystem::rename(t.dir / "sessions.json.part", t.dir / "sessions.json");
}

// Reads a finished cache; false when there is none.
inline bool LoadDemo(DemoTemplate& t) {
  if (!std::filesystem::exists(t.dir / "sessions.json") || !std::filesystem::exists(t.db)) {
    return false;
  }
  const Json file = Json::parse(ReadFile(t.dir / "sessions.json"), nullptr, false);
  if (!file.is_object() || file.empty()) return false;
  for (const auto& [user, saved] : file.items()) {
    t.sessions.emplace(user, SavedSession{saved.value("cookie", ""), saved.value("csrf", ""),
                                          saved.value("user", Json::object())});
  }
  return true;
}

// The demo database, made once and kept as a cache in the test temp directory for as long
// as the escalator binary and the policy stay the same (so each test process, as CTest
// runs them, does not seed again). Other processes wait on a lock while it is made; an
// outdated cache of the same binary path is removed when nobody is copying from it.
inline const DemoTemplate& Demo() {
  static const DemoTemplate demo = [] {
    const std::string policy = ESCALATOR_SOURCE_DIR "/examples/saas-support.yaml";
    const std::string prefix =
        fmt::format("escalator-demo-cache-{:016x}-", Fnv1a(ESCALATOR_BINARY));
    const std::string version = fmt::format(
        "{:016x}", Fnv1a(FileStamp(ESCALATOR_BINARY) + FileStamp(policy) +
                         std::string(kDemoPassword) + std::string(kTestStart) + "sessions-v1"));
    const std::filesystem::path temp(::testing::TempDir());
    DemoTemplate t;
    t.dir = temp / (prefix + version);
    t.db = t.dir / "demo.db";
    const FileLock lock(LockPath(t.dir), LOCK_EX);
    if (!lock.held()) {
      t.error = "cannot lock " + LockPath(t.dir).string();
      return t;
    }
    if (LoadDemo(t)) return t;
    t.sessions.clear();
    BuildDemo(t);
    if (!t.error.empty()) return t;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(temp, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with(prefix) || name.ends_with(".lock") || entry.path() == t.dir) continue;
      const FileLock unused(LockPath(entry.path()), LOCK_EX | LOCK_NB);
      if (!unused.held()) continue;
      std::filesystem::remove_all(entry.path(), ec);
      std::filesystem::remove(LockPath(entry.path()), ec);
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
  const detail::FileLock reading(detail::LockPath(demo.dir), LOCK_SH);
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

// A server started again on the database `db` (logging into `log_dir`), its manual clock
// starting at `start`.
inline std::unique_ptr<ServerProcess> RestartOn(const std::filesystem::path& db,
                                                const std::filesystem::path& log_dir,
                                                std::string start = std::string(kTestStart)) {
  ServeOptions options = ServeOn(db, log_dir);
  options.start = std::move(start);
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

  // The session of a demo user: the one saved in the demo database, else a new login
  // (a failed login fails the test).
  ApiSession& As(const std::string& username) {
    auto& slot = sessions_[username];
    if (!slot) {
      slot = std::make_unique<ApiSession>(url());
      const auto& saved = detail::Demo().sessions;
      if (auto it = saved.find(username); it != saved.end()) {
        slot->Adopt(it->second.cookie, it->second.csrf, it->second.user);
      } else {
        const HttpResult r = slot->Login(username);
        EXPECT_EQ(r.status, 201) << "login of " << username << ": " << r.body;
      }
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

// A test suite that shares one demo server: started once before the suite's first test,
// stopped after its last (a clean exit checked). `Suite` names its scratch folder with
// `static constexpr const char* kSuiteName`.
template <typename Suite>
class SharedDemoServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<SuiteDir>(Suite::kSuiteName);
    server_ = std::make_unique<DemoServer>(dir_->path());
  }
  static void TearDownTestSuite() {
    if (server_ && server_->ok()) {
      EXPECT_EQ(server_->Stop(), 0) << server_->process().Stderr();
    }
    server_.reset();
    dir_.reset();
  }
  void SetUp() override { ASSERT_TRUE(server_ && server_->ok()) << server_->error(); }

  static ApiSession& As(const std::string& user) { return server_->As(user); }

  static inline std::unique_ptr<SuiteDir> dir_;
  static inline std::unique_ptr<DemoServer> server_;
};

// The API path of a ticket, and of what hangs off it ("/events", ...).
inline std::string TicketPath(std::int64_t id, std::string_view rest = "") {
  return "/api/v1/tickets/" + std::to_string(id) + std::string(rest);
}

// A test with a demo server of its own (a fresh copy of the demo database), stopped after
// the test with a clean exit checked.
class DemoServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<DemoServer>(dir_);
    ASSERT_TRUE(server_->ok()) << server_->error();
  }
  void TearDown() override {
    if (server_ && server_->ok()) {
      EXPECT_EQ(server_->Stop(), 0) << server_->process().Stderr();
    }
  }

  ScratchDir dir_;
  std::unique_ptr<DemoServer> server_;
};

}  // namespace esc::test_support
