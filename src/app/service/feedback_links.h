// The signed one-click feedback links in customer mail (see auth/signed_link.h): their key,
// made once and kept in the database (so links survive restarts and restores), the URL
// that goes into the mail, and what the link does when the customer follows it: record
// the rating (one click), then optionally a comment. The link acts for the customer user
// it was made for, with that user's rights, as long as the account is enabled.
#pragma once

#include <optional>
#include <string>

#include "app/service/service_context.h"
#include "app/service/ticket_service.h"

namespace esc::app {

// What the feedback page shows.
struct FeedbackState {
  std::string ticket_key;
  std::string subject;
  std::optional<int> rating;
  std::string comment;
  bool already_rated = false;  // the click did not change an earlier rating
};

// Where a portal sign-in link leads: the person it signs in and their ticket.
struct PortalSignIn {
  UserRecord user;  // enabled, a customer
  std::string ticket_key;  // empty: the person may no longer see the ticket
};

class FeedbackLinks {
 public:
  // Reads the key from the store, making it the first time. `public_url` is where
  // customers reach this service, e.g. "https://support.example.com" (no trailing slash).
  static Result<FeedbackLinks> Open(ServiceContext& context, TicketService& tickets,
                                    std::string public_url);

  std::string Url(Id ticket, Id user, Instant expires) const;
  // The link in customer updates that signs the customer in to the portal on the ticket
  // (GET /portal/link/{token}), and what it signs in to. Errors as for feedback links.
  std::string PortalUrl(Id ticket, Id user, Instant expires) const;
  Result<PortalSignIn> SignIn(const std::string& token);
  // For a service that learns its address only once it listens (port 0). Call before the
  // service takes requests.
  void SetPublicUrl(std::string public_url);
  // The state of the ticket's feedback, as the link's user may see it.
  Result<FeedbackState> Show(const std::string& token);
  // Records `rating` (1-5) unless the ticket was rated before.
  Result<FeedbackState> Rate(const std::string& token, int rating);
  // Adds the comment to a rating given without one.
  Result<FeedbackState> Comment(const std::string& token, const std::string& comment);

 private:
  FeedbackLinks(ServiceContext& context, TicketService& tickets, std::string key,
                std::string public_url)
      : context_(&context),
        tickets_(&tickets),
        key_(std::move(key)),
        public_url_(std::move(public_url)) {}
  // The customer the token was made for, checked against the ticket.
  Result<std::pair<Actor, Id>> Holder(const std::string& token);
  // The enabled customer user a link was made for, and its ticket.
  Result<std::pair<UserRecord, Id>> LinkUser(const std::string& token, bool portal);
  Result<FeedbackState> State(const Actor& actor, Id ticket, bool already_rated);

  ServiceContext* context_;
  TicketService* tickets_;
  std::string key_;
  std::string public_url_;
};

}  // namespace esc::app
