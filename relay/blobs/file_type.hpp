// What an uploaded file really is, decided by its bytes (libmagic), checked
// against the allow-list and against what the client claimed.
#pragma once
#include <mutex>
#include <string>
#include <string_view>

namespace foxo::relay::blobs {

struct TypeVerdict {
  bool allowed = false;
  std::string content_type;  // detected MIME type (canonical), also when refused
  std::string reason;        // why refused, for the error message
};

class FileTypeDetector {
 public:
  FileTypeDetector();
  ~FileTypeDetector();
  FileTypeDetector(const FileTypeDetector&) = delete;
  bool ready() const { return cookie_ != nullptr; }

  // `claimed` is the part's Content-Type (may be empty or generic).
  TypeVerdict check(std::string_view bytes, std::string_view claimed);
  // Detected MIME type only.
  std::string detect(std::string_view bytes);

 private:
  void* cookie_ = nullptr;  // magic_t; libmagic cookies are not thread-safe
  std::mutex mutex_;
};

// The allow-list, and canonical spellings (image/jpg -> image/jpeg; parameters dropped).
bool is_allowed_type(std::string_view canonical);
std::string canonical_type(std::string_view mime);

}  // namespace foxo::relay::blobs
