// The one implementation of each store interface, over the SQL layer
// (store/sql/session.hpp), whichever backend `db` is; one file each in
// store/sql/. Both backends open them with open_stores.
#pragma once
#include <memory>

#include "core/aead.hpp"
#include "store/sql/session.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::sql {

class Fields;
struct CaseTermInput;

// Every store of Stores but presence (a PostgreSQL matter, store/pg), over `db`,
// which `s` then owns, with the text sealed under keys drawn from `master`:
// loads the data keys (KeyError when they do not open with it) and seals what
// an older relay left in clear (store/sql/reseal.hpp) before it returns.
// Without `master` (`audit verify`, which reads no sealed text) any use of
// sealed text throws KeyError.
void open_stores(Stores& s, std::shared_ptr<Database> db, const std::optional<aead::Key>& master);

std::unique_ptr<DirectoryStore> directory_store(Database& db, Fields& fields);
std::unique_ptr<AuthStore> auth_store(Database& db);
std::unique_ptr<AuditStore> audit_store(Database& db);
std::unique_ptr<CaseStore> case_store(Database& db, Fields& fields);
std::unique_ptr<OtpStore> otp_store(Database& db, Fields& fields);
std::unique_ptr<NotifyStore> notify_store(Database& db, Fields& fields);
std::unique_ptr<AttachmentStore> attachment_store(Database& db, Fields& fields);
std::unique_ptr<RetentionStore> retention_store(Database& db);
std::unique_ptr<MfaStore> mfa_store(Database& db, Fields& fields);

// The guest of a number at an organisation, created or renamed (names sealed,
// the number sealed and found by its blind index), in `s`'s transaction.
GuestRecord upsert_guest_row(Session& s, Fields& f, std::string_view org_id, std::string_view phone,
                             std::string_view first_name, std::string_view last_name, TimeMs now);
// A case's search terms (blind indexes) into case_terms.
void insert_case_terms(Session& s, Fields& f, std::string_view org_id, std::string_view case_id,
                       const CaseTermInput& terms);

// A case's unseen-activity SMS state as stored (the case store updates it in
// its own transaction); last_team_seq is the newest message not written by
// the guest. A missing case reads as the empty state.
NotifyState read_notify_state(Session& s, std::string_view case_id);
// Stores notify_due_at and notified_seq (the other fields are derived).
void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state);

}  // namespace foxo::relay::store::sql
