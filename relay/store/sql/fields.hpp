// Personal and clinical text at rest (issue 18): what the stores seal before
// they write and open after they read, and the keyed hashes (blind indexes)
// by which sealed values are still found.
//
// Keys. One secret is given to the relay (the key file, FOXO_ATTACHMENT_KEY
// or a systemd credential: app/relay_app.cpp). From it each organisation gets
// its own key (HKDF, never stored), which wraps that organisation's data keys
// (random, stored wrapped in `data_keys`, one per organisation and key
// generation). Values are sealed under the data key of the current
// generation (`meta.key_generation`); `foxo-relay keys rotate` starts a new
// generation, and store/sql/reseal.cpp re-seals older rows while the relay
// serves. Each row records the oldest generation among its values (`key_gen`,
// 0 for rows written before sealing existed), so what is left to do is a count.
//
// Binding. A value is sealed with its place ("cases.subject:<case id>"), so a
// value copied to another row or column does not open there. A value that
// does not open is shown as kUnreadable and logged, never as its ciphertext.
//
// The deployment's own rows (the send log of sign-in codes, the dev SMS log)
// use the organisation id "" (kDeployment).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/field_cipher.hpp"
#include "store/sql/session.hpp"

namespace foxo::relay::store::sql {

inline constexpr std::string_view kDeployment = "";
inline constexpr std::string_view kUnreadable = "[unreadable: this text does not decrypt with the relay's key]";

// The relay cannot use the keys it has (no key, or not the one the data keys were wrapped with).
struct KeyError : DbError {
  using DbError::DbError;
};

// What a blind index is over; each kind hashes apart from the others.
enum class IndexKind { phone, name, identifier, word };

class Fields {
 public:
  using Random = std::function<std::vector<std::uint8_t>(std::size_t)>;
  // Without `master`, every use of a key throws KeyError.
  Fields(Database& db, const std::optional<aead::Key>& master, Random random);

  // Reads the current generation and every data key, and checks that each
  // opens with this relay's secret; throws KeyError otherwise. Then makes
  // sure every organisation (and the deployment) has a key of the current
  // generation. At start, and again whenever another process may have rotated.
  void load();
  // Loads again when another process started a new generation; true then.
  bool refresh();
  // Makes sure `org` has a data key of the current generation (its own transaction).
  void ensure(std::string_view org);
  // Starts a new generation (`keys rotate`): every organisation gets its new
  // data key in the same transaction. Returns the new generation.
  std::int64_t rotate();

  std::int64_t generation() const { return generation_.load(); }
  // How many data keys this relay holds (for /metrics and `keys status`).
  std::size_t key_count() const;

  // The key new values of `org` are sealed with: the current generation's, or
  // the newest `org` has (read through `s` when another relay made it).
  fields::DataKey key_for(Session& s, std::string_view org);
  std::string seal(const fields::DataKey& k, std::string_view binding, std::string_view plain);
  // The plaintext; kUnreadable (and a log line) when it does not open.
  std::string open(Session& s, std::string_view org, std::string_view binding, std::string_view sealed);
  // The plaintext, or nullopt (nothing logged).
  std::optional<std::string> try_open(Session& s, std::string_view org, std::string_view binding,
                                      std::string_view sealed);
  std::optional<std::string> open_opt(Session& s, std::string_view org, std::string_view binding,
                                      const std::optional<std::string>& sealed);

  // The blind index of a value already normalised for its kind (an E.164
  // number, a folded word: see index_terms): 32 hex digits of an HMAC under
  // the organisation's index key, which the relay derives and never stores.
  std::string index(std::string_view org, IndexKind kind, std::string_view normalised) const;

 private:
  aead::Key org_key(std::string_view org) const;
  std::optional<fields::DataKey> cached(std::string_view org, std::int64_t gen) const;
  std::optional<fields::DataKey> newest_cached(std::string_view org) const;
  fields::DataKey unwrap_row(std::string_view org, std::int64_t gen, std::string_view wrapped) const;
  void create_key(Session& s, std::string_view org, std::int64_t gen);
  std::optional<std::string> open_uncached(Session& s, std::string_view org, std::string_view binding,
                                           std::string_view sealed);

  Database& db_;
  const std::optional<aead::Key> master_;
  Random random_;
  std::atomic<std::int64_t> generation_{1};
  mutable std::shared_mutex mu_;
  std::map<std::pair<std::string, std::int64_t>, fields::DataKey, std::less<>> keys_;
  mutable std::map<std::string, aead::Key, std::less<>> index_keys_;  // derived once per organisation
  // Case values opened recently (a case is read several times per write), at most
  // kOpenedBytesMax of them, each at most kOpenedValueMax: emptied when full.
  static constexpr std::size_t kOpenedBytesMax = 8 << 20;
  static constexpr std::size_t kOpenedValueMax = 2048;
  std::mutex opened_m_;
  std::unordered_map<std::string, std::string> opened_;
  std::size_t opened_bytes_ = 0;
};

// The search terms of a case, as (kind, normalised value) pairs: the guest's
// phone (E.164), each first and last name whole and by its words, each
// identifier value (trimmed, folded), and the subject's words.
struct CaseTermInput {
  std::string phone, first_name, last_name, subject;
  std::map<std::string, std::string> identifiers;
};
std::vector<std::pair<IndexKind, std::string>> case_terms(const CaseTermInput& c);
// What one word typed into a search box may be: a phone (when it reads as one),
// a name, an identifier value or a subject word. A case matches a query when
// each of its words matches one of these.
std::vector<std::pair<IndexKind, std::string>> query_terms(std::string_view word);
// What a search box's text asks for. `words`: its words split at spaces,
// each with its query_terms; a case matches when it holds a term of every
// word (at most kMaxSearchWords count). Digits and phone punctuation typed
// with spaces in between ("0412 345 678", "(04) 1234 5678") are one word
// when together they read as a phone number. `whole`: with several words,
// the terms of the text as one word, which a case may match instead (an
// identifier value typed with spaces, "Harbour GP").
inline constexpr std::size_t kMaxSearchWords = 4;
struct SearchTerms {
  std::vector<std::vector<std::pair<IndexKind, std::string>>> words;
  std::vector<std::pair<IndexKind, std::string>> whole;
};
SearchTerms search_terms(std::string_view text);

}  // namespace foxo::relay::store::sql
