// The edge of the client: the one place that performs what the core asks
// for (app/effect.hpp) through net::, platform:: and the texture functions of
// ui/, and that gives the core what it needs from the browser (its locale,
// fresh random ids, what the page kept at start). Built into the WebAssembly
// client only; the native core library and its tests never see it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/effect.hpp"
#include "app/locale.hpp"
#include "app/update.hpp"

namespace foxo::client::effects {

// Performs `e`. What it yields at once (a texture made from a decoded
// thumbnail) is returned as an event for the core; answers and page events
// come later through the frame loop's queues.
std::optional<Event> perform(const Effect& e);

// The browser's time zone and language (platform::format_clock, ...).
const Locale& browser_locale();
// 128 random bits as hex (crypto.getRandomValues).
std::string fresh_id();
// What the page knows at start: a touch screen, the outbox localStorage kept.
bool coarse_pointer();
// The clear outbox of earlier versions ("foxo.outbox.v1"), for its takeover.
std::string stored_outbox();
// Staff alerts: the switches this browser kept, and Notification.permission.
std::string stored_alert_settings();
std::string notify_permission();
// What the page saw since the last call: a change of the notification
// permission, and the person's input when later than `last_input_ms` (which
// it advances).
std::vector<Event> take_page_events(double& last_input_ms);
// What the page opened of the signed-in person's sealed records since the last call.
std::vector<event::Unsealed> take_unsealed();

}  // namespace foxo::client::effects
