// OrganisationService (organisations.hpp): team entry, identifier schema and
// audit trail; only an organisation admin may change or read the last two.
#include "services/organisations.hpp"

#include "core/crypto.hpp"

namespace foxo::relay::services {
namespace {

bool is_org_admin(const Actor& a) { return a.viewer.side == Side::staff && a.is_admin; }

std::vector<CannedReply> wire(const std::vector<store::ReplyRecord>& rows) {
  std::vector<CannedReply> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(CannedReply{r.id, r.team_slug, r.title, r.body});
  return out;
}

// What the audit row says of a list: its size and a digest of its text (the
// text itself stays sealed in its table, never in clear in the trail).
std::string list_digest(const std::vector<std::pair<std::string, std::string>>& replies) {
  std::string all;
  for (const auto& [title, body] : replies) all += json{title, body}.dump() + "\n";
  return std::to_string(replies.size()) + ":sha256:" + sha256_hex(all).substr(0, 16);
}

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

Result<std::vector<CannedReply>> OrganisationService::replies(const Actor& a) {
  using R = Result<std::vector<CannedReply>>;
  if (a.viewer.side != Side::staff) return R::fail(Error{ErrorCode::unauthenticated, "Please sign in", ""});
  return R::of(wire(dir_.replies_of_teams(a.viewer.team_ids)));
}

Result<std::vector<CannedReply>> OrganisationService::set_replies(const Actor& a, std::string_view team_slug,
                                                                 const RepliesUpdate& req) {
  using R = Result<std::vector<CannedReply>>;
  if (!is_org_admin(a))
    return R::fail(Error{ErrorCode::forbidden, "Only an organisation admin can change canned replies", ""});
  const auto team = dir_.team_by_slug(team_slug);
  if (!team || team->org_id != a.viewer.org_id) return R::fail(Error{ErrorCode::not_found, "Unknown team", "team"});
  std::vector<std::pair<std::string, std::string>> before, after;
  for (const auto& r : dir_.replies_of_teams({team->id})) before.emplace_back(r.title, r.body);
  for (const auto& r : req.replies) after.emplace_back(r.title, r.body);
  dir_.set_replies(team->org_id, team->id, after, clock_ ? clock_->now() : 0);
  audit_.record(a.viewer.org_id, a.audit_id(), "team.replies",
                "team:" + team->slug + " before:" + list_digest(before) + " after:" + list_digest(after));
  return R::of(wire(dir_.replies_of_teams({team->id})));
}

}  // namespace foxo::relay::services
