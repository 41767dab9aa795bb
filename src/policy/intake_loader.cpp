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

bool PlausibleSourceName(const std::string& name) {
  return !name.empty() && name.size() <= 40 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

// `channels:` — source name -> {secret_env: VAR} (or an empty map: no signature).
void ReadChannels(const YAML::Node& node, YamlContext& ctx, core::IntakePolicy& intake) {
  ctx.ForEachEntry(node, "intake.channels", {}, [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string& name = k.Scalar();
    if (!PlausibleSourceName(name)) {
      ctx.Report(k, fmt::format("intake.channels: \"{}\" is not a source name (lower-case "
                                "letters, digits, - and _, at most 40)",
                                name));
      return;
    }
    core::ChatSource source{name, ""};
    if (v.IsNull()) {
      intake.channels.push_back(source);
      return;
    }
    const std::string what = "intake.channels." + name;
    const bool ok =
        ctx.ForEachEntry(v, what, {"secret_env"}, [&](const YAML::Node&, const YAML::Node& sv) {
          if (auto text = ctx.Text(sv, what + ".secret_env")) {
            if (text->empty() || text->find_first_of("= \t") != std::string::npos) {
              ctx.Report(sv, fmt::format("{}.secret_env: \"{}\" is not an environment "
                                         "variable name",
                                         what, *text));
              return;
            }
            source.secret_env = *text;
          }
        });
    if (ok) intake.channels.push_back(source);
  });
}

// A whole number in [1, 1000000]; nullopt after reporting.
std::optional<int> Count(const YAML::Node& node, YamlContext& ctx, const std::string& what) {
  auto number = ctx.Number(node, what);
  if (!number) return std::nullopt;
  if (*number < 1 || *number > 1000000 || *number != static_cast<double>(static_cast<int>(*number))) {
    ctx.Report(node, fmt::format("{} must be a whole number from 1 to 1000000", what));
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

// `web_form:` — the public form at /contact and its limits.
void ReadWebForm(const YAML::Node& node, YamlContext& ctx, core::IntakePolicy& intake) {
  core::WebFormPolicy& form = intake.web_form;
  ctx.ForEachEntry(
      node, "intake.web_form",
      {"enabled", "title", "categories", "max_per_address", "max_per_email", "window"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& name = k.Scalar();
        const std::string what = "intake.web_form." + name;
        if (name == "enabled") {
          if (auto flag = ctx.Flag(v, what)) form.enabled = *flag;
        } else if (name == "title") {
          if (auto text = ctx.Text(v, what)) {
            if (text->empty() || text->size() > 100) {
              ctx.Report(v, what + " must have 1 to 100 characters");
              return;
            }
            form.title = *text;
          }
        } else if (name == "categories") {
          if (auto list = ctx.TextList(v, what)) {
            if (list->empty()) {
              ctx.Report(v, what + " must name at least one category (or be left out)");
              return;
            }
            for (std::size_t i = 0; i < list->size(); ++i) {
              ctx.Refer("category", (*list)[i], v[i], "intake.web_form");
            }
            form.categories = *list;
          }
        } else if (name == "window") {
          if (auto window = ctx.PositiveDuration(v, what)) form.window = *window;
        } else if (auto count = Count(v, ctx, what)) {
          (name == "max_per_address" ? form.max_per_address : form.max_per_email) = *count;
        }
      });
}

}  // namespace

void LoadIntake(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  core::IntakePolicy intake;
  bool has_category = false, has_impact = false, has_urgency = false;
  const bool ok = ctx.ForEachEntry(
      section, "intake",
      {"default", "domains", "category", "impact", "urgency", "message_id_domain", "imap",
       "channels", "web_form"},
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
        } else if (name == "channels") {
          ReadChannels(v, ctx, intake);
        } else if (name == "web_form") {
          ReadWebForm(v, ctx, intake);
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
    ctx.Report(section,
               "intake needs category:, impact: and urgency: (of tickets opened by mail, chat "
               "or the web form)");
    return;
  }
  policy.intake = std::move(intake);
}

}  // namespace esc::policy
