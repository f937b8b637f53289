// Writes audit rows. Objects name things without secrets: never codes, tokens
// or full phone numbers.
#pragma once
#include <string_view>

#include "core/clock.hpp"
#include "store/audit_store.hpp"

namespace foxo::relay::services {

class Auditor {
 public:
  Auditor(store::AuditStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  void record(std::string_view org_id, std::string_view actor, std::string_view action, std::string_view object,
              std::string_view case_id = {});

 private:
  store::AuditStore& store_;
  const Clock& clock_;
};

}  // namespace foxo::relay::services
