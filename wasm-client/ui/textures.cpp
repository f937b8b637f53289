// WebGL textures for thumbnails and the glyph-run atlas (see textures.hpp).
#include "ui/textures.hpp"

#include <GLES3/gl3.h>

namespace foxo::ui {

namespace {

unsigned create(int w, int h, const std::uint8_t* rgba, GLint filter) {
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  GLuint tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  return tex;
}

}  // namespace

unsigned make_texture(int w, int h, const std::vector<std::uint8_t>& rgba) {
  if (w <= 0 || h <= 0 || rgba.size() != static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4) return 0;
  // Drawn at (about) its own size: linear filtering, no mipmaps.
  return create(w, h, rgba.data(), GL_LINEAR);
}

unsigned make_blank_texture(int w, int h) {
  if (w <= 0 || h <= 0) return 0;
  // Filled by copies of exactly its own pixels: nearest keeps them as they are.
  return create(w, h, nullptr, GL_NEAREST);
}

void delete_texture(unsigned texture) {
  if (texture == 0) return;
  GLuint t = texture;
  glDeleteTextures(1, &t);
}

}  // namespace foxo::ui
