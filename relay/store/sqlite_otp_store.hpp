// SQLite implementation of OtpStore over the shared Db.
#pragma once
#include "store/otp_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

class SqliteOtpStore final : public OtpStore {
 public:
  explicit SqliteOtpStore(Db& db) : db_(db) {}
  SendOutcome record_send(std::string_view phone, std::string_view address, TimeMs number_since, TimeMs address_since,
                          std::string_view resend_id, TimeMs now,
                          const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) override;
  void cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                   const std::optional<OtpChallengeRecord>& restore) override;
  std::optional<OtpChallengeRecord> find_challenge(std::string_view id) override;
  std::optional<OtpChallengeRecord> check_challenge(
      std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) override;

 private:
  Db& db_;
};

}  // namespace foxo::relay::store
