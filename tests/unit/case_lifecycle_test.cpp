#include <gtest/gtest.h>

#include "foxo/case_lifecycle.hpp"

using namespace foxo;

namespace {
void expect_to(CaseStatus from, CaseEvent e, CaseStatus to) {
  const auto t = transition(from, e);
  EXPECT_TRUE(t.allowed) << to_string(from) << " + " << to_string(e);
  EXPECT_EQ(t.next, to) << to_string(from) << " + " << to_string(e);
}
void expect_refused(CaseStatus from, CaseEvent e, ErrorCode code) {
  const auto t = transition(from, e);
  EXPECT_FALSE(t.allowed) << to_string(from) << " + " << to_string(e);
  EXPECT_EQ(t.error, code) << to_string(from) << " + " << to_string(e);
}
}  // namespace

TEST(CaseLifecycle, HappyPath) {
  expect_to(CaseStatus::waiting, CaseEvent::claim, CaseStatus::active);
  expect_to(CaseStatus::active, CaseEvent::request_close, CaseStatus::close_requested);
  expect_to(CaseStatus::close_requested, CaseEvent::guest_close, CaseStatus::closed);
}

TEST(CaseLifecycle, GuestReplyReopensACloseRequest) {
  expect_to(CaseStatus::close_requested, CaseEvent::guest_message, CaseStatus::active);
  expect_to(CaseStatus::close_requested, CaseEvent::staff_message, CaseStatus::close_requested);
}

TEST(CaseLifecycle, GuestMayCloseFromAnyOpenStatus) {
  for (auto s : {CaseStatus::waiting, CaseStatus::active, CaseStatus::close_requested})
    expect_to(s, CaseEvent::guest_close, CaseStatus::closed);
}

TEST(CaseLifecycle, AutoCloseOnlyFromCloseRequested) {
  expect_to(CaseStatus::close_requested, CaseEvent::auto_close, CaseStatus::closed);
  expect_refused(CaseStatus::active, CaseEvent::auto_close, ErrorCode::conflict);
  expect_refused(CaseStatus::waiting, CaseEvent::auto_close, ErrorCode::conflict);
}

TEST(CaseLifecycle, ClaimOnlyOnce) {
  expect_refused(CaseStatus::active, CaseEvent::claim, ErrorCode::already_claimed);
  expect_refused(CaseStatus::close_requested, CaseEvent::claim, ErrorCode::already_claimed);
}

TEST(CaseLifecycle, StaffMustClaimBeforeWriting) {
  expect_refused(CaseStatus::waiting, CaseEvent::staff_message, ErrorCode::conflict);
  expect_refused(CaseStatus::waiting, CaseEvent::request_close, ErrorCode::conflict);
  expect_to(CaseStatus::waiting, CaseEvent::guest_message, CaseStatus::waiting);
}

TEST(CaseLifecycle, ClosedIsTerminalAndReadOnly) {
  for (auto e : {CaseEvent::claim, CaseEvent::guest_message, CaseEvent::staff_message, CaseEvent::request_close,
                 CaseEvent::guest_close, CaseEvent::auto_close})
    expect_refused(CaseStatus::closed, e, ErrorCode::case_closed);
}

TEST(CaseLifecycle, StatusNamesRoundTrip) {
  for (auto s : {CaseStatus::waiting, CaseStatus::active, CaseStatus::close_requested, CaseStatus::closed})
    EXPECT_EQ(parse_case_status(to_string(s)), s);
  EXPECT_FALSE(parse_case_status("open").has_value());
}

TEST(CaseLifecycle, AutoCloseIsExactlySevenDaysLater) {
  EXPECT_EQ(auto_close_due_at(1000), 1000 + 7LL * 24 * 3600 * 1000);
}
