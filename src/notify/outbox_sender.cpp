#include "notify/outbox_sender.h"

#include <fmt/format.h>

#include <cstdlib>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <variant>

#include "notify/retry_schedule.h"
#include "notify/smtp_channel.h"
#include "notify/webhook_channel.h"

namespace esc::notify {
namespace {

using app::DeliveryOutcome;
using app::DeliveryStatus;

DeliveryOutcome ToOutcome(const DeliveryResult& result) {
  switch (result.status) {
    case notify::DeliveryStatus::kSent:
      return {DeliveryStatus::kSent, ""};
    case notify::DeliveryStatus::kRetryable:
      return {DeliveryStatus::kRetryable, result.reason};
    case notify::DeliveryStatus::kPermanent:
      break;
  }
  return {DeliveryStatus::kPermanent, result.reason};
}

// The value of environment variable `name`; an error naming it when it is not set.
std::expected<std::string, std::string> FromEnv(const std::string& name, const char* what) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    return std::unexpected(fmt::format("environment variable {} ({}) is not set", name, what));
  }
  return std::string(value);
}

// "smtp://host:port" / "smtps://host:port" -> config fields.
std::expected<SmtpConfig, std::string> SmtpFor(const core::Channel& channel) {
  SmtpConfig config;
  const core::SmtpServer& smtp = channel.smtp;
  std::string rest;
  if (smtp.url.starts_with("smtps://")) {
    config.security = SmtpSecurity::kImplicitTls;
    config.port = 465;
    rest = smtp.url.substr(8);
  } else if (smtp.url.starts_with("smtp://")) {
    config.security = smtp.starttls ? SmtpSecurity::kStartTls : SmtpSecurity::kNone;
    config.port = 25;
    rest = smtp.url.substr(7);
  } else {
    return std::unexpected(fmt::format("smtp url \"{}\" is not smtp:// or smtps://", smtp.url));
  }
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    const std::string digits = rest.substr(colon + 1);
    rest.resize(colon);
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string::npos || std::stoul(digits) > 65535) {
      return std::unexpected(fmt::format("smtp url \"{}\" has a bad port", smtp.url));
    }
    config.port = static_cast<std::uint16_t>(std::stoul(digits));
  }
  if (rest.empty()) return std::unexpected(fmt::format("smtp url \"{}\" has no host", smtp.url));
  config.host = rest;
  config.username = smtp.username;
  if (!smtp.password_env.empty()) {
    auto password = FromEnv(smtp.password_env, "the SMTP password");
    if (!password) return std::unexpected(password.error());
    config.password = *password;
  }
  config.ca_file = smtp.ca_file;
  config.from = channel.from;
  const std::string address = BareAddress(channel.from);
  const auto at = address.rfind('@');
  config.domain = at == std::string::npos ? "localhost" : address.substr(at + 1);
  return config;
}

std::expected<WebhookConfig, std::string> WebhookFor(const core::Channel& channel) {
  WebhookConfig config;
  config.url = channel.url;
  const auto format = ParseWebhookFormat(channel.format);
  if (!format) return std::unexpected(fmt::format("unknown webhook format \"{}\"", channel.format));
  config.format = *format;
  config.secret = channel.secret;
  if (!channel.secret_env.empty()) {
    auto secret = FromEnv(channel.secret_env, "the webhook secret");
    if (!secret) return std::unexpected(secret.error());
    config.secret = *secret;
  }
  return config;
}

using ChannelObject = std::variant<std::string, std::unique_ptr<WebhookChannel>,
                                   std::unique_ptr<SmtpChannel>>;  // string: why it failed

class OutboxSender final : public app::NotificationSender {
 public:
  explicit OutboxSender(const TemplateSet& templates) : templates_(templates) {}

  DeliveryOutcome Send(const app::OutgoingNotification& n, const core::Policy& policy,
                       core::Instant now) override {
    const core::Channel* channel = policy.FindChannel(n.channel_id);
    if (!channel) {
      return {DeliveryStatus::kPermanent,
              fmt::format("channel \"{}\" is not in the running policy", n.channel_id)};
    }
    const auto context = nlohmann::json::parse(n.context, nullptr, false);
    auto rendered =
        templates_.Render(n.kind, context.is_object() ? context : nlohmann::json::object());
    if (!rendered) {
      return {DeliveryStatus::kPermanent,
              fmt::format("template \"{}\": {}", n.kind, rendered.error().message)};
    }
    Notification notification;
    notification.outbox_id = n.outbox_id;
    notification.idempotency_key = IdempotencyKey(n.outbox_id);
    notification.kind = n.kind;
    notification.recipient = n.address;
    notification.ticket_key = n.ticket_key;
    notification.ticket_url = n.ticket_url;
    notification.subject = std::move(rendered->subject);
    notification.text = std::move(rendered->text);
    notification.html = std::move(rendered->html);
    notification.created_at = n.created_at;
    if (context.is_object() && context.contains("items") && context["items"].is_array()) {
      notification.digest_items = context["items"].dump();
    }
    if (context.is_object() && context.contains("ticket")) {
      const auto& ticket = context["ticket"];
      for (const auto& [label, key] : {std::pair{"Priority", "priority"}, std::pair{"Team", "team"},
                                       std::pair{"Level", "level"}}) {
        if (ticket.contains(key) && ticket[key].is_string() &&
            !ticket[key].get<std::string>().empty()) {
          notification.facts.emplace_back(label, ticket[key].get<std::string>());
        }
      }
    }
    ChannelObject& object = ChannelFor(policy, *channel);
    if (const auto* failed = std::get_if<std::string>(&object)) {
      return {DeliveryStatus::kPermanent, *failed};
    }
    if (auto* webhook = std::get_if<std::unique_ptr<WebhookChannel>>(&object)) {
      return ToOutcome((*webhook)->Send(notification, now));
    }
    return ToOutcome(std::get<std::unique_ptr<SmtpChannel>>(object)->Send(notification, now));
  }

 private:
  // The channel object for `channel` under this policy version, built on first use.
  ChannelObject& ChannelFor(const core::Policy& policy, const core::Channel& channel) {
    if (policy.version != version_) {
      channels_.clear();
      version_ = policy.version;
    }
    auto found = channels_.find(channel.id);
    if (found != channels_.end()) return found->second;
    ChannelObject object;
    if (channel.type == core::ChannelType::kWebhook) {
      auto config = WebhookFor(channel);
      if (config) {
        object = std::make_unique<WebhookChannel>(std::move(*config));
      } else {
        object = config.error();
      }
    } else {
      auto config = SmtpFor(channel);
      if (config) {
        object = std::make_unique<SmtpChannel>(std::move(*config));
      } else {
        object = config.error();
      }
    }
    return channels_.emplace(channel.id, std::move(object)).first->second;
  }

  const TemplateSet& templates_;
  std::string version_;
  std::map<std::string, ChannelObject> channels_;
};

}  // namespace

OutboxDeliveryPort::OutboxDeliveryPort(TemplateSet templates, std::function<double()> random)
    : templates_(std::move(templates)), random_(std::move(random)) {}

std::unique_ptr<app::NotificationSender> OutboxDeliveryPort::NewSender() {
  return std::make_unique<OutboxSender>(templates_);
}

double OutboxDeliveryPort::Random() {
  if (random_) return random_();
  std::lock_guard lock(random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

std::optional<core::Seconds> OutboxDeliveryPort::RetryDelay(const core::RetrySettings& retry,
                                                            int failed_attempts) {
  const RetryPolicy policy{retry.backoff, retry.max_backoff, retry.attempts, Jitter::kFull};
  return NextRetryDelay(policy, failed_attempts, core::Seconds{0}, [this] { return Random(); });
}

}  // namespace esc::notify
