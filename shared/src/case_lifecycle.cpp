#include "foxo/case_lifecycle.hpp"

#include <array>

namespace foxo {
namespace {
constexpr int kStatuses = 4;
constexpr int kEvents = 6;

constexpr Transition ok(CaseStatus next) { return {true, next, ErrorCode::conflict}; }
constexpr Transition no(ErrorCode e) { return {false, CaseStatus::waiting, e}; }

// Rows: status; columns: claim, guest_message, staff_message, request_close, guest_close, auto_close.
constexpr std::array<std::array<Transition, kEvents>, kStatuses> kTable{{
    /* waiting */
    {{ok(CaseStatus::active), ok(CaseStatus::waiting), no(ErrorCode::conflict), no(ErrorCode::conflict),
      ok(CaseStatus::closed), no(ErrorCode::conflict)}},
    /* active */
    {{no(ErrorCode::already_claimed), ok(CaseStatus::active), ok(CaseStatus::active),
      ok(CaseStatus::close_requested), ok(CaseStatus::closed), no(ErrorCode::conflict)}},
    /* close_requested */
    {{no(ErrorCode::already_claimed), ok(CaseStatus::active), ok(CaseStatus::close_requested),
      ok(CaseStatus::close_requested), ok(CaseStatus::closed), ok(CaseStatus::closed)}},
    /* closed */
    {{no(ErrorCode::case_closed), no(ErrorCode::case_closed), no(ErrorCode::case_closed), no(ErrorCode::case_closed),
      no(ErrorCode::case_closed), no(ErrorCode::case_closed)}},
}};
}  // namespace

std::string_view to_string(CaseStatus s) {
  switch (s) {
    case CaseStatus::waiting: return "waiting";
    case CaseStatus::active: return "active";
    case CaseStatus::close_requested: return "close_requested";
    case CaseStatus::closed: return "closed";
  }
  return "waiting";
}

std::string_view to_string(CaseEvent e) {
  switch (e) {
    case CaseEvent::claim: return "claim";
    case CaseEvent::guest_message: return "guest_message";
    case CaseEvent::staff_message: return "staff_message";
    case CaseEvent::request_close: return "request_close";
    case CaseEvent::guest_close: return "guest_close";
    case CaseEvent::auto_close: return "auto_close";
  }
  return "claim";
}

std::optional<CaseStatus> parse_case_status(std::string_view s) {
  for (CaseStatus c : {CaseStatus::waiting, CaseStatus::active, CaseStatus::close_requested, CaseStatus::closed})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

Transition transition(CaseStatus status, CaseEvent event) {
  return kTable[static_cast<int>(status)][static_cast<int>(event)];
}

}  // namespace foxo
