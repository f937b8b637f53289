// Versioned schema migrations of both backends, and SQLite's runner (store/pg
// runs PostgreSQL's). Times are milliseconds since the epoch (UTC). The
// tables are written once, with {TOKENS} for the types that differ; each
// backend's list then puts them into its own steps: SQLite reached its
// version 3 in three steps, PostgreSQL started there in one, with what
// several relays share (attachment bytes, the dev SMS log) on top.
#include "store/migrations.hpp"

#include <utility>


namespace foxo::relay::store {
namespace {

// The whole first schema.
constexpr const char* kTables = R"SQL(
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  identifiers_json TEXT NOT NULL DEFAULT '[]',
  retention_days {INT},
  created_at {INT} NOT NULL
);
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  subjects_json TEXT NOT NULL DEFAULT '[]',
  created_at {INT} NOT NULL
);
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin {BOOL} NOT NULL DEFAULT {FALSE},
  created_at {INT} NOT NULL
);
CREATE TABLE staff_teams (
  staff_id TEXT NOT NULL REFERENCES staff(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  PRIMARY KEY (staff_id, team_id)
);
-- A guest is a verified phone number at one organisation.
CREATE TABLE guests (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  phone TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  created_at {INT} NOT NULL,
  UNIQUE (org_id, phone)
);
CREATE TABLE otp_challenges (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  team_id TEXT,
  phone TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  code_issued_at {INT} NOT NULL,
  wrong_attempts INTEGER NOT NULL DEFAULT 0,
  used {BOOL} NOT NULL DEFAULT {FALSE},
  case_id TEXT,
  created_at {INT} NOT NULL
);
CREATE TABLE otp_sends (
  id {ID},
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  at {INT} NOT NULL
);
CREATE INDEX otp_sends_phone ON otp_sends(phone, at);
CREATE INDEX otp_sends_address ON otp_sends(address, at);
CREATE TABLE login_failures (
  id {ID},
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at {INT} NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('guest', 'staff')),
  subject_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  created_at {INT} NOT NULL,
  last_seen_at {INT} NOT NULL,
  revoked {BOOL} NOT NULL DEFAULT {FALSE}
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  guest_id TEXT NOT NULL REFERENCES guests(id),
  subject TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'close_requested', 'closed')),
  guest_first_name TEXT NOT NULL,
  guest_last_name TEXT NOT NULL,
  guest_phone TEXT NOT NULL,
  identifiers_json TEXT NOT NULL DEFAULT '{}',
  assignee_id TEXT REFERENCES staff(id),
  created_at {INT} NOT NULL,
  updated_at {INT} NOT NULL,
  close_requested_at {INT},
  closed_at {INT},
  closed_by TEXT,
  last_seq {INT} NOT NULL DEFAULT 0,
  guest_seen_seq {INT} NOT NULL DEFAULT 0,
  staff_seen_seq {INT} NOT NULL DEFAULT 0,
  -- unseen-activity SMS: when one falls due, and the seq it covers
  notify_due_at {INT},
  notified_seq {INT} NOT NULL DEFAULT 0,
  resume_token_hash TEXT UNIQUE
);
CREATE INDEX cases_team_status ON cases(team_id, status, created_at);
CREATE INDEX cases_guest ON cases(guest_id, updated_at);
CREATE INDEX cases_notify_due ON cases(notify_due_at) WHERE notify_due_at IS NOT NULL;
CREATE INDEX cases_close_requested ON cases(close_requested_at) WHERE status = 'close_requested';
CREATE TABLE messages (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq {INT} NOT NULL,
  client_id TEXT NOT NULL,
  author_kind TEXT NOT NULL CHECK (author_kind IN ('guest', 'staff', 'system')),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  attachment_id TEXT,
  created_at {INT} NOT NULL,
  PRIMARY KEY (case_id, seq),
  UNIQUE (case_id, author_id, client_id)
){WITHOUT_ROWID};
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  name TEXT NOT NULL,
  size {INT} NOT NULL,
  content_type TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  created_at {INT} NOT NULL
);
-- Live events, in commit order: SSE ids and Last-Event-ID resume come from
-- here (on PostgreSQL ids are taken under an advisory lock, store/sql/case_store.cpp).
CREATE TABLE events (
  id {ID_AUTOINCREMENT},
  kind TEXT NOT NULL CHECK (kind IN ('message', 'case')),
  case_id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  guest_id TEXT NOT NULL,
  seq {INT},
  created_at {INT} NOT NULL
);
CREATE TABLE sms_outbox (
  id TEXT PRIMARY KEY,
  phone TEXT NOT NULL,
  body TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at {INT} NOT NULL,
  sent_at {INT}
);
-- Append-only audit trail, chained: hash = sha256(prev_hash | fields).
CREATE TABLE audit (
  id {AUDIT_ID},
  at {INT} NOT NULL,
  org_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  case_id TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL";

// Live-event replay per guest and per team (Last-Event-ID resume).
constexpr const char* kEventIndexes = R"SQL(
CREATE INDEX events_guest ON events(guest_id, id);
CREATE INDEX events_team ON events(team_id, id);
)SQL";

// Resume links, one per notification SMS (only the token's SHA-256); a link
// stays valid until 30 days after its case closes.
constexpr const char* kResumeTokens = R"SQL(
CREATE TABLE resume_tokens (
  token_hash TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  created_at {INT} NOT NULL
);
CREATE INDEX resume_tokens_case ON resume_tokens(case_id);
CREATE INDEX sms_outbox_status ON sms_outbox(status, purpose);
)SQL";

// SQLite 4: unread counts kept in the case row, so reading a case costs the
// same with 10 or 10,000 messages (docs/BENCHMARKS.md, scenario 4). Triggers
// keep them for every writer: a new message counts for the side that reads it
// (foxo::counts_as_unread: the guest reads staff and system messages, staff
// read guest messages) when it is above that side's seen mark; moving a seen
// mark subtracts (or adds back) the messages between the old and the new
// mark, a range of the primary key. (PostgreSQL counts when it reads:
// sql::Dialect::unread_columns.)
constexpr const char* kSqliteUnread = R"SQL(
ALTER TABLE cases ADD COLUMN unread_for_guest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN unread_for_staff INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET
  unread_for_guest = (SELECT COUNT(*) FROM messages m WHERE m.case_id = cases.id AND m.seq > cases.guest_seen_seq
                      AND m.author_kind <> 'guest'),
  unread_for_staff = (SELECT COUNT(*) FROM messages m WHERE m.case_id = cases.id AND m.seq > cases.staff_seen_seq
                      AND m.author_kind = 'guest');
CREATE TRIGGER messages_unread_insert AFTER INSERT ON messages BEGIN
  UPDATE cases SET
    unread_for_guest = unread_for_guest + (NEW.author_kind <> 'guest' AND NEW.seq > guest_seen_seq),
    unread_for_staff = unread_for_staff + (NEW.author_kind = 'guest' AND NEW.seq > staff_seen_seq)
  WHERE id = NEW.case_id;
END;
CREATE TRIGGER messages_unread_delete AFTER DELETE ON messages BEGIN
  UPDATE cases SET
    unread_for_guest = unread_for_guest - (OLD.author_kind <> 'guest' AND OLD.seq > guest_seen_seq),
    unread_for_staff = unread_for_staff - (OLD.author_kind = 'guest' AND OLD.seq > staff_seen_seq)
  WHERE id = OLD.case_id;
END;
CREATE TRIGGER cases_guest_seen_unread AFTER UPDATE OF guest_seen_seq ON cases
WHEN NEW.guest_seen_seq <> OLD.guest_seen_seq BEGIN
  UPDATE cases SET unread_for_guest = unread_for_guest
    - (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind <> 'guest'
       AND m.seq > OLD.guest_seen_seq AND m.seq <= NEW.guest_seen_seq)
    + (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind <> 'guest'
       AND m.seq > NEW.guest_seen_seq AND m.seq <= OLD.guest_seen_seq)
  WHERE id = NEW.id;
END;
CREATE TRIGGER cases_staff_seen_unread AFTER UPDATE OF staff_seen_seq ON cases
WHEN NEW.staff_seen_seq <> OLD.staff_seen_seq BEGIN
  UPDATE cases SET unread_for_staff = unread_for_staff
    - (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind = 'guest'
       AND m.seq > OLD.staff_seen_seq AND m.seq <= NEW.staff_seen_seq)
    + (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind = 'guest'
       AND m.seq > NEW.staff_seen_seq AND m.seq <= OLD.staff_seen_seq)
  WHERE id = NEW.id;
END;
)SQL";

// PostgreSQL: the audit trail's append-only guard, and what several relays
// share that a single relay keeps on its own disk or in memory: attachment
// bytes, already encrypted by the vault (blobs/blob_vault.hpp), so every relay
// reads every attachment (`committed` is the vault's .tmp/rename discipline:
// false until the attachment row has committed); the dev SMS outbox (--dev),
// so any relay shows every code.
constexpr const char* kPgShared = R"SQL(
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'audit is append-only'; END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TABLE blobs (
  name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  committed BOOLEAN NOT NULL DEFAULT false,
  created_at BIGINT NOT NULL
);
CREATE TABLE dev_sms (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
)SQL";

// Issue 18: personal and clinical text sealed at rest (store/sql/fields.hpp).
// Values stay in their columns, sealed in place by store/sql/reseal.cpp; each
// row's key_gen is the oldest key generation among its values (0: written
// before sealing, still to seal). A guest is found by the blind index of their
// number (the column that held the number; the UNIQUE constraint follows it),
// and cases by the blind indexes of their search terms (case_terms).
constexpr const char* kSealed = R"SQL(
CREATE TABLE data_keys (
  org_id TEXT NOT NULL,
  generation {INT} NOT NULL,
  wrapped TEXT NOT NULL,
  created_at {INT} NOT NULL,
  PRIMARY KEY (org_id, generation)
);
INSERT INTO meta (key, value) VALUES ('key_generation', '1');
INSERT INTO meta (key, value) VALUES ('clear_rows', 'to seal');
ALTER TABLE guests RENAME COLUMN phone TO phone_index;
ALTER TABLE guests ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE guests ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
ALTER TABLE otp_challenges ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
ALTER TABLE sms_outbox ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sms_outbox ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
UPDATE sms_outbox SET org_id = COALESCE((SELECT c.org_id FROM cases c WHERE c.id = sms_outbox.case_id), '');
CREATE TABLE case_terms (
  org_id TEXT NOT NULL,
  term TEXT NOT NULL,
  case_id TEXT NOT NULL REFERENCES cases(id),
  PRIMARY KEY (org_id, term, case_id)
){WITHOUT_ROWID};
CREATE INDEX case_terms_case ON case_terms(case_id);
)SQL";

// Staff two-factor sign-in (issue 18; store/mfa_store.hpp). The TOTP secrets
// (mfa_secret: in use; mfa_pending_secret: shown at enrolment, not yet
// confirmed) are hex of the secret bytes; field encryption seals them.
// mfa_last_step: the newest 30-second step whose code was accepted, so each
// code works once (-1: none). Recovery codes: only their hashes. A half
// sign-in (password right, code still due) is a row of staff_mfa_logins,
// found by its cookie token's hash; it opens nothing but /staff/login/mfa.
constexpr const char* kStaffMfa = R"SQL(
ALTER TABLE staff ADD COLUMN mfa_secret TEXT;
ALTER TABLE staff ADD COLUMN mfa_pending_secret TEXT;
ALTER TABLE staff ADD COLUMN mfa_last_step {INT} NOT NULL DEFAULT -1;
ALTER TABLE organisations ADD COLUMN require_mfa {BOOL} NOT NULL DEFAULT {FALSE};
ALTER TABLE staff ADD COLUMN key_gen {INT} NOT NULL DEFAULT 0;
CREATE TABLE staff_recovery_codes (
  staff_id TEXT NOT NULL REFERENCES staff(id),
  code_hash TEXT NOT NULL,
  used_at {INT},
  PRIMARY KEY (staff_id, code_hash)
);
CREATE TABLE staff_mfa_logins (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  org_id TEXT NOT NULL,
  created_at {INT} NOT NULL
);
CREATE INDEX staff_mfa_logins_created ON staff_mfa_logins(created_at);
)SQL";

// Why a session was revoked (issue 20): an event stream of it, on any relay,
// ends with words that fit (signed out, replaced by a new sign-in, revoked).
constexpr const char* kSessionRevokedReason = R"SQL(
ALTER TABLE sessions ADD COLUMN revoked_reason TEXT;
)SQL";

// Staff lists paged by a keyset (issue 20; CaseStore::list_cases): each
// team's cases in activity order, whole or by status or by assignee, so that
// a page is a walk of `limit` index entries from the cursor at any depth.
constexpr const char* kStaffLists = R"SQL(
CREATE INDEX cases_team_activity ON cases(team_id, updated_at, id);
CREATE INDEX cases_team_status_activity ON cases(team_id, status, updated_at, id);
CREATE INDEX cases_team_assignee_activity ON cases(team_id, assignee_id, updated_at, id);
)SQL";

// Issue 22 (the conversation): internal notes and canned replies. A note is
// a message row with `internal` set: staff only, never a guest's unread (the
// SQLite triggers of migration 4 are made again without notes; PostgreSQL
// counts without them in sql::Dialect::unread_columns). Canned replies are a
// team's ordered list, title and body sealed (store/sql/fields.hpp).
constexpr const char* kConversation = R"SQL(
ALTER TABLE messages ADD COLUMN internal {BOOL} NOT NULL DEFAULT {FALSE};
CREATE TABLE team_replies (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  position {INT} NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at {INT} NOT NULL,
  key_gen {INT} NOT NULL DEFAULT 0
);
CREATE INDEX team_replies_team ON team_replies(team_id, position);
)SQL";

constexpr const char* kSqliteUnreadWithoutNotes = R"SQL(
DROP TRIGGER messages_unread_insert;
DROP TRIGGER messages_unread_delete;
DROP TRIGGER cases_guest_seen_unread;
CREATE TRIGGER messages_unread_insert AFTER INSERT ON messages BEGIN
  UPDATE cases SET
    unread_for_guest = unread_for_guest + (NEW.author_kind <> 'guest' AND NOT NEW.internal AND NEW.seq > guest_seen_seq),
    unread_for_staff = unread_for_staff + (NEW.author_kind = 'guest' AND NEW.seq > staff_seen_seq)
  WHERE id = NEW.case_id;
END;
CREATE TRIGGER messages_unread_delete AFTER DELETE ON messages BEGIN
  UPDATE cases SET
    unread_for_guest = unread_for_guest - (OLD.author_kind <> 'guest' AND NOT OLD.internal AND OLD.seq > guest_seen_seq),
    unread_for_staff = unread_for_staff - (OLD.author_kind = 'guest' AND OLD.seq > staff_seen_seq)
  WHERE id = OLD.case_id;
END;
CREATE TRIGGER cases_guest_seen_unread AFTER UPDATE OF guest_seen_seq ON cases
WHEN NEW.guest_seen_seq <> OLD.guest_seen_seq BEGIN
  UPDATE cases SET unread_for_guest = unread_for_guest
    - (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind <> 'guest' AND NOT m.internal
       AND m.seq > OLD.guest_seen_seq AND m.seq <= NEW.guest_seen_seq)
    + (SELECT COUNT(*) FROM messages m WHERE m.case_id = NEW.id AND m.author_kind <> 'guest' AND NOT m.internal
       AND m.seq > NEW.guest_seen_seq AND m.seq <= OLD.guest_seen_seq)
  WHERE id = NEW.id;
END;
)SQL";

// PDF transcripts (issue 22; services/transcripts.hpp). The organisation's
// IANA time zone, in which a transcript prints its times (issue 23 makes it
// editable; every organisation starts in Sydney, where the first clinics are).
// Each attachment's SHA-256 (hex, of the bytes as stored, before encryption),
// kept at upload so an export need not decrypt every file, sealed like the
// name; NULL for files uploaded before this version (an export hashes those
// from their blob).
constexpr const char* kTranscripts = R"SQL(
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Australia/Sydney';
ALTER TABLE attachments ADD COLUMN sha256 TEXT;
)SQL";


// The text with each backend's types.
std::string typed(std::string sql, bool pg) {
  const std::pair<const char*, const char*> types[] = {
      {"{INT}", pg ? "BIGINT" : "INTEGER"},
      {"{BOOL}", pg ? "BOOLEAN" : "INTEGER"},
      {"{FALSE}", pg ? "false" : "0"},
      {"{ID}", pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY"},
      {"{ID_AUTOINCREMENT}", pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"},
      {"{AUDIT_ID}", pg ? "BIGINT PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"},  // ids: AuditStore::append
      {"{WITHOUT_ROWID}", pg ? "" : " WITHOUT ROWID"},
  };
  for (const auto& [token, type] : types)
    for (auto at = sql.find(token); at != std::string::npos; at = sql.find(token, at))
      sql.replace(at, std::string_view(token).size(), type);
  return sql;
}

}  // namespace

const Migrations& sqlite_migrations() {
  static const Migrations m{
      {
          // 1: the whole first schema.
          typed(kTables, false) +
              "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
              "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n",
          kEventIndexes,                // 2
          typed(kResumeTokens, false),  // 3
          kSqliteUnread,                // 4
          typed(kSealed, false),        // 5
          typed(kStaffMfa, false),      // 6: staff two-factor sign-in
          kSessionRevokedReason,        // 7: why a session ended
          kStaffLists,                  // 8: staff lists paged by activity
          typed(kConversation, false) + kSqliteUnreadWithoutNotes,  // 9: internal notes, canned replies (issue 22)
          kTranscripts,                 // 10: organisation time zone, attachment SHA-256
      },
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
      "SELECT COALESCE(MAX(version), 0) FROM schema_version",
      "INSERT INTO schema_version (version) VALUES (?)",
  };
  return m;
}

const Migrations& pg_migrations() {
  static const Migrations m{
      {
          // 1: SQLite's version 3, and what several relays share.
          typed(kTables, true) + kEventIndexes + typed(kResumeTokens, true) + kPgShared,
          // 2: which relay holds a live stream of which guest (store/presence_store.hpp).
          R"SQL(
CREATE UNLOGGED TABLE guest_presence (
  relay_id TEXT NOT NULL,
  guest_id TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (relay_id, guest_id)
);
CREATE INDEX guest_presence_by_guest ON guest_presence (guest_id);
)SQL",
          // 3: sealed text (the dev SMS log is sealed too; what it held in clear is dropped).
          typed(kSealed, true) + "DELETE FROM dev_sms;\nALTER TABLE dev_sms ADD COLUMN key_gen BIGINT NOT NULL DEFAULT 0;\n",
          // 4: staff two-factor sign-in.
          typed(kStaffMfa, true),
          // 5: why a session ended.
          kSessionRevokedReason,
          // 6: staff lists paged by activity.
          kStaffLists,
          // 7: internal notes, canned replies (issue 22).
          typed(kConversation, true),
          // 8: organisation time zone, attachment SHA-256.
          kTranscripts,
      },
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
      "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
      "INSERT INTO schema_migrations (version, applied_at) VALUES (?, (extract(epoch from now()) * 1000)::bigint)",
  };
  return m;
}

int migrate(sql::Database& db, const Migrations& m) {
  const int last = static_cast<int>(m.steps.size());
  auto tx = db.tx();
  tx->script(m.create_table);
  const auto version = tx->query(m.current).one([](const sql::Rows& r) { return r.i64(0); }).value_or(0);
  if (version > last)
    throw DbError("database schema version " + std::to_string(version) + " is newer than this relay (" +
                  std::to_string(last) + "): upgrade the relay");
  for (auto v = version; v < last; ++v) {
    tx->script(m.steps[static_cast<std::size_t>(v)]);
    tx->query(m.record, {v + 1});
  }
  tx->commit();
  return last;
}

}  // namespace foxo::relay::store
