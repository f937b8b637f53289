// The person's stored drafts and sign-out's question (see storage.hpp).
#include "app/storage.hpp"

#include "foxo/protocol.hpp"

namespace foxo::client {

std::string drafts_text(const std::map<std::string, std::string>& drafts) {
  json j = json::object();
  for (const auto& [case_id, text] : drafts)
    if (!case_id.empty() && !text.empty()) j[case_id] = text;
  return j.empty() ? std::string() : j.dump();
}

std::map<std::string, std::string> drafts_from_text(const std::string& text) {
  std::map<std::string, std::string> out;
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (!k.empty() && v.is_string() && !v.get<std::string>().empty()) out[k] = v.get<std::string>();
  return out;
}

int unsent_count(const Model& m) {
  int n = 0;
  for (const auto& o : m.outbox)
    if (!o.given_up) ++n;
  return n;
}

std::string sign_out_question(int unsent) {
  const std::string what = unsent == 1 ? "1 message has" : std::to_string(unsent) + " messages have";
  return what + " not been sent yet. Sign out anyway?";
}

}  // namespace foxo::client
