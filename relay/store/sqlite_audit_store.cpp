#include "core/crypto.hpp"
#include "store/sqlite_stores.hpp"

namespace foxo::relay::store {

std::string audit_hash(const AuditEntry& e, std::string_view prev_hash) {
  // Length-prefixed fields so that no two different entries serialise alike.
  std::string buf(prev_hash);
  for (const std::string& f : {std::to_string(e.id), std::to_string(e.at), e.org_id, e.actor, e.action, e.object,
                               e.case_id}) {
    buf += '|';
    buf += std::to_string(f.size());
    buf += ':';
    buf += f;
  }
  return sha256_hex(buf);
}

void SqliteAuditStore::append(AuditEntry e) {
  // Group commit (store/sqlite_db.hpp): an audit row (every case view writes
  // one) shares its transaction and WAL sync with concurrent writers instead
  // of waiting for a commit of its own. The chain stays linear: each grouped
  // writer runs in turn and reads the row the previous one appended.
  db_.write_grouped(
      [&](Session& tx) {
        std::string prev(64, '0');
        std::int64_t last_id = 0;
        {
          auto st = tx.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
          if (st.step()) {
            last_id = st.i64(0);
            prev = st.text(1);
          }
        }
        AuditEntry row = e;
        row.id = last_id + 1;
        row.prev_hash = prev;
        row.hash = audit_hash(row, prev);
        tx.prepare(
              "INSERT INTO audit (id, at, org_id, actor, action, object, case_id, prev_hash, hash) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all(row.id, row.at, row.org_id, row.actor, row.action, row.object, row.case_id, row.prev_hash,
                      row.hash)
            .run();
        return true;
      },
      nullptr);
}

std::vector<AuditEntry> SqliteAuditStore::list(std::string_view org_id, std::string_view case_id, std::size_t limit) {
  auto s = db_.session();
  auto st = s.prepare(
      "SELECT id, at, org_id, actor, action, object, case_id, prev_hash, hash FROM audit "
      "WHERE org_id = ? AND (? = '' OR case_id = ?) ORDER BY id LIMIT ?");
  st.bind_all(org_id, case_id, case_id, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  while (st.step())
    out.push_back(AuditEntry{st.i64(0), st.i64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                             st.text(7), st.text(8)});
  return out;
}

std::int64_t SqliteAuditStore::verify_chain() {
  auto s = db_.session();
  auto st = s.prepare("SELECT id, at, org_id, actor, action, object, case_id, prev_hash, hash FROM audit ORDER BY id");
  std::string prev(64, '0');
  while (st.step()) {
    AuditEntry e{st.i64(0), st.i64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7), st.text(8)};
    if (e.prev_hash != prev || audit_hash(e, prev) != e.hash) return e.id;
    prev = e.hash;
  }
  return 0;
}

}  // namespace foxo::relay::store
