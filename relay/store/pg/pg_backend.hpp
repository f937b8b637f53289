// The PostgreSQL backend as the relay uses it: opening the stores, the
// listener that turns other relays' commits into live events, the shared
// attachment bytes and the shared dev SMS log.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "blobs/blob_vault.hpp"
#include "sms/dev_outbox.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::pg {

class Pool;

// True for postgresql://... and postgres://... URLs.
bool is_pg_url(const std::string& s);

// Connects (a pool of `pool_size`), migrates under the session advisory lock
// kLockMigrate, and opens every store. Throws store::DbError.
Stores open_pg_stores(const std::string& url, std::size_t pool_size = 12);

// One LISTEN connection and thread per relay. On each NOTIFY (and every
// `poll` as a safety net, e.g. after a reconnect lost notifications) it reads
// every events row after the last id it handed on, in id order, and hands
// them to `publish` — from this one thread, so in commit order.
class EventListener {
 public:
  using Publish = std::function<void(const std::vector<EventRow>&)>;
  EventListener(std::string url, std::int64_t after_id, Publish publish,
                std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
  ~EventListener();
  EventListener(const EventListener&) = delete;
  void start();
  void stop();

 private:
  void run();
  bool catch_up(void* conn);
  const std::string url_;
  std::int64_t last_id_;
  Publish publish_;
  const std::chrono::milliseconds poll_;
  std::atomic<bool> stop_{false};
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

// Attachment bytes (already encrypted by the vault) in the `blobs` table.
std::unique_ptr<blobs::BlobStorage> blob_storage(const Stores& s);
// Uncommitted blob rows older than `min_age_ms` that no attachment names
// (uploads whose relay died before the row committed); returns how many were
// removed. Blobs an attachment names but still marked uncommitted are marked
// committed (the relay died between COMMIT and publish).
std::size_t sweep_blobs(const Stores& s, std::int64_t now_ms, std::int64_t min_age_ms);
// The dev SMS outbox's records in the `dev_sms` table.
std::unique_ptr<sms::DevOutbox::Log> dev_sms_log(const Stores& s);

}  // namespace foxo::relay::store::pg
