// The case lifecycle as a transition table:
//   waiting --claim--> active --request_close--> close_requested --guest_close/auto_close--> closed
// A guest message on close_requested returns the case to active; a guest may
// close from any open status. closed is terminal: every event is refused.
#pragma once
#include <optional>
#include <string_view>

#include "foxo/errors.hpp"
#include "foxo/time.hpp"

namespace foxo {

enum class CaseStatus { waiting, active, close_requested, closed };
enum class CaseEvent { claim, guest_message, staff_message, request_close, guest_close, auto_close };

std::string_view to_string(CaseStatus s);
std::string_view to_string(CaseEvent e);
std::optional<CaseStatus> parse_case_status(std::string_view s);

struct Transition {
  bool allowed = false;
  CaseStatus next = CaseStatus::waiting;  // meaningful when allowed
  ErrorCode error = ErrorCode::conflict;  // meaningful when refused
};

// The whole table: what `event` does to a case in `status`.
Transition transition(CaseStatus status, CaseEvent event);

inline bool is_open(CaseStatus s) { return s != CaseStatus::closed; }

// A close request with no guest action for this long closes the case.
constexpr TimeMs kAutoCloseAfter = days(7);

// When the auto-close of a case whose close was requested at `requested_at`
// falls due. Due means now >= the returned time.
inline TimeMs auto_close_due_at(TimeMs requested_at) { return requested_at + kAutoCloseAfter; }

}  // namespace foxo
