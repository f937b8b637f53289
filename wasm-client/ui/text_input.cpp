// Text fields edited through the page's text proxy: what the proxy reports
// becomes ImGui input, and the frame's fields are published back (see
// text_input.hpp).
#include "ui/text_input.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_internal.h>

#include <cstdlib>
#include <deque>
#include <optional>

#include <nlohmann/json.hpp>

#include "platform/text_proxy.hpp"

namespace foxo::ui {

using nlohmann::json;

namespace {

struct Edit {
  std::string label, value;
  int start = 0, end = 0;  // UTF-16 offsets, as the DOM counts
  long seq = 0;
  int age = 0;  // frames it waited for its field to be active
};

struct Proxy {
  std::optional<Edit> edit;
  long applied_seq = 0;
  std::string submit;  // label whose DOM input saw Enter
  bool blur = false;
  std::deque<bool> tabs;  // queued Tab presses (true: with Shift)
  bool tab_down = false, shift_down = false;
  bool scroll = false;
  float scroll_x = 0, scroll_y = 0, scroll_dy = 0;  // canvas pixels
  bool viewport_changed = false;
  // Touch: the finger is up; frames since the last press ended.
  bool finger_lifted = false;
  int frames_since_press = 0;

  // This frame, for the page.
  json fields = json::array();
  std::string active_label, active_value;
  int sel_start = 0, sel_end = 0;  // UTF-16
  std::string last_published;
  // After the last frame: the active field and its value.
  std::string prev_active_label, prev_active_value;
};

Proxy g;

// UTF-16 length of the UTF-8 bytes [s, s+n): what JavaScript's string indices count.
int utf16_len(const char* s, int n) {
  int units = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

// Byte offset in UTF-8 `s` of the UTF-16 index `units` (clamped).
int utf8_offset(const std::string& s, int units) {
  int u = 0;
  size_t i = 0;
  while (i < s.size() && u < units) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    u += c >= 0xF0 ? 2 : 1;
    i += len;
  }
  return static_cast<int>(std::min(i, s.size()));
}

bool allowed(Keyboard k, unsigned cp) {
  switch (k) {
    case Keyboard::one_time_code: return cp >= '0' && cp <= '9';
    case Keyboard::tel:
      return (cp >= '0' && cp <= '9') || cp == ' ' || cp == '+' || cp == '(' || cp == ')' || cp == '-';
    default: return cp >= 0x20 && cp != 0x7F;  // single-line: no control characters, no newlines
  }
}

// Keeps the characters `k` takes, at most `max_chars` of them (0: no limit).
std::string filtered(const std::string& in, Keyboard k, int max_chars) {
  std::string out;
  int chars = 0;
  for (size_t i = 0; i < in.size();) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > in.size()) break;
    unsigned cp = c;
    if (len == 2) cp = ((c & 0x1F) << 6) | (in[i + 1] & 0x3F);
    if (len == 3) cp = ((c & 0x0F) << 12) | ((in[i + 1] & 0x3F) << 6) | (in[i + 2] & 0x3F);
    if (len == 4) cp = ((c & 0x07) << 18) | ((in[i + 1] & 0x3F) << 12) | ((in[i + 2] & 0x3F) << 6) | (in[i + 3] & 0x3F);
    if (allowed(k, cp)) {
      if (max_chars > 0 && chars >= max_chars) break;
      out.append(in, i, len);
      ++chars;
    }
    i += len;
  }
  return out;
}

struct DomAttrs {
  const char *type, *inputmode, *autocomplete, *autocapitalize;
};

DomAttrs dom_attrs(Keyboard k) {
  switch (k) {
    case Keyboard::given_name: return {"text", "text", "given-name", "words"};
    case Keyboard::family_name: return {"text", "text", "family-name", "words"};
    case Keyboard::tel: return {"tel", "tel", "tel", "off"};
    // SMS code autofill (iOS and Android offer the code from the message).
    case Keyboard::one_time_code: return {"text", "numeric", "one-time-code", "off"};
    // type=text, not email: the DOM refuses selection ranges on email inputs.
    case Keyboard::email: return {"text", "email", "username", "off"};
    case Keyboard::password: return {"password", "text", "current-password", "off"};
    case Keyboard::message: return {"text", "text", "off", "sentences"};
    case Keyboard::text: break;
  }
  return {"text", "text", "off", "sentences"};
}

void key(int glfw_key, bool down) {
  GLFWwindow* w = glfwGetCurrentContext();
  ImGui_ImplGlfw_KeyCallback(w, glfw_key, 0, down ? GLFW_PRESS : GLFW_RELEASE, 0);
}

}  // namespace

void text_input_before_frame() {
  // A press lasts one frame; ImGui 1.86 reads key state, not events.
  if (g.tab_down) {
    key(GLFW_KEY_TAB, false);
    if (g.shift_down) key(GLFW_KEY_LEFT_SHIFT, false);
    g.tab_down = g.shift_down = false;
  } else if (!g.tabs.empty() && !g.edit) {  // the field's text first, then the key
    g.shift_down = g.tabs.front();
    g.tabs.pop_front();
    if (g.shift_down) key(GLFW_KEY_LEFT_SHIFT, true);
    key(GLFW_KEY_TAB, true);
    g.tab_down = true;
  }

  const std::string taken = platform::text_proxy::take();
  if (taken.empty()) return;
  json j = json::parse(taken, nullptr, false);
  if (!j.is_object()) return;
  if (j.contains("edit") && j["edit"].is_object()) {
    const json& e = j["edit"];
    if (g.edit) g.applied_seq = g.edit->seq;  // replaced by a newer state of the DOM input
    g.edit = Edit{e.value("label", ""), e.value("value", ""), e.value("start", 0), e.value("end", 0),
                  e.value("seq", 0L), 0};
  }
  if (j.value("submit", std::string()) != "") g.submit = j["submit"].get<std::string>();
  if (j.value("blur", false)) g.blur = true;
  if (j.contains("keys") && j["keys"].is_array())
    for (const auto& k : j["keys"])
      if (k.value("key", "") == "Tab") g.tabs.push_back(k.value("shift", false));
  if (j.contains("touch")) {
    const std::string t = j.value("touch", "");
    g.finger_lifted = t == "up";
    g.frames_since_press = 0;
  }
  if (j.contains("scroll") && j["scroll"].is_object()) {
    const json& s = j["scroll"];
    g.scroll = true;
    g.scroll_x = s.value("x", 0.0f);
    g.scroll_y = s.value("y", 0.0f);
    g.scroll_dy += s.value("dy", 0.0f);
  }
}

void text_input_before_imgui_new_frame() {
  if (!g.finger_lifted) return;
  ImGuiIO& io = ImGui::GetIO();
  // The browser's compatibility mouse events for a tap come after touchend:
  // keep the position while the press and its release are processed.
  if (io.MouseDown[0]) {
    g.frames_since_press = 0;
    return;
  }
  if (++g.frames_since_press > 2) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

void text_input_after_new_frame(float) {
  ImGuiContext& ctx = *GImGui;
  if (g.blur) {
    // The DOM input lost focus (the phone's keyboard was dismissed with the
    // field, or the user tabbed out of the page): end the edit on the canvas too.
    g.blur = false;
    if (ctx.ActiveId != 0 && ctx.ActiveId == ctx.InputTextState.ID) ImGui::ClearActiveID();
  }
  if (g.scroll) {
    // The deepest scrollable window under the finger (a transcript inside a page).
    const ImVec2 at(g.scroll_x, g.scroll_y);
    ImGuiWindow* best = nullptr;
    int best_depth = -1;
    for (ImGuiWindow* w : ctx.Windows) {
      if (!w->WasActive || w->ScrollMax.y <= 0 || !w->OuterRectClipped.Contains(at)) continue;
      int depth = 0;
      for (ImGuiWindow* p = w->ParentWindow; p; p = p->ParentWindow) ++depth;
      if (depth > best_depth) best = w, best_depth = depth;
    }
    if (best) ImGui::SetScrollY(best, ImClamp(best->Scroll.y - g.scroll_dy, 0.0f, best->ScrollMax.y));
    g.scroll = false;
    g.scroll_dy = 0;
  }
}

void text_input_viewport_changed() { g.viewport_changed = true; }

bool text_input_end_frame() {
  bool more = g.tab_down || !g.tabs.empty() || (g.finger_lifted && g.frames_since_press <= 2);
  if (g.edit) {
    // An edit waits a few frames for its field (the tap that focused the DOM
    // input may not have reached ImGui yet), then is dropped.
    if (++g.edit->age > 3) {
      g.applied_seq = g.edit->seq;
      g.edit.reset();
    } else {
      more = true;
    }
  }
  g.submit.clear();
  g.viewport_changed = false;

  json state = {{"active", g.active_label},
                {"value", g.active_label.empty() ? std::string() : g.active_value},
                {"start", g.sel_start},
                {"end", g.sel_end},
                {"applied", g.applied_seq},
                {"fields", std::move(g.fields)}};
  std::string s = state.dump();
  if (s != g.last_published) {
    platform::text_proxy::publish(s);
    g.last_published = std::move(s);
  }
  g.prev_active_label = g.active_label;
  g.prev_active_value = g.active_value;
  g.fields = json::array();
  g.active_label.clear();
  g.active_value.clear();
  g.sel_start = g.sel_end = 0;
  return more;
}

namespace detail {

const std::string* last_active_value(const std::string& label) {
  return g.prev_active_label == label ? &g.prev_active_value : nullptr;
}

int field_callback(ImGuiInputTextCallbackData* d) {
  const auto* run = static_cast<const FieldRun*>(d->UserData);
  if (d->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return allowed(run->keyboard, d->EventChar) ? 0 : 1;
  if (d->EventFlag != ImGuiInputTextFlags_CallbackAlways) return 0;

  std::optional<std::string> replace;
  int cursor = -1, sel_a = -1, sel_b = -1;
  if (run->external) {
    // The screen set a new value (the composer cleared after Send).
    replace = filtered(*run->external, run->keyboard, run->max_length);
  }
  if (g.edit && g.edit->label == *run->label) {
    std::string v = filtered(g.edit->value, run->keyboard, run->max_length);
    const bool exact = v == g.edit->value;
    replace = std::move(v);
    // The DOM's caret and selection, unless filtering changed the text.
    sel_a = exact ? utf8_offset(*replace, g.edit->start) : static_cast<int>(replace->size());
    sel_b = exact ? utf8_offset(*replace, g.edit->end) : sel_a;
    cursor = sel_b;
    g.applied_seq = g.edit->seq;
    g.edit.reset();
  } else if (run->max_length > 0 && !replace) {
    std::string cur(d->Buf, d->BufTextLen);
    std::string v = filtered(cur, run->keyboard, run->max_length);
    if (v != cur) replace = std::move(v);
  }
  if (replace && std::string_view(d->Buf, d->BufTextLen) != *replace) {
    d->DeleteChars(0, d->BufTextLen);
    d->InsertChars(0, replace->c_str());
  }
  if (replace) {
    const int n = d->BufTextLen;
    if (cursor < 0) cursor = sel_a = sel_b = n;
    d->CursorPos = std::min(cursor, n);
    d->SelectionStart = std::min(sel_a, n);
    d->SelectionEnd = std::min(sel_b, n);
  }
  g.active_label = *run->label;
  g.active_value.assign(d->Buf, d->BufTextLen);
  const int a = std::min(d->SelectionStart, d->SelectionEnd), b = std::max(d->SelectionStart, d->SelectionEnd);
  g.sel_start = utf16_len(d->Buf, a);
  g.sel_end = utf16_len(d->Buf, b);
  if (a == b) g.sel_start = g.sel_end = utf16_len(d->Buf, d->CursorPos);
  return 0;
}

bool field_drawn(const std::string& label, Keyboard keyboard, bool submit_on_enter, const std::string& value,
                 bool active, float x, float y, float w, float h) {
  const DomAttrs a = dom_attrs(keyboard);
  const char* enter = keyboard == Keyboard::message ? "send" : submit_on_enter ? "go" : "next";
  g.fields.push_back({{"label", label},
                      {"x", x},
                      {"y", y},
                      {"w", w},
                      {"h", h},
                      {"value", value},
                      {"type", a.type},
                      {"inputmode", a.inputmode},
                      {"autocomplete", a.autocomplete},
                      {"autocapitalize", a.autocapitalize},
                      {"enterkeyhint", enter},
                      // The proxy shows the text over the field with these (canvas pixels).
                      {"font", ImGui::GetFontSize()},
                      {"pad", ImGui::GetStyle().FramePadding.x}});
  if (active && g.viewport_changed) {
    // The visible area shrank (on-screen keyboard): bring the field back into view.
    ImGuiWindow* win = ImGui::GetCurrentWindow();
    if (y < win->InnerClipRect.Min.y || y + h > win->InnerClipRect.Max.y) ImGui::SetScrollHereY(0.5f);
  }
  if (!active && g.active_label == label) g.active_label.clear();  // deactivated during its own call (Tab)
  if (g.submit == label) {
    g.submit.clear();
    // Enter on a field that submits nothing moves on, as the phone
    // keyboard's "next" key promises (enterkeyhint).
    if (!submit_on_enter) g.tabs.push_back(false);
    return submit_on_enter;
  }
  return false;
}

}  // namespace detail

}  // namespace foxo::ui
