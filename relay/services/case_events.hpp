// Live events of cases (GET /api/v1/events): publishing committed changes to
// the hub, once rendered per side, and replaying what a stream missed after
// its Last-Event-ID. Every change to a case commits with its `events` rows;
// on SQLite the case store hands each commit to publish() in commit order,
// on PostgreSQL the backend's listener hands every relay's committed rows to
// publish_committed() in id order (store/backend.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "events/hub.hpp"
#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "store/case_store.hpp"

namespace foxo::relay::services {

// A live signal that is not in the events log (issue 22): `typing` and
// `seen`, for one side of one case. On PostgreSQL it goes through the
// database (NOTIFY) so every relay's streams hear it; on SQLite straight to the hub.
struct LiveSignal {
  std::string event;  // "typing" | "seen"
  std::string case_id, team_id, guest_id;
  Side audience = Side::staff;  // whose streams hear it
  json data;
};

struct ReplayFrame {
  std::int64_t id = 0;
  std::string frame;  // "" for an event the stream may not see: it only moves the cursor
};

class CaseEvents {
 public:
  // `hub` may be null (admin CLI, tests without live streams): nothing is published.
  CaseEvents(store::CaseStore& cases, events::Hub* hub) : cases_(cases), hub_(hub) {}

  // The after-commit hook of every case write (store::AfterCommit).
  void publish(const store::CaseWrite& w);
  // Publishes committed events rows (in id order), rendered as the replay
  // renders them: a `case` event carries the case as it is now.
  void publish_committed(const std::vector<store::EventRow>& rows);

  // What a stream of `a` subscribes to.
  events::Interest interest(const Actor& a) const;
  // The frames `a` missed after `after_id`, at most `limit`, oldest first.
  std::vector<ReplayFrame> replay(const Actor& a, std::int64_t after_id, std::size_t limit);
  std::int64_t last_event_id() { return cases_.last_event_id(); }

  // Issue 22: typing and seen signals. With a broadcast (PostgreSQL: a
  // NOTIFY every relay's listener hears, store/backend.hpp), a signal goes
  // out through it and comes back to deliver(); without, to the hub directly.
  void set_broadcast(std::function<void(const std::string&)> b) { broadcast_ = std::move(b); }
  void signal(const LiveSignal& s);
  void deliver(const std::string& payload);
  // c.queue_position from the store, when c is waiting.
  void fill_position(store::CaseRecord& c);

 private:
  // A `case` event: the case (with its queue position for its guest) to
  // both sides, then the new positions of the guests waiting behind it.
  void publish_case_event(const std::shared_ptr<events::Event>& e, const store::EventRow& row, store::CaseRecord c);
  void publish_signal(const LiveSignal& s);
  std::function<void(const std::string&)> broadcast_;
  store::CaseStore& cases_;
  events::Hub* hub_;
};

}  // namespace foxo::relay::services
