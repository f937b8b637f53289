// The page's text proxy (www/foxo-input.js, window.foxoInput): the DOM
// <input> that shows and edits the active field's text over the canvas.
// Thin EM_JS bridges for ui/text_input.cpp, which owns what the state means.
#pragma once
#include <string>

namespace foxo::platform::text_proxy {

// What the page queued since the last call (edits, Enter, blur, Tab, touch,
// scrolling) as JSON text; empty when nothing.
std::string take();
// The frame's fields and active field, as JSON text, for the page.
void publish(const std::string& state_json);

}  // namespace foxo::platform::text_proxy
