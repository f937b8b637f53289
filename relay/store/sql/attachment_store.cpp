// AttachmentStore: the attachment rows (the bytes are the vault's, blobs/).
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

class SqlAttachmentStore final : public AttachmentStore {
 public:
  explicit SqlAttachmentStore(Database& db) : db_(db) {}

  std::optional<AttachmentRecord> find(std::string_view id) override {
    return db_.session()
        ->query("SELECT id, case_id, name, content_type, size, blob_path, created_at FROM attachments WHERE id = ?",
                {id})
        .one([](const Rows& r) {
          return AttachmentRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.i64(4), r.text(5), r.i64(6)};
        });
  }

  std::vector<std::string> blob_paths() override {
    return db_.session()->query("SELECT blob_path FROM attachments").all([](const Rows& r) { return r.text(0); });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AttachmentStore> attachment_store(Database& db) { return std::make_unique<SqlAttachmentStore>(db); }

}  // namespace foxo::relay::store::sql
