// Times in this browser's time zone and language. The core formats a
// message's time once, on arrival; it is handed a Locale rather than asking
// the browser, so that natively a test gives it a fixed one
// (tests/client/harness.hpp) and app/effects.cpp gives it the browser's.
#pragma once
#include <string>

namespace foxo::client {

class Locale {
 public:
  virtual ~Locale() = default;
  virtual double parse_time_ms(const std::string& rfc3339) const = 0;  // 0 when unreadable
  virtual std::string format_clock(double wall_ms) const = 0;          // "14:05" / "2:05 PM"
  virtual std::string format_day(double wall_ms) const = 0;            // "Monday, 3 June 2024"
  virtual int day_key(double wall_ms) const = 0;                       // local yyyymmdd
};

}  // namespace foxo::client
