// The policy's `intake:` section: what inbound mail, chat messages and the public web form
// become. A sender with no contact record yet lands in an organisation chosen by the domain
// of their address (`domains`), else in the default one, created with its tier the first
// time; a ticket opened this way gets the category, impact and urgency given here (the web
// form lets the customer choose among `web_form.categories`). Plain validated data.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace esc::core {

struct IntakeOrganisation {
  std::string customer;  // the organisation's name (CustomerRecord::name)
  std::string tier;
};

struct IntakeDomain {
  std::string domain;  // lower case, "example.com"; also matches its subdomains
  IntakeOrganisation organisation;
};

// A mailbox the service takes mail from (the `imap:` part of `intake:`). The password is
// read from the environment variable `password_env` when the service starts.
struct ImapSource {
  std::string url;  // imap://host[:port]/MAILBOX (STARTTLS) or imaps://host[:port]/MAILBOX
  std::string username;
  std::string password_env;
  std::chrono::seconds every{60};
  bool starttls = true;       // imap:// only; false: plain text (a server on this machine)
  bool delete_taken = false;  // false: taken mail stays in the mailbox, flagged
  std::string ca_file;
};

// A chat or social source allowed to post to the message webhook (`intake.channels`). Its
// tickets get the channel "chat:<name>".
struct ChatSource {
  std::string name;        // lower-case letters, digits, - and _; at most 40 characters
  std::string secret_env;  // set: every post must carry the HMAC-SHA256 of its body made
                           // with the secret in this environment variable
};

// The public web form (`intake.web_form`) and its spam protection: a sliding-window limit
// of opened tickets per client address and per sender address.
struct WebFormPolicy {
  bool enabled = false;
  std::string title = "Contact support";
  std::vector<std::string> categories;  // offered in the form; empty: the intake's category
  int max_per_address = 5;              // tickets from one client address per window
  int max_per_email = 3;                // tickets from one sender address per window
  std::chrono::seconds window{3600};
};

struct IntakePolicy {
  IntakeOrganisation default_organisation{"Email customers", "standard"};
  std::vector<IntakeDomain> domains;
  std::string category;  // required
  std::string impact;    // required
  std::string urgency;   // required
  // The domain of the Message-IDs Escalator writes, to recognise our own mail coming back.
  std::string message_id_domain;
  std::optional<ImapSource> imap;  // absent: mail arrives by mail-ingest or HTTP only
  std::vector<ChatSource> channels;  // sources of the message webhook; empty: none
  WebFormPolicy web_form;

  // The source named `name`; nullptr when the policy has none of that name.
  const ChatSource* Channel(std::string_view name) const;

  // The organisation for a sender's address: the longest matching domain's, else the
  // default.
  const IntakeOrganisation& OrganisationFor(std::string_view address) const;
};

}  // namespace esc::core
