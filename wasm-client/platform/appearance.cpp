// The EM_JS bridges for the look preferences (see appearance.hpp).
#include "platform/appearance.hpp"

#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(int, foxo_js_look_version, (), { return window.foxoLook ? window.foxoLook.version() : 0; });
EM_JS(char*, foxo_js_look, (), {
  var s = JSON.stringify(window.foxoLook ? window.foxoLook.look() : {});
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, foxo_js_set_page_colours, (const char* page, const char* text, const char* border, int dark), {
  var bg = UTF8ToString(page), fg = UTF8ToString(text);
  var meta = document.querySelectorAll('meta[name="theme-color"]');
  // One tag without a media query now: the palette already chose.
  for (var i = 1; i < meta.length; i++) meta[i].remove();
  if (meta.length) { meta[0].removeAttribute('media'); meta[0].setAttribute('content', bg); }
  var s = document.documentElement.style;
  s.setProperty('--foxo-page', bg);
  s.setProperty('--foxo-text', fg);
  s.setProperty('--foxo-border', UTF8ToString(border));
  s.colorScheme = dark ? 'dark' : 'light';
});
// clang-format on

namespace foxo::platform {

namespace {
int g_version = -1;

ui::Rgb rgb_of(const nlohmann::json& j) {
  if (!j.is_array() || j.size() < 3) return {};
  return ui::Rgb{j[0].get<float>(), j[1].get<float>(), j[2].get<float>()};
}

std::string css(ui::Rgb c) {
  char buf[8];
  auto b = [](float v) { return static_cast<int>(std::lround(std::fmin(1.0f, std::fmax(0.0f, v)) * 255)); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", b(c.r), b(c.g), b(c.b));
  return buf;
}
}  // namespace

bool appearance_changed(Appearance& out) {
  const int v = foxo_js_look_version();
  if (v == g_version) return false;
  g_version = v;
  char* p = foxo_js_look();
  const nlohmann::json j = nlohmann::json::parse(p, nullptr, /*allow_exceptions=*/false);
  free(p);
  Appearance a;
  if (j.is_object()) {
    a.root_font_px = j.value("root", 16.0f);
    a.coarse = j.value("coarse", false);
    a.reduced_motion = j.value("reducedMotion", false);
    a.prefs.dark = j.value("dark", false);
    a.prefs.more_contrast = j.value("moreContrast", false);
    a.prefs.forced = j.value("forced", false) && j.contains("system");
    if (a.prefs.forced) {
      const auto& s = j["system"];
      a.prefs.system = {rgb_of(s.value("Canvas", nlohmann::json())),    rgb_of(s.value("CanvasText", nlohmann::json())),
                        rgb_of(s.value("ButtonFace", nlohmann::json())), rgb_of(s.value("ButtonText", nlohmann::json())),
                        rgb_of(s.value("Highlight", nlohmann::json())),  rgb_of(s.value("HighlightText", nlohmann::json())),
                        rgb_of(s.value("GrayText", nlohmann::json()))};
    }
  }
  out = a;
  return true;
}

void set_page_colours(const ui::Palette& p) {
  foxo_js_set_page_colours(css(p.page).c_str(), css(p.text).c_str(), css(p.border).c_str(), p.dark ? 1 : 0);
}

}  // namespace foxo::platform
