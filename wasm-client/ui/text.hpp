// Every visible piece of text on the canvas, in any script and in colour
// emoji. Layout (line breaks, paragraph direction) is shared/text_layout;
// measuring, shaping and drawing a line is the browser's text engine
// (platform/text.hpp, www/foxo-text.js). Drawn lines are kept in one texture
// (a glyph-run atlas) and reused frame after frame; they are redrawn only
// when a font arrives, the scale changes or the atlas fills up.
//
// ImGui keeps a metrics-only font (its built-in one, at the body size) for
// its own layout; it never draws a visible character.
#pragma once
#include <imgui.h>

#include <string_view>

namespace foxo::ui {

enum class FontRole { body = 0, title = 1 };

// Sizes in device pixels for `pixel_ratio`; creates the atlas the first time.
// Call when the ratio changes (the atlas is emptied).
void text_set_scale(float pixel_ratio);
// Once per frame before drawing: empties caches that a new font made stale.
void text_begin_frame();
// After drawing: true when a line could not be drawn this frame (the atlas
// filled up and was emptied): the caller draws another frame.
bool text_end_frame();

float font_px(FontRole role);
float line_height(FontRole role = FontRole::body);

// The size `s` takes, broken into lines no wider than `wrap` (<= 0: lines
// end only at line feeds).
ImVec2 text_size(std::string_view s, FontRole role = FontRole::body, float wrap = 0);

// Draws `s` with its top-left at `pos` (a right-to-left paragraph aligns its
// lines to the right of the block, whose width text_size gives). `clip`:
// optional clip rectangle (min x, min y, max x, max y).
void draw_text(ImDrawList* dl, ImVec2 pos, std::string_view s, ImU32 color, FontRole role = FontRole::body,
               float wrap = 0, const ImVec4* clip = nullptr);

}  // namespace foxo::ui
