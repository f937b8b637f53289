// GET /api/v1/staff/cases with q, assignee, status, limit and before: the
// search matching rules over the blind indexes (accents and scripts, phones
// in any format, identifier values, subject words, several words, no prefix
// or substring), which cases a caller may find (own teams only, admins too,
// never another organisation), the assignee and last_activity_at of each
// summary, paging by cursor through more than 1,000 cases with each exactly
// once, newest activity first, and bad parameters refused with their field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

struct Person {
  std::string first, last, phone_typed, e164, subject;
  json identifiers;
};

// The world's names, each signed in by SMS with the number as they typed it.
const std::vector<Person> kIntake = {
    {"Thảo", "Nguyễn", "0412 345 678", "+61412345678", "Missing Report 🩺",
     {{"practice_name", "Harbour GP 港口"}, {"provider_number", "2426111B"}}},
    {"Ελένη", "Παπαδόπουλος", "+61 412 555 027", "+61412555027", "Αποτελέσματα αίματος",
     {{"practice_name", "Κλινική Αθηνά"}}},
    {"秀英", "王", "0412-555-035", "+61412555035", "Referral question", {{"practice_name", "上海诊所"}}},
    {"ليلى", "Al-Hassan", "(04) 1255 5043", "+61412555043", "سؤال عن نتيجة التحليل",
     {{"practice_name", "عيادة الميناء"}}},
    {"Mia 🌻", "O'Brien", "0412 555 051", "+61412555051", "Request Call back", {{"practice_name", "Bondi Clinic"}}},
};

struct Opened {
  std::string cookie, id;
};

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Opened open_case(const RelayProcess& relay, const Person& p, const std::string& entry_team,
                 const std::string& case_team) {
  const auto otp = relay.post("/api/v1/guest/otp",
                              {{"team", entry_team}, {"first_name", p.first}, {"last_name", p.last}, {"phone", p.phone_typed}});
  if (otp.status != 202) throw std::runtime_error("otp: " + otp.raw);
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", otp.body["challenge_id"]}, {"code", relay.last_code_for(p.e164)}});
  if (v.status != 200) throw std::runtime_error("verify: " + v.raw);
  const std::string cookie = v.set_cookie("foxo_guest");
  const auto c = relay.post("/api/v1/guest/cases",
                            {{"team", case_team}, {"subject", p.subject}, {"identifiers", p.identifiers}}, cookie);
  if (c.status != 201) throw std::runtime_error("case: " + c.raw);
  return {cookie, c.body["id"]};
}

std::vector<std::string> ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& c : list["cases"]) out.push_back(c["id"]);
  return out;
}

std::string staff_id(const RelayProcess& relay, const std::string& cookie) {
  const auto r = relay.get("/api/v1/staff/me", cookie);
  if (r.status != 200) throw std::runtime_error("staff/me: " + r.raw);
  return r.body["staff"]["id"];
}

class StaffSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    ivy = relay.staff_cookie("intake1@demo.test");
    ian = relay.staff_cookie("intake2@demo.test");
    rita = relay.staff_cookie("results1@demo.test");
    ada = relay.staff_cookie("admin@demo.test");
    otto = relay.staff_cookie("other1@demo.test");
    for (const auto& p : kIntake) {
      intake.push_back(open_case(relay, p, "intake", "intake"));
      relay.advance_clock(60);  // distinct activity times, oldest first
    }
    // Namesakes elsewhere: the same name in the Results team of the same
    // organisation, and the same name and number at another organisation.
    Person in_results = kIntake[0];
    in_results.phone_typed = "0412 555 099";
    in_results.e164 = "+61412555099";
    results = open_case(relay, in_results, "intake", "results");
    Person other = kIntake[0];
    other.identifiers = json::object();
    elsewhere = open_case(relay, other, "other", "other");
  }

  json list(const std::string& cookie, const std::string& query) {
    const auto r = relay.get("/api/v1/staff/cases?" + query, cookie);
    EXPECT_EQ(r.status, 200) << query << " " << r.raw;
    return r.body;
  }
  std::vector<std::string> found(const std::string& q, const std::string& cookie = "") {
    return ids(list(cookie.empty() ? ivy : cookie, "q=" + url_encode(q)));
  }
  std::vector<std::string> only(int i) { return {intake[static_cast<std::size_t>(i)].id}; }

  RelayProcess relay;
  std::string ivy, ian, rita, ada, otto;
  std::vector<Opened> intake;
  Opened results, elsewhere;
};

}  // namespace

TEST_F(StaffSearch, NamesMatchWithoutAccentsOrCaseInTheirOwnScriptOrLatin) {
  for (const char* q : {"nguyen", "NGUYEN", "Nguyễn", "nguyễn", "thao", "Thảo"}) EXPECT_EQ(found(q), only(0)) << q;
  for (const char* q : {"papadopoulos", "Παπαδόπουλος", "ΠΑΠΑΔΌΠΟΥΛΟΣ", "ΕΛΈΝΗ", "ελένη"}) EXPECT_EQ(found(q), only(1)) << q;
  for (const char* q : {"王", "wang"}) EXPECT_EQ(found(q), only(2)) << q;
  for (const char* q : {"ليلى", "Al-Hassan", "alhassan", "hassan", "AL-HASSAN", "al hassan"}) EXPECT_EQ(found(q), only(3)) << q;
  for (const char* q : {"mia", "MIA", "obrien", "O'Brien"}) EXPECT_EQ(found(q), only(4)) << q;
}

TEST_F(StaffSearch, PhonesMatchInAnyCommonFormat) {
  for (const char* q : {"0412 345 678", "+61412345678", "412345678", "0412345678", "+61 412 345 678", "0412-345-678",
                        "(04) 1234 5678"})
    EXPECT_EQ(found(q), only(0)) << q;
  EXPECT_EQ(found("(04) 1255 5043"), only(3));
  EXPECT_EQ(found("0412 555 035"), only(2));
  EXPECT_EQ(found("thao 0412 345 678"), only(0));  // a name and a number typed with spaces
}

TEST_F(StaffSearch, IdentifierValuesMatchWholeIgnoringCaseAndSpaces) {
  for (const char* q : {"2426111B", "2426111b", "2426 111 B", "harbour gp 港口", "HarbourGP港口"})
    EXPECT_EQ(found(q), only(0)) << q;
  EXPECT_EQ(found("上海诊所"), only(2));
  EXPECT_EQ(found("Bondi Clinic"), only(4));
}

TEST_F(StaffSearch, SubjectWordsAndSeveralWordsTogether) {
  EXPECT_EQ(found("referral"), only(2));
  EXPECT_EQ(found("REPORT"), only(0));
  EXPECT_EQ(found("αίματος"), only(1));
  EXPECT_EQ(found("نتيجة"), only(3));
  EXPECT_EQ(found("thao nguyen"), only(0));
  EXPECT_EQ(found("nguyen missing"), only(0));
  EXPECT_EQ(found("  nguyen   report  "), only(0));
  EXPECT_TRUE(found("nguyen papadopoulos").empty());  // every word must match
  EXPECT_TRUE(found("nguyen referral").empty());
}

TEST_F(StaffSearch, NoPrefixOrSubstringMatches) {
  for (const char* q : {"nguy", "guyen", "papa", "0412", "0412 345", "345 678", "2426", "111B", "harbour", "refer",
                        "ngu*", "%", "_", "'", "\"", "🩺", "--", "x"})
    EXPECT_TRUE(found(q).empty()) << q;
}

TEST_F(StaffSearch, OnlyTheCallersTeamsAndNeverAnotherOrganisation) {
  EXPECT_EQ(found("nguyen", ivy), only(0));
  EXPECT_EQ(found("0412 345 678", ivy), only(0));
  EXPECT_EQ(found("nguyen", rita), std::vector<std::string>{results.id});
  EXPECT_EQ(found("nguyen", otto), std::vector<std::string>{elsewhere.id});
  // The admin is in both teams of Demo Health (newest activity first) and sees nothing of Other Clinic.
  EXPECT_EQ(found("nguyen", ada), (std::vector<std::string>{results.id, intake[0].id}));
  EXPECT_EQ(found("0412 345 678", ada), only(0));
  // A guest cannot list staff cases at all.
  EXPECT_EQ(relay.get("/api/v1/staff/cases?q=nguyen", intake[0].cookie).status, 401);
}

TEST_F(StaffSearch, ClosedCasesAreFoundAndStatusFilters) {
  ASSERT_EQ(relay.post("/api/v1/cases/" + intake[0].id + "/close", json::object(), intake[0].cookie).status, 200);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + intake[1].id + "/claim", json::object(), ivy).status, 200);
  EXPECT_EQ(found("nguyen"), only(0));
  EXPECT_EQ(ids(list(ivy, "status=closed&q=nguyen")), only(0));
  EXPECT_TRUE(ids(list(ivy, "status=active&q=nguyen")).empty());
  EXPECT_EQ(ids(list(ivy, "status=closed")), only(0));
  EXPECT_EQ(ids(list(ivy, "status=active")), only(1));
  // Waiting: newest activity first, here as in every list.
  EXPECT_EQ(ids(list(ivy, "status=waiting")), (std::vector<std::string>{intake[4].id, intake[3].id, intake[2].id}));
  EXPECT_TRUE(ids(list(ivy, "status=close_requested")).empty());
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + intake[1].id + "/request-close", json::object(), ivy).status, 200);
  EXPECT_EQ(ids(list(ivy, "status=close_requested&q=papadopoulos")), only(1));
}

TEST_F(StaffSearch, SummariesCarryTheAssigneeAndLastActivityAndFiltersByAssignee) {
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + intake[1].id + "/claim", json::object(), ivy).status, 200);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + intake[2].id + "/claim", json::object(), ian).status, 200);
  const std::string ivy_id = staff_id(relay, ivy), ian_id = staff_id(relay, ian);

  const auto all = list(ivy, "");
  EXPECT_TRUE(all["next"].is_null());
  ASSERT_EQ(all["cases"].size(), 5u);
  for (const auto& c : all["cases"]) {
    ASSERT_TRUE(c.contains("assignee")) << c.dump();
    EXPECT_EQ(c["last_activity_at"], c["updated_at"]);
    if (c["id"] == intake[1].id) {
      EXPECT_EQ(c["assignee"], (json{{"id", ivy_id}, {"name", "Ivy Intake"}}));
    } else if (c["id"] == intake[2].id) {
      EXPECT_EQ(c["assignee"], (json{{"id", ian_id}, {"name", "Ian Intake"}}));
    } else {
      EXPECT_TRUE(c["assignee"].is_null());
    }
  }
  // The claims were the newest activity.
  EXPECT_EQ(ids(all), (std::vector<std::string>{intake[2].id, intake[1].id, intake[4].id, intake[3].id, intake[0].id}));

  EXPECT_EQ(ids(list(ivy, "assignee=me")), only(1));
  EXPECT_EQ(ids(list(ian, "assignee=me")), only(2));
  EXPECT_EQ(ids(list(ivy, "assignee=" + ian_id)), only(2));
  EXPECT_EQ(ids(list(ivy, "assignee=none")), (std::vector<std::string>{intake[4].id, intake[3].id, intake[0].id}));
  EXPECT_EQ(ids(list(ivy, "assignee=none&q=nguyen")), only(0));
  EXPECT_TRUE(ids(list(ivy, "assignee=me&q=nguyen")).empty());
  EXPECT_TRUE(ids(list(rita, "assignee=" + ivy_id)).empty());  // not Rita's team
  EXPECT_TRUE(ids(list(ivy, "assignee=nobody-has-this-id")).empty());

  // A guest's message is activity: that case moves to the top.
  relay.advance_clock(60);
  ASSERT_EQ(relay.post("/api/v1/cases/" + intake[0].id + "/messages", message_body("m1", "Cảm ơn 🙏"), intake[0].cookie)
                .status,
            201);
  const auto after = list(ivy, "limit=1");
  EXPECT_EQ(ids(after), only(0));
  EXPECT_GT(after["cases"][0]["last_activity_at"].get<std::string>(), all["cases"][0]["last_activity_at"].get<std::string>());
  // The queue says who is waiting, with the same fields (nobody assigned).
  const auto queue = relay.get("/api/v1/staff/queue", ivy);
  ASSERT_EQ(queue.status, 200);
  for (const auto& c : queue.body["cases"]) {
    EXPECT_TRUE(c["assignee"].is_null());
    EXPECT_EQ(c["last_activity_at"], c["updated_at"]);
  }
  // The guest's own list is as before: no assignee, no staff fields.
  const auto mine = relay.get("/api/v1/guest/cases", intake[1].cookie);
  ASSERT_EQ(mine.status, 200);
  ASSERT_FALSE(mine.body["cases"].empty());
  EXPECT_FALSE(mine.body["cases"][0].contains("assignee"));
  EXPECT_FALSE(mine.body["cases"][0].contains("last_activity_at"));
}

TEST_F(StaffSearch, BadParametersAreRefusedWithTheirFieldAndNothingElse) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"limit=0", "limit"},       {"limit=201", "limit"},          {"limit=abc", "limit"},
      {"limit=-5", "limit"},      {"limit=", "limit"},             {"before=yesterday", "before"},
      {"before=", "before"},      {"before=12.a%20b", "before"},   {"assignee=Ivy%20Intake", "assignee"},
      {"assignee=%E7%8E%8B", "assignee"}, {"status=open", "status"}, {"status=WAITING", "status"},
      {"q=" + std::string(201, 'a'), "q"},
  };
  for (const auto& [query, field] : bad) {
    const auto r = relay.get("/api/v1/staff/cases?" + query, ivy);
    EXPECT_EQ(r.status, 400) << query << " " << r.raw;
    EXPECT_EQ(r.error_code(), "invalid_field") << query;
    EXPECT_EQ(r.body["error"]["field"], field) << query << " " << r.raw;
    EXPECT_FALSE(r.body.contains("cases")) << query;
  }
}

// Paging: more than 1,000 cases (the old ceiling), each exactly once, newest
// activity first, with and without a search and a status, through `next`.
TEST(StaffPaging, WalksMoreThanAThousandCasesEachOnceNewestFirst) {
  RelayProcess relay;
  const std::string ivy = relay.staff_cookie("intake1@demo.test");
  std::set<std::string> loaded;
  // Three batches at three times: cases of one batch share their activity
  // time, so the order within it is the id (the cursor's tie-break).
  for (const int n : {400, 500, 150}) {
    for (const auto& g : load_guests(relay, "intake", n)) loaded.insert(g.case_id);
    relay.advance_clock(5);
  }
  const auto claimed = load_guests(relay, "intake", 30, "intake1@demo.test");
  for (const auto& g : claimed) loaded.insert(g.case_id);
  ASSERT_EQ(loaded.size(), 1080u);
  // Other teams' and organisations' cases never appear.
  load_guests(relay, "results", 20);
  load_guests(relay, "other", 20);

  const auto walk = [&](const std::string& filter, int limit) {
    std::vector<json> seen;
    std::string next;
    for (int pages = 0; pages < 1000; ++pages) {
      std::string path = "/api/v1/staff/cases?limit=" + std::to_string(limit) + filter;
      if (!next.empty()) path += "&before=" + url_encode(next);
      const auto r = relay.get(path, ivy);
      EXPECT_EQ(r.status, 200) << r.raw;
      if (r.status != 200) break;
      EXPECT_LE(r.body["cases"].size(), static_cast<std::size_t>(limit));
      for (const auto& c : r.body["cases"]) seen.push_back(c);
      if (r.body["next"].is_null()) break;
      EXPECT_EQ(r.body["cases"].size(), static_cast<std::size_t>(limit)) << "a page before the last is full";
      next = r.body["next"];
    }
    return seen;
  };
  const auto check = [&](const std::vector<json>& seen, const std::set<std::string>& expected, const char* what) {
    std::set<std::string> unique;
    for (const auto& c : seen) unique.insert(c["id"].get<std::string>());
    EXPECT_EQ(unique.size(), seen.size()) << what << ": a case came twice";
    EXPECT_EQ(unique, expected) << what;
    for (std::size_t i = 1; i < seen.size(); ++i) {
      // Ties (a batch's shared time) are in id order, as the database collates ids.
      const auto a = seen[i - 1]["last_activity_at"].get<std::string>(), b = seen[i]["last_activity_at"].get<std::string>();
      EXPECT_GE(a, b) << what << " at " << i;
    }
  };
  check(walk("", 200), loaded, "all, 200 a page");
  check(walk("", 77), loaded, "all, 77 a page");
  // Fixture subjects are "Load test N": a search matching every case pages the same way.
  check(walk("&q=load", 150), loaded, "q=load");
  std::set<std::string> waiting = loaded;
  for (const auto& g : claimed) waiting.erase(g.case_id);
  check(walk("&status=waiting", 200), waiting, "waiting");
  check(walk("&assignee=none&q=test", 199), waiting, "unassigned, q=test");
  std::set<std::string> mine;
  for (const auto& g : claimed) mine.insert(g.case_id);
  check(walk("&assignee=me", 7), mine, "mine");
  // The default page is 50 cases.
  const auto first = relay.get("/api/v1/staff/cases", ivy);
  EXPECT_EQ(first.body["cases"].size(), 50u);
  EXPECT_TRUE(first.body["next"].is_string());
  // The queue route keeps its ceiling (docs/API.md): the oldest 1,000 waiting.
  const auto queue = relay.get("/api/v1/staff/queue", ivy);
  EXPECT_EQ(queue.body["cases"].size(), 1000u);
}
