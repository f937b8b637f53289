#include "foxo/case_access.hpp"

#include <algorithm>

namespace foxo {

std::string_view to_string(Side s) { return s == Side::guest ? "guest" : "staff"; }

bool may_see(const Viewer& v, const CaseScope& c) {
  if (v.id.empty() || v.org_id.empty() || v.org_id != c.org_id) return false;
  if (v.side == Side::guest) return c.guest_id == v.id;
  return std::find(v.team_ids.begin(), v.team_ids.end(), c.team_id) != v.team_ids.end();
}

bool counts_as_unread(Side reader, std::string_view author_kind) {
  if (reader == Side::guest) return author_kind == "staff" || author_kind == "system";
  return author_kind == "guest";
}

std::int64_t count_unread(Side reader, const std::vector<SeqAuthor>& messages, std::int64_t seen_seq) {
  std::int64_t n = 0;
  for (const auto& m : messages)
    if (m.seq > seen_seq && counts_as_unread(reader, m.author_kind)) ++n;
  return n;
}

std::int64_t next_seen_seq(std::int64_t current, std::int64_t reported, std::int64_t last_seq) {
  return std::max(current, std::min(reported, last_seq));
}

}  // namespace foxo
