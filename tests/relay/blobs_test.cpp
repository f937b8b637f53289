#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "blobs/blob_vault.hpp"
#include "blobs/file_type.hpp"
#include "blobs/jpeg_metadata.hpp"

using namespace foxo::relay::blobs;

namespace {
struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/foxo-blobs-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};
std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
Key test_key() {
  Key k{};
  for (int i = 0; i < 32; ++i) k[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return k;
}
}  // namespace

TEST(BlobVault, RoundTripAndNoPlaintextOnDisk) {
  TempDir d;
  BlobVault v(d.path, test_key());
  const std::string plain = "Patient letter: very secret contents " + std::string(1000, 'x');
  const auto name = v.put("att1", plain);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->find('/'), std::string::npos);
  // Until its row commits the blob is only NAME.tmp (complete, readable);
  // publish() gives it its final name.
  EXPECT_FALSE(std::filesystem::exists(d.path + "/" + *name));
  std::string early;
  ASSERT_EQ(v.get(*name, "att1", early), BlobError::none);
  EXPECT_EQ(early, plain);
  ASSERT_TRUE(v.publish(*name));
  EXPECT_FALSE(std::filesystem::exists(d.path + "/" + *name + ".tmp"));
  const std::string on_disk = slurp(d.path + "/" + *name);
  EXPECT_EQ(on_disk.find("very secret"), std::string::npos);
  std::string back;
  ASSERT_EQ(v.get(*name, "att1", back), BlobError::none);
  EXPECT_EQ(back, plain);
  // Two puts of the same bytes differ (fresh nonce).
  const auto name2 = v.put("att1", plain);
  ASSERT_TRUE(name2 && v.publish(*name2));
  EXPECT_NE(slurp(d.path + "/" + *name2).substr(5, 12), on_disk.substr(5, 12));
}

TEST(BlobVault, TamperingWrongIdAndWrongKeyAreDetected) {
  TempDir d;
  BlobVault v(d.path, test_key());
  const auto name = v.put("att1", "hello world");
  ASSERT_TRUE(name && v.publish(*name));
  std::string out;
  EXPECT_EQ(v.get(*name, "att2", out), BlobError::tampered);
  EXPECT_TRUE(out.empty());
  Key other = test_key();
  other[0] ^= 1;
  EXPECT_EQ(BlobVault(d.path, other).get(*name, "att1", out), BlobError::tampered);
  std::string bytes = slurp(d.path + "/" + *name);
  bytes[20] ^= 0x01;
  std::ofstream(d.path + "/" + *name, std::ios::binary | std::ios::trunc) << bytes;
  EXPECT_EQ(v.get(*name, "att1", out), BlobError::tampered);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(v.get("missing.blob", "att1", out), BlobError::not_found);
  EXPECT_EQ(v.get("../etc/passwd", "att1", out), BlobError::not_found);
}

TEST(BlobKey, CreatedOnceWithMode0600AndReloaded) {
  TempDir d;
  const std::string f = d.path + "/attachment.key";
  const auto a = load_or_create_key(f, "");
  ASSERT_TRUE(a.key) << a.error;
  EXPECT_TRUE(a.created);
  struct stat st {};
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto b = load_or_create_key(f, "");
  ASSERT_TRUE(b.key);
  EXPECT_FALSE(b.created);
  EXPECT_EQ(*a.key, *b.key);
  chmod(f.c_str(), 0644);
  EXPECT_FALSE(load_or_create_key(f, "").key);
  EXPECT_TRUE(load_or_create_key(f, std::string(64, 'a')).key);
  EXPECT_FALSE(load_or_create_key(f, "abc").key);
}

TEST(FileType, AllowListByContent) {
  FileTypeDetector det;
  ASSERT_TRUE(det.ready());
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  EXPECT_EQ(det.detect(png), "image/png");
  EXPECT_TRUE(det.check(png, "image/png").allowed);
  EXPECT_TRUE(det.check(png, "").allowed);
  EXPECT_TRUE(det.check(png, "application/octet-stream").allowed);
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n";
  EXPECT_EQ(det.detect(pdf), "application/pdf");
  EXPECT_TRUE(det.check("Results are normal.\nCall me back.\n", "text/plain").allowed);
}

TEST(FileType, RefusesHtmlSvgExecutablesAndMismatches) {
  FileTypeDetector det;
  EXPECT_FALSE(det.check("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "").allowed);
  EXPECT_FALSE(det.check("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "image/svg+xml").allowed);
  std::string elf("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0", 24);
  elf.resize(128, '\0');
  EXPECT_FALSE(det.check(elf, "application/octet-stream").allowed);
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  const auto v = det.check(png, "application/pdf");
  EXPECT_FALSE(v.allowed);
  EXPECT_NE(v.reason.find("do not match"), std::string::npos);
  EXPECT_EQ(canonical_type("IMAGE/JPG; q=1"), "image/jpeg");
}

namespace {
// A small JPEG: SOI, Exif (IFD0: Orientation=6, GPSInfo -> GPS IFD with a
// latitude), an XMP segment, SOS with a few bytes, EOI. Big-endian TIFF.
std::string jpeg_with_gps() {
  std::string tiff = std::string("MM\0\x2a\0\0\0\x08", 8);
  // IFD0 at 8: 2 entries
  auto u16 = [](int v) { return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; };
  auto u32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16 & 0xff), static_cast<char>(v >> 8 & 0xff),
                       static_cast<char>(v & 0xff)};
  };
  tiff += u16(2);
  tiff += u16(0x0112) + u16(3) + u32(1) + u16(6) + u16(0);  // Orientation
  const std::uint32_t gps_at = 8 + 2 + 24 + 4;
  tiff += u16(0x8825) + u16(4) + u32(1) + u32(gps_at);
  tiff += u32(0);  // next IFD
  // GPS IFD: LatitudeRef 'S', Latitude 3 rationals out of line
  const std::uint32_t lat_at = gps_at + 2 + 24 + 4;
  tiff += u16(2);
  tiff += u16(0x0001) + u16(2) + u32(2) + std::string("S\0\0\0", 4);
  tiff += u16(0x0002) + u16(5) + u32(3) + u32(lat_at);
  tiff += u32(0);
  tiff += u32(33) + u32(1) + u32(52) + u32(1) + u32(1234) + u32(100);  // 33 52 12.34
  std::string exif = std::string("Exif\0\0", 6) + tiff;
  std::string j("\xff\xd8", 2);
  j += std::string("\xff\xe1", 2) + u16(static_cast<int>(exif.size() + 2)) + exif;
  const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/\0", 29) + "<x:xmpmeta>exif:GPSLatitude 33,52</x:xmpmeta>";
  j += std::string("\xff\xe1", 2) + u16(static_cast<int>(xmp.size() + 2)) + xmp;
  j += std::string("\xff\xda\0\x08\x01\x01\0\0\x3f\0", 10) + "scan-data" + std::string("\xff\xd9", 2);
  return j;
}
}  // namespace

TEST(JpegMetadata, RemovesGpsKeepsOrientationDropsXmp) {
  std::string j = jpeg_with_gps();
  const std::string before = j;
  ASSERT_NE(j.find(std::string("\0\0\x04\xd2", 4)), std::string::npos);  // 1234 is in there
  const auto r = strip_jpeg_location(j);
  EXPECT_TRUE(r.is_jpeg);
  EXPECT_TRUE(r.gps_removed);
  EXPECT_EQ(r.segments_dropped, 1);
  EXPECT_EQ(j.find(std::string("\0\0\x04\xd2", 4)), std::string::npos);  // latitude gone
  EXPECT_EQ(j.find("GPSLatitude"), std::string::npos);                   // XMP gone
  EXPECT_NE(j.find(std::string("\x01\x12\0\x03\0\0\0\x01\0\x06", 10)), std::string::npos);  // orientation kept
  EXPECT_NE(j.find("scan-data"), std::string::npos);
  EXPECT_LT(j.size(), before.size());
}

TEST(JpegMetadata, LeavesNonJpegAndBrokenInputAlone) {
  std::string s = "not a jpeg";
  EXPECT_FALSE(strip_jpeg_location(s).is_jpeg);
  EXPECT_EQ(s, "not a jpeg");
  std::string broken = jpeg_with_gps().substr(0, 30);
  const std::string copy = broken;
  EXPECT_FALSE(strip_jpeg_location(broken).is_jpeg);
  EXPECT_EQ(broken, copy);
}
