// SessionService (sessions.hpp): random tokens out, only their hashes kept, idle
// and absolute lifetimes from shared/session_policy.
#include "services/sessions.hpp"

#include <unordered_map>

#include "core/crypto.hpp"
#include "foxo/session_policy.hpp"

namespace foxo::relay::services {

std::string SessionService::create(store::SessionKind kind, std::string_view subject_id, std::string_view org_id) {
  const std::string token = random_token(256);
  const TimeMs now = clock_.now();
  store_.create_session({sha256_hex(token), kind, std::string(subject_id), std::string(org_id), now, now, false});
  return token;
}

const char* to_string(SessionEnd e) {
  switch (e) {
    case SessionEnd::signed_out: return "signed_out";
    case SessionEnd::replaced: return "replaced";
    case SessionEnd::revoked: return "revoked";
    case SessionEnd::expired: return "expired";
  }
  return "revoked";
}

std::optional<SessionEnd> session_end(const std::optional<store::SessionRecord>& s, TimeMs now) {
  if (!s) return SessionEnd::expired;  // retention removed it: it was long over
  if (s->revoked) {
    for (const auto e : {SessionEnd::signed_out, SessionEnd::replaced, SessionEnd::revoked})
      if (s->revoked_reason == to_string(e)) return e;
    return SessionEnd::revoked;  // revoked before reasons were recorded
  }
  const auto& limits = s->kind == store::SessionKind::guest ? kGuestSession : kStaffSession;
  if (!session_alive(limits, s->created_at, s->last_seen_at, now)) return SessionEnd::expired;
  return std::nullopt;
}

std::optional<Principal> SessionService::resolve(std::string_view token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  const std::string hash = sha256_hex(token);
  const auto s = store_.find_session(hash);
  const TimeMs now = clock_.now();
  if (!s || session_end(s, now)) return std::nullopt;
  if (now - s->last_seen_at >= kSessionTouchInterval) store_.touch_session(hash, now);
  return Principal{s->kind, s->subject_id, s->org_id, hash};
}

std::string SessionService::revoke(std::string_view token, SessionEnd why) {
  if (token.empty()) return {};
  std::string hash = sha256_hex(token);
  store_.revoke_session(hash, to_string(why));
  return hash;
}

std::vector<std::pair<std::string, SessionEnd>> SessionService::ended(const std::vector<std::string>& token_hashes) {
  std::vector<std::pair<std::string, SessionEnd>> out;
  if (token_hashes.empty()) return out;
  const TimeMs now = clock_.now();
  std::unordered_map<std::string, store::SessionRecord> found;
  for (auto& s : store_.find_sessions(token_hashes)) found.emplace(s.token_hash, std::move(s));
  for (const auto& hash : token_hashes) {
    const auto it = found.find(hash);
    const auto why = session_end(it == found.end() ? std::nullopt : std::optional(it->second), now);
    if (why) out.emplace_back(hash, *why);
  }
  return out;
}

}  // namespace foxo::relay::services
