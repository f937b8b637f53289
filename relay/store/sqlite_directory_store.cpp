#include "store/sqlite_stores.hpp"

#include "core/crypto.hpp"
#include "foxo/protocol.hpp"

namespace foxo::relay::store {
namespace {
std::vector<IdentifierField> parse_identifiers(const std::string& s) {
  const auto j = json::parse(s, nullptr, false);
  std::vector<IdentifierField> out;
  if (j.is_array())
    for (const auto& f : j) out.push_back(f.get<IdentifierField>());
  return out;
}
std::vector<std::string> parse_strings(const std::string& s) {
  const auto j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
constexpr const char* kOrgCols = "SELECT id, slug, name, identifiers_json, retention_days FROM organisations ";
Organisation read_org(const Stmt& st) {
  return Organisation{st.text(0), st.text(1), st.text(2), parse_identifiers(st.text(3)), st.opt_i64(4)};
}
constexpr const char* kTeamCols = "SELECT id, org_id, slug, name, subjects_json FROM teams ";
Team read_team(const Stmt& st) { return Team{st.text(0), st.text(1), st.text(2), st.text(3), parse_strings(st.text(4))}; }
constexpr const char* kStaffCols = "SELECT id, org_id, email, name, password_hash, is_admin FROM staff ";
constexpr const char* kGuestCols = "SELECT id, org_id, phone, first_name, last_name, created_at FROM guests ";
GuestRecord read_guest(const Stmt& st) {
  return GuestRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.i64(5)};
}
}  // namespace

bool SqliteDirectoryStore::empty() {
  auto s = db_.session();
  auto st = s.prepare("SELECT COUNT(*) FROM organisations");
  return st.step() && st.i64(0) == 0;
}

std::optional<Organisation> SqliteDirectoryStore::org_by_slug(std::string_view slug) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kOrgCols) + "WHERE slug = ?");
  st.bind_all(slug);
  if (!st.step()) return std::nullopt;
  return read_org(st);
}

std::optional<Organisation> SqliteDirectoryStore::org_by_id(std::string_view id) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kOrgCols) + "WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return read_org(st);
}

std::optional<Team> SqliteDirectoryStore::team_by_slug(std::string_view slug) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kTeamCols) + "WHERE slug = ?");
  st.bind_all(slug);
  if (!st.step()) return std::nullopt;
  return read_team(st);
}

std::optional<Team> SqliteDirectoryStore::team_by_id(std::string_view id) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kTeamCols) + "WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return read_team(st);
}

std::vector<Team> SqliteDirectoryStore::teams_of_org(std::string_view org_id) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kTeamCols) + "WHERE org_id = ? ORDER BY slug");
  st.bind_all(org_id);
  std::vector<Team> out;
  while (st.step()) out.push_back(read_team(st));
  return out;
}

std::optional<StaffRecord> SqliteDirectoryStore::read_staff(std::string_view where, std::string_view value) {
  auto s = db_.read();
  StaffRecord r;
  {
    auto st = s.prepare(std::string(kStaffCols) + std::string(where));
    st.bind_all(value);
    if (!st.step()) return std::nullopt;
    r = StaffRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.i64(5) != 0, {}, {}};
  }
  auto st = s.prepare(
      "SELECT t.id, t.slug FROM staff_teams st JOIN teams t ON t.id = st.team_id WHERE st.staff_id = ? ORDER BY t.slug");
  st.bind_all(r.id);
  while (st.step()) {
    r.team_ids.push_back(st.text(0));
    r.team_slugs.push_back(st.text(1));
  }
  return r;
}

std::optional<StaffRecord> SqliteDirectoryStore::staff_by_email(std::string_view email) {
  return read_staff("WHERE email = ?", email);
}
std::optional<StaffRecord> SqliteDirectoryStore::staff_by_id(std::string_view id) {
  return read_staff("WHERE id = ?", id);
}

std::optional<GuestRecord> SqliteDirectoryStore::guest_by_id(std::string_view id) {
  auto s = db_.read();
  auto st = s.prepare(std::string(kGuestCols) + "WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return read_guest(st);
}

std::optional<Organisation> SqliteDirectoryStore::create_org(std::string_view slug, std::string_view name,
                                                             const std::vector<IdentifierField>& identifiers,
                                                             TimeMs now) {
  auto tx = db_.tx();
  {
    auto st = tx.prepare("SELECT 1 FROM organisations WHERE slug = ?");
    st.bind_all(slug);
    if (st.step()) return std::nullopt;
  }
  Organisation o{new_id(), std::string(slug), std::string(name), identifiers, std::nullopt};
  tx.prepare("INSERT INTO organisations (id, slug, name, identifiers_json, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(o.id, o.slug, o.name, json(identifiers).dump(), now)
      .run();
  tx.commit();
  return o;
}

std::optional<Team> SqliteDirectoryStore::create_team(std::string_view org_id, std::string_view slug,
                                                      std::string_view name, const std::vector<std::string>& subjects,
                                                      TimeMs now) {
  auto tx = db_.tx();
  {
    auto st = tx.prepare("SELECT 1 FROM teams WHERE slug = ?");
    st.bind_all(slug);
    if (st.step()) return std::nullopt;
  }
  Team t{new_id(), std::string(org_id), std::string(slug), std::string(name), subjects};
  tx.prepare("INSERT INTO teams (id, org_id, slug, name, subjects_json, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(t.id, t.org_id, t.slug, t.name, json(subjects).dump(), now)
      .run();
  tx.commit();
  return t;
}

std::optional<StaffRecord> SqliteDirectoryStore::create_staff(std::string_view org_id, std::string_view email,
                                                              std::string_view name, std::string_view password_hash,
                                                              bool is_admin, const std::vector<std::string>& team_ids,
                                                              TimeMs now) {
  const std::string id = new_id();
  {
    auto tx = db_.tx();
    {
      auto st = tx.prepare("SELECT 1 FROM staff WHERE email = ?");
      st.bind_all(email);
      if (st.step()) return std::nullopt;
    }
    tx.prepare(
          "INSERT INTO staff (id, org_id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, "
          "?)")
        .bind_all(id, org_id, email, name, password_hash, is_admin, now)
        .run();
    for (const auto& t : team_ids)
      tx.prepare("INSERT INTO staff_teams (staff_id, team_id) VALUES (?, ?)").bind_all(id, t).run();
    tx.commit();
  }
  return staff_by_id(id);
}

void SqliteDirectoryStore::set_identifiers(std::string_view org_id, const std::vector<IdentifierField>& identifiers) {
  auto tx = db_.tx();
  tx.prepare("UPDATE organisations SET identifiers_json = ? WHERE id = ?")
      .bind_all(json(identifiers).dump(), org_id)
      .run();
  tx.commit();
}

void SqliteDirectoryStore::set_staff_password(std::string_view staff_id, std::string_view password_hash) {
  auto tx = db_.tx();
  tx.prepare("UPDATE staff SET password_hash = ? WHERE id = ?").bind_all(password_hash, staff_id).run();
  tx.commit();
}

GuestRecord SqliteDirectoryStore::upsert_guest(std::string_view org_id, std::string_view phone,
                                               std::string_view first_name, std::string_view last_name, TimeMs now) {
  auto tx = db_.tx();
  tx.prepare(
        "INSERT INTO guests (id, org_id, phone, first_name, last_name, created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (org_id, phone) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name")
      .bind_all(new_id(), org_id, phone, first_name, last_name, now)
      .run();
  GuestRecord g;
  {
    auto st = tx.prepare(std::string(kGuestCols) + "WHERE org_id = ? AND phone = ?");
    st.bind_all(org_id, phone);
    st.step();
    g = read_guest(st);
  }
  tx.commit();
  return g;
}

}  // namespace foxo::relay::store
