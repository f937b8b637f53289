// The renderer seam (see render.hpp): picks WebGL 2, WebGL 1 or the 2D
// canvas once, says which on the page, and forwards to that file.
#include "platform/render.hpp"

#include <emscripten.h>

#include "platform/render_backend.hpp"

// clang-format off
EM_JS(void, foxo_js_mark_renderer, (const char* name), {
  var n = UTF8ToString(name);
  document.documentElement.dataset.renderer = n;
  Module.foxoRenderer = n;
  // Drawn text lines reach the texture as read-back pixels except on WebGL 2
  // (platform/text.cpp).
  if (n !== 'webgl2' && window.foxoText) window.foxoText.setReadback(true);
  // For bench/client/render.mjs: waits until the GPU has done a frame's work
  // (a one-pixel read on the GL paths; the 2D path's pixels are already put).
  Module.foxoRenderFinish = function() {
    if (n === 'canvas2d' || typeof GLctx === 'undefined' || !GLctx) return;
    var px = new Uint8Array(4);
    GLctx.readPixels(0, 0, 1, 1, GLctx.RGBA, GLctx.UNSIGNED_BYTE, px);
  };
});
// clang-format on

namespace foxo::platform::render {

namespace {
Kind g_kind = Kind::canvas2d;
bool gl() { return g_kind != Kind::canvas2d; }
}  // namespace

const char* name(Kind k) {
  switch (k) {
    case Kind::webgl2: return "webgl2";
    case Kind::webgl1: return "webgl1";
    case Kind::canvas2d: return "canvas2d";
  }
  return "canvas2d";
}

Kind init() {
  if (webgl::init(2))
    g_kind = Kind::webgl2;
  else if (webgl::init(1))
    g_kind = Kind::webgl1;
  else {
    // A canvas refusing even a 2D context leaves nothing to draw with; the
    // frames then draw into a buffer nobody shows.
    canvas2d::init();
    g_kind = Kind::canvas2d;
  }
  foxo_js_mark_renderer(name(g_kind));
  return g_kind;
}

Kind kind() { return g_kind; }

void new_frame() {
  if (gl()) webgl::new_frame();
}

void draw(ImDrawData* data, int fb_w, int fb_h) {
  if (gl())
    webgl::draw(data, fb_w, fb_h);
  else
    canvas2d::draw(data, fb_w, fb_h);
}

void rebuild_font_texture() {
  if (gl())
    webgl::rebuild_font_texture();
  else
    canvas2d::rebuild_font_texture();
}

unsigned make_texture(int w, int h, const std::vector<std::uint8_t>& rgba) {
  if (w <= 0 || h <= 0 || rgba.size() != static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4) return 0;
  return gl() ? webgl::make_texture(w, h, rgba.data(), true) : canvas2d::make_texture(w, h, rgba.data(), true);
}

unsigned make_blank_texture(int w, int h) {
  if (w <= 0 || h <= 0) return 0;
  return gl() ? webgl::make_texture(w, h, nullptr, false) : canvas2d::make_texture(w, h, nullptr, false);
}

void delete_texture(unsigned texture) {
  if (texture == 0) return;
  if (gl())
    webgl::delete_texture(texture);
  else
    canvas2d::delete_texture(texture);
}

TexturePixels texture_pixels(unsigned texture) {
  return gl() ? TexturePixels{} : canvas2d::texture_pixels(texture);
}

}  // namespace foxo::platform::render
