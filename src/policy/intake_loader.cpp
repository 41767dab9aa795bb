#include "policy/intake_loader.h"

#include <fmt/format.h>

namespace esc::policy {
namespace {

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// {customer: NAME, tier: TIER}; nullopt after reporting.
std::optional<core::IntakeOrganisation> ReadOrganisation(const YAML::Node& node, YamlContext& ctx,
                                                         const std::string& what) {
  core::IntakeOrganisation organisation{"", ""};
  const bool ok = ctx.ForEachEntry(
      node, what, {"customer", "tier"}, [&](const YAML::Node& k, const YAML::Node& v) {
        if (auto text = ctx.Text(v, k.Scalar())) {
          (k.Scalar() == "customer" ? organisation.customer : organisation.tier) = *text;
        }
      });
  if (!ok) return std::nullopt;
  if (organisation.customer.empty() || organisation.tier.empty()) {
    ctx.Report(node, fmt::format("{} needs customer: (the organisation's name) and tier:", what));
    return std::nullopt;
  }
  return organisation;
}

bool PlausibleDomain(const std::string& domain) {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  return domain.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string::npos;
}

// The `imap:` part: where to take mail from and how often; nullopt after reporting.
std::optional<core::ImapSource> ReadImap(const YAML::Node& node, YamlContext& ctx) {
  core::ImapSource imap;
  const bool ok = ctx.ForEachEntry(
      node, "intake.imap",
      {"url", "username", "password_env", "every", "starttls", "delete_taken", "ca_file"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& name = k.Scalar();
        if (name == "every") {
          if (auto every = ctx.PositiveDuration(v, "intake.imap.every")) imap.every = *every;
        } else if (name == "starttls" || name == "delete_taken") {
          if (auto flag = ctx.Flag(v, name))
            (name == "starttls" ? imap.starttls : imap.delete_taken) = *flag;
        } else if (auto text = ctx.Text(v, name)) {
          if (name == "url") {
            if (!text->starts_with("imap://") && !text->starts_with("imaps://")) {
              ctx.Report(v, fmt::format("intake.imap.url: expected imap://host/MAILBOX or "
                                        "imaps://host/MAILBOX, got \"{}\"",
                                        *text));
              return;
            }
            imap.url = *text;
          } else if (name == "username") {
            imap.username = *text;
          } else if (name == "password_env") {
            imap.password_env = *text;
          } else {
            imap.ca_file = *text;
          }
        }
      });
  if (!ok) return std::nullopt;
  if (imap.url.empty() || imap.username.empty() || imap.password_env.empty()) {
    ctx.Report(node,
               "intake.imap needs url:, username: and password_env: (the environment "
               "variable that holds the password)");
    return std::nullopt;
  }
  return imap;
}

}  // namespace

void LoadIntake(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  core::IntakePolicy intake;
  bool has_category = false, has_impact = false, has_urgency = false;
  const bool ok = ctx.ForEachEntry(
      section, "intake",
      {"default", "domains", "category", "impact", "urgency", "message_id_domain", "imap"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& name = k.Scalar();
        if (name == "default") {
          if (auto o = ReadOrganisation(v, ctx, "intake.default")) intake.default_organisation = *o;
        } else if (name == "domains") {
          ctx.ForEachEntry(
              v, "intake.domains", {}, [&](const YAML::Node& dk, const YAML::Node& dv) {
                const std::string domain = LowerAscii(dk.Scalar());
                if (!PlausibleDomain(domain)) {
                  ctx.Report(dk, fmt::format("intake.domains: \"{}\" is not a mail domain such as "
                                             "example.com",
                                             dk.Scalar()));
                  return;
                }
                auto o = ReadOrganisation(dv, ctx, fmt::format("intake.domains.{}", domain));
                if (o) intake.domains.push_back({domain, *o});
              });
        } else if (name == "imap") {
          intake.imap = ReadImap(v, ctx);
        } else if (name == "message_id_domain") {
          if (auto text = ctx.Text(v, name)) intake.message_id_domain = LowerAscii(*text);
        } else if (auto text = ctx.Text(v, name)) {
          if (name == "category") {
            intake.category = *text;
            has_category = true;
            ctx.Refer("category", *text, v, "intake");
          } else if (name == "impact") {
            intake.impact = *text;
            has_impact = true;
            ctx.Refer("impact", *text, v, "intake");
          } else {
            intake.urgency = *text;
            has_urgency = true;
            ctx.Refer("urgency", *text, v, "intake");
          }
        }
      });
  if (!ok) return;
  if (!has_category || !has_impact || !has_urgency) {
    ctx.Report(section, "intake needs category:, impact: and urgency: (of tickets opened by mail)");
    return;
  }
  policy.intake = std::move(intake);
}

}  // namespace esc::policy
