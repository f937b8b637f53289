// The schema steps of each backend, in order, from one text
// (store/migrations.cpp): the stores run the same statements on both, so the
// tables are the same, in each backend's types (tests/integration/
// schema_parity_test.cpp checks it). Append new steps; never edit a released one.
#pragma once
#include <string>
#include <vector>

#include "store/sql/session.hpp"

namespace foxo::relay::store {

// A backend's steps and the table that records which ones ran (each backend
// kept the name and shape its first release gave it).
struct Migrations {
  std::vector<std::string> steps;
  const char* create_table;  // the record, if it does not exist yet
  const char* current;       // the highest version applied
  const char* record;        // adds version ?
};
const Migrations& sqlite_migrations();
const Migrations& pg_migrations();

// Applies every step above the stored version, all in one transaction (DDL
// is transactional on both backends: every pending step commits, or none
// does). Returns the resulting version. Throws DbError for a database newer
// than this relay.
int migrate(sql::Database& db, const Migrations& m);

}  // namespace foxo::relay::store
