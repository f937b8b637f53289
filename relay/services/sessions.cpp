// SessionService (sessions.hpp): random tokens out, only their hashes kept, idle
// and absolute lifetimes from shared/session_policy.
#include "services/sessions.hpp"

#include "core/crypto.hpp"
#include "foxo/session_policy.hpp"

namespace foxo::relay::services {

std::string SessionService::create(store::SessionKind kind, std::string_view subject_id, std::string_view org_id) {
  const std::string token = random_token(256);
  const TimeMs now = clock_.now();
  store_.create_session({sha256_hex(token), kind, std::string(subject_id), std::string(org_id), now, now, false});
  return token;
}

std::optional<Principal> SessionService::resolve(std::string_view token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  const std::string hash = sha256_hex(token);
  const auto s = store_.find_session(hash);
  if (!s || s->revoked) return std::nullopt;
  const TimeMs now = clock_.now();
  const auto& limits = s->kind == store::SessionKind::guest ? kGuestSession : kStaffSession;
  if (!session_alive(limits, s->created_at, s->last_seen_at, now)) return std::nullopt;
  if (now - s->last_seen_at >= kSessionTouchInterval) store_.touch_session(hash, now);
  return Principal{s->kind, s->subject_id, s->org_id, hash};
}

void SessionService::revoke(std::string_view token) {
  if (!token.empty()) store_.revoke_session(sha256_hex(token));
}

}  // namespace foxo::relay::services
