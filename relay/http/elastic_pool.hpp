// The HTTP worker pool: cpp-httplib runs each connection as one task on its
// task queue, and its own ThreadPool starts every thread in its constructor.
// The relay promises --max-streams live streams (2,000 by default, 10,050 in
// the benchmark), and starting that many threads before listening took most
// of the relay's start-up (docs/BENCHMARKS.md, cold start: 0.5 of 0.6 s with
// 2,016 threads). This pool has the same upper bound and the same queueing,
// but starts `min_threads` and adds a thread only when a task arrives while
// no thread is idle. Threads then stay until shutdown (a live stream or a
// keep-alive connection holds one for minutes; churning them would cost more
// than it saves).
#pragma once
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace foxo::relay::http {

class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t min_threads, std::size_t max_threads);
  ~ElasticPool() override;
  ElasticPool(const ElasticPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then joins every thread.
  void shutdown() override;

  std::size_t threads() const;
  std::size_t idle() const;  // threads not running a task
  std::size_t max_threads() const { return max_; }

 private:
  void add_thread_locked();
  void work();

  const std::size_t max_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;  // threads not running a task (started, or waiting for one)
  bool shutdown_ = false;
};

}  // namespace foxo::relay::http
