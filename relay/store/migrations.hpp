// The schema steps of each backend, in order, from one text
// (store/migrations.cpp): the stores run the same statements on both, so the
// tables are the same, in each backend's types (tests/integration/
// schema_parity_test.cpp checks it). Append new steps; never edit a released one.
#pragma once
#include <string>
#include <vector>

namespace foxo::relay::store {

const std::vector<std::string>& sqlite_migrations();
const std::vector<std::string>& pg_migrations();

}  // namespace foxo::relay::store
