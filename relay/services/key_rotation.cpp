#include "services/key_rotation.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/reseal.hpp"

namespace foxo::relay::services {

KeyRotation::KeyRotation(store::sql::Fields& fields, store::sql::Resealer& resealer, int rows_per_second)
    : fields_(fields), resealer_(resealer), rows_per_second_(static_cast<std::size_t>(rows_per_second)) {
  auto& r = metrics::registry();
  r.describe("foxo_key_generation", "The key generation new text is sealed under.", metrics::Type::gauge);
  r.describe("foxo_rows_to_reseal", "Rows still sealed under an older key generation.", metrics::Type::gauge);
  r.describe("foxo_rows_resealed_total", "Rows re-sealed under the current key generation.", metrics::Type::counter);
}

KeyRotation::~KeyRotation() { stop(); }

void KeyRotation::publish() {
  auto& r = metrics::registry();
  r.set("foxo_key_generation", {}, static_cast<double>(fields_.generation()));
  r.set("foxo_rows_to_reseal", {}, static_cast<double>(left_ < 0 ? 0 : left_));
}

std::size_t KeyRotation::run_once(std::size_t rows) {
  std::lock_guard lock(run_m_);
  if (fields_.refresh()) {
    log::info("keys.generation", {{"generation", fields_.generation()}});
    left_ = -1;
    recheck_in_ = 0;
  }
  // Counting scans every sealed table: done at start, when a generation
  // starts, when a pass ends, and once more a minute after the rows ran out
  // (relays that had not yet noticed the rotation may have sealed a few rows
  // under the old key meanwhile).
  if (left_ == 0 && recheck_in_ > 0 && --recheck_in_ == 0) left_ = -1;
  const auto count = [this] {
    left_ = 0;
    for (const auto& [table, n] : resealer_.remaining()) left_ += n;
  };
  if (left_ < 0) count();
  std::size_t done = 0;
  if (left_ > 0) {
    // Batches of at most 200 rows: each holds the writer only briefly.
    for (std::size_t n = 1; done < rows && n > 0;) {
      n = resealer_.step(std::min<std::size_t>(200, rows - done));
      done += n;
    }
    metrics::registry().add("foxo_rows_resealed_total", {}, static_cast<double>(done));
    if (done > 0) log::info("keys.resealed", {{"rows", static_cast<std::int64_t>(done)}});
    if (done < rows) {
      count();  // a pass ended
      if (left_ == 0) recheck_in_ = 60;
    } else {
      left_ = std::max<std::int64_t>(1, left_ - static_cast<std::int64_t>(done));
    }
  }
  publish();
  return done;
}

void KeyRotation::start() {
  publish();
  thread_ = std::thread([this] {
    std::unique_lock lock(m_);
    while (!stopping_) {
      lock.unlock();
      try {
        run_once(rows_per_second_);
      } catch (const std::exception& e) {
        log::error("keys.reseal_failed", {{"error", e.what()}});
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  });
}

void KeyRotation::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace foxo::relay::services
