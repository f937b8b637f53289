// Issue 18, private at rest: a multilingual corpus written through the HTTP
// API (names, numbers, identifiers, subjects, messages, an attachment's name,
// a notification SMS) must not be readable in the database the relay keeps:
// the SQLite file with its WAL and a `foxo-relay backup` copy, or a pg_dump
// in the pg.* run. Also: rotating the key while messages are written loses
// and garbles nothing, and a sealed value copied into another row does not open.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "case_helpers.hpp"
#include "notify_helpers.hpp"
#include "relay_process.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

struct Person {
  std::string first, last, phone;  // phone as typed
  std::string e164;
};

// Who writes, and what: every script a guest or a clinician could type.
const std::vector<Person> kPeople = {
    {"Thảo", "Nguyễn", "0412 555 019", "+61412555019"},
    {"Ελένη", "Παπαδόπουλος", "+61 412 555 027", "+61412555027"},
    {"秀英", "王", "0412-555-035", "+61412555035"},
    {"ليلى", "الحسن", "(04) 1255 5043", "+61412555043"},
};
const std::vector<std::string> kSubjects = {"Kết quả xét nghiệm Pap 🩺", "Αποτελέσματα αίματος",
                                            "血液检查结果的问题", "سؤال عن نتيجة التحليل"};
const std::vector<std::string> kMessages = {"Tôi chưa nhận được kết quả sinh thiết 😟",
                                            "Χρειάζομαι παραπομπή για καρδιολόγο 📋",
                                            "请问我的甲状腺检查结果出来了吗", "مرحبا، هل وصلت نتيجة فحص السكري؟ 🙏"};
const std::string kStaffReply = "Kết quả bình thường, không cần lo lắng 🙂 — Ivy";
const std::string kPractice = "Phòng khám Cảng 港口 🏥";
const std::string kProvider = "2426111B";
const std::string kAttachment = "Xét nghiệm máu 王秀英.pdf";

// Every string the corpus holds, in the forms it could be found in: as
// typed, each word of it, and the ASCII folds a search index might keep.
std::vector<std::string> needles() {
  std::vector<std::string> out{kStaffReply, kPractice, "Phòng khám Cảng", kProvider, kAttachment,
                               "Xét nghiệm máu", "nguyen", "papadopoulos", "xueying"};
  for (const auto& p : kPeople) {
    out.insert(out.end(), {p.first, p.last, p.phone, p.e164, p.e164.substr(1), "0" + p.e164.substr(3),
                           p.e164.substr(3)});
  }
  out.insert(out.end(), kSubjects.begin(), kSubjects.end());
  out.insert(out.end(), kMessages.begin(), kMessages.end());
  for (const auto& m : kMessages) out.push_back(m.substr(0, m.find(' ')));  // the first word alone
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The needles found in `bytes` (with where they were), for the failure message.
std::vector<std::string> found_in(const std::string& bytes, const std::string& where,
                                  const std::vector<std::string>& more = {}) {
  std::vector<std::string> out;
  auto all = needles();
  all.insert(all.end(), more.begin(), more.end());
  for (const auto& n : all)
    if (bytes.find(n) != std::string::npos) out.push_back(where + ": " + n);
  return out;
}

std::string run_command(const std::string& cmd, int* status = nullptr) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = p ? pclose(p) : -1;
  if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string pg_dump_binary() {
  for (const char* p : {"/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump"})
    if (fs::exists(p)) return p;
  return "pg_dump";
}

// `foxo-relay keys ARGS` on the relay's store; its output.
std::string keys(const RelayProcess& relay, const std::string& args, int* status = nullptr) {
  std::string cmd = relay_binary() + " keys " + args + " --data " + relay.data_dir();
  if (!relay.store_url().empty()) cmd += " --store '" + relay.store_url() + "'";
  return run_command(cmd, status);
}

std::string multipart(const std::string& filename, const std::string& bytes) {
  const std::string b = "foxoAtRestBoundary";
  return "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/pdf\r\n\r\n" + bytes + "\r\n--" + b + "--\r\n";
}

// RFC 4648 base32 (no padding) to lower-case hex: how the relay holds a TOTP secret before sealing it.
std::string base32_to_hex(const std::string& b32) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : b32) {
    const auto v = alphabet.find(c);
    if (v == std::string::npos) continue;
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

// Writes the whole corpus through the API; returns the case ids.
std::vector<std::string> write_corpus(const RelayProcess& relay) {
  std::vector<std::string> cases;
  const std::string ivy = relay.staff_cookie("intake1@demo.test");
  for (std::size_t i = 0; i < kPeople.size(); ++i) {
    const auto& p = kPeople[i];
    // Signed in with the number as they typed it.
    const std::string cookie = verified_guest(relay, "intake", p.first, p.last, p.phone, p.e164);
    const auto c = relay.post("/api/v1/guest/cases",
                              {{"team", "intake"},
                               {"subject", kSubjects[i]},
                               {"identifiers", {{"practice_name", kPractice}, {"provider_number", kProvider}}}},
                              cookie);
    if (c.status != 201) throw std::runtime_error("case: " + c.raw);
    const std::string id = c.body["id"];
    cases.push_back(id);
    if (relay.post("/api/v1/cases/" + id + "/messages", message_body("m" + std::to_string(i), kMessages[i]), cookie)
            .status != 201)
      throw std::runtime_error("message");
    if (i == 0) {
      const std::string pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
      const auto up = relay.post_raw("/api/v1/cases/" + id + "/attachments", multipart(kAttachment, pdf),
                                     "multipart/form-data; boundary=foxoAtRestBoundary", cookie);
      if (up.status != 201) throw std::runtime_error("upload: " + up.raw);
    }
    if (relay.post("/api/v1/staff/cases/" + id + "/claim", json::object(), ivy).status != 200)
      throw std::runtime_error("claim");
    staff_message(relay, ivy, id, "s" + std::to_string(i), kStaffReply);
  }
  // The guests are away: their unseen-activity SMS fall due and go out (sms_outbox).
  relay.advance_clock(10 * kMinute);
  return cases;
}

TEST(AtRest, NoPersonalOrClinicalTextIsReadableInTheDatabaseOrItsCopies) {
  RelayProcess relay;
  const auto cases = write_corpus(relay);
  // The relay still reads it all back as written.
  const std::string ivy = relay.staff_cookie("intake1@demo.test");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto c = relay.get("/api/v1/cases/" + cases[i], ivy);
    ASSERT_EQ(c.status, 200) << c.raw;
    EXPECT_EQ(c.body["subject"], kSubjects[i]);
    EXPECT_EQ(c.body["guest"]["first_name"], kPeople[i].first);
    EXPECT_EQ(c.body["guest"]["last_name"], kPeople[i].last);
    EXPECT_EQ(c.body["guest"]["phone"], kPeople[i].e164);
    EXPECT_EQ(c.body["identifiers"]["practice_name"], kPractice);
    ASSERT_GE(c.body["messages"].size(), 2u);
    EXPECT_EQ(c.body["messages"][0]["body"], kMessages[i]);
  }
  ASSERT_EQ(link_sms_to(relay, kPeople[0].e164).size(), 1u) << "the notification SMS (sms_outbox) is in the corpus";
  // A staff member's second factor, being enrolled: its secret is sealed too.
  const auto enrol = relay.post("/api/v1/staff/mfa/enrol", json::object(), ivy);
  ASSERT_EQ(enrol.status, 200) << enrol.raw;
  const std::string secret = enrol.body["secret"];
  const std::vector<std::string> secrets{secret, base32_to_hex(secret)};

  // What is kept in clear on purpose (a staff email) is found: the search reads the right bytes.
  const std::string control = "intake1@demo.test";
  std::vector<std::string> leaks;
  if (relay.store_url().empty()) {
    const fs::path db = fs::path(relay.data_dir()) / "foxo.db";
    std::string both;
    for (const auto& f : {db, fs::path(db.string() + "-wal")}) {
      both += slurp(f);
      const auto l = found_in(slurp(f), f.filename().string() + " (relay running)", secrets);
      leaks.insert(leaks.end(), l.begin(), l.end());
    }
    EXPECT_NE(both.find(control), std::string::npos);
    const std::string copy = relay.data_dir() + "/copy.db";
    int status = 0;
    const auto out = run_command(relay_binary() + " backup --data " + relay.data_dir() + " --to " + copy, &status);
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(slurp(copy).find(control), std::string::npos);
    auto l = found_in(slurp(copy), "foxo-relay backup", secrets);
    leaks.insert(leaks.end(), l.begin(), l.end());
    relay.stop();
    for (const auto& f : {db, fs::path(db.string() + "-wal")}) {
      l = found_in(slurp(f), f.filename().string() + " (relay stopped)", secrets);
      leaks.insert(leaks.end(), l.begin(), l.end());
    }
  } else {
    int status = 0;
    const std::string dump = run_command(pg_dump_binary() + " --no-owner '" + relay.store_url() + "'", &status);
    ASSERT_EQ(status, 0) << dump.substr(0, 2000);
    ASSERT_NE(dump.find("COPY public.messages"), std::string::npos) << "a dump with the data in it";
    EXPECT_NE(dump.find(control), std::string::npos);
    const auto l = found_in(dump, "pg_dump", secrets);
    leaks.insert(leaks.end(), l.begin(), l.end());
  }
  EXPECT_TRUE(leaks.empty()) << ::testing::PrintToString(leaks);
}

TEST(AtRest, RotatingTheKeyWhileMessagesAreWrittenLosesAndGarblesNothing) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 4);
  const std::string before = keys(relay, "status");
  ASSERT_NE(before.find("\"generation\": 1"), std::string::npos) << before;

  // Four writers post messages in every script while the key is rotated.
  std::atomic<bool> stop{false};
  std::vector<std::vector<std::string>> sent(guests.size());
  std::vector<std::thread> writers;
  for (std::size_t g = 0; g < guests.size(); ++g)
    writers.emplace_back([&, g] {
      for (int n = 0; !stop || n < 40; ++n) {
        const std::string body = kMessages[(g + static_cast<std::size_t>(n)) % kMessages.size()] + " #" +
                                 std::to_string(n);
        const auto r = relay.post("/api/v1/cases/" + guests[g].case_id + "/messages",
                                  message_body("w" + std::to_string(n), body), guests[g].cookie);
        if (r.status != 201) {
          ADD_FAILURE() << "message " << n << ": " << r.status << " " << r.raw;
          return;
        }
        sent[g].push_back(body);
        if (n > 150) return;
      }
    });
  int status = 0;
  const std::string rotated = keys(relay, "rotate", &status);
  EXPECT_EQ(status, 0) << rotated;
  EXPECT_NE(rotated.find("generation 2"), std::string::npos) << rotated;
  stop = true;
  for (auto& w : writers) w.join();

  // The relay notices the new generation and re-seals everything under it (watched, with a deadline).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string status_text;
  for (;;) {
    status_text = keys(relay, "status");
    if (status_text.find("\"rows_to_reseal\": 0") != std::string::npos &&
        status_text.find("\"generation\": 2") != std::string::npos)
      break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << status_text;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto metrics = relay.get("/metrics");
  EXPECT_NE(metrics.raw.find("foxo_key_generation 2"), std::string::npos);

  // Every message is there once, in order, word for word.
  for (std::size_t g = 0; g < guests.size(); ++g) {
    const auto c = relay.get("/api/v1/cases/" + guests[g].case_id, guests[g].cookie);
    ASSERT_EQ(c.status, 200);
    std::vector<std::string> bodies;
    for (const auto& m : c.body["messages"])
      if (m["author"]["kind"] == "guest") bodies.push_back(m["body"]);
    EXPECT_EQ(bodies, sent[g]) << "guest " << g;
  }
  // And after a restart, on the keys the database holds.
  relay.restart();
  const auto again = relay.get("/api/v1/cases/" + guests[0].case_id, guests[0].cookie);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body["messages"].back()["body"], sent[0].back());
}

TEST(AtRest, ASealedValueCopiedIntoAnotherRowDoesNotOpenThere) {
  if (!test_pg_server().empty()) GTEST_SKIP() << "edits DATA/foxo.db";
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("a", kMessages[0]), g.cookie).status,
            201);
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("b", "Cảm ơn"), g.cookie).status,
            201);
  relay.stop();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((relay.data_dir() + "/foxo.db").c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  // The first message's sealed body, pasted over the second's.
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE messages SET body = (SELECT body FROM messages m WHERE m.seq = 1) WHERE seq = 2",
                         nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  sqlite3_close(db);
  relay.restart();
  const auto c = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
  ASSERT_EQ(c.status, 200);
  ASSERT_EQ(c.body["messages"].size(), 2u);
  EXPECT_EQ(c.body["messages"][0]["body"], kMessages[0]);
  EXPECT_NE(c.body["messages"][1]["body"], kMessages[0]) << "a copied value opened in another row";
  EXPECT_NE(c.body["messages"][1]["body"].get<std::string>().find("unreadable"), std::string::npos);
}

}  // namespace
