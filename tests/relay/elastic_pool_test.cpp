// The HTTP worker pool (relay/http/elastic_pool.hpp): starts small, grows a
// thread per task that finds no idle thread, never beyond its bound, and runs
// every queued task before shutdown returns.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/elastic_pool.hpp"

using foxo::relay::http::ElasticPool;

namespace {
// Tasks that hold their thread until released, counting how many run at once.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  int running = 0, peak = 0, finished = 0;
  bool open = false;

  std::function<void()> task() {
    return [this] {
      std::unique_lock lock(m);
      peak = std::max(peak, ++running);
      cv.notify_all();
      cv.wait(lock, [this] { return open; });
      --running;
      ++finished;
      cv.notify_all();
    };
  }
  void wait_running(int n) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return running == n; });
  }
  void release() {
    std::lock_guard lock(m);
    open = true;
    cv.notify_all();
  }
  void wait_finished(int n) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return finished == n; });
  }
};
}  // namespace

TEST(ElasticPool, StartsWithTheMinimumOnly) {
  ElasticPool pool(2, 1000);
  EXPECT_EQ(pool.threads(), 2u);
  pool.shutdown();
}

TEST(ElasticPool, GrowsWhenEveryThreadIsBusy) {
  ElasticPool pool(1, 64);
  Gate gate;
  for (int i = 0; i < 6; ++i) pool.enqueue(gate.task());
  gate.wait_running(6);  // six tasks that block at once need six threads
  EXPECT_EQ(pool.threads(), 6u);
  gate.release();
  gate.wait_finished(6);
  pool.shutdown();
}

TEST(ElasticPool, ReusesIdleThreads) {
  ElasticPool pool(1, 64);
  for (int round = 0; round < 5; ++round) {
    Gate gate;
    pool.enqueue(gate.task());
    gate.wait_running(1);
    gate.release();
    gate.wait_finished(1);
    // The task's body has ended; its thread goes back to waiting just after.
    // A task enqueued in between may rightly start a thread, so the next
    // round waits until that thread is idle again (under load it was not).
    while (pool.idle() < pool.threads()) std::this_thread::yield();
  }
  // One task at a time, each after the last one's thread is idle again,
  // never needs a second thread.
  EXPECT_EQ(pool.threads(), 1u);
  pool.shutdown();
}

TEST(ElasticPool, NeverExceedsItsBoundAndQueuesTheRest) {
  ElasticPool pool(0, 4);
  Gate gate;
  for (int i = 0; i < 10; ++i) pool.enqueue(gate.task());
  gate.wait_running(4);
  EXPECT_EQ(pool.threads(), 4u);
  gate.release();
  gate.wait_finished(10);  // the six queued tasks ran on the same four threads
  EXPECT_EQ(pool.threads(), 4u);
  EXPECT_EQ(gate.peak, 4);
  pool.shutdown();
}

TEST(ElasticPool, ShutdownRunsWhatIsQueuedThenJoins) {
  ElasticPool pool(1, 1);
  Gate gate;
  gate.open = true;
  for (int i = 0; i < 20; ++i) pool.enqueue(gate.task());
  pool.shutdown();
  EXPECT_EQ(gate.finished, 20);
  EXPECT_EQ(pool.threads(), 0u);
}
