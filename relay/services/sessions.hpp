// Sessions: 256-bit random tokens handed out once, only their SHA-256 kept.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/auth_store.hpp"

namespace foxo::relay::services {

struct Principal {
  store::SessionKind kind;
  std::string subject_id;  // guest id or staff id
  std::string org_id;
  std::string token_hash;
};

// Why a session ended: the reason its event streams give (docs/API.md, "Live
// events": the `session_end` frame). A revocation records its reason, so a
// relay that did not revoke it (several relays) still says the right thing.
enum class SessionEnd {
  signed_out,  // POST .../logout with this session's cookie
  replaced,    // the same browser signed in again: its new cookie replaces this one
  revoked,     // ended by someone else (an admin, a password reset: issue 23)
  expired,     // idle or absolute limit passed (or the row is gone)
};
const char* to_string(SessionEnd e);

// Whether session `s` (nullopt: no such row any more) has ended at `now`, and why.
std::optional<SessionEnd> session_end(const std::optional<store::SessionRecord>& s, TimeMs now);

class SessionService {
 public:
  SessionService(store::AuthStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  // Creates a session and returns its token (the only copy outside the cookie).
  std::string create(store::SessionKind kind, std::string_view subject_id, std::string_view org_id);
  // The live session for a token, refreshing its idle timer; nullopt when
  // unknown, revoked, idle too long or past its absolute limit.
  std::optional<Principal> resolve(std::string_view token);
  // Returns the token's hash (the hub's session key), "" for an empty token.
  std::string revoke(std::string_view token, SessionEnd why);
  // Those of `token_hashes` whose sessions have ended now, and why (one query).
  std::vector<std::pair<std::string, SessionEnd>> ended(const std::vector<std::string>& token_hashes);

 private:
  store::AuthStore& store_;
  const Clock& clock_;
};

}  // namespace foxo::relay::services
