// Issue 20 in the staff console's core: Hand over, Return to queue and
// Transfer (requests, busy state, answers, refusals), live `case` events
// moving cases between the filters (Mine, Unassigned, All) and out of the
// lists, paging with the relay's cursor, search, and identifier labels on
// list lines.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

LiveEvent live_case(const foxo::CaseSummary& s) { return LiveEvent{LiveEvent::Kind::case_, "e", json(s).dump()}; }

// A staff summary as the relay writes it: the guest, identifiers and assignee.
foxo::CaseSummary staff_summary(const std::string& id, const std::string& status,
                                std::optional<Assignee> assignee = std::nullopt, TeamRef team = {"intake", "Aufnahme Ω"}) {
  auto s = wire_summary(id, status);
  s.team = std::move(team);
  s.guest = Guest{"", "Nguyễn", "Thị Minh Khai", ""};
  s.identifiers = {{"practice_name", "Harbour GP 🏥"}};
  s.assignee = std::move(assignee);
  s.last_activity_at = s.updated_at;
  return s;
}

const Assignee kIvy{"s-ivy", "Ivy 王"};
const Assignee kIan{"s-ian", "Ian Al-Hassan"};

json colleagues_body() {
  return json{{"teams",
               {{{"slug", "intake"},
                 {"name", "Aufnahme Ω"},
                 {"members", {{{"id", kIvy.id}, {"name", kIvy.name}}, {{"id", kIan.id}, {"name", kIan.name}}}}},
                {{"slug", "billing"}, {"name", "Facturación 💳"}, {"members", json::array()}}}}};
}

// Ivy, in team intake, on the console; `admin` for an organisation admin.
void staff_signed_in(Harness& h, bool admin = false) {
  h.on(event::Started{"/staff", false, ""});
  h.tick(1000);
  h.answer(Call::staff_me, 200,
           signed_in_body("staff", StaffInfo{kIvy.id, kIvy.name, "ivy@example.org", {"intake"}, admin}, "s-s1", "k-s1"));
}

// Ivy with case c-1 open, `status`, assigned to `assignee`, and the colleagues loaded.
void case_open(Harness& h, const std::string& status, std::optional<Assignee> assignee, bool admin = false) {
  staff_signed_in(h, admin);
  h.intent(intent::OpenCase{"c-1"});
  auto d = wire_case("c-1", status);
  d.assignee = assignee;
  h.answer(Call::case_get, 200, json(d), "c-1");
  h.frame();
  EXPECT_EQ(h.request(Call::staff_colleagues).path, "/api/v1/staff/colleagues") << "asked once a case shows";
  h.answer(Call::staff_colleagues, 200, colleagues_body());
}

TEST(ClientHandover, HandOverOffersColleaguesButMeAndAppliesTheAnswer) {
  Harness h;
  case_open(h, "active", kIvy);
  EXPECT_TRUE(may_hand_over(h.m()));
  EXPECT_TRUE(may_transfer(h.m()));
  const auto choices = hand_over_choices(h.m());
  ASSERT_EQ(choices.size(), 1u);
  EXPECT_EQ(choices[0].name, "Ian Al-Hassan");
  const auto teams = transfer_choices(h.m());
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0].name, "Facturación 💳");
  h.frame();
  EXPECT_FALSE(h.requested(Call::staff_colleagues)) << "once per session";

  h.intent(intent::HandOver{kIan.id});
  const auto req = h.request(Call::staff_assign);
  EXPECT_EQ(req.path, "/api/v1/staff/cases/c-1/assign");
  EXPECT_EQ(json::parse(req.body), (json{{"staff_id", "s-ian"}}));
  EXPECT_EQ(h.m().handover.busy, HandoverModel::Busy::assign);
  h.intent(intent::ReturnToQueue{});
  EXPECT_FALSE(h.requested(Call::staff_release)) << "one action at a time";

  auto handed = wire_case("c-1", "active");
  handed.assignee = kIan;
  h.answer(Call::staff_assign, 200, json(handed), "c-1");
  EXPECT_EQ(h.m().handover.busy, HandoverModel::Busy::none);
  EXPECT_EQ(h.m().open_case.assignee_name, "Ian Al-Hassan");
  EXPECT_FALSE(may_hand_over(h.m())) << "no longer mine, and not an admin";
  EXPECT_FALSE(can_write(h.m()));
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_EQ(assignee_words(h.m(), h.m().active_cases[0]), "Ian Al-Hassan");
}

TEST(ClientHandover, ReturnAndTransferSendTheirRequests) {
  Harness h;
  case_open(h, "close_requested", kIvy);
  h.intent(intent::ReturnToQueue{});
  EXPECT_EQ(h.request(Call::staff_release).path, "/api/v1/staff/cases/c-1/release");
  h.answer(Call::staff_release, 200, json(wire_case("c-1", "waiting")), "c-1");
  EXPECT_EQ(h.m().open_case.status, CaseStatus::waiting);
  EXPECT_TRUE(h.m().open_case.assignee_id.empty());
  ASSERT_EQ(h.m().queue.size(), 1u);
  EXPECT_EQ(assignee_words(h.m(), h.m().queue[0]), "Unassigned");
  EXPECT_FALSE(may_hand_over(h.m()));
  EXPECT_TRUE(may_transfer(h.m())) << "any member of its team may transfer a waiting case";
  h.intent(intent::Transfer{"billing"});
  const auto req = h.request(Call::staff_transfer);
  EXPECT_EQ(req.path, "/api/v1/staff/cases/c-1/transfer");
  EXPECT_EQ(json::parse(req.body), (json{{"team", "billing"}}));
  auto moved = wire_case("c-1", "waiting");
  moved.team = TeamRef{"billing", "Facturación 💳"};
  h.answer(Call::staff_transfer, 200, json(moved), "c-1");
  EXPECT_TRUE(h.m().queue.empty()) << "moved to a team Ivy is not in: out of her lists";
  EXPECT_EQ(h.m().open_case.team_name, "Facturación 💳");
  EXPECT_FALSE(may_transfer(h.m()));
  h.on(LiveEvent{LiveEvent::Kind::message, "e9",
                 live_message_data("c-1", wire_message(9, "system", "Foxo", "Ivy 王 transferred this chat")).dump()});
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_seen)) << "out of Ivy's teams: the relay would answer 404";
}

TEST(ClientHandover, OthersCasesOfferNothingButAdminsMay) {
  Harness h;
  case_open(h, "active", kIan);
  EXPECT_FALSE(may_hand_over(h.m()));
  EXPECT_FALSE(may_transfer(h.m()));
  Harness admin;
  case_open(admin, "active", kIan, /*admin=*/true);
  EXPECT_TRUE(may_hand_over(admin.m()));
  EXPECT_TRUE(may_transfer(admin.m()));
  EXPECT_TRUE(hand_over_choices(admin.m()).empty()) << "neither me nor who has it already";
  Harness closed;
  case_open(closed, "closed", kIvy, true);
  EXPECT_FALSE(may_hand_over(closed.m()));
  EXPECT_FALSE(may_transfer(closed.m()));
}

TEST(ClientHandover, RefusalsAreShownNextToTheButtonsAndTheCaseReloads) {
  Harness h;
  case_open(h, "active", kIvy);
  h.intent(intent::HandOver{kIan.id});
  h.answer(Call::staff_assign, 409, json{{"error", {{"code", "conflict"}, {"message", "Case changed"}}}}, "c-1");
  EXPECT_EQ(h.m().handover.problem, "Someone else changed this chat first.");
  EXPECT_EQ(h.m().handover.busy, HandoverModel::Busy::none);
  EXPECT_EQ(h.request(Call::case_get).path, "/api/v1/cases/c-1");
  h.intent(intent::Transfer{"billing"});
  EXPECT_TRUE(h.m().handover.problem.empty()) << "a new try clears the last failure";
  h.answer(Call::staff_transfer, 403, json{{"error", {{"code", "forbidden"}, {"message", "Not yours to move"}}}}, "c-1");
  EXPECT_EQ(h.m().handover.problem, "Not yours to move");
  h.intent(intent::ReturnToQueue{});
  h.answer(Call::staff_release, 0, nullptr, "c-1");
  EXPECT_EQ(h.m().handover.problem, "No connection. Check your network and try again.");
  EXPECT_EQ(h.m().open_case.assignee_id, kIvy.id) << "nothing changed";
}

TEST(ClientHandover, LiveEventsMoveCasesBetweenFiltersAndUpdateTheOpenCase) {
  Harness h;
  staff_signed_in(h);
  h.intent(intent::FilterLists{ListFilter::mine});
  EXPECT_EQ(h.request(Call::staff_cases).path, "/api/v1/staff/cases?status=all&assignee=me&limit=50");
  h.answer(Call::staff_cases, 200, json{{"cases", json::array()}, {"next", nullptr}}, "mine");
  // Ian hands c-7 to Ivy: it shows in Mine at once.
  h.on(live_case(staff_summary("c-7", "active", kIvy)));
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_TRUE(shown_by_filter(h.m(), h.m().active_cases[0]));
  EXPECT_EQ(assignee_words(h.m(), h.m().active_cases[0]), "You");
  // Open it; then it is handed on to Ian.
  h.intent(intent::OpenCase{"c-7"});
  auto d = wire_case("c-7", "active");
  d.assignee = kIvy;
  h.answer(Call::case_get, 200, json(d), "c-7");
  h.on(live_case(staff_summary("c-7", "active", kIan)));
  EXPECT_EQ(h.m().open_case.assignee_name, "Ian Al-Hassan") << "the case view follows at once";
  EXPECT_TRUE(h.requested(Call::case_get)) << "and loads what came with it";
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_FALSE(shown_by_filter(h.m(), h.m().active_cases[0])) << "no longer Mine";
  h.intent(intent::FilterLists{ListFilter::unassigned});
  EXPECT_FALSE(shown_by_filter(h.m(), h.m().active_cases[0]));
  h.intent(intent::FilterLists{ListFilter::all});
  EXPECT_TRUE(shown_by_filter(h.m(), h.m().active_cases[0]));
  // Transferred to a team Ivy is not in: it leaves every list, the view says where it went.
  h.on(live_case(staff_summary("c-7", "waiting", std::nullopt, {"billing", "Facturación 💳"})));
  EXPECT_TRUE(h.m().queue.empty());
  EXPECT_TRUE(h.m().active_cases.empty());
  EXPECT_EQ(h.m().open_case.team_name, "Facturación 💳");
  EXPECT_EQ(h.m().open_case.status, CaseStatus::waiting);
  EXPECT_FALSE(h.requested(Call::case_get)) << "out of sight: nothing to load";
  EXPECT_FALSE(case_in_my_teams(h.m()));
  EXPECT_FALSE(may_transfer(h.m())) << "nothing left to do with it here";
}

TEST(ClientHandover, FilterAnswersOfAnEarlierFilterAreDropped) {
  Harness h;
  staff_signed_in(h);
  h.intent(intent::FilterLists{ListFilter::mine});
  h.answer(Call::staff_cases, 200, json{{"cases", {staff_summary("c-1", "active", kIan)}}}, "all");
  EXPECT_TRUE(h.m().active_cases.empty());
  h.answer(Call::staff_cases, 200, json{{"cases", {staff_summary("c-2", "active", kIvy)}}}, "mine");
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_EQ(h.m().active_cases[0].id, "c-2");
}

TEST(ClientHandover, GuestChatShowsTheNewTeamOnATransferEvent) {
  Harness h;
  open_guest_chat(h, "c-1", {}, "waiting");
  EXPECT_EQ(h.m().open_case.team_name, "Aufnahme Ω");
  auto moved = wire_summary("c-1", "waiting");
  moved.team = TeamRef{"billing", "Facturación 💳"};
  h.on(live_case(moved));
  EXPECT_EQ(h.m().open_case.team_name, "Facturación 💳");
}

TEST(ClientLists, ShowMorePagesThroughTheRelaysCursor) {
  Harness h;
  staff_signed_in(h);
  h.answer(Call::staff_cases, 200,
           json{{"cases", {staff_summary("c-1", "active", kIvy)}}, {"next", "cur/sor+1"}}, "all");
  EXPECT_EQ(h.m().lists_next, "cur/sor+1");
  h.intent(intent::ShowMoreCases{});
  EXPECT_EQ(h.request(Call::staff_cases_more).path,
            "/api/v1/staff/cases?status=all&limit=50&before=cur%2Fsor%2B1");
  h.intent(intent::ShowMoreCases{});
  EXPECT_FALSE(h.requested(Call::staff_cases_more)) << "one page at a time";
  h.answer(Call::staff_cases_more, 200,
           json{{"cases", {staff_summary("c-1", "active", kIvy), staff_summary("c-0", "closed", kIan)}}, {"next", nullptr}},
           "all");
  EXPECT_EQ(h.m().active_cases.size(), 1u) << "a case on two pages is listed once";
  EXPECT_EQ(h.m().closed_cases.size(), 1u);
  EXPECT_TRUE(h.m().lists_next.empty());
  h.intent(intent::ShowMoreCases{});
  EXPECT_FALSE(h.requested(Call::staff_cases_more)) << "the last page";
}

TEST(ClientLists, SearchWaitsForAPauseThenPagesAndClearingReturnsToTheLists) {
  Harness h;
  staff_signed_in(h);
  h.intent(intent::SearchTyped{"ng", false});
  EXPECT_FALSE(h.requested(Call::staff_search));
  h.intent(intent::SearchTyped{"nguyen 0412", false});
  EXPECT_TRUE(h.m().search.active());
  EXPECT_EQ(next_wakeup_ms(h.m()), 1400) << "a frame when the pause is over";
  h.tick(1200).frame();
  EXPECT_FALSE(h.requested(Call::staff_search));
  h.tick(1400).frame();
  const auto req = h.request(Call::staff_search);
  EXPECT_EQ(req.path, "/api/v1/staff/cases?status=all&q=nguyen%200412&limit=50");
  h.answer(Call::staff_search, 200, json{{"cases", {staff_summary("c-1", "active", kIvy)}}, {"next", "n1"}}, req.tag);
  ASSERT_EQ(h.m().search.results.size(), 1u);
  h.intent(intent::ShowMoreResults{});
  const auto more = h.request(Call::staff_search);
  EXPECT_EQ(more.path, "/api/v1/staff/cases?status=all&q=nguyen%200412&limit=50&before=n1");
  h.answer(Call::staff_search, 200, json{{"cases", {staff_summary("c-2", "closed", kIan)}}, {"next", nullptr}}, more.tag);
  EXPECT_EQ(h.m().search.results.size(), 2u);
  EXPECT_TRUE(h.m().search.next.empty());
  // Enter asks at once; a late answer for the earlier query is dropped.
  h.intent(intent::SearchTyped{"Παπαδόπουλος", true});
  const auto now = h.request(Call::staff_search);
  EXPECT_EQ(now.path.find("q=%CE%A0"), now.path.find("q="));
  h.answer(Call::staff_search, 200, json{{"cases", {staff_summary("c-9", "active", kIvy)}}}, req.tag);
  EXPECT_TRUE(h.m().search.results.empty());
  h.answer(Call::staff_search, 200, json{{"cases", json::array()}, {"next", nullptr}}, now.tag);
  EXPECT_TRUE(h.m().search.loaded);
  h.intent(intent::SearchTyped{"  ", false});
  EXPECT_FALSE(h.m().search.active()) << "cleared: the lists again";
}

TEST(ClientLists, QueueLinesUseTheTeamsLabelsNotKeys) {
  Harness h;
  staff_signed_in(h);
  h.answer(Call::staff_queue, 200, json{{"cases", {staff_summary("c-1", "waiting")}}});
  EXPECT_EQ(h.request(Call::team_fields).path, "/api/v1/teams/intake") << "asked for the list, not only for a case view";
  EXPECT_EQ(identifiers_line(h.m(), h.m().queue[0]), "practice_name: Harbour GP 🏥") << "the key until labels arrive";
  TeamEntry entry;
  entry.identifiers = {IdentifierField{"practice_name", "Praxis / 診療所", false, 60, ""}};
  h.answer(Call::team_fields, 200, json(entry), "intake");
  EXPECT_EQ(identifiers_line(h.m(), h.m().queue[0]), "Praxis / 診療所: Harbour GP 🏥");
  EXPECT_EQ(assignee_words(h.m(), h.m().queue[0]), "Unassigned");
}

}  // namespace
}  // namespace foxo::client::test
