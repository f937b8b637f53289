// The web client's files (page shell, scripts, styles, the wasm bundle),
// read into memory once at start: the web root is small, and answering from
// memory needs no file access per request and cannot be steered to a path
// outside it. cmake/AssembleWebRoot.cmake builds the directory.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace foxo::relay::http {

enum class ContentEncoding { identity, gzip, br };

// The encoding to answer with for a request's Accept-Encoding header:
// br, then gzip, then identity (the preference is ours, not the client's q
// values, which only decide what is acceptable: q=0 refuses a coding, `*`
// covers codings not named). Only encodings we have are chosen.
ContentEncoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

// True for the build's content-hashed names: <stem>.<12 lowercase hex>.<ext>.
bool is_content_hashed(std::string_view name);

struct WebFile {
  std::string content_type;
  bool immutable = false;  // content-hashed: may be cached for good
  // Encoded forms; br and gzip are null when the build made none.
  std::shared_ptr<const std::string> identity, br, gzip;
};

class WebRoot {
 public:
  // Every regular file directly in `dir` whose name is letters, digits,
  // `_ - .` (not starting with a dot); `name.br` / `name.gz` become the
  // encodings of `name`. A missing directory gives an empty root.
  static std::shared_ptr<const WebRoot> load(const std::filesystem::path& dir);

  // The file with exactly this name, or null.
  const WebFile* find(std::string_view name) const;
  std::size_t file_count() const { return files_.size(); }
  std::size_t total_bytes() const { return total_bytes_; }

 private:
  std::map<std::string, WebFile, std::less<>> files_;
  std::size_t total_bytes_ = 0;
};

}  // namespace foxo::relay::http
