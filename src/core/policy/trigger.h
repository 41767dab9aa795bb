// Triggers: the policy's when -> then rules. A trigger's conditions (all must hold) look
// at SLA clocks (a point relative to a target's deadline: a share used, the breach, a
// time before or after it), idle times (unassigned, no update), ticket facts (priority,
// category, tier, channel, replies, reopened, the customer's words and sentiment, a
// customer request to escalate). Its actions escalate, notify, set fields, or require
// management sign-off; unacknowledged escalations may repeat.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/policy/sla_policy.h"
#include "core/time.h"

namespace esc::core {

// A point on an SLA target's clock: `percent_used` of the target (75 = three quarters
// used, 100 = the deadline), optionally moved by `offset` of business time (+1h = one
// hour after the deadline).
struct SlaPoint {
  SlaTargetKind target = SlaTargetKind::kResolution;
  double percent_used = 100;
  Seconds offset{0};
};

struct TriggerConditions {
  std::optional<SlaPoint> sla;
  std::optional<Seconds> unassigned_for;
  std::optional<Seconds> no_update_for;
  std::vector<std::string> priorities, categories, tiers, channels;  // empty: any
  std::optional<int> customer_replies;       // at least this many customer replies
  std::optional<bool> reopened;
  std::vector<std::string> words;            // any of these words in the customer's text
  std::optional<double> sentiment_below;     // latest customer message's score < this
  std::optional<bool> customer_asked_to_escalate;
};

enum class EscalationKind { kNextLevel, kToTeam, kToLevel };

struct EscalateAction {
  EscalationKind kind = EscalationKind::kNextLevel;
  std::string target;  // team or level id for kToTeam / kToLevel
};

// Roles a notification may address, besides named people.
enum class RecipientRole { kAssignee, kTeam, kTeamLead, kManager, kCustomer, kOnCall };
std::string_view ToString(RecipientRole role);
std::optional<RecipientRole> ParseRecipientRole(std::string_view text);

struct NotifyAction {
  std::vector<RecipientRole> roles;
  std::vector<std::string> people;
  std::vector<std::string> channels;  // channel ids
};

struct SetPriorityAction { std::string priority; };
struct AssignAction { std::string team; };  // routed to a person within the team
struct TagAction { std::string tag; };
struct RequireSignoffAction {};

using TriggerAction = std::variant<EscalateAction, NotifyAction, SetPriorityAction, AssignAction,
                                   TagAction, RequireSignoffAction>;

struct Repeat {
  Seconds every{0};
  int times = 0;  // at most this many repeats after the first firing
};

struct Trigger {
  std::string name;
  TriggerConditions when;
  std::vector<TriggerAction> then;
  std::optional<Repeat> repeat;  // until the escalation is acknowledged
};

}  // namespace esc::core
