// The text size every other size is a multiple of, and ImGui's own font.
// Visible text is drawn by ui/text.hpp in any script; ImGui keeps its
// built-in font at the body size for its own layout (frame heights, the
// caret it tracks in fields the page's text proxy shows), never on screen.
#pragma once

namespace foxo::ui {

// Base text size in CSS pixels; every other size is a multiple of it.
constexpr float kBaseFontCss = 17.0f;

// (Re)builds ImGui's metrics font and the text sizes for `pixel_ratio`. The
// caller re-uploads ImGui's font texture.
void build_fonts(float pixel_ratio);

}  // namespace foxo::ui
