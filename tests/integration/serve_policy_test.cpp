// Black-box tests of the policy pages' API over the real binary, on a copy of the SaaS
// example policy in the test's folder: the SLA targets table agrees with the policy
// file, the flowchart comes as SVG drawn by Graphviz (and as DOT), a candidate policy is
// checked with line and column for each problem and changes nothing, and installing one
// replaces the file (the old one kept as .previous) and runs it at once. Only staff read
// and only admins check or install.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/api_session.h"
#include "support/escalator_process.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::ReadFile;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;

constexpr std::string_view kPassword = test_support::kDemoPassword;
const test_support::HeaderList kYaml = {{"Content-Type", "application/yaml"}};

class ServePolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"saas-support.yaml", "us-holidays.ics"}) {
      std::filesystem::copy_file(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" / name,
                                 dir_ / name);
    }
    const auto made = test_support::RunEscalator(
        {"user", "add", "--db", (dir_ / "policy.db").string(), "--username", "admin", "--role",
         "admin"},
        std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    ServeOptions options = test_support::ServeOn(dir_ / "policy.db", dir_);
    options.policy = PolicyFile().string();
    server_ = std::make_unique<ServerProcess>(std::move(options));
    ASSERT_TRUE(server_->ok()) << server_->error();
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);
    for (const auto& [name, role] : {std::pair{"ana", "supervisor"}, {"ben", "agent"}}) {
      const HttpResult user = admin_->Post(
          "/api/v1/users",
          Json{{"username", name}, {"role", role}, {"password", std::string(kPassword)}});
      ASSERT_EQ(user.status, 201) << user.body;
    }
    const HttpResult customer =
        admin_->Post("/api/v1/customers", Json{{"name", "Acme Corp"}, {"tier", "gold"}});
    ASSERT_EQ(customer.status, 201) << customer.body;
    const HttpResult contact = admin_->Post(
        "/api/v1/users", Json{{"username", "alice"}, {"role", "customer"},
                              {"password", std::string(kPassword)},
                              {"customer_id", BodyJson(customer)["id"]}});
    ASSERT_EQ(contact.status, 201) << contact.body;
  }
  void TearDown() override {
    admin_.reset();
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Terminate(), 0) << server_->Stderr();
    }
  }

  std::filesystem::path PolicyFile() const { return dir_ / "saas-support.yaml"; }
  std::unique_ptr<ApiSession> Session(std::string_view user) {
    auto session = std::make_unique<ApiSession>(server_->base_url());
    EXPECT_EQ(session->Login(user, kPassword).status, 201);
    return session;
  }
  HttpResult Check(ApiSession& who, std::string_view yaml) {
    return who.Send("POST", "/api/v1/policy/check", yaml, kYaml);
  }
  HttpResult Install(ApiSession& who, std::string_view yaml) {
    return who.Send("PUT", "/api/v1/policy", yaml, kYaml);
  }

  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
};

TEST_F(ServePolicy, SlaTableAndFlowchartForStaff) {
  const auto ben_session = Session("ben");
  ApiSession& ben = *ben_session;
  const Json sla = ben.GetJson("/api/v1/policy/sla");
  ASSERT_TRUE(sla["items"].is_array()) << sla.dump();
  ASSERT_FALSE(sla["items"].empty());
  EXPECT_EQ(sla["version"], ben.GetJson("/api/v1/policy")["version"]);
  // Each row is a policy of the file's `sla:` section, in file order, with its targets.
  const std::string text = ReadFile(PolicyFile());
  std::size_t previous = text.find("\nsla:\n");
  ASSERT_NE(previous, std::string::npos);
  for (const auto& row : sla["items"]) {
    const auto at = text.find("- name: " + row["name"].get<std::string>() + "\n", previous);
    ASSERT_NE(at, std::string::npos) << row.dump();
    previous = at;
    const auto targets = text.find("targets: {", at);
    const std::string line = text.substr(targets, text.find('\n', targets) - targets);
    for (const char* kind : {"first_response", "next_update", "resolution"}) {
      const Json& target = row["targets"][kind];
      ASSERT_TRUE(target.is_object()) << row.dump();
      EXPECT_NE(line.find(std::string(kind) + ": " + target["duration"].get<std::string>()),
                std::string::npos)
          << line << " / " << row.dump();
      EXPECT_GT(target["seconds"].get<std::int64_t>(), 0);
    }
  }
  EXPECT_EQ(sla["items"][0]["when"]["tiers"], Json::array({"gold"}));
  EXPECT_EQ(sla["items"][0]["pause_on"], Json::array({"waiting_on_customer"}));

  const HttpResult svg = ben.Get("/api/v1/policy/graph?category=technical");
  ASSERT_EQ(svg.status, 200) << svg.body;
  EXPECT_EQ(svg.Header("content-type"), "image/svg+xml");
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  EXPECT_NE(svg.body.find("frontline"), std::string::npos);
  const HttpResult again = ben.Get("/api/v1/policy/graph?category=technical");
  EXPECT_EQ(again.body, svg.body);
  const HttpResult dot = ben.Get("/api/v1/policy/graph?format=dot");
  ASSERT_EQ(dot.status, 200);
  EXPECT_TRUE(dot.body.starts_with("digraph")) << dot.body.substr(0, 80);
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/policy/graph?category=plumbing"), 400, "invalid",
                         "category"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/policy/graph?format=png"), 400, "invalid", "format"));

  const auto alice_session = Session("alice");
  ApiSession& alice = *alice_session;
  EXPECT_TRUE(IsApiError(alice.Get("/api/v1/policy/sla"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(alice.Get("/api/v1/policy/graph"), 403, "forbidden"));
}

TEST_F(ServePolicy, CheckReportsEachProblemWhereItIsAndChangesNothing) {
  const std::string original = ReadFile(PolicyFile());
  const std::string version = admin_->GetJson("/api/v1/policy")["version"];

  const HttpResult same = Check(*admin_, original);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(BodyJson(same)["ok"], true);
  EXPECT_EQ(BodyJson(same)["running_version"], version);
  EXPECT_GT(BodyJson(same)["summary"]["triggers"].get<int>(), 0);

  // An unknown team in an escalation path, on a known line.
  std::string broken = original;
  const auto at = broken.find("- {team: frontline, time: ");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, std::string("- {team: frontline").size(), "- {team: frontlime");
  const int line = 1 + static_cast<int>(std::count(broken.begin(), broken.begin() + at, '\n'));
  const HttpResult bad = Check(*admin_, broken);
  ASSERT_EQ(bad.status, 200) << bad.body;
  const Json report = BodyJson(bad);
  EXPECT_EQ(report["ok"], false);
  ASSERT_FALSE(report["problems"].empty());
  bool found = false;
  for (const auto& p : report["problems"]) {
    if (p["line"] == line && p["message"].get<std::string>().find("frontlime") != std::string::npos) {
      found = true;
      EXPECT_EQ(p["file"], "saas-support.yaml");
      EXPECT_GT(p["column"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(found) << report.dump();
  EXPECT_TRUE(IsApiError(Check(*admin_, "   \n"), 400, "invalid"));
  EXPECT_TRUE(IsApiError(admin_->Send("POST", "/api/v1/policy/check", original,
                                      {{"Content-Type", "application/json"}}),
                         400, "invalid", "content-type"));

  // An install of the broken text is refused and leaves file and policy as they were.
  EXPECT_TRUE(IsApiError(Install(*admin_, broken), 400, "invalid"));
  EXPECT_EQ(ReadFile(PolicyFile()), original);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "saas-support.yaml.previous"));
  EXPECT_EQ(admin_->GetJson("/api/v1/policy")["version"], version);

  const auto ana_session = Session("ana");
  ApiSession& ana = *ana_session;
  EXPECT_TRUE(IsApiError(Check(ana, original), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(Install(ana, original), 403, "forbidden"));
}

TEST_F(ServePolicy, InstallReplacesTheFileAndRunsTheNewPolicyAtOnce) {
  const std::string original = ReadFile(PolicyFile());
  const std::string old_version = admin_->GetJson("/api/v1/policy")["version"];
  std::string renamed = original;
  const std::string team_name = "\n    name: Frontline support\n";  // the team's, not L1's
  const auto at = renamed.find(team_name);
  ASSERT_NE(at, std::string::npos);
  renamed.replace(at, team_name.size(), "\n    name: First line\n");

  const HttpResult checked = Check(*admin_, renamed);
  ASSERT_EQ(checked.status, 200) << checked.body;
  ASSERT_EQ(BodyJson(checked)["ok"], true) << checked.body;
  const std::string new_version = BodyJson(checked)["version"];
  EXPECT_NE(new_version, old_version);
  EXPECT_EQ(BodyJson(checked)["same_as_running"], false);

  const HttpResult installed = Install(*admin_, renamed);
  ASSERT_EQ(installed.status, 200) << installed.body;
  EXPECT_EQ(BodyJson(installed)["previous_version"], old_version);
  EXPECT_EQ(ReadFile(PolicyFile()), renamed);
  EXPECT_EQ(ReadFile(dir_ / "saas-support.yaml.previous"), original);
  const Json running = admin_->GetJson("/api/v1/policy");
  EXPECT_EQ(running["version"], BodyJson(installed)["version"]);
  bool renamed_team = false;
  for (const auto& team : running["teams"]) {
    renamed_team = renamed_team || (team["id"] == "frontline" && team["name"] == "First line");
  }
  EXPECT_TRUE(renamed_team) << running["teams"].dump();
}

TEST_F(ServePolicy, SimulationReplaysRecentTicketsThroughBothPolicies) {
  // Three gold high-priority technical tickets at 14:00, 14:10 and 14:20, unanswered:
  // by 17:00 all three were escalated.
  const auto alice_session = Session("alice");
  ApiSession& alice = *alice_session;
  for (int i = 0; i < 3; ++i) {
    const HttpResult t = alice.Post(
        "/api/v1/tickets", Json{{"subject", fmt::format("Checkout fails {}", i)},
                                {"category", "technical"}, {"impact", "high"},
                                {"urgency", "medium"}});
    ASSERT_EQ(t.status, 201) << t.body;
    ASSERT_EQ(admin_->Post("/_test/clock", Json{{"advance_seconds", 600}}).status, 200);
  }
  ASSERT_EQ(admin_->Post("/_test/clock", Json{{"advance_seconds", 9000}}).status, 200);  // 17:00
  const Json live = admin_->GetJson("/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02");
  ASSERT_EQ(live["tickets"], 3) << live.dump();
  ASSERT_GE(live["escalations"]["total"].get<int>(), 3) << live.dump();

  const std::string original = ReadFile(PolicyFile());
  const std::string range = "?from=2026-03-02&to=2026-03-02";
  HttpResult r = admin_->Send("POST", "/api/v1/policy/simulate" + range, original, kYaml);
  ASSERT_EQ(r.status, 200) << r.body;
  Json sim = BodyJson(r);
  ASSERT_EQ(sim["ok"], true) << sim.dump();
  EXPECT_EQ(sim["tickets"], 3);
  EXPECT_EQ(sim["truncated"], false);
  // The running policy replayed decides what it decided live, and the same text as a
  // candidate decides the same.
  EXPECT_EQ(sim["running"]["escalations"]["total"], live["escalations"]["total"]) << sim.dump();
  EXPECT_EQ(sim["running"]["escalations"]["by_level"], live["escalations"]["by_level"]);
  EXPECT_EQ(sim["running"]["breaches"], live["breaches"]);
  Json same_candidate = sim["candidate"];
  EXPECT_EQ(same_candidate, sim["running"]);

  // Live, each first response was overdue at 14:30 (gold-urgent: 30 min) and the breach
  // escalated it. A candidate with 4 h for that first response and 10 h on the frontline
  // escalates none of them by 17:00.
  std::string slower = original;
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"technical:\n    - {team: frontline, time: 2h}",
                                            "technical:\n    - {team: frontline, time: 10h}"},
        {"targets: {first_response: 30m,", "targets: {first_response: 4h,"}}) {
    const auto at = slower.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    slower.replace(at, from.size(), to);
  }
  r = admin_->Send("POST", "/api/v1/policy/simulate" + range, slower, kYaml);
  ASSERT_EQ(r.status, 200) << r.body;
  sim = BodyJson(r);
  ASSERT_EQ(sim["ok"], true) << sim.dump();
  EXPECT_EQ(sim["running"]["escalations"]["total"], live["escalations"]["total"]);
  EXPECT_LT(sim["candidate"]["escalations"]["total"].get<int>(),
            sim["running"]["escalations"]["total"].get<int>())
      << sim.dump();
  EXPECT_EQ(sim["candidate"]["escalations"]["by_level"].value("L2", 0), 0) << sim.dump();
  EXPECT_NE(sim["candidate"]["policy_version"], sim["running"]["policy_version"]);

  // Nothing was installed by simulating.
  EXPECT_EQ(ReadFile(PolicyFile()), original);

  // A candidate that fails the check, a bad range, and a non-admin.
  std::string broken = original;
  broken.replace(broken.find("team: frontline, time: 2h"), 15, "team: frontlime");
  r = admin_->Send("POST", "/api/v1/policy/simulate", broken, kYaml);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyJson(r)["ok"], false);
  EXPECT_FALSE(BodyJson(r)["problems"].empty());
  EXPECT_TRUE(IsApiError(admin_->Send("POST", "/api/v1/policy/simulate?from=2026-03-03&to=2026-03-02",
                                      original, kYaml),
                         400, "invalid", "from"));
  EXPECT_TRUE(IsApiError(alice.Send("POST", "/api/v1/policy/simulate", original, kYaml), 403,
                         "forbidden"));
}

}  // namespace
}  // namespace esc
