// Plain rows the stores hand to services.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "foxo/time.hpp"
#include "foxo/validation.hpp"

namespace foxo::relay::store {

struct Organisation {
  std::string id, slug, name;
  std::vector<IdentifierField> identifiers;
  std::optional<std::int64_t> retention_days;
  std::string time_zone = "Australia/Sydney";  // IANA name; transcripts print times in it
};

struct Team {
  std::string id, org_id, slug, name;
  std::vector<std::string> subjects;
};

// A canned reply of a team (issue 22), title and body as the admin wrote them.
struct ReplyRecord {
  std::string id, team_id, team_slug, title, body;
  std::int64_t position = 0;
};

struct StaffRecord {
  std::string id, org_id, email, name, password_hash;
  bool is_admin = false;
  std::vector<std::string> team_ids;
  std::vector<std::string> team_slugs;
};

struct GuestRecord {
  std::string id, org_id, phone, first_name, last_name;
  TimeMs created_at = 0;
};

enum class SessionKind { guest, staff };

struct SessionRecord {
  std::string token_hash;
  SessionKind kind = SessionKind::guest;
  std::string subject_id;  // guest id or staff id
  std::string org_id;
  TimeMs created_at = 0;
  TimeMs last_seen_at = 0;
  bool revoked = false;
  // Why it was revoked (SessionRevocation's names: "signed_out", "replaced",
  // "revoked"); empty while live, and for sessions revoked before issue 20.
  std::string revoked_reason;
};

struct AuditEntry {
  std::int64_t id = 0;
  TimeMs at = 0;
  std::string org_id;
  std::string actor;   // "staff:<id>", "guest:<id>", "system", "admin-cli", "anonymous"
  std::string action;  // "staff.login", "otp.verify", "case.view", "case.claim", ...
  std::string object;  // what it acted on ("case:<id>", "staff:<email hash>", ...)
  std::string case_id;
  std::string prev_hash, hash;
};

}  // namespace foxo::relay::store
