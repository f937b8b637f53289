// GET /api/v1/staff/cases: its query parameters read into a list query, and
// the opaque paging cursor, as pure functions (tests/relay/staff_list_test.cpp).
// CaseService::staff_list runs the query on the store (CaseStore::list_cases).
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "foxo/errors.hpp"
#include "foxo/time.hpp"

namespace foxo::relay::services {

inline constexpr std::size_t kStaffListDefaultLimit = 50;
inline constexpr std::size_t kStaffListMaxLimit = 200;
inline constexpr std::size_t kStaffSearchMaxChars = 200;  // bytes of UTF-8 in `q`

// A position in a list ordered by last activity, newest first: the last
// case of a page (its updated_at and id). The next page starts strictly after it.
struct ListCursor {
  TimeMs at = 0;
  std::string id;
  bool operator==(const ListCursor&) const = default;
};
// The cursor as the wire carries it: "<ms>.<id>", opaque to clients (they
// send back `next` as they got it), URL-safe without escaping.
std::string encode_cursor(const ListCursor& c);
std::optional<ListCursor> decode_cursor(std::string_view s);

struct StaffListQuery {
  std::optional<std::string> status;  // nullopt: all
  std::string q;                      // trimmed; "": no search
  enum class Assignee { any, me, nobody, staff } assignee = Assignee::any;
  std::string assignee_id;  // Assignee::staff
  std::size_t limit = kStaffListDefaultLimit;
  std::optional<ListCursor> before;
};

// The query parameters (the first value of each name counts, as cpp-httplib's
// get_param_value reads them; unknown names are ignored). A bad status,
// assignee, limit, before or q is invalid_field naming it.
std::variant<Error, StaffListQuery> parse_staff_list_query(const std::multimap<std::string, std::string>& params);

}  // namespace foxo::relay::services
