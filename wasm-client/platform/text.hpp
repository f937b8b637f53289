// The browser's text engine, for ui/text.cpp (the page side: www/foxo-text.js).
// Thin EM_JS bridges; sizes in device pixels.
#pragma once
#include <string>
#include <string_view>

namespace foxo::platform::text {

// Font size in device pixels of each role (0 body, 1 title).
void set_sizes(float body_px, float title_px);
// Goes up whenever a font face arrives: widths and pixels drawn before are stale.
int generation();
// Advance width of `s` on one line, shaped as the browser shapes it.
float measure(int role, std::string_view s);
// Draws `s` (one line, in `rtl` or ltr paragraph order) in `css_color` at
// (x, baseline) of a w x h box and copies the box into `texture` at (tx, ty).
void draw_into_texture(unsigned texture, int tx, int ty, int w, int h, int role, const std::string& css_color,
                       bool rtl, std::string_view s, float x, float baseline);
// The client shows `s` in a page element (the text proxy): fetch its fonts.
void need(std::string_view s);

}  // namespace foxo::platform::text
