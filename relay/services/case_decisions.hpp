// What a change to a case does, decided from the case as it stands inside
// the store's transaction (store::Decide): pure functions of the case record,
// the actor and the time, with no store, clock or hub. CaseService reads the
// case, calls one of these in the transaction and commits what it returns;
// tests/relay/case_decisions_test.cpp checks each on its own.
//
// The lifecycle itself (which event is allowed in which status) is
// foxo::transition (shared/case_lifecycle); these add what the relay decides
// around it: who may act, the human text of a refusal, the system messages,
// and the closing fields.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "foxo/case_lifecycle.hpp"
#include "foxo/errors.hpp"
#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "store/case_store.hpp"
#include "store/records.hpp"

namespace foxo::relay::services {

using CaseDecision = std::variant<Error, store::CaseUpdate>;

// The case's status; a status this relay does not know counts as closed, so
// nothing can change such a case.
CaseStatus status_of(const store::CaseRecord& c);

// The refusal the caller sees when the lifecycle refuses `event` with `code`.
Error lifecycle_refusal(ErrorCode code, CaseEvent event);

// Why `a` may not post to `c` now (nullopt: they may): the lifecycle's
// refusal, or, for staff, that the case is not claimed by them.
std::optional<Error> post_refusal(const store::CaseRecord& c, const Actor& a);

// The message `a` posts to `c`. A guest is named as the case names them
// (the name verified when it was opened); staff by their display name.
store::MessageDraft message_draft(const store::CaseRecord& c, const Actor& a, std::string client_id,
                                  std::string body, std::optional<std::string> attachment_id);

// Posting `draft` (with `attachment`, when it carries one): refused as
// post_refusal says; a guest message on a close request reopens the case and
// drops the request. `team_activity` (staff only) updates the guest's
// unseen-activity SMS in the same transaction.
CaseDecision decide_post_message(const store::CaseRecord& c, const Actor& a, const store::MessageDraft& draft,
                                 const std::optional<store::NewAttachment>& attachment,
                                 const store::NotifyHook& team_activity);

// Staff asking the guest to close at `now`: only the assignee; asked again,
// nothing new is written.
CaseDecision decide_request_close(const store::CaseRecord& c, const Actor& staff, TimeMs now,
                                  const store::NotifyHook& team_activity);

// The guest closing their case, from any open status.
CaseDecision decide_guest_close(const store::CaseRecord& c);

// The 7-day auto-close at `now`: only a case still close_requested whose
// time ran out (a guest reply or close since the job looked wins).
CaseDecision decide_auto_close(const store::CaseRecord& c, TimeMs now);

// ---- Hand-over (issue 20): assign, release, transfer ----------------------------
// Who may hand a case over: the colleague working on it (its assignee) or an
// organisation admin (who can see it: the service answers 404 first to anyone
// who cannot). Others get 403 forbidden. A closed case refuses with the
// lifecycle's case_closed. Each is decided on the case as it stands in the
// transaction, so of two hand-overs racing (on one relay or several) exactly
// one changes the case: the other finds it changed and is refused.

// Who held the case and where, as the request found it when it read the case
// before its transaction. If another hand-over or a claim committed in
// between, the case changed hands: 409 conflict rather than a second change.
struct HandsSeen {
  std::optional<std::string> assignee_id;
  std::string team_id;
};
HandsSeen hands_of(const store::CaseRecord& c);

// Handing an active or close_requested case to `to`, a member of the case's
// team (else 422 invalid_field, field staff_id: nullopt is an unknown id). A
// waiting case is claimed, not assigned: 409 conflict. Handing it to its
// current assignee changes nothing (no_change). The status and any close
// request stay; a system message records it.
CaseDecision decide_assign(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen,
                           const std::optional<store::StaffRecord>& to);

// Returning an active or close_requested case to its team's queue: waiting,
// nobody holds it, any close request dropped (the guest is no longer asked to
// close; the 7-day auto-close stops). Already waiting: 409 conflict.
CaseDecision decide_release(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen);

// Moving an open case to `to`, another team of the same organisation (else 422
// invalid_field, field team: nullopt is an unknown slug), as a waiting case
// with nobody holding it and no close request. Besides the assignee and
// admins, any member of the case's team may transfer a waiting case.
CaseDecision decide_transfer(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen,
                             const std::optional<store::Team>& to);

// GET /api/v1/staff/colleagues: every team of the organisation with its
// members, teams and members each in name order (text_fold::collation_key),
// ties by slug or id so the order is stable.
Colleagues colleague_directory(const std::vector<store::Team>& teams, const std::vector<store::StaffRecord>& staff);

// The statuses a staff list asks for: "" and "all" mean every status (an
// empty list), else one status name; anything else is invalid_field.
std::variant<Error, std::vector<std::string>> staff_status_filter(std::string_view status);

}  // namespace foxo::relay::services
