// The pure case decisions of case_decisions.hpp: the lifecycle table
// (foxo::transition) plus who may act, the refusal texts, the system messages
// and the closing fields. No store, clock or hub here.
#include "services/case_decisions.hpp"

#include <algorithm>

#include "core/text_fold.hpp"

namespace foxo::relay::services {
namespace {

constexpr const char* kSystemName = "Foxo";

store::MessageDraft system_message(std::string body) {
  return store::MessageDraft{"system", "system", kSystemName, "", std::move(body), std::nullopt};
}

Error someone_else_works_on_it() {
  return Error{ErrorCode::already_claimed, "Someone else is working on this chat", ""};
}

Error closed_refusal() { return lifecycle_refusal(ErrorCode::case_closed, CaseEvent::request_close); }

Error changed_hands() {
  return Error{ErrorCode::conflict, "Someone else handed this chat over just now: look at it again", ""};
}

bool holds(const store::CaseRecord& c, const Actor& a) { return c.assignee_id && *c.assignee_id == a.viewer.id; }

bool in_team(const std::vector<std::string>& team_ids, const std::string& team_id) {
  return std::find(team_ids.begin(), team_ids.end(), team_id) != team_ids.end();
}

// The checks every hand-over makes first, in this order: closed (409
// case_closed), changed hands since the request read it (409 conflict), not
// the assignee nor an admin (403, unless `also_allowed`).
std::optional<Error> handover_refusal(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen,
                                      bool also_allowed, const char* what) {
  if (!is_open(status_of(c))) return closed_refusal();
  if (c.assignee_id != seen.assignee_id || c.team_id != seen.team_id) return changed_hands();
  if (a.viewer.side != Side::staff || !(holds(c, a) || a.is_admin || also_allowed))
    return Error{ErrorCode::forbidden, std::string("Only the colleague working on this chat or an admin can ") + what,
                 ""};
  return std::nullopt;
}

}  // namespace

CaseStatus status_of(const store::CaseRecord& c) { return parse_case_status(c.status).value_or(CaseStatus::closed); }

Error lifecycle_refusal(ErrorCode code, CaseEvent event) {
  switch (code) {
    case ErrorCode::case_closed: return Error{code, "This chat is closed", ""};
    case ErrorCode::already_claimed: return Error{code, "Someone else has already claimed this chat", ""};
    default: break;
  }
  if (event == CaseEvent::staff_message || event == CaseEvent::request_close)
    return Error{ErrorCode::conflict, "Claim this chat first", ""};
  return Error{ErrorCode::conflict, "This chat cannot do that now", ""};
}

std::optional<Error> post_refusal(const store::CaseRecord& c, const Actor& a) {
  const bool guest = a.viewer.side == Side::guest;
  const CaseEvent event = guest ? CaseEvent::guest_message : CaseEvent::staff_message;
  const auto t = transition(status_of(c), event);
  if (!t.allowed) return lifecycle_refusal(t.error, event);
  // Staff must claim first; once claimed, the assignee works the case.
  if (!guest && c.assignee_id != a.viewer.id) return someone_else_works_on_it();
  return std::nullopt;
}

store::MessageDraft message_draft(const store::CaseRecord& c, const Actor& a, std::string client_id,
                                  std::string body, std::optional<std::string> attachment_id) {
  const bool guest = a.viewer.side == Side::guest;
  return store::MessageDraft{guest ? "guest" : "staff",
                             a.viewer.id,
                             guest ? c.guest_first_name + " " + c.guest_last_name : a.name,
                             std::move(client_id),
                             std::move(body),
                             std::move(attachment_id)};
}

CaseDecision decide_post_message(const store::CaseRecord& c, const Actor& a, const store::MessageDraft& draft,
                                 const std::optional<store::NewAttachment>& attachment,
                                 const store::NotifyHook& team_activity) {
  if (auto refusal = post_refusal(c, a)) return *refusal;
  const CaseStatus status = status_of(c);
  const CaseEvent event = a.viewer.side == Side::guest ? CaseEvent::guest_message : CaseEvent::staff_message;
  const CaseStatus next = transition(status, event).next;
  store::CaseUpdate u;
  u.status = std::string(to_string(next));
  if (status == CaseStatus::close_requested && next != CaseStatus::close_requested) u.clear_close_requested_at = true;
  if (attachment) u.attachments.push_back(*attachment);
  u.messages.push_back(draft);
  u.team_activity = team_activity;
  return u;
}

CaseDecision decide_request_close(const store::CaseRecord& c, const Actor& staff, TimeMs now,
                                  const store::NotifyHook& team_activity) {
  const CaseStatus status = status_of(c);
  const auto t = transition(status, CaseEvent::request_close);
  if (!t.allowed) return lifecycle_refusal(t.error, CaseEvent::request_close);
  if (c.assignee_id != staff.viewer.id) return someone_else_works_on_it();
  if (status == CaseStatus::close_requested) return store::CaseUpdate{};  // already asked: nothing new
  store::CaseUpdate u;
  u.status = std::string(to_string(t.next));
  u.close_requested_at = now;
  u.messages.push_back(system_message(staff.name + " asked to close this chat"));
  u.team_activity = team_activity;
  return u;
}

CaseDecision decide_guest_close(const store::CaseRecord& c) {
  const auto t = transition(status_of(c), CaseEvent::guest_close);
  if (!t.allowed) return lifecycle_refusal(t.error, CaseEvent::guest_close);
  store::CaseUpdate u;
  u.status = std::string(to_string(t.next));
  u.closed_by = "guest";
  u.messages.push_back(system_message(c.guest_first_name + " " + c.guest_last_name + " closed this chat"));
  return u;
}

CaseDecision decide_auto_close(const store::CaseRecord& c, TimeMs now) {
  const CaseStatus status = status_of(c);
  if (status != CaseStatus::close_requested || !c.close_requested_at || now < auto_close_due_at(*c.close_requested_at))
    return Error{ErrorCode::conflict, "Not due", ""};
  const auto t = transition(status, CaseEvent::auto_close);
  if (!t.allowed) return lifecycle_refusal(t.error, CaseEvent::auto_close);
  store::CaseUpdate u;
  u.status = std::string(to_string(t.next));
  u.closed_by = "system";
  u.messages.push_back(system_message("This chat was closed automatically after 7 days without a reply"));
  return u;
}

HandsSeen hands_of(const store::CaseRecord& c) { return HandsSeen{c.assignee_id, c.team_id}; }

CaseDecision decide_assign(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen,
                           const std::optional<store::StaffRecord>& to) {
  if (auto refusal = handover_refusal(c, a, seen, false, "hand it over")) return *refusal;
  if (status_of(c) == CaseStatus::waiting)
    return Error{ErrorCode::conflict, "This chat is waiting in the queue: claim it first", ""};
  if (!to || to->org_id != c.org_id || !in_team(to->team_ids, c.team_id))
    return Error{ErrorCode::invalid_field, "Choose a colleague in " + c.team_name, "staff_id"};
  if (c.assignee_id == to->id) {
    store::CaseUpdate same;
    same.no_change = true;  // already theirs: answered as it stands
    return same;
  }
  store::CaseUpdate u;
  u.assignee_id = to->id;
  u.messages.push_back(system_message(to->id == a.viewer.id ? a.name + " took over this chat"
                                                            : a.name + " handed this chat to " + to->name));
  return u;
}

CaseDecision decide_release(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen) {
  if (auto refusal = handover_refusal(c, a, seen, false, "return it to the queue")) return *refusal;
  if (status_of(c) == CaseStatus::waiting)
    return Error{ErrorCode::conflict, "This chat is already waiting in the queue", ""};
  store::CaseUpdate u;
  u.status = std::string(to_string(CaseStatus::waiting));
  u.clear_assignee = true;
  u.clear_close_requested_at = c.close_requested_at.has_value();
  u.messages.push_back(system_message(a.name + " returned this chat to the queue"));
  return u;
}

CaseDecision decide_transfer(const store::CaseRecord& c, const Actor& a, const HandsSeen& seen,
                             const std::optional<store::Team>& to) {
  // A waiting case is nobody's yet: its team may pass it on.
  const bool team_may =
      status_of(c) == CaseStatus::waiting && a.viewer.side == Side::staff && in_team(a.viewer.team_ids, c.team_id);
  if (auto refusal = handover_refusal(c, a, seen, team_may, "transfer it")) return *refusal;
  if (!to || to->org_id != c.org_id)
    return Error{ErrorCode::invalid_field, "Choose another team of this organisation", "team"};
  if (to->id == c.team_id) return Error{ErrorCode::invalid_field, "This chat is already with " + to->name, "team"};
  store::CaseUpdate u;
  u.team_id = to->id;
  u.status = std::string(to_string(CaseStatus::waiting));
  u.clear_assignee = true;
  u.clear_close_requested_at = c.close_requested_at.has_value();
  u.messages.push_back(
      system_message(a.name + " transferred this chat from " + c.team_name + " to " + to->name));
  return u;
}

Colleagues colleague_directory(const std::vector<store::Team>& teams, const std::vector<store::StaffRecord>& staff) {
  // Sort keys made once per name (an ICU key costs more than a comparison).
  struct Keyed {
    std::string key, tie;
    std::size_t index;
  };
  const auto order = [](std::vector<Keyed>& v) {
    std::sort(v.begin(), v.end(), [](const Keyed& x, const Keyed& y) {
      return x.key != y.key ? x.key < y.key : x.tie < y.tie;
    });
  };
  std::vector<Keyed> members;
  for (std::size_t i = 0; i < staff.size(); ++i)
    members.push_back({text_fold::collation_key(staff[i].name), staff[i].id, i});
  order(members);
  std::vector<Keyed> team_order;
  for (std::size_t i = 0; i < teams.size(); ++i)
    team_order.push_back({text_fold::collation_key(teams[i].name), teams[i].slug, i});
  order(team_order);

  Colleagues out;
  for (const auto& t : team_order) {
    const store::Team& team = teams[t.index];
    ColleagueTeam ct{team.slug, team.name, {}};
    for (const auto& m : members) {
      const store::StaffRecord& s = staff[m.index];
      if (in_team(s.team_ids, team.id)) ct.members.push_back(Colleague{s.id, s.name});
    }
    out.teams.push_back(std::move(ct));
  }
  return out;
}

std::variant<Error, std::vector<std::string>> staff_status_filter(std::string_view status) {
  std::vector<std::string> statuses;
  if (status.empty() || status == "all") return statuses;
  if (!parse_case_status(status))
    return Error{ErrorCode::invalid_field, "status must be active, close_requested, closed, waiting or all", "status"};
  statuses.emplace_back(status);
  return statuses;
}

}  // namespace foxo::relay::services
