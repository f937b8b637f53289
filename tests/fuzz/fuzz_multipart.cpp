// Fuzzes multipart/form-data parsing as the relay does it for attachments
// (relay/http/routes_attachments.cpp): cpp-httplib's server reads the request
// and hands the parts to a content-reader handler through
// ContentReader(MultipartContentHeader, ContentReceiver), the same library
// (Debian's libcpp-httplib.so) and the same entry point the relay uses. The
// handler keeps parts with the upload route's own collector
// (relay/http/multipart/multipart_collector.cpp: one "file", a "client_id" of
// at most 64 bytes, other parts within a small allowance) and passes the file
// name through the relay's sanitiser.
//
// Input: first line = the Content-Type header value (so the boundary is
// fuzzed too), the rest = the request body, sent with its Content-Length.
// Invariants: no 5xx; a part's bytes are bytes of the body (the parser never
// invents content); every kept file name sanitises to a safe, stable name and
// a Content-Disposition header without line breaks.
#include <httplib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "foxo/filenames.hpp"
#include "foxo/validation.hpp"
#include "fuzz_check.hpp"
#include "http/multipart/multipart_collector.hpp"

namespace {

// A request in memory in place of a socket; what the server writes is kept.
class MemoryStream final : public httplib::Stream {
 public:
  explicit MemoryStream(std::string in) : in_(std::move(in)) {}
  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - pos_);
    in_.copy(ptr, n, pos_);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  const std::string& written() const { return out_; }

 private:
  std::string in_;
  size_t pos_ = 0;
  std::string out_;
};

// httplib::Server with its one-request entry point opened up for the harness.
class MemoryServer : public httplib::Server {
 public:
  bool handle(httplib::Stream& s) {
    bool closed = false;
    return process_request(s, /*close_connection=*/true, closed, [](httplib::Request&) {});
  }
};

constexpr std::size_t kMaxFile = 64 * 1024;  // the relay's limit is larger; the logic is the same

struct Upload {
  explicit Upload(std::string b) : body(std::move(b)), parts(kMaxFile, body.size()) {}
  std::string body;  // the raw request body, to check parts against
  foxo::relay::http::MultipartCollector parts;
  std::string part_bytes;  // every chunk handed over, whichever part it belongs to
};
Upload* g_upload = nullptr;

void check_filename(const std::string& raw) {
  const std::string name = foxo::sanitise_filename(raw);
  FOXO_FUZZ_CHECK(!name.empty());
  const auto len = foxo::utf8_length(name);
  FOXO_FUZZ_CHECK(len && *len <= foxo::kMaxFilenameChars);
  FOXO_FUZZ_CHECK(name.find_first_of("/\\\"<>:|?*;%") == std::string::npos);
  FOXO_FUZZ_CHECK(!foxo::has_forbidden_chars(name, false));
  FOXO_FUZZ_CHECK(foxo::sanitise_filename(name) == name);
  const std::string cd = foxo::content_disposition_attachment(name);
  FOXO_FUZZ_CHECK(cd.find_first_of("\r\n") == std::string::npos);
  for (char c : cd) FOXO_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F);
}

MemoryServer& server() {
  static MemoryServer* s = [] {
    auto* srv = new MemoryServer;
    srv->Post("/upload", [](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
      Upload& p = *g_upload;
      // As the relay does: the multipart form of `read` only for a multipart
      // request (httplib calls an empty receiver otherwise: a 500), the
      // plain form to drain anything else.
      if (!req.is_multipart_form_data()) {
        read([](const char*, std::size_t) { return true; });
        res.status = 400;
        return;
      }
      const bool complete = read(
          [&p](const httplib::MultipartFormData& part) {
            return p.parts.on_part(part.name, part.filename, part.content_type);
          },
          [&p](const char* data, std::size_t n) {
            // Each chunk is a piece of the body as sent.
            FOXO_FUZZ_CHECK(n <= p.body.size());
            FOXO_FUZZ_CHECK(p.body.find(std::string_view(data, n)) != std::string::npos);
            p.part_bytes.append(data, n);
            return p.parts.on_data(data, n);
          });
      const auto& c = p.parts;
      res.status = complete && c.has_file && !c.bad && !c.too_large ? 201 : 400;
    });
    return srv;
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nl = input.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string content_type(input.substr(0, nl));
  // A header value cannot hold a line break; the request line stays ours.
  if (content_type.find_first_of("\r\n") != std::string::npos) return 0;
  Upload up{std::string(input.substr(nl + 1))};
  std::string request = "POST /upload HTTP/1.1\r\nHost: relay\r\nContent-Type: " + content_type +
                        "\r\nContent-Length: " + std::to_string(up.body.size()) + "\r\nConnection: close\r\n\r\n" +
                        up.body;
  g_upload = &up;
  MemoryStream stream(std::move(request));
  server().handle(stream);
  g_upload = nullptr;

  const std::string& out = stream.written();
  if (std::getenv("FOXO_FUZZ_VERBOSE")) std::fprintf(stderr, "%s\n", out.c_str());
  FOXO_FUZZ_CHECK(out.rfind("HTTP/1.1 ", 0) == 0);
  FOXO_FUZZ_CHECK(out.size() > 9 && out[9] != '5');
  // The parts together are never more than the body.
  FOXO_FUZZ_CHECK(up.part_bytes.size() <= up.body.size());
  if (up.parts.has_file) check_filename(up.parts.filename);
  if (out.rfind("HTTP/1.1 201", 0) == 0) FOXO_FUZZ_CHECK(up.body.find(up.parts.bytes) != std::string::npos);
  return 0;
}
