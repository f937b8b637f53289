// The staff console's lists beyond the first page (issue 20): the filter
// (Mine, Unassigned, All, asked of the relay as `assignee=`), paging through
// the relay's `next` cursor with Show more, search (`q=`, asked once typing
// pauses or on Enter, paged the same way), and the identifier labels of every
// team a listed case belongs to, so a line never shows a raw key.
#include <algorithm>

#include "app/decode.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

namespace {

// Typing pauses this long before a search is asked: one request per word, not per letter.
constexpr double kSearchPauseMs = 400;
// Cases per page of the lists and of search (the relay's default is 50, at most 200).
constexpr int kPage = 50;

const char* assignee_param(ListFilter f) {
  switch (f) {
    case ListFilter::mine: return "&assignee=me";
    case ListFilter::unassigned: return "&assignee=none";
    case ListFilter::all: return "";
  }
  return "";
}


std::string search_path(const Model& m, const std::string& before) {
  std::string p = "/api/v1/staff/cases?status=all&q=" + path_escape(m.search.query) +
                  assignee_param(m.list_filter) + "&limit=" + std::to_string(kPage);
  if (!before.empty()) p += "&before=" + path_escape(before);
  return p;
}

// Search tags: "1" + query for a first page, "2" + query for the next.
void ask_search(Ctx& c, bool more) {
  SearchModel& s = c.m().search;
  if (s.query.empty() || s.loading || (more && s.next.empty())) return;
  s.loading = true;
  s.problem.clear();
  c.send(Call::staff_search, "GET", search_path(c.m(), more ? s.next : std::string()), {},
         (more ? "2" : "1") + s.query);
}

void start_search(Ctx& c) {
  SearchModel& s = c.m().search;
  s.due_ms = 0;
  const std::string q = trimmed(s.typed);
  if (q == s.query && (s.loaded || s.loading)) return;
  s.query = q;
  s.results.clear();
  s.next.clear();
  s.loaded = false;
  s.loading = false;  // an answer for an earlier query is dropped by its tag
  s.problem.clear();
  ask_search(c, false);
}

void add_page(Ctx& c, std::vector<ListedCase> page) {
  Model& m = c.m();
  for (auto& s : page) {
    want_labels(c, s.team.slug);
    for (auto* list : {&m.active_cases, &m.closing_cases, &m.closed_cases})
      std::erase_if(*list, [&](const ListedCase& x) { return x.id == s.id; });
    switch (s.state) {
      case CaseStatus::active: m.active_cases.push_back(std::move(s)); break;
      case CaseStatus::close_requested: m.closing_cases.push_back(std::move(s)); break;
      case CaseStatus::closed: m.closed_cases.push_back(std::move(s)); break;
      case CaseStatus::waiting: break;  // the queue's (GET /staff/queue)
    }
  }
}

}  // namespace

std::string lists_tag(const Model& m) {
  switch (m.list_filter) {
    case ListFilter::mine: return "mine";
    case ListFilter::unassigned: return "none";
    case ListFilter::all: return "all";
  }
  return "all";
}

std::string staff_cases_path(const Model& m, const std::string& before) {
  std::string p = "/api/v1/staff/cases?status=all" + std::string(assignee_param(m.list_filter)) +
                  "&limit=" + std::to_string(kPage);
  if (!before.empty()) p += "&before=" + path_escape(before);
  return p;
}

void want_labels(Ctx& c, const std::string& team_slug) {
  Model& m = c.m();
  if (team_slug.empty() || m.team_fields.count(team_slug)) return;
  m.team_fields[team_slug] = {};  // asked once
  c.send(Call::team_fields, "GET", team_path(team_slug), {}, team_slug);
}

void lists_first_page(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.lists_next = decode::next_cursor(r.body);
  m.lists_more_loading = false;
  for (const auto* list : {&m.queue, &m.active_cases, &m.closing_cases, &m.closed_cases})
    for (const auto& s : *list) want_labels(c, s.team.slug);
}

bool lists_take_summary(Ctx& c, const ListedCase& s) {
  Model& m = c.m();
  const bool mine_to_see =
      m.staff_teams.empty() || std::find(m.staff_teams.begin(), m.staff_teams.end(), s.team.slug) != m.staff_teams.end();
  auto& results = m.search.results;
  if (!mine_to_see) {
    std::erase_if(results, [&](const ListedCase& x) { return x.id == s.id; });
    return false;
  }
  want_labels(c, s.team.slug);
  // A result changes in place; search does not grow from live events (it
  // answers the query as asked).
  for (auto& x : results)
    if (x.id == s.id) x = s;
  return true;
}

void lists_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  if (r.call == Call::staff_cases_more) {
    if (r.tag != lists_tag(m)) return;  // asked under another filter
    m.lists_more_loading = false;
    if (ok(r)) {
      add_page(c, decode::case_list(r.body, c.env.locale));
      m.lists_next = decode::next_cursor(r.body);
    } else if (r.status == 401) {
      navigate(c, nav::SignedOut{});
    }
    return;
  }
  assert(r.call == Call::staff_search && "update.cpp routes only paging and search answers here");
  SearchModel& s = m.search;
  if (r.tag.size() < 1 || r.tag.substr(1) != s.query) return;  // a query since replaced
  s.loading = false;
  if (ok(r)) {
    auto page = decode::case_list(r.body, c.env.locale);
    if (r.tag[0] == '1') s.results.clear();
    for (auto& x : page) {
      want_labels(c, x.team.slug);
      std::erase_if(s.results, [&](const ListedCase& y) { return y.id == x.id; });
      s.results.push_back(std::move(x));
    }
    s.next = decode::next_cursor(r.body);
    s.loaded = true;
  } else if (r.status == 401) {
    navigate(c, nav::SignedOut{});
  } else {
    s.problem = error_of(r, "Search did not work. Try again.").message;
  }
}

void lists_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* f = std::get_if<intent::FilterLists>(&intent)) {
    if (f->filter == m.list_filter) return;
    m.list_filter = f->filter;
    m.lists_next.clear();
    m.lists_more_loading = false;
    c.send(Call::staff_cases, "GET", staff_cases_path(m), {}, lists_tag(m));
    if (!m.search.query.empty()) {
      m.search.loaded = false;
      m.search.loading = false;
      start_search(c);
    }
  } else if (std::holds_alternative<intent::ShowMoreCases>(intent)) {
    if (m.lists_next.empty() || m.lists_more_loading) return;
    m.lists_more_loading = true;
    c.send(Call::staff_cases_more, "GET", staff_cases_path(m, m.lists_next), {}, lists_tag(m));
  } else if (const auto* t = std::get_if<intent::SearchTyped>(&intent)) {
    SearchModel& s = m.search;
    s.typed = t->text;
    if (trimmed(s.typed).empty()) {
      // Cleared: back to the lists.
      s = SearchModel{};
    } else if (t->now) {
      start_search(c);
    } else {
      s.due_ms = m.now_ms + kSearchPauseMs;
    }
  } else if (std::holds_alternative<intent::ShowMoreResults>(intent)) {
    ask_search(c, true);
  }
}

void lists_after_frame(Ctx& c) {
  const Model& m = c.m();
  if (m.search.due_ms > 0 && m.now_ms >= m.search.due_ms) start_search(c);
}

}  // namespace foxo::client::core
