// AuditStore: the append-only audit trail, chained by hash, and its check.
#include "core/crypto.hpp"
#include "store/sql/sql_stores.hpp"

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

namespace sql {
namespace {

constexpr const char* kAuditCols = "SELECT id, at, COALESCE(org_id, ''), actor, action, object, COALESCE(case_id, ''), "
                                   "prev_hash, hash FROM audit ";
AuditEntry read_audit(const Rows& r) {
  return AuditEntry{r.i64(0), r.i64(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8)};
}

class SqlAuditStore final : public AuditStore {
 public:
  explicit SqlAuditStore(Database& db) : db_(db) {}

  void append(AuditEntry e) override {
    // Every case view writes one: on SQLite it shares its transaction and WAL
    // sync with concurrent writers (group commit). The chain stays linear:
    // each writer reads the row the previous one appended, and relays on one
    // PostgreSQL database take turns (Lock::audit).
    db_.write_grouped(
        [&](Session& tx) {
          tx.serialize(Lock::audit);
          AuditEntry row = e;
          row.prev_hash = std::string(64, '0');
          row.id = 1;
          if (auto last = tx.query("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"); last.next()) {
            row.id = last.i64(0) + 1;
            row.prev_hash = last.text(1);
          }
          row.hash = audit_hash(row, row.prev_hash);
          tx.query("INSERT INTO audit (id, at, org_id, actor, action, object, case_id, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {row.id, row.at, row.org_id, row.actor, row.action, row.object, row.case_id, row.prev_hash,
                    row.hash});
          return true;
        },
        nullptr);
  }

  std::vector<AuditEntry> list(std::string_view org_id, std::string_view case_id, std::size_t limit) override {
    return db_.session()
        ->query(std::string(kAuditCols) + "WHERE org_id = ?1 AND (?2 = '' OR case_id = ?2) ORDER BY id LIMIT ?3",
                {org_id, case_id, limit})
        .all(read_audit);
  }

  std::int64_t verify_chain() override {
    auto s = db_.session();
    std::string prev(64, '0');
    std::int64_t after = 0;
    for (;;) {  // in pages, so that a long chain is never all in memory
      const auto page = s->query(std::string(kAuditCols) + "WHERE id > ? ORDER BY id LIMIT 5000", {after}).all(read_audit);
      for (const AuditEntry& e : page) {
        if (e.prev_hash != prev || audit_hash(e, prev) != e.hash) return e.id;
        prev = e.hash;
        after = e.id;
      }
      if (page.size() < 5000) return 0;
    }
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AuditStore> audit_store(Database& db) { return std::make_unique<SqlAuditStore>(db); }

}  // namespace sql
}  // namespace foxo::relay::store
