// Escalation paths and notification channels of a policy. A path is the ordered list of
// places a case of one category moves through when nobody resolves it: teams (functional
// moves, possibly to an external vendor or regulator) and levels (hierarchical moves to
// whoever is on call or routed there), each with the business time it has before the
// next step takes over. Channels name where notifications go and how the outbox worker
// delivers there: the SMTP relay of an email channel, the signing secret of a webhook
// (by environment variable name, so secrets stay out of the file), and the retries.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/policy/trigger.h"
#include "core/time.h"

namespace esc::core {

struct PathStep {
  std::optional<std::string> team;   // a functional step to this team ...
  std::optional<std::string> level;  // ... or a hierarchical step to this level
  std::optional<Seconds> time;       // business time before the next step; none on the last
  // What the engine does when `time` runs out: escalate to the next step (filled by the
  // loader; empty on the last step).
  std::vector<TriggerAction> hand_over;
};

struct EscalationPath {
  std::string category;  // a category id, or "default" for every other category
  std::vector<PathStep> steps;
};

enum class ChannelType { kEmail, kWebhook };

// How often and how patiently a channel's notifications are tried: exponential backoff
// from `backoff`, capped at `max_backoff`, with jitter; after `attempts` the row is dead.
struct RetrySettings {
  int attempts = 8;              // attempts in all, the first one included
  Seconds backoff{30};           // the scale of the first retry delay
  Seconds max_backoff{3600};     // no delay is longer
};

// The SMTP relay an email channel hands its mail to.
struct SmtpServer {
  std::string url = "smtp://localhost:25";  // smtp://host:port, or smtps:// (implicit TLS)
  bool starttls = false;                    // smtp://: require STARTTLS
  std::string username;                     // empty: no AUTH
  std::string password_env;                 // environment variable holding the password
  std::string ca_file;                      // extra trust anchor; empty: the system's
};

struct Channel {
  std::string id;
  ChannelType type = ChannelType::kEmail;
  std::string from;                  // email: sender address
  std::string url;                   // webhook: target URL
  std::string format = "generic";    // webhook: generic, slack, mattermost or teams
  std::string secret;                // webhook: HMAC key written in the file (prefer secret_env)
  std::string secret_env;            // webhook: environment variable holding the HMAC key
  SmtpServer smtp;                   // email
  RetrySettings retry;
  // Beyond `after` notifications to one recipient in a window of `per` (windows aligned
  // to the epoch), the further ones of that window go as one digest at its end.
  struct Digest {
    int after = 10;
    Seconds per{60};
  };
  std::optional<Digest> digest;  // nullopt: every notification goes on its own
};

}  // namespace esc::core
