// The pure decisions of services/case_decisions.hpp: what posting, asking to
// close, closing and auto-closing do to a case as it stands in the
// transaction, each checked without a store. Names are the world's.
#include <gtest/gtest.h>

#include "services/case_decisions.hpp"

using namespace foxo;
using namespace foxo::relay;
using services::Actor;
using services::CaseDecision;

namespace {

constexpr TimeMs kNow = 1'800'000'000'000;

store::CaseRecord a_case(std::string_view status, std::optional<std::string> assignee = std::nullopt) {
  store::CaseRecord c;
  c.id = "case-1";
  c.org_id = "org-1";
  c.team_id = "team-1";
  c.guest_id = "guest-1";
  c.status = std::string(status);
  c.guest_first_name = "Nguyễn";
  c.guest_last_name = "Thị Minh Khai";
  c.assignee_id = std::move(assignee);
  return c;
}

Actor guest() {
  Actor a;
  a.viewer = Viewer{Side::guest, "guest-1", "org-1", {}};
  a.name = "Nguyễn Thị Minh Khai";
  return a;
}

Actor staff(std::string id, std::string name) {
  Actor a;
  a.viewer = Viewer{Side::staff, std::move(id), "org-1", {"team-1"}};
  a.name = std::move(name);
  return a;
}

// By value: the decision is usually a temporary.
Error error_of(const CaseDecision& d) {
  EXPECT_TRUE(std::holds_alternative<Error>(d)) << "expected a refusal";
  return std::holds_alternative<Error>(d) ? std::get<Error>(d) : Error{ErrorCode::internal, "", ""};
}

store::CaseUpdate update_of(const CaseDecision& d) {
  EXPECT_TRUE(std::holds_alternative<store::CaseUpdate>(d))
      << "refused: " << (std::holds_alternative<Error>(d) ? std::get<Error>(d).message : "");
  return std::holds_alternative<store::CaseUpdate>(d) ? std::get<store::CaseUpdate>(d) : store::CaseUpdate{};
}

store::NotifyHook a_hook() {
  return [](const NotifyState& s, std::int64_t) { return s; };
}

}  // namespace

TEST(CaseDecisions, UnknownStatusCountsAsClosed) {
  EXPECT_EQ(services::status_of(a_case("active")), CaseStatus::active);
  EXPECT_EQ(services::status_of(a_case("archived")), CaseStatus::closed);
  EXPECT_EQ(error_of(services::decide_guest_close(a_case("archived"))).code, ErrorCode::case_closed);
}

TEST(CaseDecisions, RefusalTextsNameWhatTheCallerCanDo) {
  EXPECT_EQ(services::lifecycle_refusal(ErrorCode::case_closed, CaseEvent::guest_message).message,
            "This chat is closed");
  EXPECT_EQ(services::lifecycle_refusal(ErrorCode::already_claimed, CaseEvent::claim).message,
            "Someone else has already claimed this chat");
  const Error claim_first = services::lifecycle_refusal(ErrorCode::conflict, CaseEvent::staff_message);
  EXPECT_EQ(claim_first.code, ErrorCode::conflict);
  EXPECT_EQ(claim_first.message, "Claim this chat first");
  EXPECT_EQ(services::lifecycle_refusal(ErrorCode::conflict, CaseEvent::request_close).message,
            "Claim this chat first");
  EXPECT_EQ(services::lifecycle_refusal(ErrorCode::conflict, CaseEvent::auto_close).message,
            "This chat cannot do that now");
}

TEST(CaseDecisions, GuestMessageNamesTheGuestAsTheCaseDoes) {
  const auto c = a_case("waiting");
  const auto draft = services::message_draft(c, guest(), "c-1", "Xin chào 👋", std::nullopt);
  EXPECT_EQ(draft.author_kind, "guest");
  EXPECT_EQ(draft.author_id, "guest-1");
  EXPECT_EQ(draft.author_name, "Nguyễn Thị Minh Khai");
  EXPECT_EQ(draft.body, "Xin chào 👋");
  EXPECT_FALSE(draft.attachment_id);
  const Actor παπαδόπουλος = staff("staff-1", "Γιώργος Παπαδόπουλος");
  const auto staff_draft = services::message_draft(c, παπαδόπουλος, "c-2", "Γεια σας", std::string("att-1"));
  EXPECT_EQ(staff_draft.author_kind, "staff");
  EXPECT_EQ(staff_draft.author_name, "Γιώργος Παπαδόπουλος");
  EXPECT_EQ(staff_draft.attachment_id, std::optional<std::string>("att-1"));
}

TEST(CaseDecisions, GuestMessageKeepsAWaitingCaseWaiting) {
  const auto c = a_case("waiting");
  const auto draft = services::message_draft(c, guest(), "c-1", "مرحبا", std::nullopt);
  const auto& u = update_of(services::decide_post_message(c, guest(), draft, std::nullopt, nullptr));
  EXPECT_EQ(u.status, std::optional<std::string>("waiting"));
  EXPECT_FALSE(u.clear_close_requested_at);
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].body, "مرحبا");
  EXPECT_TRUE(u.attachments.empty());
  EXPECT_FALSE(u.team_activity);
}

TEST(CaseDecisions, GuestReplyToACloseRequestReopensTheCase) {
  auto c = a_case("close_requested", "staff-1");
  c.close_requested_at = kNow - 1000;
  const auto draft = services::message_draft(c, guest(), "c-1", "まだ質問があります", std::nullopt);
  const auto& u = update_of(services::decide_post_message(c, guest(), draft, std::nullopt, nullptr));
  EXPECT_EQ(u.status, std::optional<std::string>("active"));
  EXPECT_TRUE(u.clear_close_requested_at);
}

TEST(CaseDecisions, NobodyPostsToAClosedCase) {
  const auto c = a_case("closed", "staff-1");
  const auto draft = services::message_draft(c, guest(), "c-1", "Hello?", std::nullopt);
  const Error& e = error_of(services::decide_post_message(c, guest(), draft, std::nullopt, nullptr));
  EXPECT_EQ(e.code, ErrorCode::case_closed);
  EXPECT_EQ(services::post_refusal(c, staff("staff-1", "王芳"))->code, ErrorCode::case_closed);
}

TEST(CaseDecisions, StaffPostOnlyAsTheAssignee) {
  const Actor wang = staff("staff-1", "王芳");
  const Actor hassan = staff("staff-2", "Layla Al-Hassan");
  // Not claimed yet: claim first.
  const auto waiting = a_case("waiting");
  const auto refused = services::post_refusal(waiting, wang);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, ErrorCode::conflict);
  EXPECT_EQ(refused->message, "Claim this chat first");
  // Claimed by someone else.
  const auto active = a_case("active", "staff-1");
  const auto other = services::post_refusal(active, hassan);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->code, ErrorCode::already_claimed);
  EXPECT_EQ(other->message, "Someone else is working on this chat");
  // The assignee may, and the message carries the attachment and team activity.
  EXPECT_FALSE(services::post_refusal(active, wang));
  store::NewAttachment att{"att-1", "报告.pdf", "application/pdf", "blob-1", 1234};
  const auto draft = services::message_draft(active, wang, "c-9", "请看附件", std::string("att-1"));
  const auto& u = update_of(services::decide_post_message(active, wang, draft, att, a_hook()));
  EXPECT_EQ(u.status, std::optional<std::string>("active"));
  ASSERT_EQ(u.attachments.size(), 1u);
  EXPECT_EQ(u.attachments[0].name, "报告.pdf");
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].author_name, "王芳");
  EXPECT_TRUE(u.team_activity);
}

TEST(CaseDecisions, StaffMessageOnACloseRequestKeepsTheRequest) {
  auto c = a_case("close_requested", "staff-1");
  c.close_requested_at = kNow;
  const Actor wang = staff("staff-1", "王芳");
  const auto draft = services::message_draft(c, wang, "c-1", "还在吗？", std::nullopt);
  const auto& u = update_of(services::decide_post_message(c, wang, draft, std::nullopt, nullptr));
  EXPECT_EQ(u.status, std::optional<std::string>("close_requested"));
  EXPECT_FALSE(u.clear_close_requested_at);
}

TEST(CaseDecisions, RequestCloseByTheAssigneeAddsASystemMessage) {
  const Actor hassan = staff("staff-2", "Layla Al-Hassan");
  const auto& u = update_of(services::decide_request_close(a_case("active", "staff-2"), hassan, kNow, a_hook()));
  EXPECT_EQ(u.status, std::optional<std::string>("close_requested"));
  EXPECT_EQ(u.close_requested_at, std::optional<TimeMs>(kNow));
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].author_kind, "system");
  EXPECT_EQ(u.messages[0].author_name, "Foxo");
  EXPECT_EQ(u.messages[0].body, "Layla Al-Hassan asked to close this chat");
  EXPECT_TRUE(u.team_activity);
}

TEST(CaseDecisions, RequestCloseRefusedToOthersAndIdleWhenAlreadyAsked) {
  const Actor wang = staff("staff-1", "王芳");
  EXPECT_EQ(error_of(services::decide_request_close(a_case("active", "staff-2"), wang, kNow, nullptr)).code,
            ErrorCode::already_claimed);
  EXPECT_EQ(error_of(services::decide_request_close(a_case("waiting"), wang, kNow, nullptr)).message,
            "Claim this chat first");
  auto asked = a_case("close_requested", "staff-1");
  asked.close_requested_at = kNow - 5000;
  const auto& u = update_of(services::decide_request_close(asked, wang, kNow, a_hook()));
  EXPECT_FALSE(u.status);
  EXPECT_FALSE(u.close_requested_at);  // the first request's time stands
  EXPECT_TRUE(u.messages.empty());
  EXPECT_FALSE(u.team_activity);
}

TEST(CaseDecisions, GuestClosesFromAnyOpenStatus) {
  for (const char* status : {"waiting", "active", "close_requested"}) {
    const auto& u = update_of(services::decide_guest_close(a_case(status, "staff-1")));
    EXPECT_EQ(u.status, std::optional<std::string>("closed")) << status;
    EXPECT_EQ(u.closed_by, std::optional<std::string>("guest")) << status;
    ASSERT_EQ(u.messages.size(), 1u);
    EXPECT_EQ(u.messages[0].body, "Nguyễn Thị Minh Khai closed this chat");
  }
  EXPECT_EQ(error_of(services::decide_guest_close(a_case("closed"))).message, "This chat is closed");
}

TEST(CaseDecisions, AutoCloseOnlyWhenSevenDaysRanOut) {
  auto c = a_case("close_requested", "staff-1");
  c.close_requested_at = kNow;
  const TimeMs due = auto_close_due_at(kNow);
  EXPECT_EQ(error_of(services::decide_auto_close(c, due - 1)).message, "Not due");
  const auto& u = update_of(services::decide_auto_close(c, due));
  EXPECT_EQ(u.status, std::optional<std::string>("closed"));
  EXPECT_EQ(u.closed_by, std::optional<std::string>("system"));
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].body, "This chat was closed automatically after 7 days without a reply");
  // The guest replied since the job looked: active again, nothing to close.
  auto replied = a_case("active", "staff-1");
  EXPECT_EQ(error_of(services::decide_auto_close(replied, due)).code, ErrorCode::conflict);
  // A close request without its time is never due.
  auto timeless = a_case("close_requested", "staff-1");
  EXPECT_EQ(error_of(services::decide_auto_close(timeless, due)).message, "Not due");
}

TEST(CaseDecisions, StaffStatusFilter) {
  using Filter = std::variant<Error, std::vector<std::string>>;
  const auto statuses = [](const Filter& f) { return std::get<std::vector<std::string>>(f); };
  EXPECT_TRUE(statuses(services::staff_status_filter("")).empty());
  EXPECT_TRUE(statuses(services::staff_status_filter("all")).empty());
  EXPECT_EQ(statuses(services::staff_status_filter("close_requested")), std::vector<std::string>{"close_requested"});
  const auto bad = services::staff_status_filter("قيد الانتظار");
  ASSERT_TRUE(std::holds_alternative<Error>(bad));
  EXPECT_EQ(std::get<Error>(bad).code, ErrorCode::invalid_field);
  EXPECT_EQ(std::get<Error>(bad).field, "status");
}

// ---- Hand-over (issue 20) -------------------------------------------------------

namespace {

store::StaffRecord member(std::string id, std::string name, std::vector<std::string> teams,
                          std::string org = "org-1") {
  store::StaffRecord s;
  s.id = std::move(id);
  s.org_id = std::move(org);
  s.name = std::move(name);
  s.team_ids = std::move(teams);
  return s;
}

store::Team team(std::string id, std::string slug, std::string name, std::string org = "org-1") {
  return store::Team{std::move(id), std::move(org), std::move(slug), std::move(name), {}};
}

Actor admin(std::string id, std::string name) {
  Actor a = staff(std::move(id), std::move(name));
  a.is_admin = true;
  return a;
}

store::CaseRecord held_by(std::string_view status, std::string assignee) {
  auto c = a_case(status, std::move(assignee));
  c.team_name = "Đội Tiếp nhận 🩺";
  return c;
}

}  // namespace

TEST(CaseDecisions, TheAssigneeHandsTheCaseToAColleagueOfItsTeam) {
  const auto c = held_by("active", "staff-1");
  const Actor thao = staff("staff-1", "Nguyễn Thảo");
  const auto& u = update_of(services::decide_assign(c, thao, services::hands_of(c),
                                                    member("staff-2", "Layla Al-Hassan", {"team-9", "team-1"})));
  EXPECT_EQ(u.assignee_id, std::optional<std::string>("staff-2"));
  EXPECT_FALSE(u.clear_assignee);
  EXPECT_FALSE(u.status);  // still active
  EXPECT_FALSE(u.team_id);
  EXPECT_FALSE(u.no_change);
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].author_kind, "system");
  EXPECT_EQ(u.messages[0].body, "Nguyễn Thảo handed this chat to Layla Al-Hassan");
  EXPECT_FALSE(u.team_activity);  // a hand-over is not Team activity: no SMS for it
}

TEST(CaseDecisions, AssignKeepsACloseRequestAndItsClock) {
  auto c = held_by("close_requested", "staff-1");
  c.close_requested_at = kNow - 5000;
  const auto& u = update_of(services::decide_assign(c, staff("staff-1", "王芳"), services::hands_of(c),
                                                    member("staff-2", "Γιώργος Παπαδόπουλος", {"team-1"})));
  EXPECT_FALSE(u.status);
  EXPECT_FALSE(u.clear_close_requested_at);
  EXPECT_EQ(u.messages[0].body, "王芳 handed this chat to Γιώργος Παπαδόπουλος");
}

TEST(CaseDecisions, AnAdminMayHandOverOrTakeOverSomeoneElsesCase) {
  const auto c = held_by("active", "staff-1");
  const Actor ada = admin("staff-9", "Ada Admin");
  const auto& to_other = update_of(
      services::decide_assign(c, ada, services::hands_of(c), member("staff-2", "محمد الحسن", {"team-1"})));
  EXPECT_EQ(to_other.messages[0].body, "Ada Admin handed this chat to محمد الحسن");
  const auto& to_self =
      update_of(services::decide_assign(c, ada, services::hands_of(c), member("staff-9", "Ada Admin", {"team-1"})));
  EXPECT_EQ(to_self.assignee_id, std::optional<std::string>("staff-9"));
  EXPECT_EQ(to_self.messages[0].body, "Ada Admin took over this chat");
}

TEST(CaseDecisions, OthersWhoSeeTheCaseMayNotHandItOver) {
  const auto c = held_by("active", "staff-1");
  const Actor colleague = staff("staff-2", "Layla Al-Hassan");
  const Error assign = error_of(
      services::decide_assign(c, colleague, services::hands_of(c), member("staff-2", "Layla Al-Hassan", {"team-1"})));
  EXPECT_EQ(assign.code, ErrorCode::forbidden);
  EXPECT_EQ(error_of(services::decide_release(c, colleague, services::hands_of(c))).code, ErrorCode::forbidden);
  EXPECT_EQ(error_of(services::decide_transfer(c, colleague, services::hands_of(c),
                                               team("team-2", "results", "Results Team")))
                .code,
            ErrorCode::forbidden);
}

TEST(CaseDecisions, AssignOnlyToAMemberOfTheCasesTeam) {
  const auto c = held_by("active", "staff-1");
  const Actor thao = staff("staff-1", "Nguyễn Thảo");
  const auto refused = [&](const std::optional<store::StaffRecord>& to) {
    const Error e = error_of(services::decide_assign(c, thao, services::hands_of(c), to));
    EXPECT_EQ(e.code, ErrorCode::invalid_field);
    EXPECT_EQ(e.field, "staff_id");
    EXPECT_EQ(e.message, "Choose a colleague in Đội Tiếp nhận 🩺");
  };
  refused(std::nullopt);                                                // unknown id
  refused(member("staff-3", "Rita Results", {"team-2"}));               // another team
  refused(member("staff-4", "Otto Other", {"team-1"}, "org-2"));        // another organisation
  refused(member("staff-5", "Nobody", {}));                              // no team at all
}

TEST(CaseDecisions, AssigningToTheAssigneeChangesNothing) {
  const auto c = held_by("active", "staff-1");
  const auto& u = update_of(services::decide_assign(c, staff("staff-1", "Nguyễn Thảo"), services::hands_of(c),
                                                    member("staff-1", "Nguyễn Thảo", {"team-1"})));
  EXPECT_TRUE(u.no_change);
  EXPECT_TRUE(u.messages.empty());
  EXPECT_FALSE(u.assignee_id);
}

TEST(CaseDecisions, AWaitingCaseIsClaimedNotAssignedOrReleased) {
  const auto c = a_case("waiting");
  const Actor ada = admin("staff-9", "Ada Admin");
  const Error assign =
      error_of(services::decide_assign(c, ada, services::hands_of(c), member("staff-2", "Ian", {"team-1"})));
  EXPECT_EQ(assign.code, ErrorCode::conflict);
  EXPECT_EQ(assign.message, "This chat is waiting in the queue: claim it first");
  const Error release = error_of(services::decide_release(c, ada, services::hands_of(c)));
  EXPECT_EQ(release.code, ErrorCode::conflict);
  EXPECT_EQ(release.message, "This chat is already waiting in the queue");
  // A member who does not hold it is simply not allowed.
  EXPECT_EQ(error_of(services::decide_release(c, staff("staff-2", "Ian"), services::hands_of(c))).code,
            ErrorCode::forbidden);
}

TEST(CaseDecisions, AClosedCaseIsNotHandedOver) {
  const auto c = held_by("closed", "staff-1");
  const Actor holder = admin("staff-1", "Nguyễn Thảo");
  const auto closed = [](const CaseDecision& d) {
    const Error e = error_of(d);
    EXPECT_EQ(e.code, ErrorCode::case_closed);
    EXPECT_EQ(e.message, "This chat is closed");
  };
  closed(services::decide_assign(c, holder, services::hands_of(c), member("staff-2", "Ian", {"team-1"})));
  closed(services::decide_release(c, holder, services::hands_of(c)));
  closed(services::decide_transfer(c, holder, services::hands_of(c), team("team-2", "results", "Results Team")));
}

TEST(CaseDecisions, ReleaseReturnsTheCaseToTheQueueAndDropsACloseRequest) {
  auto c = held_by("close_requested", "staff-1");
  c.close_requested_at = kNow - 1000;
  const Actor giorgos = staff("staff-1", "Γιώργος Παπαδόπουλος");
  const auto& u = update_of(services::decide_release(c, giorgos, services::hands_of(c)));
  EXPECT_EQ(u.status, std::optional<std::string>("waiting"));
  EXPECT_TRUE(u.clear_assignee);
  EXPECT_TRUE(u.clear_close_requested_at);
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].body, "Γιώργος Παπαδόπουλος returned this chat to the queue");
  // Active: nothing to clear.
  const auto active = held_by("active", "staff-1");
  EXPECT_FALSE(update_of(services::decide_release(active, staff("staff-1", "王芳"), services::hands_of(active)))
                   .clear_close_requested_at);
}

TEST(CaseDecisions, TransferMovesTheCaseToAnotherTeamAsWaiting) {
  auto c = held_by("close_requested", "staff-1");
  c.close_requested_at = kNow - 1000;
  const auto& u = update_of(services::decide_transfer(c, staff("staff-1", "Nguyễn Thảo"), services::hands_of(c),
                                                      team("team-2", "results", "فريق النتائج ✨")));
  EXPECT_EQ(u.team_id, std::optional<std::string>("team-2"));
  EXPECT_EQ(u.status, std::optional<std::string>("waiting"));
  EXPECT_TRUE(u.clear_assignee);
  EXPECT_TRUE(u.clear_close_requested_at);
  ASSERT_EQ(u.messages.size(), 1u);
  EXPECT_EQ(u.messages[0].body, "Nguyễn Thảo transferred this chat from Đội Tiếp nhận 🩺 to فريق النتائج ✨");
}

TEST(CaseDecisions, AnyMemberOfItsTeamMayTransferAWaitingCase) {
  auto c = a_case("waiting");
  c.team_name = "Intake Team";
  const Actor ian = staff("staff-2", "Ian Intake");
  EXPECT_EQ(update_of(services::decide_transfer(c, ian, services::hands_of(c), team("team-2", "results", "Results")))
                .team_id,
            std::optional<std::string>("team-2"));
  // Not once someone holds it.
  const auto active = held_by("active", "staff-1");
  EXPECT_EQ(error_of(services::decide_transfer(active, ian, services::hands_of(active),
                                               team("team-2", "results", "Results")))
                .code,
            ErrorCode::forbidden);
  // Nor a member of another team (who could not see it anyway).
  Actor rita = staff("staff-3", "Rita Results");
  rita.viewer.team_ids = {"team-2"};
  EXPECT_EQ(error_of(services::decide_transfer(c, rita, services::hands_of(c), team("team-3", "x", "X"))).code,
            ErrorCode::forbidden);
}

TEST(CaseDecisions, TransferOnlyToAnotherTeamOfTheOrganisation) {
  const auto c = held_by("active", "staff-1");
  const Actor thao = staff("staff-1", "Nguyễn Thảo");
  const auto refused = [&](const std::optional<store::Team>& to) {
    const Error e = error_of(services::decide_transfer(c, thao, services::hands_of(c), to));
    EXPECT_EQ(e.code, ErrorCode::invalid_field);
    EXPECT_EQ(e.field, "team");
  };
  refused(std::nullopt);                                            // unknown slug
  refused(team("team-8", "other", "Other Team", "org-2"));          // another organisation
  refused(team("team-1", "intake", "Đội Tiếp nhận 🩺"));            // where it is already
}

TEST(CaseDecisions, AHandOverFindingTheCaseChangedHandsIsRefused) {
  // The request read the case held by staff-1 in team-1; by its transaction
  // another hand-over had committed.
  const auto seen = services::hands_of(held_by("active", "staff-1"));
  const Actor ada = admin("staff-9", "Ada Admin");
  const auto now_with_ian = held_by("active", "staff-2");
  const auto conflict = [](const CaseDecision& d) {
    const Error e = error_of(d);
    EXPECT_EQ(e.code, ErrorCode::conflict);
    EXPECT_EQ(e.message, "Someone else handed this chat over just now: look at it again");
  };
  conflict(services::decide_assign(now_with_ian, ada, seen, member("staff-3", "Layla", {"team-1"})));
  conflict(services::decide_release(now_with_ian, ada, seen));
  auto moved = a_case("waiting");
  moved.team_id = "team-2";
  conflict(services::decide_transfer(moved, ada, seen, team("team-3", "x", "X")));
  auto released = a_case("active");  // released and claimed again by nobody known: no assignee
  conflict(services::decide_release(released, ada, seen));
}

TEST(CaseDecisions, ColleaguesAreListedByTeamInNameOrder) {
  const std::vector<store::Team> teams{team("t-r", "results", "Results Team"), team("t-i", "intake", "Intake Team"),
                                       team("t-e", "empty", "Éducation")};
  const std::vector<store::StaffRecord> staff{
      member("s-1", "Zoë Young", {"t-i"}),       member("s-2", "Nguyễn Thảo", {"t-i", "t-r"}),
      member("s-3", "Nguyen An", {"t-i"}),       member("s-4", "Ada Admin", {"t-i", "t-r"}),
      member("s-5", "Γιώργος Παπαδόπουλος", {"t-r"}), member("s-6", "王芳", {"t-r"}),
      member("s-7", "محمد الحسن", {"t-r"}),      member("s-8", "Nobody Yet", {})};
  const auto d = services::colleague_directory(teams, staff);
  ASSERT_EQ(d.teams.size(), 3u);
  // Accented letters sort with their base letter, not after Z.
  EXPECT_EQ(d.teams[0].slug, "empty");
  EXPECT_EQ(d.teams[0].name, "Éducation");
  EXPECT_TRUE(d.teams[0].members.empty());
  EXPECT_EQ(d.teams[1].slug, "intake");
  EXPECT_EQ(d.teams[2].slug, "results");
  std::vector<std::string> intake, results;
  for (const auto& m : d.teams[1].members) intake.push_back(m.name);
  for (const auto& m : d.teams[2].members) results.push_back(m.name);
  EXPECT_EQ(intake, (std::vector<std::string>{"Ada Admin", "Nguyen An", "Nguyễn Thảo", "Zoë Young"}));
  // Latin, then Greek, Arabic and Han (the root collation's script order).
  EXPECT_EQ(results,
            (std::vector<std::string>{"Ada Admin", "Nguyễn Thảo", "Γιώργος Παπαδόπουλος", "محمد الحسن", "王芳"}));
  EXPECT_EQ(d.teams[1].members[0].id, "s-4");
}
