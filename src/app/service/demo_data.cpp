#include "app/service/demo_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace esc::app {
namespace {

// Each person's role: managers of a team, leads, then everyone else as an agent.
std::map<std::string, std::pair<Role, std::string>> StaffOf(const core::Policy& policy) {
  std::map<std::string, std::pair<Role, std::string>> staff;
  auto put = [&](const std::string& person, Role role, const std::string& team) {
    auto it = staff.find(person);
    if (it == staff.end() || static_cast<int>(role) > static_cast<int>(it->second.first)) {
      staff[person] = {role, team};
    }
  };
  for (const auto& team : policy.teams) {
    for (const auto& member : team.members) put(member, Role::kAgent, team.id);
    if (team.lead) put(*team.lead, Role::kSupervisor, team.id);
    if (team.manager) put(*team.manager, Role::kManager, team.id);
  }
  return staff;
}

// The tiers the policy's SLAs name, in order, then "standard" for the SLAs that select no
// tier (the catch-all), so the demo organisations meet different SLAs.
std::vector<std::string> Tiers(const core::Policy& policy) {
  std::vector<std::string> tiers;
  bool catch_all = policy.sla.empty();
  for (const auto& sla : policy.sla) {
    if (sla.tiers.empty()) catch_all = true;
    for (const auto& tier : sla.tiers) {
      if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end()) tiers.push_back(tier);
    }
  }
  if (catch_all && std::find(tiers.begin(), tiers.end(), "standard") == tiers.end()) {
    tiers.push_back("standard");
  }
  return tiers;
}

}  // namespace

Result<std::vector<DemoLogin>> SeedDemoData(const core::Policy& policy, AccountService& accounts,
                                            TicketService& tickets, const std::string& password) {
  const Actor system = Actor::System();
  auto existing = accounts.ListUsers(system, std::nullopt, 1, 0);
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) return std::vector<DemoLogin>{};

  std::vector<DemoLogin> logins;
  auto add_user = [&](const std::string& name, Role role, std::optional<Id> customer,
                      const std::string& where) -> Result<UserRecord> {
    NewUser input{name, name, name + "@example.com", std::string(ToString(role)), customer,
                  password};
    auto user = accounts.CreateUser(system, input);
    if (user) logins.push_back({name, std::string(ToString(role)), where});
    return user;
  };
  auto admin = add_user("admin", Role::kAdmin, std::nullopt, "");
  if (!admin) return std::unexpected(admin.error());
  std::map<std::string, Actor> staff;
  for (const auto& [person, role_team] : StaffOf(policy)) {
    auto user = add_user(person, role_team.first, std::nullopt, role_team.second);
    if (!user) return std::unexpected(user.error());
    staff[person] = AccountService::ActorFor(*user);
  }

  const std::vector<std::pair<std::string, std::string>> organisations = {
      {"Acme Corp", "alice"}, {"Globex", "bob"}, {"Initech", "carol"}};
  const auto tiers = Tiers(policy);
  std::vector<Actor> contacts;
  for (std::size_t i = 0; i < organisations.size(); ++i) {
    auto customer = accounts.CreateCustomer(system, organisations[i].first, tiers[i % tiers.size()]);
    if (!customer) return std::unexpected(customer.error());
    auto user = add_user(organisations[i].second, Role::kCustomer, customer->id, customer->name);
    if (!user) return std::unexpected(user.error());
    contacts.push_back(AccountService::ActorFor(*user));
  }

  if (policy.categories.empty() || policy.priorities.impacts.empty() ||
      policy.priorities.urgencies.empty()) {
    return logins;
  }
  const auto& impacts = policy.priorities.impacts;
  const auto& urgencies = policy.priorities.urgencies;
  struct Story {
    const char* subject;
    const char* then;  // what happens after it is opened
  };
  const Story stories[] = {
      {"Dashboard shows error 500 after login", "new"},
      {"Invoice charged twice this month", "replied"},
      {"SSO login locked for the whole team", "waiting_on_customer"},
      {"Payment provider timeout on checkout", "waiting_on_third_party"},
      {"Outage: API down for EU customers", "escalated"},
      {"Password reset mail never arrives", "resolved"},
      {"Export crashes on large reports", "closed"},
      {"Bug: timezone wrong in PDF export", "reopened"},
  };
  const Actor agent = staff.empty() ? system : staff.begin()->second;
  const Actor supervisor = [&] {
    for (const auto& [name, actor] : staff) {
      if (actor.role == Role::kSupervisor) return actor;
    }
    return agent;
  }();
  int n = 0;
  for (const auto& story : stories) {
    const Actor& contact = contacts[static_cast<std::size_t>(n) % contacts.size()];
    NewTicket input;
    input.subject = story.subject;
    input.description = fmt::format("{}. Reported through the portal.", story.subject);
    input.category = policy.categories[static_cast<std::size_t>(n) % policy.categories.size()].id;
    input.impact = impacts[static_cast<std::size_t>(n) % impacts.size()];
    input.urgency = urgencies[static_cast<std::size_t>(n + 1) % urgencies.size()];
    ++n;
    auto created = tickets.Create(contact, input);
    if (!created) return std::unexpected(created.error());
    const Id id = created->ticket.id;
    const std::string then = story.then;
    auto step = [&](auto result) -> Result<void> {
      if (!result) return std::unexpected(result.error());
      return {};
    };
    Result<void> ok;
    if (then == "new") continue;
    ok = step(tickets.AddMessage(agent, id, "Thanks, we are looking into it.", false));
    if (ok && then == "waiting_on_customer") {
      ok = step(tickets.ChangeStatus(agent, id, "waiting_on_customer", std::nullopt));
    } else if (ok && then == "waiting_on_third_party") {
      ok = step(tickets.ChangeStatus(agent, id, "waiting_on_third_party", std::nullopt));
    } else if (ok && then == "escalated") {
      ok = step(tickets.Escalate(supervisor, id, {"next_level", "Needs a specialist"}));
    } else if (ok && (then == "resolved" || then == "closed" || then == "reopened")) {
      ok = step(tickets.Resolve(agent, id, {"configuration", "Mail relay misconfigured"}));
      if (ok && then == "closed") ok = step(tickets.ChangeStatus(agent, id, "closed", std::nullopt));
      if (ok && then == "reopened") ok = step(tickets.ChangeStatus(contact, id, "reopened", std::nullopt));
    }
    if (!ok) return std::unexpected(ok.error());
  }
  return logins;
}

}  // namespace esc::app
