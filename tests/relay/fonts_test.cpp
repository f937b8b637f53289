// The font subsetting service (services/fonts.hpp): the `u` grammar, which
// files count as faces, and that a subset holds exactly the requested
// characters the face has. Uses Noto Sans Thai from Debian's fonts-noto-core.
#include <gtest/gtest.h>
#include <hb.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "services/fonts.hpp"

using foxo::relay::services::FontService;
using foxo::relay::services::parse_codepoint_list;
namespace fs = std::filesystem;

namespace {

const char* kThai = "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf";

// The code points a font's cmap maps.
std::vector<std::uint32_t> cmap_of(const std::string& bytes) {
  hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()), HB_MEMORY_MODE_READONLY,
                                   nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  hb_set_t* set = hb_set_create();
  hb_face_collect_unicodes(face, set);
  std::vector<std::uint32_t> out;
  for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(set, &cp);) out.push_back(cp);
  hb_set_destroy(set);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return out;
}

struct FontDir {
  fs::path dir;
  FontDir() {
    char tmpl[] = "/tmp/foxo-fonts-XXXXXX";
    dir = mkdtemp(tmpl);
    fs::copy_file(kThai, dir / "thai-0123456789ab.ttf");
    fs::copy_file(kThai, dir / "Thai-0123456789ab.ttf");   // not a face name: upper case
    fs::copy_file(kThai, dir / "thai.0123456789ab.ttf");   // not a face name: a dot
    std::ofstream(dir / "junk-0123456789ab.otf") << "not a font";
  }
  ~FontDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

TEST(FontCodepoints, AcceptsOnlyTheOneSpellingOfAnAscendingSet) {
  EXPECT_EQ(parse_codepoint_list("4f60,597d"), (std::vector<std::uint32_t>{0x4F60, 0x597D}));
  EXPECT_EQ(parse_codepoint_list("0"), (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(parse_codepoint_list("10ffff"), (std::vector<std::uint32_t>{0x10FFFF}));
  EXPECT_EQ(parse_codepoint_list("200d,1f468,1f469"), (std::vector<std::uint32_t>{0x200D, 0x1F468, 0x1F469}));
  for (const char* bad : {"", ",", "597d,4f60", "4f60,4f60", "4F60", "04f60", "00", "110000", "1000000",
                          "4f60,", ",4f60", "4f60,,597d", "4f60 597d", "u+4f60", "-1", "4f60;597d", "g"})
    EXPECT_FALSE(parse_codepoint_list(bad)) << '"' << bad << '"';
  std::string many;
  for (int i = 1; i <= 512; ++i) many += (i > 1 ? "," : "") + std::to_string(i);  // decimal digits are hex too
  EXPECT_EQ(parse_codepoint_list(many)->size(), 512u);
  EXPECT_FALSE(parse_codepoint_list(many + ",1000")) << "513 code points";
}

TEST(FontService, SubsetsHoldTheRequestedCharactersTheFaceHas) {
  FontDir d;
  FontService fonts(d.dir);
  EXPECT_EQ(fonts.face_count(), 1u) << "only NAME-HASH12.ttf files that are fonts";

  // สวัสดี (Thai "hello") and one character the face lacks (你).
  const auto r = fonts.subset("thai-0123456789ab.ttf", "e14,e14d,e27,e31,e35,e2a,4f60");
  ASSERT_FALSE(r.ok()) << "not ascending";
  EXPECT_EQ(r.error.code, foxo::ErrorCode::invalid_field);
  EXPECT_EQ(r.error.field, "u");
  const auto ok = fonts.subset("thai-0123456789ab.ttf", "e14,e27,e2a,e31,e35,4f60");
  ASSERT_TRUE(ok.ok());
  EXPECT_STREQ(ok.value->content_type, "font/ttf");
  EXPECT_EQ(cmap_of(*ok.value->bytes), (std::vector<std::uint32_t>{0xE14, 0xE27, 0xE2A, 0xE31, 0xE35}));
  EXPECT_LT(ok.value->bytes->size(), fs::file_size(kThai) / 2);
  ASSERT_TRUE(ok.value->br) << "glyf outlines compress";
  EXPECT_LT(ok.value->br->size(), ok.value->bytes->size());
  // The same request again comes from the cache: the same bytes, shared.
  EXPECT_EQ(fonts.subset("thai-0123456789ab.ttf", "e14,e27,e2a,e31,e35,4f60").value->bytes, ok.value->bytes);

  for (const char* name : {"Thai-0123456789ab.ttf", "thai.0123456789ab.ttf", "junk-0123456789ab.otf",
                           "../thai-0123456789ab.ttf", "thai-0123456789ab.otf", ""}) {
    const auto nf = fonts.subset(name, "e14");
    ASSERT_FALSE(nf.ok()) << name;
    EXPECT_EQ(nf.error.code, foxo::ErrorCode::not_found) << name;
  }
}

TEST(FontService, TheCacheStaysWithinItsBound) {
  FontDir d;
  FontService fonts(d.dir, 64 * 1024);
  std::shared_ptr<const std::string> first = fonts.subset("thai-0123456789ab.ttf", "e01").value->bytes;
  // Enough distinct subsets to push the first out of a 64 KiB cache.
  for (int cp = 0xE02; cp <= 0xE30; ++cp) {
    char u[16];
    std::snprintf(u, sizeof u, "%x", cp);
    ASSERT_TRUE(fonts.subset("thai-0123456789ab.ttf", u).ok()) << u;
  }
  const auto again = fonts.subset("thai-0123456789ab.ttf", "e01");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again.value->bytes, first) << "evicted and made again";
  EXPECT_EQ(*again.value->bytes, *first) << "the same request gives the same bytes";
}

TEST(FontService, ConcurrentRequestsShareFacesAndCache) {
  FontDir d;
  FontService fonts(d.dir, 32 * 1024);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        // Some requests shared by every thread, some each thread's own.
        const int cp = 0xE01 + (i % 2 == 0 ? i / 2 : 20 + (t * 7 + i) % 27);
        char u[32];
        std::snprintf(u, sizeof u, "%x,%x", cp, 0xE47);
        const auto r = fonts.subset("thai-0123456789ab.ttf", u);
        if (!r.ok() || cmap_of(*r.value->bytes) != std::vector<std::uint32_t>{static_cast<std::uint32_t>(cp), 0xE47})
          ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(FontService, AMissingDirectoryGivesNoFaces) {
  FontService fonts("/nonexistent/foxo/fonts");
  EXPECT_EQ(fonts.face_count(), 0u);
  EXPECT_EQ(fonts.subset("emoji-0123456789ab.ttf", "1f44d").error.code, foxo::ErrorCode::not_found);
}
