// The attachment upload's part collector; see multipart_collector.hpp.
#include "http/multipart/multipart_collector.hpp"

#include <algorithm>

namespace foxo::relay::http {

std::size_t drain_limit(std::size_t max) { return 2 * max + kMultipartSlack; }

std::string browser_filename(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      const std::string esc = raw.substr(i, 3);
      if (esc == "%22") {
        out += '"';
        i += 2;
        continue;
      }
      if (esc == "%0D" || esc == "%0A" || esc == "%0d" || esc == "%0a") {
        i += 2;  // control characters are dropped anyway
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

MultipartCollector::MultipartCollector(std::size_t max, std::size_t declared) : max_(max) {
  if (declared > max + kMultipartSlack) too_large = true;
  else if (declared > 0) bytes.reserve(std::min(declared, max));
}

bool MultipartCollector::on_part(std::string_view name, std::string_view part_filename,
                                 std::string_view content_type) {
  current_ = name;
  if (name == "file") {
    if (has_file) {
      bad = Error{ErrorCode::invalid_field, "Send one file per request", "file"};
      return false;
    }
    has_file = true;
    filename = browser_filename(std::string(part_filename));
    claimed_type = content_type;
  } else if (name == "client_id") {
    has_client_id = true;
    client_id.clear();
  }
  return true;
}

bool MultipartCollector::on_data(const char* data, std::size_t n) {
  total_ += n;
  if (too_large) return total_ <= drain_limit(max_);
  if (current_ == "file") {
    if (bytes.size() + n > max_) {
      too_large = true;  // nothing more is kept
      bytes.clear();
      bytes.shrink_to_fit();
      return total_ <= drain_limit(max_);
    }
    bytes.append(data, n);
  } else if (current_ == "client_id") {
    if (client_id.size() + n > kMaxClientId) {
      bad = Error{ErrorCode::invalid_field, "client_id must be 1-64 letters, digits, - or _", "client_id"};
      return false;
    }
    client_id.append(data, n);
  } else {
    other_ += n;  // unknown parts are ignored, within a small allowance
    if (other_ > kMaxOtherParts) {
      bad = Error{ErrorCode::invalid_field, "Unexpected parts in the upload", ""};
      return false;
    }
  }
  return true;
}

}  // namespace foxo::relay::http
