#include "blobs/file_type.hpp"

#include <magic.h>

#include <algorithm>
#include <array>

namespace foxo::relay::blobs {
namespace {
constexpr std::array<std::string_view, 10> kAllowed{
    "image/jpeg", "image/png",  "image/heic", "image/webp", "image/gif", "application/pdf", "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/heif",
};
}  // namespace

std::string canonical_type(std::string_view mime) {
  std::string m(mime.substr(0, mime.find(';')));
  while (!m.empty() && m.back() == ' ') m.pop_back();
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (m == "image/jpg" || m == "image/pjpeg") return "image/jpeg";
  if (m == "image/heif" || m == "image/heic-sequence" || m == "image/heif-sequence") return "image/heic";
  return m;
}

bool is_allowed_type(std::string_view canonical) {
  return std::find(kAllowed.begin(), kAllowed.end(), canonical) != kAllowed.end();
}

FileTypeDetector::FileTypeDetector() {
  magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
  if (m && magic_load(m, nullptr) == 0) cookie_ = m;
  else if (m) magic_close(m);
}

FileTypeDetector::~FileTypeDetector() {
  if (cookie_) magic_close(static_cast<magic_t>(cookie_));
}

std::string FileTypeDetector::detect(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  if (!cookie_) return "application/octet-stream";
  const char* t = magic_buffer(static_cast<magic_t>(cookie_), bytes.data(), bytes.size());
  return t ? canonical_type(t) : "application/octet-stream";
}

TypeVerdict FileTypeDetector::check(std::string_view bytes, std::string_view claimed) {
  TypeVerdict v;
  v.content_type = detect(bytes);
  if (!is_allowed_type(v.content_type)) {
    v.reason = "This kind of file (" + v.content_type +
               ") cannot be sent. Send a photo (JPEG, PNG, HEIC, WebP, GIF), a PDF, a text file, or a Word or Excel "
               "document.";
    return v;
  }
  const std::string c = canonical_type(claimed);
  // A generic or absent claim says nothing; a specific one must match the bytes.
  if (!c.empty() && c != "application/octet-stream" && c != v.content_type) {
    v.reason = "The file's contents (" + v.content_type + ") do not match its type (" + c + ").";
    return v;
  }
  v.allowed = true;
  return v;
}

}  // namespace foxo::relay::blobs
