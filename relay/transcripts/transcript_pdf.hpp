// A case's conversation as a PDF for the patient's record (issue 22,
// docs/API.md "Transcripts"). The model is plain data, assembled from the
// stores by services/transcripts.cpp; render_transcript_pdf() lays it out
// with pango (shaping, bidi and font fallback through fontconfig, so any
// script comes out as real, selectable text) on a cairo PDF surface written
// to memory. No I/O besides the fonts, no clock: the export time is in the model.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "foxo/time.hpp"

namespace foxo::relay::transcripts {

// Which copy: staff see internal notes (marked "Internal note"); a guest's
// copy leaves them out, whatever the model holds.
enum class Copy { staff, guest };
const char* to_string(Copy c);

struct TranscriptAttachment {
  std::string name;
  std::int64_t size = 0;
  std::string sha256;  // hex; empty when it could not be read (printed as such)
};

struct TranscriptMessage {
  std::int64_t seq = 0;
  std::string author_kind;  // "guest" | "staff" | "system"
  std::string author_name;
  std::string body;
  TimeMs created_at = 0;
  bool internal = false;
  std::optional<TranscriptAttachment> attachment;
};

struct Transcript {
  Copy copy = Copy::staff;
  std::string case_id, organisation, team, subject, status;
  std::string guest_name, guest_phone;
  std::vector<std::pair<std::string, std::string>> identifiers;  // label, value, in the schema's order
  std::string time_zone = "Australia/Sydney";                    // IANA name, printed in the header
  TimeMs opened_at = 0;
  std::optional<TimeMs> closed_at;
  TimeMs exported_at = 0;
  std::string exported_by;
  std::vector<TranscriptMessage> messages;  // oldest first
};

// The PDF's bytes. Thread-safe: each thread lays out with its own pango font
// map (see transcript_pdf.cpp). Throws std::runtime_error if cairo fails.
std::string render_transcript_pdf(const Transcript& t);

// "Transcript - SUBJECT - YYYY-MM-DD.pdf" (the date the case was opened, in
// the organisation's time zone), made safe by foxo::sanitise_filename.
std::string transcript_filename(const Transcript& t);

}  // namespace foxo::relay::transcripts
