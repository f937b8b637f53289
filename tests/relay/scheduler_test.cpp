#include <gtest/gtest.h>

#include <atomic>

#include "jobs/scheduler.hpp"

using namespace foxo::relay;

namespace {
class FakeClock : public Clock {
 public:
  foxo::TimeMs now() const override { return t; }
  foxo::TimeMs t = 1000;
};
}  // namespace

TEST(Scheduler, RunDueCallsEveryJobWithTheClocksTime) {
  FakeClock clock;
  jobs::Scheduler s(clock, foxo::seconds(30));
  std::vector<foxo::TimeMs> seen;
  s.add("a", [&](foxo::TimeMs now) {
    seen.push_back(now);
    return 1;
  });
  s.add("b", [&](foxo::TimeMs) { return 2; });
  EXPECT_EQ(s.run_due(), 3);
  clock.t = 5000;
  s.run_due();
  EXPECT_EQ(seen, (std::vector<foxo::TimeMs>{1000, 5000}));
}

TEST(Scheduler, AFailingJobDoesNotStopTheOthers) {
  FakeClock clock;
  jobs::Scheduler s(clock, foxo::seconds(30));
  int ran = 0;
  s.add("bad", [](foxo::TimeMs) -> int { throw std::runtime_error("boom"); });
  s.add("good", [&](foxo::TimeMs) { return ++ran; });
  EXPECT_EQ(s.run_due(), 1);
  EXPECT_EQ(ran, 1);
}

TEST(Scheduler, BackgroundThreadRunsAndStops) {
  FakeClock clock;
  jobs::Scheduler s(clock, foxo::seconds(30));
  std::mutex m;
  std::condition_variable cv;
  bool ran = false;
  s.add("once", [&](foxo::TimeMs) {
    std::lock_guard l(m);
    ran = true;
    cv.notify_all();
    return 0;
  });
  s.start();
  std::unique_lock l(m);
  EXPECT_TRUE(cv.wait_for(l, std::chrono::seconds(10), [&] { return ran; }));
  l.unlock();
  s.stop();  // returns although the tick is 30 s: stop wakes the thread
}
