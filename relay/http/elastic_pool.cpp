// ElasticPool (elastic_pool.hpp): httplib's task queue, growing its threads on
// demand up to the limit instead of starting them all at once.
#include "http/elastic_pool.hpp"

#include <algorithm>

namespace foxo::relay::http {

ElasticPool::ElasticPool(std::size_t min_threads, std::size_t max_threads) : max_(std::max<std::size_t>(1, max_threads)) {
  std::lock_guard lock(mutex_);
  threads_.reserve(std::min(max_, std::max<std::size_t>(min_threads, 64)));
  while (threads_.size() < std::min(min_threads, max_)) add_thread_locked();
}

ElasticPool::~ElasticPool() { shutdown(); }  // a second shutdown finds no threads left

// A new thread counts as idle from its start, so that a task enqueued before
// it first waits does not start another one.
void ElasticPool::add_thread_locked() {
  ++idle_;
  threads_.emplace_back([this] { work(); });
}

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
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
}

std::size_t ElasticPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

std::size_t ElasticPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_;
}

void ElasticPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
    if (jobs_.empty()) {  // shutting down, nothing left to run
      --idle_;
      return;
    }
    std::function<void()> fn = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    lock.unlock();
    fn();
    fn = nullptr;  // the task's captures go before the lock is taken again
    lock.lock();
    ++idle_;
  }
}

}  // namespace foxo::relay::http
