#include <gtest/gtest.h>

#include "foxo/case_access.hpp"

using namespace foxo;

namespace {
Viewer guest(std::string id, std::string org) { return Viewer{Side::guest, std::move(id), std::move(org), {}}; }
Viewer staff(std::string id, std::string org, std::vector<std::string> teams) {
  return Viewer{Side::staff, std::move(id), std::move(org), std::move(teams)};
}
}  // namespace

TEST(CaseAccess, GuestSeesOnlyOwnCasesAtOwnOrganisation) {
  const CaseScope c{"org1", "teamA", "g1"};
  EXPECT_TRUE(may_see(guest("g1", "org1"), c));
  EXPECT_FALSE(may_see(guest("g2", "org1"), c));  // another guest
  EXPECT_FALSE(may_see(guest("g1", "org2"), c));  // another organisation's session
  EXPECT_FALSE(may_see(guest("", "org1"), CaseScope{"org1", "teamA", ""}));
}

TEST(CaseAccess, StaffSeeTheirTeamsOnly) {
  const CaseScope c{"org1", "teamA", "g1"};
  EXPECT_TRUE(may_see(staff("s1", "org1", {"teamA"}), c));
  EXPECT_TRUE(may_see(staff("s1", "org1", {"teamB", "teamA"}), c));
  EXPECT_FALSE(may_see(staff("s2", "org1", {"teamB"}), c));     // another team
  EXPECT_FALSE(may_see(staff("s3", "org2", {"teamA"}), c));     // another organisation
  EXPECT_FALSE(may_see(staff("s4", "org1", {}), c));            // no team
  EXPECT_FALSE(may_see(staff("g1", "org1", {}), c));            // a staff id equal to the guest id means nothing
}

TEST(CaseAccess, UnreadCountsTheOtherSide) {
  EXPECT_TRUE(counts_as_unread(Side::guest, "staff"));
  EXPECT_TRUE(counts_as_unread(Side::guest, "system"));
  EXPECT_FALSE(counts_as_unread(Side::guest, "guest"));
  EXPECT_TRUE(counts_as_unread(Side::staff, "guest"));
  EXPECT_FALSE(counts_as_unread(Side::staff, "staff"));
  EXPECT_FALSE(counts_as_unread(Side::staff, "system"));
  const std::vector<SeqAuthor> msgs{{1, "guest"}, {2, "staff"}, {3, "system"}, {4, "guest"}, {5, "staff"}};
  EXPECT_EQ(count_unread(Side::guest, msgs, 0), 3);
  EXPECT_EQ(count_unread(Side::guest, msgs, 3), 1);
  EXPECT_EQ(count_unread(Side::staff, msgs, 0), 2);
  EXPECT_EQ(count_unread(Side::staff, msgs, 4), 0);
  EXPECT_EQ(count_unread(Side::staff, {}, 0), 0);
}

TEST(CaseAccess, SeenNeverMovesBackNorPastTheLastMessage) {
  EXPECT_EQ(next_seen_seq(0, 3, 5), 3);
  EXPECT_EQ(next_seen_seq(4, 3, 5), 4);
  EXPECT_EQ(next_seen_seq(4, 99, 5), 5);
  EXPECT_EQ(next_seen_seq(0, 0, 0), 0);
}
