// JSON requests to the relay with emscripten_fetch. Answers are not handled
// in the callback: they are queued and the frame loop takes them at the start
// of the next frame, so the model only changes between frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace foxo::net {

enum class Call {
  health,
  guest_me,
  team,
  guest_otp,
  guest_verify,
  guest_resume,
  guest_cases,
  guest_create_case,
  staff_login,
  staff_me,
  staff_queue,
  staff_cases,        // GET /staff/cases?status=all
  staff_claim,        // tag: case id
  staff_request_close,  // tag: case id
  team_fields,        // staff: a case's team entry, for identifier labels; tag: team slug
  case_get,           // tag: case id
  case_message,       // tag: client_id
  case_seen,          // tag: case id
  case_close,         // tag: case id
};

struct Response {
  Call call;
  std::uint32_t id = 0;  // as returned by send()
  std::string tag;       // what the request was about (a case id, a client_id), as given to send()
  int status = 0;        // 0: network failure, no answer
  std::string body;
  std::string retry_after;  // Retry-After header of a 429, when present
};

// Starts a request; same-origin, so the session cookie goes along. `body`
// empty means no body. Returns an id to match the answer with.
std::uint32_t send(Call call, const char* method, const std::string& path, const std::string& body = {},
                   const std::string& tag = {});

// Answers that arrived since the last call, oldest first.
std::vector<Response> take_responses();

}  // namespace foxo::net
