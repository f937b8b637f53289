// The software rasteriser of the GPU-free renderer (wasm-client/ui/raster.cpp):
// exact pixels for ImGui's geometry, drawn from hand-made draw lists (no
// ImGui context needed).
#include <gtest/gtest.h>
#include <imgui.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "ui/raster.hpp"

namespace r = foxo::ui::raster;

namespace {

using Rgba = std::array<int, 4>;

constexpr ImU32 rgba(int r, int g, int b, int a) { return IM_COL32(r, g, b, a); }

// One draw list of one command per call to cmd(), over a W x H image.
struct Scene {
  int w, h;
  std::vector<std::uint8_t> pixels;
  ImDrawList list{nullptr};
  std::vector<r::Texture> textures;

  Scene(int width, int height, ImU32 background = rgba(255, 255, 255, 255))
      : w(width), h(height), pixels(static_cast<std::size_t>(width) * height * 4) {
    r::Image img{w, h, pixels.data()};
    r::clear(img, background);
    // Texture 1: one white texel, what ImGui's solid shapes sample.
    textures.push_back({1, 1, r::Filter::linear, {255, 255, 255, 255}});
  }

  ImTextureID add_texture(r::Texture t) {
    textures.push_back(std::move(t));
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(textures.size()));
  }
  static ImTextureID white() { return reinterpret_cast<ImTextureID>(std::intptr_t{1}); }

  int vert(float x, float y, ImU32 col, float u = 0.5f, float v = 0.5f) {
    ImDrawVert dv;
    dv.pos = ImVec2(x, y);
    dv.uv = ImVec2(u, v);
    dv.col = col;
    list.VtxBuffer.push_back(dv);
    return list.VtxBuffer.Size - 1;
  }
  void index(std::initializer_list<int> ids) {
    for (int i : ids) list.IdxBuffer.push_back(static_cast<ImDrawIdx>(i));
  }
  // Closes the indices added since the last command into one command.
  void cmd(ImTextureID tex, ImVec4 clip = ImVec4(0, 0, 1e6f, 1e6f)) {
    unsigned start = 0;
    for (const ImDrawCmd& c : list.CmdBuffer) start = c.IdxOffset + c.ElemCount;
    ImDrawCmd c;
    c.ClipRect = clip;
    c.TextureId = tex;
    c.IdxOffset = start;
    c.ElemCount = static_cast<unsigned>(list.IdxBuffer.Size) - start;
    list.CmdBuffer.push_back(c);
  }
  // ImGui's PrimRectUV: a, b, c, d clockwise from the top left; a b c, a c d.
  void rect(float x0, float y0, float x1, float y1, ImU32 col, ImVec2 uv0 = {0.5f, 0.5f}, ImVec2 uv1 = {0.5f, 0.5f}) {
    const int a = vert(x0, y0, col, uv0.x, uv0.y), b = vert(x1, y0, col, uv1.x, uv0.y);
    const int c = vert(x1, y1, col, uv1.x, uv1.y), d = vert(x0, y1, col, uv0.x, uv1.y);
    index({a, b, c, a, c, d});
  }

  void render() {
    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    data.FramebufferScale = ImVec2(1, 1);
    r::Image img{w, h, pixels.data()};
    r::draw(img, data, [](ImTextureID id, void* user) -> const r::Texture* {
      auto* self = static_cast<Scene*>(user);
      const auto i = reinterpret_cast<std::intptr_t>(id);
      if (i < 1 || i > static_cast<std::intptr_t>(self->textures.size())) return nullptr;
      return &self->textures[static_cast<std::size_t>(i - 1)];
    }, this);
  }

  Rgba at(int x, int y) const {
    const std::uint8_t* p = &pixels[(static_cast<std::size_t>(y) * w + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

const Rgba kWhite{255, 255, 255, 255};

}  // namespace

TEST(Raster, SolidRectCoversTheCentresInsideItHalfOpen) {
  Scene s(8, 8);
  s.rect(2, 1, 5, 4, rgba(200, 10, 20, 255));
  s.cmd(Scene::white());
  s.render();
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) {
      const bool in = x >= 2 && x < 5 && y >= 1 && y < 4;
      EXPECT_EQ(s.at(x, y), (in ? Rgba{200, 10, 20, 255} : kWhite)) << x << "," << y;
    }
}

TEST(Raster, RectOnHalfPixelsTakesTheCentresAtOrAfterItsTopLeft) {
  Scene s(6, 6);
  // Centres x + 0.5 in [1.5, 3.5): columns 1 and 2; same for rows.
  s.rect(1.5f, 1.5f, 3.5f, 3.5f, rgba(0, 0, 0, 255));
  s.cmd(Scene::white());
  s.render();
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 6; ++x) {
      const bool in = x >= 1 && x < 3 && y >= 1 && y < 3;
      EXPECT_EQ(s.at(x, y), (in ? Rgba{0, 0, 0, 255} : kWhite)) << x << "," << y;
    }
}

TEST(Raster, TexturedQuadSamplesNearestTexelsAndTintsThem) {
  Scene s(5, 4);
  const ImTextureID tex = s.add_texture({2, 2, r::Filter::nearest,
                                         {10, 20, 30, 255, 40, 50, 60, 255,  //
                                          70, 80, 90, 255, 100, 110, 120, 255}});
  s.rect(1, 1, 3, 3, rgba(255, 255, 255, 255), {0, 0}, {1, 1});
  s.rect(3, 0, 5, 2, rgba(128, 255, 255, 255), {0, 0}, {1, 1});  // tinted: red halved
  s.cmd(tex);
  s.render();
  EXPECT_EQ(s.at(1, 1), (Rgba{10, 20, 30, 255}));
  EXPECT_EQ(s.at(2, 1), (Rgba{40, 50, 60, 255}));
  EXPECT_EQ(s.at(1, 2), (Rgba{70, 80, 90, 255}));
  EXPECT_EQ(s.at(2, 2), (Rgba{100, 110, 120, 255}));
  EXPECT_EQ(s.at(3, 0), (Rgba{5, 20, 30, 255}));    // 10 * 128 / 255 = 5.02
  EXPECT_EQ(s.at(4, 1), (Rgba{50, 110, 120, 255}));  // 100 * 128 / 255 = 50.2
  EXPECT_EQ(s.at(0, 0), kWhite);
  EXPECT_EQ(s.at(1, 3), kWhite);
}

TEST(Raster, LinearFilteringBlendsNeighbourTexelsAndClampsAtTheEdges) {
  Scene s(4, 1);
  const ImTextureID tex = s.add_texture({2, 1, r::Filter::linear, {0, 0, 0, 255, 255, 255, 255, 255}});
  s.rect(0, 0, 4, 1, rgba(255, 255, 255, 255), {0, 0}, {1, 1});
  s.cmd(tex);
  s.render();
  // u at the centres: 1/8, 3/8, 5/8, 7/8 -> texel space -0.25, 0.25, 0.75, 1.25.
  EXPECT_EQ(s.at(0, 0), (Rgba{0, 0, 0, 255}));
  EXPECT_EQ(s.at(1, 0), (Rgba{64, 64, 64, 255}));
  EXPECT_EQ(s.at(2, 0), (Rgba{191, 191, 191, 255}));
  EXPECT_EQ(s.at(3, 0), (Rgba{255, 255, 255, 255}));
}

TEST(Raster, TriangleIsCutToItsCommandsClipRect) {
  Scene s(8, 8);
  const int a = s.vert(0, 0, rgba(0, 0, 255, 255)), b = s.vert(8, 0, rgba(0, 0, 255, 255));
  const int c = s.vert(0, 8, rgba(0, 0, 255, 255));
  s.index({a, b, c});
  s.cmd(Scene::white(), ImVec4(2, 2, 6, 6));
  s.render();
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) {
      // Centre inside x + y < 8; a centre on the hypotenuse (x + y == 7) is
      // on a right edge, which the top-left rule leaves out.
      const bool in = x >= 2 && x < 6 && y >= 2 && y < 6 && x + y < 7;
      EXPECT_EQ(s.at(x, y), (in ? Rgba{0, 0, 255, 255} : kWhite)) << x << "," << y;
    }
}

TEST(Raster, TrianglesSharingAnEdgeBlendEachPixelOnce) {
  Scene s(10, 10);
  // A quadrilateral in two triangles (a b d, b c d): not a rectangle, so both
  // go through the triangle path and share the edge b-d, which passes
  // exactly through the centres of the pixels with x + y == 8.
  const ImU32 half_blue = rgba(0, 0, 255, 128);
  const int a = s.vert(0.2f, 0.3f, half_blue), b = s.vert(8.5f, 0.5f, half_blue);
  const int c = s.vert(9.7f, 9.1f, half_blue), d = s.vert(0.5f, 8.5f, half_blue);
  s.index({a, b, d, b, c, d});
  s.cmd(Scene::white());
  s.render();
  const Rgba once{127, 127, 255, 255};  // 255 * 127 / 255 over white, blue kept
  int covered = 0;
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) {
      const Rgba p = s.at(x, y);
      EXPECT_TRUE(p == kWhite || p == once) << x << "," << y << " = " << p[0] << " " << p[1] << " " << p[2];
      covered += p == once;
    }
  // The centres on b-d are drawn (no seam), once (checked above).
  for (int x = 1; x < 8; ++x) EXPECT_EQ(s.at(x, 8 - x), once) << x;
  EXPECT_GT(covered, 60);
}

TEST(Raster, SquareInTwoTrianglesCoversEachPixelExactlyOnce) {
  Scene s(6, 6);
  const ImU32 col = rgba(0, 0, 0, 128);
  const int a = s.vert(1, 1, col), b = s.vert(5, 1, col), c = s.vert(5, 5, col), d = s.vert(1, 5, col);
  s.index({a, b, d, d, b, c});  // diagonal b-d, triangle path
  s.cmd(Scene::white());
  s.render();
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 6; ++x) {
      const bool in = x >= 1 && x < 5 && y >= 1 && y < 5;
      EXPECT_EQ(s.at(x, y), (in ? Rgba{127, 127, 127, 255} : kWhite)) << x << "," << y;
    }
}

TEST(Raster, StraightAlphaBlendsOverWhiteAndOverTransparent) {
  Scene s(2, 1);
  s.rect(0, 0, 2, 1, rgba(255, 0, 0, 128));
  s.cmd(Scene::white());
  s.render();
  EXPECT_EQ(s.at(0, 0), (Rgba{255, 127, 127, 255}));

  Scene t(2, 1, rgba(0, 0, 0, 0));
  t.rect(0, 0, 1, 1, rgba(255, 0, 0, 128));
  t.rect(0, 0, 1, 1, rgba(0, 255, 0, 128));  // a second layer over the first
  t.cmd(Scene::white());
  t.render();
  // First: rgb 255*128/255 = 128, alpha 128. Second over it: r 128*127/255 = 64,
  // g 255*128/255 = 128, alpha 128 + 128*127/255 = 192.
  EXPECT_EQ(t.at(0, 0), (Rgba{64, 128, 0, 192}));
  EXPECT_EQ(t.at(1, 0), (Rgba{0, 0, 0, 0}));
}

TEST(Raster, VertexAlphaIsInterpolatedAcrossAFringe) {
  Scene s(4, 1);
  // Opaque black on the left, transparent on the right, as ImGui's
  // anti-aliased fringes fade out.
  const int a = s.vert(0, 0, rgba(0, 0, 0, 255)), b = s.vert(4, 0, rgba(0, 0, 0, 0));
  const int c = s.vert(4, 1, rgba(0, 0, 0, 0)), d = s.vert(0, 1, rgba(0, 0, 0, 255));
  s.index({a, b, c, a, c, d});
  s.cmd(Scene::white());
  s.render();
  // Alpha at the centres: 255 * (1 - (x + 0.5) / 4) = 223.1, 159.4, 95.6, 31.9;
  // over white: 255 - alpha.
  EXPECT_EQ(s.at(0, 0), (Rgba{32, 32, 32, 255}));
  EXPECT_EQ(s.at(1, 0), (Rgba{96, 96, 96, 255}));
  EXPECT_EQ(s.at(2, 0), (Rgba{159, 159, 159, 255}));
  EXPECT_EQ(s.at(3, 0), (Rgba{223, 223, 223, 255}));
}

TEST(Raster, CommandWithAnUnknownTextureDrawsNothing) {
  Scene s(2, 2);
  s.rect(0, 0, 2, 2, rgba(0, 0, 0, 255));
  s.cmd(reinterpret_cast<ImTextureID>(std::intptr_t{99}));
  s.render();
  EXPECT_EQ(s.at(0, 0), kWhite);
}

TEST(Raster, ConvexFanCoversItsInsideOnceWithoutSeams) {
  // ImGui fills convex shapes (rounded rectangles) as a fan from the first
  // vertex: long slivers that share edges. A 24-gon of radius 9 around (10, 10).
  Scene s(20, 20);
  const ImU32 col = rgba(0, 0, 0, 128);
  constexpr int n = 24;
  int first = -1;
  for (int i = 0; i < n; ++i) {
    const float t = 6.2831853f * static_cast<float>(i) / n;
    const int v = s.vert(10.0f + 9.0f * std::cos(t), 10.0f + 9.0f * std::sin(t), col);
    if (first < 0) first = v;
  }
  for (int i = 2; i < n; ++i) s.index({first, first + i - 1, first + i});
  s.cmd(Scene::white());
  s.render();
  const Rgba once{127, 127, 127, 255};
  const float inner = 9.0f * std::cos(3.14159265f / n) - 0.05f;  // inside every edge
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 20; ++x) {
      const Rgba p = s.at(x, y);
      EXPECT_TRUE(p == kWhite || p == once) << x << "," << y;
      const float dx = x + 0.5f - 10.0f, dy = y + 0.5f - 10.0f;
      if (std::sqrt(dx * dx + dy * dy) < inner) EXPECT_EQ(p, once) << x << "," << y;
      if (std::sqrt(dx * dx + dy * dy) > 9.0f) EXPECT_EQ(p, kWhite) << x << "," << y;
    }
}
