// The caller of a case route as the case services see it: who they are
// (foxo::Viewer: side, id, organisation, teams), their name, and whether they
// administer their organisation. CaseService::actor makes one from a live session.
#pragma once
#include <string>

#include "foxo/case_access.hpp"

namespace foxo::relay::services {

struct Actor {
  Viewer viewer;
  std::string name;       // staff display name, or the guest's verified name
  bool is_admin = false;  // staff only
  std::string audit_id() const { return std::string(to_string(viewer.side)) + ":" + viewer.id; }
};

}  // namespace foxo::relay::services
