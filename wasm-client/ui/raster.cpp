// The software rasteriser (see raster.hpp). Index:
//   - pixels: 8-bit arithmetic, blending, texture sampling;
//   - the scissor box of a command, as the OpenGL3 backend sets it;
//   - fill_rect: the axis-aligned rectangle fast path;
//   - fill_triangle: the general path (edge functions on a 1/16 pixel grid,
//     solved per row for the run of pixels inside);
//   - draw: walks the draw lists and picks a path per quad or triangle.
#include "ui/raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace foxo::ui::raster {

namespace {

// --- pixels --------------------------------------------------------------------

// x / 255 rounded to nearest, exact for 0 <= x <= 255 * 255.
inline std::uint32_t div255(std::uint32_t x) {
  x += 128;
  return (x + (x >> 8)) >> 8;
}

struct Px {
  std::uint32_t r, g, b, a;
};

inline Px unpack(ImU32 c) { return {c & 0xFFu, (c >> 8) & 0xFFu, (c >> 16) & 0xFFu, c >> 24}; }

// GL_FUNC_ADD with glBlendFuncSeparate(SRC_ALPHA, ONE_MINUS_SRC_ALPHA, ONE, ONE_MINUS_SRC_ALPHA),
// what the OpenGL3 backend sets.
inline void blend(std::uint8_t* d, const Px& s) {
  if (s.a == 0) return;
  if (s.a == 255) {
    d[0] = static_cast<std::uint8_t>(s.r);
    d[1] = static_cast<std::uint8_t>(s.g);
    d[2] = static_cast<std::uint8_t>(s.b);
    d[3] = 255;
    return;
  }
  const std::uint32_t ia = 255 - s.a;
  d[0] = static_cast<std::uint8_t>(div255(s.r * s.a + d[0] * ia));
  d[1] = static_cast<std::uint8_t>(div255(s.g * s.a + d[1] * ia));
  d[2] = static_cast<std::uint8_t>(div255(s.b * s.a + d[2] * ia));
  d[3] = static_cast<std::uint8_t>(s.a + div255(d[3] * ia));
}

// The fragment shader: vertex colour times texel.
inline Px modulate(const Px& c, const Px& t) {
  return {div255(c.r * t.r), div255(c.g * t.g), div255(c.b * t.b), div255(c.a * t.a)};
}

inline Px texel(const Texture& t, int x, int y) {
  const std::uint8_t* p = t.rgba.data() + (static_cast<std::size_t>(y) * t.width + x) * 4;
  return {p[0], p[1], p[2], p[3]};
}

// GL's sampling with CLAMP_TO_EDGE: texel centres at (i + 0.5) / size.
Px sample(const Texture& t, float u, float v) {
  if (t.filter == Filter::nearest) {
    const int x = std::clamp(static_cast<int>(std::floor(u * t.width)), 0, t.width - 1);
    const int y = std::clamp(static_cast<int>(std::floor(v * t.height)), 0, t.height - 1);
    return texel(t, x, y);
  }
  const float fx = u * t.width - 0.5f, fy = v * t.height - 0.5f;
  const float flx = std::floor(fx), fly = std::floor(fy);
  const float wx = fx - flx, wy = fy - fly;
  const int x0 = std::clamp(static_cast<int>(flx), 0, t.width - 1);
  const int y0 = std::clamp(static_cast<int>(fly), 0, t.height - 1);
  const int x1 = std::clamp(static_cast<int>(flx) + 1, 0, t.width - 1);
  const int y1 = std::clamp(static_cast<int>(fly) + 1, 0, t.height - 1);
  const Px a = texel(t, x0, y0), b = texel(t, x1, y0), c = texel(t, x0, y1), d = texel(t, x1, y1);
  auto mix = [&](std::uint32_t pa, std::uint32_t pb, std::uint32_t pc, std::uint32_t pd) {
    const float top = pa + (static_cast<float>(pb) - pa) * wx;
    const float bottom = pc + (static_cast<float>(pd) - pc) * wx;
    return static_cast<std::uint32_t>(top + (bottom - top) * wy + 0.5f);
  };
  return {mix(a.r, b.r, c.r, d.r), mix(a.g, b.g, c.g, d.g), mix(a.b, b.b, c.b, d.b), mix(a.a, b.a, c.a, d.a)};
}

// --- the scissor box --------------------------------------------------------------

struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, [x0, x1) x [y0, y1)
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// The backend's glScissor((int)min.x, (int)(fb_h - max.y), (int)(max.x - min.x), (int)(max.y - min.y)),
// the truncations included, turned back into rows from the top.
Box scissor(const ImVec4& clip, ImVec2 off, ImVec2 scale, int fb_w, int fb_h) {
  const ImVec2 mn((clip.x - off.x) * scale.x, (clip.y - off.y) * scale.y);
  const ImVec2 mx((clip.z - off.x) * scale.x, (clip.w - off.y) * scale.y);
  if (mx.x <= mn.x || mx.y <= mn.y) return {};
  const int x = static_cast<int>(mn.x), w = static_cast<int>(mx.x - mn.x);
  const int gl_y = static_cast<int>(static_cast<float>(fb_h) - mx.y), h = static_cast<int>(mx.y - mn.y);
  Box b{x, fb_h - (gl_y + h), x + w, fb_h - gl_y};
  b.x0 = std::max(b.x0, 0);
  b.y0 = std::max(b.y0, 0);
  b.x1 = std::min(b.x1, fb_w);
  b.y1 = std::min(b.y1, fb_h);
  return b;
}

// --- geometry on the subpixel grid ------------------------------------------------

constexpr int kSubBits = 4;  // 1/16 pixel, as GPUs snap vertices
constexpr std::int64_t kSub = 1 << kSubBits;
constexpr std::int64_t kHalf = kSub / 2;  // pixel centres sit at i * kSub + kHalf

inline std::int64_t snap(float v) {
  // Far off-screen positions (a long scrolled list) clamp well before lround's range ends.
  return static_cast<std::int64_t>(std::lround(std::clamp(v, -1e8f, 1e8f) * static_cast<float>(kSub)));
}
// First pixel whose centre is at or after `s` (a subpixel coordinate).
inline int first_centre_at_or_after(std::int64_t s) {
  // Clamped so that geometry scrolled far off screen cannot overflow an int.
  constexpr std::int64_t kFar = std::int64_t{1} << 30;
  return static_cast<int>(std::clamp<std::int64_t>((s - kHalf + kSub - 1) >> kSubBits, -kFar, kFar));
}

struct Vert {
  std::int64_t x, y;  // subpixels
  float u, v;
  Px c;
};

struct Ctx {
  Image* img;
  Box clip;
  const Texture* tex;
  ImVec2 off, scale;
};

Vert vert(const Ctx& k, const ImDrawVert& v) {
  return {snap((v.pos.x - k.off.x) * k.scale.x), snap((v.pos.y - k.off.y) * k.scale.y), v.uv.x, v.uv.y, unpack(v.col)};
}

// --- the rectangle fast path -------------------------------------------------------

// Pixels of [x0, x1) x [y0, y1) (subpixels) whose centres are inside: what the
// top-left rule gives for the two triangles of the rectangle.
Box covered(const Box& clip, std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1) {
  Box b{first_centre_at_or_after(x0), first_centre_at_or_after(y0), first_centre_at_or_after(x1),
        first_centre_at_or_after(y1)};
  b.x0 = std::max(b.x0, clip.x0);
  b.y0 = std::max(b.y0, clip.y0);
  b.x1 = std::min(b.x1, clip.x1);
  b.y1 = std::min(b.y1, clip.y1);
  return b;
}

void fill_solid(Image& img, const Box& b, const Px& s) {
  if (s.a == 0) return;
  for (int y = b.y0; y < b.y1; ++y) {
    std::uint8_t* row = img.rgba + (static_cast<std::size_t>(y) * img.width + b.x0) * 4;
    if (s.a == 255) {
      const std::uint8_t px[4] = {static_cast<std::uint8_t>(s.r), static_cast<std::uint8_t>(s.g),
                                  static_cast<std::uint8_t>(s.b), 255};
      std::uint32_t word;
      std::memcpy(&word, px, 4);
      for (int x = b.x0; x < b.x1; ++x, row += 4) std::memcpy(row, &word, 4);
    } else {
      for (int x = b.x0; x < b.x1; ++x, row += 4) blend(row, s);
    }
  }
}

// ImGui's PrimRect / PrimRectUV: vertices a (top left), b, c, d around the
// rectangle, indices a b c a c d, one colour, UVs along the same axes.
// Draws it and answers true, or answers false for the triangle path.
bool try_rect(const Ctx& k, const ImDrawIdx* ix, const ImDrawVert* vx) {
  if (ix[3] != ix[0] || ix[4] != ix[2]) return false;
  const ImDrawVert& a = vx[ix[0]];
  const ImDrawVert& b = vx[ix[1]];
  const ImDrawVert& c = vx[ix[2]];
  const ImDrawVert& d = vx[ix[5]];
  if (a.pos.y != b.pos.y || b.pos.x != c.pos.x || c.pos.y != d.pos.y || d.pos.x != a.pos.x) return false;
  if (a.uv.y != b.uv.y || b.uv.x != c.uv.x || c.uv.y != d.uv.y || d.uv.x != a.uv.x) return false;
  if (a.col != b.col || a.col != c.col || a.col != d.col) return false;

  const Vert va = vert(k, a), vb = vert(k, b), vd = vert(k, d);
  const Box box = covered(k.clip, std::min(va.x, vb.x), std::min(va.y, vd.y), std::max(va.x, vb.x), std::max(va.y, vd.y));
  if (box.empty()) return true;
  const Px col = va.c;
  if (a.uv.x == b.uv.x && a.uv.y == d.uv.y) {  // one texel for all: a solid fill
    fill_solid(*k.img, box, modulate(col, sample(*k.tex, a.uv.x, a.uv.y)));
    return true;
  }
  // UV at pixel centre (x + 0.5, y + 0.5): linear along each axis.
  const double du = (static_cast<double>(b.uv.x) - a.uv.x) / static_cast<double>(vb.x - va.x);
  const double dv = (static_cast<double>(d.uv.y) - a.uv.y) / static_cast<double>(vd.y - va.y);
  const bool white = col.r == 255 && col.g == 255 && col.b == 255 && col.a == 255;
  if (k.tex->filter == Filter::nearest) {
    // Glyph-run lines, most of a frame's pixels: the texel column of each
    // pixel column once per quad, then only fetches and blends; transparent
    // texels (most of a line's box) cost one test.
    static thread_local std::vector<int> columns;
    columns.resize(static_cast<std::size_t>(box.x1 - box.x0));
    for (int x = box.x0; x < box.x1; ++x) {
      const float u = static_cast<float>(a.uv.x + du * static_cast<double>(x * kSub + kHalf - va.x));
      columns[static_cast<std::size_t>(x - box.x0)] =
          std::clamp(static_cast<int>(std::floor(u * k.tex->width)), 0, k.tex->width - 1);
    }
    for (int y = box.y0; y < box.y1; ++y) {
      const float v = static_cast<float>(a.uv.y + dv * static_cast<double>(y * kSub + kHalf - va.y));
      const int ty = std::clamp(static_cast<int>(std::floor(v * k.tex->height)), 0, k.tex->height - 1);
      const std::uint8_t* src = k.tex->rgba.data() + static_cast<std::size_t>(ty) * k.tex->width * 4;
      std::uint8_t* row = k.img->rgba + (static_cast<std::size_t>(y) * k.img->width + box.x0) * 4;
      for (const int tx : columns) {
        const std::uint8_t* t = src + static_cast<std::size_t>(tx) * 4;
        if (t[3] != 0) {
          const Px p{t[0], t[1], t[2], t[3]};
          blend(row, white ? p : modulate(col, p));
        }
        row += 4;
      }
    }
    return true;
  }
  for (int y = box.y0; y < box.y1; ++y) {
    const float v = static_cast<float>(a.uv.y + dv * static_cast<double>(y * kSub + kHalf - va.y));
    std::uint8_t* row = k.img->rgba + (static_cast<std::size_t>(y) * k.img->width + box.x0) * 4;
    for (int x = box.x0; x < box.x1; ++x, row += 4) {
      const float u = static_cast<float>(a.uv.x + du * static_cast<double>(x * kSub + kHalf - va.x));
      const Px t = sample(*k.tex, u, v);
      blend(row, white ? t : modulate(col, t));
    }
  }
  return true;
}

// --- the triangle path --------------------------------------------------------------

inline std::int64_t edge(const Vert& p, const Vert& q, std::int64_t sx, std::int64_t sy) {
  return (q.x - p.x) * (sy - p.y) - (q.y - p.y) * (sx - p.x);
}
// Top-left rule (y down, triangles ordered so their area is positive): a
// centre exactly on a top or left edge belongs to this triangle, on any
// other edge to its neighbour.
inline std::int64_t bias(const Vert& p, const Vert& q) {
  const std::int64_t dx = q.x - p.x, dy = q.y - p.y;
  return ((dy == 0 && dx > 0) || dy < 0) ? 1 : 0;
}

inline std::int64_t floor_div(std::int64_t n, std::int64_t d) {  // d > 0
  return n >= 0 ? n / d : -((-n + d - 1) / d);
}

// Narrows [lo, hi] (pixel offsets in a row) to where w + step * x >= 0;
// false when no pixel of the row is left.
inline bool clip_run(std::int64_t w, std::int64_t step, int& lo, int& hi) {
  if (step > 0) {
    const std::int64_t first = -floor_div(w, step);  // ceil(-w / step)
    if (first > lo) lo = static_cast<int>(std::min<std::int64_t>(first, hi + 1));
  } else if (step < 0) {
    const std::int64_t last = floor_div(w, -step);
    if (last < hi) hi = static_cast<int>(std::max<std::int64_t>(last, lo - 1));
  } else if (w < 0) {
    return false;
  }
  return lo <= hi;
}

void fill_triangle(const Ctx& k, Vert a, Vert b, Vert c) {
  std::int64_t area = edge(a, b, c.x, c.y);
  if (area == 0) return;
  if (area < 0) {
    std::swap(b, c);
    area = -area;
  }
  const std::int64_t minx = std::min({a.x, b.x, c.x}), maxx = std::max({a.x, b.x, c.x});
  const std::int64_t miny = std::min({a.y, b.y, c.y}), maxy = std::max({a.y, b.y, c.y});
  Box box = covered(k.clip, minx, miny, maxx + 1, maxy + 1);
  if (box.empty()) return;

  const bool flat_uv = a.u == b.u && a.u == c.u && a.v == b.v && a.v == c.v;
  const bool flat_col = std::memcmp(&a.c, &b.c, sizeof(Px)) == 0 && std::memcmp(&a.c, &c.c, sizeof(Px)) == 0;
  const Px flat_texel = flat_uv ? sample(*k.tex, a.u, a.v) : Px{};
  const Px flat = flat_uv && flat_col ? modulate(a.c, flat_texel) : Px{};
  if (flat_uv && flat_col && flat.a == 0) return;

  // Edge functions at the first centre, and their steps per pixel and per row.
  const std::int64_t sx = box.x0 * kSub + kHalf, sy = box.y0 * kSub + kHalf;
  const std::int64_t b0 = bias(b, c), b1 = bias(c, a), b2 = bias(a, b);
  std::int64_t r0 = edge(b, c, sx, sy) + b0 - 1, r1 = edge(c, a, sx, sy) + b1 - 1, r2 = edge(a, b, sx, sy) + b2 - 1;
  const std::int64_t x0s = -(c.y - b.y) * kSub, x1s = -(a.y - c.y) * kSub, x2s = -(b.y - a.y) * kSub;
  const std::int64_t y0s = (c.x - b.x) * kSub, y1s = (a.x - c.x) * kSub, y2s = (b.x - a.x) * kSub;
  const double inv_area = 1.0 / static_cast<double>(area);

  const int width = box.x1 - box.x0;
  for (int y = box.y0; y < box.y1; ++y, r0 += y0s, r1 += y1s, r2 += y2s) {
    // The row's run of inside pixels, solved from each edge's half-plane:
    // a fan triangle of a rounded rectangle is a sliver across a large box.
    int lo = 0, hi = width - 1;
    if (!clip_run(r0, x0s, lo, hi) || !clip_run(r1, x1s, lo, hi) || !clip_run(r2, x2s, lo, hi)) continue;
    std::int64_t w0 = r0 + x0s * lo, w1 = r1 + x1s * lo, w2 = r2 + x2s * lo;
    std::uint8_t* px = k.img->rgba + (static_cast<std::size_t>(y) * k.img->width + box.x0 + lo) * 4;
    for (int x = lo; x <= hi; ++x, w0 += x0s, w1 += x1s, w2 += x2s, px += 4) {
      // w + bias - 1 >= 0: inside, or on an edge this triangle owns (always
      // true within the run; kept as the definition the run was solved from).
      if ((w0 | w1 | w2) < 0) continue;
      if (flat_uv && flat_col) {
        blend(px, flat);
        continue;
      }
      // Barycentric weights of the exact (unbiased) edge values.
      const double l0 = static_cast<double>(w0 - b0 + 1) * inv_area;
      const double l1 = static_cast<double>(w1 - b1 + 1) * inv_area;
      const double l2 = 1.0 - l0 - l1;
      Px col = a.c;
      if (!flat_col) {
        auto lerp = [&](std::uint32_t ca, std::uint32_t cb, std::uint32_t cc) {
          const double v = l0 * ca + l1 * cb + l2 * cc;
          return static_cast<std::uint32_t>(std::clamp(v + 0.5, 0.0, 255.0));
        };
        col = {lerp(a.c.r, b.c.r, c.c.r), lerp(a.c.g, b.c.g, c.c.g), lerp(a.c.b, b.c.b, c.c.b),
               lerp(a.c.a, b.c.a, c.c.a)};
      }
      const Px t = flat_uv ? flat_texel
                           : sample(*k.tex, static_cast<float>(l0 * a.u + l1 * b.u + l2 * c.u),
                                    static_cast<float>(l0 * a.v + l1 * b.v + l2 * c.v));
      blend(px, modulate(col, t));
    }
  }
}

}  // namespace

void clear(Image& target, ImU32 color) {
  const Px c = unpack(color);
  const std::uint8_t px[4] = {static_cast<std::uint8_t>(c.r), static_cast<std::uint8_t>(c.g),
                              static_cast<std::uint8_t>(c.b), static_cast<std::uint8_t>(c.a)};
  std::uint32_t word;
  std::memcpy(&word, px, 4);
  const std::size_t n = static_cast<std::size_t>(target.width) * static_cast<std::size_t>(target.height);
  for (std::size_t i = 0; i < n; ++i) std::memcpy(target.rgba + i * 4, &word, 4);
}

void draw(Image& target, const ImDrawData& data, TextureLookup lookup, void* user) {
  if (target.width <= 0 || target.height <= 0 || !target.rgba) return;
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList* list = data.CmdLists[n];
    const ImDrawVert* vtx = list->VtxBuffer.Data;
    const ImDrawIdx* idx = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      Ctx k{&target, scissor(cmd.ClipRect, data.DisplayPos, data.FramebufferScale, target.width, target.height),
            lookup(cmd.TextureId, user), data.DisplayPos, data.FramebufferScale};
      if (k.clip.empty() || !k.tex || k.tex->width <= 0 || k.tex->height <= 0) continue;
      const ImDrawIdx* ix = idx + cmd.IdxOffset;
      const ImDrawVert* vx = vtx + cmd.VtxOffset;
      for (unsigned i = 0; i + 3 <= cmd.ElemCount;) {
        if (i + 6 <= cmd.ElemCount && try_rect(k, ix + i, vx)) {
          i += 6;
          continue;
        }
        fill_triangle(k, vert(k, vx[ix[i]]), vert(k, vx[ix[i + 1]]), vert(k, vx[ix[i + 2]]));
        i += 3;
      }
    }
  }
}

}  // namespace foxo::ui::raster
