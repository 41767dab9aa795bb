// The policy's `intake:` section: what inbound mail becomes. A sender with no contact
// record yet lands in an organisation chosen by the domain of their address (`domains`),
// else in the default one, created with its tier the first time; mail that opens a ticket
// gets the category, impact and urgency given here. Plain validated data.
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

struct IntakePolicy {
  IntakeOrganisation default_organisation{"Email customers", "standard"};
  std::vector<IntakeDomain> domains;
  std::string category;  // required
  std::string impact;    // required
  std::string urgency;   // required
  // The domain of the Message-IDs Escalator writes, to recognise our own mail coming back.
  std::string message_id_domain;
  std::optional<ImapSource> imap;  // absent: mail arrives by mail-ingest or HTTP only

  // The organisation for a sender's address: the longest matching domain's, else the
  // default.
  const IntakeOrganisation& OrganisationFor(std::string_view address) const;
};

}  // namespace esc::core
