#include "policy/channel_loader.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <optional>
#include <string>

namespace esc::policy {
namespace {

bool IsEnvName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// An environment variable name: letters, digits and '_', not starting with a digit.
std::optional<std::string> EnvName(const YAML::Node& node, YamlContext& ctx,
                                   const std::string& what) {
  auto text = ctx.Text(node, what);
  if (!text) return std::nullopt;
  if (!IsEnvName(*text)) {
    ctx.Report(node, fmt::format("{} must name an environment variable (letters, digits and _), "
                                 "got \"{}\"",
                                 what, *text));
    return std::nullopt;
  }
  return text;
}

void LoadSmtp(const YAML::Node& node, YamlContext& ctx, const std::string& what,
              core::SmtpServer& smtp) {
  const std::string where = what + " smtp";
  bool starttls_given = false;
  ctx.ForEachEntry(
      node, where, {"url", "starttls", "username", "password_env", "ca_file"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& key = k.Scalar();
        if (key == "starttls") {
          if (auto flag = ctx.Flag(v, where + " starttls")) {
            smtp.starttls = *flag;
            starttls_given = true;
          }
          return;
        }
        if (key == "password_env") {
          if (auto name = EnvName(v, ctx, where + " password_env")) smtp.password_env = *name;
          return;
        }
        auto text = ctx.Text(v, where + " " + key);
        if (!text) return;
        if (key == "url") {
          if (!text->starts_with("smtp://") && !text->starts_with("smtps://")) {
            ctx.Report(v, fmt::format("{} url must start with smtp:// or smtps://, got \"{}\"",
                                      where, *text));
            return;
          }
          smtp.url = *text;
        } else if (key == "username") {
          smtp.username = *text;
        } else {
          smtp.ca_file = *text;
        }
      });
  if (starttls_given && smtp.starttls && smtp.url.starts_with("smtps://")) {
    ctx.Report(node, fmt::format("{}: starttls does not go with smtps:// (implicit TLS)", where));
  }
  if (!smtp.password_env.empty() && smtp.username.empty()) {
    ctx.Report(node, fmt::format("{} has password_env but no username", where));
  }
}

void LoadRetry(const YAML::Node& node, YamlContext& ctx, const std::string& what,
               core::RetrySettings& retry) {
  const std::string where = what + " retry";
  ctx.ForEachEntry(
      node, where, {"attempts", "backoff", "max_backoff"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& key = k.Scalar();
        if (key == "attempts") {
          auto number = ctx.Number(v, where + " attempts");
          if (!number) return;
          if (*number < 1 || *number > 100 || std::floor(*number) != *number) {
            ctx.Report(v, fmt::format("{} attempts must be a whole number from 1 to 100", where));
            return;
          }
          retry.attempts = static_cast<int>(*number);
        } else if (auto duration = ctx.PositiveDuration(v, where + " " + key)) {
          (key == "backoff" ? retry.backoff : retry.max_backoff) = *duration;
        }
      });
  if (retry.max_backoff < retry.backoff) {
    ctx.Report(node, fmt::format("{} max_backoff must not be shorter than backoff", where));
  }
}

// digest: {after: N, per: DURATION}: N from 1 to 10000, `per` from 1m to 1h (default 1m),
// a whole number of seconds.
void LoadDigest(const YAML::Node& node, YamlContext& ctx, const std::string& what,
                std::optional<core::Channel::Digest>& digest) {
  const std::string where = what + " digest";
  core::Channel::Digest settings;
  bool after_given = false;
  const bool is_map = ctx.ForEachEntry(
      node, where, {"after", "per"}, [&](const YAML::Node& k, const YAML::Node& v) {
        if (k.Scalar() == "after") {
          after_given = true;
          auto number = ctx.Number(v, where + " after");
          if (!number) return;
          if (*number < 1 || *number > 10000 || std::floor(*number) != *number) {
            ctx.Report(v, fmt::format("{} after must be a whole number from 1 to 10000 (the "
                                      "notifications per recipient sent one by one in a window)",
                                      where));
            return;
          }
          settings.after = static_cast<int>(*number);
        } else if (auto duration = ctx.PositiveDuration(v, where + " per")) {
          if (*duration < std::chrono::minutes(1) || *duration > std::chrono::hours(1)) {
            ctx.Report(v, fmt::format("{} per must be from 1m to 1h", where));
            return;
          }
          settings.per = *duration;
        }
      });
  if (!is_map) return;
  if (!after_given) {
    ctx.Report(node, fmt::format("{} needs after: (how many notifications per recipient go one "
                                 "by one in a window before the rest make a digest)",
                                 where));
    return;
  }
  digest = settings;
}

}  // namespace

void LoadChannels(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(
      section, "notifications", {}, [&](const YAML::Node& key, const YAML::Node& value) {
        if (!ctx.Define("channel", key.Scalar(), key)) return;
        core::Channel channel;
        channel.id = key.Scalar();
        const std::string what = fmt::format("channel \"{}\"", channel.id);
        std::optional<std::string> type;
        bool type_given = false;
        std::optional<Place> secret_at, smtp_at;
        const bool is_map = ctx.ForEachEntry(
            value, what, {"type", "from", "url", "format", "secret", "secret_env", "smtp", "retry",
                    "digest"},
            [&](const YAML::Node& k, const YAML::Node& v) {
              const std::string& name = k.Scalar();
              type_given = type_given || name == "type";
              if (name == "smtp") {
                smtp_at = ctx.PlaceOf(k);
                LoadSmtp(v, ctx, what, channel.smtp);
                return;
              }
              if (name == "retry") {
                LoadRetry(v, ctx, what, channel.retry);
                return;
              }
              if (name == "digest") {
                LoadDigest(v, ctx, what, channel.digest);
                return;
              }
              if (name == "secret_env") {
                secret_at = ctx.PlaceOf(k);
                if (auto env = EnvName(v, ctx, what + " secret_env")) channel.secret_env = *env;
                return;
              }
              auto text = ctx.Text(v, name);
              if (!text) return;
              if (name == "type") {
                if (*text != "email" && *text != "webhook") {
                  ctx.Report(
                      v, fmt::format("{} type must be email or webhook, got \"{}\"", what, *text));
                  return;
                }
                type = *text;
                channel.type =
                    *text == "email" ? core::ChannelType::kEmail : core::ChannelType::kWebhook;
              } else if (name == "from") {
                channel.from = *text;
              } else if (name == "secret") {
                secret_at = ctx.PlaceOf(k);
                channel.secret = *text;
              } else if (name == "url") {
                if (text->rfind("https://", 0) != 0 && text->rfind("http://", 0) != 0) {
                  ctx.Report(v, fmt::format("{} url must start with https:// or http://", what));
                }
                channel.url = *text;
              } else {
                if (*text != "generic" && *text != "slack" && *text != "mattermost" &&
                    *text != "teams") {
                  ctx.Report(
                      v, fmt::format("{} format must be generic, slack, mattermost or teams, got "
                                     "\"{}\"",
                                     what, *text));
                }
                channel.format = *text;
              }
            });
        if (!is_map) return;
        if (!type) {
          if (!type_given) ctx.Report(key, fmt::format("{} needs a type: email or webhook", what));
          return;
        }
        if (channel.type == core::ChannelType::kEmail) {
          if (channel.from.empty()) {
            ctx.Report(key, fmt::format("{} (email) needs from: the sender address", what));
          }
          if (secret_at) {
            ctx.ReportAt(*secret_at,
                         fmt::format("{} (email): only webhooks are signed with a secret", what));
          }
        } else {
          if (channel.url.empty()) ctx.Report(key, fmt::format("{} (webhook) needs url:", what));
          if (!channel.secret.empty() && !channel.secret_env.empty()) {
            ctx.ReportAt(*secret_at,
                         fmt::format("{} has both secret and secret_env: give one (prefer "
                                     "secret_env, which keeps the secret out of the file)",
                                     what));
          }
          if (smtp_at) {
            ctx.ReportAt(*smtp_at, fmt::format("{} (webhook): smtp is for email channels", what));
          }
        }
        policy.channels.push_back(std::move(channel));
      });
}

}  // namespace esc::policy
