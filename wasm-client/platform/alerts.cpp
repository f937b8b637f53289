// The EM_JS bridges of the staff console's alerts (see alerts.hpp).
#include "platform/alerts.hpp"

#include <emscripten.h>

#include <cstdlib>

#include "platform/platform.hpp"

// clang-format off
EM_JS(void, foxo_js_alerts_init, (), {
  if (Module.foxoAlerts) return;
  var permission = function() {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  };
  var A = Module.foxoAlerts = { ctx: null, lastInput: -1, perm: permission(), changed: '' , permission: permission };
  A.changedTo = function(p) {
    A.perm = p;
    A.changed = p;
    if (Module.foxoRequestFrame) Module.foxoRequestFrame();
  };
  // Chromium (and Safari) start an AudioContext only in answer to a gesture:
  // made, or resumed, on the person's clicks and keys.
  var unlock = function() {
    try {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return;
      if (!A.ctx) A.ctx = new AC();
      if (A.ctx.state === 'suspended') A.ctx.resume();
    } catch (e) {}
  };
  var input = function() { A.lastInput = performance.now(); };
  // Not on pointerdown: making an AudioContext can take a while, and a press
  // held up there may reach the canvas in the same frame as its release.
  // The activation a pointerdown gives still holds at its pointerup.
  ['pointerup', 'keydown', 'touchend'].forEach(function(t) {
    window.addEventListener(t, function() { input(); unlock(); }, true);
  });
  ['pointerdown', 'pointermove', 'wheel', 'touchstart'].forEach(function(t) {
    window.addEventListener(t, input, { capture: true, passive: true });
  });
  // Allowed or blocked later in the site settings: seen when the page is shown again.
  document.addEventListener('visibilitychange', function() {
    var p = permission();
    if (p !== A.perm) A.changedTo(p);
  });
  A.play = function() {
    var c = A.ctx;
    if (!c) return;  // no gesture yet: the browser would not start it
    try {
      if (c.state === 'suspended') c.resume();
      var t = c.currentTime;
      var osc = c.createOscillator();
      var gain = c.createGain();
      // Two short notes, soft attack and decay: noticeable, not alarming.
      osc.type = 'sine';
      osc.frequency.setValueAtTime(880, t);
      osc.frequency.setValueAtTime(660, t + 0.15);
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.05, t + 0.14);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.17);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
      osc.connect(gain);
      gain.connect(c.destination);
      osc.start(t);
      osc.stop(t + 0.36);
    } catch (e) {}
  };
  A.notify = function(title, tag) {
    if (permission() !== 'granted') return;
    try {
      var n = new Notification(title, { tag: tag, renotify: true });
      n.onclick = function() { window.focus(); n.close(); };
    } catch (e) {}
  };
  A.ask = function() {
    if (typeof Notification === 'undefined') { A.changedTo('unsupported'); return; }
    var answered = false;
    var done = function() {
      if (answered) return;
      answered = true;
      A.changedTo(permission());
    };
    try {
      var r = Notification.requestPermission(done);  // older Safari: the callback only
      if (r && r.then) r.then(done, done);
    } catch (e) { done(); }
  };
});
EM_JS(void, foxo_js_alerts_play, (), { Module.foxoAlerts.play(); });
EM_JS(void, foxo_js_alerts_notify, (const char* title, const char* tag), {
  Module.foxoAlerts.notify(UTF8ToString(title), UTF8ToString(tag));
});
EM_JS(void, foxo_js_alerts_ask, (), { Module.foxoAlerts.ask(); });
EM_JS(char*, foxo_js_alerts_permission, (int take), {
  var A = Module.foxoAlerts;
  var s = take ? A.changed : A.permission();
  if (take) A.changed = '';
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(double, foxo_js_alerts_last_input, (), { return Module.foxoAlerts.lastInput; });
// clang-format on

namespace foxo::platform::alerts {

namespace {
// localStorage name of the switches. They say only whether this browser
// plays a sound and shows notifications: nothing about a person, so they are
// kept in clear (unlike the sealed outbox and drafts) and survive sign-out.
constexpr const char* kSettingsKey = "foxo.alerts.v1";

std::string take_string(char* p) {
  std::string s(p ? p : "");
  std::free(p);
  return s;
}
}  // namespace

void init() {
  static bool done = false;
  if (!done) foxo_js_alerts_init();
  done = true;
}

void play_sound() {
  init();
  foxo_js_alerts_play();
}

void notify(const std::string& title, const std::string& tag) {
  init();
  foxo_js_alerts_notify(title.c_str(), tag.c_str());
}

void ask_permission() {
  init();
  foxo_js_alerts_ask();
}

std::string permission() {
  init();
  return take_string(foxo_js_alerts_permission(0));
}

std::string take_permission_change() {
  init();
  return take_string(foxo_js_alerts_permission(1));
}

double last_input_ms() {
  init();
  return foxo_js_alerts_last_input();
}

std::string load_settings() { return store_get(kSettingsKey); }
void save_settings(const std::string& json) { store_set(kSettingsKey, json); }

}  // namespace foxo::platform::alerts
