// What each renderer file provides to render.cpp, which picks one at start
// and forwards to it (see render.hpp). Not for use elsewhere.
#pragma once
#include "platform/render.hpp"

namespace foxo::platform::render::webgl {
// Makes a WebGL `major` (2 or 1) context on the canvas and ImGui's OpenGL3
// backend on it; false when the browser gives no such context.
bool init(int major);
void new_frame();
void draw(ImDrawData* data, int fb_w, int fb_h);
void rebuild_font_texture();
unsigned make_texture(int w, int h, const std::uint8_t* rgba, bool linear);
void delete_texture(unsigned texture);
}  // namespace foxo::platform::render::webgl

namespace foxo::platform::render::canvas2d {
// Takes the canvas's 2D context; false when even that is refused.
bool init();
void draw(ImDrawData* data, int fb_w, int fb_h);
void rebuild_font_texture();
unsigned make_texture(int w, int h, const std::uint8_t* rgba, bool linear);
void delete_texture(unsigned texture);
TexturePixels texture_pixels(unsigned texture);
}  // namespace foxo::platform::render::canvas2d
