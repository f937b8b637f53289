// The sealed records' bridge (see sealed_store.hpp).
#include "platform/sealed_store.hpp"

#include <emscripten.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(void, foxo_js_sealed_init, (), {
  if (Module.foxoSealed) return;
  var S = { q: Promise.resolve(), keys: {}, out: [] };
  Module.foxoSealed = S;
  var enc = function(s) { return new TextEncoder().encode(s); };
  var fromB64 = function(s, url) {
    if (url) { s = s.replace(/-/g, "+").replace(/_/g, "/"); while (s.length % 4) s += "="; }
    var b = atob(s);
    var u = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
    return u;
  };
  var toB64 = function(u) {
    var s = "";
    for (var i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
    return btoa(s);
  };
  S.key = function(k) {
    if (!S.keys[k])
      S.keys[k] = crypto.subtle.importKey("raw", fromB64(k, true), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
    return S.keys[k];
  };
  S.run = function(f) { S.q = S.q.then(f).catch(function() {}); };
  S.seal = function(name, k, text) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return S.key(k).then(function(ck) {
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: enc(name) }, ck, enc(text));
    }).then(function(ct) {
      var c = new Uint8Array(ct);
      var all = new Uint8Array(12 + c.length);
      all.set(iv);
      all.set(c, 12);
      window.localStorage.setItem(name, "g1." + toB64(all));
    });
  };
  S.open = function(name, ck) {
    var v = window.localStorage.getItem(name);
    if (!v) return Promise.resolve("");
    if (v.slice(0, 3) !== "g1.") return Promise.reject(new Error("not sealed"));
    var all = fromB64(v.slice(3), false);
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: all.subarray(0, 12), additionalData: enc(name) }, ck,
                                 all.subarray(12)).then(function(p) { return new TextDecoder().decode(p); });
  };
  S.save = function(name, k, text) {
    S.run(function() {
      if (!text) { window.localStorage.removeItem(name); return; }
      return S.seal(name, k, text).catch(function() {
        try { window.localStorage.removeItem(name); } catch (e) {}
      });
    });
  };
  S.load = function(id, k, outboxName, draftsName) {
    S.run(function() {
      var r = { storage_id: id, ok: true, outbox: "", drafts: "" };
      return S.key(k).then(function(ck) {
        return Promise.all([S.open(outboxName, ck), S.open(draftsName, ck)]);
      }).then(function(t) { r.outbox = t[0]; r.drafts = t[1]; }, function() { r.ok = false; })
        .then(function() { S.out.push(r); if (Module.foxoRequestFrame) Module.foxoRequestFrame(); });
    });
  };
  S.forget = function(a, b, keep, legacy) {
    S.run(function() {
      var drop = function(store, test) {
        var names = [];
        for (var i = 0; i < store.length; i++) { var n = store.key(i); if (n !== null && test(n)) names.push(n); }
        names.forEach(function(n) { store.removeItem(n); });
      };
      drop(window.localStorage, function(n) {
        if (legacy && n === legacy) return true;
        var ours = n.indexOf(a) === 0 || n.indexOf(b) === 0;
        return ours && !(keep && (n === a + keep || n === b + keep));
      });
      if (!keep) {
        try { drop(window.sessionStorage, function(n) { return n.indexOf("foxo.") === 0; }); } catch (e) {}
      }
    });
  };
});
EM_JS(void, foxo_js_sealed_save, (const char* name, const char* key, const char* text), {
  Module.foxoSealed.save(UTF8ToString(name), UTF8ToString(key), UTF8ToString(text));
});
EM_JS(void, foxo_js_sealed_load, (const char* id, const char* key, const char* outbox_name, const char* drafts_name), {
  Module.foxoSealed.load(UTF8ToString(id), UTF8ToString(key), UTF8ToString(outbox_name), UTF8ToString(drafts_name));
});
EM_JS(void, foxo_js_sealed_forget, (const char* a, const char* b, const char* keep, const char* legacy), {
  Module.foxoSealed.forget(UTF8ToString(a), UTF8ToString(b), UTF8ToString(keep), UTF8ToString(legacy));
});
EM_JS(char*, foxo_js_sealed_take, (), {
  var S = Module.foxoSealed;
  if (!S || !S.out.length) return 0;
  var s = JSON.stringify(S.out);
  S.out = [];
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
// clang-format on

namespace foxo::platform::sealed {

namespace {
void init() {
  static bool done = false;
  if (!done) foxo_js_sealed_init();
  done = true;
}
}  // namespace

void save(const std::string& name, const std::string& key, const std::string& text) {
  init();
  foxo_js_sealed_save(name.c_str(), key.c_str(), text.c_str());
}

void load(const std::string& storage_id, const std::string& key, const std::string& outbox_name,
          const std::string& drafts_name) {
  init();
  foxo_js_sealed_load(storage_id.c_str(), key.c_str(), outbox_name.c_str(), drafts_name.c_str());
}

void forget(const std::string& prefix_a, const std::string& prefix_b, const std::string& keep,
            const std::string& legacy_name) {
  init();
  foxo_js_sealed_forget(prefix_a.c_str(), prefix_b.c_str(), keep.c_str(), legacy_name.c_str());
}

std::vector<Opened> take_opened() {
  std::vector<Opened> out;
  char* p = foxo_js_sealed_take();
  if (!p) return out;
  const auto arr = nlohmann::json::parse(p, nullptr, /*allow_exceptions=*/false);
  std::free(p);
  if (!arr.is_array()) return out;
  for (const auto& r : arr) {
    if (!r.is_object()) continue;
    Opened o;
    o.storage_id = r.value("storage_id", std::string());
    o.ok = r.value("ok", false);
    o.outbox = r.value("outbox", std::string());
    o.drafts = r.value("drafts", std::string());
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace foxo::platform::sealed
