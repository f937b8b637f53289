// foxo-relay: parses flags and hands over to the wiring in app/.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/relay_app.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "admin") return foxo::relay::app::run_admin({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "audit") return foxo::relay::app::run_audit({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "backup") return foxo::relay::app::run_backup({args.begin() + 1, args.end()});
  const auto parsed = foxo::relay::app::parse_args(args, [](const char* n) { return std::getenv(n); });
  if (parsed.help) {
    std::fputs(foxo::relay::app::usage().c_str(), stdout);
    return 0;
  }
  if (!parsed.config) {
    std::fprintf(stderr, "foxo-relay: %s\n\n%s", parsed.error.c_str(), foxo::relay::app::usage().c_str());
    return 2;
  }
  return foxo::relay::app::run_relay(*parsed.config);
}
