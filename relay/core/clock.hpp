// The relay's injected clock. Production uses the system clock; --dev uses a
// clock that tests move forward (POST /api/v1/dev/clock/advance).
#pragma once
#include <atomic>

#include "foxo/time.hpp"

namespace foxo::relay {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now() const = 0;
};

class SystemClock : public Clock {
 public:
  TimeMs now() const override;
};

// System time plus an offset that only grows, so time never runs backwards.
class DevClock : public Clock {
 public:
  TimeMs now() const override;
  void advance(TimeMs by) { offset_ += by; }

 private:
  std::atomic<TimeMs> offset_{0};
  SystemClock base_;
};

}  // namespace foxo::relay
