// Unit tests of the attachment upload's part collector
// (relay/http/multipart/multipart_collector.cpp), fed part headers and chunks
// as httplib's content reader hands them over; the route around it is covered
// by the attachment integration tests, the parser before it by the fuzzer.
#include <gtest/gtest.h>

#include <string>

#include "http/multipart/multipart_collector.hpp"

using foxo::relay::http::browser_filename;
using foxo::relay::http::drain_limit;
using foxo::relay::http::kMaxOtherParts;
using foxo::relay::http::MultipartCollector;

namespace {
bool feed(MultipartCollector& c, const std::string& s) { return c.on_data(s.data(), s.size()); }
}  // namespace

TEST(MultipartCollector, KeepsFileAndClientIdWithNonAsciiName) {
  MultipartCollector c(1024, 0);
  ASSERT_TRUE(c.on_part("client_id", "", ""));
  ASSERT_TRUE(feed(c, "up-1"));
  ASSERT_TRUE(c.on_part("file", "Kết quả xét nghiệm 🩺.pdf", "application/pdf"));
  ASSERT_TRUE(feed(c, "%PDF-"));
  ASSERT_TRUE(feed(c, "1.7"));
  EXPECT_TRUE(c.has_file);
  EXPECT_TRUE(c.has_client_id);
  EXPECT_EQ(c.filename, "Kết quả xét nghiệm 🩺.pdf");  // bytes as sent: sanitising is the service's
  EXPECT_EQ(c.claimed_type, "application/pdf");
  EXPECT_EQ(c.client_id, "up-1");
  EXPECT_EQ(c.bytes, "%PDF-1.7");
  EXPECT_FALSE(c.too_large);
  EXPECT_FALSE(c.bad);
}

TEST(MultipartCollector, UndoesBrowserEscapesInFileName) {
  MultipartCollector c(1024, 0);
  ASSERT_TRUE(c.on_part("file", "%22王芳%22%0D%0a.jpg", "image/jpeg"));
  EXPECT_EQ(c.filename, "\"王芳\".jpg");
  EXPECT_EQ(browser_filename("100%.jpg"), "100%.jpg");  // a lone % stays
}

TEST(MultipartCollector, OneFilePerRequest) {
  MultipartCollector c(1024, 0);
  ASSERT_TRUE(c.on_part("file", "王芳.jpg", "image/jpeg"));
  EXPECT_FALSE(c.on_part("file", "second.jpg", "image/jpeg"));
  ASSERT_TRUE(c.bad);
  EXPECT_EQ(c.bad->field, "file");
}

TEST(MultipartCollector, ClientIdAndOtherPartsHaveAllowances) {
  MultipartCollector c(1024, 0);
  ASSERT_TRUE(c.on_part("client_id", "", ""));
  EXPECT_TRUE(feed(c, std::string(64, 'a')));
  EXPECT_FALSE(feed(c, "b"));
  ASSERT_TRUE(c.bad);
  EXPECT_EQ(c.bad->field, "client_id");

  MultipartCollector o(1024, 0);
  ASSERT_TRUE(o.on_part("note", "", ""));
  EXPECT_TRUE(feed(o, std::string(kMaxOtherParts, 'x')));
  EXPECT_FALSE(feed(o, "x"));
  EXPECT_TRUE(o.bad);
}

TEST(MultipartCollector, TooLargeKeepsNothingAndDrainsUpToTheLimit) {
  MultipartCollector c(10, 0);
  ASSERT_TRUE(c.on_part("file", "王芳.jpg", "image/jpeg"));
  EXPECT_TRUE(feed(c, std::string(10, 'x')));
  EXPECT_TRUE(feed(c, "y"));  // over the limit: dropped, still read to be discarded
  EXPECT_TRUE(c.too_large);
  EXPECT_TRUE(c.bytes.empty());
  EXPECT_FALSE(c.bad);
  EXPECT_FALSE(feed(c, std::string(drain_limit(10), 'z')));  // past the drain limit the read ends

  // Declared larger than the file and its slack: refused before any part.
  MultipartCollector d(10, 10 + foxo::relay::http::kMultipartSlack + 1);
  EXPECT_TRUE(d.too_large);
}
