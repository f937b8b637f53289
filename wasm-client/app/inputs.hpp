// What the browser reports to the client core: the relay's answers
// (net/http.cpp), live events (net/events.cpp) and the page's file events
// (net/files.cpp). Plain data, declared here rather than in net/ so that the
// core (foxo_client_core) compiles and is tested natively, without the
// browser; net/ fills these in and queues them, the frame loop hands them to
// App, and App to update() (app/update.hpp).
#pragma once
#include <cstdint>
#include <string>

namespace foxo::client {

// Which request an answer belongs to; `tag` says what it was about.
enum class Call {
  health,
  guest_me,
  team,
  guest_otp,
  guest_verify,
  guest_resume,         // tag "resend": the code screen asked for a new code through the link
  guest_cases,
  guest_create_case,
  staff_login,
  staff_me,
  staff_queue,
  staff_cases,          // GET /staff/cases?status=all
  staff_claim,          // tag: case id
  staff_request_close,  // tag: case id
  team_fields,          // staff: a case's team entry, for identifier labels; tag: team slug
  case_get,             // tag: case id
  case_message,         // tag: client_id
  case_seen,            // tag: case id
  case_close,           // tag: case id
  staff_login_mfa,      // POST /staff/login/mfa: the code half of a two-factor sign-in
  staff_mfa_enrol,      // POST /staff/mfa/enrol
  staff_mfa_confirm,    // POST /staff/mfa/confirm
  guest_logout,
  staff_logout,
  // Issue 20.
  staff_colleagues,     // GET /staff/colleagues
  staff_assign,         // tag: case id
  staff_release,        // tag: case id
  staff_transfer,       // tag: case id
  staff_cases_more,     // GET /staff/cases ... &before=: the lists' next page
  staff_search,         // GET /staff/cases?q=: tag "first" or "more"
  staff_keepalive,      // GET /staff/me only to refresh the relay's idle timer: nothing else follows its answer
};

struct Response {
  Call call = Call::health;
  std::uint32_t id = 0;  // as returned by net::send()
  std::string tag;       // what the request was about (a case id, a client_id), as given to net::send()
  int status = 0;        // 0: network failure, no answer
  std::string body;
  std::string retry_after;  // Retry-After header of a 429, when present
};

struct LiveEvent {
  enum class Kind {
    open,     // the stream is (again) connected: anything on screen may be stale
    down,     // the stream dropped; the browser or the bridge is reconnecting
    message,  // data: {"case_id", "message"}
    case_,    // data: a case summary
    // data: {"reason": "signed_out" | "expired" | "revoked"}; the relay ended
    // the stream because the session is over, and the bridge does not reconnect.
    session_end,
  };
  Kind kind = Kind::open;
  std::string id;    // SSE id (message and case)
  std::string data;  // JSON text (message and case)
};

struct FileEvent {
  enum class Kind {
    file,      // a file was picked or dropped: number, name, size
    progress,  // number, sent of total bytes
    done,      // an upload ended: number, status (0: no answer, -1: the file is gone), body, aborted
    thumb,     // a thumbnail was decoded (w, h > 0) or could not be (0): handle
    drag,      // files are being dragged over the page (over) or no longer
  };
  Kind kind = Kind::file;
  int number = 0;  // the page's number for a file (file, progress, done)
  int handle = 0;  // thumb
  std::string name, source, body;
  double size = 0, sent = 0, total = 0;
  int status = 0, w = 0, h = 0;
  bool aborted = false, over = false;
};

}  // namespace foxo::client
