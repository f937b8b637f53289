// Fonts for every script and emoji (issue 16): the page links fonts.css,
// fonts.json and the Latin face by hashed names; the static faces are served
// as immutable font files; the relay cuts the CJK and emoji faces to the
// characters asked for (GET /fonts/{name}-{hash}.{otf|ttf}?u=...), sequences
// (skin tones, flags, ZWJ families) shaping to one glyph; every malformed
// request is a 4xx in the contract's format, never a 5xx.
#include <gtest/gtest.h>
#include <hb.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "relay_process.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

const std::string kImmutable = "public, max-age=31536000, immutable";

RelayProcess::Options with_www(const fs::path& dir) {
  RelayProcess::Options o;
  o.extra_args = {"--www", dir.string()};
  return o;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// The first `attr="/stem.<12 hex>.ext"` reference of a page, or "".
std::string hashed_ref(const std::string& page, const std::string& stem, const std::string& ext) {
  const std::regex ref("=\"(/" + stem + "\\.[0-9a-f]{12}\\." + ext + ")\"");
  std::smatch m;
  return std::regex_search(page, m, ref) ? m[1].str() : std::string();
}

// A font's code points, and the glyphs HarfBuzz shapes `text` (UTF-8) to.
struct Font {
  hb_blob_t* blob;
  hb_face_t* face;
  explicit Font(const std::string& bytes)
      : blob(hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()), HB_MEMORY_MODE_DUPLICATE, nullptr,
                            nullptr)),
        face(hb_face_create(blob, 0)) {}
  ~Font() {
    hb_face_destroy(face);
    hb_blob_destroy(blob);
  }
  std::set<std::uint32_t> cmap() const {
    hb_set_t* set = hb_set_create();
    hb_face_collect_unicodes(face, set);
    std::set<std::uint32_t> out;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(set, &cp);) out.insert(cp);
    hb_set_destroy(set);
    return out;
  }
  bool has_table(const char* tag) const {
    hb_blob_t* t = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    const bool has = hb_blob_get_length(t) > 0;
    hb_blob_destroy(t);
    return has;
  }
  unsigned table_size(const char* tag) const {
    hb_blob_t* t = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    const unsigned n = hb_blob_get_length(t);
    hb_blob_destroy(t);
    return n;
  }
  // Glyph ids of `text` shaped with this font (0 is .notdef: a missing glyph).
  std::vector<std::uint32_t> shape(const std::string& text) const {
    hb_font_t* font = hb_font_create(face);
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text.data(), static_cast<int>(text.size()), 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, nullptr, 0);
    unsigned n = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    std::vector<std::uint32_t> out;
    for (unsigned i = 0; i < n; ++i) out.push_back(info[i].codepoint);
    hb_buffer_destroy(buf);
    hb_font_destroy(font);
    return out;
  }
};

// An sfnt: OpenType with CFF outlines ("OTTO") or TrueType (0x00010000).
bool is_sfnt(const std::string& b) {
  return b.size() > 12 && (b.compare(0, 4, "OTTO") == 0 || b.compare(0, 4, std::string("\0\1\0\0", 4)) == 0);
}

// The manifest's face called `name`.
json face_named(const json& manifest, const std::string& name) {
  for (const auto& f : manifest.at("faces"))
    if (f.at("name") == name) return f;
  return nullptr;
}

// "/fonts/emoji-0123456789ab.ttf" of the manifest (what the page's script requests).
std::string subset_url(const json& manifest, const std::string& name) {
  const json f = face_named(manifest, name);
  return f.is_null() ? std::string() : f.at("url").get<std::string>();
}

// The relay serving the web root the build assembled.
class Fonts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    relay_ = new RelayProcess(with_www(FOXO_WWW_DIR));
    manifest_ = json::parse(read_file(fs::path(FOXO_WWW_DIR) / "fonts.json"));
  }
  static void TearDownTestSuite() {
    delete relay_;
    relay_ = nullptr;
  }
  static RelayProcess* relay_;
  static json manifest_;
};
RelayProcess* Fonts::relay_ = nullptr;
json Fonts::manifest_;

}  // namespace

// AssembleWebRoot rewrites the page's /fonts.css, /fonts.json and
// /font-latin.otf to the hashed names (a page of www/ with those three links,
// assembled here, since the page itself is the client's).
TEST(FontsPage, ThePageLinksHashedFontFilesServedAsImmutableFonts) {
  char tmpl[] = "/tmp/foxo-fonts-www-XXXXXX";
  const fs::path tmp = mkdtemp(tmpl);
  const fs::path src = tmp / "src", bundle = tmp / "bundle", out = tmp / "www";
  fs::create_directories(src);
  fs::create_directories(bundle);
  for (const auto& e : fs::directory_iterator(FOXO_SOURCE_WWW_DIR))
    if (e.path().filename() != "index.html") fs::copy_file(e.path(), src / e.path().filename());
  std::ofstream(src / "index.html")
      << "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/fonts.css\">"
         "<link rel=\"preload\" href=\"/font-latin.otf\" as=\"font\" type=\"font/otf\" crossorigin>"
         "<link rel=\"preload\" href=\"/fonts.json\" as=\"fetch\" crossorigin></head><body>Ωμέγα</body></html>";
  std::ofstream(bundle / "foxo_client.js") << "// client";
  std::ofstream(bundle / "foxo_client.wasm") << "wasm";
  const std::string cmd = std::string("\"") + FOXO_CMAKE_COMMAND + "\" -DSRC_DIR=" + src.string() +
                          " -DBUNDLE_DIR=" + bundle.string() + " -DOUT_DIR=" + out.string() +
                          " -DBROTLI=" + FOXO_BROTLI + " -DGZIP=" + FOXO_GZIP + " -DFONTS_DIR=" +
                          FOXO_FONTS_GEN_DIR + " -P " + FOXO_ASSEMBLE_WEB_ROOT + " > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  {
    RelayProcess relay(with_www(out));
    const auto page = relay.get("/");
    ASSERT_EQ(page.status, 200);
    const std::string css_path = hashed_ref(page.raw, "fonts", "css");
    const std::string json_path = hashed_ref(page.raw, "fonts", "json");
    const std::string latin_path = hashed_ref(page.raw, "font-latin", "otf");
    ASSERT_FALSE(css_path.empty()) << page.raw;
    ASSERT_FALSE(json_path.empty()) << page.raw;
    ASSERT_FALSE(latin_path.empty()) << page.raw;
    EXPECT_NE(page.header("Content-Security-Policy").find("font-src 'self'"), std::string::npos);

    const auto css = relay.get(css_path);
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.header("Cache-Control"), kImmutable);
    EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
    // Every face of the stylesheet: a static font file, immutable, with a font type.
    static const std::regex face_url(R"re(url\("(/font-[a-z-]+\.[0-9a-f]{12}\.(otf|ttf))"\) format\("(opentype|truetype)"\))re");
    std::set<std::string> faces;
    for (std::sregex_iterator it(css.raw.begin(), css.raw.end(), face_url), end; it != end; ++it) {
      const std::string path = (*it)[1];
      faces.insert(path);
      const auto font = relay.get(path);
      ASSERT_EQ(font.status, 200) << path;
      EXPECT_EQ(font.header("Content-Type"), (*it)[2] == "otf" ? "font/otf" : "font/ttf") << path;
      EXPECT_EQ(font.header("Cache-Control"), kImmutable) << path;
      EXPECT_TRUE(is_sfnt(font.raw)) << path;
    }
    EXPECT_EQ(faces.size(), 9u) << css.raw;
    EXPECT_TRUE(faces.count(latin_path)) << "the preloaded face is the stylesheet's";
    EXPECT_EQ(std::count(css.raw.begin(), css.raw.end(), '@'), 9) << css.raw;
    EXPECT_NE(css.raw.find("font-family: \"Foxo\""), std::string::npos);
    EXPECT_NE(css.raw.find("unicode-range: U+20-7E, U+A0-FF"), std::string::npos) << css.raw;

    const auto manifest = relay.get(json_path);
    ASSERT_EQ(manifest.status, 200);
    EXPECT_EQ(manifest.header("Content-Type"), "application/json");
    EXPECT_EQ(manifest.body.at("version"), 1);
    // The subset faces it names are served from this root too.
    const auto thumbs = relay.get(subset_url(manifest.body, "emoji") + "?u=1f3fd,1f44d");
    EXPECT_EQ(thumbs.status, 200);
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
}

TEST_F(Fonts, TheManifestListsEveryFaceWithSortedMergedCoverage) {
  const auto r = relay_->get("/fonts.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, manifest_);
  std::vector<std::string> names;
  for (const auto& f : manifest_.at("faces")) {
    names.push_back(f.at("name"));
    const auto& cov = f.at("coverage");
    ASSERT_FALSE(cov.empty()) << f.at("name");
    std::int64_t last = -2;
    for (const auto& range : cov) {
      const std::int64_t lo = range.at(0), hi = range.at(1);
      EXPECT_LE(lo, hi);
      EXPECT_GT(lo, last + 1) << f.at("name") << ": sorted and merged";
      last = hi;
    }
    if (f.at("kind") == "static") {
      const auto font = relay_->get(f.at("url"));
      EXPECT_EQ(font.status, 200) << f.at("url");
      EXPECT_EQ(font.header("Cache-Control"), kImmutable);
    } else {
      EXPECT_EQ(f.at("kind"), "subset");
      EXPECT_TRUE(std::regex_match(f.at("url").get<std::string>(),
                                   std::regex(R"(/fonts/(cjk|emoji)-[0-9a-f]{12}\.(otf|ttf))")))
          << f.at("url");
      // Never served whole.
      EXPECT_EQ(relay_->get(f.at("url")).status, 400) << "no u";
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"latin-ext", "vietnamese", "latin", "greek", "cyrillic", "hebrew",
                                             "arabic", "devanagari", "thai", "cjk", "emoji"}));
  auto covers = [](const json& face, std::uint32_t cp) {
    for (const auto& range : face.at("coverage"))
      if (range.at(0) <= cp && cp <= range.at(1)) return true;
    return false;
  };
  EXPECT_TRUE(covers(face_named(manifest_, "vietnamese"), 0x1EA3)) << "ả (Thảo)";
  EXPECT_TRUE(covers(face_named(manifest_, "vietnamese"), 0x1EC5)) << "ễ (Nguyễn)";
  EXPECT_TRUE(covers(face_named(manifest_, "vietnamese"), 0x0303)) << "combining tilde with the base letters";
  EXPECT_TRUE(covers(face_named(manifest_, "vietnamese"), 'e')) << "the base letters, for decomposed text";
  EXPECT_FALSE(covers(face_named(manifest_, "latin-ext"), 0x1EA3)) << "one face per code point beyond the letters";
  EXPECT_TRUE(covers(face_named(manifest_, "latin-ext"), 0x0142)) << "ł (Wałęsa)";
  EXPECT_FALSE(covers(face_named(manifest_, "latin"), 0x0303)) << "the first-visit face has no marks";
  EXPECT_TRUE(covers(face_named(manifest_, "greek"), 0x03C0)) << "π";
  EXPECT_TRUE(covers(face_named(manifest_, "cyrillic"), 0x0416)) << "Ж";
  EXPECT_TRUE(covers(face_named(manifest_, "arabic"), 0x0644)) << "ل";
  EXPECT_TRUE(covers(face_named(manifest_, "cjk"), 0x4F60)) << "你";
  EXPECT_TRUE(covers(face_named(manifest_, "cjk"), 0xC548)) << "안";
  EXPECT_TRUE(covers(face_named(manifest_, "cjk"), 0x3042)) << "あ";
  EXPECT_TRUE(covers(face_named(manifest_, "emoji"), 0x1F44D)) << "👍";
  EXPECT_TRUE(covers(face_named(manifest_, "emoji"), 0x200D)) << "ZWJ";
  EXPECT_FALSE(covers(face_named(manifest_, "emoji"), 0x0023)) << "# is the Latin face's";
  EXPECT_FALSE(covers(face_named(manifest_, "greek"), 0x0041)) << "only what the face is for";
  EXPECT_EQ(manifest_.at("default_ignorable").at(0), json::array({0xAD, 0xAD}));
}

TEST_F(Fonts, EmojiSequencesComeAsSmallFontsThatShapeToOneGlyph) {
  const std::string url = subset_url(manifest_, "emoji");
  const auto source_size = fs::file_size(fs::path(FOXO_WWW_DIR) / url.substr(1));
  struct Case {
    const char* u;
    const char* text;
    std::set<std::uint32_t> cmap;
  };
  const Case cases[] = {
      {"1f3fd,1f44d", "\U0001F44D\U0001F3FD", {0x1F3FD, 0x1F44D}},      // 👍🏽
      {"1f1e6,1f1fa", "\U0001F1E6\U0001F1FA", {0x1F1E6, 0x1F1FA}},      // 🇦🇺
      {"200d,1f467,1f468,1f469", "\U0001F468\u200D\U0001F469\u200D\U0001F467",  // 👨‍👩‍👧
       {0x200D, 0x1F467, 0x1F468, 0x1F469}},
  };
  for (const auto& c : cases) {
    const auto r = relay_->get(url + "?u=" + c.u);
    ASSERT_EQ(r.status, 200) << c.u;
    EXPECT_EQ(r.header("Content-Type"), "font/ttf");
    EXPECT_EQ(r.header("Cache-Control"), kImmutable);
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    ASSERT_TRUE(is_sfnt(r.raw)) << c.u;
    EXPECT_LT(r.raw.size(), source_size / 100) << c.u;
    const Font font(r.raw);
    EXPECT_EQ(font.cmap(), c.cmap) << c.u;
    EXPECT_TRUE(font.has_table("CBLC")) << c.u;
    EXPECT_GT(font.table_size("CBDT"), 1000u) << c.u << ": the colour bitmaps";
    EXPECT_LT(font.table_size("CBDT"), source_size / 100) << c.u;
    const auto glyphs = font.shape(c.text);
    ASSERT_EQ(glyphs.size(), 1u) << c.u << ": the sequence is one ligature";
    EXPECT_NE(glyphs[0], 0u) << c.u;
  }
}

TEST_F(Fonts, ChineseAndKoreanComeAsSubsetsOfTheCjkFace) {
  const std::string url = subset_url(manifest_, "cjk");
  const auto source_size = fs::file_size(fs::path(FOXO_WWW_DIR) / url.substr(1));
  for (const auto& [u, cmap, text] : std::vector<std::tuple<std::string, std::set<std::uint32_t>, std::string>>{
           {"4f60,597d", {0x4F60, 0x597D}, "你好"}, {"c548", {0xC548}, "안"}}) {
    const auto r = relay_->get(url + "?u=" + u);
    ASSERT_EQ(r.status, 200) << u;
    EXPECT_EQ(r.header("Content-Type"), "font/otf");
    EXPECT_EQ(r.header("Cache-Control"), kImmutable);
    ASSERT_EQ(r.raw.compare(0, 4, "OTTO"), 0) << u;
    EXPECT_LT(r.raw.size(), source_size / 100) << u;
    const Font font(r.raw);
    EXPECT_EQ(font.cmap(), cmap) << u;
    for (auto g : font.shape(text)) EXPECT_NE(g, 0u) << text;
    // Asked again: the same bytes (from the relay's cache).
    EXPECT_EQ(relay_->get(url + "?u=" + u).raw, r.raw);
  }
  // Brotli when accepted (made once, cached with the font), identity otherwise.
  auto c = relay_->client();
  c.set_decompress(false);
  const std::string path = url + "?u=4e09,4e0b,4eec,4efd,5348,5728,5929,597d,5e26,6211";  // 我们明天下午三点...
  auto plain = c.Get(path.c_str(), {{"Accept-Encoding", "identity"}});
  auto br = c.Get(path.c_str(), {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(plain && br);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(br->get_header_value("Content-Type"), "font/otf");
  EXPECT_LT(br->body.size(), plain->body.size() * 9 / 10);
  EXPECT_EQ(relay_->get(path, "", {{"Accept-Encoding", "br"}}).raw, plain->body) << "decoded: the same font";

  // Characters the face lacks are simply absent.
  const auto mixed = relay_->get(url + "?u=5d0,4f60");  // א, 你
  ASSERT_EQ(mixed.status, 200);
  EXPECT_EQ(Font(mixed.raw).cmap(), (std::set<std::uint32_t>{0x4F60}));
}

TEST_F(Fonts, MalformedRequestsAreRefusedInTheContractsFormat) {
  const std::string emoji = subset_url(manifest_, "emoji");
  // 一丁丂...: the first 512 and 513 CJK ideographs.
  std::string many, too_many;
  for (std::uint32_t cp = 0x4E00; cp < 0x4E00 + 513; ++cp) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%s%x", cp == 0x4E00 ? "" : ",", cp);
    too_many += hex;
    if (cp < 0x4E00 + 512) many = too_many;
  }
  EXPECT_EQ(relay_->get(subset_url(manifest_, "cjk") + "?u=" + many).status, 200) << "512 is the limit";
  const std::vector<std::string> bad_u = {
      "?u=1f44d,1f3fd",  // unsorted
      "?u=1f44d,1f44d",  // duplicate
      "?u=1F44D",        // uppercase hex
      "?u=01f44d",       // leading zero
      "?u=" + too_many,  // 513 code points
      "?u=110000",       // beyond Unicode
      "?u=",             // empty
      "",                // none
      "?u=%F0%9F%91%8D",  // the character itself, not its number
      "?u=1f44d,",       // trailing comma
      "?u=1f44d%2C%2C1f3fd",
      "?u=zz",
      "?u=-1",
      "?u=1f44d;1f3fd",
  };
  for (const auto& q : bad_u) {
    const auto r = relay_->get(emoji + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.error_code(), "invalid_field") << q;
    EXPECT_EQ(r.body["error"]["field"], "u") << q;
    EXPECT_TRUE(r.body["error"]["message"].is_string()) << q;
  }
  const std::string hash = emoji.substr(emoji.size() - 16, 12);
  const std::vector<std::string> bad_path = {
      "/fonts/emoji-000000000000.ttf?u=1f44d",  // unknown hash
      "/fonts/emoji-" + hash + ".otf?u=1f44d",  // wrong extension
      "/fonts/EMOJI-" + hash + ".ttf?u=1f44d",
      "/fonts/../fonts/emoji-" + hash + ".ttf?u=1f44d",
      "/fonts/..%2Ffonts%2Femoji-" + hash + ".ttf?u=1f44d",
      "/fonts/%2e%2e?u=1f44d",
      "/fonts/?u=1f44d",
      "/fonts/emoji-" + hash + ".ttf/x?u=1f44d",
      "/fonts/..%2F..%2F..%2Fetc%2Fpasswd?u=1f44d",
      "/fonts/font-latin.otf?u=41",  // a static face is not a subset source
  };
  for (const auto& p : bad_path) {
    const auto r = relay_->get(p);
    EXPECT_EQ(r.status, 404) << p;
    EXPECT_EQ(r.error_code(), "not_found") << p;
  }
  // Whatever else arrives: never a 5xx, and the relay keeps answering.
  for (const std::string q : {"?u=0", "?u=10ffff", "?u=d800,dfff", "?u=fffe,ffff", "?u=e0001,e007f",
                              "?u=1f44d&u=zz", "?u[]=1", "?x=1"}) {
    const auto r = relay_->get(emoji + q);
    EXPECT_NE(r.status, 0) << q;
    EXPECT_LT(r.status, 500) << q;
  }
  EXPECT_EQ(relay_->get("/api/v1/health").status, 200);
}
