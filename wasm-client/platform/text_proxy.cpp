// The EM_JS bridges to www/foxo-input.js's text proxy (see text_proxy.hpp).
#include "platform/text_proxy.hpp"

#include <emscripten.h>

#include <cstdlib>

// clang-format off
// The page side lives in www/foxo-input.js (window.foxoInput), loaded before
// the Emscripten runtime so its key listeners run before GLFW's.
EM_JS(char*, foxo_js_input_take, (), {
  if (!window.foxoInput) return 0;
  var s = window.foxoInput.take();
  if (!s) return 0;
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, foxo_js_input_publish, (const char* state), {
  if (window.foxoInput) window.foxoInput.publish(JSON.parse(UTF8ToString(state)));
});
// clang-format on

namespace foxo::platform::text_proxy {

std::string take() {
  char* p = foxo_js_input_take();
  if (!p) return {};
  std::string s(p);
  std::free(p);
  return s;
}

void publish(const std::string& state_json) { foxo_js_input_publish(state_json.c_str()); }

}  // namespace foxo::platform::text_proxy
