// The append-only, hash-chained audit trail.
#pragma once
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace foxo::relay::store {

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Fills id, prev_hash and hash.
  virtual void append(AuditEntry e) = 0;
  // Entries of an organisation, oldest first; `case_id` empty for all.
  virtual std::vector<AuditEntry> list(std::string_view org_id, std::string_view case_id, std::size_t limit) = 0;
  // Recomputes the chain; returns the id of the first broken entry, or 0 when intact.
  virtual std::int64_t verify_chain() = 0;
};

// The chain's hash of one entry given the previous entry's hash.
std::string audit_hash(const AuditEntry& e, std::string_view prev_hash);

}  // namespace foxo::relay::store
