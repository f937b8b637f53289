// Dear ImGui widgets as the screens use them: full-width, touch-sized (at
// least 44 CSS px tall), sized in multiples of the font size, and each
// recorded (label, kind, rect) in a per-frame registry that feeds the
// dev-only browser test hook.
#pragma once
#include <string>
#include <vector>

#include "platform/platform.hpp"
#include "platform/semantics.hpp"
#include "ui/palette.hpp"
#include "ui/text_input.hpp"

namespace foxo::ui {

// Clears the registry; call once before drawing a frame.
void begin_frame();
// Keyboard use, after the platform backend's NewFrame and before
// ImGui::NewFrame: Tab / Shift+Tab move focus through every widget of the
// last frame in drawing order (fields, buttons, rows, the menu button);
// Enter and Space press the focused button, arrow keys move between buttons
// (ImGui's keyboard navigation). The focused widget gets a ring. Returns true
// when a key was handled (a frame follows to take the next).
bool keyboard_before_new_frame();
// A step led to another screen: no focus ring until a key asks for one (the
// new screen's heading has the screen reader's focus, www/foxo-a11y.js).
void screen_changed();
const std::vector<platform::HookItem>& frame_items();
// The frame's semantics tree (platform/semantics.hpp): every widget and text
// drawn, as nodes with a role, a name and their state.
const std::vector<platform::SemNode>& frame_semantics();
// The message texts drawn this frame, for selecting and copying them.
const std::vector<platform::CopyableText>& frame_copyable();

// Applies `palette` (ui/palette.hpp) with sizes scaled by `scale`: canvas
// pixels per CSS pixel (devicePixelRatio) times the reader's text size
// (root font size / 16), so zoom and larger text both grow everything.
void apply_style(float scale, const Palette& palette);

float em();  // the current font size in canvas pixels

// One full-screen page with a centred column at most `max_em` wide.
// `scroll`: false for pages that lay out their own scrolling areas (chat);
// they scroll anyway when the page is under 30 em tall (large text).
void begin_page(const char* id, float max_em = 26.0f, bool scroll = true);
void end_page();
float column_width();
// Narrows (or widens) the column for what follows, e.g. the right pane of a
// two-pane staff page; restore with the returned previous value.
float set_column_width(float w);

void title(const std::string& text);
void text(const std::string& text);
void muted(const std::string& text);
void error(const std::string& text);
void gap(float ems = 1.0f);
// What follows, until end_group(), is one part of the semantics tree:
// "nav" (the menu, a navigation landmark), "dialog" (a confirmation) or
// "log" (the transcript), named `name`. Draws nothing.
void begin_group(const char* role, const std::string& name);
void end_group();

struct InputOptions {
  Keyboard keyboard = Keyboard::text;
  bool submit_on_enter = false;
  int max_length = 0;    // characters; 0: no limit
  float width = 0;       // canvas pixels; 0: the column
  bool required = false;  // marked "Required" beside the label
  bool optional = false;  // marked "Optional" beside the label
  bool hide_label = false;  // no label line; the label shows as a hint inside (the composer)
};
// A labelled input. Returns true when Enter was pressed in it (when asked).
// `focus_next` holds a label to focus this frame; it is cleared once used.
bool input(const std::string& label, std::string& value, std::string& focus_next,
           const InputOptions& opt = {}, const std::string& error_text = {});
// A value shown in an input's frame that cannot be changed (name and phone
// on the identifiers screen). Not interactive, so not in the hook.
void readonly_field(const std::string& label, const std::string& value);

// `shown` replaces the visible text (a countdown) while `label` stays the
// widget's identity for ImGui and the test hook. `width`: 0 the column, < 0
// just wide enough for the text.
bool button(const std::string& label, bool primary = true, bool enabled = true, const std::string& shown = {},
            float width = 0);
float button_width(const std::string& text);  // what button(..., -1) takes
// A list row (an earlier chat, a queued case), with an unread badge when > 0.
// `key` names the row for ImGui (a case id): give it whenever `detail` can
// change while the row stays, since a press whose row changed its name between
// mouse down and up is lost ("Waiting under a minute" becoming "Waiting 1 min",
// a label arriving). Empty: the label and detail name it.
bool item(const std::string& label, const std::string& detail = {}, int badge = 0, bool selected = false,
          const std::string& key = {});
// The hamburger button, labelled for the hook and screen readers, at the
// right end of the column (top right, as the product describes it): on a
// line of its own, or after ImGui::SameLine() at the end of a row.
bool menu_button(const std::string& label);
float menu_button_size();  // its width and height
// A tinted box with wrapped text across the column (notices such as a close request).
void banner(const std::string& text);

// A scrolling area `height` canvas pixels tall (<= 0: the rest of the page
// minus -height). Always pair with end_scroll().
void begin_scroll(const char* id, float height);
// `stick_to_bottom`: scroll to the end (new messages while at the end).
void end_scroll(bool stick_to_bottom = false);
// Whether the current scroll area is scrolled to its end (within half a line).
bool at_scroll_end();

enum class Side { theirs, mine, system };
// One chat message: author and time above the body, in a bubble.
void message_bubble(Side side, const std::string& author, const std::string& time, const std::string& body,
                    const std::string& note = {});
// A message carrying a file: author and time, then the image (a thumbnail
// texture, `tex` != 0, `tw` x `th` canvas pixels) or the file's name and
// `detail` (size), then a Download button labelled `download_label`.
// Returns true when Download was pressed.
bool attachment_bubble(Side side, const std::string& author, const std::string& time, const std::string& name,
                       const std::string& detail, unsigned tex, int tw, int th, const std::string& download_label);
// A file being sent or refused: its name, `status` (progress or the reason
// it was not sent) and the buttons asked for. Which one was pressed.
struct UploadButtons { bool cancel = false, retry = false; };
UploadButtons upload_bubble(const std::string& name, const std::string& status, float progress, bool failed,
                            bool offer_retry);
// Files dragged over the page: a highlight over the whole page with `text`.
void drop_highlight(const std::string& text);
// "Today", "Mon 3 June" between messages of different days.
void day_separator(const std::string& text);

// Wrapped text the reader can select and copy (right click, double click or
// long press, as a message's text): a two-factor key, recovery codes.
void selectable_text(const std::string& text);
// A QR code from its modules (`size` * `size` characters, '1' dark, row by
// row), drawn as squares of whole canvas pixels on white with the 4-module
// quiet zone, at most `max_ems` font sizes wide (and never wider than the column).
void qr_code(int size, const std::string& modules, float max_ems = 12.0f);

}  // namespace foxo::ui
