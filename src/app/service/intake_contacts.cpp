#include "app/service/intake_contacts.h"

#include <fmt/format.h>

#include <algorithm>

namespace esc::app {

std::string ClipText(const std::string& text, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == max) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::string TrimText(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool PlausibleAddress(const std::string& address) {
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() || address.size() > 320 ||
      address.find('@', at + 1) != std::string::npos) {
    return false;
  }
  return std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',';
  });
}

Result<UserRecord> FindOrCreateContact(StoreTx& tx, const core::IntakePolicy& intake, Instant now,
                                       const ContactRequest& request) {
  if (!request.email.empty()) {
    auto found = tx.FindContactByEmail(request.email);
    if (!found) return std::unexpected(found.error());
    if (*found) return std::move(**found);
  } else {
    auto found = tx.FindUserByName(request.username);
    if (!found) return std::unexpected(found.error());
    if (*found) {
      if ((*found)->role != Role::kCustomer) {
        return std::unexpected(core::Error::Forbidden(
            fmt::format("the user {} is not a customer contact", request.username), "sender"));
      }
      return std::move(**found);
    }
  }

  const core::IntakeOrganisation& organisation = intake.OrganisationFor(request.email);
  auto customer = tx.FindCustomerByName(organisation.customer);
  if (!customer) return std::unexpected(customer.error());
  Id customer_id = 0;
  if (*customer) {
    customer_id = (*customer)->id;
  } else {
    CustomerRecord record{0, organisation.customer, organisation.tier, now};
    auto id = tx.InsertCustomer(record);
    if (!id) return std::unexpected(id.error());
    customer_id = *id;
  }
  UserRecord user;
  user.username = request.username;
  // A staff login that happens to be this address keeps it; the contact gets another name.
  auto taken = tx.FindUserByName(user.username);
  if (!taken) return std::unexpected(taken.error());
  if (*taken) user.username = request.alternative;
  const std::string name = TrimText(request.display_name);
  user.display_name = ClipText(name.empty() ? request.username : name, 200);
  user.email = request.email;
  user.role = Role::kCustomer;
  user.customer_id = customer_id;
  user.created_at = now;  // no password: may not log in until one is set
  auto id = tx.InsertUser(user);
  if (!id) return std::unexpected(id.error());
  user.id = *id;
  return user;
}

Result<std::optional<TicketRecord>> ThreadableTicket(StoreTx& tx, const core::IntakePolicy& intake,
                                                     const UserRecord& contact,
                                                     std::optional<TicketRecord> t) {
  if (t && t->merged_into) {
    auto into = tx.FindTicket(*t->merged_into);
    if (!into) return std::unexpected(into.error());
    t = std::move(*into);
  }
  if (!t || t->customer_id != contact.customer_id || t->status == core::TicketStatus::kClosed ||
      t->merged_into) {
    return std::nullopt;
  }
  if (t->requester_id != contact.id) {
    auto customer = tx.FindCustomer(t->customer_id);
    if (!customer) return std::unexpected(customer.error());
    if (!*customer || (*customer)->name == intake.default_organisation.customer) {
      return std::nullopt;
    }
  }
  return t;
}

Result<void> WriteTakingIn(Store& store, const std::function<Result<void>(StoreTx&)>& work) {
  auto written = store.Write(work);
  if (!written && written.error().code == core::ErrorCode::kConflict) written = store.Write(work);
  return written;
}

}  // namespace esc::app
