#include "store/sql/reseal.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "foxo/validation.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

// Every table with sealed columns: its key (`id`, or a case's message
// `case_id, seq`), the expression of its organisation, and its sealed columns.
struct Table {
  const char* name;
  bool message_key;  // (case_id, seq) instead of id
  const char* org;
  std::vector<const char*> columns;
  const char* binding = nullptr;  // every column's place, when not "<table>.<column>"
  const char* holds = "1 = 1";    // the rows that hold sealed values at all
};
const std::vector<Table>& tables() {
  static const std::vector<Table> t{
      {"guests", false, "t.org_id", {"phone", "first_name", "last_name"}},
      {"otp_challenges", false, "t.org_id", {"phone", "first_name", "last_name"}},
      {"cases", false, "t.org_id", {"subject", "guest_first_name", "guest_last_name", "guest_phone", "identifiers_json"}},
      {"messages", true, "(SELECT c.org_id FROM cases c WHERE c.id = t.case_id)", {"author_name", "body"}},
      {"attachments", false, "(SELECT c.org_id FROM cases c WHERE c.id = t.case_id)", {"name", "sha256"}},
      {"sms_outbox", false, "t.org_id", {"phone", "body", "error"}},
      {"team_replies", false, "t.org_id", {"title", "body"}},  // issue 22: canned replies
      // Most members have no second factor: their rows hold nothing to seal.
      {"staff", false, "t.org_id", {"mfa_secret", "mfa_pending_secret"}, "staff.mfa",
       "(t.mfa_secret IS NOT NULL OR t.mfa_pending_secret IS NOT NULL)"},
  };
  return t;
}

std::string place(const Table& t, std::size_t column) {
  return t.binding ? std::string(t.binding) : std::string(t.name) + "." + t.columns[column];
}

struct Row {
  std::string id;        // the binding's row part: id, or case_id/seq
  std::string case_id;   // messages
  std::int64_t seq = 0;  // messages
  std::string org;
  std::int64_t gen = 0;
  std::vector<std::optional<std::string>> values;
  std::string phone_index;  // guests in clear: the number itself
};

Rows run(Session& s, const std::string& sql, const std::vector<Value>& params) {
  return s.query(sql, std::span<const Value>(params.data(), params.size()));
}

}  // namespace

std::size_t Resealer::step(std::size_t limit, std::int64_t below) {
  if (below <= 0) below = fields_.generation();
  std::size_t done = 0;
  for (std::size_t finished = 0; done < limit && finished < tables().size();) {
    bool table_done = false;
    done += step_table(table_, limit - done, below, table_done);
    if (table_done) {
      table_ = (table_ + 1) % tables().size();
      cursor_.clear();
      cursor_seq_ = -1;
      ++finished;
    }
  }
  return done;
}

std::size_t Resealer::seal_clear() {
  // Once per store: after the upgrade nothing is ever written in clear again.
  if (db_.read()->query("SELECT 1 FROM meta WHERE key = 'clear_rows' AND value = 'to seal'").next() == false) return 0;
  std::size_t total = 0;
  table_ = 0;
  cursor_.clear();
  cursor_seq_ = -1;
  while (const auto n = step(500, 1)) total += n;
  // The sign-in send log counted numbers in clear: their blind indexes now.
  std::vector<std::pair<std::int64_t, std::string>> sends;
  {
    auto s = db_.session();
    sends = s->query("SELECT id, phone FROM otp_sends WHERE phone LIKE '+%'").all([](const Rows& r) {
      return std::pair<std::int64_t, std::string>(r.i64(0), r.text(1));
    });
  }
  if (!sends.empty()) {
    auto tx = db_.tx();
    for (const auto& [id, phone] : sends)
      tx->query("UPDATE otp_sends SET phone = ? WHERE id = ?", {fields_.index(kDeployment, IndexKind::phone, phone), id});
    tx->commit();
    total += sends.size();
  }
  db_.write("UPDATE meta SET value = 'sealed' WHERE key = 'clear_rows'", {});
  if (total > 0) db_.forget_overwritten();
  return total;
}

std::size_t Resealer::step_table(std::size_t index, std::size_t limit, std::int64_t below, bool& table_done) {
  const Table& t = tables()[index];
  const bool guests = std::string_view(t.name) == "guests";
  std::string cols;
  for (const auto* c : t.columns) cols += std::string(", t.") + c;
  if (guests) cols += ", t.phone_index";
  const std::string key = t.message_key ? "t.case_id, t.seq" : "t.id";
  const std::string after = t.message_key ? "(t.case_id, t.seq) > (?, ?)" : "t.id > ?";
  const std::string select = "SELECT " + key + ", " + t.org + ", t.key_gen" + cols + " FROM " + t.name +
                             " t WHERE t.key_gen < ? AND " + t.holds + " AND " + after + " ORDER BY " + key +
                             " LIMIT ?";
  const std::size_t first_value = t.message_key ? 4 : 3;

  auto tx = db_.tx();
  std::vector<Row> rows;
  {
    std::vector<Value> params{Value(below), Value(cursor_)};
    if (t.message_key) params.emplace_back(cursor_seq_);
    params.emplace_back(limit);
    auto r = run(*tx, select, params);
    while (r.next()) {
      Row row;
      if (t.message_key) {
        row.case_id = r.text(0);
        row.seq = r.i64(1);
        row.id = row.case_id + "/" + std::to_string(row.seq);
      } else {
        row.id = r.text(0);
      }
      const int base = t.message_key ? 2 : 1;
      row.org = r.text(base);
      row.gen = r.i64(base + 1);
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        row.values.push_back(r.opt_text(static_cast<int>(first_value + i)));
      if (guests) row.phone_index = r.text(static_cast<int>(first_value + t.columns.size()));
      rows.push_back(std::move(row));
    }
  }
  table_done = rows.size() < limit;
  std::size_t done = 0;
  for (auto& row : rows) {
    if (t.message_key) {
      cursor_ = row.case_id;
      cursor_seq_ = row.seq;
    } else {
      cursor_ = row.id;
    }
    // Each value in clear: as stored when key_gen is 0, opened otherwise.
    bool readable = true;
    for (std::size_t i = 0; i < t.columns.size() && readable; ++i) {
      auto& v = row.values[i];
      if (!v) continue;
      if (row.gen == 0) {
        if (guests && std::string_view(t.columns[i]) == "phone") v = row.phone_index;  // the number was there
        continue;
      }
      v = fields_.try_open(*tx, row.org, place(t, i) + ":" + row.id, *v);
      readable = v.has_value();
    }
    if (!readable) {
      log::error("fields.reseal_unreadable", {{"table", t.name}, {"key", row.gen}});
      continue;
    }
    const auto k = fields_.key_for(*tx, row.org);
    std::vector<std::string> sealed;
    sealed.reserve(t.columns.size() + 1);
    std::vector<Value> params;
    std::string sql = std::string("UPDATE ") + t.name + " SET key_gen = ?";
    params.emplace_back(static_cast<std::int64_t>(k.id));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      sql += std::string(", ") + t.columns[i] + " = ?";
      if (row.values[i])
        params.emplace_back(sealed.emplace_back(
            fields_.seal(k, place(t, i) + ":" + row.id, *row.values[i])));
      else
        params.emplace_back(nullptr);
    }
    if (guests && row.gen == 0) {
      const auto phone = normalise_phone(row.phone_index);
      sql += ", phone_index = ?";
      params.emplace_back(sealed.emplace_back(
          fields_.index(row.org, IndexKind::phone, phone.ok() ? phone.e164 : row.phone_index)));
    }
    sql += t.message_key ? " WHERE case_id = ? AND seq = ? AND key_gen = ?" : " WHERE id = ? AND key_gen = ?";
    if (t.message_key) {
      params.emplace_back(row.case_id);
      params.emplace_back(row.seq);
    } else {
      params.emplace_back(row.id);
    }
    params.emplace_back(row.gen);
    if (run(*tx, sql, params).changed() != 1) continue;  // changed meanwhile: the next pass sees it
    if (std::string_view(t.name) == "cases" && row.gen == 0) {
      // Written before search terms existed: its terms from the values in clear.
      const auto identifiers = nlohmann::json::parse(row.values[4].value_or("{}"), nullptr, false);
      CaseTermInput in{row.values[3].value_or(""), row.values[1].value_or(""), row.values[2].value_or(""),
                       row.values[0].value_or(""), {}};
      if (identifiers.is_object())
        for (auto it = identifiers.begin(); it != identifiers.end(); ++it)
          if (it.value().is_string()) in.identifiers[it.key()] = it.value().get<std::string>();
      insert_case_terms(*tx, fields_, row.org, row.id, in);
    }
    ++done;
  }
  tx->commit();
  return done;
}

std::map<std::string, std::int64_t> Resealer::remaining() {
  std::map<std::string, std::int64_t> out;
  auto s = db_.read();
  for (const auto& t : tables())
    out[t.name] = s->query(std::string("SELECT COUNT(*) FROM ") + t.name + " t WHERE t.key_gen < ? AND " + t.holds,
                           {fields_.generation()})
                      .one([](const Rows& r) { return r.i64(0); })
                      .value_or(0);
  return out;
}

}  // namespace foxo::relay::store::sql
