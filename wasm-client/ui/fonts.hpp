// The embedded UI font at the sizes the screens use, rasterised for the
// current devicePixelRatio so text is crisp on a phone at scale 3.
#pragma once

struct ImFont;

namespace foxo::ui {

// Base text size in CSS pixels; every other size is a multiple of it.
constexpr float kBaseFontCss = 17.0f;

struct Fonts {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
};

// (Re)builds the atlas for `pixel_ratio`. The caller re-uploads the texture.
Fonts build_fonts(float pixel_ratio);
const Fonts& fonts();

}  // namespace foxo::ui
