// Structured logs: one JSON object per line on stderr. Never log codes, tokens,
// passwords or full phone numbers (mask with foxo::mask_phone).
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

namespace foxo::relay::log {

void info(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void error(std::string_view event, nlohmann::json fields = nlohmann::json::object());
// Set once at start: suppresses info lines (tests keep their output short).
void set_quiet(bool quiet);

}  // namespace foxo::relay::log
