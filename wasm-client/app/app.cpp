#include "app/app.hpp"

#include <cctype>
#include <cmath>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace foxo::client {

using nlohmann::json;

namespace {

json parse(const std::string& body) {
  // Never throws: a body that is not JSON (a proxy's error page) reads as null.
  return json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string str(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double num(const json& j, const char* key, double fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

FieldError error_of(const net::Response& r, const char* fallback) {
  FieldError e;
  if (r.status == 0) {
    e.message = "No connection. Check your network and try again.";
    return e;
  }
  json j = parse(r.body);
  const json& err = j.is_object() && j.contains("error") ? j["error"] : json();
  e.field = str(err, "field");
  e.message = str(err, "message");
  if (e.message.empty()) e.message = fallback;
  return e;
}

std::string error_code(const net::Response& r) {
  json j = parse(r.body);
  return j.is_object() && j.contains("error") ? str(j["error"], "code") : std::string();
}

std::vector<CaseSummary> cases_of(const json& j) {
  std::vector<CaseSummary> out;
  if (!j.is_object() || !j.contains("cases") || !j["cases"].is_array()) return out;
  for (const auto& c : j["cases"]) {
    CaseSummary s;
    s.id = str(c, "id");
    s.subject = str(c, "subject");
    s.status = str(c, "status");
    if (c.contains("team")) s.team_name = str(c["team"], "name");
    s.unread = static_cast<int>(num(c, "unread", 0));
    out.push_back(std::move(s));
  }
  return out;
}

std::string path_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

void App::start(const std::string& path) {
  navigate(nav::RouteOpened{path});
  start_requests();
}

void App::start_requests() {
  model_.connection_problem.clear();
  net::send(net::Call::health, "GET", "/api/v1/health");
  const NavState& n = model_.nav;
  if (n.side == Side::staff) {
    // There is no staff "me": the queue answers 401 without a session.
    net::send(net::Call::staff_queue, "GET", "/api/v1/staff/queue");
    return;
  }
  if (!n.team.empty()) net::send(net::Call::team, "GET", "/api/v1/teams/" + path_escape(n.team));
  if (!n.resume_token.empty()) {
    net::send(net::Call::guest_resume, "POST", "/api/v1/guest/resume", json{{"token", n.resume_token}}.dump());
  } else {
    net::send(net::Call::guest_me, "GET", "/api/v1/guest/me");
  }
}

void App::navigate(const NavEvent& e) {
  Screen before = model_.nav.screen;
  model_.nav = update(model_.nav, e);
  if (model_.nav.screen != before) on_enter(model_.nav.screen);
}

void App::on_enter(Screen s) {
  ui_.menu_open = false;
  switch (s) {
    case Screen::guest_register:
      ui_.focus_next = "First name";
      break;
    case Screen::code:
      ui_.code.clear();
      ui_.focus_next = "Code";
      break;
    case Screen::home:
      net::send(net::Call::guest_cases, "GET", "/api/v1/guest/cases");
      break;
    case Screen::new_chat:
      ui_.subject.clear();
      break;
    case Screen::identifiers:
      // Name and phone come from the verified guest; the rest starts empty.
      ui_.identifier_values.clear();
      break;
    case Screen::staff_login:
      ui_.focus_next = "Email";
      break;
    case Screen::staff_queue:
      if (model_.queue_loaded) net::send(net::Call::staff_queue, "GET", "/api/v1/staff/queue");
      break;
    default:
      break;
  }
}

void App::send_code() {
  model_.sending_code = true;
  model_.register_error = {};
  model_.code_error = {};
  net::send(net::Call::guest_otp, "POST", "/api/v1/guest/otp",
            json{{"team", model_.nav.team},
                 {"first_name", model_.first_name},
                 {"last_name", model_.last_name},
                 {"phone", model_.phone}}
                .dump());
}

void App::apply(const net::Response& r) {
  json j = parse(r.body);
  const bool ok = r.status >= 200 && r.status < 300;
  switch (r.call) {
    case net::Call::health:
      if (ok && j.is_object() && j.value("dev", false)) model_.dev = true;
      if (r.status == 0) model_.connection_problem = "Cannot reach the service. Check your connection.";
      break;
    case net::Call::team:
      if (ok) {
        model_.team_loaded = true;
        if (j.contains("organisation")) model_.organisation_name = str(j["organisation"], "name");
        if (j.contains("team")) model_.team_name = str(j["team"], "name");
        model_.subjects.clear();
        if (j.contains("subjects") && j["subjects"].is_array())
          for (const auto& s : j["subjects"])
            if (s.is_string()) model_.subjects.push_back(s.get<std::string>());
        model_.identifiers.clear();
        if (j.contains("identifiers") && j["identifiers"].is_array())
          for (const auto& f : j["identifiers"]) {
            IdentifierField field;
            field.key = str(f, "key");
            field.label = str(f, "label");
            field.required = f.is_object() && f.value("required", false);
            field.max_length = static_cast<int>(num(f, "max_length", 0));
            model_.identifiers.push_back(std::move(field));
          }
      } else if (r.status == 404) {
        model_.team_problem = "This link does not lead to a team. Ask the organisation for its chat link.";
      }
      break;
    case net::Call::guest_me:
      if (ok) {
        model_.guest_name = str(j, "first_name");
        if (model_.guest_name.empty() && j.contains("guest")) model_.guest_name = str(j["guest"], "first_name");
      }
      if (r.status == 0) model_.connection_problem = "Cannot reach the service. Check your connection.";
      else navigate(nav::SessionChecked{ok});
      break;
    case net::Call::guest_resume:
      if (ok) {
        navigate(nav::ResumeAnswered{str(j, "case_id"), j.value("authenticated", false), str(j, "challenge_id")});
        if (!j.value("authenticated", false)) {
          model_.code_expires_at_ms = model_.now_ms + 600 * 1000.0;
          model_.resend_at_ms = model_.now_ms + 30 * 1000.0;
        }
      } else {
        navigate(nav::ResumeFailed{});
      }
      break;
    case net::Call::guest_otp:
      model_.sending_code = false;
      if (ok) {
        model_.code_expires_at_ms = model_.now_ms + num(j, "expires_in", 600) * 1000.0;
        model_.resend_at_ms = model_.now_ms + num(j, "resend_in", 30) * 1000.0;
        model_.attempts_left = -1;
        model_.code_locked = false;
        navigate(nav::CodeSent{str(j, "challenge_id")});
      } else {
        FieldError e = error_of(r, "The code could not be sent. Try again.");
        if (r.status == 429 && !r.retry_after.empty())
          e.message = "Too many codes were sent. Try again in " + r.retry_after + " seconds.";
        if (model_.nav.screen == Screen::code) model_.code_error = e;
        else model_.register_error = e;
      }
      break;
    case net::Call::guest_verify:
      model_.verifying = false;
      if (ok) {
        if (j.contains("guest")) model_.guest_name = str(j["guest"], "first_name");
        navigate(nav::CodeVerified{});
      } else {
        FieldError e = error_of(r, "That code did not work.");
        e.field = "code";
        std::string code = error_code(r);
        if (code == "otp_invalid") {
          double left = num(j, "attempts_left", -1);
          if (left < 0 && j.contains("error")) left = num(j["error"], "attempts_left", -1);
          model_.attempts_left = static_cast<int>(left);
          e.message = "That code is not right.";
        } else if (code == "otp_locked") {
          model_.code_locked = true;
          model_.attempts_left = 0;
          e.message = "Too many wrong codes. Send a new code.";
        } else if (code == "otp_expired") {
          model_.code_expires_at_ms = model_.now_ms;
          e.message = "This code has expired. Send a new code.";
        }
        model_.code_error = e;
      }
      break;
    case net::Call::guest_cases:
      if (ok) model_.cases = cases_of(j);
      else if (r.status == 401) navigate(nav::SignedOut{});
      break;
    case net::Call::guest_create_case:
      if (ok) navigate(nav::CaseCreated{str(j, "id")});
      else if (r.status == 401) navigate(nav::SignedOut{});
      break;
    case net::Call::staff_login:
      model_.signing_in = false;
      if (ok) {
        if (j.contains("staff")) model_.staff_name = str(j["staff"], "name");
        model_.queue_loaded = true;  // entering the queue fetches it
        navigate(nav::StaffSignedIn{});
      } else if (r.status == 401) {
        model_.staff_error = {"password", "Email or password is not right."};
      } else {
        model_.staff_error = error_of(r, "Sign-in failed. Try again.");
      }
      break;
    case net::Call::staff_queue:
      if (ok) {
        model_.queue = cases_of(j);
        model_.queue_loaded = true;
        navigate(nav::SessionChecked{true});
      } else if (r.status == 401) {
        if (model_.nav.screen == Screen::loading) navigate(nav::SessionChecked{false});
        else navigate(nav::SignedOut{});
      } else if (r.status == 0) {
        model_.connection_problem = "Cannot reach the service. Check your connection.";
      }
      break;
  }
}

void App::apply(const Intent& intent) {
  std::visit(
      [&](const auto& i) {
        using I = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<I, intent::SendCode>) {
          if (model_.sending_code) return;
          model_.first_name = i.first_name;
          model_.last_name = i.last_name;
          model_.phone = i.phone;
          send_code();
        } else if constexpr (std::is_same_v<I, intent::ResendCode>) {
          if (model_.sending_code || model_.now_ms < model_.resend_at_ms) return;
          send_code();
        } else if constexpr (std::is_same_v<I, intent::VerifyCode>) {
          if (model_.verifying) return;
          model_.verifying = true;
          model_.code_error = {};
          net::send(net::Call::guest_verify, "POST", "/api/v1/guest/otp/verify",
                    json{{"challenge_id", model_.nav.challenge_id}, {"code", i.code}}.dump());
        } else if constexpr (std::is_same_v<I, intent::ChangeNumber>) {
          navigate(nav::ChangeNumber{});
        } else if constexpr (std::is_same_v<I, intent::NewChat>) {
          navigate(nav::NewChatRequested{});
        } else if constexpr (std::is_same_v<I, intent::ChooseSubject>) {
          navigate(nav::SubjectChosen{i.subject});
        } else if constexpr (std::is_same_v<I, intent::StartChat>) {
          json ids = json::object();
          for (const auto& [k, v] : i.identifiers)
            if (!v.empty()) ids[k] = v;
          net::send(net::Call::guest_create_case, "POST", "/api/v1/guest/cases",
                    json{{"team", model_.nav.team}, {"subject", model_.nav.subject}, {"identifiers", ids}}.dump());
        } else if constexpr (std::is_same_v<I, intent::OpenCase>) {
          navigate(nav::CaseOpened{i.case_id});
        } else if constexpr (std::is_same_v<I, intent::Back>) {
          navigate(nav::Back{});
        } else if constexpr (std::is_same_v<I, intent::StaffSignIn>) {
          if (model_.signing_in) return;
          model_.signing_in = true;
          model_.staff_error = {};
          net::send(net::Call::staff_login, "POST", "/api/v1/staff/login",
                    json{{"email", i.email}, {"password", i.password}}.dump());
        } else if constexpr (std::is_same_v<I, intent::Retry>) {
          start_requests();
        }
      },
      intent);
}

double App::next_wakeup_ms() const {
  if (model_.nav.screen != Screen::code) return 0;
  // The resend countdown shows whole seconds and the expiry whole minutes:
  // wake at the next change of either, not every frame.
  const double now = model_.now_ms;
  double next = 0;
  auto consider = [&](double at, double step) {
    if (at <= now) return;
    double remaining = at - now;
    double until_change = std::fmod(remaining, step);
    if (until_change < 1) until_change = step;
    double t = now + until_change + 1;
    if (next == 0 || t < next) next = t;
  };
  consider(model_.resend_at_ms, 1000);
  consider(model_.code_expires_at_ms, 60 * 1000);
  return next;
}

}  // namespace foxo::client
