// The part collector of the attachment upload (POST /api/v1/cases/{id}/
// attachments, relay/http/routes_attachments.cpp): what is kept of a
// multipart/form-data body as httplib's content reader hands it over, part
// header by part header and chunk by chunk. One part `file` (its bytes up to
// the limit), an optional `client_id` of at most 64 bytes, other parts within
// a small allowance; past the file limit nothing more is kept and the rest is
// only counted, so the route can drain it and answer 413. It knows nothing of
// httplib or of services, so that the multipart fuzzer (tests/fuzz/
// fuzz_multipart.cpp) drives exactly this code without linking the relay.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "foxo/errors.hpp"

namespace foxo::relay::http {

// Beyond the file itself: boundaries, part headers, the client_id part.
inline constexpr std::size_t kMultipartSlack = 64 * 1024;
inline constexpr std::size_t kMaxOtherParts = 16 * 1024;
inline constexpr std::size_t kMaxClientId = 64;

// Largest body read (and discarded beyond the limit) before answering 413.
std::size_t drain_limit(std::size_t max);

// Browsers send " CR LF in a multipart file name as %22 %0D %0A (the HTML
// form encoding); undo that before the name is sanitised.
std::string browser_filename(const std::string& raw);

class MultipartCollector {
 public:
  // `max` is the largest file kept; `declared` the request's Content-Length
  // (0 when unknown). A body declared too large is refused from the start:
  // it is only read to be discarded.
  MultipartCollector(std::size_t max, std::size_t declared);

  // A part begins. False ends the read (a second `file` part).
  bool on_part(std::string_view name, std::string_view filename, std::string_view content_type);
  // A chunk of the current part. False ends the read: a part over its
  // allowance, or a too large body read past drain_limit(max).
  bool on_data(const char* data, std::size_t n);

  bool has_file = false, has_client_id = false;
  std::string filename;      // browser_filename() of the file part's name, not sanitised
  std::string claimed_type;  // the file part's Content-Type, may be empty
  std::string client_id;     // unchecked: the route validates it once the body is read
  std::string bytes;         // the file; emptied once too_large
  bool too_large = false;    // over the limit: nothing more is kept, the rest is discarded
  std::optional<Error> bad;  // why the read was ended, when a part broke the rules

 private:
  std::size_t max_;
  std::string current_;  // name of the part being read
  std::size_t other_ = 0, total_ = 0;
};

}  // namespace foxo::relay::http
