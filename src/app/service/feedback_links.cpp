#include "app/service/feedback_links.h"

#include <fmt/format.h>

#include "app/service/account_service.h"
#include "auth/signed_link.h"
#include "auth/token.h"

namespace esc::app {
namespace {

constexpr const char* kKeyName = "feedback_link_key";

}  // namespace

void FeedbackLinks::SetPublicUrl(std::string public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  public_url_ = std::move(public_url);
}

Result<FeedbackLinks> FeedbackLinks::Open(ServiceContext& context, TicketService& tickets,
                                          std::string public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  std::string key;
  auto written = context.store.Write([&](StoreTx& tx) -> Result<void> {
    if (auto made = tx.InsertSecret(kKeyName, auth::NewToken()); !made) return made;
    auto found = tx.FindSecret(kKeyName);
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected(core::Error::Unavailable("the link key was not stored"));
    key = std::move(**found);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return FeedbackLinks(context, tickets, std::move(key), std::move(public_url));
}

std::string FeedbackLinks::Url(Id ticket, Id user, Instant expires) const {
  return fmt::format("{}/feedback/{}", public_url_,
                     auth::SignFeedbackLink(key_, {ticket, user, expires}));
}

std::string FeedbackLinks::PortalUrl(Id ticket, Id user, Instant expires) const {
  return fmt::format("{}/portal/link/{}", public_url_,
                     auth::SignPortalLink(key_, {ticket, user, expires}));
}

Result<PortalSignIn> FeedbackLinks::SignIn(const std::string& token) {
  auto linked = LinkUser(token, true);
  if (!linked) return std::unexpected(linked.error());
  PortalSignIn out{std::move(linked->first), {}};
  if (auto found = tickets_->Get(AccountService::ActorFor(out.user), linked->second)) {
    out.ticket_key = found->key;
  }
  return out;
}

Result<std::pair<Actor, Id>> FeedbackLinks::Holder(const std::string& token) {
  auto linked = LinkUser(token, false);
  if (!linked) return std::unexpected(linked.error());
  return std::pair{AccountService::ActorFor(linked->first), linked->second};
}

Result<std::pair<UserRecord, Id>> FeedbackLinks::LinkUser(const std::string& token, bool portal) {
  const Instant now = context_->clock.Now();
  auto link = portal ? auth::VerifyPortalLink(key_, token, now)
                     : auth::VerifyFeedbackLink(key_, token, now);
  if (!link) return std::unexpected(link.error());
  std::optional<UserRecord> user;
  auto read = context_->store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindUser(link->user_id);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!user || user->disabled || user->role != Role::kCustomer) {
    return std::unexpected(core::Error::Forbidden(
        fmt::format("this {} link is no longer valid: sign in to the portal instead",
                    portal ? "sign-in" : "feedback"),
        "token"));
  }
  return std::pair{std::move(*user), link->ticket_id};
}

Result<FeedbackState> FeedbackLinks::State(const Actor& actor, Id ticket, bool already_rated) {
  auto found = tickets_->Get(actor, ticket);
  if (!found) return std::unexpected(found.error());
  return FeedbackState{found->key, found->subject, found->csat_rating, found->csat_comment,
                       already_rated};
}

Result<FeedbackState> FeedbackLinks::Show(const std::string& token) {
  auto holder = Holder(token);
  if (!holder) return std::unexpected(holder.error());
  return State(holder->first, holder->second, false);
}

Result<FeedbackState> FeedbackLinks::Rate(const std::string& token, int rating) {
  auto holder = Holder(token);
  if (!holder) return std::unexpected(holder.error());
  const auto& [actor, ticket] = *holder;
  auto current = State(actor, ticket, false);
  if (!current) return current;
  if (current->rating) {  // a second click (or a mail scanner's) changes nothing
    current->already_rated = true;
    return current;
  }
  auto rated = tickets_->Feedback(actor, ticket, rating, "");
  if (!rated) return std::unexpected(rated.error());
  return State(actor, ticket, false);
}

Result<FeedbackState> FeedbackLinks::Comment(const std::string& token, const std::string& comment) {
  auto holder = Holder(token);
  if (!holder) return std::unexpected(holder.error());
  const auto& [actor, ticket] = *holder;
  auto commented = tickets_->FeedbackComment(actor, ticket, comment);
  if (!commented) return std::unexpected(commented.error());
  return State(actor, ticket, false);
}

}  // namespace esc::app
