// What the screens read (Model, changed only by app.cpp between frames) and
// what they may keep for themselves (UiState: text being typed, open menus).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "foxo/navigation.hpp"

namespace foxo::client {

struct IdentifierField {
  std::string key, label;
  bool required = false;
  int max_length = 0;
};

struct CaseSummary {
  std::string id, subject, status, team_name;
  int unread = 0;
};

// An error the relay gave for a request, placed next to the field it names.
struct FieldError {
  std::string field;  // API field name (first_name, phone, code, email...) or empty
  std::string message;
  bool any() const { return !message.empty(); }
};

struct Model {
  NavState nav;
  double now_ms = 0;
  bool dev = false;

  // Team entry (GET /api/v1/teams/{team}).
  bool team_loaded = false;
  std::string team_problem;  // shown instead of the form when the link is wrong
  std::string organisation_name, team_name;
  std::vector<std::string> subjects;
  std::vector<IdentifierField> identifiers;

  // Guest registration and code.
  std::string first_name, last_name, phone;  // as sent, for resends
  double code_expires_at_ms = 0, resend_at_ms = 0;
  int attempts_left = -1;  // unknown until a wrong code
  bool code_locked = false;
  FieldError register_error, code_error;

  // Signed-in guest.
  std::string guest_name;
  std::vector<CaseSummary> cases;

  // Staff.
  std::string staff_name;
  FieldError staff_error;
  std::vector<CaseSummary> queue;
  bool queue_loaded = false;

  // Requests in flight that the screen shows as busy buttons.
  bool sending_code = false, verifying = false, signing_in = false;
  std::string connection_problem;  // the relay did not answer at all
};

struct UiState {
  std::string first_name, last_name, phone, code;
  std::string email, password;
  std::string subject;
  std::map<std::string, std::string> identifier_values;
  bool menu_open = false;
  std::string focus_next;  // label of the input to focus on the next frame
};

}  // namespace foxo::client
