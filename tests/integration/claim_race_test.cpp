// The atomic claim: of many concurrent claims on one waiting case exactly one
// wins; every other gets 409 already_claimed.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;

TEST(ClaimRace, SixtyConcurrentClaimsHaveExactlyOneWinner) {
  RelayProcess relay;
  const std::vector<std::string> staff{relay.staff_cookie("intake1@demo.test"), relay.staff_cookie("intake2@demo.test"),
                                       relay.staff_cookie("admin@demo.test")};
  const std::vector<std::string> names{"Ivy Intake", "Ian Intake", "Ada Admin"};
  const auto guests = load_guests(relay, "intake", 3);  // three waiting cases, three rounds
  constexpr int kClaims = 60;
  for (const auto& g : guests) {
    std::latch start(kClaims);
    std::vector<int> status(kClaims, 0);
    std::vector<std::string> code(kClaims);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClaims; ++i) {
      threads.emplace_back([&, i] {
        httplib::Client c("127.0.0.1", relay.port());
        c.set_read_timeout(60);
        httplib::Headers h{{"Cookie", staff[static_cast<std::size_t>(i) % staff.size()]}};
        start.arrive_and_wait();  // all threads fire together
        const auto r = c.Post(("/api/v1/staff/cases/" + g.case_id + "/claim").c_str(), h, "{}", "application/json");
        if (!r) return;
        status[static_cast<std::size_t>(i)] = r->status;
        const auto body = json::parse(r->body, nullptr, false);
        if (body.is_object() && body.contains("error")) code[static_cast<std::size_t>(i)] = body["error"]["code"];
      });
    }
    for (auto& t : threads) t.join();

    int winners = 0, winner = -1;
    for (int i = 0; i < kClaims; ++i) {
      if (status[static_cast<std::size_t>(i)] == 200) {
        ++winners;
        winner = i;
      } else {
        EXPECT_EQ(status[static_cast<std::size_t>(i)], 409) << "claim " << i;
        EXPECT_EQ(code[static_cast<std::size_t>(i)], "already_claimed") << "claim " << i;
      }
    }
    ASSERT_EQ(winners, 1);
    const auto detail = relay.get("/api/v1/cases/" + g.case_id, staff[0]);
    EXPECT_EQ(detail.body["status"], "active");
    EXPECT_EQ(detail.body["assignee"]["name"], names[static_cast<std::size_t>(winner) % names.size()]);

    // One claim, one audit row.
    const auto audit = relay.get("/api/v1/admin/audit?case_id=" + g.case_id, staff[2]);
    int claims = 0;
    for (const auto& e : audit.body["entries"])
      if (e["action"] == "case.claim") ++claims;
    EXPECT_EQ(claims, 1);
  }
}

TEST(ClaimRace, ClaimingAClosedOrUnknownCaseIsRefused) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/close", json::object(), g.cookie).status, 200);
  auto r = relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), ivy);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "case_closed");
  r = relay.post("/api/v1/staff/cases/nonexistent-case-id/claim", json::object(), ivy);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  EXPECT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), g.cookie).status, 401);
}
