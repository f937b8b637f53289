// CaseService (cases.hpp): reads the case, checks who may see it, and commits
// what the pure decisions of case_decisions.hpp return inside the store's
// transaction; each commit goes to CaseEvents in commit order.
#include "services/cases.hpp"

#include <limits>
#include <map>

#include "core/metrics.hpp"
#include "foxo/validation.hpp"
#include "services/case_decisions.hpp"
#include "services/case_wire.hpp"
#include "services/notifications.hpp"

namespace foxo::relay::services {
namespace {

constexpr std::size_t kListLimit = 1000;
constexpr std::size_t kAllMessages = static_cast<std::size_t>(1) << 40;

Error not_found() { return Error{ErrorCode::not_found, "Not found", ""}; }

}  // namespace

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

store::UpdateResult CaseService::update(std::string_view case_id, const store::Decide& decide, TimeMs now,
                                        const std::optional<std::pair<std::string, std::string>>& idempotency) {
  return cases_.update_case(case_id, decide, now, idempotency,
                            [this](const store::CaseWrite& w) { events_.publish(w); });
}

store::NotifyHook CaseService::team_activity(const store::CaseRecord& c, TimeMs now) {
  return notifications_ ? notifications_->team_activity_hook(c.guest_id, now) : nullptr;
}

// ---- Guest cases -------------------------------------------------------------------

std::vector<CaseSummary> CaseService::guest_cases(const Actor& a) {
  std::vector<CaseSummary> out;
  if (a.viewer.side != Side::guest) return out;
  auto cases = cases_.cases_of_guest(a.viewer.id, a.viewer.org_id);
  // Queue positions of the waiting ones, in one query (issue 22).
  std::vector<std::string> waiting;
  for (const auto& c : cases)
    if (c.status == "waiting") waiting.push_back(c.id);
  const auto positions = cases_.queue_positions(waiting);
  for (auto& c : cases) {
    if (const auto it = positions.find(c.id); it != positions.end()) c.queue_position = it->second;
    out.push_back(case_summary(c, Side::guest));
  }
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
  const auto w = cases_.create_case(nc, clock_.now(), [this](const store::CaseWrite& w) { events_.publish(w); });
  audit_.record(org->id, a.audit_id(), "case.open", "case:" + w.after.id, w.after.id);
  store::CaseRecord opened = w.after;
  events_.fill_position(opened);
  return R::of(case_detail(opened, {}));
}

// ---- Both sides ------------------------------------------------------------------

Result<CaseDetail> CaseService::view_case(const Actor& a, std::string_view case_id, std::int64_t after_seq,
                                          std::optional<Page> page) {
  using R = Result<CaseDetail>;
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const bool guest = a.viewer.side == Side::guest;
  const std::int64_t before = page && page->before_seq > 0 ? page->before_seq : std::numeric_limits<std::int64_t>::max();
  // A guest's view holds no internal notes (issue 22), pages included.
  const auto msgs = page ? cases_.latest_messages(c->id, after_seq, before, page->limit, !guest)
                         : cases_.messages(c->id, after_seq, kAllMessages, !guest);
  store::CaseRecord shown = *c;
  // A guest reading the case has seen what it returned (docs/API.md, "Notifications and resume").
  if (guest && !msgs.empty()) {
    std::int64_t moved = 0;
    cases_.mark_seen(c->id, true, msgs.back().seq, &moved);
    if (moved > 0) {
      shown.guest_seen_seq = moved;
      seen_signal(*c, Side::guest, moved);
    }
  }
  if (guest) events_.fill_position(shown);
  audit_.record(c->org_id, a.audit_id(), "case.view", "case:" + c->id, c->id);
  return R::of(case_detail(shown, msgs));
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
        out.existing = message_wire(m);
        return out;
      }
  out.error = post_refusal(*c, a);
  return out;
}

Result<PostedMessage> CaseService::post_message(const Actor& a, std::string_view case_id,
                                                const PostMessageRequest& req, const store::NewAttachment* attachment) {
  using R = Result<PostedMessage>;
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const bool guest = a.viewer.side == Side::guest;
  const TimeMs now = clock_.now();
  const store::MessageDraft draft =
      message_draft(*c, a, req.client_id, req.body,
                    attachment ? std::optional<std::string>(attachment->id) : std::nullopt);
  const std::optional<store::NewAttachment> carried =
      attachment ? std::optional<store::NewAttachment>(*attachment) : std::nullopt;
  const store::NotifyHook hook = guest ? nullptr : team_activity(*c, now);
  const auto r = update(
      c->id, [&](const store::CaseRecord& cur) { return decide_post_message(cur, a, draft, carried, hook); }, now,
      std::make_pair(a.viewer.id, req.client_id));
  if (r.error) return R::fail(*r.error);
  if (r.existing) return R::of(PostedMessage{message_wire(*r.existing), false});
  metrics::registry().add("foxo_messages_committed_total", {{"author", guest ? "guest" : "staff"}});
  return R::of(PostedMessage{message_wire(r.write.messages.front()), true});
}

std::optional<Error> CaseService::mark_seen(const Actor& a, std::string_view case_id, std::int64_t seq) {
  const auto c = visible_case(a, case_id);
  std::int64_t moved = 0;
  if (!c || !cases_.mark_seen(c->id, a.viewer.side == Side::guest, seq, &moved)) return not_found();
  if (moved > 0) seen_signal(*c, a.viewer.side, moved);
  return std::nullopt;
}

void CaseService::seen_signal(const store::CaseRecord& c, Side from, std::int64_t seq) {
  events_.signal(LiveSignal{"seen", c.id, c.team_id, c.guest_id, audience_of(from),
                            json{{"case_id", c.id}, {"side", to_string(from)}, {"seq", seq}}});
}

// ---- Issue 22: internal notes, typing ---------------------------------------------------

Result<PostedMessage> CaseService::add_note(const Actor& a, std::string_view case_id, const PostMessageRequest& req) {
  using R = Result<PostedMessage>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  store::MessageDraft draft = message_draft(*c, a, req.client_id, req.body, std::nullopt);
  draft.internal = true;
  // No team_activity hook: a note is never an SMS to the guest.
  const auto r = update(
      c->id, [&](const store::CaseRecord& cur) { return decide_add_note(cur, draft); }, clock_.now(),
      std::make_pair(a.viewer.id, req.client_id));
  if (r.error) return R::fail(*r.error);
  if (r.existing) return R::of(PostedMessage{message_wire(*r.existing), false});
  metrics::registry().add("foxo_messages_committed_total", {{"author", "note"}});
  audit_.record(c->org_id, a.audit_id(), "case.note", "case:" + c->id, c->id);
  return R::of(PostedMessage{message_wire(r.write.messages.front()), true});
}

std::optional<Error> CaseService::typing(const Actor& a, std::string_view case_id, const std::string& session) {
  const auto c = visible_case(a, case_id);
  if (!c) return not_found();
  if (!typing_forwarded(*c, a)) return std::nullopt;
  {
    std::lock_guard lock(typing_m_);
    if (!typing_.allow(session, c->id, clock_.now())) return std::nullopt;
  }
  events_.signal(LiveSignal{"typing", c->id, c->team_id, c->guest_id, audience_of(a.viewer.side),
                            json{{"case_id", c->id}, {"side", to_string(a.viewer.side)}, {"name", typing_name(*c, a)}}});
  return std::nullopt;
}

// ---- Staff ---------------------------------------------------------------------------

Result<std::vector<CaseSummary>> CaseService::staff_queue(const Actor& a) {
  std::vector<CaseSummary> out;
  if (a.viewer.side == Side::staff && !a.viewer.team_ids.empty())
    for (const auto& c : cases_.cases_of_teams(a.viewer.team_ids, {"waiting"}, store::CaseListOrder::oldest_first,
                                               kListLimit))
      if (c.org_id == a.viewer.org_id) out.push_back(case_summary(c, Side::staff));
  return Result<std::vector<CaseSummary>>::of(std::move(out));
}

Result<CaseService::CasePage> CaseService::staff_list(const Actor& a, const StaffListQuery& q) {
  CasePage page;
  if (a.viewer.side != Side::staff || a.viewer.team_ids.empty()) return Result<CasePage>::of(std::move(page));
  store::CaseListQuery sq;
  sq.org_id = a.viewer.org_id;
  sq.team_ids = a.viewer.team_ids;  // admins too: only the teams they are in (docs/API.md, "Access")
  sq.status = q.status;
  switch (q.assignee) {
    case StaffListQuery::Assignee::any: break;
    case StaffListQuery::Assignee::nobody: sq.assigned = store::CaseListQuery::Assigned::nobody; break;
    case StaffListQuery::Assignee::me:
      sq.assigned = store::CaseListQuery::Assigned::to;
      sq.assignee_id = a.viewer.id;
      break;
    case StaffListQuery::Assignee::staff:
      sq.assigned = store::CaseListQuery::Assigned::to;
      sq.assignee_id = q.assignee_id;
      break;
  }
  sq.text = q.q;
  if (q.before) sq.before = std::pair{q.before->at, q.before->id};
  sq.limit = q.limit + 1;  // one more than the page: whether a next page exists
  auto rows = cases_.list_cases(sq);
  if (rows.size() > q.limit) {
    rows.resize(q.limit);
    page.next = encode_cursor(ListCursor{rows.back().updated_at, rows.back().id});
  }
  page.cases.reserve(rows.size());
  for (const auto& c : rows) page.cases.push_back(case_summary(c, Side::staff));
  return Result<CasePage>::of(std::move(page));
}

Result<CaseDetail> CaseService::with_messages(const store::CaseRecord& c, Side side) {
  const bool guest = side == Side::guest;
  store::CaseRecord shown = c;
  if (guest) events_.fill_position(shown);
  return Result<CaseDetail>::of(case_detail(shown, cases_.messages(c.id, 0, kAllMessages, !guest)));
}

Result<CaseDetail> CaseService::claim(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::staff) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const auto r = cases_.claim(c->id, a.viewer.id, c->team_id, clock_.now(),
                              [this](const store::CaseWrite& w) { events_.publish(w); });
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
  const store::NotifyHook hook = team_activity(*c, now);
  const auto r =
      update(c->id, [&](const store::CaseRecord& cur) { return decide_request_close(cur, a, now, hook); }, now);
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.request_close", "case:" + c->id, c->id);
  return with_messages(r.write.after);
}

Result<CaseDetail> CaseService::guest_close(const Actor& a, std::string_view case_id) {
  using R = Result<CaseDetail>;
  if (a.viewer.side != Side::guest) return R::fail(not_found());
  const auto c = visible_case(a, case_id);
  if (!c) return R::fail(not_found());
  const auto r = update(c->id, decide_guest_close, clock_.now());
  if (r.error) return R::fail(*r.error);
  audit_.record(c->org_id, a.audit_id(), "case.close", "case:" + c->id, c->id);
  return with_messages(r.write.after, Side::guest);
}

bool CaseService::auto_close(std::string_view case_id, TimeMs now) {
  std::string org_id;
  const auto r = update(
      case_id,
      [&](const store::CaseRecord& cur) {
        auto d = decide_auto_close(cur, now);
        if (std::holds_alternative<store::CaseUpdate>(d)) org_id = cur.org_id;
        return d;
      },
      now);
  if (r.error) return false;
  audit_.record(org_id, "system", "case.auto_close", "case:" + std::string(case_id), case_id);
  return true;
}

}  // namespace foxo::relay::services
