// The EM_JS bridges to www/foxo-text.js: measuring and drawing text (see text.hpp).
#include "platform/text.hpp"

#include <emscripten.h>

#include <cstdint>

#include "platform/render.hpp"

// clang-format off
EM_JS(void, foxo_js_text_sizes, (float body, float title), {
  if (window.foxoText) window.foxoText.setSizes(body, title);
});
EM_JS(int, foxo_js_text_generation, (), {
  return window.foxoText ? window.foxoText.generation() : 0;
});
EM_JS(float, foxo_js_text_measure, (int role, const char* s, int n), {
  if (!window.foxoText) return n * 8;
  return window.foxoText.measure(role, UTF8ToString(s, n));
});
EM_JS(void, foxo_js_text_need, (const char* s, int n), {
  if (window.foxoText) window.foxoText.need(UTF8ToString(s, n));
});
// Draws the line into the scratch canvas and copies its top-left w x h into
// the texture: into WebAssembly memory on the canvas2d path (`px`: the
// texture's pixels, `stride` its width); into the GL texture `tex` otherwise,
// straight from the canvas with WebGL 2's sized texSubImage2D, or as read-back
// pixels on WebGL 1, whose canvas form would copy the whole (larger) canvas.
EM_JS(void, foxo_js_text_draw, (unsigned tex, std::uint8_t* px, int stride, int tx, int ty, int w, int h, int role,
                                const char* css, int rtl, const char* s, int n, float x, float baseline), {
  if (!window.foxoText) return;
  var canvas = window.foxoText.draw(role, UTF8ToString(css), rtl !== 0, UTF8ToString(s, n), w, h, x, baseline);
  if (px) {
    var src = window.foxoText.pixels(w, h).data;
    for (var row = 0; row < h; row++)
      HEAPU8.set(src.subarray(row * w * 4, (row + 1) * w * 4), px + ((ty + row) * stride + tx) * 4);
    return;
  }
  var gl = GLctx;
  var before = gl.getParameter(gl.TEXTURE_BINDING_2D);
  gl.bindTexture(gl.TEXTURE_2D, GL.textures[tex]);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  if (GL.currentContext.version >= 2) {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, tx, ty, w, h, gl.RGBA, gl.UNSIGNED_BYTE, canvas);
  } else {
    var data = window.foxoText.pixels(w, h).data;
    gl.texSubImage2D(gl.TEXTURE_2D, 0, tx, ty, w, h, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(data.buffer));
  }
  gl.bindTexture(gl.TEXTURE_2D, before);
});
// clang-format on

namespace foxo::platform::text {

void set_sizes(float body_px, float title_px) { foxo_js_text_sizes(body_px, title_px); }
int generation() { return foxo_js_text_generation(); }
float measure(int role, std::string_view s) {
  return foxo_js_text_measure(role, s.data(), static_cast<int>(s.size()));
}
void draw_into_texture(unsigned texture, int tx, int ty, int w, int h, int role, const std::string& css_color,
                       bool rtl, std::string_view s, float x, float baseline) {
  const render::TexturePixels px = render::texture_pixels(texture);
  if (px.rgba && (tx < 0 || ty < 0 || tx + w > px.width || ty + h > px.height)) return;
  foxo_js_text_draw(texture, px.rgba, px.width, tx, ty, w, h, role, css_color.c_str(), rtl ? 1 : 0, s.data(),
                    static_cast<int>(s.size()), x, baseline);
}
void need(std::string_view s) { foxo_js_text_need(s.data(), static_cast<int>(s.size())); }

}  // namespace foxo::platform::text
