// The page's queue of navigation key presses (see keyboard.hpp).
#include "platform/keyboard.hpp"

#include <emscripten.h>

// clang-format off
EM_JS(void, foxo_js_keys_install, (), {
  var codes = { 'Tab': 0, 'Enter': 1, ' ': 2, 'ArrowLeft': 3, 'ArrowRight': 4, 'ArrowUp': 5, 'ArrowDown': 6 };
  Module.foxoKeys = [];
  window.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    var t = e.target;
    // Keys typed into a field (the text proxy) are the field's.
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    var code = codes[e.key];
    if (code === undefined) return;
    // Enter and Space on a button of the semantics tree click it, and the
    // click presses the widget (www/foxo-a11y.js stops those keys before
    // they get here). While earlier keys wait here (a Tab on its way moves
    // focus first) the queue takes them too, in order, and no click follows.
    if ((code === 1 || code === 2) && t && t.closest && t.closest('#a11y')) e.preventDefault();
    // Tab stays in the canvas UI: the page has nothing else to focus.
    if (code === 0) e.preventDefault();
    Module.foxoKeys.push(code * 2 + (e.shiftKey ? 1 : 0));
    if (Module.foxoRequestFrame) Module.foxoRequestFrame();
  }, true);
});
EM_JS(int, foxo_js_keys_take, (), {
  return Module.foxoKeys && Module.foxoKeys.length ? Module.foxoKeys.shift() : -1;
});
// clang-format on

namespace foxo::platform {

void keyboard_install() { foxo_js_keys_install(); }

std::optional<KeyPress> take_key_press() {
  const int v = foxo_js_keys_take();
  if (v < 0) return std::nullopt;
  return KeyPress{static_cast<KeyPress::Key>(v / 2), (v % 2) != 0};
}

}  // namespace foxo::platform
