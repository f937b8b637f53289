#include "app/app.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "ui/textures.hpp"
#include "ui/widgets.hpp"

namespace foxo::client {

using nlohmann::json;

namespace {

constexpr const char* kOutboxKey = "foxo.outbox.v1";

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

const json& member(const json& j, const char* key) {
  static const json null;
  if (!j.is_object()) return null;
  auto it = j.find(key);
  return it != j.end() ? *it : null;
}

FieldError error_of(const net::Response& r, const char* fallback) {
  FieldError e;
  if (r.status == 0) {
    e.message = "No connection. Check your network and try again.";
    return e;
  }
  json j = parse(r.body);
  const json& err = member(j, "error");
  e.field = str(err, "field");
  e.message = str(err, "message");
  if (e.message.empty()) e.message = fallback;
  return e;
}

std::string error_code(const net::Response& r) { return str(member(parse(r.body), "error"), "code"); }

std::vector<std::pair<std::string, std::string>> identifiers_of(const json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it->is_string()) out.emplace_back(it.key(), it->get<std::string>());
  return out;
}

CaseSummary summary_of(const json& c) {
  CaseSummary s;
  s.id = str(c, "id");
  s.subject = str(c, "subject");
  s.status = str(c, "status");
  s.team_slug = str(member(c, "team"), "slug");
  s.team_name = str(member(c, "team"), "name");
  s.created_at = str(c, "created_at");
  s.updated_at = str(c, "updated_at");
  s.created_ms = platform::parse_time_ms(s.created_at);
  s.unread = static_cast<int>(num(c, "unread", 0));
  const json& g = member(c, "guest");
  if (g.is_object()) s.guest_name = str(g, "first_name") + " " + str(g, "last_name");
  s.identifiers = identifiers_of(member(c, "identifiers"));
  return s;
}

std::vector<CaseSummary> cases_of(const json& j) {
  std::vector<CaseSummary> out;
  const json& arr = member(j, "cases");
  if (!arr.is_array()) return out;
  for (const auto& c : arr) out.push_back(summary_of(c));
  return out;
}

Message message_of(const json& m) {
  Message out;
  out.seq = static_cast<std::int64_t>(num(m, "seq", 0));
  out.client_id = str(m, "client_id");
  out.author_kind = str(member(m, "author"), "kind");
  out.author_name = str(member(m, "author"), "name");
  out.body = str(m, "body");
  const json& att = member(m, "attachment");
  out.attachment_id = str(att, "id");
  out.attachment_name = str(att, "name");
  out.attachment_type = str(att, "content_type");
  out.attachment_size = num(att, "size", 0);
  out.created_at = str(m, "created_at");
  if (const double t = platform::parse_time_ms(out.created_at); t > 0) {
    out.time_text = platform::format_clock(t);
    out.day_key = platform::day_key(t);
    out.day_text = platform::format_day(t);
  }
  return out;
}

std::vector<IdentifierField> fields_of(const json& j) {
  std::vector<IdentifierField> out;
  const json& arr = member(j, "identifiers");
  if (!arr.is_array()) return out;
  for (const auto& f : arr) {
    IdentifierField field;
    field.key = str(f, "key");
    field.label = str(f, "label");
    field.required = f.is_object() && f.value("required", false);
    field.max_length = static_cast<int>(num(f, "max_length", 0));
    out.push_back(std::move(field));
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

std::string case_path(const std::string& id) { return "/api/v1/cases/" + path_escape(id); }

bool newer_first(const CaseSummary& a, const CaseSummary& b) { return a.updated_at > b.updated_at; }
bool older_first(const CaseSummary& a, const CaseSummary& b) { return a.created_at < b.created_at; }

// Seconds before retry number `attempts` of an unacknowledged message: 1, 2, 4 ... 30.
double retry_delay_ms(int attempts) { return 1000.0 * std::min(30.0, std::pow(2.0, std::max(0, attempts - 1))); }

std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::string megabytes(double bytes) { return std::to_string(static_cast<long long>(std::lround(bytes / 1048576.0))); }

// Image types the browser decodes for a thumbnail (HEIC mostly not: shown as a file).
bool thumbnail_type(const std::string& type) {
  return type == "image/jpeg" || type == "image/png" || type == "image/webp" || type == "image/gif";
}

}  // namespace

// ---- Start, navigation, the live stream -------------------------------------

void App::start(const std::string& path) {
  model_.camera = net::files::coarse_pointer();
  load_outbox();
  navigate(nav::RouteOpened{path});
  start_requests();
}

void App::set_clock(double now_ms, double wall_ms, int today_key, int yesterday_key, bool page_visible) {
  model_.now_ms = now_ms;
  model_.wall_ms = wall_ms;
  model_.today_key = today_key;
  model_.yesterday_key = yesterday_key;
  page_visible_ = page_visible;
}

void App::start_requests() {
  model_.connection_problem.clear();
  net::send(net::Call::health, "GET", "/api/v1/health");
  const NavState& n = model_.nav;
  if (n.side == Side::staff) {
    net::send(net::Call::staff_me, "GET", "/api/v1/staff/me");
    return;
  }
  if (!n.team.empty()) net::send(net::Call::team, "GET", "/api/v1/teams/" + path_escape(n.team));
  if (!n.resume_token.empty()) {
    model_.resume_token = n.resume_token;
    net::send(net::Call::guest_resume, "POST", "/api/v1/guest/resume", json{{"token", n.resume_token}}.dump());
  } else {
    net::send(net::Call::guest_me, "GET", "/api/v1/guest/me");
  }
}

bool App::signed_in() const {
  switch (model_.nav.screen) {
    case Screen::home:
    case Screen::new_chat:
    case Screen::identifiers:
    case Screen::chat:
    case Screen::staff_queue:
    case Screen::staff_case: return true;
    default: return false;
  }
}

void App::navigate(const NavEvent& e) {
  const NavState before = model_.nav;
  model_.nav = update(model_.nav, e);
  if (model_.nav.screen != before.screen) on_enter(model_.nav.screen);
  const bool case_screen = model_.nav.screen == Screen::chat || model_.nav.screen == Screen::staff_case;
  if (case_screen && (model_.nav.case_id != model_.open_case.id)) open_case(model_.nav.case_id);
  if (!case_screen && !model_.open_case.id.empty()) model_.open_case = OpenCase{};
  update_stream();
}

void App::update_stream() {
  if (signed_in()) {
    if (!net::events_wanted()) {
      net::events_open("/api/v1/events");
      model_.live = Live::connecting;
    }
  } else if (net::events_wanted()) {
    net::events_close();
    model_.live = Live::off;
  }
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
      ui_.identifier_errors.clear();
      model_.create_error = {};
      break;
    case Screen::staff_login:
      ui_.focus_next = "Email";
      break;
    case Screen::staff_queue:
      refresh_lists();
      break;
    default:
      break;
  }
}

void App::open_case(const std::string& id) {
  model_.open_case = OpenCase{};
  model_.open_case.id = id;
  model_.case_problem.clear();
  model_.closing = model_.claiming = model_.requesting_close = false;
  ui_.message.clear();
  ui_.confirm_close = false;
  ui_.menu_open = false;
  ui_.transcript_count = 0;
  ui_.transcript_stuck = true;
  seen_case_ = id;
  seen_sent_ = 0;
  if (!id.empty()) load_case(false);
}

void App::refresh_lists() {
  if (is_staff()) {
    net::send(net::Call::staff_queue, "GET", "/api/v1/staff/queue");
    net::send(net::Call::staff_cases, "GET", "/api/v1/staff/cases?status=all");
  } else {
    net::send(net::Call::guest_cases, "GET", "/api/v1/guest/cases");
  }
}

void App::load_case(bool only_new) {
  const OpenCase& c = model_.open_case;
  if (c.id.empty()) return;
  std::string path = case_path(c.id);
  if (only_new && c.loaded) path += "?after=" + std::to_string(c.last_seq());
  net::send(net::Call::case_get, "GET", path, {}, c.id);
}

void App::send_code(bool resend) {
  model_.sending_code = true;
  model_.register_error = {};
  model_.code_error = {};
  json body{{"team", model_.nav.team},
            {"first_name", model_.first_name},
            {"last_name", model_.last_name},
            {"phone", model_.phone}};
  // A resend stays on the same challenge, so its wrong-try count carries on
  // (a new challenge would start again at zero).
  if (resend && !model_.nav.challenge_id.empty()) body["challenge_id"] = model_.nav.challenge_id;
  net::send(net::Call::guest_otp, "POST", "/api/v1/guest/otp", body.dump());
}

// ---- Cases and messages ---------------------------------------------------------

void App::merge_case(const std::string& body) {
  const json j = parse(body);
  OpenCase& c = model_.open_case;
  if (str(j, "id") != c.id || c.id.empty()) return;
  c.loaded = true;
  c.missing = false;
  c.subject = str(j, "subject");
  c.status = str(j, "status");
  c.team_slug = str(member(j, "team"), "slug");
  c.team_name = str(member(j, "team"), "name");
  const json& g = member(j, "guest");
  c.guest_first = str(g, "first_name");
  c.guest_last = str(g, "last_name");
  c.guest_phone = str(g, "phone");
  c.identifiers = identifiers_of(member(j, "identifiers"));
  const json& a = member(j, "assignee");
  c.assignee_id = str(a, "id");
  c.assignee_name = str(a, "name");
  c.created_at = str(j, "created_at");
  const json& msgs = member(j, "messages");
  if (msgs.is_array())
    for (const auto& m : msgs) add_message(c.id, message_of(m));
  if (CaseSummary* s = find_summary(c.id)) s->status = c.status;
  // A guest who came by a resume link has no team in the page's path: the
  // case's team is the one a new chat from here goes to.
  if (!is_staff() && model_.nav.team.empty() && !c.team_slug.empty() && model_.case_team != c.team_slug) {
    model_.case_team = c.team_slug;
    net::send(net::Call::team, "GET", "/api/v1/teams/" + path_escape(c.team_slug));
  }
  // Staff see the identifiers under their organisation's labels.
  if (is_staff() && !c.team_slug.empty() && !model_.team_fields.count(c.team_slug)) {
    model_.team_fields[c.team_slug] = {};  // asked once
    net::send(net::Call::team_fields, "GET", "/api/v1/teams/" + path_escape(c.team_slug), {}, c.team_slug);
  }
}

void App::add_message(const std::string& case_id, const Message& m) {
  if (m.seq <= 0) return;
  // Committed: whatever we still hold under that client_id is delivered.
  if (!m.client_id.empty()) {
    const auto before = model_.outbox.size();
    std::erase_if(model_.outbox,
                  [&](const Outgoing& o) { return o.case_id == case_id && o.client_id == m.client_id; });
    if (model_.outbox.size() != before) save_outbox();
  }
  OpenCase& c = model_.open_case;
  if (c.id != case_id) return;
  c.messages.emplace(m.seq, m);  // a seq already there stays as it is: never shown twice
}

CaseSummary* App::find_summary(const std::string& id) {
  for (auto* list : {&model_.cases, &model_.queue, &model_.active_cases, &model_.closing_cases, &model_.closed_cases})
    for (auto& s : *list)
      if (s.id == id) return &s;
  return nullptr;
}

void App::apply_summary(const CaseSummary& in) {
  CaseSummary s = in;
  const bool on_screen = model_.open_case.id == s.id && page_visible_ &&
                         (model_.nav.screen == Screen::chat || model_.nav.screen == Screen::staff_case);
  if (on_screen) s.unread = 0;  // marked seen right after this frame
  if (is_staff()) {
    for (auto* list : {&model_.queue, &model_.active_cases, &model_.closing_cases, &model_.closed_cases})
      std::erase_if(*list, [&](const CaseSummary& x) { return x.id == s.id; });
    if (s.status == "waiting") {
      model_.queue.push_back(s);
      std::stable_sort(model_.queue.begin(), model_.queue.end(), older_first);
    } else {
      auto& list = s.status == "active" ? model_.active_cases
                   : s.status == "close_requested" ? model_.closing_cases
                                                   : model_.closed_cases;
      list.push_back(s);
      std::stable_sort(list.begin(), list.end(), newer_first);
    }
  } else {
    std::erase_if(model_.cases, [&](const CaseSummary& x) { return x.id == s.id; });
    model_.cases.push_back(s);
    std::stable_sort(model_.cases.begin(), model_.cases.end(), newer_first);
  }
  OpenCase& c = model_.open_case;
  if (c.id == s.id && c.loaded && c.status != s.status) {
    c.status = s.status;
    // A claim changes the assignee, which the summary does not carry.
    load_case(true);
  }
}

void App::load_outbox() {
  const json j = parse(platform::store_get(kOutboxKey));
  if (!j.is_array()) return;
  for (const auto& o : j) {
    Outgoing out;
    out.case_id = str(o, "case_id");
    out.client_id = str(o, "client_id");
    out.body = str(o, "body");
    if (!out.case_id.empty() && !out.client_id.empty() && !out.body.empty()) model_.outbox.push_back(std::move(out));
  }
}

void App::save_outbox() {
  json arr = json::array();
  for (const auto& o : model_.outbox)
    if (!o.given_up) arr.push_back({{"case_id", o.case_id}, {"client_id", o.client_id}, {"body", o.body}});
  platform::store_set(kOutboxKey, arr.empty() ? std::string() : arr.dump());
}

void App::send_outgoing(Outgoing& o) {
  o.in_flight = true;
  ++o.attempts;
  net::send(net::Call::case_message, "POST", case_path(o.case_id) + "/messages",
            json{{"client_id", o.client_id}, {"body", o.body}}.dump(), o.client_id);
}

void App::after_frame() {
  if (!signed_in()) return;
  // Mark what is on screen as seen: the latest message of the open case,
  // while the page is visible.
  const OpenCase& c = model_.open_case;
  if (c.loaded && page_visible_ && !seen_in_flight_ && c.id == seen_case_ && c.last_seq() > seen_sent_) {
    seen_sent_ = c.last_seq();
    seen_in_flight_ = true;
    net::send(net::Call::case_seen, "POST", case_path(c.id) + "/seen", json{{"seq", seen_sent_}}.dump(), c.id);
    if (CaseSummary* s = find_summary(c.id)) s->unread = 0;
  }
  for (auto& o : model_.outbox)
    if (!o.in_flight && !o.given_up && model_.now_ms >= o.retry_at_ms) send_outgoing(o);
  request_thumbnails();
}

bool App::can_write() const {
  const OpenCase& c = model_.open_case;
  if (!c.loaded || c.id.empty()) return false;
  if (model_.nav.screen == Screen::chat) return c.open();
  if (model_.nav.screen == Screen::staff_case)
    return (c.status == "active" || c.status == "close_requested") && !c.assignee_id.empty() &&
           c.assignee_id == model_.staff_id;
  return false;
}

void App::request_thumbnails() {
  // Files may be dropped on the page only where they can be sent.
  const bool accept = signed_in() && can_write();
  if (accept != accepting_files_) {
    accepting_files_ = accept;
    net::files::set_accepting(accept);
    if (!accept) model_.drag_over = false;
  }
  // Thumbnails of the open case's images, a few at a time, never twice.
  int loading = 0;
  for (const auto& [id, t] : model_.thumbnails) loading += t.state == Thumbnail::State::loading;
  for (const auto& [seq, m] : model_.open_case.messages) {
    if (loading >= 3) break;
    if (m.attachment_id.empty() || !thumbnail_type(m.attachment_type) || model_.thumbnails.count(m.attachment_id))
      continue;
    const int handle = next_thumb_handle_++;
    thumb_handles_[handle] = m.attachment_id;
    model_.thumbnails[m.attachment_id] = Thumbnail{};
    // At most 14 x 10 font sizes, in canvas (device) pixels: crisp at any ratio.
    const float em = ui::em();
    net::files::thumbnail(handle, "/api/v1/attachments/" + path_escape(m.attachment_id),
                          static_cast<int>(14 * em), static_cast<int>(10 * em));
    ++loading;
  }
}

void App::start_upload(Upload& u) {
  u.problem.clear();
  u.retryable = false;
  u.sent = 0;
  u.in_flight = true;
  net::files::upload(u.number, case_path(u.case_id) + "/attachments", u.client_id);
}

// ---- Relay answers ------------------------------------------------------------------

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
        model_.organisation_name = str(member(j, "organisation"), "name");
        model_.team_name = str(member(j, "team"), "name");
        model_.subjects.clear();
        if (member(j, "subjects").is_array())
          for (const auto& s : j["subjects"])
            if (s.is_string()) model_.subjects.push_back(s.get<std::string>());
        model_.identifiers = fields_of(j);
      } else if (r.status == 404) {
        model_.team_problem = "This link does not lead to a team. Ask the organisation for its chat link.";
      }
      break;
    case net::Call::team_fields:
      if (ok) model_.team_fields[r.tag] = fields_of(j);
      break;
    case net::Call::guest_me:
      if (ok) {
        const json& g = member(j, "guest").is_object() ? member(j, "guest") : j;
        model_.guest_first = str(g, "first_name");
        model_.guest_last = str(g, "last_name");
        model_.guest_phone = str(g, "phone");
        model_.guest_name = model_.guest_first;
      }
      if (r.status == 0) model_.connection_problem = "Cannot reach the service. Check your connection.";
      else navigate(nav::SessionChecked{ok});
      break;
    case net::Call::guest_resume: {
      // r.tag "resend": the code screen asked for a new code through the link.
      const bool resend = r.tag == "resend";
      if (resend) model_.sending_code = false;
      if (ok) {
        const bool authenticated = j.value("authenticated", false);
        model_.phone_hint = str(j, "phone_hint");
        if (!authenticated) {
          model_.code_expires_at_ms = model_.now_ms + num(j, "expires_in", 600) * 1000.0;
          model_.resend_at_ms = model_.now_ms + num(j, "resend_in", 30) * 1000.0;
          model_.attempts_left = -1;
          model_.code_locked = false;
        }
        if (resend) {
          if (!authenticated) navigate(nav::CodeSent{str(j, "challenge_id")});
        } else {
          navigate(nav::ResumeAnswered{str(j, "case_id"), authenticated, str(j, "challenge_id")});
        }
        if (authenticated) model_.resume_token.clear();
      } else if (r.status == 0) {
        // No answer at all: the loading screen offers "Try again".
        if (resend) model_.code_error = error_of(r, "");
        else model_.connection_problem = "Cannot reach the service. Check your connection.";
      } else if (resend) {
        FieldError e = error_of(r, "The code could not be sent. Try again.");
        if (r.status == 429 && !r.retry_after.empty())
          e.message = "Too many codes were sent. Try again in " + r.retry_after + " seconds.";
        if (r.status == 404) e.message = "This link has expired or is not valid. Ask the team for a new one.";
        e.field = "code";
        model_.code_error = e;
      } else {
        model_.resume_token.clear();
        if (r.status == 404)
          model_.team_problem =
              "This link has expired or is not valid. Links from our text messages work until 30 days after a "
              "chat closes. Open the chat link the organisation gave you to start again.";
        else if (r.status == 429)
          model_.team_problem = "Too many codes were sent to your phone. Wait " +
                                (r.retry_after.empty() ? std::string("a minute") : r.retry_after + " seconds") +
                                " and open the link again.";
        else
          model_.team_problem = error_of(r, "This link could not be opened. Try again later.").message;
        navigate(nav::ResumeFailed{});
      }
      break;
    }
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
        const json& g = member(j, "guest");
        model_.guest_first = str(g, "first_name");
        model_.guest_last = str(g, "last_name");
        model_.guest_phone = str(g, "phone");
        model_.guest_name = model_.guest_first;
        model_.resume_token.clear();
        model_.phone_hint.clear();
        navigate(nav::CodeVerified{});
      } else {
        FieldError e = error_of(r, "That code did not work.");
        e.field = "code";
        std::string code = error_code(r);
        if (code == "otp_invalid") {
          double left = num(j, "attempts_left", -1);
          if (left < 0) left = num(member(j, "error"), "attempts_left", -1);
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
      if (ok) {
        model_.cases = cases_of(j);
        model_.cases_loaded = true;
      } else if (r.status == 401) {
        navigate(nav::SignedOut{});
      }
      break;
    case net::Call::guest_create_case:
      model_.creating_case = false;
      if (ok) {
        navigate(nav::CaseCreated{str(j, "id")});
        merge_case(r.body);
        apply_summary(summary_of(j));
      } else if (r.status == 401) {
        navigate(nav::SignedOut{});
      } else {
        model_.create_error = error_of(r, "The chat could not be started. Try again.");
      }
      break;
    case net::Call::staff_login:
      model_.signing_in = false;
      if (ok) {
        model_.staff_name = str(member(j, "staff"), "name");
        model_.staff_id = str(member(j, "staff"), "id");
        navigate(nav::StaffSignedIn{});
      } else if (r.status == 401) {
        model_.staff_error = {"password", "Email or password is not right."};
      } else {
        model_.staff_error = error_of(r, "Sign-in failed. Try again.");
      }
      break;
    case net::Call::staff_me:
      if (ok) {
        model_.staff_name = str(member(j, "staff"), "name");
        model_.staff_id = str(member(j, "staff"), "id");
        navigate(nav::SessionChecked{true});
      } else if (r.status == 0) {
        model_.connection_problem = "Cannot reach the service. Check your connection.";
      } else {
        navigate(nav::SessionChecked{false});
      }
      break;
    case net::Call::staff_queue:
      if (ok) {
        model_.queue = cases_of(j);
        model_.queue_loaded = true;
      } else if (r.status == 401) {
        navigate(nav::SignedOut{});
      }
      break;
    case net::Call::staff_cases:
      if (ok) {
        model_.active_cases.clear();
        model_.closing_cases.clear();
        model_.closed_cases.clear();
        for (auto& s : cases_of(j)) {
          if (s.status == "active") model_.active_cases.push_back(std::move(s));
          else if (s.status == "close_requested") model_.closing_cases.push_back(std::move(s));
          else if (s.status == "closed") model_.closed_cases.push_back(std::move(s));
        }
        for (auto* list : {&model_.active_cases, &model_.closing_cases, &model_.closed_cases})
          std::stable_sort(list->begin(), list->end(), newer_first);
        model_.lists_loaded = true;
      } else if (r.status == 401) {
        navigate(nav::SignedOut{});
      }
      break;
    case net::Call::staff_claim:
    case net::Call::staff_request_close:
    case net::Call::case_close: {
      const bool claim = r.call == net::Call::staff_claim;
      model_.claiming = model_.requesting_close = model_.closing = false;
      if (ok) {
        merge_case(r.body);
        apply_summary(summary_of(j));
        if (!claim) ui_.confirm_close = false;
      } else if (r.status == 401) {
        navigate(nav::SignedOut{});
      } else {
        if (claim && error_code(r) == "already_claimed")
          model_.case_problem = "Someone else claimed this case first.";
        else
          model_.case_problem = error_of(r, "That did not work. Try again.").message;
        if (r.tag == model_.open_case.id) load_case(false);
      }
      break;
    }
    case net::Call::case_get:
      if (r.tag != model_.open_case.id) break;  // the user moved on
      if (ok) merge_case(r.body);
      else if (r.status == 404) model_.open_case.missing = true;
      else if (r.status == 401) navigate(nav::SignedOut{});
      break;
    case net::Call::case_message: {
      auto it = std::find_if(model_.outbox.begin(), model_.outbox.end(),
                             [&](const Outgoing& o) { return o.client_id == r.tag; });
      if (it == model_.outbox.end()) break;
      it->in_flight = false;
      if (ok) {
        const std::string case_id = it->case_id;
        model_.outbox.erase(it);
        save_outbox();
        add_message(case_id, message_of(j));
      } else if (r.status == 0 || r.status >= 500 || r.status == 429 || r.status == 401) {
        // Not stored (or not known to be): the same client_id again later.
        it->retry_at_ms = model_.now_ms + retry_delay_ms(it->attempts);
        it->problem = r.status == 401 ? "Not sent: sign in again." : "Not sent yet. Retrying…";
        if (r.status == 401) navigate(nav::SignedOut{});
      } else {
        it->given_up = true;
        it->problem = error_code(r) == "case_closed" ? "Not sent: this chat is closed."
                                                     : "Not sent: " + error_of(r, "refused.").message;
        save_outbox();
      }
      break;
    }
    case net::Call::case_seen:
      seen_in_flight_ = false;
      break;
  }
}

// ---- Live events ----------------------------------------------------------------------

void App::apply(const net::LiveEvent& e) {
  switch (e.kind) {
    case net::LiveEvent::Kind::open:
      model_.live = Live::open;
      // Whatever happened while the stream was not open: lists and the open case.
      if (signed_in()) {
        refresh_lists();
        load_case(true);
      }
      break;
    case net::LiveEvent::Kind::down:
      if (model_.live != Live::off) model_.live = Live::reconnecting;
      break;
    case net::LiveEvent::Kind::message: {
      const json j = parse(e.data);
      const std::string case_id = str(j, "case_id");
      const Message m = message_of(member(j, "message"));
      const bool known = model_.open_case.id == case_id && model_.open_case.messages.count(m.seq);
      add_message(case_id, m);
      // Unread, until the relay's next summary says otherwise: what the other
      // side wrote in a chat not on screen.
      const bool from_other_side = is_staff() ? m.author_kind == "guest" : m.author_kind != "guest";
      const bool on_screen = model_.open_case.id == case_id && page_visible_;
      if (!known && from_other_side && !on_screen)
        if (CaseSummary* s = find_summary(case_id)) ++s->unread;
      if (CaseSummary* s = find_summary(case_id); s && m.created_at > s->updated_at) s->updated_at = m.created_at;
      break;
    }
    case net::LiveEvent::Kind::case_: {
      const CaseSummary s = summary_of(parse(e.data));
      if (!s.id.empty()) apply_summary(s);
      break;
    }
  }
}

// ---- Files (www/foxo-files.js) -------------------------------------------------------

void App::apply(const net::files::FileEvent& e) {
  using Kind = net::files::FileEvent::Kind;
  auto find = [&](int number) {
    return std::find_if(model_.uploads.begin(), model_.uploads.end(),
                        [&](const Upload& u) { return u.number == number; });
  };
  switch (e.kind) {
    case Kind::drag:
      model_.drag_over = e.over && accepting_files_;
      break;
    case Kind::file: {
      if (!can_write()) {  // the chat closed or the user left it meanwhile
        net::files::forget(e.number);
        break;
      }
      Upload u;
      u.number = e.number;
      u.case_id = model_.open_case.id;
      u.client_id = "f" + platform::random_id();
      u.name = e.name.empty() ? "file" : e.name;
      u.size = e.size;
      // Refused here what the relay would refuse anyway, without sending it.
      if (e.size <= 0) {
        u.problem = "Not sent: the file is empty.";
      } else if (e.size > model_.max_upload_bytes) {
        u.problem = "Not sent: too large (limit " + megabytes(model_.max_upload_bytes) + " MB).";
      }
      model_.uploads.push_back(u);
      if (u.problem.empty()) start_upload(model_.uploads.back());
      break;
    }
    case Kind::progress:
      if (auto it = find(e.number); it != model_.uploads.end()) it->sent = e.sent;
      break;
    case Kind::done: {
      auto it = find(e.number);
      if (it == model_.uploads.end() || e.aborted) break;  // cancelled: already gone
      it->in_flight = false;
      const net::Response r{net::Call::case_message, 0, {}, e.status, e.body, {}};
      if (e.status >= 200 && e.status < 300) {
        const std::string case_id = it->case_id;
        net::files::forget(it->number);
        model_.uploads.erase(it);
        add_message(case_id, message_of(parse(e.body)));
        break;
      }
      const std::string code = error_code(r);
      if (e.status == 413) {
        const double max = num(member(parse(e.body), "error"), "max_bytes", 0);
        if (max > 0) model_.max_upload_bytes = max;
        it->problem = "Not sent: too large (limit " + megabytes(model_.max_upload_bytes) + " MB).";
      } else if (e.status == 415) {
        it->problem = "Not sent: this type of file can't be sent (photos, PDF, Word, Excel, text).";
      } else if (code == "case_closed") {
        it->problem = "Not sent: this chat is closed.";
      } else if (e.status == 0) {
        it->problem = "Not sent: no connection. Check your network, then Retry.";
        it->retryable = true;
      } else if (e.status == 401) {
        it->problem = "Not sent: sign in again, then Retry.";
        it->retryable = true;
        navigate(nav::SignedOut{});
      } else if (e.status == -1) {
        it->problem = "Not sent: the file is no longer available. Choose it again.";
      } else {
        it->problem = "Not sent: " + error_of(r, "the service refused it.").message;
        it->retryable = e.status >= 500 || e.status == 429 || e.status == 408;
      }
      break;
    }
    case Kind::thumb: {
      auto h = thumb_handles_.find(e.handle);
      if (h == thumb_handles_.end()) break;
      Thumbnail& t = model_.thumbnails[h->second];
      thumb_handles_.erase(h);
      t.state = Thumbnail::State::failed;
      if (e.w > 0 && e.h > 0) {
        const auto px = net::files::take_pixels(e.handle, e.w, e.h);
        if (const unsigned tex = ui::make_texture(e.w, e.h, px); tex != 0) {
          t = Thumbnail{Thumbnail::State::ready, tex, e.w, e.h};
        }
      }
      break;
    }
  }
}

// ---- Intents --------------------------------------------------------------------------

void App::apply(const Intent& intent) {
  std::visit(
      [&](const auto& i) {
        using I = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<I, intent::SendCode>) {
          if (model_.sending_code) return;
          model_.first_name = i.first_name;
          model_.last_name = i.last_name;
          model_.phone = i.phone;
          send_code(/*resend=*/false);
        } else if constexpr (std::is_same_v<I, intent::ResendCode>) {
          if (model_.sending_code || model_.now_ms < model_.resend_at_ms) return;
          if (!model_.resume_token.empty()) {
            // From a resume link: name and number are the relay's; post the token again.
            model_.sending_code = true;
            model_.code_error = {};
            net::send(net::Call::guest_resume, "POST", "/api/v1/guest/resume",
                      json{{"token", model_.resume_token}}.dump(), "resend");
            return;
          }
          send_code(/*resend=*/true);
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
          navigate(nav::SubjectChosen{trimmed(i.subject)});
        } else if constexpr (std::is_same_v<I, intent::StartChat>) {
          if (model_.creating_case) return;
          json ids = json::object();
          for (const auto& [k, v] : i.identifiers)
            if (!trimmed(v).empty()) ids[k] = trimmed(v);
          model_.creating_case = true;
          model_.create_error = {};
          net::send(net::Call::guest_create_case, "POST", "/api/v1/guest/cases",
                    json{{"team", model_.nav.team.empty() ? model_.case_team : model_.nav.team},
                         {"subject", model_.nav.subject},
                         {"identifiers", ids}}
                        .dump());
        } else if constexpr (std::is_same_v<I, intent::OpenCase>) {
          ui_.menu_open = false;
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
        } else if constexpr (std::is_same_v<I, intent::SendMessage>) {
          const std::string body = trimmed(i.body);
          if (body.empty() || model_.open_case.id.empty() || !model_.open_case.open()) return;
          Outgoing o;
          o.case_id = model_.open_case.id;
          o.client_id = "c" + platform::random_id();
          o.body = body;
          model_.outbox.push_back(std::move(o));
          save_outbox();  // before sending: a reload from here on still has it
          send_outgoing(model_.outbox.back());
        } else if constexpr (std::is_same_v<I, intent::CloseCase>) {
          if (model_.closing || model_.open_case.id.empty()) return;
          model_.closing = true;
          model_.case_problem.clear();
          net::send(net::Call::case_close, "POST", case_path(model_.open_case.id) + "/close", "{}",
                    model_.open_case.id);
        } else if constexpr (std::is_same_v<I, intent::Claim>) {
          if (model_.claiming || model_.open_case.id.empty()) return;
          model_.claiming = true;
          model_.case_problem.clear();
          net::send(net::Call::staff_claim, "POST",
                    "/api/v1/staff/cases/" + path_escape(model_.open_case.id) + "/claim", "{}", model_.open_case.id);
        } else if constexpr (std::is_same_v<I, intent::PickFiles>) {
          if (can_write()) net::files::pick(i.camera);
        } else if constexpr (std::is_same_v<I, intent::CancelUpload>) {
          auto it = std::find_if(model_.uploads.begin(), model_.uploads.end(),
                                 [&](const Upload& u) { return u.number == i.number; });
          if (it == model_.uploads.end()) return;
          if (it->in_flight) net::files::cancel(it->number);
          net::files::forget(it->number);
          model_.uploads.erase(it);
        } else if constexpr (std::is_same_v<I, intent::RetryUpload>) {
          for (auto& u : model_.uploads)
            if (u.number == i.number && !u.in_flight && u.retryable) start_upload(u);
        } else if constexpr (std::is_same_v<I, intent::Download>) {
          if (!i.attachment_id.empty())
            net::files::download("/api/v1/attachments/" + path_escape(i.attachment_id), i.name);
        } else if constexpr (std::is_same_v<I, intent::RequestClose>) {
          if (model_.requesting_close || model_.open_case.id.empty()) return;
          model_.requesting_close = true;
          model_.case_problem.clear();
          net::send(net::Call::staff_request_close, "POST",
                    "/api/v1/staff/cases/" + path_escape(model_.open_case.id) + "/request-close", "{}",
                    model_.open_case.id);
        }
      },
      intent);
}

// ---- Derived views ----------------------------------------------------------------------

double App::next_wakeup_ms() const {
  const double now = model_.now_ms;
  double next = 0;
  auto consider = [&](double t) {
    if (t > now && (next == 0 || t < next)) next = t;
  };
  // A message waiting for its retry.
  for (const auto& o : model_.outbox)
    if (!o.in_flight && !o.given_up) consider(std::max(o.retry_at_ms, now + 1));
  const Screen s = model_.nav.screen;
  if (s == Screen::code) {
    // The resend countdown shows whole seconds and the expiry whole minutes:
    // wake at the next change of either, not every frame.
    auto at_change = [&](double at, double step) {
      if (at <= now) return;
      double until_change = std::fmod(at - now, step);
      if (until_change < 1) until_change = step;
      consider(now + until_change + 1);
    };
    at_change(model_.resend_at_ms, 1000);
    at_change(model_.code_expires_at_ms, 60 * 1000);
  }
  if ((s == Screen::staff_queue || s == Screen::staff_case) && !model_.queue.empty()) {
    // Waiting times are shown in whole minutes: one frame a minute.
    consider(now + (60000.0 - std::fmod(model_.wall_ms, 60000.0)) + 50);
  }
  return next;
}

std::string App::title() const {
  int unread = 0;
  if (is_staff()) {
    for (const auto* list : {&model_.queue, &model_.active_cases, &model_.closing_cases})
      for (const auto& c : *list) unread += c.unread;
  } else {
    for (const auto& c : model_.cases) unread += c.unread;
  }
  return unread > 0 ? "(" + std::to_string(unread) + ") Foxo" : "Foxo";
}

std::vector<std::string> App::live_lines() const {
  std::vector<std::string> out;
  const Screen s = model_.nav.screen;
  if ((s == Screen::chat || s == Screen::staff_case) && model_.open_case.loaded) {
    const OpenCase& c = model_.open_case;
    for (const auto& [seq, m] : c.messages) {
      std::string who = m.author_name.empty() ? (m.author_kind == "system" ? "Foxo" : "Unknown") : m.author_name;
      if (!m.attachment_id.empty())
        out.push_back(who + ": " + m.attachment_name + " (" + file_size_text(m.attachment_size) + ")");
      else
        out.push_back(who + ": " + m.body);
    }
    for (const auto& o : model_.outbox)
      if (o.case_id == c.id) out.push_back((o.problem.empty() ? "Sending: " : "Not sent yet: ") + o.body);
    for (const auto& u : model_.uploads)
      if (u.case_id == c.id) out.push_back(u.problem.empty() ? "Sending file: " + u.name : u.name + ": " + u.problem);
    if (c.status == "close_requested") out.push_back("The team asked to close this chat.");
    if (c.status == "closed") out.push_back("This chat is closed.");
    if (!model_.case_problem.empty()) out.push_back(model_.case_problem);
    return out;
  }
  // The code screen says where the code went (from a resume link: the masked number).
  if (s == Screen::code) {
    const std::string to = !model_.phone_hint.empty() ? model_.phone_hint : model_.phone;
    out.push_back(to.empty() ? "We sent a 6-digit code to your mobile." : "We sent a code to " + to + ".");
  }
  // Until a transcript is shown, screen readers hear the errors the canvas shows.
  for (const FieldError* e : {&model_.register_error, &model_.code_error, &model_.staff_error, &model_.create_error})
    if (e->any()) out.push_back(e->message);
  if (!model_.connection_problem.empty()) out.push_back(model_.connection_problem);
  if (!model_.team_problem.empty()) out.push_back(model_.team_problem);
  return out;
}

}  // namespace foxo::client
