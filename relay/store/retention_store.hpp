// Per-organisation retention (issue 10): closed cases older than their
// organisation's period are deleted with everything that belongs to them.
// `organisations.retention_days` NULL means keep forever (the default).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/time.hpp"

namespace foxo::relay::store {

struct ExpiredCase {
  std::string case_id, org_id;
  std::vector<std::string> blob_paths;  // the vault files of its attachments
};

class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // Closed cases whose closed_at + their organisation's retention_days <= now, oldest first.
  virtual std::vector<ExpiredCase> expired_cases(TimeMs now, std::size_t limit) = 0;
  // In one transaction: the case and its messages, attachment rows, events,
  // resume links, SMS outbox rows and OTP challenges. Only while it is still
  // closed and past `now`'s cutoff; returns whether it was deleted.
  virtual bool delete_case(std::string_view case_id, TimeMs now) = 0;
  // nullopt days: keep forever. False when there is no such organisation.
  virtual bool set_retention_days(std::string_view org_slug, std::optional<int> days) = 0;
  // The organisation's period: outer nullopt = no such organisation.
  virtual std::optional<std::optional<int>> retention_days(std::string_view org_slug) = 0;
};

}  // namespace foxo::relay::store
