// OrganisationService (organisations.hpp): team entry, identifier schema and
// audit trail; only an organisation admin may change or read the last two.
#include "services/organisations.hpp"

namespace foxo::relay::services {
namespace {

bool is_org_admin(const Actor& a) { return a.viewer.side == Side::staff && a.is_admin; }

}  // namespace

std::optional<TeamEntry> OrganisationService::team_entry(std::string_view team_slug) {
  const auto team = dir_.team_by_slug(team_slug);
  if (!team) return std::nullopt;
  const auto org = dir_.org_by_id(team->org_id);
  if (!org) return std::nullopt;
  return TeamEntry{OrganisationRef{org->slug, org->name}, TeamRef{team->slug, team->name}, org->identifiers,
                   team->subjects};
}

Result<std::vector<IdentifierField>> OrganisationService::set_identifiers(const Actor& a,
                                                                          const IdentifiersUpdate& req) {
  using R = Result<std::vector<IdentifierField>>;
  if (!is_org_admin(a))
    return R::fail(Error{ErrorCode::forbidden, "Only an organisation admin can change identifiers", ""});
  dir_.set_identifiers(a.viewer.org_id, req.identifiers);
  audit_.record(a.viewer.org_id, a.audit_id(), "admin.identifiers",
                "organisation:" + a.viewer.org_id + " fields:" + std::to_string(req.identifiers.size()));
  return R::of(req.identifiers);
}

Result<std::vector<store::AuditEntry>> OrganisationService::audit_trail(const Actor& a, std::string_view case_id) {
  using R = Result<std::vector<store::AuditEntry>>;
  if (!is_org_admin(a))
    return R::fail(Error{ErrorCode::forbidden, "Only an organisation admin can read the audit trail", ""});
  return R::of(audit_store_.list(a.viewer.org_id, case_id, 10000));
}

}  // namespace foxo::relay::services
