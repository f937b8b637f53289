// The live event stream (GET /api/v1/events, Server-Sent Events) through the
// browser's EventSource. Like HTTP answers, events are not handled where they
// arrive: they are queued and the frame loop takes them at the start of the
// next frame.
//
// Reconnection: EventSource reconnects by itself after a dropped connection
// and sends Last-Event-ID, so the relay replays what was missed. When the
// browser gives up instead (the relay answered an HTTP error, e.g. 429 or
// 503), the bridge opens a new EventSource after a growing delay with
// ?last_event_id= the last id seen, so the resume has no gap either way.
//
// Coming back to the tab: a phone browser freezes or suspends a background
// page, and its stream's socket may die without the EventSource noticing (no
// error event: it would wait on a dead connection for ever). So the bridge
// closes the stream when the page is frozen (`freeze`) or goes into the
// back-forward cache (`pagehide`, persisted), and opens a new one at once, from
// the last id seen, when it comes back (`resume`, `pageshow` persisted,
// `online`, or visible again after 10 s or more hidden: Safari on iOS sends
// nothing else). The new stream's `open` makes the client reload the lists and
// the open case as after any reconnection (app/update_session.cpp).
#pragma once
#include <string>
#include <vector>

#include "app/inputs.hpp"

namespace foxo::net {

using client::LiveEvent;  // app/inputs.hpp

// Opens the stream at `url` unless one is open already.
void events_open(const std::string& url);
// Closes it (sign-out); forgets the last event id.
void events_close();

// Events that arrived since the last call, oldest first.
std::vector<LiveEvent> take_events();

}  // namespace foxo::net
