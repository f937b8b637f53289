// The GPU-free renderer (see render.hpp): each frame is rasterised in
// WebAssembly (ui/raster.cpp) into an RGBA buffer of the canvas's device
// pixels, which the page puts into the canvas's 2D context. Textures are
// pixels in WebAssembly memory; ids start at 1 (0 is "no texture").
#include <emscripten.h>
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "platform/render_backend.hpp"
#include "ui/raster.hpp"

// clang-format off
EM_JS(int, foxo_js_canvas2d_init, (), {
  var ctx = Module['canvas'].getContext('2d', { alpha: false });
  if (!ctx) return 0;
  Module.foxo2d = ctx;
  return 1;
});
EM_JS(void, foxo_js_canvas2d_put, (const std::uint8_t* rgba, int w, int h, double raster_ms), {
  // For bench/client/render.mjs: how much of the frame the rasteriser took.
  Module.foxoRasterMs = raster_ms;
  var ctx = Module.foxo2d;
  if (!ctx || ctx.canvas.width !== w || ctx.canvas.height !== h) return;
  // A view of WebAssembly memory, made per frame (memory growth replaces the buffer).
  ctx.putImageData(new ImageData(new Uint8ClampedArray(HEAPU8.buffer, rgba, w * h * 4), w, h), 0, 0);
});
// clang-format on

namespace foxo::platform::render::canvas2d {

namespace {

namespace raster = ui::raster;

std::vector<raster::Texture> g_textures;  // id - 1; a deleted one has width 0
std::vector<unsigned> g_free;
std::vector<std::uint8_t> g_frame;
unsigned g_font = 0;

const raster::Texture* lookup(ImTextureID id, void*) {
  const auto i = reinterpret_cast<std::uintptr_t>(id);
  if (i == 0 || i > g_textures.size()) return nullptr;
  return &g_textures[i - 1];
}

}  // namespace

bool init() { return foxo_js_canvas2d_init() != 0; }

void draw(ImDrawData* data, int fb_w, int fb_h) {
  if (fb_w <= 0 || fb_h <= 0) return;
  g_frame.resize(static_cast<std::size_t>(fb_w) * static_cast<std::size_t>(fb_h) * 4);
  raster::Image img{fb_w, fb_h, g_frame.data()};
  const double start = emscripten_get_now();
  raster::clear(img, IM_COL32_WHITE);
  raster::draw(img, *data, lookup, nullptr);
  foxo_js_canvas2d_put(g_frame.data(), fb_w, fb_h, emscripten_get_now() - start);
}

void rebuild_font_texture() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  if (g_font) delete_texture(g_font);
  g_font = make_texture(w, h, pixels, true);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(g_font)));
}

unsigned make_texture(int w, int h, const std::uint8_t* rgba, bool linear) {
  raster::Texture t;
  t.width = w;
  t.height = h;
  t.filter = linear ? raster::Filter::linear : raster::Filter::nearest;
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
  if (rgba)
    t.rgba.assign(rgba, rgba + n);
  else
    t.rgba.assign(n, 0);
  if (!g_free.empty()) {
    const unsigned id = g_free.back();
    g_free.pop_back();
    g_textures[id - 1] = std::move(t);
    return id;
  }
  g_textures.push_back(std::move(t));
  return static_cast<unsigned>(g_textures.size());
}

void delete_texture(unsigned texture) {
  if (texture == 0 || texture > g_textures.size() || g_textures[texture - 1].width == 0) return;
  g_textures[texture - 1] = raster::Texture{};
  g_free.push_back(texture);
}

TexturePixels texture_pixels(unsigned texture) {
  if (texture == 0 || texture > g_textures.size()) return {};
  raster::Texture& t = g_textures[texture - 1];
  return {t.rgba.data(), t.width, t.height};
}

}  // namespace foxo::platform::render::canvas2d
