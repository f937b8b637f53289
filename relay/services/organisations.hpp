// An organisation as its guests and admins meet it: the team entry a guest
// link opens (public), and what an organisation admin may change or read —
// the identifier schema guests fill in, and the audit trail.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "services/audit.hpp"
#include "services/result.hpp"
#include "store/audit_store.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

class OrganisationService {
 public:
  OrganisationService(store::DirectoryStore& dir, store::AuditStore& audit_store, Auditor& audit,
                      const Clock* clock = nullptr)
      : dir_(dir), audit_store_(audit_store), audit_(audit), clock_(clock) {}

  // The organisation and team behind a guest link; nullopt when unknown.
  std::optional<TeamEntry> team_entry(std::string_view team_slug);
  // Organisation admins only (403 forbidden otherwise).
  Result<std::vector<IdentifierField>> set_identifiers(const Actor& a, const IdentifiersUpdate& req);
  Result<std::vector<store::AuditEntry>> audit_trail(const Actor& a, std::string_view case_id);

  // Canned replies (issue 22). Those of the caller's teams (staff only), by
  // team slug then the admin's order; and a team's whole list replaced by an
  // organisation admin (403 forbidden otherwise; a team of another
  // organisation or none: 404), audited as `team.replies` with the lists'
  // sizes and digests before and after.
  Result<std::vector<CannedReply>> replies(const Actor& a);
  Result<std::vector<CannedReply>> set_replies(const Actor& a, std::string_view team_slug, const RepliesUpdate& req);

 private:
  store::DirectoryStore& dir_;
  store::AuditStore& audit_store_;
  Auditor& audit_;
  const Clock* clock_;
};

}  // namespace foxo::relay::services
