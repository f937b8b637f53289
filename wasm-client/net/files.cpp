// The bridge to www/foxo-files.js: picker, camera, drops, uploads,
// thumbnails, downloads (see files.hpp); what the page reports is queued.
#include "net/files.hpp"

#include <emscripten.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(char*, foxo_js_files_take, (), {
  if (!window.foxoFiles) return 0;
  var s = window.foxoFiles.take();
  if (!s) return 0;
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, foxo_js_files_pick, (int camera), { if (window.foxoFiles) window.foxoFiles.pick(camera !== 0); });
EM_JS(int, foxo_js_files_coarse, (), { return window.foxoFiles && window.foxoFiles.coarsePointer() ? 1 : 0; });
EM_JS(void, foxo_js_files_accepting, (int on), { if (window.foxoFiles) window.foxoFiles.setAccepting(on !== 0); });
EM_JS(void, foxo_js_files_upload, (int number, const char* url, const char* client_id), {
  if (window.foxoFiles) window.foxoFiles.upload(number, UTF8ToString(url), UTF8ToString(client_id));
});
EM_JS(void, foxo_js_files_cancel, (int number), { if (window.foxoFiles) window.foxoFiles.cancel(number); });
EM_JS(void, foxo_js_files_forget, (int number), { if (window.foxoFiles) window.foxoFiles.forget(number); });
EM_JS(void, foxo_js_files_thumbnail, (int handle, const char* url, int max_w, int max_h), {
  if (window.foxoFiles) window.foxoFiles.thumbnail(handle, UTF8ToString(url), max_w, max_h);
});
EM_JS(int, foxo_js_files_take_pixels, (int handle, unsigned char* dst, int n), {
  var d = window.foxoFiles ? window.foxoFiles.takePixels(handle) : null;
  if (!d || d.length !== n) return 0;
  HEAPU8.set(d, dst);
  return 1;
});
EM_JS(void, foxo_js_files_download, (const char* url, const char* name), {
  if (window.foxoFiles) window.foxoFiles.download(UTF8ToString(url), UTF8ToString(name));
});
// clang-format on

namespace foxo::net::files {

using nlohmann::json;

std::vector<FileEvent> take_events() {
  std::vector<FileEvent> out;
  char* p = foxo_js_files_take();
  if (!p) return out;
  const json arr = json::parse(p, nullptr, /*allow_exceptions=*/false);
  std::free(p);
  if (!arr.is_array()) return out;
  for (const auto& e : arr) {
    if (!e.is_object()) continue;
    const std::string kind = e.value("kind", "");
    FileEvent ev;
    if (kind == "file") ev.kind = FileEvent::Kind::file;
    else if (kind == "progress") ev.kind = FileEvent::Kind::progress;
    else if (kind == "done") ev.kind = FileEvent::Kind::done;
    else if (kind == "thumb") ev.kind = FileEvent::Kind::thumb;
    else if (kind == "drag") ev.kind = FileEvent::Kind::drag;
    else continue;
    ev.number = e.value("id", 0);
    ev.handle = e.value("handle", 0);
    ev.name = e.value("name", "");
    ev.source = e.value("source", "");
    ev.body = e.value("body", "");
    ev.size = e.value("size", 0.0);
    ev.sent = e.value("sent", 0.0);
    ev.total = e.value("total", 0.0);
    ev.status = e.value("status", 0);
    ev.w = e.value("w", 0);
    ev.h = e.value("h", 0);
    ev.aborted = e.value("aborted", false);
    ev.over = e.value("over", false);
    out.push_back(std::move(ev));
  }
  return out;
}

void pick(bool camera) { foxo_js_files_pick(camera ? 1 : 0); }
bool coarse_pointer() { return foxo_js_files_coarse() != 0; }
void set_accepting(bool on) { foxo_js_files_accepting(on ? 1 : 0); }
void upload(int number, const std::string& url, const std::string& client_id) {
  foxo_js_files_upload(number, url.c_str(), client_id.c_str());
}
void cancel(int number) { foxo_js_files_cancel(number); }
void forget(int number) { foxo_js_files_forget(number); }
void thumbnail(int handle, const std::string& url, int max_w, int max_h) {
  foxo_js_files_thumbnail(handle, url.c_str(), max_w, max_h);
}
std::vector<std::uint8_t> take_pixels(int handle, int w, int h) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  if (px.empty() || !foxo_js_files_take_pixels(handle, px.data(), static_cast<int>(px.size()))) return {};
  return px;
}
void download(const std::string& url, const std::string& name) { foxo_js_files_download(url.c_str(), name.c_str()); }

}  // namespace foxo::net::files
