// The client core: one pure function from the state and an event to the next
// state and the effects to perform (lager's `update`). Everything that
// happens to the client arrives here as an event: the page opened, a frame
// began (the clock), the relay answered, the live stream spoke, the page
// reported a file, a screen emitted an intent, a frame was drawn, a texture
// was made. Nothing here does I/O: requests, storage and the page's bridges
// are returned as Effects (app/effect.hpp), which app/effects.cpp performs;
// their results come back as events. The time zone and randomness come in
// through Env.
//
// Where each event is handled, by concern:
//   update.cpp          the dispatch, paths, the start and the clock
//   update_session.cpp  navigation, screens' entry actions, the live stream's state
//   update_auth.cpp     the guest's team entry, code and resume link; staff sign-in
//   update_cases.cpp    case lists, the open case, messages, the outbox, mark seen
//   update_staff.cpp    the staff queue and lists, claim, request close
//   update_uploads.cpp  files: picking, dropping, uploads, thumbnails, downloads
//   update_storage.cpp  what the browser keeps for the signed-in person (sealed); sign-out
//   update_alerts.cpp   staff alerts: sound, desktop notifications, their switches
//   update_session_end.cpp  the session ended elsewhere (session_end, 401), the staff idle notice
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "app/effect.hpp"
#include "app/inputs.hpp"
#include "app/intents.hpp"
#include "app/locale.hpp"
#include "app/model.hpp"

namespace foxo::client {

namespace event {
// The page was opened at `path`. `camera`: a touch screen (offer Take photo);
// `stored_outbox`: the clear outbox of earlier versions ("foxo.outbox.v1"),
// which the first person to sign in takes over (app/update_storage.cpp).
struct Started {
  std::string path;
  bool camera = false;
  std::string stored_outbox;
  // Staff alerts: the switches this browser remembered ("foxo.alerts.v1", JSON
  // {"sound","desktop"}; empty: none) and Notification.permission
  // ("default", "granted", "denied"; "unsupported" without notifications).
  std::string alert_settings;
  std::string notify_permission = "unsupported";
};
// A frame begins: the clocks and whether the page is visible.
struct Tick {
  double now_ms = 0;   // monotonic
  double wall_ms = 0;  // Date.now()
  int today_key = 0, yesterday_key = 0;
  bool page_visible = true;
};
// The frame's intents were applied: what follows from the state by itself
// (mark what is on screen as seen, send or retry queued messages, thumbnails).
struct FrameDrawn {};
// effect::MakeTexture done: `texture` 0 when it could not be made.
struct TextureMade {
  std::string attachment_id;
  unsigned texture = 0;
  int w = 0, h = 0;
};
// effect::LoadSealed done: the person's records opened. `ok` false when a
// record could not be opened (another key, altered, no WebCrypto); a record
// that is not there reads as empty text.
struct Unsealed {
  std::string storage_id;
  bool ok = true;
  std::string outbox, drafts;
};
// Notification.permission changed (asked, or changed in the browser's settings).
struct AlertPermission {
  std::string permission;
};
// The person pressed a key, moved or pressed the pointer or touched the page
// at `at_ms` (monotonic): the staff idle limit counts from the last of these.
struct UserActive {
  double at_ms = 0;
};
}  // namespace event

using Event = std::variant<event::Started, event::Tick, Response, LiveEvent, FileEvent, Intent, event::FrameDrawn,
                           event::TextureMade, event::Unsealed, event::AlertPermission, event::UserActive>;

// What an update may use besides the state and the event.
struct Env {
  const Locale& locale;
  // 128 random bits as hex, when needs_fresh_id(event) (a new message's or
  // file's client_id); empty otherwise.
  std::string fresh_id;
};

// Whether update() will need Env::fresh_id for this event.
bool needs_fresh_id(const Event& e);

struct Step {
  State state;
  std::vector<Effect> effects;  // in the order they are to be performed
};

// Takes the state by value: call it as `s = update(std::move(s), e, env).state`
// (or keep the Step) and nothing is copied.
Step update(State s, const Event& e, const Env& env);

}  // namespace foxo::client
