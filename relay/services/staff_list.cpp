// The staff list's parameters and cursor (staff_list.hpp); pure.
#include "services/staff_list.hpp"

#include <charconv>

#include "services/case_decisions.hpp"

namespace foxo::relay::services {
namespace {

// Case and staff ids: what the routes accept in a path ([A-Za-z0-9_-]{1,64}).
bool is_id(std::string_view s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
}

std::optional<std::int64_t> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

Error bad(std::string message, std::string field) {
  return Error{ErrorCode::invalid_field, std::move(message), std::move(field)};
}

}  // namespace

std::string encode_cursor(const ListCursor& c) { return std::to_string(c.at) + "." + c.id; }

std::optional<ListCursor> decode_cursor(std::string_view s) {
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto at = whole_number(s.substr(0, dot));
  const auto id = s.substr(dot + 1);
  if (!at || !is_id(id)) return std::nullopt;
  return ListCursor{*at, std::string(id)};
}

std::variant<Error, StaffListQuery> parse_staff_list_query(const std::multimap<std::string, std::string>& params) {
  const auto get = [&](const char* name) -> std::optional<std::string_view> {
    const auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  StaffListQuery q;
  if (const auto v = get("status")) {
    auto statuses = staff_status_filter(*v);
    if (auto* e = std::get_if<Error>(&statuses)) return std::move(*e);
    if (const auto& one = std::get<std::vector<std::string>>(statuses); !one.empty()) q.status = one.front();
  }
  if (const auto v = get("q")) {
    if (v->size() > kStaffSearchMaxChars)
      return bad("q must be at most " + std::to_string(kStaffSearchMaxChars) + " bytes", "q");
    const auto start = v->find_first_not_of(" \t\r\n");
    if (start != std::string_view::npos) q.q = std::string(v->substr(start, v->find_last_not_of(" \t\r\n") - start + 1));
  }
  if (const auto v = get("assignee"); v && !v->empty() && *v != "any") {
    if (*v == "me") {
      q.assignee = StaffListQuery::Assignee::me;
    } else if (*v == "none") {
      q.assignee = StaffListQuery::Assignee::nobody;
    } else if (is_id(*v)) {
      q.assignee = StaffListQuery::Assignee::staff;
      q.assignee_id = std::string(*v);
    } else {
      return bad("assignee must be me, none or a staff id", "assignee");
    }
  }
  if (const auto v = get("limit")) {
    const auto n = whole_number(*v);
    if (!n || *n < 1 || *n > static_cast<std::int64_t>(kStaffListMaxLimit))
      return bad("limit must be a whole number from 1 to " + std::to_string(kStaffListMaxLimit), "limit");
    q.limit = static_cast<std::size_t>(*n);
  }
  if (const auto v = get("before")) {
    q.before = decode_cursor(*v);
    if (!q.before) return bad("before must be the `next` of an earlier page", "before");
  }
  return q;
}

}  // namespace foxo::relay::services
