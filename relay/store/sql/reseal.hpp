// Bringing rows to the current key generation (store/sql/fields.hpp): at
// start, what a relay before sealing existed left in clear (key_gen 0) is
// sealed before anything is served; after `foxo-relay keys rotate`, rows under
// older generations are re-sealed in the background, a batch per scheduler
// run, while the relay serves. A row is rewritten only if no one changed its
// key_gen meanwhile; a value that does not open is left as it is, counted
// and logged (it stays among the remaining rows).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "store/sql/session.hpp"

namespace foxo::relay::store::sql {

class Fields;

class Resealer {
 public:
  Resealer(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  // Re-seals at most `limit` rows whose key_gen is below `below` (the
  // current generation when 0). Returns how many it rewrote; 0 once a
  // whole pass over every table found nothing more to do.
  std::size_t step(std::size_t limit, std::int64_t below = 0);
  // Everything in clear (key_gen 0), now, in batches: the upgrade at start,
  // once per store (meta.clear_rows). Returns how many rows it sealed.
  std::size_t seal_clear();
  // Rows below the current generation, per table (one count each: `keys status`, /metrics).
  std::map<std::string, std::int64_t> remaining();

 private:
  std::size_t step_table(std::size_t table, std::size_t limit, std::int64_t below, bool& table_done);
  Database& db_;
  Fields& fields_;
  std::size_t table_ = 0;                        // where the pass is
  std::string cursor_;            // the pass's place in its table: the last id (messages: case id) done
  std::int64_t cursor_seq_ = -1;  // messages: the seq of the last one done
};

}  // namespace foxo::relay::store::sql
