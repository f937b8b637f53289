// Text entry through a real DOM <input> (www/foxo-input.js), for phones and
// desktops alike. A canvas cannot open a phone's keyboard, offer SMS code
// autofill, take an IME composition or use the browser clipboard; an <input>
// can. While an ImGui input is active, one hidden <input> sits over it, is
// configured for that field (type, inputmode, autocomplete, enterkeyhint) and
// does the editing; each frame its value and selection are copied into the
// ImGui field, and changes made on the canvas side (a click that moves the
// caret, the screen clearing the composer after Send) are copied back.
//
// Also here: finger drags on the canvas, which the page turns into scroll
// deltas with momentum and which this module applies to the scrollable
// window under the finger.
#pragma once
#include <string>

struct ImGuiInputTextCallbackData;

namespace foxo::ui {

// How the DOM input behaves for a field: the keyboard a phone shows, what
// autofill offers, what the Enter key says, and which characters it takes.
enum class Keyboard { text, given_name, family_name, tel, one_time_code, email, password, message };

// Before ImGui::NewFrame: takes what the page queued since the last frame and
// feeds key presses (Tab) to ImGui, one press per frame.
void text_input_before_frame();
// After the platform backend's NewFrame, before ImGui::NewFrame: after a
// finger lifts (and its tap was delivered), the pointer leaves the canvas, so
// nothing stays drawn as hovered under where the finger was.
void text_input_before_imgui_new_frame();
// After ImGui::NewFrame: deactivates the field when the DOM input lost focus,
// applies finger scrolling.
void text_input_after_new_frame(float pixel_ratio);
// After drawing: tells the page about the frame's inputs and the active one
// (only when something changed). Returns true when another frame is needed
// (a key press to release, an edit not yet applied).
bool text_input_end_frame();
// The viewport changed size (a phone keyboard opened): keep the active field in view.
void text_input_viewport_changed();

// For ui::input (widgets.cpp) only.
namespace detail {
struct FieldRun {
  const std::string* label;
  Keyboard keyboard;
  int max_length;               // characters; 0: none
  const std::string* external;  // the screen replaced the value while the field was active
};
// The ImGui callback every proxied InputText uses (CallbackAlways + CharFilter).
int field_callback(ImGuiInputTextCallbackData* data);
// Called right after the field's InputText; `rect` in canvas pixels.
// Returns true when Enter was pressed in this field's DOM input.
bool field_drawn(const std::string& label, Keyboard keyboard, bool submit_on_enter, const std::string& value,
                 bool active, float x, float y, float w, float h);
// The value the active field had after the last frame (to spot external changes).
const std::string* last_active_value(const std::string& label);
}  // namespace detail

}  // namespace foxo::ui
