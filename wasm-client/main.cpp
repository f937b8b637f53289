// The Foxo browser client: one frame loop. Each frame, in order:
//   1. take the time, the page size and the reader's look preferences
//      (resize the canvas; refit fonts and sizes to zoom and text size;
//      pick the palette for light/dark, more contrast, forced colours);
//   2. apply the relay's answers and live events that arrived since the last
//      frame, and the text input / touch scrolling the page queued;
//   3. draw the current screen (screens read the model and emit intents);
//   4. apply the intents (navigation, requests), then what follows by itself
//      (mark seen, send queued messages);
//   5. publish the frame to the text input proxy, the dev test hook, the
//      aria-live mirror and the page title.
// Frames run only when something happened (input, an answer, a timer), plus a
// couple to let ImGui settle, so an idle page costs nothing.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>

#include "app/app.hpp"
#include "net/events.hpp"
#include "net/files.hpp"
#include "net/http.hpp"
#include "platform/appearance.hpp"
#include "platform/keyboard.hpp"
#include "platform/platform.hpp"
#include "platform/render.hpp"
#include "screens/screens.hpp"
#include "ui/fonts.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace {

using namespace foxo;
using namespace foxo::client;

GLFWwindow* g_window = nullptr;
App g_app;
platform::Viewport g_viewport{0, 0, 0.0};  // no size yet: the first fit sizes the canvas
int g_frames_left = 0;
bool g_first_frame_done = false;
bool g_hook_installed = false;

// Frames to render after something new, so a press and its release, and the
// screen an action leads to, are all drawn before going idle.
constexpr int kSettleFrames = 3;

platform::Appearance g_look;
float g_scale = 0;  // canvas pixels per CSS pixel of our base size: ratio x text scale

void fit_viewport() {
  platform::Viewport v = platform::viewport();
  const bool look_changed = platform::appearance_changed(g_look);
  if (v.css_width != g_viewport.css_width || v.css_height != g_viewport.css_height ||
      v.css_top != g_viewport.css_top || v.pixel_ratio != g_viewport.pixel_ratio) {
    const int w = static_cast<int>(std::lround(v.css_width * v.pixel_ratio));
    const int h = static_cast<int>(std::lround(v.css_height * v.pixel_ratio));
    platform::size_canvas(v.css_width, v.css_height, w, h, v.css_top);
    ui::text_input_viewport_changed();
  }
  // ImGui works in device pixels: text and every size follow browser zoom
  // (devicePixelRatio) and the reader's text size (the root font size), so
  // 200 % of either doubles the em and the layout reflows around it.
  const float scale =
      static_cast<float>(v.pixel_ratio) * ui::text_scale(g_look.root_font_px, g_look.coarse);
  if (scale != g_scale) {
    ui::build_fonts(scale);
    platform::render::rebuild_font_texture();
  }
  if (scale != g_scale || look_changed) {
    const ui::Palette palette = ui::choose_palette(g_look.prefs);
    ui::apply_style(scale, palette);
    platform::set_page_colours(palette);
  }
  g_scale = scale;
  g_viewport = v;
}

void draw_screen(const Model& m, UiState& ui, Dispatch& d) {
  switch (m.nav.screen) {
    case Screen::loading: screens::loading(m, ui, d); break;
    case Screen::guest_register: screens::guest_register(m, ui, d); break;
    case Screen::code: screens::code(m, ui, d); break;
    case Screen::home: screens::home(m, ui, d); break;
    case Screen::new_chat: screens::new_chat(m, ui, d); break;
    case Screen::identifiers: screens::identifiers(m, ui, d); break;
    case Screen::chat: screens::chat(m, ui, d); break;
    case Screen::staff_login: screens::staff_login(m, ui, d); break;
    case Screen::staff_queue: screens::staff_queue(m, ui, d); break;
    case Screen::staff_case: screens::staff_case(m, ui, d); break;
    case Screen::staff_mfa_code: screens::staff_mfa_code(m, ui, d); break;
    case Screen::staff_mfa_enrol: screens::staff_mfa_enrol(m, ui, d); break;
  }
}

}  // namespace

// `woken`: frames that what woke us needs (0: a settle frame we asked for).
extern "C" EMSCRIPTEN_KEEPALIVE int foxo_frame(int woken) {
  if (woken) g_frames_left = std::max(g_frames_left, std::min(woken, kSettleFrames));
  const Screen screen_before = g_app.model().nav.screen;

  const double wall = platform::wall_ms();
  g_app.set_clock(platform::now_ms(), wall, platform::day_key(wall), platform::day_key(wall - 86400000.0),
                  platform::page_visible());
  fit_viewport();
  auto responses = net::take_responses();
  for (const auto& r : responses) g_app.apply(r);
  auto events = net::take_events();
  for (const auto& e : events) g_app.apply(e);
  auto file_events = net::files::take_events();
  for (const auto& e : file_events) g_app.apply(e);
  g_app.apply_unsealed();
  g_app.apply_page_events();
  ui::text_input_before_frame();
  if (g_app.model().dev && !g_hook_installed) {
    platform::install_test_hook();
    g_hook_installed = true;
  }

  platform::render::new_frame();
  ImGui_ImplGlfw_NewFrame();
  ui::text_input_before_imgui_new_frame();
  const bool key_pressed = ui::keyboard_before_new_frame();
  ImGui::NewFrame();
  ui::text_input_after_new_frame(static_cast<float>(g_viewport.pixel_ratio));
  ui::begin_frame();
  ui::text_begin_frame();
  Dispatch dispatch;
  draw_screen(g_app.model(), g_app.ui(), dispatch);
  ImGui::Render();

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
  platform::render::draw(ImGui::GetDrawData(), fb_w, fb_h);

  auto intents = dispatch.take();
  for (const auto& i : intents) g_app.apply(i);
  g_app.after_frame();
  if (g_app.model().nav.screen != screen_before) ui::screen_changed();

  // A line the glyph-run atlas had no room for is drawn on the next frame.
  const bool input_busy = ui::text_input_end_frame() || key_pressed || ui::text_end_frame();
  platform::publish_frame(std::string(screen_name(g_app.model().nav.screen)), ui::frame_items());
  platform::set_live_lines(g_app.live_lines());
  // After the live lines: the page keeps an alert from being announced twice.
  // Named by the screen drawn (the hook's name is the one it leads to), so
  // a new screen's heading is the one focused.
  platform::publish_semantics(std::string(screen_name(screen_before)), ui::frame_semantics());
  platform::set_copyable(ui::frame_copyable());
  platform::set_title(g_app.title());
  platform::set_cursor(ImGui::GetMouseCursor() == ImGuiMouseCursor_TextInput ? platform::Cursor::text
                       : ImGui::IsAnyItemHovered()                             ? platform::Cursor::pointer
                                                                               : platform::Cursor::normal);
  if (!g_first_frame_done) {
    g_first_frame_done = true;
    platform::first_frame_shown();
  }

  if (!responses.empty() || !events.empty() || !file_events.empty() || !intents.empty() || input_busy ||
      g_app.model().nav.screen != screen_before)
    g_frames_left = std::max(g_frames_left, kSettleFrames - 1);
  if (double at = g_app.next_wakeup_ms(); at > 0) platform::wake_after(at - g_app.model().now_ms);
  if (g_frames_left > 0) --g_frames_left;
  return g_frames_left > 0;
}

int main() {
  if (!glfwInit()) return 1;
  platform::init();
  platform::keyboard_install();
  // GLFW only sizes the canvas and reports input: Emscripten's GLFW would
  // ask for one WebGL version and give up without it, so the drawing context
  // is made by platform/render.cpp (WebGL 2, WebGL 1 or a 2D canvas).
  glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
  const platform::Viewport v = platform::viewport();
  g_window = glfwCreateWindow(static_cast<int>(std::lround(v.css_width * v.pixel_ratio)),
                              static_cast<int>(std::lround(v.css_height * v.pixel_ratio)), "Foxo", nullptr, nullptr);
  if (!g_window) return 1;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  // Arrow keys move between buttons, Space (and Enter: ui::keyboard_before_new_frame) press them.
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // A blinking caret would need a frame every half second on an idle page.
  io.ConfigInputTextCursorBlink = false;
  // The GLFW backend would switch cursors through glfwSetInputMode, which in
  // Emscripten calls exitPointerLock and raises "Permissions check failed"
  // in Chromium; the CSS cursor is set from ImGui's wish instead.
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  ImGui_ImplGlfw_InitForOther(g_window, true);
  platform::render::init();
  fit_viewport();

  g_app.start(platform::location_path());
  platform::request_frame();
  // Returning keeps the runtime alive (EXIT_RUNTIME=0); frames come from
  // requestAnimationFrame on demand.
  return 0;
}
