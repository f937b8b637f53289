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
// The id of the request this thread is answering ("" for none): every line
// written from this thread carries it as "request_id" until it is cleared.
void set_request_id(std::string_view id);

}  // namespace foxo::relay::log
