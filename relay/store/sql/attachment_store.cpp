// AttachmentStore: the attachment rows (the bytes are the vault's, blobs/);
// names are sealed (store/sql/fields.hpp) with the case's organisation.
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

class SqlAttachmentStore final : public AttachmentStore {
 public:
  SqlAttachmentStore(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  std::optional<AttachmentRecord> find(std::string_view id) override {
    auto s = db_.session();
    return s
        ->query("SELECT a.id, a.case_id, a.name, a.content_type, a.size, a.blob_path, a.created_at, c.org_id, a.sha256 "
                "FROM attachments a JOIN cases c ON c.id = a.case_id WHERE a.id = ?",
                {id})
        .one([&](const Rows& r) {
          // Sealed like the name: a file's hash would confirm who holds a known document.
          std::optional<std::string> sha256 = r.opt_text(8);
          if (sha256) sha256 = fields_.open(*s, r.text(7), "attachments.sha256:" + r.text(0), *sha256);
          return AttachmentRecord{r.text(0),
                                  r.text(1),
                                  fields_.open(*s, r.text(7), "attachments.name:" + r.text(0), r.text(2)),
                                  r.text(3),
                                  r.i64(4),
                                  r.text(5),
                                  r.i64(6),
                                  std::move(sha256)};
        });
  }

  std::vector<std::string> blob_paths() override {
    return db_.session()->query("SELECT blob_path FROM attachments").all([](const Rows& r) { return r.text(0); });
  }

 private:
  Database& db_;
  Fields& fields_;
};

}  // namespace

std::unique_ptr<AttachmentStore> attachment_store(Database& db, Fields& fields) {
  return std::make_unique<SqlAttachmentStore>(db, fields);
}

}  // namespace foxo::relay::store::sql
