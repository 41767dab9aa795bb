#include "core/policy/intake.h"

namespace esc::core {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != b[i]) return false;
  }
  return true;
}

}  // namespace

const IntakeOrganisation& IntakePolicy::OrganisationFor(std::string_view address) const {
  const auto at = address.rfind('@');
  const std::string_view host = at == std::string_view::npos ? "" : address.substr(at + 1);
  const IntakeDomain* best = nullptr;
  for (const auto& d : domains) {
    const bool exact = SameText(host, d.domain);
    const bool sub = host.size() > d.domain.size() &&
                     host[host.size() - d.domain.size() - 1] == '.' &&
                     SameText(host.substr(host.size() - d.domain.size()), d.domain);
    if ((exact || sub) && (!best || d.domain.size() > best->domain.size())) best = &d;
  }
  return best ? best->organisation : default_organisation;
}

const ChatSource* IntakePolicy::Channel(std::string_view name) const {
  for (const auto& source : channels) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

}  // namespace esc::core
