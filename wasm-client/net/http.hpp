// JSON requests to the relay with emscripten_fetch. Answers are not handled
// in the callback: they are queued and the frame loop takes them at the start
// of the next frame, so the model only changes between frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/inputs.hpp"

namespace foxo::net {

// The request kinds and answers are the core's (app/inputs.hpp).
using client::Call;
using client::Response;

// Starts a request; same-origin, so the session cookie goes along. `body`
// empty means no body. Returns an id to match the answer with.
std::uint32_t send(Call call, const char* method, const std::string& path, const std::string& body = {},
                   const std::string& tag = {});

// Answers that arrived since the last call, oldest first.
std::vector<Response> take_responses();

}  // namespace foxo::net
