#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "foxo/time.hpp"

namespace foxo::relay::log {
namespace {
std::mutex g_mutex;
std::atomic<bool> g_quiet{false};
thread_local std::string t_request_id;

void write(const char* level, std::string_view event, nlohmann::json fields) {
  using namespace std::chrono;
  const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  nlohmann::json line{{"ts", format_rfc3339(now)}, {"level", level}, {"event", event}};
  if (!t_request_id.empty()) line["request_id"] = t_request_id;
  for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  const std::string s = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "%s\n", s.c_str());
}
}  // namespace

void set_quiet(bool quiet) { g_quiet = quiet; }
void set_request_id(std::string_view id) { t_request_id.assign(id); }
void info(std::string_view event, nlohmann::json fields) {
  if (!g_quiet) write("info", event, std::move(fields));
}
void warn(std::string_view event, nlohmann::json fields) { write("warn", event, std::move(fields)); }
void error(std::string_view event, nlohmann::json fields) { write("error", event, std::move(fields)); }

}  // namespace foxo::relay::log
