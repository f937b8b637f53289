// CaseService's hand-over (cases.hpp, issue 20): assign, release and transfer,
// each one conditional change decided in the store's transaction by the pure
// functions of case_decisions.hpp and audited with who, what, from and to;
// and the colleagues directory the console chooses from.
#include "services/case_decisions.hpp"
#include "services/cases.hpp"

namespace foxo::relay::services {
namespace {

Error not_found() { return Error{ErrorCode::not_found, "Not found", ""}; }

std::string staff_ref(const std::optional<std::string>& id) { return id ? "staff:" + *id : "nobody"; }

}  // namespace

Result<CaseDetail> CaseService::assign(const Actor& a, std::string_view case_id, const AssignRequest& req) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const auto to = dir_.staff_by_id(req.staff_id);
  const HandsSeen seen = hands_of(*c);
  const auto r = update(
      c->id, [&](const store::CaseRecord& cur) { return decide_assign(cur, a, seen, to); }, clock_.now());
  if (r.error) return R::fail(*r.error);
  if (!r.write.messages.empty())  // handing it to its assignee again wrote nothing: nothing to audit
    audit_.record(c->org_id, a.audit_id(), "case.assign",
                  "case:" + c->id + " from:" + staff_ref(seen.assignee_id) + " to:staff:" + req.staff_id, c->id);
  return with_messages(r.write.after);
}

Result<CaseDetail> CaseService::release(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const HandsSeen seen = hands_of(*c);
  const auto r =
      update(c->id, [&](const store::CaseRecord& cur) { return decide_release(cur, a, seen); }, clock_.now());
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.release", "case:" + c->id + " from:" + staff_ref(seen.assignee_id),
                c->id);
  return with_messages(r.write.after);
}

Result<CaseDetail> CaseService::transfer(const Actor& a, std::string_view case_id, const TransferRequest& req) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const auto to = dir_.team_by_slug(req.team);
  const HandsSeen seen = hands_of(*c);
  const auto r =
      update(c->id, [&](const store::CaseRecord& cur) { return decide_transfer(cur, a, seen, to); }, clock_.now());
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.transfer",
                "case:" + c->id + " from:team:" + c->team_slug + " to:team:" + req.team + " assignee:" +
                    staff_ref(seen.assignee_id),
                c->id);
  return with_messages(r.write.after);
}

Result<Colleagues> CaseService::colleagues(const Actor& a) {
  using R = Result<Colleagues>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  return R::of(colleague_directory(dir_.teams_of_org(a.viewer.org_id), dir_.staff_of_org(a.viewer.org_id)));
}

}  // namespace foxo::relay::services
