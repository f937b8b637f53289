#include "http/elastic_pool.hpp"

#include <algorithm>

namespace foxo::relay::http {

ElasticPool::ElasticPool(std::size_t min_threads, std::size_t max_threads, bool prestart)
    : max_(std::max<std::size_t>(1, max_threads)) {
  std::lock_guard lock(mutex_);
  threads_.reserve(max_);
  while (threads_.size() < std::min(min_threads, max_)) add_thread_locked();
  if (prestart)
    starter_ = std::thread([this] {
      for (;;) {
        std::lock_guard lock(mutex_);  // one thread at a time: enqueue is never held up for long
        if (shutdown_ || threads_.size() >= max_) return;
        add_thread_locked();
      }
    });
}

void ElasticPool::wait_prestarted() {
  if (starter_.joinable()) starter_.join();
}

ElasticPool::~ElasticPool() { shutdown(); }  // a second shutdown finds no threads left

void ElasticPool::add_thread_locked() { threads_.emplace_back([this] { work(); }); }

void ElasticPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(fn));
    // Every idle thread will take one queued job; start one for each job beyond them.
    if (!shutdown_ && jobs_.size() > idle_ && threads_.size() < max_) add_thread_locked();
  }
  cv_.notify_one();
}

void ElasticPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    shutdown_ = true;
  }
  wait_prestarted();  // it stops at the flag; then no thread is added any more
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
}

std::size_t ElasticPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void ElasticPool::work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      cv_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
      --idle_;
      if (jobs_.empty()) return;  // shutting down, nothing left to run
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    fn();
  }
}

}  // namespace foxo::relay::http
