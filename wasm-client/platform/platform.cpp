#include "platform/platform.hpp"

#include <emscripten.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(void, foxo_js_init, (), {
  var canvas = Module['canvas'];
  // One pending animation frame at most. foxoWake marks the frame as caused
  // by something new (input, an answer, a timer); _foxo_frame(woken) answers
  // whether it wants another frame to settle (ImGui takes a press on one frame
  // and the release on the next).
  var pending = false;
  var woken = false;
  var schedule = function() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function() {
      pending = false;
      var w = woken;
      woken = false;
      if (_foxo_frame(w ? 1 : 0)) schedule();
    });
  };
  Module.foxoRequestFrame = function() { woken = true; schedule(); };
  // Frames run only on demand: a listener for every kind of input asks for one.
  // Registered on window in the bubble phase, so Emscripten's GLFW handlers have
  // already recorded the event when the frame runs.
  var wake = function() { Module.foxoRequestFrame(); };
  ['mousedown', 'mouseup', 'mousemove', 'wheel', 'keydown', 'keyup', 'keypress',
   'focus', 'blur', 'resize', 'pageshow', 'visibilitychange'].forEach(function(t) {
    window.addEventListener(t, wake, false);
  });
  if (window.visualViewport) window.visualViewport.addEventListener('resize', wake);
  // Emscripten's GLFW treats a touch as a mouse button press at the previous
  // pointer position (it reads no coordinates from touch events), which would
  // press whatever was under the last tap. Keep touches away from it: the
  // browser follows a tap with real mouse events at the right place.
  ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function(t) {
    window.addEventListener(t, function(e) {
      if (e.target === canvas) { e.stopPropagation(); wake(); }
    }, true);
  });
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

EM_JS(void, foxo_js_size_canvas, (int css_w, int css_h, int px_w, int px_h), {
  // Pixel size through Emscripten's Browser, whose resize listeners tell GLFW
  // (window and framebuffer size follow). Not glfwSetWindowSize: that asks
  // for fullscreen whenever the size equals the screen's, as a desktop page
  // at ratio 1 often does.
  Browser.setCanvasSize(px_w, px_h);
  var c = Module['canvas'];
  c.style.width = css_w + 'px';
  c.style.height = css_h + 'px';
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

EM_JS(void, foxo_js_set_live_text, (const char* text), {
  var el = document.getElementById('live');
  if (!el) return;
  var s = UTF8ToString(text);
  if (el.textContent !== s) el.textContent = s;
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
                    w: it.w * sx, h: it.h * sy };
        if (it.length !== undefined) { out.focused = it.focused; out.length = it.length; }
        return out;
      });
    }
  });
});

EM_JS(void, foxo_js_publish_frame, (const char* screen, const char* items_json), {
  if (!Module.foxoHook) return;
  Module.foxoHook = { screen: UTF8ToString(screen), items: JSON.parse(UTF8ToString(items_json)) };
});
// clang-format on

namespace foxo::platform {

namespace {
bool hook_installed = false;
}

void init() { foxo_js_init(); }
void request_frame() { foxo_js_request_frame(); }
void wake_after(double ms) { foxo_js_wake_after(ms < 0 ? 0 : ms); }

Viewport viewport() {
  return Viewport{foxo_js_css_width(), foxo_js_css_height(), foxo_js_pixel_ratio()};
}

std::string location_path() {
  char* p = foxo_js_location_path();
  std::string s(p);
  free(p);
  return s;
}

double now_ms() { return emscripten_get_now(); }

void size_canvas(int css_width, int css_height, int pixel_width, int pixel_height) {
  foxo_js_size_canvas(css_width, css_height, pixel_width, pixel_height);
}

void set_cursor(Cursor c) { foxo_js_set_cursor(static_cast<int>(c)); }

void first_frame_shown() { foxo_js_first_frame(); }
void set_live_text(const std::string& text) { foxo_js_set_live_text(text.c_str()); }

void install_test_hook() {
  hook_installed = true;
  foxo_js_install_test_hook();
}

void publish_frame(const std::string& screen, const std::vector<HookItem>& items) {
  if (!hook_installed) return;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& it : items) {
    nlohmann::json j = {{"label", it.label}, {"kind", it.kind}, {"x", it.x}, {"y", it.y}, {"w", it.w}, {"h", it.h}};
    if (it.length >= 0) {
      j["focused"] = it.focused;
      j["length"] = it.length;
    }
    arr.push_back(std::move(j));
  }
  foxo_js_publish_frame(screen.c_str(), arr.dump().c_str());
}

}  // namespace foxo::platform
