// Sessions: 256-bit random tokens handed out once, only their SHA-256 kept.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "store/auth_store.hpp"

namespace foxo::relay::services {

struct Principal {
  store::SessionKind kind;
  std::string subject_id;  // guest id or staff id
  std::string org_id;
  std::string token_hash;
};

class SessionService {
 public:
  SessionService(store::AuthStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  // Creates a session and returns its token (the only copy outside the cookie).
  std::string create(store::SessionKind kind, std::string_view subject_id, std::string_view org_id);
  // The live session for a token, refreshing its idle timer; nullopt when
  // unknown, revoked, idle too long or past its absolute limit.
  std::optional<Principal> resolve(std::string_view token);
  void revoke(std::string_view token);

 private:
  store::AuthStore& store_;
  const Clock& clock_;
};

}  // namespace foxo::relay::services
