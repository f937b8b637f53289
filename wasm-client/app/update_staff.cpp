// The staff console's lists (the queue, oldest first; active, close
// requested and closed, newest activity first), the identifier labels of each
// team, and the staff actions on the open case. Their answers (the case
// itself) are applied in update_cases.cpp, with the guest's close.
#include <algorithm>

#include "app/decode.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

void staff_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  switch (r.call) {
    case Call::staff_queue:
      if (ok(r)) {
        m.queue = decode::case_list(r.body, c.env.locale);
        m.queue_loaded = true;
        for (const auto& s : m.queue) want_labels(c, s.team.slug);
      } else if (r.status == 401) {
        navigate(c, nav::SignedOut{});
      }
      break;
    case Call::staff_cases:
      if (r.tag != lists_tag(m)) break;  // asked under another filter (update_lists.cpp)
      if (ok(r)) {
        m.active_cases.clear();
        m.closing_cases.clear();
        m.closed_cases.clear();
        for (auto& s : decode::case_list(r.body, c.env.locale)) {
          switch (s.state) {
            case CaseStatus::active: m.active_cases.push_back(std::move(s)); break;
            case CaseStatus::close_requested: m.closing_cases.push_back(std::move(s)); break;
            case CaseStatus::closed: m.closed_cases.push_back(std::move(s)); break;
            case CaseStatus::waiting: break;  // the queue's (GET /staff/queue)
          }
        }
        for (auto* list : {&m.active_cases, &m.closing_cases, &m.closed_cases})
          std::stable_sort(list->begin(), list->end(),
                           [](const ListedCase& a, const ListedCase& b) { return a.updated_at > b.updated_at; });
        m.lists_loaded = true;
        lists_first_page(c, r);
      } else if (r.status == 401) {
        navigate(c, nav::SignedOut{});
      }
      break;
    case Call::team_fields:
      if (ok(r)) m.team_fields[r.tag] = decode::team_entry(r.body).value_or(TeamEntry{}).identifiers;
      break;
    default:
      assert(false && "update.cpp routes only the staff lists' answers here");
  }
}

void staff_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  const std::string& id = m.open_case.id;
  if (std::holds_alternative<intent::Claim>(intent)) {
    if (m.claiming || id.empty()) return;
    m.claiming = true;
    m.case_problem.clear();
    c.send(Call::staff_claim, "POST", "/api/v1/staff/cases/" + path_escape(id) + "/claim", "{}", id);
  } else if (std::holds_alternative<intent::RequestClose>(intent)) {
    if (m.requesting_close || id.empty()) return;
    m.requesting_close = true;
    m.case_problem.clear();
    c.send(Call::staff_request_close, "POST", "/api/v1/staff/cases/" + path_escape(id) + "/request-close", "{}", id);
  }
}

}  // namespace foxo::client::core
