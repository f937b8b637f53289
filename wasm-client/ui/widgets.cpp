#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstring>

#include "ui/fonts.hpp"

namespace foxo::ui {

namespace {

std::vector<platform::HookItem> g_items;
float g_column_width = 0;
float g_indent = 0;

const ImVec4 kPrimary{0.09f, 0.33f, 0.76f, 1.0f};
const ImVec4 kPrimaryHover{0.06f, 0.27f, 0.66f, 1.0f};
const ImVec4 kPrimaryActive{0.04f, 0.21f, 0.55f, 1.0f};
const ImVec4 kError{0.72f, 0.11f, 0.11f, 1.0f};
const ImVec4 kMuted{0.38f, 0.40f, 0.45f, 1.0f};

// Records the last item, clipped to what its window shows, if any of it shows.
void record(const std::string& label, const char* kind, const std::string* text = nullptr) {
  if (!ImGui::IsItemVisible()) return;
  ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  r.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0) return;
  platform::HookItem item{label, kind, r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()};
  if (text) {
    item.focused = ImGui::IsItemActive();
    item.length = 0;
    for (unsigned char c : *text) item.length += (c & 0xC0) != 0x80;  // UTF-8 characters
  }
  g_items.push_back(std::move(item));
}

int phone_filter(ImGuiInputTextCallbackData* data) {
  const ImWchar c = data->EventChar;
  return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' ? 0 : 1;
}

}  // namespace

void begin_frame() { g_items.clear(); }
const std::vector<platform::HookItem>& frame_items() { return g_items; }

float em() { return ImGui::GetFontSize(); }

void apply_style(float r) {
  ImGuiStyle style;  // fresh defaults: scaling is not cumulative
  ImGui::StyleColorsLight(&style);
  // In font-size units (kBaseFontCss CSS px), then scaled to device pixels.
  const float u = kBaseFontCss;
  style.WindowPadding = ImVec2(u, u);
  style.FramePadding = ImVec2(0.6f * u, 0.6f * u);  // ~44 CSS px tall targets
  style.ItemSpacing = ImVec2(0.5f * u, 0.5f * u);
  style.ItemInnerSpacing = ImVec2(0.4f * u, 0.4f * u);
  style.FrameRounding = 0.35f * u;
  style.GrabRounding = 0.35f * u;
  style.FrameBorderSize = 1.0f;
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.ScrollbarSize = 0.6f * u;
  style.ScrollbarRounding = 0.3f * u;
  style.TouchExtraPadding = ImVec2(0.2f * u, 0.2f * u);
  style.ScaleAllSizes(r);
  style.FrameBorderSize = 1.0f;  // a hairline, whatever the ratio

  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Text] = ImVec4(0.09f, 0.10f, 0.13f, 1);
  c[ImGuiCol_TextDisabled] = kMuted;
  c[ImGuiCol_FrameBg] = ImVec4(0.97f, 0.97f, 0.98f, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.94f, 0.95f, 0.97f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Border] = ImVec4(0.70f, 0.72f, 0.76f, 1);
  c[ImGuiCol_Button] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.88f, 0.90f, 0.94f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.82f, 0.85f, 0.91f, 1);
  c[ImGuiCol_Header] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.88f, 0.90f, 0.94f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.82f, 0.85f, 0.91f, 1);
  c[ImGuiCol_NavHighlight] = kPrimary;
  ImGui::GetStyle() = style;
}

void begin_page(const char* id, float max_em) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const float avail = ImGui::GetContentRegionAvail().x;
  g_column_width = std::min(avail, max_em * em());
  g_indent = std::max(0.0f, (avail - g_column_width) * 0.5f);
  if (g_indent > 0) ImGui::Indent(g_indent);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + g_column_width);
}

void end_page() {
  ImGui::PopTextWrapPos();
  if (g_indent > 0) ImGui::Unindent(g_indent);
  ImGui::End();
}

float column_width() { return g_column_width; }

void title(const std::string& t) {
  ImGui::PushFont(fonts().title);
  ImGui::TextWrapped("%s", t.c_str());
  ImGui::PopFont();
}

void text(const std::string& t) { ImGui::TextWrapped("%s", t.c_str()); }

void muted(const std::string& t) {
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ImGui::TextWrapped("%s", t.c_str());
  ImGui::PopStyleColor();
}

void error(const std::string& t) {
  if (t.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kError);
  ImGui::TextWrapped("%s", t.c_str());
  ImGui::PopStyleColor();
}

void gap(float ems) { ImGui::Dummy(ImVec2(1, ems * em())); }

bool input(const std::string& label, std::string& value, std::string& focus_next, const InputOptions& opt,
           const std::string& error_text) {
  ImGui::TextUnformatted(label.c_str());
  ImGuiInputTextFlags flags = 0;
  if (opt.password) flags |= ImGuiInputTextFlags_Password;
  if (opt.digits_only) flags |= ImGuiInputTextFlags_CharsDecimal;
  if (opt.submit_on_enter) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
  ImGuiInputTextCallback filter = nullptr;
  if (opt.phone) {
    flags |= ImGuiInputTextFlags_CallbackCharFilter;
    filter = phone_filter;
  }
  if (focus_next == label) {
    ImGui::SetKeyboardFocusHere();
    focus_next.clear();
  }
  if (!error_text.empty()) ImGui::PushStyleColor(ImGuiCol_Border, kError);
  ImGui::SetNextItemWidth(column_width());
  const std::string id = "##" + label;
  bool entered = ImGui::InputText(id.c_str(), &value, flags, filter);
  if (!error_text.empty()) ImGui::PopStyleColor();
  if (opt.max_length > 0 && static_cast<int>(value.size()) > opt.max_length) {
    // Byte limit, cut back to a character boundary so no half character stays.
    size_t n = static_cast<size_t>(opt.max_length);
    while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
    value.resize(n);
  }
  record(label, "input", &value);
  error(error_text);
  return opt.submit_on_enter && entered;
}

bool button(const std::string& label, bool primary, bool enabled, const std::string& shown) {
  if (!enabled) ImGui::BeginDisabled();
  if (primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, kPrimary);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kPrimaryHover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, kPrimaryActive);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  }
  const std::string id = shown.empty() ? label : shown + "###" + label;
  bool pressed = ImGui::Button(id.c_str(), ImVec2(column_width(), 0));
  if (primary) ImGui::PopStyleColor(4);
  record(label, "button");
  if (!enabled) ImGui::EndDisabled();
  return pressed && enabled;
}

bool item(const std::string& label, const std::string& detail) {
  ImGui::PushID(label.c_str());
  const float h = (detail.empty() ? 2.2f : 3.2f) * em();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::Selectable("##item", false, 0, ImVec2(column_width(), h));
  record(label, "item");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = 0.6f * em();
  dl->AddText(ImVec2(pos.x + pad, pos.y + pad), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  if (!detail.empty())
    dl->AddText(ImVec2(pos.x + pad, pos.y + pad + 1.2f * em()), ImGui::GetColorU32(kMuted), detail.c_str());
  dl->AddLine(ImVec2(pos.x, pos.y + h), ImVec2(pos.x + column_width(), pos.y + h),
              ImGui::GetColorU32(ImGuiCol_Border));
  ImGui::PopID();
  return pressed;
}

bool menu_button(const std::string& label) {
  const float s = 2.4f * em();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(label.c_str(), ImVec2(s, s));
  record(label, "menu");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered())
    dl->AddRectFilled(pos, ImVec2(pos.x + s, pos.y + s), ImGui::GetColorU32(ImGuiCol_ButtonHovered),
                      ImGui::GetStyle().FrameRounding);
  // Three bars, drawn rather than taken from a font: the subset has no ☰.
  const float w = 0.5f * s, x0 = pos.x + (s - w) * 0.5f, th = std::max(1.0f, 0.12f * em());
  for (int i = -1; i <= 1; ++i) {
    const float y = pos.y + s * 0.5f + i * 0.3f * em();
    dl->AddRectFilled(ImVec2(x0, y - th * 0.5f), ImVec2(x0 + w, y + th * 0.5f), ImGui::GetColorU32(ImGuiCol_Text));
  }
  return pressed;
}

}  // namespace foxo::ui
