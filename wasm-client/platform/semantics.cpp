// The EM_JS bridge to www/foxo-a11y.js (see semantics.hpp). The diff is made
// here so that a frame that changed nothing costs no call, and a frame that
// moved one caret sends one node.
#include "platform/semantics.hpp"

#include <emscripten.h>

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

// clang-format off
EM_JS(void, foxo_js_a11y_apply, (const char* diff), {
  if (window.foxoA11y) window.foxoA11y.apply(UTF8ToString(diff));
});
// -1 when nothing is queued; otherwise kind * 2^32 + id (kind 0 focus, 1 press).
EM_JS(double, foxo_js_a11y_take, (), {
  return window.foxoA11y ? window.foxoA11y.take() : -1;
});
// clang-format on

namespace foxo::platform {

namespace {

// Canvas pixels to a tenth: enough for CSS placement, and a node that did not
// move serialises the same.
double tenth(float v) { return std::round(static_cast<double>(v) * 10.0) / 10.0; }

nlohmann::json node_json(const SemNode& n) {
  nlohmann::json j = {{"id", n.id}, {"role", n.role}, {"name", n.name}, {"x", tenth(n.x)},
                      {"y", tenth(n.y)}, {"w", tenth(n.w)}, {"h", tenth(n.h)}};
  // Only what is set: most nodes are text with none of it.
  if (n.parent) j["p"] = n.parent;
  if (n.focused) j["f"] = 1;
  if (n.disabled) j["d"] = 1;
  if (n.required) j["req"] = 1;
  if (n.invalid) j["inv"] = 1;
  if (n.selected) j["sel"] = 1;
  if (n.level) j["lvl"] = n.level;
  if (n.keyboard && *n.keyboard) j["kb"] = n.keyboard;
  if (!n.value.empty()) j["val"] = n.value;
  if (n.described_by) j["desc"] = n.described_by;
  return j;
}

struct Published {
  std::string screen;
  std::unordered_map<unsigned, std::string> nodes;  // id -> its JSON as last sent
  std::vector<unsigned> order;
  double cost_ms = 0;  // measured since the last send
  int frames = 0;
} g_last;

}  // namespace

void publish_semantics(const std::string& screen, const std::vector<SemNode>& nodes) {
  const double start = emscripten_get_now();
  nlohmann::json set = nlohmann::json::array(), drop = nlohmann::json::array();
  std::vector<unsigned> order;
  order.reserve(nodes.size());
  std::unordered_map<unsigned, std::string> now;
  now.reserve(nodes.size());
  for (const SemNode& n : nodes) {
    if (now.count(n.id)) continue;  // drawn twice in one frame: the first stands
    order.push_back(n.id);
    nlohmann::json j = node_json(n);
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto was = g_last.nodes.find(n.id);
    if (was == g_last.nodes.end() || was->second != s) set.push_back(std::move(j));
    now.emplace(n.id, std::move(s));
  }
  for (const auto& [id, s] : g_last.nodes)
    if (!now.count(id)) drop.push_back(id);
  ++g_last.frames;
  const bool moved = order != g_last.order;
  if (set.empty() && drop.empty() && !moved && screen == g_last.screen) {
    g_last.cost_ms += emscripten_get_now() - start;
    return;
  }
  nlohmann::json diff = {{"screen", screen}, {"frames", g_last.frames}, {"cost_ms", g_last.cost_ms}};
  if (!set.empty()) diff["set"] = std::move(set);
  if (!drop.empty()) diff["drop"] = std::move(drop);
  if (moved) diff["order"] = order;
  foxo_js_a11y_apply(diff.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  g_last.screen = screen;
  g_last.nodes = std::move(now);
  g_last.order = std::move(order);
  g_last.frames = 0;
  g_last.cost_ms = emscripten_get_now() - start;  // this frame's, reported with the next change
}

std::optional<SemAction> take_semantics_action() {
  const double v = foxo_js_a11y_take();
  if (v < 0) return std::nullopt;
  const double kind = std::floor(v / 4294967296.0);
  const unsigned id = static_cast<unsigned>(v - kind * 4294967296.0);
  return SemAction{kind >= 1 ? SemAction::Kind::press : SemAction::Kind::focus, id};
}

}  // namespace foxo::platform
