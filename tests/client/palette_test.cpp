// The palette's colours against the WCAG 2.x contrast minimums, for every
// text and background pair ui/widgets.cpp draws, in every scheme
// (wasm-client/ui/palette.hpp).
#include "ui/palette.hpp"
#include "ui/fonts.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace foxo::ui {
namespace {

std::string describe(const std::vector<ContrastPair>& fails) {
  std::ostringstream s;
  for (const auto& f : fails) s << "\n  " << f.what << ": " << contrast_ratio(f.fg, f.bg) << " < " << f.min;
  return s.str();
}

TEST(Palette, RatiosFollowWcagArithmetic) {
  // Known values: black on white is 21:1, a colour on itself 1:1, #767676 on white 4.54:1.
  EXPECT_NEAR(contrast_ratio(hex(0x000000), hex(0xffffff)), 21.0, 1e-9);
  EXPECT_NEAR(contrast_ratio(hex(0x3366cc), hex(0x3366cc)), 1.0, 1e-9);
  EXPECT_NEAR(contrast_ratio(hex(0x767676), hex(0xffffff)), 4.54, 0.01);
  EXPECT_NEAR(contrast_ratio(hex(0xffffff), hex(0x767676)), contrast_ratio(hex(0x767676), hex(0xffffff)), 1e-12);
}

TEST(Palette, EverySchemeMeetsTheMinimums) {
  for (const Palette& p : {light_palette(), dark_palette(), light_more_contrast_palette(), dark_more_contrast_palette()})
    EXPECT_TRUE(contrast_failures(p).empty()) << p.name << describe(contrast_failures(p));
}

TEST(Palette, MoreContrastIsMoreContrast) {
  // prefers-contrast: more must strengthen text and edges, not only repaint them.
  for (bool dark : {false, true}) {
    const Palette base = dark ? dark_palette() : light_palette();
    const Palette more = dark ? dark_more_contrast_palette() : light_more_contrast_palette();
    EXPECT_GT(contrast_ratio(more.text, more.page), contrast_ratio(base.text, base.page));
    EXPECT_GT(contrast_ratio(more.muted, more.page), contrast_ratio(base.muted, base.page));
    EXPECT_GT(contrast_ratio(more.border, more.page), contrast_ratio(base.border, base.page));
    EXPECT_GE(contrast_ratio(more.muted, more.page), 7.0) << more.name;  // AAA for secondary text
  }
}

TEST(Palette, WindowsContrastThemesPassWhenForced) {
  // Under forced colours the palette is the user's system colours: Windows'
  // Night sky (black), Desert (white) and Aquatic themes.
  const SystemColours night{hex(0x000000), hex(0xffffff), hex(0x000000), hex(0xffffff),
                            hex(0x1aebff), hex(0x000000), hex(0x3ff23f)};
  const SystemColours desert{hex(0xfffaef), hex(0x3d3d3d), hex(0xfffaef), hex(0x3d3d3d),
                             hex(0x903909), hex(0xfff5e3), hex(0x676767)};
  const SystemColours aquatic{hex(0x202020), hex(0xffffff), hex(0x202020), hex(0xffffff),
                              hex(0x8ee3f0), hex(0x263b50), hex(0xa6a6a6)};
  for (const SystemColours& s : {night, desert, aquatic}) {
    const Palette p = choose_palette({false, false, true, s});
    EXPECT_EQ(p.page.r, s.canvas.r);
    EXPECT_TRUE(contrast_failures(p).empty()) << describe(contrast_failures(p));
  }
  EXPECT_TRUE(choose_palette({false, false, true, night}).dark);
  EXPECT_FALSE(choose_palette({false, false, true, desert}).dark);
}

TEST(Palette, ChoosesTheSchemeThePagePrefers) {
  EXPECT_STREQ(choose_palette({}).name, "light");
  EXPECT_STREQ(choose_palette({true, false, false, {}}).name, "dark");
  EXPECT_STREQ(choose_palette({false, true, false, {}}).name, "light, more contrast");
  EXPECT_STREQ(choose_palette({true, true, false, {}}).name, "dark, more contrast");
}

TEST(Palette, TheCheckCatchesAWeakColour) {
  // The check can fail: ImGui's own light-theme grey for secondary text
  // (about 2.9:1 on white) and a hairline edge as pale as the old one.
  Palette p = light_palette();
  p.muted = hex(0x999999);
  p.border = hex(0xb3b8c2);
  const auto fails = contrast_failures(p);
  ASSERT_FALSE(fails.empty());
  bool muted = false, edge = false;
  for (const auto& f : fails) {
    muted |= f.what == "muted on page";
    edge |= f.what == "field and button edge on page";
  }
  EXPECT_TRUE(muted);
  EXPECT_TRUE(edge);
}

TEST(TextScale, FollowsTheRootFontSizeWithinTargetLimits) {
  EXPECT_FLOAT_EQ(text_scale(16, false), 1.0f);   // the browser default
  EXPECT_FLOAT_EQ(text_scale(32, false), 2.0f);   // text size 200 %
  EXPECT_FLOAT_EQ(text_scale(20, true), 1.25f);   // Android's font scale 1.25
  EXPECT_FLOAT_EQ(text_scale(12, false), 0.75f);  // smaller text with a mouse: still 33 px targets
  EXPECT_FLOAT_EQ(text_scale(12, true), 1.0f);    // never under 44 px targets on touch
  EXPECT_FLOAT_EQ(text_scale(6, false), 0.6f);    // never under 24 px targets
  EXPECT_FLOAT_EQ(text_scale(200, false), 4.0f);
  EXPECT_FLOAT_EQ(text_scale(0, false), 1.0f);    // unmeasured
}

}  // namespace
}  // namespace foxo::ui
