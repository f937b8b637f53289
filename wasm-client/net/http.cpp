// JSON requests with emscripten_fetch; answers are queued for the frame loop
// (see http.hpp).
#include "net/http.hpp"

#include <emscripten/fetch.h>

#include <strings.h>

#include <cstring>
#include <memory>

#include "platform/platform.hpp"

namespace foxo::net {

namespace {

struct Pending {
  Call call;
  std::uint32_t id;
  std::string body;  // must outlive the fetch: emscripten_fetch keeps the pointer
  std::string tag;
};

std::vector<Response> g_done;
std::uint32_t g_next_id = 1;

std::string header(emscripten_fetch_t* f, const char* name) {
  size_t len = emscripten_fetch_get_response_headers_length(f);
  if (len == 0) return {};
  std::string raw(len + 1, '\0');
  emscripten_fetch_get_response_headers(f, raw.data(), raw.size());
  char** kv = emscripten_fetch_unpack_response_headers(raw.c_str());
  std::string value;
  for (char** p = kv; p && p[0]; p += 2) {
    if (strcasecmp(p[0], name) == 0 && p[1]) value = p[1];
  }
  emscripten_fetch_free_unpacked_response_headers(kv);
  return value;
}

void finish(emscripten_fetch_t* f) {
  std::unique_ptr<Pending> pending(static_cast<Pending*>(f->userData));
  Response r;
  r.call = pending->call;
  r.id = pending->id;
  r.tag = std::move(pending->tag);
  r.status = f->status;
  if (f->data && f->numBytes > 0) r.body.assign(f->data, static_cast<size_t>(f->numBytes));
  if (r.status == 429) r.retry_after = header(f, "retry-after");
  emscripten_fetch_close(f);
  g_done.push_back(std::move(r));
  platform::request_frame();
}

}  // namespace

std::uint32_t send(Call call, const char* method, const std::string& path, const std::string& body,
                   const std::string& tag) {
  auto pending = std::make_unique<Pending>(Pending{call, g_next_id++, body, tag});
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, method, sizeof(attr.requestMethod) - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  static const char* json_headers[] = {"Content-Type", "application/json", "Accept", "application/json", nullptr};
  static const char* accept_headers[] = {"Accept", "application/json", nullptr};
  attr.requestHeaders = body.empty() ? accept_headers : json_headers;
  if (!body.empty()) {
    attr.requestData = pending->body.data();
    attr.requestDataSize = pending->body.size();
  }
  attr.onsuccess = finish;
  attr.onerror = finish;  // 4xx/5xx land here too, with their body
  std::uint32_t id = pending->id;
  attr.userData = pending.release();
  emscripten_fetch(&attr, path.c_str());
  return id;
}

std::vector<Response> take_responses() {
  std::vector<Response> out;
  out.swap(g_done);
  return out;
}

}  // namespace foxo::net
