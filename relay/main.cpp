// foxo-relay: parses flags (and the environment, through app/config) and
// hands over to the wiring in app/.
#include <cstdio>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/relay_app.hpp"

namespace app = foxo::relay::app;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "admin") return app::run_admin({args.begin() + 1, args.end()}, app::default_store());
  if (!args.empty() && args[0] == "audit") return app::run_audit({args.begin() + 1, args.end()}, app::default_store());
  if (!args.empty() && args[0] == "keys") return app::run_keys({args.begin() + 1, args.end()}, app::default_store());
  if (!args.empty() && args[0] == "backup") return app::run_backup({args.begin() + 1, args.end()}, app::default_store());
  const auto parsed = app::parse_args(args);  // flags and the process environment
  if (parsed.help) {
    std::fputs(app::usage().c_str(), stdout);
    return 0;
  }
  if (!parsed.config) {
    std::fprintf(stderr, "foxo-relay: %s\n\n%s", parsed.error.c_str(), app::usage().c_str());
    return 2;
  }
  return app::run_relay(*parsed.config);
}
