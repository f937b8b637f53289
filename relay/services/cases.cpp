#include "services/cases.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "core/metrics.hpp"
#include "core/crypto.hpp"
#include "foxo/validation.hpp"
#include "services/notifications.hpp"

namespace foxo::relay::services {
namespace {

constexpr std::size_t kListLimit = 1000;
constexpr std::size_t kAllMessages = static_cast<std::size_t>(1) << 40;

Error not_found() { return Error{ErrorCode::not_found, "Not found", ""}; }

// Human text for a transition the lifecycle refuses.
Error refused(ErrorCode code, CaseEvent ev) {
  switch (code) {
    case ErrorCode::case_closed: return Error{code, "This chat is closed", ""};
    case ErrorCode::already_claimed: return Error{code, "Someone else has already claimed this chat", ""};
    default: break;
  }
  if (ev == CaseEvent::staff_message || ev == CaseEvent::request_close)
    return Error{ErrorCode::conflict, "Claim this chat first", ""};
  return Error{ErrorCode::conflict, "This chat cannot do that now", ""};
}

std::optional<std::string> opt_time(const std::optional<TimeMs>& t) {
  if (!t) return std::nullopt;
  return format_rfc3339(*t);
}

}  // namespace

std::string sse_frame(std::int64_t id, std::string_view event, const json& data) {
  std::string f = "id: " + std::to_string(id) + "\nevent: ";
  f += event;
  f += "\ndata: ";
  f += data.dump(-1, ' ', false, json::error_handler_t::replace);  // one line: JSON escapes newlines
  f += "\n\n";
  return f;
}

// ---- Wire forms -------------------------------------------------------------

Message CaseService::to_wire(const store::MessageRecord& m) {
  Message w;
  w.seq = m.seq;
  w.client_id = m.client_id;
  w.author = Author{m.author_kind, m.author_name};
  w.body = m.body;
  if (m.attachment) w.attachment = AttachmentRef{m.attachment->id, m.attachment->name, m.attachment->size,
                                                 m.attachment->content_type};
  w.created_at = format_rfc3339(m.created_at);
  return w;
}

CaseSummary CaseService::summary(const store::CaseRecord& c, Side side) {
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
  }
  return s;
}

CaseDetail CaseService::detail(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages) {
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
  d.messages.reserve(messages.size());
  for (const auto& m : messages) d.messages.push_back(to_wire(m));
  return d;
}

// ---- Who is asking ------------------------------------------------------------

std::optional<Actor> CaseService::actor(const Principal& p) {
  Actor a;
  a.viewer.id = p.subject_id;
  a.viewer.org_id = p.org_id;
  if (p.kind == store::SessionKind::guest) {
    const auto g = dir_.guest_by_id(p.subject_id);
    if (!g || g->org_id != p.org_id) return std::nullopt;
    a.viewer.side = Side::guest;
    a.name = g->first_name + " " + g->last_name;
    return a;
  }
  const auto s = dir_.staff_by_id(p.subject_id);
  if (!s || s->org_id != p.org_id) return std::nullopt;
  a.viewer.side = Side::staff;
  a.viewer.team_ids = s->team_ids;
  a.name = s->name;
  a.is_admin = s->is_admin;
  return a;
}

std::optional<store::CaseRecord> CaseService::visible_case(const Actor& a, std::string_view case_id) {
  if (case_id.empty() || case_id.size() > 64) return std::nullopt;
  auto c = cases_.find_case(case_id);
  if (!c || !may_see(a.viewer, CaseScope{c->org_id, c->team_id, c->guest_id})) return std::nullopt;
  return c;
}

// ---- Team entry and identifiers --------------------------------------------------

std::optional<TeamEntry> CaseService::team_entry(std::string_view team_slug) {
  const auto team = dir_.team_by_slug(team_slug);
  if (!team) return std::nullopt;
  const auto org = dir_.org_by_id(team->org_id);
  if (!org) return std::nullopt;
  return TeamEntry{OrganisationRef{org->slug, org->name}, TeamRef{team->slug, team->name}, org->identifiers,
                   team->subjects};
}

Result<std::vector<IdentifierField>> CaseService::set_identifiers(const Actor& a, const IdentifiersUpdate& req) {
  using R = Result<std::vector<IdentifierField>>;
  if (a.viewer.side != Side::staff || !a.is_admin)
    return R::fail(Error{ErrorCode::forbidden, "Only an organisation admin can change identifiers", ""});
  dir_.set_identifiers(a.viewer.org_id, req.identifiers);
  audit_.record(a.viewer.org_id, a.audit_id(), "admin.identifiers",
                "organisation:" + a.viewer.org_id + " fields:" + std::to_string(req.identifiers.size()));
  return R::of(req.identifiers);
}

Result<std::vector<store::AuditEntry>> CaseService::audit_trail(const Actor& a, std::string_view case_id) {
  using R = Result<std::vector<store::AuditEntry>>;
  if (a.viewer.side != Side::staff || !a.is_admin)
    return R::fail(Error{ErrorCode::forbidden, "Only an organisation admin can read the audit trail", ""});
  return R::of(audit_store_.list(a.viewer.org_id, case_id, 10000));
}

// ---- Guest cases -------------------------------------------------------------------

std::vector<CaseSummary> CaseService::guest_cases(const Actor& a) {
  std::vector<CaseSummary> out;
  if (a.viewer.side != Side::guest) return out;
  for (const auto& c : cases_.cases_of_guest(a.viewer.id, a.viewer.org_id)) out.push_back(summary(c, Side::guest));
  return out;
}

Result<CaseDetail> CaseService::create_case(const Actor& a, const NewCaseRequest& req) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::guest) return R::fail(not_found());
  const auto team = dir_.team_by_slug(req.team);
  // A team of another organisation is as unknown as a team that does not exist.
  if (!team || team->org_id != a.viewer.org_id) return R::fail(Error{ErrorCode::not_found, "Unknown team", "team"});
  const auto org = dir_.org_by_id(team->org_id);
  const auto guest = dir_.guest_by_id(a.viewer.id);
  if (!org || !guest) return R::fail(not_found());
  std::map<std::string, std::string> identifiers;
  if (auto err = validate_identifiers(org->identifiers, req.identifiers, &identifiers)) return R::fail(*err);

  store::NewCase nc{org->id, team->id, guest->id, req.subject, guest->first_name, guest->last_name, guest->phone,
                    identifiers};
  const auto w = cases_.create_case(nc, clock_.now(), [this](const store::CaseWrite& w) { publish(w); });
  audit_.record(org->id, a.audit_id(), "case.open", "case:" + w.after.id, w.after.id);
  return R::of(detail(w.after, {}));
}

// ---- Both sides ------------------------------------------------------------------

Result<CaseDetail> CaseService::view_case(const Actor& a, std::string_view case_id, std::int64_t after_seq,
                                          std::optional<Page> page) {
  using R = Result<CaseDetail>;
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const std::int64_t before = page && page->before_seq > 0 ? page->before_seq : std::numeric_limits<std::int64_t>::max();
  const auto msgs = page ? cases_.latest_messages(c->id, after_seq, before, page->limit)
                         : cases_.messages(c->id, after_seq, kAllMessages);
  // A guest reading the case has seen what it returned (docs/API.md, "Notifications and resume").
  if (a.viewer.side == Side::guest && !msgs.empty()) cases_.mark_seen(c->id, true, msgs.back().seq);
  audit_.record(c->org_id, a.audit_id(), "case.view", "case:" + c->id, c->id);
  return R::of(detail(*c, msgs));
}

CaseService::PostCheck CaseService::check_post(const Actor& a, std::string_view case_id, std::string_view client_id) {
  PostCheck out;
  const auto c = visible_case(a, case_id);
  if (!c) {
    out.error = not_found();
    return out;
  }
  // Idempotency first, as in update_case: a retry of an accepted upload is answered even if the case closed since.
  if (!client_id.empty())
    for (const auto& m : cases_.messages(c->id, 0, kAllMessages))
      if (m.author_id == a.viewer.id && m.client_id == client_id) {
        out.existing = to_wire(m);
        return out;
      }
  const bool guest = a.viewer.side == Side::guest;
  const CaseEvent ev = guest ? CaseEvent::guest_message : CaseEvent::staff_message;
  const auto t = transition(parse_case_status(c->status).value_or(CaseStatus::closed), ev);
  if (!t.allowed) out.error = refused(t.error, ev);
  else if (!guest && c->assignee_id != a.viewer.id)
    out.error = Error{ErrorCode::already_claimed, "Someone else is working on this chat", ""};
  return out;
}

Result<PostedMessage> CaseService::post_message(const Actor& a, std::string_view case_id,
                                                const PostMessageRequest& req, const store::NewAttachment* attachment) {
  using R = Result<PostedMessage>;
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const bool guest = a.viewer.side == Side::guest;
  const CaseEvent ev = guest ? CaseEvent::guest_message : CaseEvent::staff_message;
  store::MessageDraft draft{guest ? "guest" : "staff", a.viewer.id,
                            guest ? c->guest_first_name + " " + c->guest_last_name : a.name, req.client_id, req.body,
                            attachment ? std::optional<std::string>(attachment->id) : std::nullopt};
  // Made before the transaction: it may read other relays' presence leases.
  const store::NotifyHook team_activity =
      !guest && notifications_ ? notifications_->team_activity_hook(c->guest_id, clock_.now()) : nullptr;
  const store::Decide decide = [&](const store::CaseRecord& now) -> std::variant<Error, store::CaseUpdate> {
    const auto status = parse_case_status(now.status).value_or(CaseStatus::closed);
    const auto t = transition(status, ev);
    if (!t.allowed) return refused(t.error, ev);
    // Staff must claim first; once claimed, the assignee works the case.
    if (!guest && now.assignee_id != a.viewer.id)
      return Error{ErrorCode::already_claimed, "Someone else is working on this chat", ""};
    store::CaseUpdate u;
    u.status = std::string(to_string(t.next));
    if (status == CaseStatus::close_requested && t.next != CaseStatus::close_requested)
      u.clear_close_requested_at = true;
    if (attachment) u.attachments.push_back(*attachment);
    u.messages.push_back(draft);
    u.team_activity = team_activity;
    return u;
  };
  const auto r = cases_.update_case(c->id, decide, clock_.now(), std::make_pair(a.viewer.id, req.client_id),
                                    [this](const store::CaseWrite& w) { publish(w); });
  if (r.error) return R::fail(*r.error);
  if (r.existing) return R::of(PostedMessage{to_wire(*r.existing), false});
  metrics::registry().add("foxo_messages_committed_total", {{"author", guest ? "guest" : "staff"}});
  return R::of(PostedMessage{to_wire(r.write.messages.front()), true});
}

std::optional<Error> CaseService::mark_seen(const Actor& a, std::string_view case_id, std::int64_t seq) {
  const auto c = visible_case(a, case_id);
  if (!c || !cases_.mark_seen(c->id, a.viewer.side == Side::guest, seq)) return not_found();
  return std::nullopt;
}

// ---- Staff ---------------------------------------------------------------------------

Result<std::vector<CaseSummary>> CaseService::staff_queue(const Actor& a) {
  return staff_cases(a, "waiting");
}

Result<std::vector<CaseSummary>> CaseService::staff_cases(const Actor& a, std::string_view status) {
  using R = Result<std::vector<CaseSummary>>;
  std::vector<std::string> statuses;
  if (!status.empty() && status != "all") {
    if (!parse_case_status(status))
      return R::fail(Error{ErrorCode::invalid_field, "status must be active, close_requested, closed, waiting or all",
                           "status"});
    statuses.emplace_back(status);
  }
  std::vector<CaseSummary> out;
  if (a.viewer.side == Side::staff && !a.viewer.team_ids.empty()) {
    const auto order = status == "waiting" ? store::CaseListOrder::oldest_first
                                           : store::CaseListOrder::newest_activity_first;
    for (const auto& c : cases_.cases_of_teams(a.viewer.team_ids, statuses, order, kListLimit))
      if (c.org_id == a.viewer.org_id) out.push_back(summary(c, Side::staff));
  }
  return R::of(std::move(out));
}

Result<CaseDetail> CaseService::with_messages(const store::CaseRecord& c) {
  return Result<CaseDetail>::of(detail(c, cases_.messages(c.id, 0, kAllMessages)));
}

Result<CaseDetail> CaseService::claim(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const auto r = cases_.claim(c->id, a.viewer.id, clock_.now(), [this](const store::CaseWrite& w) { publish(w); });
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.claim", "case:" + c->id, c->id);
  return with_messages(r.write.after);
}

Result<CaseDetail> CaseService::request_close(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const TimeMs now = clock_.now();
  // Made before the transaction: it may read other relays' presence leases.
  const store::NotifyHook team_activity = notifications_ ? notifications_->team_activity_hook(c->guest_id, now) : nullptr;
  const store::Decide decide = [&](const store::CaseRecord& cur) -> std::variant<Error, store::CaseUpdate> {
    const auto status = parse_case_status(cur.status).value_or(CaseStatus::closed);
    const auto t = transition(status, CaseEvent::request_close);
    if (!t.allowed) return refused(t.error, CaseEvent::request_close);
    if (cur.assignee_id != a.viewer.id)
      return Error{ErrorCode::already_claimed, "Someone else is working on this chat", ""};
    if (status == CaseStatus::close_requested) return store::CaseUpdate{};  // already asked: nothing new
    store::CaseUpdate u;
    u.status = std::string(to_string(t.next));
    u.close_requested_at = now;
    u.messages.push_back(store::MessageDraft{"system", "system", "Foxo", "", a.name + " asked to close this chat",
                                             std::nullopt});
    u.team_activity = team_activity;
    return u;
  };
  const auto r = cases_.update_case(c->id, decide, now, std::nullopt,
                                    [this](const store::CaseWrite& w) { publish(w); });
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.request_close", "case:" + c->id, c->id);
  return with_messages(r.write.after);
}

Result<CaseDetail> CaseService::guest_close(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::guest) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const store::Decide decide = [&](const store::CaseRecord& cur) -> std::variant<Error, store::CaseUpdate> {
    const auto status = parse_case_status(cur.status).value_or(CaseStatus::closed);
    const auto t = transition(status, CaseEvent::guest_close);
    if (!t.allowed) return refused(t.error, CaseEvent::guest_close);
    store::CaseUpdate u;
    u.status = std::string(to_string(t.next));
    u.closed_by = "guest";
    u.messages.push_back(store::MessageDraft{"system", "system", "Foxo",
                                             "", cur.guest_first_name + " " + cur.guest_last_name + " closed this chat",
                                             std::nullopt});
    return u;
  };
  const auto r = cases_.update_case(c->id, decide, clock_.now(), std::nullopt,
                                    [this](const store::CaseWrite& w) { publish(w); });
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.close", "case:" + c->id, c->id);
  return with_messages(r.write.after);
}

bool CaseService::auto_close(std::string_view case_id, TimeMs now) {
  std::string org_id;
  const store::Decide decide = [&](const store::CaseRecord& cur) -> std::variant<Error, store::CaseUpdate> {
    const auto status = parse_case_status(cur.status).value_or(CaseStatus::closed);
    // A guest action since the job looked (a reply, Close Chat) wins.
    if (status != CaseStatus::close_requested || !cur.close_requested_at ||
        now < auto_close_due_at(*cur.close_requested_at))
      return Error{ErrorCode::conflict, "Not due", ""};
    const auto t = transition(status, CaseEvent::auto_close);
    if (!t.allowed) return refused(t.error, CaseEvent::auto_close);
    org_id = cur.org_id;
    store::CaseUpdate u;
    u.status = std::string(to_string(t.next));
    u.closed_by = "system";
    u.messages.push_back(store::MessageDraft{"system", "system", "Foxo", "",
                                             "This chat was closed automatically after 7 days without a reply",
                                             std::nullopt});
    return u;
  };
  const auto r = cases_.update_case(case_id, decide, now, std::nullopt,
                                    [this](const store::CaseWrite& w) { publish(w); });
  if (r.error) return false;
  audit_.record(org_id, "system", "case.auto_close", "case:" + std::string(case_id), case_id);
  return true;
}

// ---- Live events -----------------------------------------------------------------------

void CaseService::publish(const store::CaseWrite& w) {
  if (!hub_) return;
  std::shared_ptr<const std::string> guest_case, staff_case;
  for (const auto& row : w.events) {
    auto e = std::make_shared<events::Event>();
    e->id = row.id;
    e->case_id = row.case_id;
    e->team_id = row.team_id;
    e->guest_id = row.guest_id;
    if (row.kind == "message") {
      const auto it = std::find_if(w.messages.begin(), w.messages.end(),
                                   [&](const store::MessageRecord& m) { return m.seq == row.seq; });
      if (it == w.messages.end()) continue;
      auto frame = std::make_shared<const std::string>(
          sse_frame(row.id, "message", json{{"case_id", row.case_id}, {"message", to_wire(*it)}}));
      e->guest_frame = frame;
      e->staff_frame = frame;
    } else {
      e->guest_frame = std::make_shared<const std::string>(sse_frame(row.id, "case", summary(w.after, Side::guest)));
      e->staff_frame = std::make_shared<const std::string>(sse_frame(row.id, "case", summary(w.after, Side::staff)));
    }
    hub_->publish(e);
  }
}

void CaseService::publish_committed(const std::vector<store::EventRow>& rows) {
  if (!hub_) return;
  std::map<std::string, std::optional<store::CaseRecord>> case_cache;
  for (const auto& row : rows) {
    auto e = std::make_shared<events::Event>();
    e->id = row.id;
    e->case_id = row.case_id;
    e->team_id = row.team_id;
    e->guest_id = row.guest_id;
    if (row.kind == "message") {
      const auto m = cases_.message(row.case_id, row.seq);
      if (!m) continue;  // deleted since (retention)
      auto frame = std::make_shared<const std::string>(
          sse_frame(row.id, "message", json{{"case_id", row.case_id}, {"message", to_wire(*m)}}));
      e->guest_frame = frame;
      e->staff_frame = frame;
    } else {
      auto it = case_cache.find(row.case_id);
      if (it == case_cache.end()) it = case_cache.emplace(row.case_id, cases_.find_case(row.case_id)).first;
      if (!it->second) continue;
      // Like a replayed `case` event: the case as it is now.
      e->guest_frame = std::make_shared<const std::string>(sse_frame(row.id, "case", summary(*it->second, Side::guest)));
      e->staff_frame = std::make_shared<const std::string>(sse_frame(row.id, "case", summary(*it->second, Side::staff)));
    }
    hub_->publish(e);
  }
}

events::Interest CaseService::interest(const Actor& a) const {
  events::Interest i;
  i.guest = a.viewer.side == Side::guest;
  if (i.guest) i.guest_id = a.viewer.id;
  else i.team_ids = a.viewer.team_ids;
  return i;
}

std::vector<ReplayFrame> CaseService::replay(const Actor& a, std::int64_t after_id, std::size_t limit) {
  store::EventFilter filter;
  if (a.viewer.side == Side::guest) filter.guest_id = a.viewer.id;
  else filter.team_ids = a.viewer.team_ids;
  std::vector<ReplayFrame> out;
  if (filter.guest_id.empty() && filter.team_ids.empty()) return out;
  std::map<std::string, std::optional<store::CaseRecord>> case_cache;
  const auto rows = cases_.events_after(after_id, filter, limit);
  for (const auto& row : rows) {
    auto it = case_cache.find(row.case_id);
    if (it == case_cache.end()) it = case_cache.emplace(row.case_id, cases_.find_case(row.case_id)).first;
    const auto& c = it->second;
    if (!c || !may_see(a.viewer, CaseScope{c->org_id, c->team_id, c->guest_id})) {
      out.push_back(ReplayFrame{row.id, ""});  // keeps the cursor moving; nothing to send
      continue;
    }
    if (row.kind == "message") {
      const auto m = cases_.message(row.case_id, row.seq);
      out.push_back(ReplayFrame{
          row.id, m ? sse_frame(row.id, "message", json{{"case_id", row.case_id}, {"message", to_wire(*m)}}) : ""});
    } else {
      // A replayed `case` event carries the case as it is now.
      out.push_back(ReplayFrame{row.id, sse_frame(row.id, "case", summary(*c, a.viewer.side))});
    }
  }
  return out;
}

// ---- Dev fixture ----------------------------------------------------------------------------

Result<std::vector<FixtureGuestOut>> CaseService::load_fixture(const LoadFixtureRequest& req) {
  using R = Result<std::vector<FixtureGuestOut>>;
  const auto team = dir_.team_by_slug(req.team);
  if (!team) return R::fail(Error{ErrorCode::invalid_field, "Unknown team", "team"});
  std::optional<std::string> assignee;
  if (!req.assign.empty()) {
    const auto s = dir_.staff_by_email(req.assign);
    if (!s || std::find(s->team_ids.begin(), s->team_ids.end(), team->id) == s->team_ids.end())
      return R::fail(Error{ErrorCode::invalid_field, "assign must be a staff member of that team", "assign"});
    assignee = s->id;
  }
  const auto org = dir_.org_by_id(team->org_id);
  if (!org) return R::fail(not_found());
  std::map<std::string, std::string> identifiers;
  for (const auto& f : org->identifiers)
    if (f.required) identifiers[f.key] = std::string("Fixture").substr(0, static_cast<std::size_t>(f.max_length));

  // Fictitious mobiles +6149NNNNNNN, continuing after any earlier fixture.
  const std::string prefix = "+6149";
  std::int64_t next = 0;
  const std::string max = cases_.max_phone_with_prefix(org->id, prefix);
  if (!max.empty()) next = std::stoll(max.substr(prefix.size())) + 1;
  if (next + req.guests > 10000000) return R::fail(Error{ErrorCode::conflict, "Fixture phone range exhausted", ""});

  std::vector<store::FixtureGuest> guests;
  std::vector<FixtureGuestOut> out;
  guests.reserve(static_cast<std::size_t>(req.guests));
  out.reserve(static_cast<std::size_t>(req.guests));
  for (std::int64_t i = 0; i < req.guests; ++i) {
    std::string digits = std::to_string(next + i);
    digits.insert(0, 7 - digits.size(), '0');
    const std::string token = random_token(256);
    guests.push_back(store::FixtureGuest{"Load", "Guest " + std::to_string(next + i), prefix + digits,
                                         sha256_hex(token)});
    out.push_back(FixtureGuestOut{token, ""});
  }
  const auto ids = cases_.load_fixture(org->id, team->id, assignee, identifiers, guests, clock_.now());
  for (std::size_t i = 0; i < ids.size(); ++i) out[i].case_id = ids[i];
  return R::of(std::move(out));
}

}  // namespace foxo::relay::services
