// The WebGL renderer, for WebGL 2 and WebGL 1 (see render.hpp).
//
// imgui_impl_opengl3 is compiled once, as GLES 2 (IMGUI_IMPL_OPENGL_ES2 in
// cmake/WasmDeps.cmake), and given "#version 100" on both: its GLSL 1.00
// shaders are valid WebGL 2 shaders, and its vertex array objects go through
// the OES names that Emscripten maps to WebGL 2's own or, on WebGL 1, to
// OES_vertex_array_object (enabled on every context it makes with
// -sMIN_WEBGL_VERSION=1). Built for GLES 3 instead, it runs on WebGL 1 too
// but its font upload sets GL_UNPACK_ROW_LENGTH, an INVALID_ENUM warning in
// WebGL 1's console.
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "platform/render_backend.hpp"

// clang-format off
// Whether the page has WebGL's API at all. WebKit with WebGL turned off (a
// setting, or iOS Lockdown Mode) has no WebGLRenderingContext, and
// Emscripten's Safari workaround in its context creation names that class:
// asking for a context there would throw a ReferenceError instead of failing.
EM_JS(int, foxo_js_webgl_api, (int major), {
  if (typeof WebGLRenderingContext === 'undefined') return 0;
  return major < 2 || typeof WebGL2RenderingContext !== 'undefined' ? 1 : 0;
});
// clang-format on

namespace foxo::platform::render::webgl {

bool init(int major) {
  if (!foxo_js_webgl_api(major)) return false;
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  // ImGui needs neither depth nor stencil; the page behind is never seen
  // (every frame starts from opaque white).
  attrs.alpha = EM_FALSE;
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  attrs.antialias = EM_FALSE;
  attrs.majorVersion = major;
  attrs.minorVersion = 0;
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
  if (ctx <= 0) return false;
  if (emscripten_webgl_make_context_current(ctx) != EMSCRIPTEN_RESULT_SUCCESS) return false;
  ImGui_ImplOpenGL3_Init("#version 100");
  // Create the GL objects now, so that fitting the viewport replaces the font
  // texture instead of the first frame creating a second one.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  return true;
}

void new_frame() { ImGui_ImplOpenGL3_NewFrame(); }

void draw(ImDrawData* data, int fb_w, int fb_h) {
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(1, 1, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(data);
}

void rebuild_font_texture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

unsigned make_texture(int w, int h, const std::uint8_t* rgba, bool linear) {
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  GLuint tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  const GLint filter = linear ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  // Clamped, with no mipmaps: what WebGL 1 allows for any size.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  return tex;
}

void delete_texture(unsigned texture) {
  GLuint t = texture;
  glDeleteTextures(1, &t);
}

}  // namespace foxo::platform::render::webgl
