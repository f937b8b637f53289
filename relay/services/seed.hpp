// The demo data of docs/API.md, created by --dev on an empty store.
#pragma once
#include "core/clock.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

// Returns true when it seeded (the store was empty).
bool seed_demo_data(store::DirectoryStore& dir, const Clock& clock);

}  // namespace foxo::relay::services
