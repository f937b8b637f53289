// After `foxo-relay keys rotate` (store/sql/fields.hpp): notices the new key
// generation (the rotating process may be another one), so new text is
// sealed under it within a second, and re-seals older rows in the background
// at a bounded rate while the relay serves. Progress goes to /metrics:
// foxo_key_generation, foxo_rows_to_reseal, foxo_rows_resealed_total.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

namespace foxo::relay::store::sql {
class Fields;
class Resealer;
}  // namespace foxo::relay::store::sql

namespace foxo::relay::services {

class KeyRotation {
 public:
  KeyRotation(store::sql::Fields& fields, store::sql::Resealer& resealer, int rows_per_second);
  ~KeyRotation();
  // One round, on the caller's thread: a new generation noticed, then at
  // most `rows` rows re-sealed. Returns how many were.
  std::size_t run_once(std::size_t rows);
  void start();  // a round every second on its own thread
  void stop();

 private:
  void publish();
  store::sql::Fields& fields_;
  store::sql::Resealer& resealer_;
  const std::size_t rows_per_second_;
  std::int64_t left_ = -1;  // rows still to re-seal (-1: to count)
  int recheck_in_ = 0;      // rounds until the count after a finished pass
  std::mutex run_m_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace foxo::relay::services
