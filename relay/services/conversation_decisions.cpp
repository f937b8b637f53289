// The conversation's pure decisions (conversation_decisions.hpp).
#include "services/conversation_decisions.hpp"

#include "services/case_decisions.hpp"

namespace foxo::relay::services {

bool TypingThrottle::allow(const std::string& session, const std::string& case_id, TimeMs now) {
  // Bounded: at a thousand entries, forget every one old enough to say nothing.
  if (last_.size() >= 1000)
    std::erase_if(last_, [now](const auto& e) { return now - e.second >= kTypingInterval; });
  auto [it, fresh] = last_.try_emplace({session, case_id}, now);
  if (fresh) return true;
  if (now - it->second < kTypingInterval && now >= it->second) return false;
  it->second = now;  // (a clock that went back forwards again rather than silencing the typist)
  return true;
}

std::vector<QueueMove> queue_moves(const std::vector<store::CaseRecord>& queue, const store::CaseRecord& changed) {
  std::vector<QueueMove> out;
  const auto behind = [&](const store::CaseRecord& q) {
    return q.created_at > changed.created_at || (q.created_at == changed.created_at && q.id > changed.id);
  };
  for (std::size_t i = 0; i < queue.size(); ++i)
    if (queue[i].id != changed.id && behind(queue[i]))
      out.push_back(QueueMove{i, static_cast<std::int64_t>(i) + 1});
  return out;
}

std::variant<Error, store::CaseUpdate> decide_add_note(const store::CaseRecord& c, const store::MessageDraft& draft) {
  if (status_of(c) == CaseStatus::closed)
    return Error{ErrorCode::case_closed, "This chat is closed; it takes no more notes", ""};
  store::CaseUpdate u;
  u.messages.push_back(draft);
  u.messages.back().internal = true;
  return u;
}

bool typing_forwarded(const store::CaseRecord& c, const Actor& a) { return !post_refusal(c, a).has_value(); }

std::string typing_name(const store::CaseRecord& c, const Actor& a) {
  return a.viewer.side == Side::guest ? c.guest_first_name : a.name;
}

}  // namespace foxo::relay::services
