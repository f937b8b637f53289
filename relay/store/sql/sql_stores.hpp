// The one implementation of each store interface, over the SQL layer
// (store/sql/session.hpp), whichever backend `db` is; one file each in
// store/sql/. Both backends open them with open_stores.
#pragma once
#include <memory>

#include "store/sql/session.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::sql {

// Every store of Stores but presence (a PostgreSQL matter, store/pg), over `db`, which `s` then owns.
void open_stores(Stores& s, std::shared_ptr<Database> db);

std::unique_ptr<DirectoryStore> directory_store(Database& db);
std::unique_ptr<AuthStore> auth_store(Database& db);
std::unique_ptr<AuditStore> audit_store(Database& db);
std::unique_ptr<CaseStore> case_store(Database& db);
std::unique_ptr<OtpStore> otp_store(Database& db);
std::unique_ptr<NotifyStore> notify_store(Database& db);
std::unique_ptr<AttachmentStore> attachment_store(Database& db);
std::unique_ptr<RetentionStore> retention_store(Database& db);
std::unique_ptr<MfaStore> mfa_store(Database& db);

// A case's unseen-activity SMS state as stored (the case store updates it in
// its own transaction); last_team_seq is the newest message not written by
// the guest. A missing case reads as the empty state.
NotifyState read_notify_state(Session& s, std::string_view case_id);
// Stores notify_due_at and notified_seq (the other fields are derived).
void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state);

}  // namespace foxo::relay::store::sql
