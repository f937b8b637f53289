// Font subsets for the web client (issue 16): the faces too large to send
// whole (CJK, colour emoji) are cut per request to the characters a page is
// about to draw, with HarfBuzz's subsetter.
//
// The faces are the files of <www>/fonts/ named NAME-HASH12.otf|ttf
// (scripts/fonts/make_fonts.py), opened once at start (memory-mapped: the
// kernel shares and pages them); a subset keeps every glyph GSUB reaches from
// the requested characters (skin tones, flags, ZWJ sequences, Arabic and
// vertical forms) and the colour bitmap tables. The same request always
// gives the same bytes, so recent answers are kept in a byte-bounded LRU,
// with a brotli form made once (CFF outlines shrink by about a fifth, the
// emoji's PNG bitmaps by a tenth).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "foxo/errors.hpp"

namespace foxo::relay::services {

constexpr std::size_t kMaxSubsetCodepoints = 512;
constexpr std::size_t kDefaultFontCacheBytes = 32u * 1024 * 1024;

// The `u` query value: lowercase hex code points without leading zeros,
// comma-separated, strictly ascending, 1 to kMaxSubsetCodepoints of them,
// each at most 10ffff. One spelling per set, so it is also the cache key.
// nullopt for anything else.
std::optional<std::vector<std::uint32_t>> parse_codepoint_list(std::string_view u);

struct FontSubset {
  std::shared_ptr<const std::string> bytes;
  std::shared_ptr<const std::string> br;  // the same, brotli-compressed; null when not smaller
  const char* content_type = "";  // font/otf or font/ttf
};

struct FontSubsetResult {
  std::optional<FontSubset> value;
  Error error{ErrorCode::internal, "", ""};
  bool ok() const { return value.has_value(); }
};

class FontService {
 public:
  // Opens every NAME-HASH12.otf|ttf in `dir`; a missing directory or an
  // unreadable file leaves those faces out (logged), never fails the start.
  FontService(const std::filesystem::path& dir, std::size_t cache_bytes = kDefaultFontCacheBytes);
  ~FontService();
  FontService(const FontService&) = delete;
  FontService& operator=(const FontService&) = delete;

  // The subset of font file `file` (e.g. "emoji-0123456789ab.ttf") holding the
  // code points of `u` (parse_codepoint_list) that the face has. Errors:
  // not_found (no such face), invalid_field "u", unavailable (HarfBuzz failed).
  FontSubsetResult subset(std::string_view file, std::string_view u);

  std::size_t face_count() const { return faces_.size(); }

 private:
  struct Face;
  std::optional<FontSubset> cached(const std::string& key);
  void remember(const std::string& key, const FontSubset& subset);

  std::map<std::string, std::unique_ptr<Face>, std::less<>> faces_;

  // LRU of recent answers, newest first, bounded by the bytes it holds.
  struct Entry {
    std::string key;
    FontSubset subset;
    std::size_t size;  // what it counts against the bound
  };
  std::mutex cache_mu_;
  std::list<Entry> lru_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t cache_bytes_ = 0;
  const std::size_t cache_limit_;

  // Subsetting a CJK request costs up to tens of milliseconds of CPU: at most
  // half the cores at once, so a burst of distinct requests queues instead of
  // taking every core.
  std::counting_semaphore<64> slots_;
};

}  // namespace foxo::relay::services
