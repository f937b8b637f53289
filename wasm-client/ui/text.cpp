// Text drawing (see text.hpp). Index:
//   metrics      sizes of the two roles, the line box around a line
//   caches       widths, laid-out paragraphs, drawn lines (all dropped when a font arrives)
//   atlas        one RGBA texture, filled shelf by shelf, emptied when full
//   public API   text_size, draw_text
#include "ui/text.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "foxo/text_layout.hpp"
#include "platform/render.hpp"
#include "platform/text.hpp"
#include "platform/unicode.hpp"
#include "ui/fonts.hpp"

namespace foxo::ui {

namespace {

// --- metrics -------------------------------------------------------------------
constexpr float kTitleScale = 1.4f;
constexpr float kLineHeight = 1.35f;  // of the font size: room for stacked marks and emoji
constexpr int kAtlasSize = 2048;

struct Box {  // the pixels drawn for one line, around its layout box
  float size = 0, line_h = 0;
  int pad_x = 0, pad_y = 0, h = 0;
  float baseline = 0;  // from the top of the drawn box
};
Box g_box[2];
float g_ratio = 0;

Box make_box(float size) {
  Box b;
  b.size = size;
  b.line_h = std::round(kLineHeight * size);
  // Glyphs reach outside the line box (Vietnamese stacked marks, Devanagari
  // vowel signs, emoji): draw into a larger box so nothing is cut.
  b.pad_x = static_cast<int>(std::ceil(0.3f * size));
  b.pad_y = static_cast<int>(std::ceil(0.35f * size));
  b.h = static_cast<int>(b.line_h) + 2 * b.pad_y;
  b.baseline = b.pad_y + std::round(0.5f * b.line_h + 0.36f * size);
  return b;
}

// --- caches --------------------------------------------------------------------
struct Laid {
  std::vector<text::Line> lines;
  ImVec2 size;
  bool rtl = false;
};
struct Slot {
  int x = 0, y = 0, w = 0, h = 0;
};

std::unordered_map<std::string, float> g_widths[2];
std::unordered_map<std::string, Laid> g_laid;
std::unordered_map<std::string, Slot> g_drawn;
int g_generation = -1;
constexpr std::size_t kMaxCached = 20000;  // entries per cache before it is emptied

float measure(FontRole role, std::string_view s) {
  auto& cache = g_widths[static_cast<int>(role)];
  const std::string key(s);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  if (cache.size() > kMaxCached) cache.clear();
  const float w = platform::text::measure(static_cast<int>(role), s);
  cache.emplace(key, w);
  return w;
}

const Laid& lay_out(std::string_view s, FontRole role, float wrap) {
  const int wrap_px = wrap > 0 ? static_cast<int>(wrap) : 0;
  std::string key;
  key.reserve(s.size() + 16);
  key += static_cast<char>('0' + static_cast<int>(role));
  key += std::to_string(wrap_px);
  key += '|';
  key += s;
  if (auto it = g_laid.find(key); it != g_laid.end()) return it->second;
  if (g_laid.size() > kMaxCached) g_laid.clear();
  Laid laid;
  laid.lines = text::break_lines(
      s, static_cast<float>(wrap_px), [role](std::string_view piece) { return measure(role, piece); },
      platform::unicode());
  laid.rtl = text::paragraph_direction(s, platform::unicode()) == text::Direction::rtl;
  float w = 0;
  for (const text::Line& l : laid.lines) w = std::max(w, l.width);
  laid.size = ImVec2(std::ceil(w), g_box[static_cast<int>(role)].line_h * static_cast<float>(laid.lines.size()));
  return g_laid.emplace(std::move(key), std::move(laid)).first->second;
}

// --- atlas ---------------------------------------------------------------------
struct Shelf {
  int y, h, next_x;
};
unsigned g_atlas = 0;
std::vector<Shelf> g_shelves;
int g_shelf_end = 0;
bool g_reset_this_frame = false;
bool g_more_frames = false;

void empty_atlas() {
  g_drawn.clear();
  g_shelves.clear();
  g_shelf_end = 0;
}

void make_atlas() {
  if (g_atlas == 0) g_atlas = platform::render::make_blank_texture(kAtlasSize, kAtlasSize);
}

// A free w x h rectangle, or nothing when the atlas is full.
bool allocate(int w, int h, Slot& out) {
  for (Shelf& s : g_shelves) {
    if (s.h == h && s.next_x + w <= kAtlasSize) {
      out = {s.next_x, s.y, w, h};
      s.next_x += w;
      return true;
    }
  }
  if (g_shelf_end + h > kAtlasSize) return false;
  g_shelves.push_back({g_shelf_end, h, w});
  out = {0, g_shelf_end, w, h};
  g_shelf_end += h;
  return true;
}

std::string css_color(ImU32 c) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "rgba(%u,%u,%u,%.3f)", static_cast<unsigned>(c & 0xFF),
                static_cast<unsigned>((c >> 8) & 0xFF), static_cast<unsigned>((c >> 16) & 0xFF),
                static_cast<double>((c >> 24) & 0xFF) / 255.0);
  return buf;
}

// The atlas rectangle holding `line` drawn in `color`, drawing it if needed;
// null when the atlas is full and was already emptied this frame.
const Slot* drawn_line(std::string_view line, float width, FontRole role, ImU32 color, bool rtl) {
  std::string key;
  key.reserve(line.size() + 16);
  key += static_cast<char>('0' + static_cast<int>(role));
  key += rtl ? 'r' : 'l';
  key += std::to_string(color);
  key += '|';
  key += line;
  if (auto it = g_drawn.find(key); it != g_drawn.end()) return &it->second;
  const Box& b = g_box[static_cast<int>(role)];
  const int w = std::min(kAtlasSize, static_cast<int>(std::ceil(width)) + 2 * b.pad_x);
  Slot slot;
  if (!allocate(w, b.h, slot)) {
    if (g_reset_this_frame) {
      g_more_frames = true;  // the rest waits for the next frame
      return nullptr;
    }
    // Full: start again with what this and later frames need.
    empty_atlas();
    g_reset_this_frame = true;
    g_more_frames = true;
    if (!allocate(w, b.h, slot)) return nullptr;
  }
  platform::text::draw_into_texture(g_atlas, slot.x, slot.y, slot.w, slot.h, static_cast<int>(role), css_color(color),
                                    rtl, line, static_cast<float>(b.pad_x), b.baseline);
  return &g_drawn.emplace(std::move(key), slot).first->second;
}

}  // namespace

// --- public API ------------------------------------------------------------------
void text_set_scale(float pixel_ratio) {
  g_ratio = pixel_ratio;
  const float body = std::round(kBaseFontCss * pixel_ratio);
  const float title = std::round(kTitleScale * kBaseFontCss * pixel_ratio);
  g_box[0] = make_box(body);
  g_box[1] = make_box(title);
  platform::text::set_sizes(body, title);
  make_atlas();
  g_widths[0].clear();
  g_widths[1].clear();
  g_laid.clear();
  empty_atlas();
}

void text_begin_frame() {
  g_reset_this_frame = false;
  g_more_frames = false;
  const int gen = platform::text::generation();
  if (gen != g_generation) {
    // A font arrived: text drawn with a fallback is measured and drawn again.
    g_generation = gen;
    g_widths[0].clear();
    g_widths[1].clear();
    g_laid.clear();
    empty_atlas();
  }
}

bool text_end_frame() { return g_more_frames; }

float font_px(FontRole role) { return g_box[static_cast<int>(role)].size; }
float line_height(FontRole role) { return g_box[static_cast<int>(role)].line_h; }

ImVec2 text_size(std::string_view s, FontRole role, float wrap) { return lay_out(s, role, wrap).size; }

void draw_text(ImDrawList* dl, ImVec2 pos, std::string_view s, ImU32 color, FontRole role, float wrap,
               const ImVec4* clip) {
  if (s.empty() || g_atlas == 0) return;
  const Laid& laid = lay_out(s, role, wrap);
  const Box& b = g_box[static_cast<int>(role)];
  if (clip) dl->PushClipRect(ImVec2(clip->x, clip->y), ImVec2(clip->z, clip->w), true);
  const ImVec4 visible = dl->_ClipRectStack.back();
  const ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(g_atlas));
  const float inv = 1.0f / static_cast<float>(kAtlasSize);
  for (std::size_t i = 0; i < laid.lines.size(); ++i) {
    const text::Line& l = laid.lines[i];
    if (l.end <= l.begin) continue;
    const float y = std::round(pos.y + b.line_h * static_cast<float>(i));
    if (y + b.line_h + b.pad_y < visible.y || y - b.pad_y > visible.w) continue;  // scrolled out of view
    const float x = std::round(pos.x + (laid.rtl ? laid.size.x - std::ceil(l.width) : 0.0f));
    const Slot* slot = drawn_line(s.substr(l.begin, l.end - l.begin), l.width, role, color, laid.rtl);
    if (!slot) continue;
    const ImVec2 p0(x - static_cast<float>(b.pad_x), y - static_cast<float>(b.pad_y));
    const ImVec2 p1(p0.x + static_cast<float>(slot->w), p0.y + static_cast<float>(slot->h));
    dl->AddImage(tex, p0, p1, ImVec2(slot->x * inv, slot->y * inv),
                 ImVec2((slot->x + slot->w) * inv, (slot->y + slot->h) * inv));
  }
  if (clip) dl->PopClipRect();
}

}  // namespace foxo::ui
