#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

#include "sms/dev_outbox.hpp"

using foxo::sms::DevOutbox;
using foxo::sms::SendError;
using foxo::sms::Sms;

TEST(DevOutbox, KeepsAndPrintsEverySms) {
  std::int64_t now = 1700000000000;
  std::ostringstream console;
  DevOutbox outbox([&] { return now; }, &console);
  EXPECT_EQ(outbox.name(), "dev-outbox");

  auto r1 = outbox.send(Sms{"+61412345678", "Your Foxo code is 123456"});
  now += 1500;
  auto r2 = outbox.send(Sms{"+61498765432", "Thảo: tin mới từ Demo Health 👍🏽:\nhttps://x/r/abc"});

  EXPECT_TRUE(r1.ok());
  EXPECT_TRUE(r2.ok());
  EXPECT_NE(r1.provider_id, r2.provider_id);
  EXPECT_EQ(console.str(),
            "[dev sms] to +61412345678: Your Foxo code is 123456\n"
            "[dev sms] to +61498765432: Thảo: tin mới từ Demo Health 👍🏽: https://x/r/abc\n");
  auto all = outbox.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].to, "+61412345678");
  EXPECT_EQ(all[0].body, "Your Foxo code is 123456");
  EXPECT_EQ(all[0].sent_at_ms, 1700000000000);
  EXPECT_EQ(all[1].body, "Thảo: tin mới từ Demo Health 👍🏽:\nhttps://x/r/abc");  // kept verbatim
  EXPECT_EQ(all[1].sent_at_ms, 1700000001500);
}

TEST(DevOutbox, RefusesWhatTwilioWouldRefuse) {
  std::ostringstream console;
  DevOutbox outbox([] { return 0; }, &console);
  EXPECT_EQ(outbox.send(Sms{"+61412345678", std::string(1601, 'x')}).error, SendError::body_too_long);
  EXPECT_EQ(outbox.send(Sms{"0412345678", "hi"}).error, SendError::invalid_number);
  EXPECT_TRUE(outbox.send(Sms{"+61412345678", std::string(1600, 'x')}).ok());
  EXPECT_EQ(outbox.size(), 1u);
}

TEST(DevOutbox, ConcurrentSendsAreAllKept) {
  std::atomic<std::int64_t> clock{0};
  DevOutbox outbox([&] { return clock++; }, nullptr);  // silent
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&outbox, t] {
      for (int i = 0; i < 50; ++i) outbox.send(Sms{"+6141234" + std::to_string(1000 + t), "code " + std::to_string(i)});
    });
  }
  for (auto& th : threads) th.join();
  auto all = outbox.all();
  ASSERT_EQ(all.size(), 400u);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].sent_at_ms, all[i].sent_at_ms);
}
