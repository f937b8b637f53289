// The outbox kept across reloads: messages the relay has not acknowledged,
// as the text kept in localStorage (sealed per person, app/storage.hpp; the
// clear "foxo.outbox.v1" of earlier versions is only read, to be taken over),
// and how long to wait before sending one again. A retry reuses the message's client_id, so the
// relay stores it once however often it is sent.
#pragma once
#include <string>
#include <vector>

#include "app/model.hpp"

namespace foxo::client {

inline constexpr const char* kOutboxKey = "foxo.outbox.v1";  // earlier versions' clear outbox

// The messages still to send, as stored text; empty when there are none (the
// key is then removed). Given-up messages are not kept: a reload forgets them.
std::string outbox_text(const std::vector<Outgoing>& outbox);
// The stored text read back: complete entries only, none in flight.
std::vector<Outgoing> outbox_from_text(const std::string& text);

// Milliseconds before retry number `attempts` of an unacknowledged message: 1, 2, 4 ... 30 s.
double retry_delay_ms(int attempts);

}  // namespace foxo::client
