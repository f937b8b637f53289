// CaseEvents (case_events.hpp): committed case changes as hub events with one
// frame per side, and the Last-Event-ID replay, which renders a `case` event as
// the case is now and keeps the cursor moving past events the reader may not see.
#include "services/case_events.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "services/case_wire.hpp"
#include "services/conversation_decisions.hpp"

namespace foxo::relay::services {
namespace {

std::shared_ptr<events::Event> event_of(const store::EventRow& row) {
  auto e = std::make_shared<events::Event>();
  e->id = row.id;
  e->case_id = row.case_id;
  e->team_id = row.team_id;
  e->guest_id = row.guest_id;
  return e;
}

void set_case_frames(events::Event& e, std::int64_t id, const store::CaseRecord& c) {
  e.guest_frame = std::make_shared<const std::string>(case_frame(id, c, Side::guest));
  e.staff_frame = std::make_shared<const std::string>(case_frame(id, c, Side::staff));
}

void set_message_frame(events::Event& e, const store::EventRow& row, const store::MessageRecord& m) {
  auto frame = std::make_shared<const std::string>(message_frame(row.id, row.case_id, m));
  e.guest_frame = m.internal ? nullptr : frame;  // issue 22: a guest never receives an internal note
  e.staff_frame = frame;
}

// At most this many waiting cases of a team get their queue position moved
// live by one change (a longer queue's tail learns it when it next loads).
constexpr std::size_t kQueueMovesMax = 1000;

// Case rows read once per batch of events (many events of one case).
class CaseCache {
 public:
  explicit CaseCache(store::CaseStore& cases) : cases_(cases) {}
  const std::optional<store::CaseRecord>& get(const std::string& id) {
    auto it = cache_.find(id);
    if (it == cache_.end()) it = cache_.emplace(id, cases_.find_case(id)).first;
    return it->second;
  }

 private:
  store::CaseStore& cases_;
  std::map<std::string, std::optional<store::CaseRecord>> cache_;
};

// A `case` event written for a team the case has since been transferred away
// from (store::CaseUpdate::team_id): that team's members may no longer see the
// case, but this event is how their lists learn it left, so it is replayed to
// them as live streams got it (the case summary as it is now, naming its new
// team). Its messages are not: message events stay with whoever may see the case.
bool told_it_left(const Actor& a, const store::EventRow& row, const store::CaseRecord& now) {
  return row.kind == "case" && a.viewer.side == Side::staff && row.guest_id.empty() && row.team_id != now.team_id &&
         now.org_id == a.viewer.org_id &&
         may_see(a.viewer, CaseScope{now.org_id, row.team_id, now.guest_id});
}

}  // namespace

void CaseEvents::publish(const store::CaseWrite& w) {
  if (!hub_) return;
  for (const auto& row : w.events) {
    auto e = event_of(row);
    if (row.kind == "message") {
      const auto it = std::find_if(w.messages.begin(), w.messages.end(),
                                   [&](const store::MessageRecord& m) { return m.seq == row.seq; });
      if (it == w.messages.end()) continue;
      set_message_frame(*e, row, *it);
    } else {
      publish_case_event(e, row, w.after);
      continue;
    }
    hub_->publish(e);
  }
}

void CaseEvents::publish_case_event(const std::shared_ptr<events::Event>& e, const store::EventRow& row,
                                    store::CaseRecord c) {
  // The team's queue as it is now: the changed case's own position, and
  // everyone waiting behind it, whose position this change may have moved.
  const auto queue = cases_.waiting_queue(row.team_id, kQueueMovesMax);
  if (c.status == "waiting" && row.team_id == c.team_id) {
    for (std::size_t i = 0; i < queue.size(); ++i)
      if (queue[i].id == c.id) c.queue_position = static_cast<std::int64_t>(i) + 1;
    if (c.queue_position == 0) fill_position(c);
  }
  set_case_frames(*e, row.id, c);
  hub_->publish(e);
  for (const auto& move : queue_moves(queue, c)) {
    store::CaseRecord q = queue[move.index];
    if (hub_->guest_streams(q.guest_id) == 0) continue;  // nobody of theirs listening here
    q.queue_position = move.position;
    auto m = std::make_shared<events::Event>();
    m->case_id = q.id;
    m->guest_id = q.guest_id;  // that guest alone: staff see the queue itself
    m->guest_frame = std::make_shared<const std::string>(live_frame("case", case_summary(q, Side::guest)));
    hub_->publish(m);
  }
}

void CaseEvents::fill_position(store::CaseRecord& c) {
  if (c.status != "waiting") return;
  const auto p = cases_.queue_positions({c.id});
  if (const auto it = p.find(c.id); it != p.end()) c.queue_position = it->second;
}

void CaseEvents::signal(const LiveSignal& s) {
  if (broadcast_) {
    // Every relay (this one too) hears it from the database and delivers it
    // to the streams it holds (deliver).
    broadcast_(json{{"e", s.event}, {"c", s.case_id}, {"t", s.team_id}, {"g", s.guest_id},
                    {"a", s.audience == Side::guest ? "guest" : "staff"}, {"d", s.data}}
                   .dump());
    return;
  }
  publish_signal(s);
}

void CaseEvents::deliver(const std::string& payload) {
  const auto j = json::parse(payload, nullptr, false);
  if (!j.is_object()) return;
  try {
    LiveSignal s{j.at("e").get<std::string>(), j.at("c").get<std::string>(), j.at("t").get<std::string>(),
                 j.at("g").get<std::string>(), j.at("a").get<std::string>() == "guest" ? Side::guest : Side::staff,
                 j.at("d")};
    publish_signal(s);
  } catch (const json::exception&) {
    // Not one of ours: ignored.
  }
}

void CaseEvents::publish_signal(const LiveSignal& s) {
  if (!hub_) return;
  auto e = std::make_shared<events::Event>();
  e->case_id = s.case_id;
  auto frame = std::make_shared<const std::string>(live_frame(s.event, s.data));
  // Only the audience's streams hear it: the case's guest, or its team's staff.
  if (s.audience == Side::guest) {
    e->guest_id = s.guest_id;
    e->guest_frame = frame;
  } else {
    e->team_id = s.team_id;
    e->staff_frame = frame;
  }
  hub_->publish(e);
}

void CaseEvents::publish_committed(const std::vector<store::EventRow>& rows) {
  if (!hub_) return;
  CaseCache cache(cases_);
  for (const auto& row : rows) {
    auto e = event_of(row);
    if (row.kind == "message") {
      const auto m = cases_.message(row.case_id, row.seq);
      if (!m) continue;  // deleted since (retention)
      set_message_frame(*e, row, *m);
    } else {
      const auto& c = cache.get(row.case_id);
      if (!c) continue;
      publish_case_event(e, row, *c);  // like a replayed `case` event: the case as it is now
      continue;
    }
    hub_->publish(e);
  }
}

events::Interest CaseEvents::interest(const Actor& a) const {
  events::Interest i;
  i.guest = a.viewer.side == Side::guest;
  if (i.guest) i.guest_id = a.viewer.id;
  else i.team_ids = a.viewer.team_ids;
  return i;
}

std::vector<ReplayFrame> CaseEvents::replay(const Actor& a, std::int64_t after_id, std::size_t limit) {
  store::EventFilter filter;
  if (a.viewer.side == Side::guest) filter.guest_id = a.viewer.id;
  else filter.team_ids = a.viewer.team_ids;
  std::vector<ReplayFrame> out;
  if (filter.guest_id.empty() && filter.team_ids.empty()) return out;
  CaseCache cache(cases_);
  for (const auto& row : cases_.events_after(after_id, filter, limit)) {
    const auto& c = cache.get(row.case_id);
    if (!c || !(may_see(a.viewer, CaseScope{c->org_id, c->team_id, c->guest_id}) || told_it_left(a, row, *c))) {
      out.push_back(ReplayFrame{row.id, ""});  // keeps the cursor moving; nothing to send
      continue;
    }
    if (row.kind == "message") {
      const auto m = cases_.message(row.case_id, row.seq);
      // A guest's replay skips internal notes like their live stream does.
      const bool shown = m && !(m->internal && a.viewer.side == Side::guest);
      out.push_back(ReplayFrame{row.id, shown ? message_frame(row.id, row.case_id, *m) : ""});
    } else if (a.viewer.side == Side::guest && c->status == "waiting") {
      store::CaseRecord now = *c;
      fill_position(now);
      out.push_back(ReplayFrame{row.id, case_frame(row.id, now, a.viewer.side)});
    } else {
      out.push_back(ReplayFrame{row.id, case_frame(row.id, *c, a.viewer.side)});  // the case as it is now
    }
  }
  return out;
}

}  // namespace foxo::relay::services
