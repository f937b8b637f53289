#include "store/sql/fields.hpp"

#include <algorithm>
#include <mutex>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/text_fold.hpp"
#include "foxo/validation.hpp"

namespace foxo::relay::store::sql {
namespace {

std::string nonce(const Fields::Random& random) {
  const auto b = random(aead::kNonceBytes);
  return std::string(b.begin(), b.end());
}

std::string org_label(std::string_view org) { return "foxo org key v1:" + std::string(org); }
std::string index_label(std::string_view org) { return "foxo blind index v1:" + std::string(org); }

const char* kind_name(IndexKind k) {
  switch (k) {
    case IndexKind::phone: return "phone";
    case IndexKind::name: return "name";
    case IndexKind::identifier: return "identifier";
    case IndexKind::word: return "word";
  }
  return "";
}

}  // namespace

Fields::Fields(Database& db, const std::optional<aead::Key>& master, Random random)
    : db_(db), master_(master), random_(std::move(random)) {}

aead::Key Fields::org_key(std::string_view org) const {
  if (!master_) throw KeyError("this command was given no key, and needs the relay's key");
  return aead::derive(*master_, org_label(org));
}

fields::DataKey Fields::unwrap_row(std::string_view org, std::int64_t gen, std::string_view wrapped) const {
  auto k = fields::unwrap(org_key(org), org, static_cast<std::uint32_t>(gen), wrapped);
  if (!k)
    throw KeyError("data key " + std::to_string(gen) + " of organisation '" + std::string(org) +
                   "' does not open with this relay's key: start the relay with the key the database was written "
                   "with (the key file, FOXO_ATTACHMENT_KEY or the systemd credential), see docs/OPERATIONS.md");
  return *k;
}

void Fields::load() {
  std::map<std::pair<std::string, std::int64_t>, fields::DataKey, std::less<>> loaded;
  std::int64_t gen = 1;
  std::vector<std::string> orgs{std::string(kDeployment)};
  {
    auto s = db_.session();
    gen = s->query("SELECT value FROM meta WHERE key = 'key_generation'")
              .one([](const Rows& r) { return static_cast<std::int64_t>(std::stoll(r.text(0))); })
              .value_or(1);
    auto rows = s->query("SELECT org_id, generation, wrapped FROM data_keys");
    while (rows.next()) {
      const std::string org = rows.text(0);
      const auto g = rows.i64(1);
      loaded[{org, g}] = unwrap_row(org, g, rows.text(2));
    }
    auto o = s->query("SELECT id FROM organisations");
    while (o.next()) orgs.push_back(o.text(0));
  }
  {
    std::unique_lock lock(mu_);
    keys_ = std::move(loaded);
  }
  generation_.store(gen);
  for (const auto& org : orgs)
    if (!cached(org, gen)) ensure(org);
}

bool Fields::refresh() {
  const auto gen = db_.read()
                       ->query("SELECT value FROM meta WHERE key = 'key_generation'")
                       .one([](const Rows& r) { return static_cast<std::int64_t>(std::stoll(r.text(0))); })
                       .value_or(1);
  if (gen == generation_.load()) return false;
  load();
  return true;
}

std::size_t Fields::key_count() const {
  std::shared_lock lock(mu_);
  return keys_.size();
}

void Fields::create_key(Session& s, std::string_view org, std::int64_t gen) {
  fields::DataKey k;
  k.id = static_cast<std::uint32_t>(gen);
  const auto raw = random_(aead::kKeyBytes);
  std::copy(raw.begin(), raw.end(), k.key.begin());
  s.query("INSERT INTO data_keys (org_id, generation, wrapped, created_at) VALUES (?, ?, ?, 0) "
          "ON CONFLICT (org_id, generation) DO NOTHING",
          {org, gen, fields::wrap(org_key(org), org, k, nonce(random_))});
}

void Fields::ensure(std::string_view org) {
  const auto gen = generation_.load();
  if (cached(org, gen)) return;
  auto tx = db_.tx();
  create_key(*tx, org, gen);
  // Another relay may have made it first: the stored one is the key.
  const auto wrapped = tx->query("SELECT wrapped FROM data_keys WHERE org_id = ? AND generation = ?", {org, gen})
                           .one([](const Rows& r) { return r.text(0); });
  tx->commit();
  const auto k = unwrap_row(org, gen, *wrapped);
  std::unique_lock lock(mu_);
  keys_[{std::string(org), gen}] = k;
}

std::int64_t Fields::rotate() {
  std::int64_t next = 0;
  {
    auto tx = db_.tx();
    const auto current = tx->query("SELECT value FROM meta WHERE key = 'key_generation'")
                             .one([](const Rows& r) { return static_cast<std::int64_t>(std::stoll(r.text(0))); })
                             .value_or(1);
    next = std::max<std::int64_t>(current, generation_.load()) + 1;
    tx->query("UPDATE meta SET value = ? WHERE key = 'key_generation'", {std::to_string(next)});
    std::vector<std::string> orgs{std::string(kDeployment)};
    {
      auto o = tx->query("SELECT id FROM organisations");
      while (o.next()) orgs.push_back(o.text(0));
    }
    for (const auto& org : orgs) create_key(*tx, org, next);
    tx->commit();
  }
  load();
  return next;
}

std::optional<fields::DataKey> Fields::cached(std::string_view org, std::int64_t gen) const {
  std::shared_lock lock(mu_);
  const auto it = keys_.find(std::pair<std::string, std::int64_t>(org, gen));
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::optional<fields::DataKey> Fields::newest_cached(std::string_view org) const {
  std::shared_lock lock(mu_);
  std::optional<fields::DataKey> best;
  for (const auto& [k, v] : keys_)
    if (k.first == org && (!best || v.id > best->id)) best = v;
  return best;
}

fields::DataKey Fields::key_for(Session& s, std::string_view org) {
  if (auto k = cached(org, generation_.load())) return *k;
  // Made by another relay (or this one's generation is not refreshed yet).
  auto row = s.query("SELECT generation, wrapped FROM data_keys WHERE org_id = ? ORDER BY generation DESC LIMIT 1",
                     {org})
                 .one([](const Rows& r) { return std::pair<std::int64_t, std::string>(r.i64(0), r.text(1)); });
  if (!row) {
    if (auto k = newest_cached(org)) return *k;
    throw KeyError("organisation '" + std::string(org) + "' has no data key");
  }
  const auto k = unwrap_row(org, row->first, row->second);
  std::unique_lock lock(mu_);
  keys_[{std::string(org), row->first}] = k;
  return k;
}

std::string Fields::seal(const fields::DataKey& k, std::string_view binding, std::string_view plain) {
  return fields::seal(k, binding, plain, nonce(random_));
}

std::string Fields::open(Session& s, std::string_view org, std::string_view binding, std::string_view sealed) {
  if (auto plain = try_open(s, org, binding, sealed)) return std::move(*plain);
  // Never the stored text: it is either ciphertext or something written around the relay.
  const auto id = fields::key_id(sealed);
  log::error("fields.unreadable", {{"binding", std::string(binding.substr(0, binding.find(':')))},
                                   {"key", id ? static_cast<std::int64_t>(*id) : -1}});
  return std::string(kUnreadable);
}

std::optional<std::string> Fields::try_open(Session& s, std::string_view org, std::string_view binding,
                                            std::string_view sealed) {
  // A case is read several times per write: its values opened recently are
  // kept (in memory only), under their organisation, place and ciphertext.
  // Messages are read once a page, and pass.
  if (!binding.starts_with("cases.")) return open_uncached(s, org, binding, sealed);
  std::string cache_key;
  cache_key.reserve(org.size() + binding.size() + sealed.size() + 2);
  cache_key.append(org).append(1, '\x1f').append(binding).append(1, '\x1f').append(sealed);
  {
    std::lock_guard lock(opened_m_);
    if (const auto it = opened_.find(cache_key); it != opened_.end()) return it->second;
  }
  auto plain = open_uncached(s, org, binding, sealed);
  if (plain && plain->size() <= kOpenedValueMax) {
    std::lock_guard lock(opened_m_);
    if (opened_bytes_ > kOpenedBytesMax) {
      opened_.clear();
      opened_bytes_ = 0;
    }
    opened_bytes_ += cache_key.size() + plain->size();
    opened_.emplace(std::move(cache_key), *plain);
  }
  return plain;
}

std::optional<std::string> Fields::open_uncached(Session& s, std::string_view org, std::string_view binding,
                                                 std::string_view sealed) {
  const auto id = fields::key_id(sealed);
  std::optional<fields::DataKey> k;
  if (id) {
    k = cached(org, *id);
    if (!k) {
      const auto wrapped = s.query("SELECT wrapped FROM data_keys WHERE org_id = ? AND generation = ?",
                                   {org, static_cast<std::int64_t>(*id)})
                               .one([](const Rows& r) { return r.text(0); });
      if (wrapped) {
        k = fields::unwrap(org_key(org), org, *id, *wrapped);
        if (k) {
          std::unique_lock lock(mu_);
          keys_[{std::string(org), static_cast<std::int64_t>(*id)}] = *k;
        }
      }
    }
  }
  if (!k) return std::nullopt;
  return fields::open(*k, binding, sealed);
}

std::optional<std::string> Fields::open_opt(Session& s, std::string_view org, std::string_view binding,
                                            const std::optional<std::string>& sealed) {
  if (!sealed) return std::nullopt;
  return open(s, org, binding, *sealed);
}

std::string Fields::index(std::string_view org, IndexKind kind, std::string_view normalised) const {
  if (!master_) throw KeyError("this command was given no key, and needs the relay's key");
  aead::Key key{};
  {
    std::shared_lock lock(mu_);
    if (const auto it = index_keys_.find(org); it != index_keys_.end()) key = it->second;
  }
  if (key == aead::Key{}) {
    key = aead::derive(*master_, index_label(org));  // a KDF per call would cost more than the HMAC
    std::unique_lock lock(mu_);
    index_keys_.emplace(std::string(org), key);
  }
  const std::string_view k(reinterpret_cast<const char*>(key.data()), key.size());
  return hmac_sha256_hex(k, std::string(kind_name(kind)) + ":" + std::string(normalised)).substr(0, 32);
}

std::vector<std::pair<IndexKind, std::string>> case_terms(const CaseTermInput& c) {
  std::vector<std::pair<IndexKind, std::string>> out;
  const auto add = [&](IndexKind k, std::string v) {
    if (v.empty()) return;
    std::pair<IndexKind, std::string> t{k, std::move(v)};
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  };
  if (const auto p = normalise_phone(c.phone); p.ok()) add(IndexKind::phone, p.e164);
  for (const auto* name : {&c.first_name, &c.last_name}) {
    add(IndexKind::name, text_fold::whole(*name));
    for (auto& w : text_fold::words(*name)) add(IndexKind::name, std::move(w));
  }
  for (const auto& [key, value] : c.identifiers) add(IndexKind::identifier, text_fold::whole(value));
  for (auto& w : text_fold::words(c.subject)) add(IndexKind::word, std::move(w));
  return out;
}

std::vector<std::pair<IndexKind, std::string>> query_terms(std::string_view word) {
  std::vector<std::pair<IndexKind, std::string>> out;
  if (const auto p = normalise_phone(word); p.ok()) out.emplace_back(IndexKind::phone, p.e164);
  const auto whole = text_fold::whole(word);
  if (!whole.empty()) {
    out.emplace_back(IndexKind::name, whole);
    out.emplace_back(IndexKind::identifier, whole);
    out.emplace_back(IndexKind::word, whole);
  }
  return out;
}

SearchTerms search_terms(std::string_view text) {
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < text.size();) {
    const auto start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string_view::npos) break;
    const auto end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    tokens.emplace_back(text.substr(start, end - start));
    i = end;
  }
  const auto phone_like = [](const std::string& t) { return t.find_first_not_of("+()-.0123456789") == std::string::npos; };
  SearchTerms out;
  for (std::size_t i = 0; i < tokens.size();) {
    // The longest run of phone-like tokens from i that reads as one number.
    std::size_t next = i + 1;
    std::string word = tokens[i];
    if (phone_like(tokens[i])) {
      std::string run = tokens[i];
      for (std::size_t j = i + 1; j < tokens.size() && phone_like(tokens[j]); ++j) {
        run += " " + tokens[j];
        if (normalise_phone(run).ok()) {
          word = run;
          next = j + 1;
        }
      }
    }
    auto terms = query_terms(word);
    if (!terms.empty()) out.words.push_back(std::move(terms));
    i = next;
  }
  if (out.words.size() > kMaxSearchWords) out.words.resize(kMaxSearchWords);
  if (tokens.size() > 1) out.whole = query_terms(text);
  return out;
}

}  // namespace foxo::relay::store::sql
