// What the browser keeps for the signed-in person, and signing out (issue 18,
// "The browser keeps nothing after sign-out"; docs/API.md "Browser storage
// key").
//
// The relay hands each signed-in session its person's storage key and opaque
// storage_id (the same for that person in every session). With them the page
// seals the outbox and the composer's drafts (AES-GCM, WebCrypto) into
// records named by the storage_id; nothing is stored in clear. Before a
// session has answered nothing is opened. When the key arrives: every other
// person's records are removed, this person's are opened, merged with what is
// in memory (and, once, with the clear outbox of earlier versions), and the
// retries send them. Sign-out asks first if messages are unsent, removes
// every record, calls the logout route and returns to the sign-in screen.
#include <algorithm>

#include "app/decode.hpp"
#include "app/outbox.hpp"
#include "app/storage.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

namespace {

// Adds the entries of `more` whose client_id `box` does not hold yet.
void merge_outbox(std::vector<Outgoing>& box, const std::vector<Outgoing>& more) {
  for (const auto& o : more)
    if (std::none_of(box.begin(), box.end(), [&](const Outgoing& b) { return b.client_id == o.client_id; }))
      box.push_back(o);
}

void save_drafts(Ctx& c) {
  PersonStore& st = c.books().store;
  const std::string text = drafts_text(st.drafts);
  if (text == st.saved_drafts) return;
  st.saved_drafts = text;
  c.fx.push_back(effect::SaveSealed{effect::Record::drafts, text, st.id, st.key});
}

// Nothing of the person stays in the browser's storage or in memory beyond
// who the page is for (team, side).
void forget_person(Ctx& c) {
  Model& m = c.m();
  c.fx.push_back(effect::ForgetStored{"", /*legacy=*/true});
  for (const auto& u : m.uploads) {
    if (u.in_flight) c.fx.push_back(effect::CancelUpload{u.number});
    c.fx.push_back(effect::ForgetFile{u.number});
  }
  m.outbox.clear();
  m.uploads.clear();
  c.books().store = PersonStore{};
  c.ui().message.clear();
}

void forget_identity(Ctx& c) {
  Model& m = c.m();
  m.first_name.clear();
  m.last_name.clear();
  m.phone.clear();
  m.resume_token.clear();
  m.phone_hint.clear();
  m.case_team.clear();
  m.guest_name.clear();
  m.guest_first.clear();
  m.guest_last.clear();
  m.guest_phone.clear();
  m.cases.clear();
  m.cases_loaded = false;
  m.staff_name.clear();
  m.staff_id.clear();
  m.queue.clear();
  m.active_cases.clear();
  m.closing_cases.clear();
  m.closed_cases.clear();
  m.queue_loaded = m.lists_loaded = false;
  // Issue 20: the member's teams, filter, paging, search and colleagues.
  m.staff_teams.clear();
  m.staff_admin = false;
  m.list_filter = ListFilter::all;
  m.lists_next.clear();
  m.lists_more_loading = false;
  m.search = SearchModel{};
  m.handover = HandoverModel{};
  c.books().colleagues_asked = false;
  m.thumbnails.clear();
  m.case_problem.clear();
  Books& b = c.books();
  b.seen_case.clear();
  b.seen_sent = 0;
  b.seen_in_flight = false;
  c.ui() = UiState{};  // typed names, numbers, codes, passwords
}

}  // namespace

void storage_answer(Ctx& c, const Response& r) {
  if (!ok(r)) return;
  const json j = decode::parse(r.body);
  if (!j.is_object()) return;
  const std::string key = j.value("storage_key", std::string());
  const std::string id = j.value("storage_id", std::string());
  if (key.empty() || id.empty()) return;  // not signed in by this answer (or a relay without the key)
  PersonStore& st = c.books().store;
  if (st.id == id && st.key == key) return;  // the same person again: already open
  if (!st.id.empty()) {
    // Someone else on this page before: nothing of theirs is kept or sent.
    c.m().outbox.clear();
    c.ui().message.clear();
  }
  std::vector<Outgoing> legacy = std::move(st.legacy);
  st = PersonStore{};
  st.id = id;
  st.key = key;
  st.legacy = std::move(legacy);
  c.fx.push_back(effect::ForgetStored{id, /*legacy=*/false});
  c.fx.push_back(effect::LoadSealed{id, key});
}

void unsealed(Ctx& c, const event::Unsealed& u) {
  PersonStore& st = c.books().store;
  if (u.storage_id.empty() || u.storage_id != st.id || st.loaded) return;  // late, or for someone else
  st.loaded = true;
  Model& m = c.m();
  // What was stored first, then the clear outbox of earlier versions, then
  // anything sent since the key arrived.
  std::vector<Outgoing> box = u.ok ? outbox_from_text(u.outbox) : std::vector<Outgoing>{};
  merge_outbox(box, st.legacy);
  merge_outbox(box, m.outbox);
  // Entries already in memory keep their state (in flight, attempts).
  for (auto& o : box)
    for (const auto& mine : m.outbox)
      if (mine.client_id == o.client_id) o = mine;
  m.outbox = std::move(box);
  st.legacy.clear();
  save_outbox(c);
  // Sealed first (the page performs these in order), then the clear copy goes.
  c.fx.push_back(effect::ForgetStored{st.id, /*legacy=*/true});

  if (u.ok) {
    auto stored = drafts_from_text(u.drafts);
    for (auto& [case_id, text] : st.drafts) stored[case_id] = text;  // typed since: newer
    st.drafts = std::move(stored);
    st.saved_drafts = u.drafts;
  }
  st.draft_case.clear();  // the next frame puts the open case's draft into the composer
}

void save_outbox(Ctx& c) {
  const PersonStore& st = c.books().store;
  // Not before the stored outbox was read back: it is merged and saved then.
  if (st.key.empty() || !st.loaded) return;
  c.fx.push_back(effect::SaveSealed{effect::Record::outbox, outbox_text(c.m().outbox), st.id, st.key});
}

void storage_after_frame(Ctx& c) {
  PersonStore& st = c.books().store;
  if (st.key.empty() || !st.loaded) return;
  const std::string& open = c.m().open_case.id;
  std::string& text = c.ui().message;
  if (open != st.draft_case) {
    st.draft_case = open;
    if (const auto it = st.drafts.find(open); it != st.drafts.end() && text.empty()) text = it->second;
  } else if (!open.empty()) {
    if (text.empty()) st.drafts.erase(open);
    else st.drafts[open] = text;
  }
  save_drafts(c);
}

void sign_out_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  UiState& ui = c.ui();
  if (std::holds_alternative<intent::CancelSignOut>(intent)) {
    ui.confirm_sign_out = false;
    return;
  }
  const auto* s = std::get_if<intent::SignOut>(&intent);
  if (!s || m.signing_out) return;
  if (unsent_count(m) > 0 && !s->confirmed) {
    ui.confirm_sign_out = true;  // nothing is lost without being asked
    return;
  }
  ui.confirm_sign_out = false;
  m.signing_out = true;
  m.sign_out_problem.clear();
  forget_person(c);
  if (c.is_staff()) c.send(Call::staff_logout, "POST", "/api/v1/staff/logout", "{}");
  else c.send(Call::guest_logout, "POST", "/api/v1/guest/logout", "{}");
}

void forget_session(Ctx& c) {
  Model& m = c.m();
  c.ui().confirm_sign_out = false;
  m.signing_out = false;
  m.sign_out_problem.clear();
  forget_person(c);
  forget_identity(c);
  navigate(c, nav::SignedOut{});
}

void sign_out_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.signing_out = false;
  if (r.status == 0 || r.status >= 500) {
    // The relay may still hold the session: say so, and let them try again.
    m.sign_out_problem = "You are not signed out yet: the service could not be reached. Try again.";
    return;
  }
  forget_identity(c);
  navigate(c, nav::SignedOut{});
}

}  // namespace foxo::client::core
