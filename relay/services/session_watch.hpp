// Ending event streams when their session ends (docs/API.md, "Live events"):
// a stream checks its session only when it opens, so something must notice
// later that the session was signed out, revoked or ran out. Signing out on
// this relay ends its streams at once (http::end_streams); this watch covers
// the rest: a sign-out or revocation on another relay (several relays share
// one database), the idle and absolute limits passing, and a stream that
// opened just as its session was revoked. Every run asks the store about all
// sessions with an open stream here in one query, so its cost grows with the
// sessions, not with the requests. Run every half second by its own
// jobs::Scheduler (relay_app.cpp), so slow jobs (SMS) never delay it.
#pragma once
#include "events/hub.hpp"
#include "services/sessions.hpp"

namespace foxo::relay::services {

class SessionWatch {
 public:
  static constexpr TimeMs kInterval = 500;  // streams end within this (plus one query) of their session

  SessionWatch(SessionService& sessions, events::Hub& hub) : sessions_(sessions), hub_(hub) {}
  // Ends the streams of every session that has ended; returns how many sessions.
  int run();

 private:
  SessionService& sessions_;
  events::Hub& hub_;
};

}  // namespace foxo::relay::services
