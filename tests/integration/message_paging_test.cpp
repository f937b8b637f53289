// Paging a case (?limit=N&before=SEQ, docs/API.md) and the grouped
// message write path: many concurrent senders, retries and refusals sharing
// commits, each answer true to what is stored and streamed.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

std::vector<std::int64_t> seqs(const json& detail) {
  std::vector<std::int64_t> out;
  for (const auto& m : detail["messages"]) out.push_back(m["seq"].get<std::int64_t>());
  return out;
}

}  // namespace

TEST(Paging, LimitReturnsTheNewestPageOldestFirstAndBeforeGoesBack) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const std::string path = "/api/v1/cases/" + g.case_id;
  for (int i = 1; i <= 7; ++i)
    ASSERT_EQ(relay.post(path + "/messages", message_body("p" + std::to_string(i), "body " + std::to_string(i)),
                         g.cookie)
                  .status,
              201);
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(seqs(relay.get(path, g.cookie).body), (V{1, 2, 3, 4, 5, 6, 7}));  // default unchanged: everything
  const auto newest = relay.get(path + "?limit=3", g.cookie);
  ASSERT_EQ(newest.status, 200) << newest.raw;
  EXPECT_EQ(seqs(newest.body), (V{5, 6, 7}));
  EXPECT_EQ(newest.body["messages"][0]["body"], "body 5");
  EXPECT_EQ(newest.body["id"], g.case_id);  // the rest of the case is as without paging
  EXPECT_EQ(seqs(relay.get(path + "?limit=3&before=5", g.cookie).body), (V{2, 3, 4}));
  EXPECT_EQ(seqs(relay.get(path + "?limit=3&before=2", g.cookie).body), (V{1}));  // fewer than 3: the start
  EXPECT_EQ(seqs(relay.get(path + "?before=3", g.cookie).body), (V{1, 2}));
  EXPECT_EQ(seqs(relay.get(path + "?limit=2&after=3", g.cookie).body), (V{6, 7}));
  EXPECT_EQ(seqs(relay.get(path + "?limit=10&after=3&before=6", g.cookie).body), (V{4, 5}));
  EXPECT_EQ(seqs(relay.get(path + "?limit=1000", g.cookie).body), (V{1, 2, 3, 4, 5, 6, 7}));
}

TEST(Paging, BadLimitOrBeforeIsA400NamingTheField) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const std::string path = "/api/v1/cases/" + g.case_id;
  for (const std::string q : {"limit=0", "limit=1001", "limit=abc", "limit=-1", "limit="}) {
    const auto r = relay.get(path + "?" + q, g.cookie);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.error_code(), "invalid_field") << q;
    EXPECT_EQ(r.body["error"]["field"], "limit") << q;
  }
  const auto r = relay.get(path + "?limit=5&before=x", g.cookie);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "before");
  // A case the caller may not see stays 404 with paging too.
  const auto other = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  EXPECT_EQ(relay.get(path + "?limit=5", other.cookie).status, 404);
}

// 24 senders at once: each posts to its own case and to one shared case,
// repeats some client_ids (as a client retrying would), and one guest closes
// its case midway so that its later posts are refused in the same batches.
// Every 201 must be stored exactly once with gap-free seqs, every retry must
// return the first message, and the shared case's guest must receive each
// message of it once, in seq order.
TEST(GroupedWrites, ConcurrentSendersRetriesAndRefusalsAreEachAnsweredTruly) {
  RelayProcess relay;
  constexpr int kSenders = 24, kEach = 15;
  const auto guests = load_guests(relay, "intake", kSenders + 1, "intake1@demo.test");
  const auto& shared = guests[kSenders];
  const auto staff = relay.staff_cookie("intake1@demo.test");
  SseClient stream(relay.port(), shared.cookie);
  ASSERT_TRUE(stream.wait_connected());

  struct Outcome {
    std::vector<std::pair<std::string, json>> created;  // (case_id, message) per 201
    int retries_matched = 0, retries = 0, refused_closed = 0, other = 0;
  };
  std::vector<Outcome> out(kSenders);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int s = 0; s < kSenders; ++s)
    threads.emplace_back([&, s] {
      auto& o = out[static_cast<std::size_t>(s)];
      const auto& me = guests[static_cast<std::size_t>(s)];
      ++ready;
      while (ready < kSenders) std::this_thread::yield();
      for (int i = 0; i < kEach; ++i) {
        if (s == 0 && i == kEach / 2)
          EXPECT_EQ(relay.post("/api/v1/cases/" + me.case_id + "/close", json::object(), me.cookie).status, 200);
        const std::string cid = "g" + std::to_string(s) + "-" + std::to_string(i);
        const auto own = relay.post("/api/v1/cases/" + me.case_id + "/messages", message_body(cid, "own " + cid),
                                    me.cookie);
        if (own.status == 201) o.created.emplace_back(me.case_id, own.body);
        else if (own.status == 409 && own.error_code() == "case_closed") ++o.refused_closed;
        else ++o.other;
        if (own.status == 201 && i % 5 == 0) {
          ++o.retries;
          const auto again = relay.post("/api/v1/cases/" + me.case_id + "/messages",
                                        message_body(cid, "edited"), me.cookie);
          if (again.status == 200 && again.body == own.body) ++o.retries_matched;
        }
        const auto to_shared = relay.post("/api/v1/cases/" + shared.case_id + "/messages",
                                          message_body("s" + cid, "shared " + cid), staff);
        if (to_shared.status == 201) o.created.emplace_back(shared.case_id, to_shared.body);
        else ++o.other;
      }
    });
  for (auto& t : threads) t.join();

  std::map<std::string, std::map<std::int64_t, json>> acked;  // case -> seq -> message
  int retries = 0, retries_matched = 0, refused = 0;
  for (const auto& o : out) {
    EXPECT_EQ(o.other, 0);
    retries += o.retries;
    retries_matched += o.retries_matched;
    refused += o.refused_closed;
    for (const auto& [case_id, m] : o.created) {
      const auto seq = m["seq"].get<std::int64_t>();
      EXPECT_EQ(acked[case_id].count(seq), 0u) << "two 201s with one seq in " << case_id;
      acked[case_id][seq] = m;
    }
  }
  EXPECT_EQ(retries_matched, retries);
  EXPECT_EQ(refused, kEach - kEach / 2);  // every post after the close, and only those
  EXPECT_EQ(acked[shared.case_id].size(), static_cast<std::size_t>(kSenders * kEach));

  for (int s = 0; s <= kSenders; ++s) {
    const auto& g = guests[static_cast<std::size_t>(s)];
    const auto detail = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
    ASSERT_EQ(detail.status, 200);
    std::int64_t expect_seq = 1;
    std::size_t stored_acked = 0;
    for (const auto& m : detail.body["messages"]) {
      EXPECT_EQ(m["seq"].get<std::int64_t>(), expect_seq++) << "gap or disorder in " << g.case_id;
      const auto it = acked[g.case_id].find(m["seq"].get<std::int64_t>());
      if (it != acked[g.case_id].end()) {
        EXPECT_EQ(m, it->second);
        ++stored_acked;
      } else {
        EXPECT_EQ(m["author"]["kind"], "system");  // only the close notice was not posted by a sender
      }
    }
    EXPECT_EQ(stored_acked, acked[g.case_id].size()) << "an acknowledged message is missing in " << g.case_id;
  }

  // The shared case's guest saw each of its messages exactly once, in order.
  const std::size_t n = acked[shared.case_id].size();
  ASSERT_TRUE(stream.wait_for([&](const auto& ev) { return message_seqs(ev, shared.case_id).size() >= n; },
                              std::chrono::seconds(30)));
  const auto got = message_seqs(stream.events(), shared.case_id);
  std::vector<std::int64_t> want;
  for (std::size_t i = 1; i <= n; ++i) want.push_back(static_cast<std::int64_t>(i));
  EXPECT_EQ(got, want);
}
