// QR codes (core/qr.hpp): what libqrencode makes must be read back by a real
// reader. The matrix is drawn as a PGM image (4 px a module, the 4-module
// quiet zone the standard asks for) and decoded by zbarimg (zbar-tools).
#include "core/qr.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace foxo::relay::qr {
namespace {

std::string decode_with_zbar(const Matrix& m) {
  constexpr int kScale = 4, kQuiet = 4;
  const int side = (m.size + 2 * kQuiet) * kScale;
  const auto path = std::filesystem::temp_directory_path() / ("foxo-qr-" + std::to_string(::getpid()) + ".pgm");
  {
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << side << " " << side << "\n255\n";
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) {
        const int mx = x / kScale - kQuiet, my = y / kScale - kQuiet;
        const bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
        out.put(static_cast<char>(dark ? 0 : 255));
      }
  }
  std::string text;
  if (FILE* p = ::popen((std::string(FOXO_ZBARIMG) + " --raw -q " + path.string()).c_str(), "r")) {
    char buf[4096];
    while (const std::size_t n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

TEST(Qr, AnEnrolmentLinkIsReadBackByARealReader) {
  const std::string uri =
      "otpauth://totp/Ph%C3%B2ng%20kh%C3%A1m%20Nguy%E1%BB%85n:th%E1%BA%A3o%40demo.test?"
      "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ph%C3%B2ng%20kh%C3%A1m%20Nguy%E1%BB%85n"
      "&algorithm=SHA1&digits=6&period=30";
  const auto m = encode(uri);
  ASSERT_TRUE(m);
  EXPECT_GE(m->size, 21);
  EXPECT_EQ((m->size - 17) % 4, 0) << "a QR symbol is 17 + 4 x version modules wide";
  EXPECT_EQ(decode_with_zbar(*m), uri);
}

TEST(Qr, TheFinderPatternsAreWhereReadersLookForThem) {
  const auto m = encode("otpauth://totp/Demo:ivy?secret=MY");
  ASSERT_TRUE(m);
  // Each corner but the bottom right has a 7x7 finder: a dark ring, a light
  // ring, a dark 3x3 centre.
  for (const auto [ox, oy] : {std::pair{0, 0}, std::pair{m->size - 7, 0}, std::pair{0, m->size - 7}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(m->at(ox + i, oy)) << ox << "," << oy;
      EXPECT_TRUE(m->at(ox, oy + i));
    }
    EXPECT_FALSE(m->at(ox + 1, oy + 1));
    EXPECT_TRUE(m->at(ox + 3, oy + 3));
  }
}

TEST(Qr, TextThatCannotBeACodeIsRefused) {
  EXPECT_EQ(encode(""), std::nullopt);
  EXPECT_EQ(encode(std::string("a\0b", 3)), std::nullopt);
  EXPECT_EQ(encode(std::string(4000, 'x')), std::nullopt) << "beyond version 40 at level M";
}

}  // namespace
}  // namespace foxo::relay::qr
