// The policy's `intake:` section: what inbound mail becomes. A sender with no contact
// record yet lands in an organisation chosen by the domain of their address (`domains`),
// else in the default one, created with its tier the first time; mail that opens a ticket
// gets the category, impact and urgency given here. Plain validated data.
#pragma once

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

struct IntakePolicy {
  IntakeOrganisation default_organisation{"Email customers", "standard"};
  std::vector<IntakeDomain> domains;
  std::string category;  // required
  std::string impact;    // required
  std::string urgency;   // required
  // The domain of the Message-IDs Escalator writes, to recognise our own mail coming back.
  std::string message_id_domain;

  // The organisation for a sender's address: the longest matching domain's, else the
  // default.
  const IntakeOrganisation& OrganisationFor(std::string_view address) const;
};

}  // namespace esc::core
