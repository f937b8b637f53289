// The live event stream's EventSource bridge and its reconnection (see
// events.hpp); events are queued for the frame loop.
#include "net/events.hpp"

#include <emscripten.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(void, foxo_js_events_open, (const char* url), {
  var S = Module.foxoEvents;
  if (!S) {
    // awayMs: hidden this long, the stream is not trusted (tests lower it).
    S = Module.foxoEvents = { queue: [], es: null, lastId: "", failures: 0, timer: 0, want: false, hiddenAt: -1,
                              awayMs: 10000 };
    // Coming back to the tab (see events.hpp): a phone browser that froze or
    // suspended the page may have lost the stream's connection without telling
    // the EventSource, which then waits on a dead socket for ever.
    var pause = function() { if (S.want) S.stop(); };
    var revive = function() { if (S.want) { S.stop(); S.push({ k: 1 }); S.connect(); } };
    document.addEventListener('freeze', pause);   // Chromium's page lifecycle
    document.addEventListener('resume', revive);
    window.addEventListener('pagehide', function(e) { if (e.persisted) pause(); });  // into the back-forward cache
    window.addEventListener('pageshow', function(e) { if (e.persisted) revive(); });
    window.addEventListener('online', revive);
    document.addEventListener('visibilitychange', function() {
      if (document.visibilityState !== 'visible') { S.hiddenAt = performance.now(); return; }
      // Safari on iOS suspends a background tab without any of the events
      // above; after more than a few seconds away its sockets may be gone.
      var away = S.hiddenAt < 0 ? 0 : performance.now() - S.hiddenAt;
      S.hiddenAt = -1;
      if (away >= S.awayMs || (S.want && !S.es && !S.timer)) revive();
    });
    S.push = function(ev) { S.queue.push(ev); Module.foxoRequestFrame(); };
    S.stop = function() {
      if (S.es) S.es.close();
      S.es = null;
      if (S.timer) clearTimeout(S.timer);
      S.timer = 0;
    };
    S.connect = function() {
      S.timer = 0;
      if (!S.want) return;
      var u = S.url;
      // A fresh EventSource cannot set Last-Event-ID itself; the relay also reads it from the query.
      if (S.lastId) u += (u.indexOf('?') < 0 ? '?' : '&') + 'last_event_id=' + encodeURIComponent(S.lastId);
      var es = new EventSource(u);
      S.es = es;
      es.onopen = function() { S.failures = 0; S.push({ k: 0 }); };
      var onEvent = function(e) {
        if (S.es !== es) return;
        if (e.lastEventId) S.lastId = e.lastEventId;
        S.push({ k: e.type === 'case' ? 3 : 2, id: e.lastEventId || "", data: e.data });
      };
      es.addEventListener('message', onEvent);
      es.addEventListener('case', onEvent);
      // The relay ends the stream of a session that is over (signed out,
      // expired, revoked) after this frame: no reconnection, ever, for it;
      // the core shows the sign-in screen and says why.
      es.addEventListener('session_end', function(e) {
        if (S.es !== es) return;
        S.want = false;
        S.stop();
        S.lastId = "";
        S.failures = 0;
        S.push({ k: 4, data: e.data });
      });
      es.onerror = function() {
        if (S.es !== es) return;
        S.push({ k: 1 });
        if (es.readyState !== 2) return;  // CONNECTING: the browser retries by itself
        // CLOSED: the browser gave up (an HTTP error answer). Retry later, growing
        // the delay so a relay at its limit is not hammered: 1 s, 2 s ... 30 s.
        es.close();
        S.es = null;
        var delay = Math.min(30000, 1000 * Math.pow(2, S.failures));
        S.failures++;
        S.timer = setTimeout(S.connect, delay);
      };
    };
  }
  if (S.want) return;
  S.want = true;
  S.url = UTF8ToString(url);
  S.connect();
});

EM_JS(void, foxo_js_events_close, (), {
  var S = Module.foxoEvents;
  if (!S) return;
  S.want = false;
  var es = S.es;
  S.es = null;
  S.stop();
  S.lastId = "";
  S.failures = 0;
  if (!es) return;
  // A request refused with 401 can beat the relay's session_end (it comes
  // within 2 s of a session's end) to the page: listen that long for why,
  // then close. Nothing else of this stream is taken (its listeners check S.es).
  var done = function() { es.close(); };
  es.onerror = done;
  es.addEventListener('session_end', function(e) { done(); S.push({ k: 4, data: e.data }); });
  setTimeout(done, 2500);
});

EM_JS(char*, foxo_js_events_take, (), {
  var S = Module.foxoEvents;
  if (!S || S.queue.length === 0) return 0;
  var s = JSON.stringify(S.queue);
  S.queue = [];
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
// clang-format on

namespace foxo::net {

namespace {
bool g_wanted = false;
}

void events_open(const std::string& url) {
  if (g_wanted) return;
  g_wanted = true;
  foxo_js_events_open(url.c_str());
}

void events_close() {
  if (!g_wanted) return;
  g_wanted = false;
  foxo_js_events_close();
}

std::vector<LiveEvent> take_events() {
  std::vector<LiveEvent> out;
  char* p = foxo_js_events_take();
  if (!p) return out;
  auto arr = nlohmann::json::parse(p, nullptr, false);
  std::free(p);
  if (!arr.is_array()) return out;
  for (const auto& e : arr) {
    LiveEvent ev;
    switch (e.value("k", 0)) {
      case 0: ev.kind = LiveEvent::Kind::open; break;
      case 1: ev.kind = LiveEvent::Kind::down; break;
      case 2: ev.kind = LiveEvent::Kind::message; break;
      case 4: ev.kind = LiveEvent::Kind::session_end; break;
      default: ev.kind = LiveEvent::Kind::case_; break;
    }
    ev.id = e.value("id", std::string());
    ev.data = e.value("data", std::string());
    out.push_back(std::move(ev));
  }
  return out;
}

}  // namespace foxo::net
