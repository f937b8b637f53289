// PDF transcripts (issue 22; docs/API.md "Transcripts"): a multilingual case
// through the real relay, both copies read back with pdftotext, who may fetch
// which copy, the attachment's SHA-256, and the audit rows. One relay for the
// whole file; run again on PostgreSQL as pg.it.transcript_test.*.
#include <gtest/gtest.h>

#include "case_helpers.hpp"
#include "pdf_text.hpp"

using namespace foxo::test;

namespace {

const std::string kBoundary = "----foxo-transcript-boundary";
// "Kết quả xét nghiệm: bình thường\n" and its SHA-256 (sha256sum).
const std::string kFileText = "Kết quả xét nghiệm: bình thường\n";
const std::string kFileSha = "669925103e0d4b4e917745dff8dcd22f7a6021ea77d46c68c7c673af4cd33ee5";

struct World {
  RelayProcess relay;
  std::string guest, staff, case_id, staff_name;
  std::vector<std::pair<std::string, std::string>> said;  // author, body
  std::string attachment_name = "kết quả.txt";
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    RelayProcess& r = w->relay;
    w->guest = verified_guest(r, "intake", "Thảo", "Nguyễn", "0412 345 678", "+61412345678");
    const auto opened = r.post("/api/v1/guest/cases",
                               {{"team", "intake"},
                                {"subject", "Kết quả xét nghiệm"},
                                {"identifiers", {{"practice_name", "Κλινική Παπαδόπουλος"}, {"provider_number", "2345678A"}}}},
                               w->guest);
    if (opened.status != 201) throw std::runtime_error("open: " + opened.raw);
    w->case_id = opened.body["id"];
    const std::string path = "/api/v1/cases/" + w->case_id + "/messages";
    const auto login = r.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}});
    w->staff = login.set_cookie("foxo_staff");
    w->staff_name = login.body["staff"]["name"];
    const std::pair<bool, std::string> lines[] = {
        {true, "Xin chào, tôi muốn hỏi về kết quả xét nghiệm máu"},
        {true, "王小明的报告已经准备好了吗"},
        {true, "مرحبا أنا أحمد وأريد موعدا"},
        {false, "Καλημέρα κυρία Νγκουγιέν, το αποτέλεσμα είναι φυσιολογικό"},
        {false, "Thanks 👍🏽 we will call you Thursday"},
    };
    bool claimed = false;
    int n = 0;
    for (const auto& [from_guest, body] : lines) {
      if (!from_guest && !claimed) {
        if (r.post_raw("/api/v1/staff/cases/" + w->case_id + "/claim", "", "application/json", w->staff).status != 200)
          throw std::runtime_error("claim");
        claimed = true;
      }
      const auto m = r.post(path, message_body("m" + std::to_string(++n), body), from_guest ? w->guest : w->staff);
      if (m.status != 201) throw std::runtime_error("message: " + m.raw);
      w->said.emplace_back(from_guest ? "Thảo Nguyễn" : w->staff_name, body);
    }
    const std::string upload = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                               w->attachment_name + "\"\r\nContent-Type: text/plain\r\n\r\n" + kFileText + "\r\n--" +
                               kBoundary + "--\r\n";
    const auto up = r.post_raw("/api/v1/cases/" + w->case_id + "/attachments", upload,
                               "multipart/form-data; boundary=" + kBoundary, w->guest);
    if (up.status != 201) throw std::runtime_error("upload: " + up.raw);
    if (r.post_raw("/api/v1/staff/cases/" + w->case_id + "/request-close", "", "application/json", w->staff).status != 200)
      throw std::runtime_error("request-close");
    return w;
  }();
  return *w;
}

std::string staff_path(const std::string& id) { return "/api/v1/staff/cases/" + id + "/transcript.pdf"; }
std::string guest_path(const std::string& id) { return "/api/v1/guest/cases/" + id + "/transcript.pdf"; }

void expect_whole_case(const World& w, const std::string& text) {
  for (const auto& [author, body] : w.said) {
    EXPECT_TRUE(pdf_holds(text, author)) << author << "\n---\n" << text;
    // Emoji are drawn as colour images (cairo 1.16 in Debian 12): the words around them are text.
    const std::string words = body.find("👍") == std::string::npos ? body : "Thanks we will call you Thursday";
    EXPECT_TRUE(pdf_holds(text, words)) << body << "\n---\n" << text;
  }
  for (const std::string& phrase : std::vector<std::string>{"Demo Health", "Intake Team", "Kết quả xét nghiệm", "Thảo Nguyễn", "+61412345678", "Practice name",
        "Κλινική Παπαδόπουλος", "Provider number", "2345678A", "Time zone: Australia/Sydney",
        w.staff_name + " asked to close this chat", w.attachment_name, std::to_string(kFileText.size()) + " bytes",
        kFileSha})
    EXPECT_TRUE(pdf_holds(text, phrase)) << phrase << "\n---\n" << text;
}

}  // namespace

TEST(Transcript, StaffCopyHoldsTheWholeCase) {
  World& w = world();
  const auto r = w.relay.get(staff_path(w.case_id), w.staff);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.header("Content-Type"), "application/pdf");
  // RFC 6266 with an RFC 8187 UTF-8 name: the subject and the day the case opened, in Sydney.
  // (httplib's client percent-decodes header values; the encoding itself is
  // content_disposition_attachment's, read raw in attachments_test.cpp.)
  const std::string cd = r.header("Content-Disposition");
  EXPECT_EQ(cd.rfind("attachment; filename=\"Transcript - K_t qu_ x_t nghi_m - 20", 0), 0u) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''Transcript - Kết quả xét nghiệm - 20"), std::string::npos) << cd;
  EXPECT_EQ(r.raw.rfind("%PDF-", 0), 0u);
  // A patient's record: never kept by a browser or proxy cache.
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  const std::string text = pdf_text(r.raw);
  expect_whole_case(w, text);
  EXPECT_TRUE(pdf_holds(text, "Staff copy")) << text;
}

TEST(Transcript, GuestDownloadsTheirOwnCopy) {
  World& w = world();
  const auto r = w.relay.get(guest_path(w.case_id), w.guest);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.header("Content-Type"), "application/pdf");
  EXPECT_EQ(r.header("Content-Disposition").rfind("attachment;", 0), 0u);
  const std::string text = pdf_text(r.raw);
  expect_whole_case(w, text);
  EXPECT_TRUE(pdf_holds(text, "Guest copy")) << text;
  EXPECT_FALSE(pdf_holds(text, "Internal note")) << text;
}

TEST(Transcript, StaffCopyMarksNotesAndTheGuestCopyHasNone) {
  World& w = world();
  const std::string note = "Gọi lại cho bác sĩ Al-Hassan trước thứ Năm";
  const auto posted = w.relay.post("/api/v1/staff/cases/" + w.case_id + "/notes",
                                   message_body("note-1", note), w.staff);
  ASSERT_EQ(posted.status, 201) << posted.raw;
  const std::string staff = pdf_text(w.relay.get(staff_path(w.case_id), w.staff).raw);
  EXPECT_TRUE(pdf_holds(staff, "Internal note")) << staff;
  EXPECT_TRUE(pdf_holds(staff, note)) << staff;
  const std::string guest = pdf_text(w.relay.get(guest_path(w.case_id), w.guest).raw);
  EXPECT_FALSE(pdf_holds(guest, "Internal note")) << guest;
  EXPECT_EQ(squeeze(guest).find(squeeze(note)), std::string::npos) << guest;
}

TEST(Transcript, OnlyThoseWhoMaySeeTheCaseGetIt) {
  World& w = world();
  RelayProcess& r = w.relay;
  const auto other = load_guests(r, "intake", 1);
  const std::string results = r.staff_cookie("results1@demo.test");
  const std::string other_org = r.staff_cookie("other1@demo.test");
  const auto not_found = r.get("/api/v1/cases/no-such-case", w.guest);
  // Another guest, staff of another team or organisation: the same 404 as an unknown case.
  for (const auto& [path, cookie] : std::vector<std::pair<std::string, std::string>>{
           {guest_path(w.case_id), other[0].cookie},
           {guest_path("no-such-case"), w.guest},
           {staff_path(w.case_id), results},
           {staff_path(w.case_id), other_org},
           {staff_path("no-such-case"), w.staff}}) {
    const auto x = r.get(path, cookie);
    EXPECT_EQ(x.status, 404) << path;
    EXPECT_EQ(x.raw, not_found.raw) << path;
  }
  // The other kind's route: 401; no session: 401.
  EXPECT_EQ(r.get(staff_path(w.case_id), w.guest).status, 401);
  EXPECT_EQ(r.get(guest_path(w.case_id), w.staff).status, 401);
  EXPECT_EQ(r.get(staff_path(w.case_id)).status, 401);
  EXPECT_EQ(r.get(guest_path(w.case_id)).status, 401);
}

TEST(Transcript, EachExportIsAuditedWithItsCopy) {
  World& w = world();
  RelayProcess& r = w.relay;
  const std::string admin = r.staff_cookie("admin@demo.test");
  auto exports = [&] {
    std::vector<std::string> out;
    const auto audit = r.get("/api/v1/admin/audit?case_id=" + w.case_id, admin);
    for (const auto& e : audit.body["entries"])
      if (e["action"] == "case.export") out.push_back(e["object"]);
    return out;
  };
  const auto before = exports();
  ASSERT_EQ(r.get(staff_path(w.case_id), w.staff).status, 200);
  ASSERT_EQ(r.get(guest_path(w.case_id), w.guest).status, 200);
  // Refused fetches write nothing.
  ASSERT_EQ(r.get(staff_path(w.case_id), r.staff_cookie("results1@demo.test")).status, 404);
  auto after = exports();
  ASSERT_EQ(after.size(), before.size() + 2);
  EXPECT_EQ(after[after.size() - 2], "transcript:" + w.case_id + ":staff");
  EXPECT_EQ(after.back(), "transcript:" + w.case_id + ":guest");
}
