// The outbox as stored text and the retry delays (see outbox.hpp).
#include "app/outbox.hpp"

#include <algorithm>
#include <cmath>

#include "foxo/protocol.hpp"

namespace foxo::client {

std::string outbox_text(const std::vector<Outgoing>& outbox) {
  json arr = json::array();
  for (const auto& o : outbox)
    if (!o.given_up) arr.push_back({{"case_id", o.case_id}, {"client_id", o.client_id}, {"body", o.body}});
  return arr.empty() ? std::string() : arr.dump();
}

std::vector<Outgoing> outbox_from_text(const std::string& text) {
  std::vector<Outgoing> out;
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  auto str = [](const json& o, const char* key) -> std::string {
    if (!o.is_object()) return {};
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& o : j) {
    Outgoing entry;
    entry.case_id = str(o, "case_id");
    entry.client_id = str(o, "client_id");
    entry.body = str(o, "body");
    if (!entry.case_id.empty() && !entry.client_id.empty() && !entry.body.empty()) out.push_back(std::move(entry));
  }
  return out;
}

double retry_delay_ms(int attempts) { return 1000.0 * std::min(30.0, std::pow(2.0, std::max(0, attempts - 1))); }

}  // namespace foxo::client
