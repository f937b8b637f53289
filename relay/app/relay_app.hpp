// The relay's entry points after flag parsing: run_relay wires the relay
// together in named steps (data dir lock, stores, SMS gateway, services, HTTP
// server; relay_app.cpp) and owns every object; the admin, audit and backup
// commands work on a store without a running relay (admin_cli.cpp). main()
// only parses flags and calls one of them.
#pragma once
#include <memory>

#include "app/config.hpp"

namespace foxo::relay::app {

// Runs the relay until SIGINT/SIGTERM; returns the process exit code.
int run_relay(const Config& config);

// The commands below take `env_store`, FOXO_STORE (app::default_store()),
// as the store to open when they are given no --store.

// `foxo-relay admin ...`: returns the process exit code.
int run_admin(const std::vector<std::string>& args, const std::string& env_store);
// `foxo-relay audit verify --data DIR`: 0 when the hash chain is intact.
int run_audit(const std::vector<std::string>& args, const std::string& env_store);
// `foxo-relay backup --data DIR --to FILE`: a consistent copy while running.
int run_backup(const std::vector<std::string>& args, const std::string& env_store);
// `foxo-relay keys status|rotate`: the sealed text's key generation (store/sql/fields.hpp).
int run_keys(const std::vector<std::string>& args, const std::string& env_store);

}  // namespace foxo::relay::app
