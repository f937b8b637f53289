// WebRoot (web_root.hpp): the web client's files read into memory once, with
// their precompressed forms, and the choice of encoding per request.
#include "http/web_root.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/log.hpp"

namespace foxo::relay::http {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// The q value of one Accept-Encoding element's parameters ("q=0.5"); 1 when
// absent, 0 when malformed (a client that garbles it gets identity).
double quality(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() < 2 || std::tolower(static_cast<unsigned char>(p[0])) != 'q' || p[1] != '=') continue;
    const std::string_view v = p.substr(2);
    // RFC 9110 qvalue: 0[.ddd] or 1[.000]
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return 0;
    if (v[0] == '1') return 1;
    double q = 0, scale = 0.1;
    for (std::size_t i = 2; i < v.size() && i < 5; ++i) {
      if (v[1] != '.' || !std::isdigit(static_cast<unsigned char>(v[i]))) return 0;
      q += (v[i] - '0') * scale;
      scale /= 10;
    }
    return q;
  }
  return 1;
}

std::string content_type_for(std::string_view name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},         {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},         {".webmanifest", "application/manifest+json"},
      {".png", "image/png"},                 {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},              {".txt", "text/plain; charset=utf-8"},
      {".ttf", "font/ttf"},                  {".otf", "font/otf"},
      {".woff2", "font/woff2"},
  };
  for (const auto& [ext, type] : kTypes)
    if (ends_with(name, ext)) return type;
  return "application/octet-stream";
}

bool servable_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

// Larger files are not what a web root is for; skipping them keeps a
// mistaken --www from filling memory.
constexpr std::uintmax_t kMaxFileBytes = 64ull * 1024 * 1024;

std::shared_ptr<const std::string> read_whole(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return nullptr;
  auto s = std::make_shared<std::string>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  if (f.bad()) return nullptr;
  return s;
}

}  // namespace

ContentEncoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
  double q_br = -1, q_gzip = -1, q_any = -1;  // -1: not named
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto semi = element.find(';');
    const std::string_view coding = trim(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : quality(element.substr(semi + 1));
    if (iequals(coding, "br")) q_br = q;
    else if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) q_gzip = q;
    else if (coding == "*") q_any = q;
  }
  if (q_br < 0) q_br = q_any;
  if (q_gzip < 0) q_gzip = q_any;
  if (have_br && q_br > 0) return ContentEncoding::br;
  if (have_gzip && q_gzip > 0) return ContentEncoding::gzip;
  return ContentEncoding::identity;
}

bool is_content_hashed(std::string_view name) {
  const auto ext_dot = name.rfind('.');
  if (ext_dot == std::string_view::npos || ext_dot + 1 == name.size() || ext_dot < 14) return false;
  const std::string_view hash = name.substr(ext_dot - 12, 12);
  if (name[ext_dot - 13] != '.') return false;
  for (char c : hash)
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  return true;
}

std::shared_ptr<const WebRoot> WebRoot::load(const std::filesystem::path& dir) {
  auto root = std::make_shared<WebRoot>();
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) {
    log::warn("www.unreadable", {{"dir", dir.string()}, {"error", ec.message()}});
    return root;
  }
  std::map<std::string, std::filesystem::path> plain, br, gz;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const auto& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!servable_name(name) || !entry.is_regular_file(ec)) continue;
    if (entry.file_size(ec) > kMaxFileBytes) {
      log::warn("www.file_too_large", {{"file", name}});
      continue;
    }
    if (ends_with(name, ".br")) br[name.substr(0, name.size() - 3)] = entry.path();
    else if (ends_with(name, ".gz")) gz[name.substr(0, name.size() - 3)] = entry.path();
    else plain[name] = entry.path();
  }
  for (const auto& [name, path] : plain) {
    WebFile f;
    f.identity = read_whole(path);
    if (!f.identity) {
      log::warn("www.unreadable", {{"file", name}});
      continue;
    }
    f.content_type = content_type_for(name);
    f.immutable = is_content_hashed(name);
    if (auto b = br.find(name); b != br.end()) f.br = read_whole(b->second);
    if (auto g = gz.find(name); g != gz.end()) f.gzip = read_whole(g->second);
    root->total_bytes_ += f.identity->size() + (f.br ? f.br->size() : 0) + (f.gzip ? f.gzip->size() : 0);
    root->files_.emplace(name, std::move(f));
  }
  return root;
}

const WebFile* WebRoot::find(std::string_view name) const {
  const auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace foxo::relay::http
