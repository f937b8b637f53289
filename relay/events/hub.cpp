// The live fan-out hub (hub.hpp). Subscription: a stream's bounded queue
// (an overflow closes it, and the client resumes with Last-Event-ID). Hub:
// subscribe (per-session caps), publish (only to the streams an event
// concerns), and the counts /metrics and the presence leases read.
#include "events/hub.hpp"

#include <algorithm>

namespace foxo::relay::events {

// ---- Subscription ------------------------------------------------------------

Subscription::Batch Subscription::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(m_);
  cv_.wait_for(lock, timeout, [this] { return closed_ || probe_ || !queue_.empty(); });
  Batch b;
  b.closed = closed_;
  b.session_end = session_end_;
  b.probe = probe_;
  probe_ = false;
  b.frames.reserve(queue_.size());
  b.ids.reserve(queue_.size());
  for (const auto& e : queue_) {
    b.frames.push_back(interest_.guest ? e->guest_frame : e->staff_frame);
    b.ids.push_back(e->id);
  }
  queue_.clear();
  return b;
}

bool Subscription::overflowed() const {
  std::lock_guard lock(m_);
  return overflowed_;
}

void Subscription::push(const EventPtr& e) {
  {
    std::lock_guard lock(m_);
    if (closed_) return;
    if (queue_.size() >= queue_limit_) {
      // The client reads slower than events arrive: end the stream; it
      // reconnects with Last-Event-ID and catches up from the events table.
      overflowed_ = true;
      closed_ = true;
      queue_.clear();
    } else {
      queue_.push_back(e);
    }
  }
  cv_.notify_one();
}

void Subscription::close(const std::string& session_end) {
  {
    std::lock_guard lock(m_);
    closed_ = true;
    if (session_end_.empty()) session_end_ = session_end;
  }
  cv_.notify_one();
}

void Subscription::probe() {
  {
    std::lock_guard lock(m_);
    probe_ = true;
  }
  cv_.notify_one();
}

// ---- Hub -------------------------------------------------------------------

Hub::Subscribed Hub::subscribe(Interest interest, const std::string& session_key) {
  std::unique_lock lock(m_);
  if (stopped_) return {nullptr, Refusal::stopped};
  auto count_for = [this, &session_key] {
    const auto it = by_session_.find(session_key);
    return it == by_session_.end() ? std::size_t{0} : it->second.size();
  };
  if (count_for() >= limits_.per_session) {
    // Browsers close an EventSource without telling us; such a stream is only
    // noticed when a write to it fails. Make this session's streams write now.
    for (const auto& s : by_session_[session_key]) s->probe();
    departed_.wait_for(lock, limits_.probe_wait,
                       [&] { return stopped_ || count_for() < limits_.per_session; });
    if (stopped_) return {nullptr, Refusal::stopped};
    if (count_for() >= limits_.per_session) return {nullptr, Refusal::session_cap};
  }
  if (open_ >= limits_.max_streams) return {nullptr, Refusal::full};

  auto sub = std::make_shared<Subscription>(std::move(interest), session_key, limits_.queue_limit);
  sub->registered_ = true;
  if (sub->interest_.guest) {
    by_guest_[sub->interest_.guest_id].push_back(sub);
  } else {
    for (const auto& t : sub->interest_.team_ids) by_team_[t].push_back(sub);
  }
  by_session_[session_key].push_back(sub);
  ++open_;
  return {sub, Refusal::none};
}

void Hub::remove_from(std::unordered_map<std::string, List>& index, const std::string& key,
                      const Subscription* sub) {
  const auto it = index.find(key);
  if (it == index.end()) return;
  auto& list = it->second;
  const auto pos = std::find_if(list.begin(), list.end(), [sub](const auto& p) { return p.get() == sub; });
  if (pos != list.end()) {
    *pos = std::move(list.back());
    list.pop_back();
  }
  if (list.empty()) index.erase(it);
}

void Hub::unsubscribe(const std::shared_ptr<Subscription>& sub) {
  if (!sub) return;
  {
    std::unique_lock lock(m_);
    if (!sub->registered_) return;
    sub->registered_ = false;
    if (sub->interest_.guest) {
      remove_from(by_guest_, sub->interest_.guest_id, sub.get());
    } else {
      for (const auto& t : sub->interest_.team_ids) remove_from(by_team_, t, sub.get());
    }
    remove_from(by_session_, sub->session_key_, sub.get());
    --open_;
  }
  sub->close();
  departed_.notify_all();
}

void Hub::publish(const EventPtr& e) {
  std::shared_lock lock(m_);
  if (const auto it = by_guest_.find(e->guest_id); it != by_guest_.end())
    for (const auto& s : it->second) s->push(e);
  if (const auto it = by_team_.find(e->team_id); it != by_team_.end())
    for (const auto& s : it->second) s->push(e);
}

void Hub::close_all() {
  {
    std::unique_lock lock(m_);
    stopped_ = true;
    for (const auto& [_, list] : by_session_)
      for (const auto& s : list) s->close();
  }
  departed_.notify_all();
}

void Hub::end_session(const std::string& session_key, const std::string& why) {
  std::shared_lock lock(m_);
  if (const auto it = by_session_.find(session_key); it != by_session_.end())
    for (const auto& s : it->second) s->close(why);
}

std::vector<std::string> Hub::session_keys() const {
  std::shared_lock lock(m_);
  std::vector<std::string> out;
  out.reserve(by_session_.size());
  for (const auto& [key, streams] : by_session_)
    if (!streams.empty()) out.push_back(key);
  return out;
}

std::size_t Hub::open_streams() const {
  std::shared_lock lock(m_);
  return open_;
}

std::size_t Hub::open_streams_for(const std::string& session_key) const {
  std::shared_lock lock(m_);
  const auto it = by_session_.find(session_key);
  return it == by_session_.end() ? 0 : it->second.size();
}

std::size_t Hub::guest_streams(const std::string& guest_id) const {
  std::shared_lock lock(m_);
  const auto it = by_guest_.find(guest_id);
  return it == by_guest_.end() ? 0 : it->second.size();
}

std::vector<std::string> Hub::guests_with_streams() const {
  std::shared_lock lock(m_);
  std::vector<std::string> out;
  out.reserve(by_guest_.size());
  for (const auto& [guest_id, streams] : by_guest_)
    if (!streams.empty()) out.push_back(guest_id);
  return out;
}

}  // namespace foxo::relay::events
