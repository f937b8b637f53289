// Time-driven jobs (unseen-activity SMS, auto-close, retention). Each job is a
// function "do everything due at `now`", which finds its work in the store, so
// due work survives a restart and is found again. The scheduler calls every
// job on a tick and whenever poked (the dev clock pokes it and waits).
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"

namespace foxo::relay::jobs {

class Scheduler {
 public:
  // A job returns how many items it handled (for logs and metrics).
  using Job = std::function<int(TimeMs now)>;

  Scheduler(const Clock& clock, TimeMs tick);
  ~Scheduler();
  void add(std::string name, Job job);
  void start();  // background thread: run_due() every tick
  void stop();
  // Runs every job once for the clock's current time, on the caller's thread,
  // serialised with the background runs. Returns items handled.
  int run_due();

 private:
  struct Entry {
    std::string name;
    Job job;
  };
  const Clock& clock_;
  TimeMs tick_;
  std::vector<Entry> jobs_;
  std::mutex run_mutex_;  // one run at a time
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace foxo::relay::jobs
