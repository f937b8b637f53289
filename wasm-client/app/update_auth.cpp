// Who the user is: the guest's team entry, the code sent by SMS (and its
// resend, also through a resume link), the verification; staff sign-in and
// the session check at start.
#include "app/decode.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

namespace {

void send_code(Ctx& c, bool resend) {
  Model& m = c.m();
  m.sending_code = true;
  m.register_error = {};
  m.code_error = {};
  json body{{"team", m.nav.team}, {"first_name", m.first_name}, {"last_name", m.last_name}, {"phone", m.phone}};
  // A resend stays on the same challenge, so its wrong-try count carries on
  // (a new challenge would start again at zero).
  if (resend && !m.nav.challenge_id.empty()) body["challenge_id"] = m.nav.challenge_id;
  c.send(Call::guest_otp, "POST", "/api/v1/guest/otp", body.dump());
}

// A new code is on its way: its countdowns start now.
void code_sent(Model& m, double expires_in_s, double resend_in_s) {
  m.code_expires_at_ms = m.now_ms + expires_in_s * 1000.0;
  m.resend_at_ms = m.now_ms + resend_in_s * 1000.0;
  m.attempts_left = -1;
  m.code_locked = false;
}

FieldError code_not_sent(const Response& r) {
  FieldError e = error_of(r, "The code could not be sent. Try again.");
  if (r.status == 429 && !r.retry_after.empty())
    e.message = "Too many codes were sent. Try again in " + r.retry_after + " seconds.";
  return e;
}

void team_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  if (ok(r)) {
    const TeamEntry t = decode::team_entry(r.body).value_or(TeamEntry{});
    m.team_loaded = true;
    m.organisation_name = t.organisation.name;
    m.team_name = t.team.name;
    m.subjects = t.subjects;
    m.identifiers = t.identifiers;
  } else if (r.status == 404) {
    m.team_problem = "This link does not lead to a team. Ask the organisation for its chat link.";
  }
}

void signed_in_as(Model& m, const Guest& g) {
  m.guest_first = g.first_name;
  m.guest_last = g.last_name;
  m.guest_phone = g.phone;
  m.guest_name = m.guest_first;
}

void resume_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  const bool resend = r.tag == "resend";  // the code screen asked for a new code through the link
  if (resend) m.sending_code = false;
  if (ok(r)) {
    const decode::ResumeAnswer a = decode::resume_answer(r.body);
    m.phone_hint = a.phone_hint;
    if (!a.authenticated) code_sent(m, a.expires_in, a.resend_in);
    if (resend) {
      if (!a.authenticated) navigate(c, nav::CodeSent{a.challenge_id});
    } else {
      navigate(c, nav::ResumeAnswered{a.case_id, a.authenticated, a.challenge_id});
    }
    if (a.authenticated) m.resume_token.clear();
  } else if (r.status == 0) {
    // No answer at all: the loading screen offers "Try again".
    if (resend) m.code_error = error_of(r, "");
    else m.connection_problem = kNoConnection;
  } else if (resend) {
    FieldError e = code_not_sent(r);
    if (r.status == 404) e.message = "This link has expired or is not valid. Ask the team for a new one.";
    e.field = "code";
    m.code_error = e;
  } else {
    m.resume_token.clear();
    if (r.status == 404)
      m.team_problem =
          "This link has expired or is not valid. Links from our text messages work until 30 days after a "
          "chat closes. Open the chat link the organisation gave you to start again.";
    else if (r.status == 429)
      m.team_problem = "Too many codes were sent to your phone. Wait " +
                       (r.retry_after.empty() ? std::string("a minute") : r.retry_after + " seconds") +
                       " and open the link again.";
    else
      m.team_problem = error_of(r, "This link could not be opened. Try again later.").message;
    navigate(c, nav::ResumeFailed{});
  }
}

void verify_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.verifying = false;
  if (ok(r)) {
    signed_in_as(m, decode::guest(r.body).value_or(Guest{}));
    m.resume_token.clear();
    m.phone_hint.clear();
    navigate(c, nav::CodeVerified{});
    return;
  }
  FieldError e = error_of(r, "That code did not work.");
  e.field = "code";
  const decode::ErrorReply reply = decode::error_reply(r.body);
  if (reply.code == "otp_invalid") {
    m.attempts_left = reply.attempts_left;
    e.message = "That code is not right.";
  } else if (reply.code == "otp_locked") {
    m.code_locked = true;
    m.attempts_left = 0;
    e.message = "Too many wrong codes. Send a new code.";
  } else if (reply.code == "otp_expired") {
    m.code_expires_at_ms = m.now_ms;
    e.message = "This code has expired. Send a new code.";
  }
  m.code_error = e;
}

void staff_answer_of(Ctx& c, const Response& r) {
  Model& m = c.m();
  const bool login = r.call == Call::staff_login;
  if (login) m.signing_in = false;
  if (mfa_after_sign_in(c, r)) return;
  if (ok(r)) {
    const StaffInfo s = decode::staff(r.body).value_or(StaffInfo{});
    m.staff_name = s.name;
    m.staff_id = s.id;
    m.staff_teams = s.teams;
    m.staff_admin = s.admin;
    if (login) navigate(c, nav::StaffSignedIn{});
    else navigate(c, nav::SessionChecked{true});
  } else if (login) {
    if (r.status == 401) m.staff_error = {"password", "Email or password is not right."};
    else m.staff_error = error_of(r, "Sign-in failed. Try again.");
  } else if (r.status == 0) {
    m.connection_problem = kNoConnection;
  } else {
    navigate(c, nav::SessionChecked{false});
  }
}

}  // namespace

void auth_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  switch (r.call) {
    case Call::team:
      team_answer(c, r);
      break;
    case Call::guest_me:
      if (ok(r)) signed_in_as(m, decode::guest(r.body).value_or(Guest{}));
      if (r.status == 0) m.connection_problem = kNoConnection;
      else navigate(c, nav::SessionChecked{ok(r)});
      break;
    case Call::guest_resume:
      resume_answer(c, r);
      break;
    case Call::guest_otp:
      m.sending_code = false;
      if (ok(r)) {
        const OtpChallenge ch = decode::otp_challenge(r.body);
        code_sent(m, static_cast<double>(ch.expires_in), static_cast<double>(ch.resend_in));
        navigate(c, nav::CodeSent{ch.challenge_id});
      } else if (m.nav.screen == Screen::code) {
        m.code_error = code_not_sent(r);
      } else {
        m.register_error = code_not_sent(r);
      }
      break;
    case Call::guest_verify:
      verify_answer(c, r);
      break;
    case Call::staff_login:
    case Call::staff_me:
      staff_answer_of(c, r);
      break;
    default:
      assert(false && "update.cpp routes only the guest flow's and sign-in's answers here");
  }
}

void auth_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* i = std::get_if<intent::SendCode>(&intent)) {
    if (m.sending_code) return;
    m.first_name = i->first_name;
    m.last_name = i->last_name;
    m.phone = i->phone;
    send_code(c, /*resend=*/false);
  } else if (std::holds_alternative<intent::ResendCode>(intent)) {
    if (m.sending_code || m.now_ms < m.resend_at_ms) return;
    if (!m.resume_token.empty()) {
      // From a resume link: name and number are the relay's; post the token again.
      m.sending_code = true;
      m.code_error = {};
      c.send(Call::guest_resume, "POST", "/api/v1/guest/resume", json{{"token", m.resume_token}}.dump(), "resend");
      return;
    }
    send_code(c, /*resend=*/true);
  } else if (const auto* v = std::get_if<intent::VerifyCode>(&intent)) {
    if (m.verifying) return;
    m.verifying = true;
    m.code_error = {};
    c.send(Call::guest_verify, "POST", "/api/v1/guest/otp/verify",
           json{{"challenge_id", m.nav.challenge_id}, {"code", v->code}}.dump());
  } else if (const auto* s = std::get_if<intent::StaffSignIn>(&intent)) {
    if (m.signing_in) return;
    m.signing_in = true;
    m.staff_error = {};
    c.send(Call::staff_login, "POST", "/api/v1/staff/login", json{{"email", s->email}, {"password", s->password}}.dump());
  }
}

}  // namespace foxo::client::core
