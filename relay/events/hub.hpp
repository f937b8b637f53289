// The live fan-out hub: every open event stream subscribes here with what it
// may see (one guest's cases, or the cases of some teams), and every committed
// change is published once, already rendered per side. Publishing wakes only
// the streams the event concerns: subscribers are indexed by guest id and by
// team id, each has its own queue and condition variable, so an event costs
// O(streams it concerns), never O(all streams).
//
// Ordering: callers publish in commit order (the store runs the publish hook
// after COMMIT and before the next write can commit), so a stream sees event
// ids strictly increasing; a stream resuming with Last-Event-ID subscribes
// first, replays from the events table, then skips queued ids it already sent.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace foxo::relay::events {

// One committed change, rendered once for each side (the case summary in a
// `case` event differs per side: unread counts are per reader).
struct Event {
  // events table id: global, increasing in commit order; 0 for a live-only
  // signal that is not in the log (issue 22: typing, seen, queue moves)
  std::int64_t id = 0;
  std::string case_id, team_id, guest_id;
  std::shared_ptr<const std::string> guest_frame;  // full SSE frame for the case's guest
  std::shared_ptr<const std::string> staff_frame;  // full SSE frame for the team's staff
};
using EventPtr = std::shared_ptr<const Event>;

// What a stream may see.
struct Interest {
  bool guest = true;
  std::string guest_id;               // guest streams
  std::vector<std::string> team_ids;  // staff streams
};

class Hub;

class Subscription {
 public:
  struct Batch {
    std::vector<std::shared_ptr<const std::string>> frames;  // in id order
    std::vector<std::int64_t> ids;                           // parallel to frames
    bool closed = false;  // relay stopping, or this stream fell too far behind: end the stream
    bool probe = false;   // someone asked whether this stream's client is still there
    std::string session_end;  // with `closed`: the session ended, and why (services::SessionEnd's names)
  };
  explicit Subscription(Interest interest, std::string session_key, std::size_t queue_limit)
      : interest_(std::move(interest)), session_key_(std::move(session_key)), queue_limit_(queue_limit) {}

  // Waits until something is queued, the stream is closed or probed, or
  // `timeout` passes; takes everything queued.
  Batch wait(std::chrono::milliseconds timeout);
  bool guest_side() const { return interest_.guest; }
  const Interest& interest() const { return interest_; }
  bool overflowed() const;

 private:
  friend class Hub;
  void push(const EventPtr& e);
  void close(const std::string& session_end = {});
  void probe();

  const Interest interest_;
  const std::string session_key_;
  const std::size_t queue_limit_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<EventPtr> queue_;
  bool closed_ = false;
  bool overflowed_ = false;
  bool probe_ = false;
  std::string session_end_;
  bool registered_ = false;  // guarded by the hub's mutex
};

class Hub {
 public:
  struct Limits {
    std::size_t max_streams = 2000;  // all sessions together (the worker pool is sized for these)
    std::size_t per_session = 4;     // open streams one session may hold
    std::size_t queue_limit = 2000;  // frames a slow stream may have waiting before it is closed
    std::chrono::milliseconds probe_wait{600};  // how long a capped session's new stream waits for dead ones to go
  };
  enum class Refusal { none, session_cap, full, stopped };
  struct Subscribed {
    std::shared_ptr<Subscription> sub;
    Refusal refusal = Refusal::none;
  };

  Hub() : Hub(Limits{}) {}
  explicit Hub(Limits limits) : limits_(limits) {}
  Hub(const Hub&) = delete;

  // Registers a stream. At the per-session cap, asks that session's streams to
  // prove their client is still there (dead ones end within the wait) before
  // refusing.
  Subscribed subscribe(Interest interest, const std::string& session_key);
  // Idempotent.
  void unsubscribe(const std::shared_ptr<Subscription>& sub);
  // Queues the event on every stream it concerns and wakes only those.
  void publish(const EventPtr& e);
  // Relay stopping: every stream ends, new ones are refused.
  void close_all();
  // The session ended (signed out, expired, revoked): each of its streams
  // ends, saying `why`.
  void end_session(const std::string& session_key, const std::string& why);
  // Every session with an open stream here (the session watch checks them).
  std::vector<std::string> session_keys() const;

  std::size_t open_streams() const;
  std::size_t open_streams_for(const std::string& session_key) const;
  // Open streams of one guest (all their sessions): the unseen-activity SMS
  // waits while there is one.
  std::size_t guest_streams(const std::string& guest_id) const;
  // Every guest with at least one open stream here.
  std::vector<std::string> guests_with_streams() const;
  const Limits& limits() const { return limits_; }

 private:
  using List = std::vector<std::shared_ptr<Subscription>>;
  static void remove_from(std::unordered_map<std::string, List>& index, const std::string& key,
                          const Subscription* sub);

  const Limits limits_;
  mutable std::shared_mutex m_;
  std::condition_variable_any departed_;  // a stream left (for capped sessions waiting)
  std::unordered_map<std::string, List> by_guest_;
  std::unordered_map<std::string, List> by_team_;
  std::unordered_map<std::string, List> by_session_;
  std::size_t open_ = 0;
  bool stopped_ = false;
};

}  // namespace foxo::relay::events
