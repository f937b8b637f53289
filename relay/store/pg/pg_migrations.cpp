// Versioned schema migrations for PostgreSQL: their own list, separate from
// SQLite's (store/migrations.cpp). Append new steps; never edit a released
// one. Times are BIGINT milliseconds since the epoch (UTC). The tables mirror
// the SQLite schema at its version 3, plus what several relays share here
// that a single relay keeps on its own disk or in memory (blobs, dev SMS).
#include <array>

#include "store/pg/pg_stores.hpp"

namespace foxo::relay::store::pg {
namespace {

constexpr std::array<const char*, 2> kMigrations{
    // 1: the whole first schema.
    R"SQL(
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  identifiers_json TEXT NOT NULL DEFAULT '[]',
  retention_days BIGINT,
  created_at BIGINT NOT NULL
);
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  subjects_json TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin BOOLEAN NOT NULL DEFAULT false,
  created_at BIGINT NOT NULL
);
CREATE TABLE staff_teams (
  staff_id TEXT NOT NULL REFERENCES staff(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  PRIMARY KEY (staff_id, team_id)
);
CREATE TABLE guests (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organisations(id),
  phone TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
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
  code_issued_at BIGINT NOT NULL,
  wrong_attempts INTEGER NOT NULL DEFAULT 0,
  used BOOLEAN NOT NULL DEFAULT false,
  case_id TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE otp_sends (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX otp_sends_phone ON otp_sends(phone, at);
CREATE INDEX otp_sends_address ON otp_sends(address, at);
CREATE TABLE login_failures (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('guest', 'staff')),
  subject_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false
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
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  close_requested_at BIGINT,
  closed_at BIGINT,
  closed_by TEXT,
  last_seq BIGINT NOT NULL DEFAULT 0,
  guest_seen_seq BIGINT NOT NULL DEFAULT 0,
  staff_seen_seq BIGINT NOT NULL DEFAULT 0,
  notify_due_at BIGINT,
  notified_seq BIGINT NOT NULL DEFAULT 0,
  resume_token_hash TEXT UNIQUE
);
CREATE INDEX cases_team_status ON cases(team_id, status, created_at);
CREATE INDEX cases_guest ON cases(guest_id, updated_at);
CREATE INDEX cases_notify_due ON cases(notify_due_at) WHERE notify_due_at IS NOT NULL;
CREATE INDEX cases_close_requested ON cases(close_requested_at) WHERE status = 'close_requested';
CREATE TABLE messages (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq BIGINT NOT NULL,
  client_id TEXT NOT NULL,
  author_kind TEXT NOT NULL CHECK (author_kind IN ('guest', 'staff', 'system')),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  attachment_id TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, seq),
  UNIQUE (case_id, author_id, client_id)
);
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  name TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
-- Live events. Ids are taken under pg_advisory_xact_lock (see pg_case_store.cpp)
-- so that they increase in commit order, as Last-Event-ID resume needs.
CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('message', 'case')),
  case_id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  guest_id TEXT NOT NULL,
  seq BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX events_guest ON events(guest_id, id);
CREATE INDEX events_team ON events(team_id, id);
CREATE TABLE sms_outbox (
  id TEXT PRIMARY KEY,
  phone TEXT NOT NULL,
  body TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX sms_outbox_status ON sms_outbox(status, purpose);
CREATE TABLE audit (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  org_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  case_id TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'audit is append-only'; END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TABLE resume_tokens (
  token_hash TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX resume_tokens_case ON resume_tokens(case_id);
-- Attachment bytes, already encrypted by the vault (blobs/blob_vault.hpp), so
-- that every relay reads every attachment. `committed` is the vault's
-- .tmp/rename discipline: false until the attachment row has committed.
CREATE TABLE blobs (
  name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  committed BOOLEAN NOT NULL DEFAULT false,
  created_at BIGINT NOT NULL
);
-- The dev SMS outbox (--dev), shared so that any relay shows every code.
CREATE TABLE dev_sms (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL",
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
};

}  // namespace

int migrate(Pool& pool) {
  auto tx = pool.tx();
  tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  const auto r = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  const int version = static_cast<int>(r.i64(0, 0));
  if (version > static_cast<int>(kMigrations.size()))
    throw DbError("database schema version " + std::to_string(version) + " is newer than this relay (" +
                  std::to_string(kMigrations.size()) + "): upgrade the relay");
  // DDL is transactional in PostgreSQL: every pending step commits together, or none does.
  for (int v = version; v < static_cast<int>(kMigrations.size()); ++v) {
    tx.exec_script(kMigrations[static_cast<std::size_t>(v)]);
    tx.exec("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, (extract(epoch from now()) * 1000)::bigint)",
            {v + 1});
  }
  tx.commit();
  return static_cast<int>(kMigrations.size());
}

}  // namespace foxo::relay::store::pg
