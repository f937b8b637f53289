// The Auditor: one audit row per call, timed by the relay's clock (what an
// object may name: audit.hpp).
#include "services/audit.hpp"

namespace foxo::relay::services {

void Auditor::record(std::string_view org_id, std::string_view actor, std::string_view action,
                     std::string_view object, std::string_view case_id) {
  store::AuditEntry e;
  e.at = clock_.now();
  e.org_id = org_id;
  e.actor = actor;
  e.action = action;
  e.object = object;
  e.case_id = case_id;
  store_.append(std::move(e));
}

}  // namespace foxo::relay::services
