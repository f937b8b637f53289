// The widgets screens draw with, each recorded for the test hook; keyboard
// focus and Tab order; the style (see widgets.hpp).
//
// Index: the frame's registries (hook items, copyable text, focusables) and
// focus; begin_frame and the key presses taken per frame; style and page
// layout; text, inputs, buttons, list items, menus, banners; scrolling; the
// transcript's bubbles (message, attachment, upload); drop highlight, day
// separator.
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "platform/keyboard.hpp"
#include "platform/semantics.hpp"
#include "ui/fonts.hpp"
#include "ui/palette.hpp"
#include "ui/text.hpp"
#include "foxo/text.hpp"

namespace foxo::ui {

namespace {

std::vector<platform::HookItem> g_items;
std::vector<platform::CopyableText> g_copyable;

// The semantics tree of the frame (platform/semantics.hpp): a node for each
// thing drawn, in drawing order. Groups (nav, dialog, log, begin_group) and
// lists (consecutive rows) hold the nodes drawn while they are open.
std::vector<platform::SemNode> g_sem;
std::vector<std::size_t> g_groups;  // indexes into g_sem of the open groups
std::size_t g_list = SIZE_MAX;      // the list the last row went into, while rows follow
ImGuiID g_activate = 0;             // a widget the semantics tree activated, pressed when drawn
platform::SemNode* g_last_node = nullptr;  // the node the last record() added
float g_column_width = 0;
float g_column_x = 0;  // the column's left edge (window cursor x)
float g_indent = 0;
// Pages shorter than this many ems scroll as a whole (begin_page).
constexpr float kShortPageEms = 30.0f;

// The scheme in use (ui/palette.hpp), set by apply_style.
Palette g_palette = light_palette();
ImVec4 col(Rgb c, float alpha = 1.0f) { return ImVec4(c.r, c.g, c.b, alpha); }
ImU32 u32(Rgb c, float alpha = 1.0f) { return ImGui::GetColorU32(col(c, alpha)); }

// Keyboard focus order: every enabled widget drawn, in drawing order (which
// is reading order). ImGui 1.86's Tab only visits text fields; Tab and
// Shift+Tab here visit buttons and list rows too.
struct Focusable {
  ImGuiID id;
  ImGuiWindow* window;
  bool input;
};
std::vector<Focusable> g_focusables, g_prev_focusables;
ImGuiID g_focus_request = 0;  // the widget Tab moves to, focused when drawn

// Moves keyboard focus to the widget just drawn.
void take_focus(const Focusable& f) {
  ImGuiContext& g = *GImGui;
  if (f.input) {
    // Activates the field (and so the page's text proxy), as ImGui's own Tab does.
    ImGui::SetKeyboardFocusHere(-1);
  } else {
    if (g.ActiveId != 0) ImGui::ClearActiveID();  // leave the text field
    ImGui::SetFocusID(f.id, f.window);
    ImGui::ScrollToItem();
  }
  g.NavDisableHighlight = false;  // show where focus is
  g.NavDisableMouseHover = true;
}

// A focus ring thicker than ImGui's (2 device px is under 1 CSS px at 3x).
void draw_focus_ring(ImGuiID id) {
  ImGuiContext& g = *GImGui;
  if (g.NavDisableHighlight || g.NavId != id || id == 0) return;
  const float t = std::max(2.0f, 0.15f * em());
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - t, a.y - t), ImVec2(b.x + t, b.y + t),
                                      u32(g_palette.focus), ImGui::GetStyle().FrameRounding + t, 0, t);
}

unsigned open_group() { return g_groups.empty() ? 0 : g_sem[g_groups.back()].id; }

// Adds a node for `r` (clipped to the current window; none when nothing of it
// shows). Rows go into a list of their own, opened by the first of them.
platform::SemNode* add_node(const char* role, const std::string& name, ImRect r, ImGuiID id) {
  r.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0 || name.empty()) return nullptr;
  const bool row = std::strcmp(role, "listitem") == 0;
  unsigned parent = open_group();
  if (row) {
    if (g_list == SIZE_MAX || g_sem[g_list].parent != parent) {
      platform::SemNode list;
      list.role = "list";
      list.name = name;  // not shown; keeps the list's id apart from its first row's
      list.id = ImHashStr("list", 0, id);
      list.parent = parent;
      list.x = r.Min.x, list.y = r.Min.y;
      g_sem.push_back(std::move(list));
      g_list = g_sem.size() - 1;
    }
    platform::SemNode& list = g_sem[g_list];
    list.w = std::max(list.w, r.Max.x - list.x);
    list.h = std::max(list.h, r.Max.y - list.y);
    parent = list.id;
  } else {
    g_list = SIZE_MAX;  // anything else between rows ends their list
  }
  platform::SemNode n;
  n.id = id;
  n.role = role;
  n.name = name;
  n.x = r.Min.x, n.y = r.Min.y, n.w = r.GetWidth(), n.h = r.GetHeight();
  n.parent = parent;
  g_sem.push_back(std::move(n));
  return &g_sem.back();
}

// A node for text drawn at [a, b]: its id from the text where it is drawn,
// so the same line keeps its DOM element from frame to frame.
platform::SemNode* text_node(const char* role, const std::string& t, ImVec2 a, ImVec2 b) {
  ImGuiID id = ImHashStr(t.c_str(), t.size(), ImHashStr(role, 0, ImGui::GetCurrentWindow()->IDStack.back()));
  // The same words twice on one screen ("Cancel" notes, two "Loading…"): apart by their order.
  for (const auto& n : g_sem)
    if (n.id == id) id = ImHashData(&id, sizeof id, static_cast<ImGuiID>(g_sem.size()));
  return add_node(role, t, ImRect(a, b), id);
}

const char* keyboard_name(Keyboard k) {
  switch (k) {
    case Keyboard::given_name: return "given-name";
    case Keyboard::family_name: return "family-name";
    case Keyboard::tel: return "tel";
    case Keyboard::one_time_code: return "one-time-code";
    case Keyboard::email: return "email";
    case Keyboard::password: return "password";
    case Keyboard::message: return "message";
    case Keyboard::text: break;
  }
  return "text";
}

// Records the last item, clipped to what its window shows, if any of it shows.
// Returns true when the semantics tree activated it (a screen reader's double
// tap, Enter on its DOM button): the widget then reports a press.
bool record(const std::string& label, const char* kind, const std::string* text = nullptr) {
  g_last_node = nullptr;
  if (!ImGui::IsItemVisible()) return false;
  const ImGuiID id = ImGui::GetItemID();
  const bool disabled = (GImGui->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;
  bool activated = false;
  if (id != 0 && id == g_activate) {
    g_activate = 0;
    activated = !disabled;
  }
  if (id != 0 && !(GImGui->LastItemData.InFlags & ImGuiItemFlags_Disabled)) {
    const Focusable f{id, ImGui::GetCurrentWindow(), text != nullptr};
    g_focusables.push_back(f);
    if (id == g_focus_request) {
      g_focus_request = 0;
      take_focus(f);
    }
    draw_focus_ring(id);
  }
  ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  r.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0) return activated;
  platform::HookItem item{label, kind, r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()};
  // A field has the focus while it is active; a button or row while it holds
  // the keyboard navigation and its ring shows.
  item.focused = text ? ImGui::IsItemActive()
                      : GImGui->NavId == ImGui::GetItemID() && !GImGui->NavDisableHighlight && GImGui->ActiveId == 0;
  if (text) {
    item.length = 0;
    for (unsigned char c : *text) item.length += (c & 0xC0) != 0x80;  // UTF-8 characters
  }
  const char* role = std::strcmp(kind, "input") == 0 ? "textbox" : std::strcmp(kind, "item") == 0 ? "listitem" : kind;
  if (platform::SemNode* n = add_node(role, label, r, id)) {
    n->focused = item.focused;
    n->disabled = disabled;
    g_last_node = n;
  }
  g_items.push_back(std::move(item));
  return activated;
}

// Wrapped text across what is left of the column, as one ImGui item.
void paragraph(const std::string& t, ImU32 color, FontRole role = FontRole::body) {
  const float w = std::min(column_width(), ImGui::GetContentRegionAvail().x);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size = text_size(t, role, w);
  draw_text(ImGui::GetWindowDrawList(), pos, t, color, role, w);
  ImGui::Dummy(ImVec2(std::max(1.0f, size.x), std::max(size.y, line_height(role))));
}

// Single-line text vertically centred in the last item's rectangle, clipped to it.
void item_label(const std::string& t, ImU32 color, bool centred) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImVec2 size = text_size(t);
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float x = centred ? std::max(a.x + pad, (a.x + b.x - size.x) * 0.5f) : a.x + pad;
  const ImVec4 clip(a.x, a.y, b.x - pad * 0.5f, b.y);
  draw_text(ImGui::GetWindowDrawList(), ImVec2(x, (a.y + b.y - size.y) * 0.5f), t, color, FontRole::body, 0, &clip);
}

}  // namespace

namespace {
// A message's text at [a, b] may be opened for selection, where it shows.
void copyable(ImVec2 a, ImVec2 b, const std::string& text) {
  ImRect r(a, b);
  r.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0 || text.empty()) return;
  g_copyable.push_back({r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight(), text});
}
}  // namespace

void begin_frame() {
  g_items.clear();
  g_copyable.clear();
  g_sem.clear();
  g_groups.clear();
  g_list = SIZE_MAX;
  g_last_node = nullptr;
  g_prev_focusables.swap(g_focusables);
  g_focusables.clear();
}

bool keyboard_before_new_frame() {
  ImGuiIO& io = ImGui::GetIO();
  ImGuiContext& g = *GImGui;
  g_focus_request = 0;  // one not drawn last frame is void (the screen changed)
  const int tab_key = io.KeyMap[ImGuiKey_Tab];
  // Tab from the text proxy arrives as key state (text_input.cpp presses it
  // for one frame); every other press through the queue, one per frame.
  bool tab = tab_key >= 0 && io.KeysDown[tab_key];
  bool shift = io.KeyShift;
  const std::optional<platform::KeyPress> press = platform::take_key_press();
  if (press) {
    switch (press->key) {
      case platform::KeyPress::Key::tab:
        tab = true;
        shift = press->shift;
        break;
      case platform::KeyPress::Key::enter:  // Enter on a focused button presses it, as Space does
      case platform::KeyPress::Key::space:
        // Only where the focus ring shows: after a click the last clicked
        // button still holds ImGui's focus, unseen; the first press shows it.
        if (!g.NavDisableHighlight) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
        break;
      case platform::KeyPress::Key::left: io.NavInputs[ImGuiNavInput_KeyLeft_] = 1.0f; break;
      case platform::KeyPress::Key::right: io.NavInputs[ImGuiNavInput_KeyRight_] = 1.0f; break;
      case platform::KeyPress::Key::up: io.NavInputs[ImGuiNavInput_KeyUp_] = 1.0f; break;
      case platform::KeyPress::Key::down: io.NavInputs[ImGuiNavInput_KeyDown_] = 1.0f; break;
    }
    // Arrow keys and Enter show the focus ring, as ImGui's own key handling would.
    if (press->key != platform::KeyPress::Key::tab) g.NavDisableHighlight = false;
  }
  // ImGui must not tab on its own as well (its Tab visits text fields only).
  if (tab_key >= 0) io.KeysDown[tab_key] = false;
  if (tab && !g_prev_focusables.empty()) {
    const ImGuiID current = g.ActiveId != 0 ? g.ActiveId : g.NavId;
    const int n = static_cast<int>(g_prev_focusables.size());
    int at = -1;
    for (int i = 0; i < n; ++i)
      if (g_prev_focusables[i].id == current) at = i;
    const int dir = shift ? -1 : 1;
    const int next = at < 0 ? (dir > 0 ? 0 : n - 1) : (at + dir + n) % n;
    g_focus_request = g_prev_focusables[next].id;
  }
  // The semantics tree (www/foxo-a11y.js): DOM focus moved to a node, or a
  // node was activated. The widget takes it when drawn this frame.
  g_activate = 0;
  std::optional<platform::SemAction> action;
  if (!tab && (action = platform::take_semantics_action())) {
    if (action->kind == platform::SemAction::Kind::press) g_activate = action->id;
    // Focus follows: the ring shows on the widget the reader is on.
    if (action->id != (g.ActiveId != 0 ? g.ActiveId : g.NavId) || g.NavDisableHighlight)
      g_focus_request = action->id;
  }
  return press.has_value() || action.has_value();
}
void screen_changed() { GImGui->NavDisableHighlight = true; }

const std::vector<platform::HookItem>& frame_items() { return g_items; }
const std::vector<platform::SemNode>& frame_semantics() {
  // The last title drawn is the screen's own ("Enter the code" under the
  // team's name, a case's subject beside the staff lists): the h1, the one a
  // step to a new screen focuses; titles before it are h2.
  platform::SemNode* last = nullptr;
  for (auto& n : g_sem)
    if (std::strcmp(n.role, "heading") == 0) {
      n.level = 2;
      last = &n;
    }
  if (last) last->level = 1;
  return g_sem;
}
const std::vector<platform::CopyableText>& frame_copyable() { return g_copyable; }

float em() { return ImGui::GetFontSize(); }

void apply_style(float r, const Palette& palette) {
  ImGuiStyle style;  // fresh defaults: scaling is not cumulative
  ImGui::StyleColorsLight(&style);
  // In font-size units (kBaseFontCss CSS px), then scaled to device pixels.
  const float u = kBaseFontCss;
  style.WindowPadding = ImVec2(u, u);
  // 17 px text + 2 x 0.8 em padding = 44 CSS px: the minimum touch target.
  style.FramePadding = ImVec2(0.6f * u, 0.8f * u);
  style.ItemSpacing = ImVec2(0.5f * u, 0.5f * u);
  style.ItemInnerSpacing = ImVec2(0.4f * u, 0.4f * u);
  style.FrameRounding = 0.35f * u;
  style.GrabRounding = 0.35f * u;
  style.FrameBorderSize = 1.0f;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 0;
  style.WindowRounding = 0;
  style.ScrollbarSize = 0.5f * u;
  style.ScrollbarRounding = 0.25f * u;
  style.TouchExtraPadding = ImVec2(0.2f * u, 0.2f * u);
  style.ScaleAllSizes(r);
  style.FrameBorderSize = 1.0f;  // a hairline, whatever the ratio
  // ScaleAllSizes floors the padding: at 1 device px per CSS px a frame came
  // to 17 + 2 x 13 = 43 px. Rounded up, frames stay at least 2.6 em (44 CSS px).
  style.FramePadding.y = std::ceil((2.6f * u * r - std::round(u * r)) * 0.5f);

  g_palette = palette;
  const Palette& p = palette;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = col(p.page);
  c[ImGuiCol_ChildBg] = col(p.page, 0);
  c[ImGuiCol_Text] = col(p.text);
  c[ImGuiCol_TextDisabled] = col(p.muted);
  c[ImGuiCol_FrameBg] = col(p.field);
  c[ImGuiCol_FrameBgHovered] = col(p.field_hover);
  c[ImGuiCol_FrameBgActive] = col(p.field);
  c[ImGuiCol_Border] = col(p.border);
  c[ImGuiCol_Button] = col(p.button);
  c[ImGuiCol_ButtonHovered] = col(p.button_hover);
  c[ImGuiCol_ButtonActive] = col(p.button_active);
  c[ImGuiCol_Header] = col(p.button);
  c[ImGuiCol_HeaderHovered] = col(p.button_hover);
  c[ImGuiCol_HeaderActive] = col(p.button_active);
  c[ImGuiCol_ScrollbarBg] = col(p.page, 0);
  c[ImGuiCol_ScrollbarGrab] = col(p.border);
  c[ImGuiCol_ScrollbarGrabHovered] = col(p.muted);
  c[ImGuiCol_ScrollbarGrabActive] = col(p.text);
  c[ImGuiCol_NavHighlight] = col(p.focus);
  ImGui::GetStyle() = style;
}

void begin_page(const char* id, float max_em, bool scroll) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  // Too short for its header, a readable transcript and the composer (large
  // text on a phone, 320 CSS px at 200 %): the page scrolls as a whole, and
  // begin_scroll keeps its area a few lines tall, so nothing is out of reach.
  if (vp->WorkSize.y < kShortPageEms * em()) scroll = true;
  if (!scroll) flags |= ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin(id, nullptr, flags);
  const float avail = ImGui::GetContentRegionAvail().x;
  g_column_width = std::min(avail, max_em * em());
  g_indent = std::max(0.0f, (avail - g_column_width) * 0.5f);
  if (g_indent > 0) ImGui::Indent(g_indent);
  g_column_x = ImGui::GetCursorPosX();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + g_column_width);
}

void end_page() {
  ImGui::PopTextWrapPos();
  if (g_indent > 0) ImGui::Unindent(g_indent);
  ImGui::End();
}

float column_width() { return g_column_width; }
float set_column_width(float w) {
  const float before = g_column_width;
  g_column_width = w;
  return before;
}

void title(const std::string& t) {
  paragraph(t, ImGui::GetColorU32(ImGuiCol_Text), FontRole::title);
  // Levels when the frame is done (frame_semantics): the screen's own title is drawn last.
  text_node("heading", t, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void text(const std::string& t) {
  paragraph(t, ImGui::GetColorU32(ImGuiCol_Text));
  text_node("text", t, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void muted(const std::string& t) {
  paragraph(t, u32(g_palette.muted));
  text_node("text", t, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void error(const std::string& t) {
  if (t.empty()) return;
  paragraph(t, u32(g_palette.error));
  // An alert: announced where it appears (www/foxo-a11y.js keeps the
  // aria-live mirror from saying it a second time).
  text_node("alert", t, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void begin_group(const char* role, const std::string& name) {
  platform::SemNode n;
  n.role = role;
  n.name = name;
  n.id = ImHashStr(name.c_str(), name.size(), ImHashStr(role, 0, ImGui::GetCurrentWindow()->IDStack.back()));
  n.parent = open_group();
  n.x = n.y = FLT_MAX;
  g_list = SIZE_MAX;
  g_sem.push_back(std::move(n));
  g_groups.push_back(g_sem.size() - 1);
}

void end_group() {
  if (g_groups.empty()) return;
  const std::size_t at = g_groups.back();
  g_groups.pop_back();
  g_list = SIZE_MAX;
  // Its rectangle: around what was recorded in it (nothing: it goes).
  float x1 = -FLT_MAX, y1 = -FLT_MAX;
  platform::SemNode& g = g_sem[at];
  for (std::size_t i = at + 1; i < g_sem.size(); ++i) {
    const auto& n = g_sem[i];
    if (n.w <= 0 || n.h <= 0) continue;
    g.x = std::min(g.x, n.x), g.y = std::min(g.y, n.y);
    x1 = std::max(x1, n.x + n.w), y1 = std::max(y1, n.y + n.h);
  }
  if (x1 == -FLT_MAX) {
    g_sem.erase(g_sem.begin() + static_cast<std::ptrdiff_t>(at));
    return;
  }
  g.w = x1 - g.x, g.h = y1 - g.y;
}

void gap(float ems) { ImGui::Dummy(ImVec2(1, ems * em())); }

bool input(const std::string& label, std::string& value, std::string& focus_next, const InputOptions& opt,
           const std::string& error_text) {
  if (!opt.hide_label) {
    // The label, then "Required" or "Optional" after it on the same line.
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 ls = text_size(label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_text(dl, pos, label, ImGui::GetColorU32(ImGuiCol_Text));
    if (opt.required || opt.optional)
      draw_text(dl, ImVec2(pos.x + ls.x + 0.5f * em(), pos.y), opt.required ? "Required" : "Optional",
                u32(opt.required ? g_palette.error : g_palette.muted));
    ImGui::Dummy(ImVec2(std::max(1.0f, ls.x), ls.y));
  }
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_CallbackCharFilter;
  if (opt.keyboard == Keyboard::password) flags |= ImGuiInputTextFlags_Password;
  if (focus_next == label) {
    ImGui::SetKeyboardFocusHere();
    focus_next.clear();
  }
  const std::string id = "##" + label;
  // A value the screen changed while the field was active (ImGui would keep
  // its own copy): hand it to the field through the callback.
  const bool was_active = ImGui::GetActiveID() == ImGui::GetID(id.c_str());
  const std::string* before = was_active ? detail::last_active_value(label) : nullptr;
  const std::string external = value;
  detail::FieldRun run{&label, opt.keyboard, opt.max_length, before && *before != value ? &external : nullptr};

  if (!error_text.empty()) ImGui::PushStyleColor(ImGuiCol_Border, col(g_palette.error));
  ImGui::SetNextItemWidth(opt.width > 0 ? opt.width : column_width());
  // ImGui edits and tracks the field; its own text stays unseen. While the
  // field is active the page's text proxy shows the text, caret, selection
  // and any IME composition over it; otherwise ui::draw_text shows the value.
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_TextSelectedBg, ImVec4(0, 0, 0, 0));
  ImGui::InputText(id.c_str(), &value, flags, detail::field_callback, &run);
  ImGui::PopStyleColor(2);
  if (!error_text.empty()) ImGui::PopStyleColor();
  const bool active = ImGui::IsItemActive();
  if (!active) {
    if (value.empty()) {
      if (opt.hide_label) item_label(label, u32(g_palette.muted), false);
    } else if (opt.keyboard == Keyboard::password) {
      std::string dots;
      for (unsigned char c : value)
        if ((c & 0xC0) != 0x80) dots += "\u2022";
      item_label(dots, ImGui::GetColorU32(ImGuiCol_Text), false);
    } else {
      item_label(value, ImGui::GetColorU32(ImGuiCol_Text), false);
    }
  }
  // Focused from the semantics tree, a field is activated (and the page's text proxy with it).
  record(label, "input", &value);
  platform::SemNode* node = g_last_node;
  const std::size_t node_at = node ? static_cast<std::size_t>(node - g_sem.data()) : SIZE_MAX;
  if (node) {
    node->required = opt.required;
    node->invalid = !error_text.empty();
    node->keyboard = keyboard_name(opt.keyboard);
    if (opt.keyboard != Keyboard::password) node->value = value;
  }
  const ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
  const bool entered = detail::field_drawn(label, opt.keyboard, opt.submit_on_enter, value, active, mn.x, mn.y,
                                           mx.x - mn.x, mx.y - mn.y);
  const std::size_t before_error = g_sem.size();
  error(error_text);
  // The field is described by its error (aria-describedby).
  if (node_at != SIZE_MAX && g_sem.size() > before_error) g_sem[node_at].described_by = g_sem.back().id;
  return entered;
}

void readonly_field(const std::string& label, const std::string& value) {
  text(label);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImGuiStyle& s = ImGui::GetStyle();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(column_width(), ImGui::GetFrameHeight());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), u32(g_palette.readonly),
                    s.FrameRounding);
  ImGui::Dummy(size);
  item_label(value, u32(g_palette.muted), false);
  text_node("text", value, at, ImVec2(at.x + size.x, at.y + size.y));
}

float button_width(const std::string& text) {
  return text_size(text).x + 2 * ImGui::GetStyle().FramePadding.x + 0.6f * em();
}

bool button(const std::string& label, bool primary, bool enabled, const std::string& shown, float width) {
  if (!enabled) ImGui::BeginDisabled();
  if (primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, col(g_palette.primary));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, col(g_palette.primary_hover));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, col(g_palette.primary_active));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, col(primary ? g_palette.on_primary : g_palette.button_text));
  const std::string& visible = shown.empty() ? label : shown;
  // Never wider than the column (reflow at 320 CSS px with large text): the
  // label is clipped rather than the button run off the page.
  const float w = std::min(width > 0 ? width : width < 0 ? button_width(visible) : column_width(), column_width());
  // ImGui's button draws no text ("###": all of the label is its id); ui::draw_text does.
  bool pressed = ImGui::Button(("###" + label).c_str(), ImVec2(w, 0));
  item_label(visible, ImGui::GetColorU32(ImGuiCol_Text), true);
  ImGui::PopStyleColor(primary ? 4 : 1);
  pressed |= record(label, "button");
  // The name a screen reader says holds the words shown ("Two-factor
  // sign-in" for Two-factor: WCAG's label in name); a shorter caption
  // ("Download" for "Download scan.pdf") leaves the fuller label.
  if (g_last_node && !shown.empty() && shown.find(label) != std::string::npos) g_last_node->name = shown;
  if (!enabled) ImGui::EndDisabled();
  return pressed && enabled;
}

namespace {
// `t` shortened with an ellipsis to fit `width`, at a grapheme cluster
// boundary (foxo/text.hpp): a row's line ends "Harbour G…", never halfway
// through a letter with its accents or an emoji.
std::string fit_line(const std::string& t, float width) {
  if (width <= 0 || text_size(t).x <= width) return t;
  std::size_t lo = 1, hi = 0;  // code points: lo fits (or is the least we show), hi does not
  for (unsigned char c : t) hi += (c & 0xC0) != 0x80;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (text_size(foxo::shorten_text(t, mid)).x <= width ? lo : hi) = mid;
  }
  return foxo::shorten_text(t, lo);
}
}  // namespace

bool item(const std::string& label, const std::string& detail, int badge, bool selected, const std::string& key) {
  ImGui::PushID(key.empty() ? label.c_str() : "key");
  ImGui::PushID(key.empty() ? detail.c_str() : key.c_str());
  const float h = (detail.empty() ? 2.6f : 3.4f) * em();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float w = column_width();
  bool pressed = ImGui::Selectable("##item", selected, 0, ImVec2(w, h));
  pressed |= record(label, "item");
  if (g_last_node) {
    // What the row shows, in words: "Referral letter, waiting, 2 unread".
    if (!detail.empty()) g_last_node->name += ", " + detail;
    if (badge > 0) g_last_node->name += ", " + std::to_string(badge) + " unread";
    g_last_node->selected = selected;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = 0.6f * em();
  const float badge_w = badge > 0 ? 2.2f * em() : 0;
  const ImVec4 clip(pos.x, pos.y, pos.x + w - pad - badge_w, pos.y + h);
  const float lh = line_height();
  const float text_y = pos.y + (detail.empty() ? (h - lh) * 0.5f : (h - 2 * lh) * 0.5f);
  const float room = clip.z - pos.x - pad;
  draw_text(dl, ImVec2(pos.x + pad, text_y), fit_line(label, room), ImGui::GetColorU32(ImGuiCol_Text),
            FontRole::body, 0, &clip);
  if (!detail.empty())
    draw_text(dl, ImVec2(pos.x + pad, text_y + lh), fit_line(detail, room), u32(g_palette.muted),
              FontRole::body, 0, &clip);
  if (badge > 0) {
    // Unread count in a blue pill at the row's end.
    const std::string n = badge > 99 ? "99+" : std::to_string(badge);
    const ImVec2 ts = text_size(n);
    const float bh = 1.4f * em(), bw = std::max(bh, ts.x + 0.8f * em());
    const ImVec2 c(pos.x + w - pad - bw * 0.5f, pos.y + h * 0.5f);
    dl->AddRectFilled(ImVec2(c.x - bw * 0.5f, c.y - bh * 0.5f), ImVec2(c.x + bw * 0.5f, c.y + bh * 0.5f),
                      u32(g_palette.primary), bh * 0.5f);
    draw_text(dl, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), n, u32(g_palette.on_primary));
  }
  dl->AddLine(ImVec2(pos.x, pos.y + h), ImVec2(pos.x + w, pos.y + h), ImGui::GetColorU32(ImGuiCol_Border));
  ImGui::PopID();
  ImGui::PopID();
  return pressed;
}

float menu_button_size() { return 2.6f * em(); }  // 44 CSS px

bool menu_button(const std::string& label) {
  const float s = menu_button_size();
  // At the column's right end, on the current line (after SameLine) or a new one.
  ImGui::SetCursorPosX(g_column_x + g_column_width - s);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(label.c_str(), ImVec2(s, s));
  pressed |= record(label, "menu");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered())
    dl->AddRectFilled(pos, ImVec2(pos.x + s, pos.y + s), ImGui::GetColorU32(ImGuiCol_ButtonHovered),
                      ImGui::GetStyle().FrameRounding);
  // Three bars, drawn rather than taken from a font (crisp at every scale).
  const float w = 0.5f * s, x0 = pos.x + (s - w) * 0.5f, th = std::max(1.0f, 0.12f * em());
  for (int i = -1; i <= 1; ++i) {
    const float y = pos.y + s * 0.5f + i * 0.3f * em();
    dl->AddRectFilled(ImVec2(x0, y - th * 0.5f), ImVec2(x0 + w, y + th * 0.5f), ImGui::GetColorU32(ImGuiCol_Text));
  }
  return pressed;
}

void banner(const std::string& t) {
  const float pad = 0.7f * em();
  const float w = column_width();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 ts = text_size(t, FontRole::body, w - 2 * pad);
  const float h = ts.y + 2 * pad;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), u32(g_palette.banner), ImGui::GetStyle().FrameRounding);
  dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), u32(g_palette.banner_border), ImGui::GetStyle().FrameRounding);
  draw_text(dl, ImVec2(pos.x + pad, pos.y + pad), t, ImGui::GetColorU32(ImGuiCol_Text), FontRole::body, w - 2 * pad);
  ImGui::Dummy(ImVec2(w, h));
  text_node("status", t, pos, ImVec2(pos.x + w, pos.y + h));
}

void begin_scroll(const char* id, float height) {
  const float least = ImGui::GetMainViewport()->WorkSize.y < kShortPageEms * em() ? 8 * em() : 2 * em();
  if (height <= 0) height = std::max(least, ImGui::GetContentRegionAvail().y + height);
  ImGui::BeginChild(id, ImVec2(column_width(), height), false, ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushTextWrapPos(column_width() - ImGui::GetStyle().ScrollbarSize);
}

bool at_scroll_end() { return ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 0.5f * em(); }

void end_scroll(bool stick_to_bottom) {
  if (stick_to_bottom) ImGui::SetScrollHereY(1.0f);
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

void message_bubble(Side side, const std::string& author, const std::string& time, const std::string& body,
                    const std::string& note) {
  const float col = column_width() - ImGui::GetStyle().ScrollbarSize;
  const float pad = 0.6f * em();
  const float max_w = side == Side::system ? col : col * 0.85f;
  const float inner = max_w - 2 * pad;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  if (side == Side::system) {
    // A notice across the transcript, no bubble: "Ivy asked to close this chat."
    const std::string line = body + (time.empty() ? "" : "  " + time);
    const ImVec2 ts = text_size(line, FontRole::body, inner);
    draw_text(dl, ImVec2(start.x + (col - ts.x) * 0.5f, start.y + 0.3f * em()), line, u32(g_palette.muted),
              FontRole::body, inner);
    ImGui::Dummy(ImVec2(col, ts.y + 0.6f * em()));
    text_node("text", line, start, ImVec2(start.x + col, start.y + ts.y + 0.6f * em()));
    return;
  }
  std::string head = author;
  for (const std::string* part : {&time, &note})
    if (!part->empty()) head += "  " + *part;
  const ImVec2 hs = text_size(head);
  const ImVec2 bs = text_size(body, FontRole::body, inner);
  const float w = std::min(max_w, std::max(hs.x, bs.x) + 2 * pad);
  const float h = pad + hs.y + 0.25f * em() + bs.y + pad;
  const float x0 = start.x + (side == Side::mine ? col - w : 0);
  dl->AddRectFilled(ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h),
                    u32(side == Side::mine ? g_palette.mine : g_palette.theirs), 0.6f * em());
  const ImVec4 clip(x0, start.y, x0 + w - pad, start.y + h);
  draw_text(dl, ImVec2(x0 + pad, start.y + pad), head, u32(g_palette.muted), FontRole::body, 0, &clip);
  draw_text(dl, ImVec2(x0 + pad, start.y + pad + hs.y + 0.25f * em()), body, ImGui::GetColorU32(ImGuiCol_Text),
            FontRole::body, inner);
  copyable(ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h), body);
  ImGui::Dummy(ImVec2(col, h));
  text_node("text", head + ": " + body, ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h));
}

bool attachment_bubble(Side side, const std::string& author, const std::string& time, const std::string& name,
                       const std::string& detail, unsigned tex, int tw, int th, const std::string& download_label) {
  const float col = column_width() - ImGui::GetStyle().ScrollbarSize;
  const float pad = 0.6f * em(), gap = 0.25f * em();
  const float max_w = col * 0.85f;
  const float inner = max_w - 2 * pad;
  const std::string head = time.empty() ? author : author + "  " + time;
  const ImVec2 hs = text_size(head);
  float iw = 0, ih = 0;
  if (tex != 0 && tw > 0 && th > 0) {
    const float k = std::min(1.0f, inner / static_cast<float>(tw));
    iw = tw * k;
    ih = th * k;
  }
  // An image shows its name and size under it, muted, on one line; a file shows them as its body.
  const std::string caption = name + (detail.empty() ? "" : " · " + detail);
  const ImVec2 cs = text_size(caption, FontRole::body, inner);
  const ImVec2 ns = iw > 0 ? ImVec2(0, 0) : text_size(name, FontRole::body, inner);
  const ImVec2 ds = detail.empty() ? ImVec2(0, 0) : text_size(detail, FontRole::body, inner);
  const float btn_w = button_width("Download");
  const float content_w = iw > 0 ? std::max(iw, cs.x) : std::max(ns.x, ds.x);
  const float w = std::min(max_w, std::max({hs.x, content_w, btn_w}) + 2 * pad);
  const float content_h = iw > 0 ? ih + gap + cs.y : ns.y + ds.y;
  const float h = pad + hs.y + gap + content_h + 2 * gap + ImGui::GetFrameHeight() + pad;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float x0 = start.x + (side == Side::mine ? col - w : 0);
  dl->AddRectFilled(ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h),
                    u32(side == Side::mine ? g_palette.mine : g_palette.theirs), 0.6f * em());
  const ImVec4 clip(x0, start.y, x0 + w - pad, start.y + h);
  draw_text(dl, ImVec2(x0 + pad, start.y + pad), head, u32(g_palette.muted), FontRole::body, 0, &clip);
  float y = start.y + pad + hs.y + gap;
  if (iw > 0) {
    // ImTextureID is the GL texture name for the OpenGL3 backend.
    const ImTextureID id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
    dl->AddImage(id, ImVec2(x0 + pad, y), ImVec2(x0 + pad + iw, y + ih));
    dl->AddRect(ImVec2(x0 + pad, y), ImVec2(x0 + pad + iw, y + ih), ImGui::GetColorU32(ImGuiCol_Border));
    draw_text(dl, ImVec2(x0 + pad, y + ih + gap), caption, u32(g_palette.muted), FontRole::body, inner);
  } else {
    draw_text(dl, ImVec2(x0 + pad, y), name, ImGui::GetColorU32(ImGuiCol_Text), FontRole::body, inner);
    if (!detail.empty())
      draw_text(dl, ImVec2(x0 + pad, y + ns.y), detail, u32(g_palette.muted), FontRole::body, inner);
  }
  y += content_h + 2 * gap;
  text_node("text", head + ": " + caption, ImVec2(x0, start.y), ImVec2(x0 + w, y));
  ImGui::SetCursorScreenPos(ImVec2(x0 + pad, y));
  const bool pressed = button(download_label, false, true, "Download", btn_w);
  ImGui::SetCursorScreenPos(start);
  ImGui::Dummy(ImVec2(col, h));
  return pressed;
}

UploadButtons upload_bubble(const std::string& name, const std::string& status, float progress, bool failed,
                            bool offer_retry) {
  const float col = column_width() - ImGui::GetStyle().ScrollbarSize;
  const float pad = 0.6f * em(), gap = 0.25f * em();
  const float w = col * 0.85f;
  const float inner = w - 2 * pad;
  const ImVec2 ns = text_size(name, FontRole::body, inner);
  const ImVec2 ss = text_size(status, FontRole::body, inner);
  const float bar_h = failed ? 0 : 0.35f * em();
  const float h = pad + ns.y + gap + ss.y + (failed ? 0 : gap + bar_h) + 2 * gap + ImGui::GetFrameHeight() + pad;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float x0 = start.x + col - w;
  dl->AddRectFilled(ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h), u32(g_palette.mine), 0.6f * em());
  if (failed) dl->AddRect(ImVec2(x0, start.y), ImVec2(x0 + w, start.y + h), u32(g_palette.error), 0.6f * em());
  float y = start.y + pad;
  draw_text(dl, ImVec2(x0 + pad, y), name, ImGui::GetColorU32(ImGuiCol_Text), FontRole::body, inner);
  y += ns.y + gap;
  draw_text(dl, ImVec2(x0 + pad, y), status, u32(failed ? g_palette.error : g_palette.muted), FontRole::body, inner);
  y += ss.y;
  if (!failed) {
    y += gap;
    const float p = std::clamp(progress, 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(x0 + pad, y), ImVec2(x0 + pad + inner, y + bar_h), u32(g_palette.theirs),
                      bar_h * 0.5f);
    if (p > 0)
      dl->AddRectFilled(ImVec2(x0 + pad, y), ImVec2(x0 + pad + inner * p, y + bar_h), u32(g_palette.primary),
                        bar_h * 0.5f);
    y += bar_h;
  }
  y += 2 * gap;
  text_node(failed ? "alert" : "text", name + ": " + status, ImVec2(x0, start.y), ImVec2(x0 + w, y));
  UploadButtons out;
  ImGui::SetCursorScreenPos(ImVec2(x0 + pad, y));
  if (offer_retry) {
    out.retry = button("Retry", true, true, {}, -1);
    ImGui::SameLine();
  }
  out.cancel = button("Cancel", false, true, {}, -1);
  ImGui::SetCursorScreenPos(start);
  ImGui::Dummy(ImVec2(col, h));
  return out;
}

void drop_highlight(const std::string& t) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 a = vp->Pos, b(vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y);
  const float inset = 0.5f * em();
  dl->AddRectFilled(a, b, u32(g_palette.primary, 0.12f));
  dl->AddRect(ImVec2(a.x + inset, a.y + inset), ImVec2(b.x - inset, b.y - inset), u32(g_palette.primary),
              0.6f * em(), 0, std::max(2.0f, 0.2f * em()));
  const ImVec2 ts = text_size(t, FontRole::title);
  const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
  const float pad = 0.8f * em();
  dl->AddRectFilled(ImVec2(c.x - ts.x * 0.5f - pad, c.y - ts.y * 0.5f - pad),
                    ImVec2(c.x + ts.x * 0.5f + pad, c.y + ts.y * 0.5f + pad), u32(g_palette.page), 0.6f * em());
  draw_text(dl, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), t, u32(g_palette.primary), FontRole::title);
}

void day_separator(const std::string& t) {
  const float col = column_width() - ImGui::GetStyle().ScrollbarSize;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 ts = text_size(t);
  const float h = ts.y + 0.8f * em();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = pos.y + h * 0.5f, gap = 0.6f * em();
  const float tx = pos.x + (col - ts.x) * 0.5f;
  const ImU32 line = u32(g_palette.rule);
  dl->AddLine(ImVec2(pos.x, y), ImVec2(tx - gap, y), line);
  dl->AddLine(ImVec2(tx + ts.x + gap, y), ImVec2(pos.x + col, y), line);
  draw_text(dl, ImVec2(tx, pos.y + 0.4f * em()), t, u32(g_palette.muted));
  ImGui::Dummy(ImVec2(col, h));
  text_node("text", t, pos, ImVec2(pos.x + col, pos.y + h));
}

void selectable_text(const std::string& t) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  paragraph(t, ImGui::GetColorU32(ImGuiCol_Text));
  copyable(a, ImVec2(a.x + std::min(column_width(), ImGui::GetContentRegionAvail().x), ImGui::GetItemRectMax().y), t);
  text_node("text", t, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void qr_code(int size, const std::string& modules, float max_ems) {
  if (size <= 0 || modules.size() != static_cast<std::size_t>(size) * static_cast<std::size_t>(size)) return;
  const int quiet = 4;  // modules of light margin on each side (ISO/IEC 18004)
  const int span = size + 2 * quiet;
  const float room = std::min(max_ems * em(), column_width());
  // Whole canvas pixels per module, so every edge falls on a pixel: crisp at any zoom.
  const int px = std::max(2, static_cast<int>(std::floor(room / static_cast<float>(span))));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float x0 = std::floor(at.x), y0 = std::floor(at.y);
  const float side = static_cast<float>(px * span);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + side, y0 + side), IM_COL32(255, 255, 255, 255));
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      if (modules[static_cast<std::size_t>(y * size + x)] != '1') continue;
      const float mx = x0 + static_cast<float>((x + quiet) * px), my = y0 + static_cast<float>((y + quiet) * px);
      dl->AddRectFilled(ImVec2(mx, my), ImVec2(mx + static_cast<float>(px), my + static_cast<float>(px)),
                        IM_COL32(0, 0, 0, 255));
    }
  ImGui::Dummy(ImVec2(side + (at.x - x0), side + (at.y - y0)));
}

}  // namespace foxo::ui

