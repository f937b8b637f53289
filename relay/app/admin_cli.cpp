// `foxo-relay admin (--data DIR | --store URL) <command>`: organisations,
// teams, staff and identifier fields, straight on the store (no running relay
// needed), and `foxo-relay audit verify` on the same choice of store. The
// store is chosen as the relay chooses it, by store::open_backend: --store
// (or FOXO_STORE) names a PostgreSQL database, else DATA/foxo.db. `backup`
// copies the SQLite file only (on PostgreSQL, pg_dump does it).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/relay_app.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "foxo/protocol.hpp"
#include "foxo/validation.hpp"
#include "blobs/blob_vault.hpp"
#include "services/audit.hpp"
#include "store/backend.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/reseal.hpp"
#include "store/sqlite_db.hpp"
#include "store/stores.hpp"

namespace foxo::relay::app {
namespace {

const char* kAdminUsage = R"(usage: foxo-relay admin (--data DIR | --store postgresql://...) [--attachment-key-file FILE] <command>
       (FOXO_STORE in the environment works as --store, as for the relay)
       The relay's key opens the sealed text, taken as the relay takes it:
       --attachment-key-file, FOXO_ATTACHMENT_KEY_FILE, FOXO_ATTACHMENT_KEY,
       else DIR/attachment.key

commands:
  create-org SLUG NAME
  create-team ORG_SLUG TEAM_SLUG NAME [SUBJECT...]
  create-staff ORG_SLUG EMAIL NAME [--admin] [--team TEAM_SLUG]...
                 the password is read from standard input (first line)
  set-password EMAIL          password from standard input
  set-identifiers ORG_SLUG    JSON {"identifiers": [...]} from standard input
  show-org ORG_SLUG
  set-retention ORG_SLUG DAYS|none
                 closed cases older than DAYS (1 to 36500) are deleted with their
                 messages and attachments; none (the default) keeps them forever
  set-require-mfa ORG_SLUG on|off
                 on: every member must sign in with a second factor (TOTP); one
                 without it can only set it up after signing in
  reset-mfa EMAIL
                 removes that member's second factor and recovery codes (a lost
                 phone); they sign in with their password and enrol again
)";

// Names and passwords are counted in code points like every other text
// (API.md "Text in every language"); malformed UTF-8 is refused.
std::optional<std::string> bad_name(std::string_view value, std::string_view what) {
  if (const auto e = validate_display_name(value, what)) return std::string(what) + ": " + e->message;
  return std::nullopt;
}
bool password_too_short(std::string_view pw) { return utf8_length(pw).value_or(0) < 12; }

int fail(const std::string& msg) {
  std::fprintf(stderr, "foxo-relay admin: %s\n", msg.c_str());
  return 2;
}

// --data DIR / --store URL (`env_store`, FOXO_STORE, when no --store), and
// the relay's key as the relay takes it (--attachment-key-file, or
// FOXO_ATTACHMENT_KEY_FILE / FOXO_ATTACHMENT_KEY), taken out of `all`.
struct StoreChoice {
  std::string data, store, key_file, key_hex;
};
StoreChoice take_store_args(const std::vector<std::string>& all, const std::string& env_store,
                            std::vector<std::string>& rest) {
  StoreChoice c;
  c.store = env_store;
  if (const char* f = std::getenv("FOXO_ATTACHMENT_KEY_FILE")) c.key_file = f;
  if (const char* k = std::getenv("FOXO_ATTACHMENT_KEY")) c.key_hex = k;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i] == "--data" && i + 1 < all.size()) c.data = all[++i];
    else if (all[i] == "--store" && i + 1 < all.size()) c.store = all[++i];
    else if (all[i] == "--attachment-key-file" && i + 1 < all.size()) c.key_file = all[++i];
    else rest.push_back(all[i]);
  }
  if (c.key_file.empty() && c.key_hex.empty() && !c.data.empty()) c.key_file = c.data + "/attachment.key";
  return c;
}

// A command's connections to PostgreSQL: it runs one statement at a time.
constexpr std::size_t kAdminPgConnections = 2;

// Opens the chosen store on the relay's one backend choice (migrating it, as
// the relay would), with the relay's key unless `keyless` (a command that
// reads no sealed text); an error message on failure.
std::optional<std::string> open_store(const StoreChoice& c, store::Stores& out, bool keyless = false) {
  if (!c.store.empty() && !is_store_url(c.store)) return "--store must be a postgresql:// URL";
  if (c.store.empty() && c.data.empty()) return "--data DIR or --store URL is required";
  if (keyless) {
    try {
      store::open_backend(c.store, c.data, out, std::nullopt, kAdminPgConnections);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  }
  if (c.key_file.empty() && c.key_hex.empty())
    return "the relay's key is needed: FOXO_ATTACHMENT_KEY, or --attachment-key-file FILE (docs/OPERATIONS.md)";
  // Made here only for a database that has no data keys yet (a first `admin`
  // before the first start), in the data directory as the relay would.
  if (!c.data.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(c.data, ec);
  }
  const auto key = blobs::load_or_create_key(c.key_file, c.key_hex);
  if (!key.key) return "cannot use the relay's key: " + key.error;
  try {
    // The backend's extras (event listener, shared blobs) are for relays;
    // the stores keep what they need of it.
    store::open_backend(c.store, c.data, out, *key.key, kAdminPgConnections);
  } catch (const std::exception& e) {
    if (key.created) {
      std::error_code ec;
      std::filesystem::remove(c.key_file, ec);
    }
    return std::string(e.what());
  }
  return std::nullopt;
}

std::string read_password() {
  std::string pw;
  std::getline(std::cin, pw);
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

}  // namespace

int run_admin(const std::vector<std::string>& all, const std::string& env_store) {
  std::vector<std::string> args;
  const StoreChoice where = take_store_args(all, env_store, args);
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    std::fputs(kAdminUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  store::Stores stores;
  if (const auto err = open_store(where, stores)) return fail(*err);
  SystemClock clock;
  auto& dir = *stores.directory;
  const std::string& cmd = args[0];

  if (cmd == "create-org" && args.size() == 3) {
    if (const auto why = bad_name(args[2], "organisation name")) return fail(*why);
    if (!dir.create_org(args[1], args[2], {}, clock.now())) return fail("organisation " + args[1] + " exists");
    std::printf("created organisation %s\n", args[1].c_str());
    return 0;
  }
  if (cmd == "create-team" && args.size() >= 4) {
    const auto org = dir.org_by_slug(args[1]);
    if (!org) return fail("no organisation " + args[1]);
    std::vector<std::string> subjects(args.begin() + 4, args.end());
    if (const auto why = bad_name(args[3], "team name")) return fail(*why);
    for (const auto& subject : subjects)
      if (const auto e = validate_subject(subject)) return fail("subject \"" + subject + "\": " + e->message);
    if (!dir.create_team(org->id, args[2], args[3], subjects, clock.now())) return fail("team " + args[2] + " exists");
    std::printf("created team %s\n", args[2].c_str());
    return 0;
  }
  if (cmd == "create-staff" && args.size() >= 4) {
    const auto org = dir.org_by_slug(args[1]);
    if (!org) return fail("no organisation " + args[1]);
    bool admin = false;
    std::vector<std::string> team_ids;
    for (std::size_t i = 4; i < args.size(); ++i) {
      if (args[i] == "--admin") admin = true;
      else if (args[i] == "--team" && i + 1 < args.size()) {
        const auto t = dir.team_by_slug(args[++i]);
        if (!t || t->org_id != org->id) return fail("no team " + args[i] + " in " + args[1]);
        team_ids.push_back(t->id);
      } else return fail("unexpected argument " + args[i]);
    }
    if (const auto why = bad_name(args[3], "staff name")) return fail(*why);
    std::string email = args[2];
    for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string pw = read_password();
    if (password_too_short(pw)) return fail("password (from standard input) must be at least 12 characters");
    if (!dir.create_staff(org->id, email, args[3], hash_password(pw), admin, team_ids, clock.now()))
      return fail("staff " + email + " exists");
    std::printf("created staff %s\n", email.c_str());
    return 0;
  }
  if (cmd == "set-password" && args.size() == 2) {
    const auto s = dir.staff_by_email(args[1]);
    if (!s) return fail("no staff " + args[1]);
    const std::string pw = read_password();
    if (password_too_short(pw)) return fail("password (from standard input) must be at least 12 characters");
    dir.set_staff_password(s->id, hash_password(pw));
    std::printf("password set for %s\n", args[1].c_str());
    return 0;
  }
  if (cmd == "set-identifiers" && args.size() == 2) {
    const auto org = dir.org_by_slug(args[1]);
    if (!org) return fail("no organisation " + args[1]);
    std::stringstream ss;
    ss << std::cin.rdbuf();
    const auto parsed = parse_identifiers_update(ss.str());
    if (!parsed.ok()) return fail(parsed.error.message);
    dir.set_identifiers(org->id, parsed.value->identifiers);
    std::printf("identifiers set for %s (%zu fields)\n", args[1].c_str(), parsed.value->identifiers.size());
    return 0;
  }
  if (cmd == "set-retention" && args.size() == 3) {
    std::optional<int> days;
    if (args[2] != "none") {
      int d = 0;
      for (char c : args[2]) {
        if (c < '0' || c > '9' || d > 36500) return fail("DAYS must be 1 to 36500, or none");
        d = d * 10 + (c - '0');
      }
      if (args[2].empty() || d < 1 || d > 36500) return fail("DAYS must be 1 to 36500, or none");
      days = d;
    }
    if (!stores.retention->set_retention_days(args[1], days)) return fail("no organisation " + args[1]);
    if (days) std::printf("retention for %s: closed cases are deleted %d days after closing\n", args[1].c_str(), *days);
    else std::printf("retention for %s: none (cases are kept)\n", args[1].c_str());
    return 0;
  }
  // Two-factor sign-in (issue 18), audited as the admin route's changes are (actor "operator").
  if (cmd == "set-require-mfa" && args.size() == 3) {
    const auto org = dir.org_by_slug(args[1]);
    if (!org) return fail("no organisation " + args[1]);
    if (args[2] != "on" && args[2] != "off") return fail("set-require-mfa takes on or off");
    const bool on = args[2] == "on";
    stores.mfa->set_org_require_mfa(org->id, on);
    services::Auditor(*stores.audit, clock)
        .record(org->id, "operator", on ? "org.require_mfa_on" : "org.require_mfa_off", "org:" + org->id);
    std::printf("two-factor sign-in for %s: %s\n", args[1].c_str(), on ? "required" : "not required");
    return 0;
  }
  if (cmd == "reset-mfa" && args.size() == 2) {
    std::string email = args[1];
    for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto s = dir.staff_by_email(email);
    if (!s) return fail("no staff " + args[1]);
    stores.mfa->reset_mfa(s->id);
    services::Auditor(*stores.audit, clock).record(s->org_id, "operator", "staff.mfa_reset", "staff:" + s->id);
    std::printf("two-factor sign-in reset for %s\n", email.c_str());
    return 0;
  }
  if (cmd == "show-org" && args.size() == 2) {
    const auto org = dir.org_by_slug(args[1]);
    if (!org) return fail("no organisation " + args[1]);
    json teams = json::array();
    for (const auto& t : dir.teams_of_org(org->id)) teams.push_back({{"slug", t.slug}, {"name", t.name}});
    const auto retention = stores.retention->retention_days(args[1]);
    const json retention_days = retention && *retention ? json(**retention) : json(nullptr);
    std::printf("%s\n", json{{"slug", org->slug}, {"name", org->name}, {"identifiers", org->identifiers},
                             {"teams", teams}, {"retention_days", retention_days}}.dump(2).c_str());
    return 0;
  }
  std::fputs(kAdminUsage, stderr);
  return 2;
}

int run_audit(const std::vector<std::string>& all, const std::string& env_store) {
  std::vector<std::string> args;
  const StoreChoice where = take_store_args(all, env_store, args);
  if (args.size() != 1 || args[0] != "verify" || (where.data.empty() && where.store.empty())) {
    std::fputs("usage: foxo-relay audit verify (--data DIR | --store postgresql://...)\n", stderr);
    return 2;
  }
  store::Stores stores;
  // The chain holds no sealed text: whoever checks it needs no key.
  if (const auto err = open_store(where, stores, true)) return fail(*err);
  const std::int64_t broken = stores.audit->verify_chain();
  if (broken != 0) {
    std::printf("audit chain BROKEN at entry %lld: entries from there on were changed or removed\n",
                static_cast<long long>(broken));
    return 1;
  }
  std::printf("audit chain intact\n");
  return 0;
}

int run_keys(const std::vector<std::string>& all, const std::string& env_store) {
  std::vector<std::string> args;
  const StoreChoice where = take_store_args(all, env_store, args);
  if (args.size() != 1 || (args[0] != "status" && args[0] != "rotate")) {
    std::fputs("usage: foxo-relay keys (status | rotate) (--data DIR | --store postgresql://...)\n"
               "  status: the current key generation and the rows still under an older one\n"
               "  rotate: start a new generation; running relays seal new text under it within\n"
               "          seconds and re-seal older rows in the background (--reseal-rate)\n",
               stderr);
    return 2;
  }
  store::Stores stores;
  if (const auto err = open_store(where, stores)) return fail(*err);
  if (args[0] == "rotate") {
    const auto generation = stores.fields->rotate();
    std::printf("key generation %lld is current; running relays re-seal older rows in the background "
                "(foxo-relay keys status shows how many are left)\n",
                static_cast<long long>(generation));
    return 0;
  }
  std::int64_t left = 0;
  json tables = json::object();
  for (const auto& [table, n] : stores.resealer->remaining()) {
    tables[table] = n;
    left += n;
  }
  std::printf("%s\n", json{{"generation", stores.fields->generation()},
                           {"data_keys", stores.fields->key_count()},
                           {"rows_to_reseal", left},
                           {"by_table", tables}}
                          .dump(2)
                          .c_str());
  return 0;
}

int run_backup(const std::vector<std::string>& all, const std::string& env_store) {
  std::vector<std::string> args;
  const StoreChoice where = take_store_args(all, env_store, args);
  const std::string& data = where.data;
  std::string to;
  for (std::size_t i = 0; i < args.size(); ++i)
    if (args[i] == "--to" && i + 1 < args.size()) to = args[++i];
  // On PostgreSQL everything (attachments included) is in the database, and
  // pg_dump already takes a consistent copy while relays run.
  if (!where.store.empty())
    return fail("backup copies the SQLite store; on PostgreSQL (--store or FOXO_STORE) use pg_dump (README, section PostgreSQL)");
  if (data.empty() || to.empty()) {
    std::fputs("usage: foxo-relay backup --data DIR --to FILE   (safe while the relay runs)\n", stderr);
    return 2;
  }
  try {
    store::Db db(data + "/foxo.db");
    db.backup_to(to);
    store::Db copy(to);
    const std::string check = copy.integrity_check();
    if (check != "ok") return fail("backup written but its integrity check says: " + check);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  std::printf("backup written to %s (integrity ok). Attachments live in %s/blobs: copy that folder too, and keep the "
              "attachment key safe.\n",
              to.c_str(), data.c_str());
  return 0;
}

}  // namespace foxo::relay::app
