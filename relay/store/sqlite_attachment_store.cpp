#include "store/sqlite_attachment_store.hpp"

namespace foxo::relay::store {

std::optional<AttachmentRecord> SqliteAttachmentStore::find(std::string_view id) {
  auto s = db_.session();
  auto st = s.prepare(
      "SELECT id, case_id, name, content_type, size, blob_path, created_at FROM attachments WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return AttachmentRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.i64(4), st.text(5), st.i64(6)};
}

std::vector<std::string> SqliteAttachmentStore::blob_paths() {
  auto s = db_.session();
  auto st = s.prepare("SELECT blob_path FROM attachments");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

}  // namespace foxo::relay::store
