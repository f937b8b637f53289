// The retention job (retention.hpp): deletes closed cases past their
// organisation's period, their encrypted files too, with one audit entry each.
#include "services/retention.hpp"

#include "core/log.hpp"

namespace foxo::relay::services {

int RetentionService::run(TimeMs now) {
  constexpr std::size_t kBatch = 200;
  int deleted = 0;
  for (;;) {
    const auto due = store_.expired_cases(now, kBatch);
    int this_batch = 0;
    for (const auto& c : due) {
      // Order, chosen so that a crash never leaves data that should be gone:
      // the audit entry first (a crash after it repeats the deletion and the
      // entry at the next run: an entry too many, never one missing), then
      // the files (a crash after them leaves rows that the next run deletes;
      // the case is closed, so nobody writes to it meanwhile), then the rows
      // in one transaction.
      audit_.record(c.org_id, "system", "case.retention_delete", "case:" + c.case_id, c.case_id);
      for (const auto& blob : c.blob_paths) vault_.remove(blob);
      if (store_.delete_case(c.case_id, now)) ++this_batch;
    }
    deleted += this_batch;
    if (due.size() < kBatch || this_batch == 0) break;
  }
  if (deleted) log::info("retention.deleted", {{"cases", deleted}});
  return deleted;
}

}  // namespace foxo::relay::services
