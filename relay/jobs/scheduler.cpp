// Scheduler (scheduler.hpp): every job once per tick (a real-time wait), with
// `now` from the injected clock, and at once when poked (the dev clock).
#include "jobs/scheduler.hpp"

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace foxo::relay::jobs {

Scheduler::Scheduler(const Clock& clock, TimeMs tick) : clock_(clock), tick_(tick) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::add(std::string name, Job job) { jobs_.push_back({std::move(name), std::move(job)}); }

void Scheduler::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      run_due();
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(tick_), [this] { return stopping_; });
    }
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int Scheduler::run_due() {
  std::lock_guard run(run_mutex_);
  int total = 0;
  const TimeMs now = clock_.now();
  for (auto& e : jobs_) {
    try {
      const int n = e.job(now);
      total += n;
      auto& m = metrics::registry();
      m.add("foxo_job_runs_total", {{"job", e.name}});
      m.add("foxo_job_items_total", {{"job", e.name}}, n);
      m.set("foxo_job_last_run_timestamp_seconds", {{"job", e.name}}, static_cast<double>(now) / 1000);
      if (n > 0) log::info("job.run", {{"job", e.name}, {"items", n}});
    } catch (const std::exception& ex) {
      // A failing job must not stop the others; it is retried on the next tick.
      metrics::registry().add("foxo_job_failures_total", {{"job", e.name}});
      log::error("job.failed", {{"job", e.name}, {"what", ex.what()}});
    }
  }
  return total;
}

}  // namespace foxo::relay::jobs
