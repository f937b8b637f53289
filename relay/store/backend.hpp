// The backend a relay runs on, chosen once from --store: it opens the stores,
// and provides what several relays on one database need beyond them (shared
// attachment bytes, a shared dev SMS log, live events from every relay's
// commits). SQLite, one relay per data directory, provides none of those: the
// defaults below. Implemented in foxo_store_pg (store/pg/pg_backend.cpp), the
// library that links both backends.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "blobs/blob_vault.hpp"
#include "sms/dev_outbox.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store {

class Backend {
 public:
  using Publish = std::function<void(const std::vector<EventRow>&)>;
  using Live = std::function<void(const std::string&)>;
  virtual ~Backend() = default;
  // Where attachment bytes live (null: the vault's own files under DATA/blobs).
  virtual std::unique_ptr<blobs::BlobStorage> blob_storage() { return nullptr; }
  // Cleans what crashed uploads left in blob_storage(), older than `min_age_ms`.
  virtual void sweep_blobs(std::int64_t /*now_ms*/, std::int64_t /*min_age_ms*/) {}
  // Where the dev SMS outbox keeps its records (null: in memory).
  virtual std::unique_ptr<sms::DevOutbox::Log> dev_sms_log() { return nullptr; }
  // Hands every committed event after `after_id`, of every relay, to `publish`
  // in id order, until the returned handle is dropped. Null: the stores
  // publish at commit themselves (AfterCommit hooks).
  // `live` (issue 22) gets the payload of every broadcast(), of every relay.
  virtual std::shared_ptr<void> listen(std::int64_t /*after_id*/, Publish /*publish*/, Live /*live*/ = nullptr) {
    return nullptr;
  }
  // Sends a live-only signal (typing, seen) to every listening relay's `live`.
  virtual void broadcast(const std::string& /*payload*/) {}
};

// Opens `store` (a postgresql:// URL) or, when it is empty, DATA_DIR/foxo.db,
// with every store in `stores`. Throws DbError with a message for an operator.
// `pg_connections`: the PostgreSQL pool's size (a relay's default; the admin
// commands need 2).
// `master`: the relay's secret, from which the sealed text's keys come
// (store/sql/fields.hpp); none for a command that reads no sealed text.
std::unique_ptr<Backend> open_backend(const std::string& store, const std::string& data_dir, Stores& stores,
                                      const std::optional<aead::Key>& master, std::size_t pg_connections = 12);

}  // namespace foxo::relay::store
