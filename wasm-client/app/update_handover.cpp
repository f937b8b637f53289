// Handing a case on (issue 20): Hand over to a colleague of the case's team,
// Return to queue, Transfer to another team of the organisation. The choice
// in the chooser is the confirmation; one action is in flight at a time and
// its answer is the case, applied as a claim's is. The teams and their
// members come from GET /api/v1/staff/colleagues, asked once the case view
// shows (again when a chooser opens after a failure).
#include <algorithm>

#include "app/decode.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

namespace {

void ask_colleagues(Ctx& c) {
  HandoverModel& h = c.m().handover;
  if (h.teams_loading) return;
  h.teams_loading = true;
  c.send(Call::staff_colleagues, "GET", "/api/v1/staff/colleagues");
}

void act(Ctx& c, HandoverModel::Busy busy, Call call, const char* verb, std::string body) {
  Model& m = c.m();
  const std::string& id = m.open_case.id;
  if (m.handover.busy != HandoverModel::Busy::none || id.empty()) return;
  m.handover.busy = busy;
  m.handover.problem.clear();
  c.ui().chooser = UiState::Chooser::none;
  c.send(call, "POST", "/api/v1/staff/cases/" + path_escape(id) + "/" + verb, std::move(body), id);
}

std::string refusal(const Response& r) {
  if (r.status == 409) return "Someone else changed this chat first.";
  if (r.status == 403) {
    const std::string said = decode::error_reply(r.body).message;
    return said.empty() ? "You cannot do that for this chat." : said;
  }
  return error_of(r, "That did not work. Try again.").message;
}

}  // namespace

void handover_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  HandoverModel& h = m.handover;
  if (r.call == Call::staff_colleagues) {
    h.teams_loading = false;
    if (ok(r)) {
      h.teams = decode::colleagues(r.body);
      h.teams_loaded = true;
    } else if (r.status == 401) {
      navigate(c, nav::SignedOut{});
    }
    return;
  }
  h.busy = HandoverModel::Busy::none;
  if (ok(r)) {
    if (const std::optional<CaseDetail> d = decode::case_detail(r.body)) {
      merge_case(c, *d);
      apply_summary(c, decode::listed_case(*d, c.env.locale));
    }
    return;
  }
  if (r.status == 401) {
    navigate(c, nav::SignedOut{});
    return;
  }
  if (r.tag != m.open_case.id) return;  // the user moved on
  h.problem = refusal(r);
  // What the case is now: whoever changed it first.
  load_case(c, false);
}

void handover_intent(Ctx& c, const Intent& intent) {
  using Busy = HandoverModel::Busy;
  if (const auto* i = std::get_if<intent::HandOver>(&intent)) {
    act(c, Busy::assign, Call::staff_assign, "assign", json{{"staff_id", i->staff_id}}.dump());
  } else if (std::holds_alternative<intent::ReturnToQueue>(intent)) {
    act(c, Busy::release, Call::staff_release, "release", "{}");
  } else if (const auto* t = std::get_if<intent::Transfer>(&intent)) {
    act(c, Busy::transfer, Call::staff_transfer, "transfer", json{{"team", t->team}}.dump());
  } else if (std::holds_alternative<intent::WantColleagues>(intent)) {
    if (!c.m().handover.teams_loaded) ask_colleagues(c);
  }
}

void handover_after_frame(Ctx& c) {
  const Model& m = c.m();
  const HandoverModel& h = m.handover;
  // Asked once per session, when a case is first on screen; a failure is
  // asked again when a chooser opens (WantColleagues), not every frame.
  if (m.nav.screen == Screen::staff_case && m.open_case.loaded && !h.teams_loaded && !h.teams_loading &&
      !c.books().colleagues_asked) {
    c.books().colleagues_asked = true;
    ask_colleagues(c);
  }
}

}  // namespace foxo::client::core
