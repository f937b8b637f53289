// Wire forms and SSE frames of cases and messages (case_wire.hpp); pure.
#include "services/case_wire.hpp"

namespace foxo::relay::services {
namespace {

std::optional<std::string> opt_time(const std::optional<TimeMs>& t) {
  if (!t) return std::nullopt;
  return format_rfc3339(*t);
}

}  // namespace

Message message_wire(const store::MessageRecord& m) {
  Message w;
  w.seq = m.seq;
  w.client_id = m.client_id;
  w.author = Author{m.author_kind, m.author_name};
  w.body = m.body;
  if (m.attachment) w.attachment = AttachmentRef{m.attachment->id, m.attachment->name, m.attachment->size,
                                                 m.attachment->content_type};
  w.created_at = format_rfc3339(m.created_at);
  w.internal = m.internal;
  return w;
}

CaseSummary case_summary(const store::CaseRecord& c, Side side) {
  CaseSummary s;
  s.id = c.id;
  s.subject = c.subject;
  s.status = c.status;
  s.team = TeamRef{c.team_slug, c.team_name};
  s.created_at = format_rfc3339(c.created_at);
  s.updated_at = format_rfc3339(c.updated_at);
  s.unread = side == Side::guest ? c.unread_for_guest : c.unread_for_staff;
  if (side == Side::staff) {
    s.guest = Guest{"", c.guest_first_name, c.guest_last_name, ""};
    s.identifiers = c.identifiers;
    if (c.assignee_id) s.assignee = Assignee{*c.assignee_id, c.assignee_name};
    // Every message and status change moves updated_at: it is the last activity.
    s.last_activity_at = s.updated_at;
  }
  // The guest's place in the queue (issue 22); staff see the queue itself.
  if (side == Side::guest && c.status == "waiting" && c.queue_position > 0) s.queue_position = c.queue_position;
  return s;
}

CaseDetail case_detail(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages) {
  CaseDetail d;
  d.id = c.id;
  d.subject = c.subject;
  d.status = c.status;
  d.team = TeamRef{c.team_slug, c.team_name};
  d.guest = Guest{c.guest_id, c.guest_first_name, c.guest_last_name, c.guest_phone};
  d.identifiers = c.identifiers;
  if (c.assignee_id) d.assignee = Assignee{*c.assignee_id, c.assignee_name};
  d.created_at = format_rfc3339(c.created_at);
  d.closed_at = opt_time(c.closed_at);
  d.seen = SeenMarks{c.guest_seen_seq, c.staff_seen_seq};
  if (c.status == "waiting" && c.queue_position > 0) d.queue_position = c.queue_position;
  d.messages.reserve(messages.size());
  for (const auto& m : messages) d.messages.push_back(message_wire(m));
  return d;
}

std::string sse_frame(std::int64_t id, std::string_view event, const json& data) {
  std::string f = "id: " + std::to_string(id) + "\nevent: ";
  f += event;
  f += "\ndata: ";
  f += data.dump(-1, ' ', false, json::error_handler_t::replace);  // one line: JSON escapes newlines
  f += "\n\n";
  return f;
}

std::string live_frame(std::string_view event, const json& data) {
  std::string f = "event: ";
  f += event;
  f += "\ndata: ";
  f += data.dump(-1, ' ', false, json::error_handler_t::replace);
  f += "\n\n";
  return f;
}

std::string message_frame(std::int64_t event_id, std::string_view case_id, const store::MessageRecord& m) {
  return sse_frame(event_id, "message", json{{"case_id", case_id}, {"message", message_wire(m)}});
}

std::string case_frame(std::int64_t event_id, const store::CaseRecord& c, Side side) {
  return sse_frame(event_id, "case", case_summary(c, side));
}

}  // namespace foxo::relay::services
