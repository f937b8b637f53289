// The colour schemes and the WCAG contrast arithmetic (see palette.hpp).
#include "ui/palette.hpp"

#include <cmath>

namespace foxo::ui {

Palette light_palette() {
  Palette p;
  p.name = "light";
  p.page = hex(0xffffff);
  p.text = hex(0x17191f);
  p.muted = hex(0x575c67);
  p.error = hex(0xb01a1a);
  // Darker than ImGui's light grey: a field's or button's edge is what shows
  // it is there, so it needs 3:1 against the page (WCAG 1.4.11).
  p.border = hex(0x7a808b);
  p.field = hex(0xf8f8fa);
  p.field_hover = hex(0xf0f2f7);
  p.readonly = hex(0xedeff2);
  p.button = hex(0xedf0f5);
  p.button_hover = hex(0xe0e6ef);
  p.button_active = hex(0xd1d9e8);
  p.button_text = p.text;
  p.primary = hex(0x1754c2);
  p.primary_hover = hex(0x1045a8);
  p.primary_active = hex(0x0b368c);
  p.on_primary = hex(0xffffff);
  p.focus = p.primary;
  p.banner = hex(0xfff2d1);
  p.banner_border = hex(0xa87a10);
  p.mine = hex(0xe0ebfd);
  p.theirs = hex(0xf2f2f5);
  p.rule = hex(0xd9dbe0);
  return p;
}

Palette dark_palette() {
  Palette p;
  p.name = "dark";
  p.dark = true;
  p.page = hex(0x15171c);
  p.text = hex(0xe8eaef);
  p.muted = hex(0xa8afbb);
  p.error = hex(0xff8f87);
  p.border = hex(0x848c99);
  p.field = hex(0x1e2128);
  p.field_hover = hex(0x252931);
  p.readonly = hex(0x23262d);
  p.button = hex(0x272b33);
  p.button_hover = hex(0x30353f);
  p.button_active = hex(0x3a4150);
  p.button_text = p.text;
  // A light blue with dark text on it: a saturated dark blue would sink into the page.
  p.primary = hex(0x8cb4ff);
  p.primary_hover = hex(0xa3c3ff);
  p.primary_active = hex(0xb8d0ff);
  p.on_primary = hex(0x0b1a33);
  p.focus = p.primary;
  p.banner = hex(0x3b3016);
  p.banner_border = hex(0xc9a23a);
  p.mine = hex(0x1d2f4f);
  p.theirs = hex(0x24272e);
  p.rule = hex(0x3a3e46);
  return p;
}

Palette light_more_contrast_palette() {
  Palette p = light_palette();
  p.name = "light, more contrast";
  p.text = hex(0x000000);
  p.muted = hex(0x33373d);
  p.error = hex(0x8f0000);
  p.border = hex(0x3d4148);
  p.field = hex(0xffffff);
  p.button = hex(0xf3f5f8);
  p.button_hover = hex(0xdfe6f1);
  p.button_active = hex(0xc9d6ea);
  p.button_text = p.text;
  p.primary = hex(0x0b3a91);
  p.primary_hover = hex(0x072c73);
  p.primary_active = hex(0x052259);
  p.focus = p.primary;
  p.banner_border = hex(0x6b4e00);
  p.rule = hex(0x6b7079);
  return p;
}

Palette dark_more_contrast_palette() {
  Palette p = dark_palette();
  p.name = "dark, more contrast";
  p.page = hex(0x000000);
  p.text = hex(0xffffff);
  p.muted = hex(0xd5d9e0);
  p.error = hex(0xffb3ad);
  p.border = hex(0xc7ccd4);
  p.field = hex(0x0d0f12);
  p.field_hover = hex(0x1a1d22);
  p.readonly = hex(0x16181c);
  p.button = hex(0x15181d);
  p.button_hover = hex(0x252a33);
  p.button_active = hex(0x323946);
  p.button_text = p.text;
  p.primary = hex(0xb3ceff);
  p.primary_hover = hex(0xc7dbff);
  p.primary_active = hex(0xdbe7ff);
  p.on_primary = hex(0x000000);
  p.focus = p.primary;
  p.banner = hex(0x2e2610);
  p.banner_border = hex(0xe0b84a);
  p.mine = hex(0x152540);
  p.theirs = hex(0x17191d);
  p.rule = hex(0x6d737d);
  return p;
}

Palette forced_palette(const SystemColours& s, bool dark) {
  // Only the pairs the system colours are made for: CanvasText on Canvas,
  // ButtonText on ButtonFace, HighlightText on Highlight. Secondary text and
  // errors are CanvasText too (the user chose these colours to read them);
  // no tints: bubbles and banners are Canvas with a CanvasText edge.
  Palette p;
  p.name = "forced colours";
  p.dark = dark;
  p.page = s.canvas;
  p.text = s.canvas_text;
  p.muted = s.canvas_text;
  p.error = s.canvas_text;
  p.border = s.button_text;
  p.field = p.field_hover = p.readonly = s.canvas;
  p.button = p.button_hover = p.button_active = s.button_face;
  p.button_text = s.button_text;
  p.primary = p.primary_hover = p.primary_active = s.highlight;
  p.on_primary = s.highlight_text;
  p.focus = s.highlight;
  p.banner = s.canvas;
  p.banner_border = s.canvas_text;
  p.mine = p.theirs = s.canvas;
  p.rule = s.gray_text;
  return p;
}

Palette choose_palette(const LookPrefs& p) {
  if (p.forced) return forced_palette(p.system, relative_luminance(p.system.canvas) < 0.2);
  if (p.dark) return p.more_contrast ? dark_more_contrast_palette() : dark_palette();
  return p.more_contrast ? light_more_contrast_palette() : light_palette();
}

double relative_luminance(Rgb c) {
  auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
  double la = relative_luminance(a), lb = relative_luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

std::vector<ContrastPair> contrast_pairs(const Palette& p) {
  constexpr double kText = 4.5, kLarge = 3.0, kUi = 3.0;
  std::vector<ContrastPair> v = {
      {"text on page", p.text, p.page, kText},
      {"muted on page", p.muted, p.page, kText},
      {"error on page", p.error, p.page, kText},
      {"text in field", p.text, p.field, kText},
      {"text in hovered field", p.text, p.field_hover, kText},
      {"hint in field", p.muted, p.field, kText},
      {"read-only value", p.muted, p.readonly, kText},
      {"button text", p.button_text, p.button, kText},
      {"button text hovered", p.button_text, p.button_hover, kText},
      {"button text pressed", p.button_text, p.button_active, kText},
      {"row text hovered", p.text, p.button_hover, kText},
      {"row detail hovered", p.muted, p.button_hover, kText},
      {"row text pressed", p.text, p.button_active, kText},
      {"row detail pressed", p.muted, p.button_active, kText},
      {"row text selected", p.text, p.button, kText},
      {"row detail selected", p.muted, p.button, kText},
      {"primary button text", p.on_primary, p.primary, kText},
      {"primary button text hovered", p.on_primary, p.primary_hover, kText},
      {"primary button text pressed", p.on_primary, p.primary_active, kText},
      {"banner text", p.text, p.banner, kText},
      {"my message", p.text, p.mine, kText},
      {"my message's author and time", p.muted, p.mine, kText},
      {"a refused upload's reason", p.error, p.mine, kText},
      {"their message", p.text, p.theirs, kText},
      {"their message's author and time", p.muted, p.theirs, kText},
      {"drop highlight title (large)", p.primary, p.page, kLarge},
      {"field and button edge on page", p.border, p.page, kUi},
      {"button edge in my bubble", p.border, p.mine, kUi},
      {"button edge in their bubble", p.border, p.theirs, kUi},
      {"field edge in error", p.error, p.page, kUi},
      {"primary button on page", p.primary, p.page, kUi},
      {"primary button in my bubble (Retry)", p.primary, p.mine, kUi},
      {"focus ring on page", p.focus, p.page, kUi},
      {"focus ring in my bubble", p.focus, p.mine, kUi},
      {"focus ring in their bubble", p.focus, p.theirs, kUi},
      {"upload progress on its track", p.primary, p.theirs, kUi},
      {"hamburger bars on page", p.text, p.page, kUi},
  };
  return v;
}

std::vector<ContrastPair> contrast_failures(const Palette& p) {
  std::vector<ContrastPair> out;
  for (auto& c : contrast_pairs(p))
    if (contrast_ratio(c.fg, c.bg) < c.min) out.push_back(c);
  return out;
}

}  // namespace foxo::ui
