// The renderer: how ImGui's draw data reaches the page's canvas. One seam,
// one file per target, chosen at start by what the browser can do:
//   webgl2    WebGL 2 (render_webgl.cpp: imgui_impl_opengl3, GLSL 1.00 shaders)
//   webgl1    WebGL 1 (render_webgl.cpp, the same)
//   canvas2d  no WebGL at all (headless Firefox, GPU blocklists, WebGL turned
//             off): render_canvas2d.cpp rasterises in WebAssembly
//             (ui/raster.cpp) and puts the pixels into a 2D canvas.
// Textures (thumbnails, the glyph-run atlas, ImGui's font atlas) are made
// here too: a GL texture on the GL paths, pixels in WebAssembly memory on the
// canvas2d path. Their ids are ImGui's ImTextureID either way.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace foxo::platform::render {

enum class Kind { webgl2, webgl1, canvas2d };
const char* name(Kind k);  // "webgl2", "webgl1", "canvas2d"

// Makes the canvas's drawing context: WebGL 2, else WebGL 1, else a 2D
// canvas. Call once, after ImGui::CreateContext. Marks the page
// (<html data-renderer="...">) and returns what it chose.
Kind init();
Kind kind();

// Before ImGui::NewFrame: the renderer's own preparation (GL objects).
void new_frame();
// Draws a finished frame over white, at `fb_w` x `fb_h` device pixels.
void draw(ImDrawData* data, int fb_w, int fb_h);
// ImGui's font atlas changed (fonts rebuilt for a new pixel ratio): upload it again.
void rebuild_font_texture();

// A texture of `w` x `h` RGBA pixels, as ImGui::Image's ImTextureID; 0 when
// it could not be made. Drawn at about its own size: linear filtering.
unsigned make_texture(int w, int h, const std::vector<std::uint8_t>& rgba);
// A texture of `w` x `h` transparent pixels, filled later by copies of exactly
// its own pixels (nearest filtering keeps them as they are).
unsigned make_blank_texture(int w, int h);
void delete_texture(unsigned texture);

// Where the page copies pixels into `texture` (platform/text.cpp): its RGBA
// bytes and width on the canvas2d path; null on the GL paths, where the page
// uploads into the GL texture of that name.
struct TexturePixels {
  std::uint8_t* rgba = nullptr;
  int width = 0, height = 0;
};
TexturePixels texture_pixels(unsigned texture);

}  // namespace foxo::platform::render
