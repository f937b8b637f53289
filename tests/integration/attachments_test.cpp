// Attachments against the real relay: uploads by guest and staff, byte-exact
// downloads with their headers, every refusal (size, wrong types, hostile
// names), idempotent retries, outsiders' 404, JPEG location stripping,
// encryption at rest (no plaintext anywhere under the data dir), tampering,
// the key, and the start-up sweep of orphaned blobs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "case_helpers.hpp"
#include "foxo/filenames.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

// A refused upload may see its connection closed while it is still sending:
// that must fail the request, not kill the test process.
const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

const std::string kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const std::string kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const std::string kMarker = "FOXO-PLAINTEXT-MARKER-q7Zx3";

// ---- Fixtures ----------------------------------------------------------------

std::string png_1x1() {
  static const unsigned char b[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
      0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
      0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(b), sizeof b);
}

std::string pdf_doc() {
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
         "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

std::string text_doc() {
  return "Pathology results for review.\n" + kMarker + "\nPlease call the practice back.\n";
}

std::string le16(unsigned v) { return std::string{static_cast<char>(v & 0xff), static_cast<char>(v >> 8 & 0xff)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xffff) + le16(v >> 16); }
std::uint32_t crc32(const std::string& s) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

// A zip with stored (uncompressed) entries, in order.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    const auto off = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(data), size = static_cast<std::uint32_t>(data.size());
    const auto nlen = static_cast<unsigned>(name.size());
    out += le32(0x04034b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(size) +
           le32(size) + le16(nlen) + le16(0) + name + data;
    central += le32(0x02014b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) +
               le32(size) + le32(size) + le16(nlen) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(off) +
               name;
  }
  const auto cd_at = static_cast<std::uint32_t>(out.size());
  const auto n = static_cast<unsigned>(files.size());
  out += central;
  out += le32(0x06054b50) + le16(0) + le16(0) + le16(n) + le16(n) + le32(static_cast<std::uint32_t>(central.size())) +
         le32(cd_at) + le16(0);
  return out;
}

// Minimal OOXML packages: [Content_Types].xml first, as Office writes them.
std::string ooxml(const std::string& dir, const std::string& main_part, const std::string& main_type,
                  const std::string& main_xml) {
  const std::string types =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/)" + dir + "/" + main_part + R"(" ContentType=")" + main_type + R"("/></Types>)";
  const std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target=")" +
      dir + "/" + main_part + R"("/></Relationships>)";
  return stored_zip({{"[Content_Types].xml", types}, {"_rels/.rels", rels}, {dir + "/" + main_part, main_xml}});
}

std::string docx_doc() {
  return ooxml("word", "document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
               R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>)"
               R"(<w:r><w:t>Referral letter</w:t></w:r></w:p></w:body></w:document>)");
}

std::string xlsx_doc() {
  return ooxml("xl", "workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
               R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>)"
               R"(<sheet name="Results" sheetId="1"/></sheets></workbook>)");
}

// The JPEG of tests/relay/blobs_test.cpp: Exif with Orientation=6 and a GPS
// IFD (latitude 33 52 12.34 S), an XMP packet naming the place, a tiny scan.
std::string jpeg_with_gps() {
  auto u16 = [](int v) { return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; };
  auto u32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16 & 0xff), static_cast<char>(v >> 8 & 0xff),
                       static_cast<char>(v & 0xff)};
  };
  std::string tiff = std::string("MM\0\x2a\0\0\0\x08", 8);
  tiff += u16(2);
  tiff += u16(0x0112) + u16(3) + u32(1) + u16(6) + u16(0);
  const std::uint32_t gps_at = 8 + 2 + 24 + 4;
  tiff += u16(0x8825) + u16(4) + u32(1) + u32(gps_at);
  tiff += u32(0);
  const std::uint32_t lat_at = gps_at + 2 + 24 + 4;
  tiff += u16(2);
  tiff += u16(0x0001) + u16(2) + u32(2) + std::string("S\0\0\0", 4);
  tiff += u16(0x0002) + u16(5) + u32(3) + u32(lat_at);
  tiff += u32(0);
  tiff += u32(33) + u32(1) + u32(52) + u32(1) + u32(1234) + u32(100);
  std::string exif = std::string("Exif\0\0", 6) + tiff;
  std::string j("\xff\xd8", 2);
  j += std::string("\xff\xe1", 2) + u16(static_cast<int>(exif.size() + 2)) + exif;
  const std::string xmp =
      std::string("http://ns.adobe.com/xap/1.0/\0", 29) + "<x:xmpmeta>exif:GPSLatitude 33,52</x:xmpmeta>";
  j += std::string("\xff\xe1", 2) + u16(static_cast<int>(xmp.size() + 2)) + xmp;
  j += std::string("\xff\xda\0\x08\x01\x01\0\0\x3f\0", 10) + "scan-data" + std::string("\xff\xd9", 2);
  return j;
}

std::string elf_exe() {
  std::string elf("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0", 24);
  elf.resize(256, '\0');
  return elf;
}

// ---- HTTP ------------------------------------------------------------------------

const std::string kBoundary = "----foxo-test-boundary-5d1c";

std::string file_part(const std::string& filename, const std::string& type, const std::string& bytes) {
  std::string p = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
                  "\"\r\n";
  if (!type.empty()) p += "Content-Type: " + type + "\r\n";
  return p + "\r\n" + bytes + "\r\n";
}
std::string field_part(const std::string& name, const std::string& value) {
  return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}
std::string multipart_end() { return "--" + kBoundary + "--\r\n"; }
std::string multipart_type() { return "multipart/form-data; boundary=" + kBoundary; }

Reply upload(const RelayProcess& relay, const std::string& case_id, const std::string& cookie,
             const std::string& filename, const std::string& type, const std::string& bytes,
             const std::string& client_id = "") {
  std::string body;
  if (!client_id.empty()) body += field_part("client_id", client_id);
  body += file_part(filename, type, bytes) + multipart_end();
  return relay.post_raw("/api/v1/cases/" + case_id + "/attachments", body, multipart_type(), cookie);
}

Reply download(const RelayProcess& relay, const std::string& id, const std::string& cookie) {
  return relay.get("/api/v1/attachments/" + id, cookie);
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<fs::path> blob_files(const RelayProcess& relay) {
  std::vector<fs::path> out;
  // On PostgreSQL the vault's bytes are rows of the `blobs` table (their names here).
  if (!relay.store_url().empty()) {
    for (const auto& name : pg_column(relay.store_url(), "SELECT name FROM blobs")) out.emplace_back(name);
    return out;
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(relay.data_dir() + "/blobs", ec))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

std::size_t message_count(const RelayProcess& relay, const std::string& case_id, const std::string& cookie) {
  return relay.get("/api/v1/cases/" + case_id, cookie).body["messages"].size();
}

std::vector<std::string> audit_actions(const RelayProcess& relay, const std::string& case_id) {
  const std::string admin = relay.staff_cookie("admin@demo.test");
  const auto r = relay.get("/api/v1/admin/audit?case_id=" + case_id, admin);
  std::vector<std::string> out;
  for (const auto& e : r.body["entries"]) out.push_back(e["action"]);
  return out;
}

long count_of(const std::vector<std::string>& v, const std::string& s) { return std::count(v.begin(), v.end(), s); }

// Runs the relay binary with `env` until it exits (it should refuse to start); returns its exit status and output.
std::pair<int, std::string> run_refusing(const std::string& data_dir, const std::string& env_prefix,
                                         const std::string& extra = "") {
  const std::string cmd = env_prefix + " " + relay_binary() + " --dev --port 0 --quiet --data " + data_dir + " " +
                          extra + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  const int status = p ? pclose(p) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Sends only a request head (no body) on a raw socket and reads the answer
// until the relay closes the connection. `closed`: it did (rather than the
// 10 s read timeout ending the wait).
std::string head_only_answer(int port, const std::string& head, bool* closed) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::send(fd, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size())) {
      char buf[4096];
      ssize_t n = 0;
      while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<std::size_t>(n));
      *closed = n == 0;
    }
  }
  ::close(fd);
  return answer;
}

struct World {
  RelayProcess relay;
  FixtureGuest guest;
  std::string ivy;  // intake1: the assignee
  explicit World(RelayProcess::Options o = {}) : relay(std::move(o)) {
    guest = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
    ivy = relay.staff_cookie("intake1@demo.test");
  }
};

void expect_download_headers(const Reply& r, const std::string& name, const std::string& type) {
  EXPECT_EQ(r.header("Content-Type"), type);
  EXPECT_EQ(r.header("Content-Disposition"), foxo::content_disposition_attachment(name));
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

}  // namespace

// ---- Round trips -------------------------------------------------------------------

TEST(Attachments, GuestAndStaffRoundTripsAreByteExact) {
  World w;
  struct Doc {
    std::string name, type, bytes;
  };
  const std::vector<Doc> docs{{"scan.png", "image/png", png_1x1()},
                              {"letter.pdf", "application/pdf", pdf_doc()},
                              {"notes.txt", "text/plain", text_doc()},
                              {"referral.docx", kDocx, docx_doc()},
                              {"results.xlsx", kXlsx, xlsx_doc()}};
  SseClient stream(w.relay.port(), w.guest.cookie);
  ASSERT_TRUE(stream.wait_connected());
  int n = 0;
  for (const auto& doc : docs) {
    for (const auto* cookie : {&w.guest.cookie, &w.ivy}) {
      const bool by_guest = cookie == &w.guest.cookie;
      // The browser's claim: the real type for the guest, nothing specific for staff.
      const auto up = upload(w.relay, w.guest.case_id, *cookie, doc.name, by_guest ? doc.type : "application/octet-stream",
                             doc.bytes, "att-" + std::to_string(++n));
      ASSERT_EQ(up.status, 201) << doc.name << ": " << up.raw;
      EXPECT_EQ(up.body["author"]["kind"], by_guest ? "guest" : "staff");
      EXPECT_EQ(up.body["body"], "");
      const auto& att = up.body["attachment"];
      ASSERT_TRUE(att.is_object()) << up.raw;
      EXPECT_EQ(att["name"], doc.name);
      EXPECT_EQ(att["content_type"], doc.type) << doc.name;
      EXPECT_EQ(att["size"], doc.bytes.size());
      const std::string id = att["id"];
      EXPECT_GE(id.size(), 16u);
      // Both sides download it, byte for byte.
      for (const auto* reader : {&w.guest.cookie, &w.ivy}) {
        const auto down = download(w.relay, id, *reader);
        ASSERT_EQ(down.status, 200) << doc.name << ": " << down.raw.substr(0, 200);
        EXPECT_TRUE(down.raw == doc.bytes) << doc.name;
        expect_download_headers(down, doc.name, doc.type);
      }
    }
  }
  // The transcript carries them; the live stream delivered each as a message event.
  const auto detail = w.relay.get("/api/v1/cases/" + w.guest.case_id, w.guest.cookie);
  ASSERT_EQ(detail.body["messages"].size(), docs.size() * 2);
  for (const auto& m : detail.body["messages"]) EXPECT_TRUE(m["attachment"].is_object());
  ASSERT_TRUE(stream.wait_for([&](const auto& evs) {
    return message_seqs(evs, w.guest.case_id).size() >= docs.size() * 2;
  })) << stream.raw();
  for (const auto& e : stream.events())
    if (e.event == "message") EXPECT_TRUE(e.data["message"]["attachment"].is_object());
  // Each download wrote an audit row; each upload too.
  const auto actions = audit_actions(w.relay, w.guest.case_id);
  EXPECT_EQ(count_of(actions, "attachment.download"), static_cast<long>(docs.size() * 4));
  EXPECT_EQ(count_of(actions, "attachment.upload"), static_cast<long>(docs.size() * 2));
}

TEST(Attachments, FollowsTheMessageLifecycle) {
  World w;
  const std::string base = "/api/v1/cases/" + w.guest.case_id;
  // Another member of the team cannot write to a case someone else works.
  const std::string ian = w.relay.staff_cookie("intake2@demo.test");
  const auto other = upload(w.relay, w.guest.case_id, ian, "a.pdf", "application/pdf", pdf_doc());
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.error_code(), "already_claimed");
  // A guest upload on a close request returns the case to active.
  ASSERT_EQ(w.relay.post("/api/v1/staff/cases/" + w.guest.case_id + "/request-close", json::object(), w.ivy).status, 200);
  ASSERT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc(), "g1").status, 201);
  EXPECT_EQ(w.relay.get(base, w.guest.cookie).body["status"], "active");
  // Closed: 409 case_closed, and nothing stored; a retry of an accepted upload still gets its message.
  ASSERT_EQ(w.relay.post(base + "/close", json::object(), w.guest.cookie).status, 200);
  const auto blobs_before = blob_files(w.relay).size();
  const auto closed = upload(w.relay, w.guest.case_id, w.guest.cookie, "b.pdf", "", pdf_doc(), "g2");
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.error_code(), "case_closed");
  EXPECT_EQ(upload(w.relay, w.guest.case_id, w.ivy, "b.pdf", "", pdf_doc()).error_code(), "case_closed");
  const auto retry = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc(), "g1");
  EXPECT_EQ(retry.status, 200) << retry.raw;
  EXPECT_EQ(blob_files(w.relay).size(), blobs_before);

  // Staff must claim a waiting case first.
  const auto waiting = load_guests(w.relay, "intake", 1)[0];
  const auto unclaimed = upload(w.relay, waiting.case_id, w.ivy, "a.pdf", "", pdf_doc());
  EXPECT_EQ(unclaimed.status, 409);
  EXPECT_EQ(unclaimed.error_code(), "conflict");
  EXPECT_EQ(upload(w.relay, waiting.case_id, waiting.cookie, "a.pdf", "", pdf_doc()).status, 201);  // guests may
}

// ---- Refusals --------------------------------------------------------------------------

TEST(Attachments, RefusesHtmlSvgExecutablesAndMismatchedClaims) {
  World w;
  struct Bad {
    std::string what, name, type, bytes;
  };
  const std::vector<Bad> bad{
      {"html", "page.html", "text/html",
       "<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"},
      {"html named as text", "notes.txt", "text/plain",
       "<!DOCTYPE html><html><body><script>fetch('/api/v1/guest/me')</script></body></html>\n"},
      {"svg", "logo.svg", "image/svg+xml",
       "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>\n"},
      {"svg claimed as png", "logo.png", "image/png",
       "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n"},
      {"elf executable", "setup.pdf", "application/octet-stream", elf_exe()},
      {"png claimed as pdf", "scan.pdf", "application/pdf", png_1x1()},
  };
  for (const auto& b : bad) {
    const auto r = upload(w.relay, w.guest.case_id, w.guest.cookie, b.name, b.type, b.bytes);
    EXPECT_EQ(r.status, 415) << b.what << ": " << r.raw;
    EXPECT_EQ(r.error_code(), "unsupported_type") << b.what;
    EXPECT_FALSE(r.body["error"].value("message", std::string()).empty()) << b.what;
  }
  const auto mismatch = upload(w.relay, w.guest.case_id, w.guest.cookie, "scan.pdf", "application/pdf", png_1x1());
  EXPECT_NE(mismatch.body["error"]["message"].get<std::string>().find("do not match"), std::string::npos);
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 0u);
  EXPECT_TRUE(blob_files(w.relay).empty());
}

TEST(Attachments, MalformedUploadsAreRefusedWithTheField) {
  World w;
  const std::string path = "/api/v1/cases/" + w.guest.case_id + "/attachments";
  auto r = w.relay.post_raw(path, "hello", "text/plain", w.guest.cookie);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "file");
  r = w.relay.post_raw(path, field_part("client_id", "c1") + multipart_end(), multipart_type(), w.guest.cookie);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.body["error"]["field"], "file");
  r = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc(), "bad id!");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "client_id");
  r = upload(w.relay, w.guest.case_id, w.guest.cookie, "empty.txt", "", "");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "file");
  r = w.relay.post_raw(path, file_part("a.pdf", "", pdf_doc()) + file_part("b.pdf", "", pdf_doc()) + multipart_end(),
                       multipart_type(), w.guest.cookie);
  EXPECT_EQ(r.status, 400);
  // Not signed in.
  r = upload(w.relay, w.guest.case_id, "", "a.pdf", "", pdf_doc());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 0u);
  EXPECT_TRUE(blob_files(w.relay).empty());
}

TEST(Attachments, OverTheLimitIs413AndNothingIsStored) {
  RelayProcess::Options o;
  o.extra_args = {"--max-attachment-mb", "1"};
  World w(o);
  const std::size_t mb = 1024 * 1024;
  // Exactly the limit is accepted.
  const auto at_limit = upload(w.relay, w.guest.case_id, w.guest.cookie, "big.txt", "text/plain", std::string(mb, 'a'));
  ASSERT_EQ(at_limit.status, 201) << at_limit.raw;
  ASSERT_EQ(blob_files(w.relay).size(), 1u);

  // One byte over: caught while streaming.
  auto r = upload(w.relay, w.guest.case_id, w.guest.cookie, "big.txt", "text/plain", std::string(mb + 1, 'a'));
  EXPECT_EQ(r.status, 413) << r.raw;
  EXPECT_EQ(r.error_code(), "too_large");
  EXPECT_EQ(r.body["error"]["max_bytes"], mb);
  // Declared larger than the limit (Content-Length): refused, the body only discarded.
  r = upload(w.relay, w.guest.case_id, w.guest.cookie, "big.txt", "text/plain", std::string(mb + mb / 2, 'a'));
  EXPECT_EQ(r.status, 413) << r.raw;
  EXPECT_EQ(r.error_code(), "too_large");
  // Chunked, without a length: cut off past the limit.
  {
    const std::string body = file_part("big.txt", "text/plain", std::string(mb + mb / 2, 'b')) + multipart_end();
    httplib::Client c("127.0.0.1", w.relay.port());
    c.set_read_timeout(30);
    auto res = c.Post(("/api/v1/cases/" + w.guest.case_id + "/attachments").c_str(), {{"Cookie", w.guest.cookie}},
                      [&body](std::size_t offset, httplib::DataSink& sink) {
                        if (offset >= body.size()) {
                          sink.done();
                          return true;
                        }
                        const std::size_t n = std::min<std::size_t>(64 * 1024, body.size() - offset);
                        return sink.write(body.data() + offset, n);
                      },
                      multipart_type().c_str());
    if (res) EXPECT_EQ(res->status, 413);  // a reset before the answer is also a refusal
  }
  // Declared far larger: answered at once, before any of the body is sent, and the connection closed.
  {
    bool closed = false;
    const std::string answer = head_only_answer(
        w.relay.port(),
        "POST /api/v1/cases/" + w.guest.case_id + "/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " +
            w.guest.cookie + "\r\nContent-Type: " + multipart_type() + "\r\nContent-Length: 5000000000\r\n\r\n",
        &closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
    EXPECT_NE(answer.find("too_large"), std::string::npos);
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    EXPECT_TRUE(closed) << "the relay must close the connection after answering, not wait for the body";
  }
  // Nothing but the accepted file was stored.
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 1u);
  EXPECT_EQ(blob_files(w.relay).size(), 1u);
  // The relay is still fine.
  EXPECT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc()).status, 201);
}

TEST(Attachments, OtherRoutesRefuseLargeBodiesBeforeReadingThem) {
  RelayProcess relay;
  for (const std::string framing : {"Content-Length: 2097152", "Transfer-Encoding: chunked"}) {
    bool closed = false;
    const std::string answer = head_only_answer(
        relay.port(),
        "POST /api/v1/guest/otp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing +
            "\r\n\r\n",
        &closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << framing << ": " << answer;
    EXPECT_NE(answer.find("\"too_large\""), std::string::npos) << framing;
    EXPECT_TRUE(closed) << framing;
  }
  // Small JSON bodies are unaffected.
  EXPECT_EQ(relay.post("/api/v1/guest/otp", json{{"team", "intake"}}).status, 400);
}

TEST(Attachments, HostileNamesAreSanitisedInTheAnswerAndTheDownload) {
  World w;
  struct Case {
    std::string sent, expected;
  };
  const std::vector<Case> names{
      {"../../x.pdf", "x.pdf"},
      {"..\\..\\windows\\x.pdf", "x.pdf"},
      {"a\x07" "b\x1b[31m\x7f.pdf", "ab[31m.pdf"},
      {"invoice\xE2\x80\xAE" "fdp.exe.pdf", "invoicefdp.exe.pdf"},  // U+202E RIGHT-TO-LEFT OVERRIDE
      {"\xE2\x80\x8F\xE2\x81\xA6report.pdf\xE2\x81\xA9", "report.pdf"},
      {"..", "file"},
      {"r\xC3\xA9sum\xC3\xA9 \"final\";.pdf", "r\xC3\xA9sum\xC3\xA9 _final__.pdf"},
      // Browsers escape " CR LF in multipart names as %22 %0D %0A (HTML form encoding).
      {"r\xC3\xA9sum\xC3\xA9 %22final%22.pdf", "r\xC3\xA9sum\xC3\xA9 _final_.pdf"},
      {"line%0D%0Abreak.pdf", "linebreak.pdf"},
  };
  for (const auto& n : names) {
    const auto up = upload(w.relay, w.guest.case_id, w.guest.cookie, n.sent, "application/pdf", pdf_doc());
    ASSERT_EQ(up.status, 201) << up.raw;
    EXPECT_EQ(up.body["attachment"]["name"], n.expected);
    // Read raw: httplib's client percent-decodes header values it parses.
    bool closed = false;
    const std::string answer = head_only_answer(
        w.relay.port(),
        "GET /api/v1/attachments/" + up.body["attachment"]["id"].get<std::string>() +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + w.ivy + "\r\nConnection: close\r\n\r\n",
        &closed);
    ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 300);
    const auto at = answer.find("\r\nContent-Disposition: ");
    ASSERT_NE(at, std::string::npos);
    const auto from = at + std::string("\r\nContent-Disposition: ").size();
    const std::string cd = answer.substr(from, answer.find("\r\n", from) - from);
    EXPECT_EQ(cd, foxo::content_disposition_attachment(n.expected));
    EXPECT_EQ(cd.rfind("attachment; ", 0), 0u);
    for (unsigned char c : cd) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << cd;  // plain ASCII header
    EXPECT_EQ(cd.find('/'), std::string::npos);
  }
}

// ---- Idempotency and access ---------------------------------------------------------------

TEST(Attachments, RetryWithTheSameClientIdReturnsTheFirstMessage) {
  World w;
  const auto first = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc(), "upload-1");
  ASSERT_EQ(first.status, 201) << first.raw;
  const auto again = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc(), "upload-1");
  EXPECT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["seq"], first.body["seq"]);
  EXPECT_EQ(again.body["attachment"]["id"], first.body["attachment"]["id"]);
  EXPECT_EQ(again.body["created_at"], first.body["created_at"]);
  // Even with other bytes in the retry: the first is kept, nothing new stored.
  const auto other = upload(w.relay, w.guest.case_id, w.guest.cookie, "b.png", "", png_1x1(), "upload-1");
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body["attachment"]["id"], first.body["attachment"]["id"]);
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 1u);
  EXPECT_EQ(blob_files(w.relay).size(), 1u);
  // Staff may use the same client_id independently.
  EXPECT_EQ(upload(w.relay, w.guest.case_id, w.ivy, "a.pdf", "", pdf_doc(), "upload-1").status, 201);
  // Without a client_id every upload is new.
  EXPECT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc()).status, 201);
  EXPECT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc()).status, 201);
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 4u);
  EXPECT_EQ(blob_files(w.relay).size(), 4u);
}

TEST(Attachments, OutsidersGet404ForUploadAndDownload) {
  World w;
  const auto other_guest = load_guests(w.relay, "intake", 1, "intake1@demo.test")[0];
  const auto foreign_guest = load_guests(w.relay, "other", 1, "other1@demo.test")[0];
  const std::string rita = w.relay.staff_cookie("results1@demo.test");  // another team
  const std::string otto = w.relay.staff_cookie("other1@demo.test");    // another organisation
  const auto up = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc());
  ASSERT_EQ(up.status, 201);
  const std::string id = up.body["attachment"]["id"];
  const auto missing_download = download(w.relay, "doesnotexist", w.guest.cookie);
  const auto missing_upload = upload(w.relay, "doesnotexist", w.guest.cookie, "a.pdf", "", pdf_doc());
  ASSERT_EQ(missing_download.status, 404);
  ASSERT_EQ(missing_upload.status, 404);
  const std::vector<std::pair<std::string, std::string>> outsiders{{"another guest", other_guest.cookie},
                                                                   {"another team", rita},
                                                                   {"another organisation's staff", otto},
                                                                   {"another organisation's guest", foreign_guest.cookie}};
  for (const auto& [who, cookie] : outsiders) {
    const auto d = download(w.relay, id, cookie);
    EXPECT_EQ(d.status, 404) << who;
    EXPECT_EQ(d.raw, missing_download.raw) << who;  // no existence leak
    const auto u = upload(w.relay, w.guest.case_id, cookie, "x.pdf", "", pdf_doc());
    EXPECT_EQ(u.status, 404) << who;
    EXPECT_EQ(u.raw, missing_upload.raw) << who;
  }
  EXPECT_EQ(download(w.relay, id, "").status, 401);
  // Refused before the body is read, a sizeable upload still gets its answer (not a reset connection).
  const std::string big(3 * 1024 * 1024, 'a');
  EXPECT_EQ(upload(w.relay, w.guest.case_id, "", "big.txt", "", big).status, 401);
  EXPECT_EQ(upload(w.relay, w.guest.case_id, rita, "big.txt", "", big).status, 404);
  // The organisation admin (both teams) may download it.
  EXPECT_EQ(download(w.relay, id, w.relay.staff_cookie("admin@demo.test")).status, 200);
  EXPECT_EQ(message_count(w.relay, w.guest.case_id, w.guest.cookie), 1u);
  EXPECT_EQ(blob_files(w.relay).size(), 1u);
}

// ---- Content at rest ------------------------------------------------------------------------

TEST(Attachments, JpegLocationIsRemovedBeforeStorage) {
  World w;
  const std::string jpeg = jpeg_with_gps();
  const std::string latitude("\0\0\x04\xd2", 4);  // 1234/100 seconds
  ASSERT_NE(jpeg.find(latitude), std::string::npos);
  const auto up = upload(w.relay, w.guest.case_id, w.guest.cookie, "IMG_0001.jpg", "image/jpeg", jpeg);
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["attachment"]["content_type"], "image/jpeg");
  const auto down = download(w.relay, up.body["attachment"]["id"], w.ivy);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.raw.find(latitude), std::string::npos);
  EXPECT_EQ(down.raw.find("GPSLatitude"), std::string::npos);
  EXPECT_NE(down.raw.find(std::string("\x01\x12\0\x03\0\0\0\x01\0\x06", 10)), std::string::npos);  // orientation kept
  EXPECT_NE(down.raw.find("scan-data"), std::string::npos);
  EXPECT_EQ(up.body["attachment"]["size"], down.raw.size());  // the size is what is stored
  EXPECT_LT(down.raw.size(), jpeg.size());
  EXPECT_EQ(down.header("Content-Type"), "image/jpeg");
}

TEST(Attachments, NoUploadedPlaintextAnywhereUnderTheDataDirectory) {
  World w;
  const std::string docx = ooxml("word", "document.xml",
                                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                                 "<w:body><w:p><w:r><w:t>" + kMarker + "</w:t></w:r></w:p></w:body></w:document>");
  ASSERT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "notes.txt", "text/plain", text_doc()).status, 201);
  ASSERT_EQ(upload(w.relay, w.guest.case_id, w.ivy, "letter.docx", kDocx, docx).status, 201);
  auto scan = [&](const std::string& when) {
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(w.relay.data_dir())) {
      if (!e.is_regular_file()) continue;
      ++files;
      EXPECT_EQ(slurp(e.path()).find(kMarker), std::string::npos) << when << ": plaintext in " << e.path();
    }
    return files;
  };
  // While running (the SQLite WAL is live), and after a clean stop.
  EXPECT_GE(scan("running"), 3u);  // database, key, blobs at least
  EXPECT_TRUE(fs::exists(w.relay.data_dir() + "/foxo.db-wal"));
  w.relay.stop();
  scan("stopped");
  // Still readable after a restart (the key file is reused).
  w.relay.restart();
  const auto detail = w.relay.get("/api/v1/cases/" + w.guest.case_id, w.guest.cookie);
  ASSERT_EQ(detail.body["messages"].size(), 2u);
  const auto down = download(w.relay, detail.body["messages"][0]["attachment"]["id"], w.guest.cookie);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.raw, text_doc());
}

TEST(Attachments, ATamperedBlobIsRefusedAndReported) {
  World w;
  const auto up = upload(w.relay, w.guest.case_id, w.guest.cookie, "letter.pdf", "", pdf_doc());
  ASSERT_EQ(up.status, 201);
  const std::string id = up.body["attachment"]["id"];
  const auto blobs = blob_files(w.relay);
  ASSERT_EQ(blobs.size(), 1u);
  std::string bytes = slurp(blobs[0]);
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(blobs[0], std::ios::binary | std::ios::trunc) << bytes;
  for (const auto* cookie : {&w.guest.cookie, &w.ivy}) {
    const auto r = download(w.relay, id, *cookie);
    EXPECT_EQ(r.status, 410) << r.raw;
    EXPECT_EQ(r.error_code(), "attachment_damaged");
    EXPECT_EQ(r.raw.find("%PDF"), std::string::npos);  // never a byte of it
    EXPECT_EQ(r.header("Content-Disposition"), "");
  }
  // A blob that disappeared is reported the same way.
  const auto up2 = upload(w.relay, w.guest.case_id, w.guest.cookie, "scan.png", "", png_1x1());
  ASSERT_EQ(up2.status, 201);
  for (const auto& b : blob_files(w.relay))
    if (b != blobs[0]) fs::remove(b);
  EXPECT_EQ(download(w.relay, up2.body["attachment"]["id"], w.ivy).error_code(), "attachment_damaged");
  const auto actions = audit_actions(w.relay, w.guest.case_id);
  EXPECT_EQ(count_of(actions, "attachment.tampered"), 2);
  EXPECT_EQ(count_of(actions, "attachment.missing"), 1);
  EXPECT_EQ(count_of(actions, "attachment.download"), 0);
}

// ---- The key ------------------------------------------------------------------------------------

TEST(AttachmentKey, KeyFileIsCreated0600AndAWrongOrMissingKeyStopsTheRelay) {
  char tmpl[] = "/tmp/foxo-att-key-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  std::string id;
  {
    RelayProcess::Options o;
    o.data_dir = dir;
    World w(o);
    struct stat st {};
    ASSERT_EQ(::stat((dir + "/attachment.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir + "/blobs").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0077, 0u);
    const auto up = upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc());
    ASSERT_EQ(up.status, 201);
    id = up.body["attachment"]["id"];
    const std::string key = slurp(dir + "/attachment.key");
    // The same key given in the environment reads it.
    w.relay.stop();
    RelayProcess::Options same;
    same.data_dir = dir;
    same.env = {{"FOXO_ATTACHMENT_KEY", key.substr(0, 64)}};
    RelayProcess again(same);
    EXPECT_EQ(download(again, id, again.staff_cookie("intake1@demo.test")).status, 200);
  }
  {
    // Another key (a lost key file replaced by a new one) opens nothing: the
    // relay refuses to start rather than show files or text it cannot read.
    auto [status, out] = run_refusing(dir, "FOXO_ATTACHMENT_KEY=" + std::string(64, 'b'));
    EXPECT_NE(status, 0);
    EXPECT_NE(out.find("does not open with this relay's key"), std::string::npos) << out;
    // A key file that went missing is not silently replaced by a new one.
    const std::string key = slurp(dir + "/attachment.key");
    fs::remove(dir + "/attachment.key");
    std::tie(status, out) = run_refusing(dir, "");
    EXPECT_NE(status, 0);
    EXPECT_NE(out.find("was missing"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(dir + "/attachment.key"));
    std::ofstream(dir + "/attachment.key") << key;
    ::chmod((dir + "/attachment.key").c_str(), 0600);
  }
  // Unusable keys stop the relay at start with a clear message.
  auto [status, out] = run_refusing(dir, "FOXO_ATTACHMENT_KEY=abc");
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("attachment key"), std::string::npos) << out;
  EXPECT_NE(out.find("64 hexadecimal"), std::string::npos) << out;
  ::chmod((dir + "/attachment.key").c_str(), 0644);
  std::tie(status, out) = run_refusing(dir, "");
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("chmod 600"), std::string::npos) << out;
  std::tie(status, out) = run_refusing(dir, "", "--attachment-key-file " + dir + "/nope/missing.key");
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("cannot create"), std::string::npos) << out;
  fs::remove_all(dir);
}

TEST(Attachments, OrphanedBlobsAreSetAsideAtStart) {
  World w;
  ASSERT_EQ(upload(w.relay, w.guest.case_id, w.guest.cookie, "a.pdf", "", pdf_doc()).status, 201);
  const auto kept = blob_files(w.relay);
  ASSERT_EQ(kept.size(), 1u);
  // Old enough to be from a crash between storing and committing, and one just written.
  const std::string old_orphan = w.relay.data_dir() + "/blobs/old-orphan.blob";
  const std::string old_tmp = w.relay.data_dir() + "/blobs/old-orphan.blob.tmp";
  const std::string fresh = w.relay.data_dir() + "/blobs/fresh-orphan.blob";
  for (const auto& p : {old_orphan, old_tmp, fresh}) std::ofstream(p) << "x";
  // Referenced blobs are kept however old they are.
  const utimbuf two_hours_ago{time(nullptr) - 7200, time(nullptr) - 7200};
  for (const auto& p : {old_orphan, old_tmp, kept[0].string()}) ASSERT_EQ(::utime(p.c_str(), &two_hours_ago), 0);
  w.relay.restart();
  EXPECT_FALSE(fs::exists(old_orphan));
  EXPECT_TRUE(fs::exists(w.relay.data_dir() + "/blobs/orphaned/old-orphan.blob"));  // set aside, not deleted
  EXPECT_FALSE(fs::exists(old_tmp));
  EXPECT_TRUE(fs::exists(fresh));
  EXPECT_TRUE(fs::exists(kept[0]));
}
