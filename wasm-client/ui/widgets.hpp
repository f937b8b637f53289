// Dear ImGui widgets as the screens use them: full-width, touch-sized, sized
// in multiples of the font size, and each recorded (label, kind, rect) in a
// per-frame registry that feeds the dev-only browser test hook.
#pragma once
#include <string>
#include <vector>

#include "platform/platform.hpp"

namespace foxo::ui {

// Clears the registry; call once before drawing a frame.
void begin_frame();
const std::vector<platform::HookItem>& frame_items();

// Applies the light theme with sizes scaled for `pixel_ratio`.
void apply_style(float pixel_ratio);

float em();  // the current font size in canvas pixels

// One full-screen page with a centred column at most `max_em` wide.
void begin_page(const char* id, float max_em = 26.0f);
void end_page();
float column_width();

void title(const std::string& text);
void text(const std::string& text);
void muted(const std::string& text);
void error(const std::string& text);
void gap(float ems = 1.0f);

struct InputOptions {
  bool password = false;
  bool digits_only = false;    // a code
  bool phone = false;          // digits, spaces, + ( ) -
  bool submit_on_enter = false;
  int max_length = 0;          // characters; 0: no limit
};
// A labelled input. Returns true when Enter was pressed in it (when asked).
// `focus_next` holds a label to focus this frame; it is cleared once used.
bool input(const std::string& label, std::string& value, std::string& focus_next,
           const InputOptions& opt = {}, const std::string& error_text = {});

// `shown` replaces the visible text (a countdown) while `label` stays the
// widget's identity for ImGui and the test hook.
bool button(const std::string& label, bool primary = true, bool enabled = true, const std::string& shown = {});
// A list row (an earlier chat, a queued case).
bool item(const std::string& label, const std::string& detail = {});
// The hamburger button, labelled for the hook and screen readers.
bool menu_button(const std::string& label);

}  // namespace foxo::ui
