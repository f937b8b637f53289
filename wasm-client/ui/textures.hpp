// WebGL textures: attachment thumbnails (pixels decoded by the browser) and
// the glyph-run atlas of ui/text.cpp.
#pragma once
#include <cstdint>
#include <vector>

namespace foxo::ui {

// A texture of `w` x `h` RGBA pixels, as ImGui::Image's ImTextureID
// (the OpenGL3 backend takes the GL name); 0 when it could not be made.
unsigned make_texture(int w, int h, const std::vector<std::uint8_t>& rgba);
// A texture of `w` x `h` transparent pixels, filled later by sub-image copies.
unsigned make_blank_texture(int w, int h);
void delete_texture(unsigned texture);

}  // namespace foxo::ui
