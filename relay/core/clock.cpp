#include "core/clock.hpp"

#include <chrono>

namespace foxo::relay {

TimeMs SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TimeMs DevClock::now() const { return base_.now() + offset_.load(); }

}  // namespace foxo::relay
