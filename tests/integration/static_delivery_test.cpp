// Client delivery: the page shell and web root served from memory with
// content-hashed names, precompressed encodings, cache headers and the page's
// security headers; API answers never cached; unknown files and traversal 404.
// Two web roots: a small synthetic one (exact bytes, edge cases) and the one
// the build assembled (real hashed names and real brotli/gzip).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "relay_process.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

const std::string kImmutable = "public, max-age=31536000, immutable";

// One request with exact control over Accept-Encoding; `decode` lets the
// client (httplib built with zlib and brotli) undo the Content-Encoding.
Reply fetch(const RelayProcess& relay, const std::string& path, const std::string& accept_encoding,
            bool decode = false, const std::string& method = "GET") {
  auto c = relay.client();
  c.set_read_timeout(30);
  c.set_decompress(decode);
  httplib::Headers h;
  if (!accept_encoding.empty()) h.emplace("Accept-Encoding", accept_encoding);
  httplib::Result r = method == "HEAD" ? c.Head(path.c_str(), h) : c.Get(path.c_str(), h);
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.headers = r->headers;
  out.body = json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

void write_file(const fs::path& p, const std::string& content) {
  std::ofstream f(p, std::ios::binary);
  f << content;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A web root made by hand: the relay must serve these exact bytes.
struct SyntheticRoot {
  fs::path dir;
  SyntheticRoot() {
    char tmpl[] = "/tmp/foxo-www-XXXXXX";
    dir = mkdtemp(tmpl);
    write_file(dir / "index.html", "<!doctype html><title>t</title><script src=\"/app.0123456789ab.js\"></script>");
    write_file(dir / "index.html.gz", "GZ-PAGE");
    write_file(dir / "app.0123456789ab.js", "console.log('app');");
    write_file(dir / "app.0123456789ab.js.br", "BR-APP");
    write_file(dir / "app.0123456789ab.js.gz", "GZ-APP");
    write_file(dir / "plain.css", "body{}");
    write_file(dir / "empty.txt", "");
    write_file(dir / "client.wasm", std::string("\0asm\1\0\0\0", 8));
    write_file(dir / ".hidden.js", "secret");
    fs::create_directory(dir / "sub");
    write_file(dir / "sub" / "inner.js", "inner");
  }
  ~SyntheticRoot() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

RelayProcess::Options with_www(const fs::path& dir) {
  RelayProcess::Options o;
  o.extra_args = {"--www", dir.string()};
  return o;
}

// "directive" -> "sources" of a Content-Security-Policy value.
std::map<std::string, std::string> csp_directives(const std::string& csp) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < csp.size()) {
    std::size_t end = csp.find(';', pos);
    if (end == std::string::npos) end = csp.size();
    std::string part = csp.substr(pos, end - pos);
    pos = end + 1;
    const auto first = part.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    part = part.substr(first);
    const auto sp = part.find(' ');
    out[part.substr(0, sp)] = sp == std::string::npos ? "" : part.substr(sp + 1);
  }
  return out;
}

// Every src="/..." and href="/..." of a page.
std::vector<std::string> referenced_paths(const std::string& page) {
  std::vector<std::string> out;
  static const std::regex ref(R"re((?:src|href)="(/[^"]*)")re");
  for (std::sregex_iterator it(page.begin(), page.end(), ref), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

// "/foxo_client.0123456789ab.wasm" -> "/foxo_client.wasm"; "" when not hashed.
std::string unhashed(const std::string& path) {
  static const std::regex hashed(R"(^(/.+)\.[0-9a-f]{12}(\.[A-Za-z0-9]+)$)");
  std::smatch m;
  return std::regex_match(path, m, hashed) ? m[1].str() + m[2].str() : std::string();
}

}  // namespace

TEST(StaticDelivery, BestAcceptedEncodingIsServedWithItsExactBytes) {
  SyntheticRoot root;
  RelayProcess relay(with_www(root.dir));
  const std::string js = "/app.0123456789ab.js";
  struct Case {
    std::string accept, encoding, body;
  };
  const Case cases[] = {
      {"br, gzip", "br", "BR-APP"},
      {"gzip, deflate, br", "br", "BR-APP"},  // our preference, not the header's order
      {"gzip", "gzip", "GZ-APP"},
      {"gzip, br;q=0", "gzip", "GZ-APP"},
      {"BR;q=0.5", "br", "BR-APP"},
      {"*", "br", "BR-APP"},
      {"*;q=0, gzip", "gzip", "GZ-APP"},
      {"br;q=0, gzip;q=0", "", "console.log('app');"},
      {"identity", "", "console.log('app');"},
      {"deflate", "", "console.log('app');"},
      {"", "", "console.log('app');"},
      {"br;q=garbage, gzip", "gzip", "GZ-APP"},
  };
  for (const auto& c : cases) {
    const auto r = fetch(relay, js, c.accept);
    ASSERT_EQ(r.status, 200) << c.accept;
    EXPECT_EQ(r.header("Content-Encoding"), c.encoding) << c.accept;
    EXPECT_EQ(r.raw, c.body) << c.accept;
    EXPECT_EQ(r.header("Content-Length"), std::to_string(c.body.size())) << c.accept;
    EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8") << c.accept;
    EXPECT_EQ(r.header("Vary"), "Accept-Encoding") << c.accept;
    EXPECT_EQ(r.header("Cache-Control"), kImmutable) << c.accept;
  }
  // HEAD: the headers of the chosen encoding, no body.
  const auto head = fetch(relay, js, "br", false, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Encoding"), "br");
  EXPECT_EQ(head.header("Content-Length"), "6");
  EXPECT_TRUE(head.raw.empty());
}

TEST(StaticDelivery, FilesWithoutSiblingsAreSentAsTheyAreAndNotCompressedOnTheFly) {
  SyntheticRoot root;
  RelayProcess relay(with_www(root.dir));
  // A text file with no precompressed form: httplib must not compress it.
  auto r = fetch(relay, "/plain.css", "br, gzip");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.raw, "body{}");
  EXPECT_EQ(r.header("Content-Encoding"), "");
  EXPECT_EQ(r.header("Vary"), "");
  EXPECT_EQ(r.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");  // not a hashed name

  r = fetch(relay, "/empty.txt", "br");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.raw, "");
  EXPECT_EQ(r.header("Content-Length"), "0");

  r = fetch(relay, "/client.wasm", "gzip");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/wasm");
  EXPECT_EQ(r.raw, std::string("\0asm\1\0\0\0", 8));

  // The page on every client route: only a gzip sibling exists.
  for (const char* path : {"/", "/t/intake", "/staff", "/staff/cases/x", "/r/sometoken", "/index.html"}) {
    r = fetch(relay, path, "br, gzip");
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("Content-Encoding"), "gzip") << path;
    EXPECT_EQ(r.raw, "GZ-PAGE") << path;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache") << path;
  }
}

TEST(StaticDelivery, WebRootIsReadOnceAtStart) {
  SyntheticRoot root;
  RelayProcess relay(with_www(root.dir));
  ASSERT_EQ(fetch(relay, "/plain.css", "").raw, "body{}");
  write_file(root.dir / "plain.css", "changed{}");
  fs::remove(root.dir / "app.0123456789ab.js");
  write_file(root.dir / "added.js", "new");
  EXPECT_EQ(fetch(relay, "/plain.css", "").raw, "body{}");
  EXPECT_EQ(fetch(relay, "/app.0123456789ab.js", "").raw, "console.log('app');");
  EXPECT_EQ(fetch(relay, "/added.js", "").status, 404);
}

TEST(StaticDelivery, UnknownFilesSiblingsAndTraversalAre404InContractFormat) {
  SyntheticRoot root;
  // A file beside the web root that traversal would reach.
  write_file(root.dir.parent_path() / (root.dir.filename().string() + "-outside.txt"), "outside");
  RelayProcess relay(with_www(root.dir));
  const std::string outside = root.dir.filename().string() + "-outside.txt";
  const std::vector<std::string> paths = {"/nothing.js", "/app.0123456789ab.js.br", "/index.html.gz", "/.hidden.js", "/sub/inner.js", "/sub",
        "/..", "/../" + outside, "/..%2f" + outside, "/%2e%2e%2f" + outside, "/%2e%2e/" + outside,
        "/sub/..%2f..%2f" + outside, "/plain.css/", "/t/a/b", "/api/v1/nope"};
  for (const auto& path : paths) {
    const auto r = fetch(relay, path, "br, gzip");
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.error_code(), "not_found") << path << ": " << r.raw;
    EXPECT_EQ(r.raw.find("outside"), std::string::npos) << path;
  }
  fs::remove(root.dir.parent_path() / outside);
}

TEST(StaticDelivery, PageGetsSecurityHeadersAndApiAnswersAreNotStored) {
  SyntheticRoot root;
  RelayProcess relay(with_www(root.dir));
  for (const char* path : {"/", "/t/intake", "/staff", "/r/sometoken", "/app.0123456789ab.js"}) {
    const auto r = fetch(relay, path, "");
    ASSERT_EQ(r.status, 200) << path;
    const auto csp = csp_directives(r.header("Content-Security-Policy"));
    EXPECT_EQ(csp.at("default-src"), "'none'") << path;
    EXPECT_EQ(csp.at("script-src"), "'self' 'wasm-unsafe-eval'") << path;
    EXPECT_EQ(csp.at("connect-src"), "'self'") << path;
    EXPECT_EQ(csp.at("img-src"), "'self' blob: data:") << path;
    EXPECT_EQ(csp.at("style-src"), "'self'") << path;
    EXPECT_EQ(csp.at("font-src"), "'self'") << path;  // fonts.css's faces (issue 16)
    EXPECT_EQ(csp.at("object-src"), "'none'") << path;
    EXPECT_EQ(csp.at("base-uri"), "'none'") << path;
    EXPECT_EQ(csp.at("form-action"), "'none'") << path;
    EXPECT_EQ(csp.at("frame-ancestors"), "'none'") << path;
    EXPECT_EQ(csp.size(), 10u) << path << ": nothing beyond what the client needs";
    const std::string pp = r.header("Permissions-Policy");
    EXPECT_NE(pp.find("camera=(self)"), std::string::npos) << pp;
    for (const char* off : {"microphone=()", "geolocation=()", "payment=()", "usb=()", "display-capture=()"})
      EXPECT_NE(pp.find(off), std::string::npos) << off;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
  }
  // API answers, successful or not: never stored, and no page policy.
  for (const char* path : {"/api/v1/health", "/api/v1/nope", "/api/v1/guest/me"}) {
    const auto r = relay.get(path);
    EXPECT_NE(r.status, 0) << path;
    EXPECT_EQ(r.header("Cache-Control"), "no-store") << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("Content-Security-Policy"), "") << path;
  }
  const auto post = relay.post_raw("/api/v1/staff/login", "{", "application/json");
  EXPECT_EQ(post.status, 400);
  EXPECT_EQ(post.header("Cache-Control"), "no-store");
}

// The web root the build assembled (cmake/AssembleWebRoot.cmake).
TEST(StaticDelivery, BuiltPageReferencesHashedImmutableFilesWithRealEncodings) {
  RelayProcess relay(with_www(FOXO_WWW_DIR));
  const auto page = fetch(relay, "/t/intake", "");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");
  // No inline script, handler or style: the CSP would block them.
  EXPECT_FALSE(std::regex_search(page.raw, std::regex(R"(<script(?![^>]*\bsrc=)[^>]*>)"))) << page.raw;
  EXPECT_FALSE(std::regex_search(page.raw, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase))) << page.raw;
  EXPECT_FALSE(std::regex_search(page.raw, std::regex(R"(\sstyle\s*=)", std::regex::icase))) << page.raw;

  const auto refs = referenced_paths(page.raw);
  std::set<std::string> plain_names;
  for (const auto& path : refs) {
    const std::string plain = unhashed(path);
    ASSERT_FALSE(plain.empty()) << path << " is not a content-hashed name";
    plain_names.insert(plain);
    const auto identity = fetch(relay, path, "identity");
    ASSERT_EQ(identity.status, 200) << path;
    EXPECT_EQ(identity.header("Cache-Control"), kImmutable) << path;
    EXPECT_EQ(identity.header("Content-Length"), std::to_string(identity.raw.size())) << path;
    // The plain name serves the same bytes, revalidated on each use (development).
    const auto dev = fetch(relay, plain, "identity");
    EXPECT_EQ(dev.raw, identity.raw) << plain;
    EXPECT_EQ(dev.header("Cache-Control"), "no-cache") << plain;
    for (const char* enc : {"br", "gzip"}) {
      const auto encoded = fetch(relay, path, enc);
      const auto decoded = fetch(relay, path, enc, /*decode=*/true);
      if (encoded.header("Content-Encoding").empty()) continue;  // a tiny file compression did not shrink
      EXPECT_EQ(encoded.header("Content-Encoding"), enc) << path;
      EXPECT_EQ(encoded.header("Vary"), "Accept-Encoding") << path;
      EXPECT_EQ(encoded.header("Content-Type"), identity.header("Content-Type")) << path;
      EXPECT_EQ(encoded.header("Content-Length"), std::to_string(encoded.raw.size())) << path;
      EXPECT_LT(encoded.raw.size(), identity.raw.size()) << path << " " << enc;
      EXPECT_EQ(decoded.raw, identity.raw) << path << " decoded from " << enc;
    }
  }
  // The client bundle and every script and stylesheet of www/ are among them.
  EXPECT_TRUE(plain_names.count("/foxo_client.js"));
  EXPECT_TRUE(plain_names.count("/foxo_client.wasm"));
  EXPECT_TRUE(plain_names.count("/foxo-boot.js"));
  EXPECT_TRUE(plain_names.count("/foxo.css"));
  for (const auto& entry : fs::directory_iterator(FOXO_SOURCE_WWW_DIR)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".js" || ext == ".css")
      EXPECT_TRUE(plain_names.count("/" + entry.path().filename().string())) << entry.path();
  }
  const auto wasm = fetch(relay, *std::find_if(refs.begin(), refs.end(),
                                               [](const std::string& p) { return unhashed(p) == "/foxo_client.wasm"; }),
                          "br");
  EXPECT_EQ(wasm.header("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm.header("Content-Encoding"), "br");
}
