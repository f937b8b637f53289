// FontService (fonts.hpp): subsets of the large faces with HarfBuzz, a
// byte-bounded LRU of recent answers and their brotli forms.
#include "services/fonts.hpp"

#include <brotli/encode.h>
#include <hb-subset.h>

#include <algorithm>
#include <system_error>
#include <thread>

#include "core/log.hpp"

namespace foxo::relay::services {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// NAME-HASH12.otf|ttf, NAME letters, digits and inner dashes: the names
// make_fonts.py gives, and nothing that could mean another path.
const char* font_content_type(std::string_view name) {
  const char* type = ends_with(name, ".otf") ? "font/otf" : ends_with(name, ".ttf") ? "font/ttf" : nullptr;
  if (!type || name.size() < 4 + 13 + 1) return nullptr;
  const std::string_view stem = name.substr(0, name.size() - 4);
  const std::string_view hash = stem.substr(stem.size() - 12);
  if (!std::all_of(hash.begin(), hash.end(), lower_hex) || stem[stem.size() - 13] != '-') return nullptr;
  const std::string_view base = stem.substr(0, stem.size() - 13);
  if (base.front() == '-' || base.back() == '-') return nullptr;
  for (char c : base)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return nullptr;
  return type;
}

// Brotli at quality 5: a few milliseconds for a large subset, within a few
// percent of quality 11, which takes a second for 100 KB. Null when it does
// not shrink the font.
std::shared_ptr<const std::string> brotli(const std::string& in) {
  std::string out(BrotliEncoderMaxCompressedSize(in.size()), '\0');
  std::size_t n = out.size();
  if (out.empty() ||
      !BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_FONT, in.size(),
                             reinterpret_cast<const std::uint8_t*>(in.data()), &n,
                             reinterpret_cast<std::uint8_t*>(out.data())) ||
      n >= in.size())
    return nullptr;
  out.resize(n);
  return std::make_shared<const std::string>(std::move(out));
}

// Half the cores (at least one): a flood of distinct requests (the route is
// public) queues for these and leaves the rest of the machine to the chat.
std::ptrdiff_t subset_slots() {
  const unsigned hw = std::thread::hardware_concurrency();
  return static_cast<std::ptrdiff_t>(std::clamp(hw / 2, 1u, 64u));
}

}  // namespace

std::optional<std::vector<std::uint32_t>> parse_codepoint_list(std::string_view u) {
  std::vector<std::uint32_t> out;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    std::uint32_t cp = 0;
    while (i < u.size() && u[i] != ',') {
      const char c = u[i];
      if (!lower_hex(c) || i - start >= 6) return std::nullopt;  // 6 digits reach 10ffff
      cp = cp * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || (digits > 1 && u[start] == '0') || cp > 0x10FFFF) return std::nullopt;
    if (!out.empty() && cp <= out.back()) return std::nullopt;
    if (out.size() == kMaxSubsetCodepoints) return std::nullopt;
    out.push_back(cp);
    if (i == u.size()) return out;
    ++i;  // the comma; a trailing one leaves an empty item, refused above
  }
}

struct FontService::Face {
  hb_blob_t* blob = nullptr;
  hb_face_t* face = nullptr;
  const char* content_type = "";
  ~Face() {
    hb_face_destroy(face);
    hb_blob_destroy(blob);
  }
};

FontService::FontService(const std::filesystem::path& dir, std::size_t cache_bytes)
    : cache_limit_(cache_bytes), slots_(subset_slots()) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) {
    log::warn("fonts.unreadable", {{"dir", dir.string()}, {"error", ec.message()}});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    const char* type = font_content_type(name);
    if (!type || !it->is_regular_file(ec)) continue;
    auto f = std::make_unique<Face>();
    f->content_type = type;
    // Memory-mapped, read-only: pages are loaded as subsets touch them.
    f->blob = hb_blob_create_from_file_or_fail(it->path().c_str());
    if (f->blob) f->face = hb_face_create(f->blob, 0);
    if (!f->blob || hb_face_get_glyph_count(f->face) == 0) {
      log::warn("fonts.unusable", {{"file", name}});
      continue;
    }
    faces_.emplace(name, std::move(f));
  }
  log::info("fonts.loaded", {{"dir", dir.string()}, {"faces", faces_.size()}});
}

FontService::~FontService() = default;

FontSubsetResult FontService::subset(std::string_view file, std::string_view u) {
  FontSubsetResult r;
  const auto face = faces_.find(file);
  if (face == faces_.end()) {
    r.error = {ErrorCode::not_found, "No such font", ""};
    return r;
  }
  const auto codepoints = parse_codepoint_list(u);
  if (!codepoints) {
    r.error = {ErrorCode::invalid_field,
               "u: 1 to 512 code points, lowercase hex without leading zeros, comma-separated, ascending", "u"};
    return r;
  }
  const Face& f = *face->second;
  const std::string key = std::string(file) + '?' + std::string(u);
  if (auto hit = cached(key)) {
    r.value = std::move(hit);
    return r;
  }

  slots_.acquire();
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  hb_face_t* out = nullptr;
  if (input) {
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (std::uint32_t cp : *codepoints) hb_set_add(unicodes, cp);
    // Default layout features (the shaping ones) and every script; the glyph
    // closure over GSUB brings in ligatures of the requested characters.
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    out = hb_subset_or_fail(f.face, input);
    hb_subset_input_destroy(input);
  }
  FontSubset made;
  made.content_type = f.content_type;
  if (out) {
    hb_blob_t* blob = hb_face_reference_blob(out);
    unsigned int length = 0;
    const char* data = hb_blob_get_data(blob, &length);
    if (data && length > 0) made.bytes = std::make_shared<const std::string>(data, length);
    hb_blob_destroy(blob);
    hb_face_destroy(out);
  }
  if (made.bytes) made.br = brotli(*made.bytes);
  slots_.release();

  if (!made.bytes) {
    log::warn("fonts.subset_failed", {{"file", std::string(file)}, {"codepoints", codepoints->size()}});
    r.error = {ErrorCode::unavailable, "The font could not be prepared. Please try again.", ""};
    return r;
  }
  remember(key, made);
  r.value = std::move(made);
  return r;
}

std::optional<FontSubset> FontService::cached(const std::string& key) {
  std::lock_guard lock(cache_mu_);
  const auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->subset;
}

void FontService::remember(const std::string& key, const FontSubset& subset) {
  const std::size_t size = key.size() + subset.bytes->size() + (subset.br ? subset.br->size() : 0);
  if (size > cache_limit_) return;
  std::lock_guard lock(cache_mu_);
  if (index_.count(key)) return;  // made twice by concurrent requests: keep the first
  cache_bytes_ += size;
  lru_.push_front(Entry{key, subset, size});
  index_.emplace(key, lru_.begin());
  while (cache_bytes_ > cache_limit_) {
    const Entry& last = lru_.back();
    cache_bytes_ -= last.size;
    index_.erase(last.key);
    lru_.pop_back();
  }
}

}  // namespace foxo::relay::services
