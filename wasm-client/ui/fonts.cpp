#include "ui/fonts.hpp"

#include <imgui.h>

extern const unsigned char foxo_ui_font[];
extern const unsigned foxo_ui_font_size;

namespace foxo::ui {

namespace {
Fonts g_fonts;

// Keep in step with the subset made in wasm-client/CMakeLists.txt.
const ImWchar kRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (accented names)
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, angle quotes
    0x20AC, 0x20AC,  // euro
    0,
};
}  // namespace

Fonts build_fonts(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes are static
  cfg.OversampleH = 1;  // rendered at device pixels: oversampling buys nothing
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  void* data = const_cast<unsigned char*>(foxo_ui_font);
  const int size = static_cast<int>(foxo_ui_font_size);
  g_fonts.body = io.Fonts->AddFontFromMemoryTTF(data, size, kBaseFontCss * pixel_ratio, &cfg, kRanges);
  g_fonts.title = io.Fonts->AddFontFromMemoryTTF(data, size, 1.4f * kBaseFontCss * pixel_ratio, &cfg, kRanges);
  io.Fonts->Build();
  return g_fonts;
}

const Fonts& fonts() { return g_fonts; }

}  // namespace foxo::ui
