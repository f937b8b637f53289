// The conversation's live signals (issue 22), decided without store, clock
// or hub: the typing throttle, who hears a typing or seen signal, and whose
// queue position a change to the queue moves. CaseService and CaseEvents
// call these; tests/relay/conversation_decisions_test.cpp checks each alone.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "foxo/case_access.hpp"
#include "foxo/errors.hpp"
#include "foxo/time.hpp"
#include "services/actor.hpp"
#include "store/case_store.hpp"

namespace foxo::relay::services {

// At most one typing signal per this interval per session and case is
// forwarded; more are answered 204 and dropped.
inline constexpr TimeMs kTypingInterval = 2000;

// Which (session, case) last had a typing signal forwarded, and when. The
// map is bounded: entries older than the interval say nothing and are pruned.
class TypingThrottle {
 public:
  // True when a signal of `session` for `case_id` at `now` is forwarded (and
  // records it); false when one was forwarded less than kTypingInterval ago.
  bool allow(const std::string& session, const std::string& case_id, TimeMs now);
  std::size_t size() const { return last_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, TimeMs> last_;
};

// Which side's streams hear a typing or seen signal from `from`: always the
// other one (a side never gets its own typing or seen events).
constexpr Side audience_of(Side from) { return from == Side::guest ? Side::staff : Side::guest; }

// A `case` event of `changed` in the queue `queue` (that team's waiting
// cases in queue order, as they are after the change): the guests waiting
// behind the point where `changed` stands in the order (created_at, id),
// each with their new position, 1 = next. `changed` itself is left out (its
// own `case` event carries its position). When a case leaves the queue
// (claimed, closed, transferred away) everyone behind it moves up; when one
// enters it (released, transferred in) everyone behind it moves down; a new
// case is last, so nobody moves.
struct QueueMove {
  std::size_t index = 0;  // into `queue`
  std::int64_t position = 0;
};
std::vector<QueueMove> queue_moves(const std::vector<store::CaseRecord>& queue, const store::CaseRecord& changed);

// An internal note (`draft`, internal set) on `c`: any staff member who can
// see the case (the service answered 404 to anyone else), in any open
// status, whoever holds it; a closed case takes no more notes (409
// case_closed). A note changes no status and is no Team activity (no SMS).
std::variant<Error, store::CaseUpdate> decide_add_note(const store::CaseRecord& c, const store::MessageDraft& draft);

// Whether a typing signal of `a` on `c` is forwarded at all: only when `a`
// could send what they type now (post_refusal says nothing). A colleague
// reading a case someone else holds, or anyone on a closed case, is answered
// 204 and not forwarded.
bool typing_forwarded(const store::CaseRecord& c, const Actor& a);
// The name the other side sees typing: the guest's first name, or the staff
// member's display name.
std::string typing_name(const store::CaseRecord& c, const Actor& a);

}  // namespace foxo::relay::services
