// The browser around the canvas: sizes and pixel ratio, frame scheduling,
// the page's URL, and the dev-only test hook. Thin EM_JS bridges; no app logic.
#pragma once
#include <string>
#include <vector>

namespace foxo::platform {

// Installs the page listeners that wake the frame loop. Call once at start.
void init();

// Asks for a frame on the next animation frame (coalesced). Everything that
// changes what is shown calls this: input, network answers, timers.
void request_frame();
// Wakes the frame loop once after `ms` (replaces the previous timer).
void wake_after(double ms);

struct Viewport {
  int css_width = 0, css_height = 0;  // visible page area, CSS pixels
  double pixel_ratio = 1.0;           // devicePixelRatio
  int css_top = 0;                    // visual viewport's offset in the page (iOS scrolls for the keyboard)
};
Viewport viewport();
// Sizes the canvas: displayed in CSS pixels, drawn in device pixels (which
// GLFW then reports as the window and framebuffer size).
void size_canvas(int css_width, int css_height, int pixel_width, int pixel_height, int css_top = 0);

std::string location_path();  // window.location.pathname
double now_ms();              // monotonic
double wall_ms();             // Date.now(): for ages ("waiting 5 min") and days

// Times from the relay (RFC 3339) in this browser's zone and locale.
double parse_time_ms(const std::string& rfc3339);  // 0 when unreadable
std::string format_clock(double wall_ms);          // "14:05" / "2:05 PM"
std::string format_day(double wall_ms);            // "Monday, 3 June 2024"
int day_key(double wall_ms);                       // local yyyymmdd

bool page_visible();  // document.visibilityState == "visible"
void set_title(const std::string& title);

// localStorage (empty when unavailable, e.g. blocked storage).
std::string store_get(const std::string& key);
void store_set(const std::string& key, const std::string& value);

// 128 random bits from crypto.getRandomValues, as 32 hex digits.
std::string random_id();

// The first frame is on screen: drop the HTML loading state.
void first_frame_shown();
enum class Cursor { normal, pointer, text };
void set_cursor(Cursor c);

// Screen-reader mirror (aria-live="polite"): one element per line. Lines
// added at the end are appended, so a screen reader announces only them.
void set_live_lines(const std::vector<std::string>& lines);

// Where each message's text is on the canvas (canvas pixels), so a right
// click, double click or long press can open it as selectable page text
// (www/foxo-select.js). Sent only when it changed.
struct CopyableText {
  float x, y, w, h;
  std::string text;
};
void set_copyable(const std::vector<CopyableText>& regions);

// --- Dev-only browser test hook (docs/API.md) ---
struct HookItem {
  std::string label;
  const char* kind;  // button, input, checkbox, item, menu
  float x, y, w, h;  // canvas pixels; the JS side converts to CSS pixels
  // Beyond docs/API.md, for tests to await instead of sleeping: whether it
  // has the keyboard focus (every widget), and how many characters an input
  // holds (-1: not an input).
  bool focused = false;
  int length = -1;
};
void install_test_hook();
// Publishes what the last frame drew; a no-op until the hook is installed.
void publish_frame(const std::string& screen, const std::vector<HookItem>& items);

}  // namespace foxo::platform
