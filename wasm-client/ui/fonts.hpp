// The text size every other size is a multiple of, and ImGui's own font.
// Visible text is drawn by ui/text.hpp in any script; ImGui keeps its
// built-in font at the body size for its own layout (frame heights, the
// caret it tracks in fields the page's text proxy shows), never on screen.
#pragma once

namespace foxo::ui {

// Base text size in CSS pixels; every other size is a multiple of it.
constexpr float kBaseFontCss = 17.0f;

// How much bigger than our base the reader wants text: the page's root font
// size over the browser default of 16 CSS px (Chrome's font size setting,
// Android's font scaling, iOS Dynamic Type through foxo.css). Never smaller
// than 1 on touch, where controls must stay 44 CSS px tall (2.6 em at 17 px),
// nor than 0.6 with a mouse (24 CSS px targets); at most 4 (64 px text).
constexpr float text_scale(float root_font_css, bool coarse_pointer) {
  const float k = root_font_css > 0 ? root_font_css / 16.0f : 1.0f;
  const float lo = coarse_pointer ? 1.0f : 0.6f;
  return k < lo ? lo : k > 4.0f ? 4.0f : k;
}

// (Re)builds ImGui's metrics font and the text sizes for `pixel_ratio`. The
// caller re-uploads ImGui's font texture.
void build_fonts(float pixel_ratio);  // pixel_ratio: canvas px per base CSS px, text scale included

}  // namespace foxo::ui
