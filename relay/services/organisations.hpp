// An organisation as its guests and admins meet it: the team entry a guest
// link opens (public), and what an organisation admin may change or read —
// the identifier schema guests fill in, and the audit trail.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "services/audit.hpp"
#include "services/result.hpp"
#include "store/audit_store.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

class OrganisationService {
 public:
  OrganisationService(store::DirectoryStore& dir, store::AuditStore& audit_store, Auditor& audit)
      : dir_(dir), audit_store_(audit_store), audit_(audit) {}

  // The organisation and team behind a guest link; nullopt when unknown.
  std::optional<TeamEntry> team_entry(std::string_view team_slug);
  // Organisation admins only (403 forbidden otherwise).
  Result<std::vector<IdentifierField>> set_identifiers(const Actor& a, const IdentifiersUpdate& req);
  Result<std::vector<store::AuditEntry>> audit_trail(const Actor& a, std::string_view case_id);

 private:
  store::DirectoryStore& dir_;
  store::AuditStore& audit_store_;
  Auditor& audit_;
};

}  // namespace foxo::relay::services
