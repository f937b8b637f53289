// SessionWatch (session_watch.hpp).
#include "services/session_watch.hpp"

#include "core/log.hpp"

namespace foxo::relay::services {

int SessionWatch::run() {
  const auto keys = hub_.session_keys();
  if (keys.empty()) return 0;
  const auto ended = sessions_.ended(keys);
  for (const auto& [key, why] : ended) {
    hub_.end_session(key, to_string(why));
    log::info("events.session_ended", {{"reason", to_string(why)}, {"streams", hub_.open_streams_for(key)}});
  }
  return static_cast<int>(ended.size());
}

}  // namespace foxo::relay::services
