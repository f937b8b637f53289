// Times in an organisation's time zone (local_time.hpp: why date/tz).
#include "transcripts/local_time.hpp"

#include <date/tz.h>

#include <chrono>
#include <exception>

namespace foxo::relay::transcripts {
namespace {

const date::time_zone* zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {  // unknown name, or no zoneinfo installed
    return nullptr;
  }
}

date::sys_seconds at(TimeMs t) {
  return std::chrono::floor<std::chrono::seconds>(date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{t}});
}

std::string in_zone(TimeMs t, std::string_view name, const char* fmt) {
  std::string s;
  if (const auto* z = zone(name))
    s = date::format(fmt, date::make_zoned(z, at(t)));
  else
    s = date::format(fmt, at(t));  // UTC; %Z prints "UTC"
  if (!s.empty() && s.front() == ' ') s.erase(0, 1);  // %e pads single-digit days
  return s;
}

}  // namespace

bool known_time_zone(std::string_view name) { return zone(name) != nullptr; }

std::string format_local(TimeMs t, std::string_view name) { return in_zone(t, name, "%e %b %Y, %H:%M:%S %Z"); }

std::string local_date(TimeMs t, std::string_view name) { return in_zone(t, name, "%Y-%m-%d"); }

}  // namespace foxo::relay::transcripts
