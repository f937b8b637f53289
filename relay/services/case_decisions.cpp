// The pure case decisions of case_decisions.hpp: the lifecycle table
// (foxo::transition) plus who may act, the refusal texts, the system messages
// and the closing fields. No store, clock or hub here.
#include "services/case_decisions.hpp"

namespace foxo::relay::services {
namespace {

constexpr const char* kSystemName = "Foxo";

store::MessageDraft system_message(std::string body) {
  return store::MessageDraft{"system", "system", kSystemName, "", std::move(body), std::nullopt};
}

Error someone_else_works_on_it() {
  return Error{ErrorCode::already_claimed, "Someone else is working on this chat", ""};
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

std::variant<Error, std::vector<std::string>> staff_status_filter(std::string_view status) {
  std::vector<std::string> statuses;
  if (status.empty() || status == "all") return statuses;
  if (!parse_case_status(status))
    return Error{ErrorCode::invalid_field, "status must be active, close_requested, closed, waiting or all", "status"};
  statuses.emplace_back(status);
  return statuses;
}

}  // namespace foxo::relay::services
