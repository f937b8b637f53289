// The client's colours as data: a light and a dark scheme, each with a
// stronger variant for `prefers-contrast: more`, and one built from the
// browser's system colours under `forced-colors: active`. Plain C++ (no ImGui,
// no browser), so tests/client/palette_test.cpp can check every text and
// background pair the widgets draw against the WCAG 2.x contrast ratios.
#pragma once
#include <string>
#include <vector>

namespace foxo::ui {

struct Rgb {
  float r = 0, g = 0, b = 0;  // sRGB, 0..1, opaque
};
// 0xRRGGBB, as written in CSS.
constexpr Rgb hex(unsigned v) {
  return Rgb{static_cast<float>((v >> 16) & 0xff) / 255.0f, static_cast<float>((v >> 8) & 0xff) / 255.0f,
             static_cast<float>(v & 0xff) / 255.0f};
}

struct Palette {
  const char* name = "";
  bool dark = false;  // for the page around the canvas (color-scheme)
  Rgb page;           // window background
  Rgb text;           // body text, titles, the hamburger's bars
  Rgb muted;          // secondary text: details, times, hints
  Rgb error;          // error text, "Required", a field in error's border
  Rgb border;         // the edge of fields and buttons (a control's boundary)
  Rgb field, field_hover;  // an input's inside
  Rgb readonly;       // a value that cannot be changed
  Rgb button, button_hover, button_active;  // secondary buttons; list rows hovered / selected
  Rgb button_text;
  Rgb primary, primary_hover, primary_active;  // primary buttons, unread badges, progress
  Rgb on_primary;     // text on primary
  Rgb focus;          // the keyboard focus ring
  Rgb banner, banner_border;
  Rgb mine, theirs;   // message bubbles
  Rgb rule;           // decorative lines (day separators); no contrast asked
};

Palette light_palette();
Palette dark_palette();
Palette light_more_contrast_palette();
Palette dark_more_contrast_palette();

// The CSS system colours a page reads under forced colours (Windows
// contrast themes): the palette then takes them and nothing else.
struct SystemColours {
  Rgb canvas, canvas_text, button_face, button_text, highlight, highlight_text, gray_text;
};
Palette forced_palette(const SystemColours& s, bool dark);

// What the page prefers, as media queries report it.
struct LookPrefs {
  bool dark = false;           // prefers-color-scheme: dark
  bool more_contrast = false;  // prefers-contrast: more
  bool forced = false;         // forced-colors: active (then `system` holds them)
  SystemColours system;
};
Palette choose_palette(const LookPrefs& p);

// WCAG 2.x relative luminance and contrast ratio (1..21).
double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);

// Every foreground drawn over a background by ui/widgets.cpp, with the
// least ratio WCAG 2.2 AA asks of it: 4.5 for normal text (1.4.3), 3 for
// large text and for the boundaries of controls, focus rings and graphics
// one must see to use them (1.4.11).
struct ContrastPair {
  std::string what;
  Rgb fg, bg;
  double min;
};
std::vector<ContrastPair> contrast_pairs(const Palette& p);
// The pairs of `p` under their minimum (empty when the palette passes).
std::vector<ContrastPair> contrast_failures(const Palette& p);

}  // namespace foxo::ui
