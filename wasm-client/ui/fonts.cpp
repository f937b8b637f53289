// ImGui's built-in font at the page's pixel ratio (see fonts.hpp).
#include "ui/fonts.hpp"

#include <imgui.h>

#include <cmath>

#include "ui/text.hpp"

namespace foxo::ui {

void build_fonts(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  // ImGui's em (GetFontSize) is the body size in device pixels, as text.hpp's.
  cfg.SizePixels = std::round(kBaseFontCss * pixel_ratio);
  cfg.OversampleH = cfg.OversampleV = 1;
  io.Fonts->AddFontDefault(&cfg);
  io.Fonts->Build();
  text_set_scale(pixel_ratio);
}

}  // namespace foxo::ui
