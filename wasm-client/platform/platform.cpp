// The EM_JS bridges to the page around the canvas (see platform.hpp).
#include "platform/platform.hpp"

#include <emscripten.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(void, foxo_js_init, (), {
  var canvas = Module['canvas'];
  // One pending animation frame at most. foxoWake marks the frame as caused
  // by something new (input, an answer, a timer) and how many frames it needs
  // (3 by default: a press, its release, the screen it leads to; 1 for what
  // one frame fully shows, such as typed text); _foxo_frame(frames) answers
  // whether it wants another frame to settle (ImGui takes a press on one frame
  // and the release on the next).
  var pending = 0;  // 0: none; 1: an animation frame; 2: a timer (hidden page)
  var ticket = 0;
  var woken = 0;
  var schedule = function() {
    // A hidden tab gets no animation frames, yet live events must still be
    // handled there (the staff console's alerts and title, issue 20): a timer
    // instead, which browsers slow down in background tabs but still run. A
    // frame asked for before the page was hidden is taken over by the timer.
    var hidden = document.visibilityState === 'hidden';
    if (pending === 2 || (pending === 1 && !hidden)) return;
    pending = hidden ? 2 : 1;
    var mine = ++ticket;
    var run = function() {
      if (mine !== ticket) return;  // taken over
      pending = 0;
      var w = woken;
      woken = 0;
      if (_foxo_frame(w)) schedule();
    };
    if (hidden) setTimeout(run, 0);
    else requestAnimationFrame(run);
  };
  Module.foxoRequestFrame = function(frames) { woken = Math.max(woken, frames || 3); schedule(); };
  // Frames run only on demand: a listener for every kind of input asks for one.
  // Registered on window in the bubble phase, so Emscripten's GLFW handlers have
  // already recorded the event when the frame runs.
  var wake = function() { Module.foxoRequestFrame(); };
  ['mousedown', 'mouseup', 'mousemove', 'wheel', 'keydown', 'keyup', 'keypress',
   'focus', 'blur', 'resize', 'pageshow', 'visibilitychange'].forEach(function(t) {
    window.addEventListener(t, wake, false);
  });
  if (window.visualViewport) {
    window.visualViewport.addEventListener('resize', wake);
    window.visualViewport.addEventListener('scroll', wake);
  }
  // Touches on the canvas are handled by www/foxo-input.js (taps reach the
  // canvas as the browser's compatibility mouse events, drags scroll).
  // A DPR change (zoom, moving the window to another screen) fires no resize.
  var watchRatio = function() {
    var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
    var onChange = function() { mq.removeEventListener('change', onChange); watchRatio(); wake(); };
    mq.addEventListener('change', onChange);
  };
  watchRatio();
});

EM_JS(void, foxo_js_request_frame, (), { Module.foxoRequestFrame(); });

EM_JS(void, foxo_js_wake_after, (double ms), {
  if (Module.foxoTimer) clearTimeout(Module.foxoTimer);
  Module.foxoTimer = setTimeout(function() { Module.foxoTimer = 0; Module.foxoRequestFrame(); }, ms);
});

EM_JS(int, foxo_js_css_width, (), {
  var v = window.visualViewport;
  return Math.max(1, Math.round(v ? v.width : window.innerWidth));
});
EM_JS(int, foxo_js_css_top, (), {
  var v = window.visualViewport;
  return v ? Math.round(v.offsetTop) : 0;
});
EM_JS(int, foxo_js_css_height, (), {
  // visualViewport shrinks when a phone's on-screen keyboard opens, so the
  // focused field stays above it.
  var v = window.visualViewport;
  return Math.max(1, Math.round(v ? v.height : window.innerHeight));
});
EM_JS(double, foxo_js_pixel_ratio, (), { return window.devicePixelRatio || 1; });

EM_JS(char*, foxo_js_location_path, (), {
  var s = window.location.pathname || '/';
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, foxo_js_size_canvas, (int css_w, int css_h, int px_w, int px_h, int css_top), {
  // Pixel size through Emscripten's Browser, whose resize listeners tell GLFW
  // (window and framebuffer size follow). Not glfwSetWindowSize: that asks
  // for fullscreen whenever the size equals the screen's, as a desktop page
  // at ratio 1 often does.
  Browser.setCanvasSize(px_w, px_h);
  var c = Module['canvas'];
  c.style.width = css_w + 'px';
  c.style.height = css_h + 'px';
  c.style.top = css_top + 'px';
});

EM_JS(void, foxo_js_set_cursor, (int c), {
  var v = ['default', 'pointer', 'text'][c] || 'default';
  var s = Module['canvas'].style;
  if (s.cursor !== v) s.cursor = v;
});

EM_JS(void, foxo_js_first_frame, (), {
  document.documentElement.classList.add('foxo-ready');
  var l = document.getElementById('loading');
  if (l) l.remove();
});

EM_JS(void, foxo_js_set_live_lines, (const char* lines_json), {
  var el = document.getElementById('live');
  if (!el) return;
  var lines = JSON.parse(UTF8ToString(lines_json));
  var kids = el.children;
  // Keep what is already there when the new lines only add to it: a screen
  // reader then announces just the new lines.
  var keep = 0;
  while (keep < kids.length && keep < lines.length && kids[keep].textContent === lines[keep]) keep++;
  if (keep < kids.length) {
    while (el.firstChild) el.removeChild(el.firstChild);
    keep = 0;
  }
  for (var i = keep; i < lines.length; i++) {
    var d = document.createElement('div');
    d.textContent = lines[i];
    el.appendChild(d);
  }
});

EM_JS(double, foxo_js_wall_ms, (), { return Date.now(); });
EM_JS(double, foxo_js_parse_time, (const char* s), {
  var t = Date.parse(UTF8ToString(s));
  return isNaN(t) ? 0 : t;
});
EM_JS(char*, foxo_js_format_time, (double ms, int what), {
  var d = new Date(ms);
  var s = what === 0 ? d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
                     : d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  // Narrow and no-break spaces (some locales put them before AM/PM) are not in the UI font's subset.
  s = s.replace(new RegExp('[' + String.fromCharCode(0xa0, 0x202f, 0x2009) + ']', 'g'), ' ');
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(int, foxo_js_day_key, (double ms), {
  var d = new Date(ms);
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
});
EM_JS(int, foxo_js_page_visible, (), { return document.visibilityState === 'visible' ? 1 : 0; });
EM_JS(void, foxo_js_set_title, (const char* t), {
  var s = UTF8ToString(t);
  if (document.title !== s) document.title = s;
});
EM_JS(char*, foxo_js_store_get, (const char* key), {
  var v = "";
  try { v = window.localStorage.getItem(UTF8ToString(key)) || ""; } catch (e) {}
  var n = lengthBytesUTF8(v) + 1;
  var p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(void, foxo_js_store_set, (const char* key, const char* value), {
  try {
    var v = UTF8ToString(value);
    if (v) window.localStorage.setItem(UTF8ToString(key), v);
    else window.localStorage.removeItem(UTF8ToString(key));
  } catch (e) {}
});
EM_JS(char*, foxo_js_random_id, (), {
  var b = new Uint8Array(16);
  crypto.getRandomValues(b);
  var s = "";
  for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, foxo_js_install_test_hook, (), {
  if (window.foxoUi) return;
  Module.foxoHook = { screen: 'loading', items: [] };
  // Read-only views of the last frame; items converted from canvas pixels to
  // CSS pixels from the page's top left at call time, so a resize in between
  // cannot skew them.
  window.foxoUi = Object.freeze({
    screen: function() { return Module.foxoHook.screen; },
    items: function() {
      var c = Module['canvas'];
      var r = c.getBoundingClientRect();
      var sx = r.width / c.width, sy = r.height / c.height;
      return Module.foxoHook.items.map(function(it) {
        var out = { label: it.label, kind: it.kind,
                    x: r.left + window.scrollX + it.x * sx, y: r.top + window.scrollY + it.y * sy,
                    w: it.w * sx, h: it.h * sy, focused: it.focused };
        if (it.length !== undefined) out.length = it.length;
        return out;
      });
    },
    // What draws the canvas: 'webgl2', 'webgl1' or 'canvas2d' (platform/render.cpp).
    renderer: function() { return document.documentElement.dataset.renderer || ""; },
    // Code points drawn as a placeholder since the page loaded (www/foxo-text.js).
    missingGlyphs: function() { return window.foxoText ? window.foxoText.missingGlyphs() : []; }
  });
});

EM_JS(void, foxo_js_set_copyable, (const char* json), {
  if (window.foxoSelect) window.foxoSelect.publish(JSON.parse(UTF8ToString(json)));
});

EM_JS(void, foxo_js_publish_frame, (const char* screen, const char* items_json), {
  if (!Module.foxoHook) return;
  Module.foxoHook = { screen: UTF8ToString(screen), items: JSON.parse(UTF8ToString(items_json)) };
});
// clang-format on

namespace foxo::platform {

namespace {
bool hook_installed = false;

std::string take_string(char* p) {
  std::string s(p ? p : "");
  free(p);
  return s;
}
}  // namespace

void init() { foxo_js_init(); }
void request_frame() { foxo_js_request_frame(); }
void wake_after(double ms) { foxo_js_wake_after(ms < 0 ? 0 : ms); }

Viewport viewport() {
  return Viewport{foxo_js_css_width(), foxo_js_css_height(), foxo_js_pixel_ratio(), foxo_js_css_top()};
}

std::string location_path() {
  char* p = foxo_js_location_path();
  std::string s(p);
  free(p);
  return s;
}

double now_ms() { return emscripten_get_now(); }
double wall_ms() { return foxo_js_wall_ms(); }
double parse_time_ms(const std::string& s) { return s.empty() ? 0 : foxo_js_parse_time(s.c_str()); }
std::string format_clock(double ms) { return take_string(foxo_js_format_time(ms, 0)); }
std::string format_day(double ms) { return take_string(foxo_js_format_time(ms, 1)); }
int day_key(double ms) { return foxo_js_day_key(ms); }
bool page_visible() { return foxo_js_page_visible() != 0; }
void set_title(const std::string& t) { foxo_js_set_title(t.c_str()); }
std::string store_get(const std::string& key) { return take_string(foxo_js_store_get(key.c_str())); }
void store_set(const std::string& key, const std::string& value) { foxo_js_store_set(key.c_str(), value.c_str()); }
std::string random_id() { return take_string(foxo_js_random_id()); }

void size_canvas(int css_width, int css_height, int pixel_width, int pixel_height, int css_top) {
  foxo_js_size_canvas(css_width, css_height, pixel_width, pixel_height, css_top);
}

void set_cursor(Cursor c) { foxo_js_set_cursor(static_cast<int>(c)); }

void first_frame_shown() { foxo_js_first_frame(); }
void set_live_lines(const std::vector<std::string>& lines) {
  static std::string last;
  std::string s = nlohmann::json(lines).dump();
  if (s == last) return;
  foxo_js_set_live_lines(s.c_str());
  last = std::move(s);
}

void set_copyable(const std::vector<CopyableText>& regions) {
  static std::string last;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : regions)
    arr.push_back({{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"text", r.text}});
  std::string s = arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s == last) return;
  foxo_js_set_copyable(s.c_str());
  last = std::move(s);
}

void install_test_hook() {
  hook_installed = true;
  foxo_js_install_test_hook();
}

void publish_frame(const std::string& screen, const std::vector<HookItem>& items) {
  if (!hook_installed) return;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& it : items) {
    nlohmann::json j = {{"label", it.label}, {"kind", it.kind}, {"x", it.x}, {"y", it.y},
                        {"w", it.w},         {"h", it.h},       {"focused", it.focused}};
    if (it.length >= 0) j["length"] = it.length;
    arr.push_back(std::move(j));
  }
  foxo_js_publish_frame(screen.c_str(), arr.dump().c_str());
}

}  // namespace foxo::platform
