// Key presses for keyboard navigation, as a queue. ImGui 1.86 reads key
// state once per frame, so a key pressed and released between two frames
// (a quick tap, or a test's keyboard.press) would be missed: the page queues
// each press of Tab, Enter, Space and the arrow keys that is not aimed at the
// text proxy (www/foxo-input.js passes Tab from there itself), and
// ui::keyboard_before_new_frame (ui/widgets.cpp) takes one press per frame.
// A thin EM_JS bridge, like the rest of platform/.
#pragma once
#include <optional>

namespace foxo::platform {

struct KeyPress {
  enum class Key { tab, enter, space, left, right, up, down } key;
  bool shift = false;
};

// Installs the page listener; call once at start.
void keyboard_install();
std::optional<KeyPress> take_key_press();

}  // namespace foxo::platform
