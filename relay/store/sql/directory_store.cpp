// DirectoryStore: organisations, teams, staff and guests. Creation is
// INSERT ... ON CONFLICT DO NOTHING, so two relays creating the same slug or
// email at once get one row and one nullopt.
#include <map>

#include "core/crypto.hpp"
#include "foxo/protocol.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
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

constexpr const char* kOrgCols = "SELECT id, slug, name, identifiers_json, retention_days, time_zone FROM organisations ";
Organisation read_org(const Rows& r) {
  return Organisation{r.text(0), r.text(1), r.text(2), parse_identifiers(r.text(3)), r.opt_i64(4), r.text(5)};
}
constexpr const char* kTeamCols = "SELECT id, org_id, slug, name, subjects_json FROM teams ";
Team read_team(const Rows& r) { return Team{r.text(0), r.text(1), r.text(2), r.text(3), parse_strings(r.text(4))}; }
// A guest's number and names are sealed; the number is found by its blind index.
constexpr const char* kGuestCols = "SELECT id, org_id, phone, first_name, last_name, created_at";
std::string guest_at(std::string_view column, std::string_view id) {
  return "guests." + std::string(column) + ":" + std::string(id);
}
auto guest_reader(Session& s, Fields& f) {
  return [&s, &f](const Rows& r) {
    GuestRecord g{r.text(0), r.text(1), "", "", "", r.i64(5)};
    g.phone = f.open(s, g.org_id, guest_at("phone", g.id), r.text(2));
    g.first_name = f.open(s, g.org_id, guest_at("first_name", g.id), r.text(3));
    g.last_name = f.open(s, g.org_id, guest_at("last_name", g.id), r.text(4));
    return g;
  };
}

std::string reply_at(std::string_view column, std::string_view id) {
  return "team_replies." + std::string(column) + ":" + std::string(id);
}

class SqlDirectoryStore final : public DirectoryStore {
 public:
  SqlDirectoryStore(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  bool empty() override {
    return db_.session()->query("SELECT COUNT(*) FROM organisations").one([](const Rows& r) { return r.i64(0); }) ==
           0;
  }

  std::optional<Organisation> org_by_slug(std::string_view slug) override {
    return db_.session()->query(std::string(kOrgCols) + "WHERE slug = ?", {slug}).one(read_org);
  }
  std::optional<Organisation> org_by_id(std::string_view id) override {
    return db_.session()->query(std::string(kOrgCols) + "WHERE id = ?", {id}).one(read_org);
  }
  std::optional<Team> team_by_slug(std::string_view slug) override {
    return db_.session()->query(std::string(kTeamCols) + "WHERE slug = ?", {slug}).one(read_team);
  }
  std::vector<Team> teams_of_org(std::string_view org_id) override {
    return db_.session()->query(std::string(kTeamCols) + "WHERE org_id = ? ORDER BY slug", {org_id}).all(read_team);
  }

  std::optional<StaffRecord> staff_by_email(std::string_view email) override { return read_staff("email", email); }
  std::optional<StaffRecord> staff_by_id(std::string_view id) override { return read_staff("id", id); }

  std::vector<StaffRecord> staff_of_org(std::string_view org_id) override {
    auto s = db_.read();
    auto staff = s->query("SELECT id, org_id, email, name FROM staff WHERE org_id = ? ORDER BY id", {org_id})
                     .all([](const Rows& r) {
                       return StaffRecord{r.text(0), r.text(1), r.text(2), r.text(3), "", false, {}, {}};
                     });
    std::map<std::string, StaffRecord*> by_id;
    for (auto& m : staff) by_id[m.id] = &m;
    // One query for every membership of the organisation's teams.
    auto t = s->query("SELECT st.staff_id, t.id, t.slug FROM staff_teams st JOIN teams t ON t.id = st.team_id "
                      "WHERE t.org_id = ? ORDER BY st.staff_id, t.slug",
                      {org_id});
    while (t.next())
      if (const auto it = by_id.find(t.text(0)); it != by_id.end()) {
        it->second->team_ids.push_back(t.text(1));
        it->second->team_slugs.push_back(t.text(2));
      }
    return staff;
  }

  std::optional<GuestRecord> guest_by_id(std::string_view id) override {
    auto s = db_.read();
    return s->query(std::string(kGuestCols) + " FROM guests WHERE id = ?", {id}).one(guest_reader(*s, fields_));
  }

  std::optional<Organisation> create_org(std::string_view slug, std::string_view name,
                                         const std::vector<IdentifierField>& identifiers, TimeMs now) override {
    Organisation o{new_id(), std::string(slug), std::string(name), identifiers, std::nullopt};
    if (db_.write("INSERT INTO organisations (id, slug, name, identifiers_json, created_at) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (slug) DO NOTHING",
                  {o.id, o.slug, o.name, json(identifiers).dump(), now}) != 1)
      return std::nullopt;
    fields_.ensure(o.id);  // its first data key, before anything of it is sealed
    return o;
  }

  std::optional<Team> create_team(std::string_view org_id, std::string_view slug, std::string_view name,
                                  const std::vector<std::string>& subjects, TimeMs now) override {
    Team t{new_id(), std::string(org_id), std::string(slug), std::string(name), subjects};
    if (db_.write("INSERT INTO teams (id, org_id, slug, name, subjects_json, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (slug) DO NOTHING",
                  {t.id, t.org_id, t.slug, t.name, json(subjects).dump(), now}) != 1)
      return std::nullopt;
    return t;
  }

  std::optional<StaffRecord> create_staff(std::string_view org_id, std::string_view email, std::string_view name,
                                          std::string_view password_hash, bool is_admin,
                                          const std::vector<std::string>& team_ids, TimeMs now) override {
    const std::string id = new_id();
    {
      auto tx = db_.tx();
      if (tx->query("INSERT INTO staff (id, org_id, email, name, password_hash, is_admin, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
                    {id, org_id, email, name, password_hash, is_admin, now})
              .changed() != 1)
        return std::nullopt;
      for (const auto& t : team_ids) tx->query("INSERT INTO staff_teams (staff_id, team_id) VALUES (?, ?)", {id, t});
      tx->commit();
    }
    return staff_by_id(id);
  }

  void set_identifiers(std::string_view org_id, const std::vector<IdentifierField>& identifiers) override {
    db_.write("UPDATE organisations SET identifiers_json = ? WHERE id = ?", {json(identifiers).dump(), org_id});
  }

  std::vector<ReplyRecord> replies_of_teams(const std::vector<std::string>& team_ids) override {
    if (team_ids.empty()) return {};
    auto s = db_.read();
    return s
        ->query("SELECT r.id, r.team_id, t.slug, r.title, r.body, r.position, r.org_id FROM team_replies r "
                "JOIN teams t ON t.id = r.team_id WHERE " +
                    db_.dialect().in_list("r.team_id") + " ORDER BY t.slug, r.position",
                {team_ids})
        .all([&](const Rows& r) {
          const std::string id = r.text(0), org = r.text(6);
          return ReplyRecord{id, r.text(1), r.text(2), fields_.open(*s, org, reply_at("title", id), r.text(3)),
                             fields_.open(*s, org, reply_at("body", id), r.text(4)), r.i64(5)};
        });
  }

  void set_replies(std::string_view org_id, std::string_view team_id,
                   const std::vector<std::pair<std::string, std::string>>& replies, TimeMs now) override {
    auto tx = db_.tx();
    tx->query("DELETE FROM team_replies WHERE team_id = ?", {team_id});
    const auto k = fields_.key_for(*tx, org_id);
    std::int64_t position = 0;
    for (const auto& [title, body] : replies) {
      const std::string id = new_id();
      tx->query("INSERT INTO team_replies (id, org_id, team_id, position, title, body, created_at, key_gen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {id, org_id, team_id, ++position, fields_.seal(k, reply_at("title", id), title),
                 fields_.seal(k, reply_at("body", id), body), now, static_cast<std::int64_t>(k.id)});
    }
    tx->commit();
  }

  void set_staff_password(std::string_view staff_id, std::string_view password_hash) override {
    db_.write("UPDATE staff SET password_hash = ? WHERE id = ?", {password_hash, staff_id});
  }

  GuestRecord upsert_guest(std::string_view org_id, std::string_view phone, std::string_view first_name,
                           std::string_view last_name, TimeMs now) override {
    auto tx = db_.tx();
    auto g = upsert_guest_row(*tx, fields_, org_id, phone, first_name, last_name, now);
    tx->commit();
    return g;
  }

 private:
  std::optional<StaffRecord> read_staff(const char* column, std::string_view value) {
    auto s = db_.read();
    auto staff = s->query(std::string("SELECT id, org_id, email, name, password_hash, is_admin FROM staff WHERE ") +
                              column + " = ?",
                          {value})
                     .one([](const Rows& r) {
                       return StaffRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.boolean(5), {}, {}};
                     });
    if (!staff) return std::nullopt;
    auto t = s->query("SELECT t.id, t.slug FROM staff_teams st JOIN teams t ON t.id = st.team_id "
                      "WHERE st.staff_id = ? ORDER BY t.slug",
                      {staff->id});
    while (t.next()) {
      staff->team_ids.push_back(t.text(0));
      staff->team_slugs.push_back(t.text(1));
    }
    return staff;
  }
  Database& db_;
  Fields& fields_;
};

}  // namespace

std::unique_ptr<DirectoryStore> directory_store(Database& db, Fields& fields) {
  return std::make_unique<SqlDirectoryStore>(db, fields);
}

GuestRecord upsert_guest_row(Session& s, Fields& f, std::string_view org_id, std::string_view phone,
                             std::string_view first_name, std::string_view last_name, TimeMs now) {
  const std::string phone_index = f.index(org_id, IndexKind::phone, phone);
  const auto k = f.key_for(s, org_id);
  // Values are bound to the guest's id, so the row is made first (or found:
  // another relay may make it at the same moment) and then named.
  const std::string id = new_id();
  if (s.query("INSERT INTO guests (id, org_id, phone_index, phone, first_name, last_name, created_at, key_gen) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, phone_index) DO NOTHING",
              {id, org_id, phone_index, f.seal(k, guest_at("phone", id), phone),
               f.seal(k, guest_at("first_name", id), first_name), f.seal(k, guest_at("last_name", id), last_name),
               now, static_cast<std::int64_t>(k.id)})
          .changed() == 1)
    return GuestRecord{id, std::string(org_id), std::string(phone), std::string(first_name), std::string(last_name),
                       now};
  const auto existing = s.query(std::string(kGuestCols) + " FROM guests WHERE org_id = ? AND phone_index = ?" +
                                    s.dialect().lock_rows("", false),
                                {org_id, phone_index})
                            .one(guest_reader(s, f));
  // key_gen stays: the number may be under an older key than the names.
  s.query("UPDATE guests SET first_name = ?, last_name = ? WHERE id = ?",
          {f.seal(k, guest_at("first_name", existing->id), first_name),
           f.seal(k, guest_at("last_name", existing->id), last_name), existing->id});
  GuestRecord g = *existing;
  g.first_name = first_name;
  g.last_name = last_name;
  return g;
}

}  // namespace foxo::relay::store::sql
