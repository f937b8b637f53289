// What /metrics adds to the registry's counters (services/health.hpp): the
// gauges of one snapshot, as a pure function, and the dev fixture's numbering
// (services/dev.hpp).
#include <gtest/gtest.h>

#include <map>

#include "services/dev.hpp"
#include "services/health.hpp"

using namespace foxo;
using namespace foxo::relay;

namespace {

std::map<std::string, double> by_name(const std::vector<metrics::Family>& families) {
  std::map<std::string, double> out;
  for (const auto& f : families) {
    EXPECT_EQ(f.type, metrics::Type::gauge) << f.name;
    EXPECT_EQ(f.samples.size(), 1u) << f.name;
    if (!f.samples.empty()) out[f.name] = f.samples[0].value;
  }
  return out;
}

}  // namespace

TEST(OpsGauges, ASnapshotWithItsSmsQueue) {
  services::OpsSnapshot s;
  s.started_at = 1'000'000;
  s.now = 1'090'500;
  s.open_streams = 7;
  s.max_streams = 512;
  s.ready = true;
  s.sms_queue = store::NotifyQueueStats{12, 3, s.now - 4'250, 2};
  const auto g = by_name(services::ops_gauges(s));
  EXPECT_EQ(g.at("foxo_event_streams_open"), 7);
  EXPECT_EQ(g.at("foxo_event_streams_max"), 512);
  EXPECT_EQ(g.at("foxo_sms_queue_scheduled"), 12);
  EXPECT_EQ(g.at("foxo_sms_queue_depth"), 3);
  EXPECT_EQ(g.at("foxo_sms_outbox_pending"), 2);
  EXPECT_DOUBLE_EQ(g.at("foxo_job_lag_seconds"), 4.25);
  EXPECT_EQ(g.at("foxo_ready"), 1);
  EXPECT_DOUBLE_EQ(g.at("foxo_uptime_seconds"), 90.5);
}

TEST(OpsGauges, RenderedInTheOrderOperatorsKnow) {
  services::OpsSnapshot s;
  s.sms_queue = store::NotifyQueueStats{};
  std::vector<std::string> names;
  for (const auto& f : services::ops_gauges(s)) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"foxo_event_streams_open", "foxo_event_streams_max",
                                             "foxo_sms_queue_scheduled", "foxo_sms_queue_depth",
                                             "foxo_sms_outbox_pending", "foxo_job_lag_seconds", "foxo_ready",
                                             "foxo_uptime_seconds"}));
}

TEST(OpsGauges, WithoutTheStoreTheQueueGaugesAreLeftOutNotZero) {
  services::OpsSnapshot s;
  s.ready = false;  // stopping
  const auto g = by_name(services::ops_gauges(s));
  EXPECT_EQ(g.count("foxo_sms_queue_depth"), 0u);
  EXPECT_EQ(g.count("foxo_job_lag_seconds"), 0u);
  EXPECT_EQ(g.at("foxo_ready"), 0);
  EXPECT_EQ(g.size(), 4u);
}

TEST(OpsGauges, JobLagIsZeroWhenNothingIsDueAndNeverNegative) {
  const TimeMs now = 5'000'000;
  EXPECT_EQ(services::job_lag_seconds(store::NotifyQueueStats{4, 0, std::nullopt, 0}, now), 0);
  // A due time ahead of now: a clock that went back, not negative waiting.
  EXPECT_EQ(services::job_lag_seconds(store::NotifyQueueStats{1, 1, now + 30'000, 0}, now), 0);
  EXPECT_DOUBLE_EQ(services::job_lag_seconds(store::NotifyQueueStats{1, 1, now - 61'000, 0}, now), 61);
}

TEST(DevFixture, NumbersContinueAfterTheHighestPhone) {
  EXPECT_EQ(services::next_fixture_number(""), 0);
  EXPECT_EQ(services::next_fixture_number("+61490000041"), 42);
  EXPECT_EQ(services::next_fixture_number("+61499999998"), 9'999'999);
  EXPECT_EQ(services::fixture_phone(0), "+61490000000");
  EXPECT_EQ(services::fixture_phone(42), "+61490000042");
  EXPECT_EQ(services::fixture_phone(9'999'999), "+61499999999");
  EXPECT_EQ(services::next_fixture_number(services::fixture_phone(1234)), 1235);
}
