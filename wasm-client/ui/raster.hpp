// A software rasteriser for Dear ImGui's draw lists: the GPU-free renderer
// (platform/render_canvas2d.cpp) draws each frame with it into an RGBA
// buffer that the page puts into a 2D canvas.
//
// It draws what the OpenGL3 backend draws, the same way:
//   - triangles with per-vertex colour and UV, colour x texel;
//   - "src-alpha, one-minus-src-alpha" blending of straight alpha (and
//     "one, one-minus-src-alpha" for the target's own alpha);
//   - the command's clip rectangle as GL's integer scissor box;
//   - pixel centres at +0.5, the top-left fill rule on vertices snapped to
//     1/16 pixel, so triangles sharing an edge cover each pixel once;
//   - nearest or bilinear (clamp to edge) sampling, per texture.
// Axis-aligned rectangles (ImGui's PrimRect / PrimRectUV: solid quads,
// glyph-run and image quads), most of a frame, take a fast path that gives
// the same pixels as the two triangles would.
//
// Pure C++ over imgui.h: no browser, unit-tested natively (tests/client/raster_test.cpp).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace foxo::ui::raster {

// RGBA8 pixels, straight alpha, rows top to bottom, `width * 4` bytes a row
// (the layout of the browser's ImageData).
struct Image {
  int width = 0, height = 0;
  std::uint8_t* rgba = nullptr;
};

enum class Filter { nearest, linear };

// A texture as the rasteriser samples it: RGBA8, straight alpha.
struct Texture {
  int width = 0, height = 0;
  Filter filter = Filter::linear;
  std::vector<std::uint8_t> rgba;
};

// Finds the texture a draw command names; null draws nothing.
using TextureLookup = const Texture* (*)(ImTextureID id, void* user);

// Fills the whole image with `color` (ImU32 layout: R in the low byte).
void clear(Image& target, ImU32 color);

// Draws every command of `data` into `target`, which holds the framebuffer
// (data.DisplaySize * data.FramebufferScale device pixels).
void draw(Image& target, const ImDrawData& data, TextureLookup lookup, void* user);

}  // namespace foxo::ui::raster
