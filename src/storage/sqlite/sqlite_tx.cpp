#include "storage/sqlite/sqlite_tx.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/sqlite/row_binding.h"
#include "storage/sqlite/ticket_rows.h"

namespace esc::storage {
namespace {

using app::Instant;

std::string TicketSelect(std::string_view rest) {
  return fmt::format("SELECT id, {} FROM tickets {}", kTicketColumns, rest);
}

app::CustomerRecord ReadCustomer(SQLite::Statement& s) {
  Reader r(s);
  app::CustomerRecord c;
  c.id = r.Int();
  c.name = r.Text();
  c.tier = r.Text();
  c.created_at = r.At();
  return c;
}

constexpr const char* kUserColumns =
    "id, username, display_name, email, role, customer_id, password_hash, disabled, created_at";

app::UserRecord ReadUser(SQLite::Statement& s) {
  Reader r(s);
  app::UserRecord u;
  u.id = r.Int();
  u.username = r.Text();
  u.display_name = r.Text();
  u.email = r.Text();
  u.role = app::ParseRole(r.Text()).value_or(app::Role::kCustomer);
  u.customer_id = r.MaybeInt();
  u.password_hash = r.Text();
  u.disabled = r.Bool();
  u.created_at = r.At();
  return u;
}

constexpr const char* kTokenColumns =
    "id, user_id, name, token_digest, created_at, last_used_at, revoked, scope";

app::ApiTokenRecord ReadToken(SQLite::Statement& s) {
  Reader r(s);
  app::ApiTokenRecord t;
  t.id = r.Int();
  t.user_id = r.Int();
  t.name = r.Text();
  t.token_digest = r.Text();
  t.created_at = r.At();
  t.last_used_at = r.MaybeAt();
  t.revoked = r.Bool();
  t.scope = r.Text();
  return t;
}

app::AuditEvent ReadEvent(SQLite::Statement& s) {
  Reader r(s);
  app::AuditEvent e;
  e.id = r.Int();
  e.ticket_id = r.Int();
  e.at = r.At();
  e.actor = r.Text();
  e.kind = r.Text();
  e.data = r.Text();
  return e;
}

constexpr const char* kEscalationColumns =
    "id, ticket_id, at, type, from_team, from_level, to_team, to_level, reason, trigger, by, "
    "acknowledged_at, acknowledged_by";

app::EscalationRecord ReadEscalation(SQLite::Statement& s) {
  Reader r(s);
  app::EscalationRecord e;
  e.id = r.Int();
  e.ticket_id = r.Int();
  e.at = r.At();
  e.type = r.Text();
  e.from_team = r.Text();
  e.from_level = r.Text();
  e.to_team = r.Text();
  e.to_level = r.Text();
  e.reason = r.Text();
  e.trigger = r.Text();
  e.by = r.Text();
  e.acknowledged_at = r.MaybeAt();
  e.acknowledged_by = r.Text();
  return e;
}

constexpr const char* kOutboxColumns =
    "id, ticket_id, created_at, send_at, event, recipient, role, channel, payload, state, "
    "attempts, last_error, last_attempt_at, sent_at, due_at, digest_id";

app::OutboxRecord ReadOutbox(SQLite::Statement& s) {
  Reader r(s);
  app::OutboxRecord o;
  o.id = r.Int();
  o.ticket_id = r.Int();
  o.created_at = r.At();
  o.send_at = r.At();
  o.event = r.Text();
  o.recipient = r.Text();
  o.role = r.Text();
  o.channel = r.Text();
  o.payload = r.Text();
  o.state = r.Text();
  o.attempts = r.SmallInt();
  o.last_error = r.Text();
  o.last_attempt_at = r.MaybeAt();
  o.sent_at = r.MaybeAt();
  o.due_at = r.MaybeAt();
  o.digest_id = r.MaybeInt();
  return o;
}

// Channel ids as a JSON array of strings.
std::string ChannelList(const std::vector<std::string>& channels) {
  return nlohmann::json(channels).dump();
}

std::vector<std::string> ParseChannelList(const std::string& text) {
  const auto list = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

core::NotificationPreferences ReadPreferences(SQLite::Statement& s) {
  Reader r(s);
  core::NotificationPreferences p;
  p.channels = ParseChannelList(r.Text());
  auto from = r.MaybeInt();
  auto to = r.MaybeInt();
  auto timezone = r.MaybeText();
  if (from && to && timezone) {
    p.quiet_hours = core::PersonalQuietHours{static_cast<std::int32_t>(*from),
                                             static_cast<std::int32_t>(*to), *timezone};
  }
  return p;
}

template <typename T, typename ReadFn>
std::vector<T> All(SQLite::Statement& s, ReadFn read) {
  std::vector<T> out;
  while (s.executeStep()) out.push_back(read(s));
  return out;
}

template <typename T, typename ReadFn>
std::optional<T> One(SQLite::Statement& s, ReadFn read) {
  if (!s.executeStep()) return std::nullopt;
  return read(s);
}

// The WHERE clause of a ticket filter, with its parameters bound in order by `bind`.
struct FilterSql {
  std::string where;
  std::vector<std::string> texts;
  std::vector<std::int64_t> ints;
  std::vector<bool> is_text;  // in parameter order
};

// FTS5 query of the words of `text`, each quoted (so operators in user text are words).
std::string FtsQuery(const std::string& text) {
  std::string query;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!query.empty()) query += ' ';
    query += '"' + word + "\"*";
    word.clear();
  };
  for (char ch : text) {
    if (ch == '"' || ch == ' ' || ch == '\t' || ch == '\n') {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return query;
}

FilterSql BuildFilter(const app::TicketFilter& f) {
  FilterSql sql;
  std::vector<std::string> parts;
  auto text = [&](std::string clause, const std::string& value) {
    parts.push_back(std::move(clause));
    sql.texts.push_back(value);
    sql.is_text.push_back(true);
  };
  auto integer = [&](std::string clause, std::int64_t value) {
    parts.push_back(std::move(clause));
    sql.ints.push_back(value);
    sql.is_text.push_back(false);
  };
  if (f.open_only) parts.push_back("open = 1");
  if (!f.statuses.empty()) {
    std::string in;
    for (auto status : f.statuses) {
      in += in.empty() ? "'" : ", '";
      in += std::string(core::ToString(status)) + "'";
    }
    parts.push_back("status IN (" + in + ")");
  }
  if (f.team) text("team = ?", *f.team);
  if (f.level) text("level = ?", *f.level);
  if (f.priority) text("priority = ?", *f.priority);
  if (f.category) text("category = ?", *f.category);
  if (f.assignee) text("assignee = ?", *f.assignee);
  if (f.channel) text("channel = ?", *f.channel);
  if (f.customer_id) integer("customer_id = ?", *f.customer_id);
  if (f.created_from) integer("created_at >= ?", core::ToEpochSeconds(*f.created_from));
  if (f.created_to) integer("created_at < ?", core::ToEpochSeconds(*f.created_to));
  if (f.after_id) integer("id > ?", *f.after_id);
  if (f.breached) parts.push_back(*f.breached ? "breached = 1" : "breached = 0");
  if (f.at_risk) parts.push_back("sla_state = 'at_risk'");
  if (f.due_from) integer("next_deadline >= ?", core::ToEpochSeconds(*f.due_from));
  if (f.due_before) integer("next_deadline < ?", core::ToEpochSeconds(*f.due_before));
  if (f.signoff_state) text("signoff_state = ?", *f.signoff_state);
  if (f.escalated_only) parts.push_back("open = 1 AND arrived_by_escalation = 1");
  if (f.text) {
    const std::string query = FtsQuery(*f.text);
    if (!query.empty()) {
      text("id IN (SELECT rowid FROM tickets_text WHERE tickets_text MATCH ?)", query);
    }
  }
  for (const auto& part : parts) {
    sql.where += sql.where.empty() ? "WHERE " : " AND ";
    sql.where += part;
  }
  return sql;
}

void BindFilter(SQLite::Statement& s, const FilterSql& sql) {
  std::size_t t = 0, i = 0;
  int index = 0;
  for (bool is_text : sql.is_text) {
    if (is_text) {
      s.bind(++index, sql.texts[t++]);
    } else {
      s.bind(++index, sql.ints[i++]);
    }
  }
}

}  // namespace

Result<Id> SqliteTx::InsertCustomer(const app::CustomerRecord& customer) {
  auto& s = c_.Prepare("INSERT INTO customers(name, tier, created_at) VALUES (?, ?, ?)");
  Binder{s}(customer.name)(customer.tier)(customer.created_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::optional<app::CustomerRecord>> SqliteTx::FindCustomer(Id id) {
  auto& s = c_.Prepare("SELECT id, name, tier, created_at FROM customers WHERE id = ?");
  Binder{s}(id);
  return One<app::CustomerRecord>(s, ReadCustomer);
}

Result<std::vector<app::CustomerRecord>> SqliteTx::ListCustomers(int limit, int offset) {
  auto& s = c_.Prepare(
      "SELECT id, name, tier, created_at FROM customers ORDER BY id LIMIT ? OFFSET ?");
  Binder{s}(limit)(offset);
  return All<app::CustomerRecord>(s, ReadCustomer);
}

Result<std::optional<app::CustomerRecord>> SqliteTx::FindCustomerByName(const std::string& name) {
  auto& s = c_.Prepare(
      "SELECT id, name, tier, created_at FROM customers WHERE name = ? ORDER BY id LIMIT 1");
  Binder{s}(name);
  return One<app::CustomerRecord>(s, ReadCustomer);
}

Result<std::optional<app::UserRecord>> SqliteTx::FindContactByEmail(const std::string& address) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM users WHERE lower(email) = lower(?) AND role = 'customer' "
      "ORDER BY id LIMIT 1",
      kUserColumns));
  Binder{s}(address);
  return One<app::UserRecord>(s, ReadUser);
}

Result<Id> SqliteTx::InsertUser(const app::UserRecord& user) {
  auto& s = c_.Prepare(
      "INSERT INTO users(username, display_name, email, role, customer_id, password_hash, "
      "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(user.username)(user.display_name)(user.email)(std::string(app::ToString(user.role)))(
      user.customer_id)(user.password_hash)(user.disabled)(user.created_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<void> SqliteTx::UpdateUser(const app::UserRecord& user) {
  auto& s = c_.Prepare(
      "UPDATE users SET display_name = ?, email = ?, role = ?, customer_id = ?, "
      "password_hash = ?, disabled = ? WHERE id = ?");
  Binder{s}(user.display_name)(user.email)(std::string(app::ToString(user.role)))(
      user.customer_id)(user.password_hash)(user.disabled)(user.id);
  if (s.exec() == 0) return std::unexpected(core::Error::NotFound("no such user"));
  return {};
}

Result<std::optional<app::UserRecord>> SqliteTx::FindUser(Id id) {
  auto& s = c_.Prepare(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  Binder{s}(id);
  return One<app::UserRecord>(s, ReadUser);
}

Result<std::optional<std::string>> SqliteTx::FindSecret(const std::string& name) {
  auto& s = c_.Prepare("SELECT value FROM secrets WHERE name = ?");
  Binder{s}(name);
  if (!s.executeStep()) return std::optional<std::string>();
  const SQLite::Column value = s.getColumn(0);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(value.getBlob()), static_cast<std::size_t>(value.getBytes())));
}

Result<void> SqliteTx::InsertSecret(const std::string& name, const std::string& value) {
  auto& s = c_.Prepare("INSERT INTO secrets(name, value) VALUES (?, ?) ON CONFLICT DO NOTHING");
  s.bind(1, name);
  s.bind(2, value.data(), static_cast<int>(value.size()));
  s.exec();
  return {};
}

Result<std::optional<app::UserRecord>> SqliteTx::FindUserByName(const std::string& username) {
  auto& s = c_.Prepare(fmt::format("SELECT {} FROM users WHERE username = ?", kUserColumns));
  Binder{s}(username);
  return One<app::UserRecord>(s, ReadUser);
}

Result<std::vector<app::UserRecord>> SqliteTx::ListUsers(std::optional<Id> customer_id, int limit,
                                                         int offset) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM users WHERE (?1 IS NULL OR customer_id = ?1) ORDER BY id LIMIT ?2 OFFSET ?3",
      kUserColumns));
  Binder{s}(customer_id)(limit)(offset);
  return All<app::UserRecord>(s, ReadUser);
}

Result<std::int64_t> SqliteTx::CountUsers() {
  auto& s = c_.Prepare("SELECT count(*) FROM users");
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<void> SqliteTx::InsertSession(const app::SessionRecord& session) {
  auto& s = c_.Prepare(
      "INSERT INTO sessions(token_digest, user_id, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)");
  Binder{s}(session.token_digest)(session.user_id)(session.csrf_token)(session.created_at)(
      session.expires_at);
  s.exec();
  return {};
}

Result<std::optional<app::SessionRecord>> SqliteTx::FindSession(const std::string& digest) {
  auto& s = c_.Prepare(
      "SELECT token_digest, user_id, csrf_token, created_at, expires_at FROM sessions "
      "WHERE token_digest = ?");
  Binder{s}(digest);
  return One<app::SessionRecord>(s, [](SQLite::Statement& st) {
    Reader r(st);
    app::SessionRecord session;
    session.token_digest = r.Text();
    session.user_id = r.Int();
    session.csrf_token = r.Text();
    session.created_at = r.At();
    session.expires_at = r.At();
    return session;
  });
}

Result<void> SqliteTx::DeleteSession(const std::string& digest) {
  auto& s = c_.Prepare("DELETE FROM sessions WHERE token_digest = ?");
  Binder{s}(digest);
  s.exec();
  return {};
}

Result<void> SqliteTx::DeleteExpiredSessions(Instant now) {
  auto& s = c_.Prepare("DELETE FROM sessions WHERE expires_at <= ?");
  Binder{s}(now);
  s.exec();
  return {};
}

Result<Id> SqliteTx::InsertApiToken(const app::ApiTokenRecord& token) {
  auto& s = c_.Prepare(
      "INSERT INTO api_tokens(user_id, name, token_digest, created_at, last_used_at, revoked, "
      "scope) VALUES (?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(token.user_id)(token.name)(token.token_digest)(token.created_at)(token.last_used_at)(
      token.revoked)(token.scope);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::optional<app::ApiTokenRecord>> SqliteTx::FindApiToken(const std::string& digest) {
  auto& s =
      c_.Prepare(fmt::format("SELECT {} FROM api_tokens WHERE token_digest = ?", kTokenColumns));
  Binder{s}(digest);
  return One<app::ApiTokenRecord>(s, ReadToken);
}

Result<std::vector<app::ApiTokenRecord>> SqliteTx::ListApiTokens(std::optional<Id> user_id) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM api_tokens WHERE (?1 IS NULL OR user_id = ?1) ORDER BY id", kTokenColumns));
  Binder{s}(user_id);
  return All<app::ApiTokenRecord>(s, ReadToken);
}

Result<void> SqliteTx::RevokeApiToken(Id id) {
  auto& s = c_.Prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?");
  Binder{s}(id);
  if (s.exec() == 0) return std::unexpected(core::Error::NotFound("no such API token"));
  return {};
}

Result<Id> SqliteTx::InsertTicket(app::TicketRecord& ticket) {
  // The key needs the id: take the next rowid inside this (serialized) transaction.
  auto& next = c_.Prepare("SELECT coalesce(max(id), 0) + 1 FROM tickets");
  next.executeStep();
  ticket.id = next.getColumn(0).getInt64();
  next.reset();
  ticket.key = fmt::format("ESC-{}", ticket.id);
  std::string placeholders;
  for (int i = 0; i < TicketColumnCount(); ++i) placeholders += "?, ";
  auto& s = c_.Prepare(
      fmt::format("INSERT INTO tickets({}, id) VALUES ({}?)", kTicketColumns, placeholders));
  BindTicket(s, ticket);
  s.bind(TicketColumnCount() + 1, ticket.id);
  s.exec();
  new_tickets_.push_back(ticket.id);
  return ticket.id;
}

Result<std::optional<app::TicketRecord>> SqliteTx::FindTicket(Id id) {
  auto& s = c_.Prepare(TicketSelect("WHERE id = ?"));
  Binder{s}(id);
  return One<app::TicketRecord>(s, ReadTicket);
}

Result<std::optional<app::TicketRecord>> SqliteTx::FindTicketByKey(const std::string& key) {
  auto& s = c_.Prepare(TicketSelect("WHERE key = ?"));
  Binder{s}(key);
  return One<app::TicketRecord>(s, ReadTicket);
}

Result<std::optional<app::TicketRecord>> SqliteTx::FindByIdempotencyKey(Id requester,
                                                                        const std::string& key) {
  auto& s = c_.Prepare(TicketSelect("WHERE requester_id = ? AND idempotency_key = ?"));
  Binder{s}(requester)(key);
  return One<app::TicketRecord>(s, ReadTicket);
}

Result<void> SqliteTx::UpdateTicket(const app::TicketRecord& ticket) {
  static const std::string sql = [] {
    std::string assignments;
    std::string columns = kTicketColumns;
    std::size_t start = 0;
    while (start < columns.size()) {
      std::size_t end = columns.find(", ", start);
      if (end == std::string::npos) end = columns.size();
      if (!assignments.empty()) assignments += ", ";
      assignments += columns.substr(start, end - start) + " = ?";
      start = end + 2;
    }
    return "UPDATE tickets SET " + assignments + " WHERE id = ? AND version = ?";
  }();
  auto& s = c_.Prepare(sql);
  BindTicket(s, ticket);
  s.bind(TicketColumnCount() + 1, ticket.id);
  s.bind(TicketColumnCount() + 2, ticket.version - 1);
  if (s.exec() == 0) {
    return std::unexpected(core::Error::Conflict(
        fmt::format("ticket {} was changed by someone else", ticket.key), "version"));
  }
  return {};
}

Result<std::vector<app::TicketRecord>> SqliteTx::ListTickets(const app::TicketFilter& filter) {
  const FilterSql where = BuildFilter(filter);
  const char* order = "next_deadline, id";
  switch (filter.sort) {
    case app::TicketFilter::Sort::kDeadline: break;
    case app::TicketFilter::Sort::kNewest: order = "id DESC"; break;
    case app::TicketFilter::Sort::kOldest: order = "id"; break;
    case app::TicketFilter::Sort::kUpdated: order = "updated_at DESC, id DESC"; break;
  }
  auto& s = c_.Prepare(TicketSelect(fmt::format("{} ORDER BY {} LIMIT {} OFFSET {}", where.where,
                                                order, filter.limit, filter.offset)));
  BindFilter(s, where);
  return All<app::TicketRecord>(s, ReadTicket);
}

Result<std::int64_t> SqliteTx::CountTickets(const app::TicketFilter& filter,
                                            std::int64_t at_most) {
  const FilterSql where = BuildFilter(filter);
  auto& s = c_.Prepare("SELECT count(*) FROM (SELECT 1 FROM tickets " + where.where + " LIMIT ?)");
  BindFilter(s, where);
  s.bind(static_cast<int>(where.is_text.size()) + 1, at_most);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<std::int64_t> SqliteTx::CountOpenEscalations(const std::string& scope,
                                                    const std::string& id, Id except) {
  // The column is chosen from two literals, never from the caller's text.
  const char* sql = nullptr;
  if (scope == "level") {
    sql = "SELECT count(*) FROM tickets WHERE open = 1 AND arrived_by_escalation = 1 "
          "AND level = ? AND id <> ?";
  } else if (scope == "team") {
    sql = "SELECT count(*) FROM tickets WHERE open = 1 AND arrived_by_escalation = 1 "
          "AND team = ? AND id <> ?";
  } else {
    return std::unexpected(core::Error::Invalid("a limit is on a level or a team, not " + scope));
  }
  auto& s = c_.Prepare(sql);
  Binder{s}(id)(except);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<std::optional<app::TicketRecord>> SqliteTx::OldestQueued(const std::string& scope,
                                                                const std::string& id) {
  auto& s = c_.Prepare(TicketSelect(
      "WHERE queued_limit_scope = ? AND queued_limit_id = ? AND queued_sequence IS NOT NULL "
      "AND open = 1 ORDER BY queued_sequence LIMIT 1"));
  Binder{s}(scope)(id);
  return One<app::TicketRecord>(s, ReadTicket);
}

Result<std::int64_t> SqliteTx::NextQueueSequence() {
  auto& s = c_.Prepare(
      "SELECT coalesce(max(queued_sequence), 0) + 1 FROM tickets "
      "WHERE queued_sequence IS NOT NULL");
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<Id> SqliteTx::AppendEvent(const app::AuditEvent& event) {
  auto& s =
      c_.Prepare("INSERT INTO ticket_events(ticket_id, at, actor, kind, data) VALUES (?, ?, ?, ?, ?)");
  Binder{s}(event.ticket_id)(event.at)(event.actor)(event.kind)(event.data);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::AuditEvent>> SqliteTx::Events(Id ticket_id) {
  auto& s = c_.Prepare(
      "SELECT id, ticket_id, at, actor, kind, data FROM ticket_events WHERE ticket_id = ? "
      "ORDER BY id");
  Binder{s}(ticket_id);
  return All<app::AuditEvent>(s, ReadEvent);
}

Result<Id> SqliteTx::InsertMessage(const app::MessageRecord& m) {
  auto& s = c_.Prepare(
      "INSERT INTO messages(ticket_id, at, author, from_customer, internal, body, channel, "
      "sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(m.ticket_id)(m.at)(m.author)(m.from_customer)(m.internal)(m.body)(m.channel)(
      m.sentiment);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::MessageRecord>> SqliteTx::Messages(Id ticket_id, bool include_internal) {
  auto& s = c_.Prepare(
      "SELECT id, ticket_id, at, author, from_customer, internal, body, channel, sentiment "
      "FROM messages "
      "WHERE ticket_id = ? AND (? OR internal = 0) ORDER BY id");
  Binder{s}(ticket_id)(include_internal);
  return All<app::MessageRecord>(s, [](SQLite::Statement& st) {
    Reader r(st);
    app::MessageRecord m;
    m.id = r.Int();
    m.ticket_id = r.Int();
    m.at = r.At();
    m.author = r.Text();
    m.from_customer = r.Bool();
    m.internal = r.Bool();
    m.body = r.Text();
    m.channel = r.Text();
    m.sentiment = r.MaybeReal();
    return m;
  });
}

Result<Id> SqliteTx::InsertEscalation(const app::EscalationRecord& e) {
  auto& s = c_.Prepare(
      "INSERT INTO escalations(ticket_id, at, type, from_team, from_level, to_team, to_level, "
      "reason, trigger, by, acknowledged_at, acknowledged_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(e.ticket_id)(e.at)(e.type)(e.from_team)(e.from_level)(e.to_team)(e.to_level)(
      e.reason)(e.trigger)(e.by)(e.acknowledged_at)(e.acknowledged_by);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<void> SqliteTx::UpdateEscalation(const app::EscalationRecord& e) {
  auto& s = c_.Prepare(
      "UPDATE escalations SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?");
  Binder{s}(e.acknowledged_at)(e.acknowledged_by)(e.id);
  s.exec();
  return {};
}

Result<std::vector<app::EscalationRecord>> SqliteTx::Escalations(Id ticket_id) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM escalations WHERE ticket_id = ? ORDER BY id", kEscalationColumns));
  Binder{s}(ticket_id);
  return All<app::EscalationRecord>(s, ReadEscalation);
}

Result<void> SqliteTx::InsertFired(const app::FiredRecord& f) {
  auto& s = c_.Prepare(
      "INSERT INTO fired(ticket_id, trigger, occurrence, repeat, at, policy_version) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  Binder{s}(f.ticket_id)(f.trigger)(f.occurrence)(f.repeat)(f.at)(f.policy_version);
  s.exec();
  return {};
}

Result<std::vector<app::FiredRecord>> SqliteTx::Fired(Id ticket_id) {
  auto& s = c_.Prepare(
      "SELECT ticket_id, trigger, occurrence, repeat, at, policy_version FROM fired "
      "WHERE ticket_id = ? ORDER BY at, rowid");
  Binder{s}(ticket_id);
  return All<app::FiredRecord>(s, [](SQLite::Statement& st) {
    Reader r(st);
    app::FiredRecord f;
    f.ticket_id = r.Int();
    f.trigger = r.Text();
    f.occurrence = r.Text();
    f.repeat = r.SmallInt();
    f.at = r.At();
    f.policy_version = r.Text();
    return f;
  });
}

Result<Id> SqliteTx::InsertLink(const app::LinkRecord& l) {
  auto& s = c_.Prepare(
      "INSERT INTO links(ticket_id, kind, title, url, other_ticket, at, by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(l.ticket_id)(l.kind)(l.title)(l.url)(l.other_ticket)(l.at)(l.by);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::LinkRecord>> SqliteTx::Links(Id ticket_id) {
  auto& s = c_.Prepare(
      "SELECT id, ticket_id, kind, title, url, other_ticket, at, by FROM links "
      "WHERE ticket_id = ? ORDER BY id");
  Binder{s}(ticket_id);
  return All<app::LinkRecord>(s, [](SQLite::Statement& st) {
    Reader r(st);
    app::LinkRecord l;
    l.id = r.Int();
    l.ticket_id = r.Int();
    l.kind = r.Text();
    l.title = r.Text();
    l.url = r.Text();
    l.other_ticket = r.MaybeInt();
    l.at = r.At();
    l.by = r.Text();
    return l;
  });
}

Result<Id> SqliteTx::InsertOutbox(const app::OutboxRecord& o) {
  auto& s = c_.Prepare(
      "INSERT INTO outbox(ticket_id, created_at, send_at, event, recipient, role, channel, "
      "payload, state, attempts, due_at, digest_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(o.ticket_id)(o.created_at)(o.send_at)(o.event)(o.recipient)(o.role)(o.channel)(
      o.payload)(o.state)(o.attempts)(o.due_at.value_or(o.send_at))(o.digest_id);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::OutboxRecord>> SqliteTx::Outbox(std::optional<Id> ticket_id,
                                                        const std::string& state, int limit) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM outbox WHERE (?1 IS NULL OR ticket_id = ?1) AND (?2 = '' OR state = ?2) "
      "ORDER BY id LIMIT ?3",
      kOutboxColumns));
  Binder{s}(ticket_id)(state)(limit);
  return All<app::OutboxRecord>(s, ReadOutbox);
}

Result<std::int64_t> SqliteTx::CountOutbox(const std::string& state) {
  auto& s = c_.Prepare("SELECT count(*) FROM outbox WHERE state = ?");
  Binder{s}(state);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<std::vector<app::OutboxRecord>> SqliteTx::DueOutbox(app::Instant now, int limit) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM outbox WHERE state = 'pending' AND send_at <= ? ORDER BY send_at, id "
      "LIMIT ?",
      kOutboxColumns));
  Binder{s}(now)(limit);
  return All<app::OutboxRecord>(s, ReadOutbox);
}

Result<std::optional<app::Instant>> SqliteTx::NextOutboxSendAt() {
  auto& s = c_.Prepare("SELECT min(send_at) FROM outbox WHERE state = 'pending'");
  s.executeStep();
  Reader r(s);
  return r.MaybeAt();
}

Result<std::optional<app::OutboxRecord>> SqliteTx::FindOutbox(Id id) {
  auto& s = c_.Prepare(fmt::format("SELECT {} FROM outbox WHERE id = ?", kOutboxColumns));
  Binder{s}(id);
  return One<app::OutboxRecord>(s, ReadOutbox);
}

Result<std::vector<app::OutboxRecord>> SqliteTx::OutboxPage(const std::string& state, int limit,
                                                            int offset) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM outbox WHERE (?1 = '' OR state = ?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3",
      kOutboxColumns));
  Binder{s}(state)(limit)(offset);
  return All<app::OutboxRecord>(s, ReadOutbox);
}

Result<void> SqliteTx::UpdateOutboxDelivery(const app::OutboxRecord& o) {
  auto& s = c_.Prepare(
      "UPDATE outbox SET state = ?, attempts = ?, send_at = ?, last_error = ?, "
      "last_attempt_at = ?, sent_at = ? WHERE id = ?");
  Binder{s}(o.state)(o.attempts)(o.send_at)(o.last_error)(o.last_attempt_at)(o.sent_at)(o.id);
  s.exec();
  if (c_.db().getChanges() == 0) {
    return std::unexpected(core::Error::NotFound(fmt::format("no notification {}", o.id)));
  }
  return {};
}

Result<std::vector<app::OutboxRecord>> SqliteTx::DigestCandidates(
    app::Instant now, const std::vector<std::string>& channels, int limit) {
  if (channels.empty()) return std::vector<app::OutboxRecord>{};
  std::string marks;
  for (std::size_t i = 0; i < channels.size(); ++i) marks += i == 0 ? "?" : ", ?";
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM outbox WHERE state = 'pending' AND attempts = 0 AND digest_id IS NULL "
      "AND role NOT IN ('customer', 'digest') AND due_at <= ? AND channel IN ({}) "
      "ORDER BY due_at, id LIMIT ?",
      kOutboxColumns, marks));
  Binder bind{s};
  bind(now);
  for (const auto& channel : channels) bind(channel);
  bind(limit);
  return All<app::OutboxRecord>(s, ReadOutbox);
}

Result<std::int64_t> SqliteTx::CountAloneBefore(const app::OutboxRecord& row, app::Instant from,
                                                app::Instant to) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM outbox WHERE recipient = ?1 AND channel = ?2 AND due_at >= ?3 "
      "AND due_at < ?4 AND (due_at < ?5 OR (due_at = ?5 AND id < ?6)) AND digest_id IS NULL "
      "AND role NOT IN ('customer', 'digest')");
  Binder{s}(row.recipient)(row.channel)(from)(to)(row.due_at.value_or(row.send_at))(row.id);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<std::optional<Id>> SqliteTx::FindOpenDigest(const std::string& recipient,
                                                   const std::string& channel,
                                                   app::Instant window_start) {
  auto& s = c_.Prepare(
      "SELECT id FROM outbox WHERE role = 'digest' AND recipient = ? AND channel = ? AND "
      "due_at = ? AND state = 'pending' AND attempts = 0 ORDER BY id DESC LIMIT 1");
  Binder{s}(recipient)(channel)(window_start);
  if (!s.executeStep()) return std::optional<Id>{};
  return std::optional<Id>{s.getColumn(0).getInt64()};
}

Result<void> SqliteTx::MarkDigested(Id id, Id digest_id) {
  auto& s = c_.Prepare(
      "UPDATE outbox SET state = 'digested', digest_id = ? WHERE id = ? AND state = 'pending'");
  Binder{s}(digest_id)(id);
  s.exec();
  if (c_.db().getChanges() == 0) {
    return std::unexpected(core::Error::NotFound(fmt::format("no pending notification {}", id)));
  }
  return {};
}

Result<std::vector<app::OutboxRecord>> SqliteTx::DigestedRows(Id digest_id) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM outbox WHERE digest_id = ? ORDER BY due_at, id", kOutboxColumns));
  Binder{s}(digest_id);
  return All<app::OutboxRecord>(s, ReadOutbox);
}

Result<std::optional<core::NotificationPreferences>> SqliteTx::FindNotificationPreferences(
    Id user_id) {
  auto& s = c_.Prepare(
      "SELECT channels, quiet_from, quiet_to, quiet_timezone FROM notification_preferences "
      "WHERE user_id = ?");
  Binder{s}(user_id);
  return One<core::NotificationPreferences>(s, ReadPreferences);
}

Result<void> SqliteTx::SaveNotificationPreferences(Id user_id,
                                                   const core::NotificationPreferences& prefs,
                                                   app::Instant at) {
  auto& s = c_.Prepare(
      "INSERT INTO notification_preferences(user_id, channels, quiet_from, quiet_to, "
      "quiet_timezone, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(user_id) DO "
      "UPDATE SET channels = ?2, quiet_from = ?3, quiet_to = ?4, quiet_timezone = ?5, "
      "updated_at = ?6");
  std::optional<std::int64_t> from, to;
  std::optional<std::string> timezone;
  if (prefs.quiet_hours) {
    from = prefs.quiet_hours->from;
    to = prefs.quiet_hours->to;
    timezone = prefs.quiet_hours->timezone;
  }
  Binder{s}(user_id)(ChannelList(prefs.channels))(from)(to)(timezone)(at);
  s.exec();
  return {};
}

Result<core::PreferencesByPerson> SqliteTx::PreferencesOf(
    const std::vector<std::string>& usernames) {
  core::PreferencesByPerson out;
  if (usernames.empty()) return out;
  std::string marks;
  for (std::size_t i = 0; i < usernames.size(); ++i) marks += i == 0 ? "?" : ", ?";
  auto& s = c_.Prepare(fmt::format(
      "SELECT p.channels, p.quiet_from, p.quiet_to, p.quiet_timezone, u.username FROM "
      "notification_preferences p JOIN users u ON u.id = p.user_id WHERE u.username IN ({})",
      marks));
  Binder bind{s};
  for (const auto& name : usernames) bind(name);
  while (s.executeStep()) {
    core::NotificationPreferences prefs = ReadPreferences(s);
    out.emplace(s.getColumn(4).getString(), std::move(prefs));
  }
  return out;
}

Result<std::vector<app::Wakeup>> SqliteTx::Wakeups() {
  auto& s = c_.Prepare("SELECT id, next_wakeup FROM tickets WHERE next_wakeup IS NOT NULL");
  return All<app::Wakeup>(s, [](SQLite::Statement& st) {
    Reader r(st);
    app::Wakeup w;
    w.ticket_id = r.Int();
    w.at = r.At();
    return w;
  });
}

Result<std::vector<app::CountRow>> SqliteTx::CountOpenBy(const std::vector<std::string>& columns) {
  static const std::vector<std::string> allowed = {"team", "level", "priority", "category",
                                                   "status", "sla_state", "assignee"};
  std::string list;
  for (const auto& column : columns) {
    if (std::find(allowed.begin(), allowed.end(), column) == allowed.end()) {
      return std::unexpected(core::Error::Invalid("cannot group tickets by " + column));
    }
    list += list.empty() ? column : ", " + column;
  }
  auto& s = c_.Prepare(fmt::format(
      "SELECT {0}, count(*) FROM tickets WHERE open = 1 GROUP BY {0} ORDER BY {0}", list));
  std::vector<app::CountRow> rows;
  while (s.executeStep()) {
    app::CountRow row;
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      row.keys.push_back(s.getColumn(i).getString());
    }
    row.count = s.getColumn(static_cast<int>(columns.size())).getInt64();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace esc::storage
