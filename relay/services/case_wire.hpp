// The wire forms of cases and messages (foxo/protocol.hpp) made from store
// records, and the SSE frames the live event stream sends. Pure: what a side
// sees of a case is decided here (a guest's summary carries no guest or
// identifiers), so the answer to a request, a live frame and a replayed frame
// cannot differ.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/case_access.hpp"
#include "foxo/protocol.hpp"
#include "store/case_store.hpp"

namespace foxo::relay::services {

Message message_wire(const store::MessageRecord& m);
// The case in a list, as `side` may see it.
CaseSummary case_summary(const store::CaseRecord& c, Side side);
// The whole case with `messages` (only the sides that may see a case ask for
// it; a guest's `messages` hold no internal note), its seen marks, and its
// queue position while waiting (when c.queue_position is filled in).
CaseDetail case_detail(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages);

// One SSE frame: "id: N\nevent: E\ndata: JSON\n\n" (JSON on one line).
std::string sse_frame(std::int64_t id, std::string_view event, const json& data);
// A frame that is not in the events log (issue 22: typing, seen, queue
// moves): no `id:` line, so a client's Last-Event-ID stays on the last
// logged event it got.
std::string live_frame(std::string_view event, const json& data);
// The `message` event for message `m` of case `case_id`: the same frame for both sides.
std::string message_frame(std::int64_t event_id, std::string_view case_id, const store::MessageRecord& m);
// The `case` event: the case as `side` sees it.
std::string case_frame(std::int64_t event_id, const store::CaseRecord& c, Side side);

}  // namespace foxo::relay::services
