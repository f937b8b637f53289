// The reader's look preferences from the page (www/foxo-look.js), and the
// page around the canvas painted to match the palette. Thin EM_JS bridges.
#pragma once

#include "ui/palette.hpp"

namespace foxo::platform {

struct Appearance {
  float root_font_px = 16;  // the page's root font size in CSS px (text-size settings)
  bool coarse = false;      // pointer: coarse (touch): 44 CSS px targets at least
  bool reduced_motion = false;
  ui::LookPrefs prefs;      // scheme, contrast, forced colours
};
// Fills `out` and returns true when the page's preferences changed since the
// last call (always on the first); cheap otherwise (one integer read).
bool appearance_changed(Appearance& out);

// The page's own colours follow the palette: <meta name="theme-color"> (the
// phone's browser bar), the root's background and color-scheme, and the
// --foxo-* custom properties foxo.css gives the text proxy and the selection
// popup.
void set_page_colours(const ui::Palette& p);

}  // namespace foxo::platform
