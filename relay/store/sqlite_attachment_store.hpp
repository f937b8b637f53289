// The SQLite AttachmentStore over the shared Db.
#pragma once
#include "store/attachment_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

class SqliteAttachmentStore final : public AttachmentStore {
 public:
  explicit SqliteAttachmentStore(Db& db) : db_(db) {}
  std::optional<AttachmentRecord> find(std::string_view id) override;
  std::vector<std::string> blob_paths() override;

 private:
  Db& db_;
};

}  // namespace foxo::relay::store
