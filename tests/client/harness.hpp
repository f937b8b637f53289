// A client core driven the way the frame loop drives it, without a browser:
// events in, effects collected, the relay's answers written by hand. The
// locale is fixed (UTC, 24-hour clock) and ids count up, so every run is the
// same.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/update.hpp"
#include "app/views.hpp"
#include "foxo/protocol.hpp"
#include "foxo/time.hpp"

namespace foxo::client::test {

// UTC, "HH:MM", days as "YYYY-MM-DD".
class UtcLocale final : public Locale {
 public:
  double parse_time_ms(const std::string& s) const override {
    const auto t = parse_rfc3339(s);
    return t ? static_cast<double>(*t) : 0;
  }
  std::string format_clock(double ms) const override { return format_rfc3339(static_cast<TimeMs>(ms)).substr(11, 5); }
  std::string format_day(double ms) const override { return format_rfc3339(static_cast<TimeMs>(ms)).substr(0, 10); }
  int day_key(double ms) const override {
    const std::string d = format_day(ms);
    return std::stoi(d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2));
  }
};

struct Harness {
  UtcLocale locale;
  State state;
  std::vector<Effect> effects;  // of the last event only
  int ids = 0;

  const Model& m() const { return state.model; }

  // Applies `e`; its effects replace those of the previous event.
  Harness& on(const Event& e) {
    const std::string id = needs_fresh_id(e) ? "id" + std::to_string(++ids) : std::string();
    Step step = update(std::move(state), e, Env{locale, id});
    state = std::move(step.state);
    effects = std::move(step.effects);
    return *this;
  }
  Harness& intent(const Intent& i) { return on(Event{i}); }
  Harness& answer(Call call, int status, const json& body, const std::string& tag = {}) {
    return on(Response{call, 0, tag, status, body.is_null() ? std::string() : body.dump(), {}});
  }
  Harness& tick(double now_ms, bool visible = true) {
    return on(event::Tick{now_ms, 1.7e12 + now_ms, 20261203, 20261202, visible});
  }
  Harness& frame() { return on(event::FrameDrawn{}); }

  // The requests among the last effects.
  std::vector<effect::Request> requests() const {
    std::vector<effect::Request> out;
    for (const auto& e : effects)
      if (const auto* r = std::get_if<effect::Request>(&e)) out.push_back(*r);
    return out;
  }
  // The last request of `call` among the last effects; fails the test when there is none.
  effect::Request request(Call call) const {
    for (auto it = effects.rbegin(); it != effects.rend(); ++it)
      if (const auto* r = std::get_if<effect::Request>(&*it); r && r->call == call) return *r;
    ADD_FAILURE() << "no request of call " << static_cast<int>(call) << " among " << effects.size() << " effects";
    return {};
  }
  bool requested(Call call) const {
    for (const auto& r : requests())
      if (r.call == call) return true;
    return false;
  }
  template <class E>
  std::vector<E> all() const {
    std::vector<E> out;
    for (const auto& e : effects)
      if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
};

// ---- The relay's answers, as protocol.hpp writes them ----------------------------

inline foxo::Message wire_message(std::int64_t seq, const std::string& kind, const std::string& name,
                                  const std::string& body, const std::string& client_id = {},
                                  const std::string& at = "2026-12-03T09:15:00.000Z") {
  foxo::Message m;
  m.seq = seq;
  m.client_id = client_id;
  m.author = Author{kind, name};
  m.body = body;
  m.created_at = at;
  return m;
}

inline CaseDetail wire_case(const std::string& id, const std::string& status,
                            std::vector<foxo::Message> messages = {}) {
  CaseDetail d;
  d.id = id;
  d.subject = "Visa — ثبت نام";
  d.status = status;
  d.team = TeamRef{"intake", "Aufnahme Ω"};
  d.guest = Guest{"", "Nguyễn", "Thị Minh Khai", "+61412345678"};
  d.identifiers = {{"file_no", "王-2026-٣"}};
  d.created_at = "2026-12-03T09:00:00.000Z";
  d.messages = std::move(messages);
  return d;
}

inline foxo::CaseSummary wire_summary(const std::string& id, const std::string& status,
                                      const std::string& updated_at = "2026-12-03T09:20:00.000Z",
                                      std::int64_t unread = 0) {
  foxo::CaseSummary s;
  s.id = id;
  s.subject = "Παπαδόπουλος: passport 🛂";
  s.status = status;
  s.team = TeamRef{"intake", "Aufnahme Ω"};
  s.created_at = "2026-12-03T09:00:00.000Z";
  s.updated_at = updated_at;
  s.unread = unread;
  return s;
}

inline json live_message_data(const std::string& case_id, const foxo::Message& m) {
  return json{{"case_id", case_id}, {"message", m}};
}

// A signed-in answer as the relay writes it: `who` ("guest" or "staff") and
// the person's storage key and id (docs/API.md "Browser storage key").
inline json signed_in_body(const std::string& who, const json& person, const std::string& storage_id = "s-g1",
                           const std::string& storage_key = "k-g1") {
  return json{{who, person}, {"storage_key", storage_key}, {"storage_id", storage_id}};
}

// The page opened the person's sealed records: `outbox` and `drafts` as stored text.
inline event::Unsealed unsealed(const std::string& storage_id = "s-g1", const std::string& outbox = "",
                                const std::string& drafts = "") {
  return event::Unsealed{storage_id, true, outbox, drafts};
}

// A guest signed in on /t/intake (their stored records read back, empty) with
// case `id` open on the chat screen, loaded with `history`.
inline void open_guest_chat(Harness& h, const std::string& id, std::vector<foxo::Message> history,
                            const std::string& status = "active") {
  h.on(event::Started{"/t/intake", false, ""});
  h.tick(1000);
  h.answer(Call::guest_me, 200, signed_in_body("guest", Guest{"g1", "Nguyễn", "Văn An", "+61412345678"}));
  h.on(unsealed());
  h.intent(intent::OpenCase{id});
  h.answer(Call::case_get, 200, json(wire_case(id, status, std::move(history))), id);
}

}  // namespace foxo::client::test
